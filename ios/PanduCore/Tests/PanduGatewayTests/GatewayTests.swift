// The gateways as screens use them: failures arrive mapped, a sync's events arrive on the main
// actor in order and end with the report, cancelling the waiting task cancels the sync, and a
// session's input comes back in the screen that follows. The live gateway is checked where it
// needs no opened core.

import Foundation
import PanduCore
import Testing
@testable import PanduGateway

@MainActor
struct GatewayTests {
    @Test func aFailureArrivesMappedAndOnlyOnce() async throws {
        let gateway = FakeGateway()
        gateway.nextError = .SignedOut(text: SampleData.text("Masuk lagi", "Sign in again"))
        await #expect(throws: GatewayFailure.signIn(SampleData.text("Masuk lagi", "Sign in again"))) {
            try await gateway.home()
        }
        #expect(try await gateway.home() == SampleData.home)
        #expect(gateway.calls == ["home", "home"])
    }

    @Test func syncEventsArriveInOrderThenTheReport() async throws {
        let gateway = FakeGateway()
        let told = Told()
        let report = try await gateway.syncToEnd(.now(expensive: false, photosOnMobileData: false)) {
            told.events.append($0)
        }
        #expect(told.events == SampleData.syncProgress)
        #expect(report == SampleData.syncReport)
        #expect(!gateway.isSyncing)
    }

    @Test func cancellingTheTaskCancelsTheSync() async throws {
        let gateway = FakeGateway()
        gateway.holdsSync = true
        let run = Task { try await gateway.syncToEnd(SyncSettings()) }
        while !gateway.calls.contains("startSync") { await Task.yield() }
        run.cancel()
        while !gateway.calls.contains("cancelSync") { await Task.yield() }
        gateway.releaseSync()
        #expect(try await run.value.outcome == .cancelled)
    }

    @Test func aSessionShowsTheAnswerItWasGiven() async throws {
        let gateway = FakeGateway()
        let session = try await gateway.startVisit(householdId: SampleData.hit.householdId)
        guard case .consent(let consent) = try await session.screen() else {
            Issue.record("a visit opens on consent")
            return
        }
        let first = try await session.giveConsent(basis: consent.bases[0].value)
        guard case .page = first else {
            Issue.record("consent leads to the first page")
            return
        }
        let answered = try await session.answer(questionId: "floor_area_m2", value: .decimal(value: 24))
        guard case .page(let page) = answered else {
            Issue.record("answering stays on the page")
            return
        }
        let area = page.questions.first { $0.id == "floor_area_m2" }
        #expect(area?.answer == .decimal(value: 24))
        #expect(area?.missing == false)
        guard case .summary = try await session.next() else {
            Issue.record("the last page leads to the summary")
            return
        }
    }

    @Test func theLiveGatewayRefusesCallsBeforeOpen() async {
        let gateway = LiveGateway()
        await #expect(throws: GatewayFailure.report(LiveGateway.notOpened, code: "closed")) {
            try await gateway.home()
        }
        #expect(!gateway.isSyncing)
    }
}

/// The progress a sync told, kept on the main actor.
@MainActor
private final class Told {
    var events: [SyncProgress] = []
}
