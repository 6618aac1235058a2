// The state of an open home visit or RT/RW report: the screen the core's view model says to show,
// the problems it found with the last input (beside their questions), and whether the session
// has ended. Calls run one after another, so an answer typed just before "next" is saved first.

import Foundation
import PanduCore
import PanduGateway
import UIKit

/// A visit or report screen's state.
@MainActor
@Observable
final class SessionModel: ScreenModel {
    /// What the core says to show now.
    private(set) var screen: Screen?
    /// Visit or report, once open.
    private(set) var kind: FormKind?
    /// The core's problems with the last input, by question id (shown beside the questions).
    private(set) var problems: [String: [Problem]] = [:]
    /// The session was finished, refused or thrown away: leave the screen.
    private(set) var ended = false
    var failure: GatewayFailure?
    private let gateway: any CoreGateway
    private let start: SessionStart
    private let officer: String
    private var session: (any SessionGateway)?
    /// The call running now; the next one waits for it.
    @ObservationIgnored private var running: Task<Void, Never>?

    init(gateway: any CoreGateway, start: SessionStart, officer: String) {
        self.gateway = gateway
        self.start = start
        self.officer = officer
    }

    /// Start or resume the session (once).
    func open() async {
        guard session == nil, let session = await attempt({ try await begin() }) else { return }
        self.session = session
        kind = session.kind
        screen = await attempt { try await session.screen() }
    }

    /// Record the legal basis (consent) and go to the first page.
    func giveConsent(_ basis: String) async {
        await step { try await $0.giveConsent(basis: basis) }
    }

    /// Save (or with `nil` clear) an answer.
    func answer(_ questionId: String, _ value: Answer?) async {
        await step { try await $0.answer(questionId: questionId, value: value) }
    }

    /// Hand the camera's JPEG to the core, with the phone's position when it was taken.
    func attachPhoto(_ questionId: String, file: URL, fix: GpsFix?) async {
        let capture = PhotoCapture(path: file.path(percentEncoded: false), fix: fix?.photoFix)
        await step { try await $0.attachPhoto(questionId: questionId, capture: capture) }
    }

    /// Remove a question's photo, to retake it.
    func removePhoto(_ questionId: String) async {
        await step { try await $0.removePhoto(questionId: questionId) }
    }

    /// The next page, or the summary.
    func next() async {
        await step { try await $0.next() }
    }

    /// The previous page.
    func back() async {
        await step { try await $0.back() }
    }

    /// Finish with the officer's confirmation; the core says what still blocks it.
    func finish(confirmed: Bool) async {
        let signOff = SignOff(officer: officer, confirmed: confirmed)
        await end { _ = try await $0.finish(signOff) }
    }

    /// The family refused: only the refusal is recorded.
    func refuse() async {
        let signOff = SignOff(officer: officer, confirmed: true)
        await end { _ = try await $0.refuseConsent(signOff) }
    }

    /// Throw the draft away.
    func discard() async {
        await end { try await $0.discard() }
    }

    /// The thumbnail of a photo (nothing when it cannot be read).
    func thumbnail(_ photoId: String) async -> Data? {
        try? await gateway.thumbnail(photoId: photoId)
    }

    /// A photo at full size (decrypted to a temporary file by the core).
    func fullPhoto(_ photoId: String) async -> UIImage? {
        guard let file = await attempt({ try await gateway.openPhotoFile(photoId: photoId) }) else { return nil }
        return UIImage(contentsOfFile: file.path(percentEncoded: false))
    }

    /// Delete the temporary files of full-size photos.
    func closeFullPhotos() async {
        _ = await attempt { try await gateway.clearPhotoFiles() }
    }

    private func begin() async throws(GatewayFailure) -> any SessionGateway {
        switch start {
        case .visit(let id): try await gateway.startVisit(householdId: id)
        case .report(let id): try await gateway.startReport(householdId: id)
        case .resume(let id): try await gateway.resume(draftId: id)
        }
    }

    /// Do `action` after the call before it; show the screen it leads to, or its problems.
    private func step(
        _ action: @escaping @MainActor (any SessionGateway) async throws(GatewayFailure) -> Screen
    ) async {
        await serially { session in
            do throws(GatewayFailure) {
                self.screen = try await action(session)
                self.problems = [:]
            } catch {
                self.show(error)
            }
        }
    }

    /// Do `action`, which ends the session, after the call before it.
    private func end(
        _ action: @escaping @MainActor (any SessionGateway) async throws(GatewayFailure) -> Void
    ) async {
        await serially { session in
            if await self.attempt({ try await action(session) }) != nil { self.ended = true }
        }
    }

    private func serially(_ work: @escaping @MainActor (any SessionGateway) async -> Void) async {
        guard let session else { return }
        let previous = running
        let current = Task {
            await previous?.value
            await work(session)
        }
        running = current
        await current.value
    }

    /// Problems about questions on this page go beside them; anything else is an alert.
    private func show(_ failure: GatewayFailure) {
        let onPage = Set(currentQuestionIds)
        let byQuestion = Dictionary(grouping: failure.problems) { $0.field ?? "" }
        if !byQuestion.isEmpty, byQuestion.keys.allSatisfy(onPage.contains) {
            problems = byQuestion
        } else {
            self.failure = failure
        }
    }

    private var currentQuestionIds: [String] {
        guard case .page(let page) = screen else { return [] }
        return page.questions.map(\.id)
    }
}
