// A page of questions as the core shows it, with progress and the way back and on. Typed answers
// are kept here while being typed and saved when the field loses focus, or before moving on.

import PanduCore
import SwiftUI

/// One page of a visit or report.
struct PageStep: View {
    let page: PageView
    let model: SessionModel
    let location: LocationService
    /// Answers typed but not saved yet, by question id.
    @State private var edits: [String: Answer?] = [:]
    @FocusState private var focus: String?

    var body: some View {
        List {
            Section {
                Text("Halaman \(Int(page.number)) dari \(Int(page.count))").font(.subheadline)
                ProgressView(value: Double(page.progress.answered), total: Double(max(page.progress.required, 1)))
                if !page.progress.missingEvidence.isEmpty {
                    Text("Foto bukti yang belum diambil: \(page.progress.missingEvidence.count)")
                        .font(.footnote).foregroundStyle(.orange)
                }
            } header: {
                CoreText(page.title).font(.title3.bold()).textCase(nil)
            }
            ForEach(page.questions, id: \.id) { question in
                QuestionRow(
                    question: question, problems: model.problems[question.id] ?? [],
                    model: model, location: location, focus: $focus
                ) { edits[question.id] = $0 }
            }
        }
        .safeAreaInset(edge: .bottom) { buttons }
        .onChange(of: focus) { left, _ in
            if let left { Task { await save(left) } }
        }
        .toolbar {
            ToolbarItemGroup(placement: .keyboard) {
                Spacer()
                Button("Selesai") { focus = nil }
            }
        }
    }

    private var buttons: some View {
        HStack {
            Button { move(forward: false) } label: {
                Text("Kembali").frame(maxWidth: .infinity, minHeight: 44)
            }
            .buttonStyle(.bordered)
            .disabled(!page.canGoBack)
            Button { move(forward: true) } label: {
                Text("Berikutnya").frame(maxWidth: .infinity, minHeight: 44)
            }
            .buttonStyle(.borderedProminent)
        }
        .padding()
        .background(.bar)
    }

    /// Save what is typed, then go.
    private func move(forward: Bool) {
        focus = nil
        Task {
            for id in Array(edits.keys) { await save(id) }
            if forward { await model.next() } else { await model.back() }
        }
    }

    private func save(_ questionId: String) async {
        guard let edit = edits.removeValue(forKey: questionId) else { return }
        await model.answer(questionId, edit)
    }
}

/// One question: its label, hint, input for its kind, and the core's problems with it.
struct QuestionRow: View {
    let question: QuestionView
    let problems: [Problem]
    let model: SessionModel
    let location: LocationService
    let focus: FocusState<String?>.Binding
    /// A typed answer changed (saved by the page later).
    let onEdit: (Answer?) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            HStack(alignment: .firstTextBaseline) {
                CoreText(question.label).font(.headline)
                if question.required { Text(verbatim: "*").foregroundStyle(.red) }
            }
            if let hint = question.hint { CoreText(hint).font(.footnote).foregroundStyle(.secondary) }
            input
            ForEach(problems, id: \.code) { problem in
                CoreText(problem.text).font(.footnote)
                    .foregroundStyle(problem.severity == .error ? Color.red : Color.orange)
            }
        }
        .padding(.vertical, 4)
    }

    @ViewBuilder
    private var input: some View {
        switch question.kind {
        case .selectOne:
            ForEach(question.choices, id: \.value) { choice in
                ChoiceRow(label: choice.label, selected: choice.selected) { save(.choice(value: choice.value)) }
            }
        case .selectMany:
            ForEach(question.choices, id: \.value) { choice in
                ChoiceRow(label: choice.label, selected: choice.selected, multiple: true) { toggle(choice.value) }
            }
        case .integer, .decimal, .text:
            TypedInput(question: question, focus: focus, onEdit: onEdit)
        case .date:
            DateInput(answer: question.answer) { save($0) }
        case .photo:
            PhotoQuestion(question: question, model: model, location: location)
        case .geopoint:
            GpsQuestion(answer: question.answer, location: location) { save($0) }
        case .note:
            EmptyView()
        }
    }

    private func save(_ answer: Answer?) {
        Task { await model.answer(question.id, answer) }
    }

    /// Add or remove `value` from the chosen values.
    private func toggle(_ value: String) {
        var chosen = question.choices.filter(\.selected).map(\.value)
        if let at = chosen.firstIndex(of: value) { chosen.remove(at: at) } else { chosen.append(value) }
        save(chosen.isEmpty ? nil : .choices(values: chosen))
    }
}
