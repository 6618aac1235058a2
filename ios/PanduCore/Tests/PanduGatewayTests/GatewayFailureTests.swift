// Every error the core throws, and every way a sync can end early, maps to the one action a
// screen takes; anything else is a bug to report, with a text that carries no detail.

import PanduCore
import Testing
@testable import PanduGateway

private let text = BilingualText(id: "teks", en: "text")
private let problem = Problem(code: "answer.constraint", severity: .error, field: "q", text: text)

/// Each variant with the action it must map to.
private let everyVariant: [(PanduError, GatewayFailure)] = [
    (.Network(text: text), .retry(text)),
    (.Invalid(problems: [problem], text: text), .showMessage(text, problems: [problem])),
    (.NotFound(kind: "household", text: text), .showMessage(text, problems: [])),
    (.State(text: text), .showMessage(text, problems: [])),
    (.Locked(text: text), .report(text, code: "locked")),
    (.SignedOut(text: text), .signIn(text)),
    (.Closed(text: text), .report(text, code: "closed")),
    (.Storage(code: "storage.damaged", text: text), .report(text, code: "storage.damaged")),
]

@Test(arguments: everyVariant)
func eachCoreErrorMapsToItsAction(error: PanduError, expected: GatewayFailure) {
    #expect(GatewayFailure(error) == expected)
    #expect(GatewayFailure(error).text == text)
}

private struct SomethingElse: Error {}

@Test func anyOtherErrorIsABugToReport() {
    let failure = GatewayFailure(SomethingElse())
    #expect(failure == .report(GatewayFailure.internalText, code: "internal"))
    #expect(!failure.text.id.isEmpty && !failure.text.en.isEmpty)
}

@Test func onlyRefusedInputCarriesProblems() {
    #expect(GatewayFailure(PanduError.Invalid(problems: [problem], text: text)).problems == [problem])
    #expect(GatewayFailure(PanduError.Network(text: text)).problems.isEmpty)
}

@Test(arguments: [("en", "text"), ("en-GB", "text"), ("id", "teks"), ("id-ID", "teks"), ("fr", "teks")])
func bilingualTextFollowsTheAppLanguage(language: String, expected: String) {
    #expect(text.text(forLanguage: language) == expected)
}

@Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
func syncSettingsFollowTheNetworkAndTheSwitch(expensive: Bool, photosOnMobileData: Bool) {
    let settings = SyncSettings.now(expensive: expensive, photosOnMobileData: photosOnMobileData)
    #expect(settings.metered == expensive)
    #expect(settings.mediaOnMetered == photosOnMobileData)
    #expect(settings.attempts == 6)
}

@Test(arguments: [
    (SyncOutcome.completed, nil),
    (.cancelled, nil),
    (.network, GatewayFailure.retry(text)),
    (.signedOut, .signIn(text)),
    (.refused, .showMessage(text, problems: [])),
    (.failed, .report(text, code: "sync")),
] as [(SyncOutcome, GatewayFailure?)])
func aSyncThatEndedEarlyMapsToItsAction(outcome: SyncOutcome, expected: GatewayFailure?) {
    let report = SyncReport(
        outcome: outcome, message: text, pulled: 0, sent: 0, waitingForMedia: 0, setAside: 0,
        photosSent: 0, recordBytes: 0, photoBytes: 0, mediaDeferred: false, archivedPhotos: 0
    )
    #expect(report.failure == expected)
}
