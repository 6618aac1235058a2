// Text and number questions. Numbers are read in the phone's locale (Indonesian writes 12,5);
// what cannot be read as a number is passed on as text, so the core refuses it with its own
// message in both languages instead of the app inventing one.

import PanduCore
import SwiftUI
import UIKit

/// A text, whole-number or decimal question.
struct TypedInput: View {
    let question: QuestionView
    let focus: FocusState<String?>.Binding
    let onEdit: (Answer?) -> Void
    @State private var raw: String

    init(question: QuestionView, focus: FocusState<String?>.Binding, onEdit: @escaping (Answer?) -> Void) {
        self.question = question
        self.focus = focus
        self.onEdit = onEdit
        _raw = State(initialValue: Self.text(of: question.answer))
    }

    var body: some View {
        TextField("Jawaban", text: $raw, axis: question.kind == .text ? .vertical : .horizontal)
            .keyboardType(keyboard)
            .focused(focus, equals: question.id)
            .frame(minHeight: 44)
            .onChange(of: raw) { _, raw in onEdit(Self.answer(raw, kind: question.kind)) }
    }

    private var keyboard: UIKeyboardType {
        switch question.kind {
        case .integer: .numberPad
        case .decimal: .decimalPad
        default: .default
        }
    }

    /// The answer for what is typed: `nil` when blank; a number when it reads as one.
    static func answer(_ raw: String, kind: QuestionKind) -> Answer? {
        let raw = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !raw.isEmpty else { return nil }
        switch kind {
        case .integer:
            if let value = try? IntegerFormatStyle<Int64>(locale: .current).parseStrategy.parse(raw) {
                return .integer(value: value)
            }
        case .decimal:
            if let value = try? FloatingPointFormatStyle<Double>(locale: .current).parseStrategy.parse(raw) {
                return .decimal(value: value)
            }
        default:
            break
        }
        return .text(value: raw)
    }

    /// The text to show for a saved answer.
    static func text(of answer: Answer?) -> String {
        switch answer {
        case .text(let value)?: value
        case .integer(let value)?: value.formatted()
        case .decimal(let value)?: value.formatted()
        default: ""
        }
    }
}

/// A date question, saved as `YYYY-MM-DD` in the phone's time zone.
struct DateInput: View {
    let answer: Answer?
    let onAnswer: (Answer?) -> Void

    private static let format = Date.ISO8601FormatStyle(timeZone: .current).year().month().day()

    var body: some View {
        if case .date(let value)? = answer, let date = try? Self.format.parse(value) {
            DatePicker("Tanggal", selection: binding(date), displayedComponents: .date)
        } else {
            Button("Isi tanggal (hari ini)") { onAnswer(.date(value: Date.now.formatted(Self.format))) }
                .frame(minHeight: 44)
        }
    }

    private func binding(_ date: Date) -> Binding<Date> {
        Binding(get: { date }, set: { onAnswer(.date(value: $0.formatted(Self.format))) })
    }
}
