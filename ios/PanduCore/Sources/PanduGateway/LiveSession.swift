// A visit or report session over the real core. Each action and the screen that follows it run
// in one hop off the main thread, so a screen redraws from one consistent view model.

import PanduCore

/// A session as the core opened it, with what never changes read once, off the main thread.
struct OpenedSession: Sendable {
    let session: Session
    let id: String
    let kind: FormKind
}

/// A live `SessionGateway`.
@MainActor
final class LiveSession: SessionGateway {
    let id: String
    let kind: FormKind
    private let session: Session

    init(_ opened: OpenedSession) {
        session = opened.session
        id = opened.id
        kind = opened.kind
    }

    func screen() async throws(GatewayFailure) -> Screen {
        try await act { _ in }
    }

    func giveConsent(basis: String) async throws(GatewayFailure) -> Screen {
        try await act { try $0.giveConsent(basis: basis) }
    }

    func refuseConsent(_ signOff: SignOff) async throws(GatewayFailure) -> FinishedRecord {
        let session = session
        return try await offMain { try session.refuseConsent(signOff: signOff) }
    }

    func answer(questionId: String, value: Answer?) async throws(GatewayFailure) -> Screen {
        try await act { try $0.answer(questionId: questionId, value: value) }
    }

    func attachPhoto(
        questionId: String, capture: PhotoCapture
    ) async throws(GatewayFailure) -> Screen {
        try await act { _ = try $0.attachPhoto(questionId: questionId, capture: capture) }
    }

    func removePhoto(questionId: String) async throws(GatewayFailure) -> Screen {
        try await act { try $0.removePhoto(questionId: questionId) }
    }

    func next() async throws(GatewayFailure) -> Screen {
        try await act { try $0.next() }
    }

    func back() async throws(GatewayFailure) -> Screen {
        try await act { try $0.back() }
    }

    func finish(_ signOff: SignOff) async throws(GatewayFailure) -> FinishedRecord {
        let session = session
        return try await offMain { try session.finish(signOff: signOff) }
    }

    func discard() async throws(GatewayFailure) {
        let session = session
        try await offMain { try session.discard() }
    }

    /// Do `action` on the session, then read the screen to show, off the main thread.
    private func act(
        _ action: @escaping @Sendable (Session) throws -> Void
    ) async throws(GatewayFailure) -> Screen {
        let session = session
        return try await offMain {
            try action(session)
            return try session.screen()
        }
    }
}
