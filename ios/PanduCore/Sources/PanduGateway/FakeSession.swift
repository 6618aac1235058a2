// A session without the core, for previews and tests: it walks a fixed list of screens (consent
// or the first page, the pages, the summary) and keeps the answers it is given on the questions
// shown, so a screen under test sees its input come back as the core would show it.

import PanduCore

/// An in-memory `SessionGateway` over a list of screens.
@MainActor
public final class FakeSession: SessionGateway {
    /// A fixed draft id.
    public let id = "draft-fake"
    /// Visit or report, as made.
    public let kind: FormKind
    private var screens: [Screen]
    private var index = 0

    /// A session showing `screens` in order, from the first.
    public init(kind: FormKind, screens: [Screen]) {
        self.kind = kind
        self.screens = screens
    }

    public func screen() async throws(GatewayFailure) -> Screen {
        screens[index]
    }

    public func giveConsent(basis: String) async throws(GatewayFailure) -> Screen {
        move(by: 1)
    }

    public func refuseConsent(_ signOff: SignOff) async throws(GatewayFailure) -> FinishedRecord {
        record
    }

    public func answer(questionId: String, value: Answer?) async throws(GatewayFailure) -> Screen {
        guard case .page(let page) = screens[index] else { return screens[index] }
        screens[index] = .page(view: page.answering(questionId, with: value))
        return screens[index]
    }

    public func attachPhoto(
        questionId: String, capture: PhotoCapture
    ) async throws(GatewayFailure) -> Screen {
        try await answer(questionId: questionId, value: .photo(photoId: String(repeating: "f", count: 64)))
    }

    public func removePhoto(questionId: String) async throws(GatewayFailure) -> Screen {
        try await answer(questionId: questionId, value: nil)
    }

    public func next() async throws(GatewayFailure) -> Screen {
        move(by: 1)
    }

    public func back() async throws(GatewayFailure) -> Screen {
        move(by: -1)
    }

    public func finish(_ signOff: SignOff) async throws(GatewayFailure) -> FinishedRecord {
        record
    }

    public func discard() async throws(GatewayFailure) {}

    /// The record finishing or refusing writes.
    private var record: FinishedRecord {
        FinishedRecord(recordId: id, sha256: String(repeating: "0", count: 64))
    }

    private func move(by step: Int) -> Screen {
        index = min(max(index + step, 0), screens.count - 1)
        return screens[index]
    }
}

extension PageView {
    /// This page with `answer` as the answer of question `questionId`.
    func answering(_ questionId: String, with answer: Answer?) -> PageView {
        let questions = self.questions.map { q in
            guard q.id == questionId else { return q }
            return QuestionView(
                id: q.id, kind: q.kind, label: q.label, hint: q.hint, required: q.required,
                choices: q.choices, answer: answer, missing: q.required && answer == nil,
                maxLongSide: q.maxLongSide, evidenceFor: q.evidenceFor
            )
        }
        return PageView(
            sectionId: sectionId, title: title, number: number, count: count,
            questions: questions, progress: progress, canGoBack: canGoBack
        )
    }
}
