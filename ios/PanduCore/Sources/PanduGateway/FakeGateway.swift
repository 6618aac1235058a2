// A gateway without the core, for SwiftUI previews and tests: it answers from SampleData (or what
// a test sets), records the calls it got, and fails the next call with a chosen PanduError —
// mapped by GatewayFailure exactly as the live gateway maps the core's errors.

import Foundation
import PanduCore

/// An in-memory `CoreGateway`.
@MainActor
public final class FakeGateway: CoreGateway {
    /// The account `account()` returns; `signIn` sets it.
    public var signedIn: AccountInfo?
    /// The home screen.
    public var homeScreen = SampleData.home
    /// The families every search finds.
    public var households = [SampleData.hit]
    /// The page of every family.
    public var page = SampleData.page
    /// The outbox.
    public var entries = SampleData.outbox
    /// The events a sync tells, then its report.
    public var syncEvents = SampleData.syncProgress
    /// How a sync ends.
    public var syncReport = SampleData.syncReport
    /// The error the next call throws (then cleared).
    public var nextError: PanduError?
    /// The names of the calls made, in order.
    public private(set) var calls: [String] = []
    /// A sync tells nothing until `releaseSync()` (to cancel one mid-run in a test).
    public var holdsSync = false
    /// A sync is telling its events.
    public private(set) var isSyncing = false
    private var syncCancelled = false
    private var syncReleased = false
    private var heldSync: CheckedContinuation<Void, Never>?

    /// A fake, signed in with `SampleData.account` unless `signedIn` is `nil`.
    public init(signedIn: AccountInfo? = SampleData.account) {
        self.signedIn = signedIn
    }

    public func open(dataDir: URL, key: Data) async throws(GatewayFailure) {
        try record("open")
    }

    public func account() async throws(GatewayFailure) -> AccountInfo? {
        try record("account")
        return signedIn
    }

    public func signIn(_ request: SignInRequest) async throws(GatewayFailure) -> AccountInfo {
        try record("signIn")
        let account = AccountInfo(
            serverUrl: request.serverUrl, username: request.username, role: "peksos",
            deviceName: request.deviceName, kelurahan: [], signedIn: true
        )
        signedIn = account
        return account
    }

    public func home() async throws(GatewayFailure) -> HomeScreen {
        try record("home")
        return homeScreen
    }

    public func search(
        _ query: HouseholdQuery, limit: UInt32
    ) async throws(GatewayFailure) -> [HouseholdHit] {
        try record("search")
        return Array(households.prefix(Int(limit)))
    }

    public func household(id: String) async throws(GatewayFailure) -> HouseholdPage {
        try record("household")
        return page
    }

    public func startVisit(householdId: String) async throws(GatewayFailure) -> any SessionGateway {
        try record("startVisit")
        return FakeSession(
            kind: .visit, screens: [SampleData.consent, SampleData.visitPage, SampleData.summary]
        )
    }

    public func startReport(householdId: String?) async throws(GatewayFailure) -> any SessionGateway {
        try record("startReport")
        return FakeSession(kind: .report, screens: [SampleData.visitPage, SampleData.summary])
    }

    public func resume(draftId: String) async throws(GatewayFailure) -> any SessionGateway {
        try record("resume")
        return FakeSession(kind: .visit, screens: [SampleData.visitPage, SampleData.summary])
    }

    public func thumbnail(photoId: String) async throws(GatewayFailure) -> Data {
        try record("thumbnail")
        return Data()
    }

    /// A path in the temporary folder (no file is written).
    public func openPhotoFile(photoId: String) async throws(GatewayFailure) -> URL {
        try record("openPhotoFile")
        return URL.temporaryDirectory.appending(path: "\(photoId).jpg")
    }

    public func clearPhotoFiles() async throws(GatewayFailure) {
        try record("clearPhotoFiles")
    }

    public func outbox() async throws(GatewayFailure) -> [OutboxEntry] {
        try record("outbox")
        return entries
    }

    /// Tells `syncEvents` then `syncReport` on the main actor, each after the caller resumed, as
    /// the live gateway does; a cancel stops the events and makes the report `cancelled`.
    public func startSync(
        _ settings: SyncSettings,
        onProgress: @escaping @MainActor @Sendable (SyncProgress) -> Void,
        onFinished: @escaping @MainActor @Sendable (SyncReport) -> Void
    ) async throws(GatewayFailure) {
        try record("startSync")
        isSyncing = true
        syncCancelled = false
        syncReleased = false
        let (events, report) = (syncEvents, syncReport)
        Task { @MainActor in
            if self.holdsSync && !self.syncReleased {
                await withCheckedContinuation { self.heldSync = $0 }
            }
            for event in events where !self.syncCancelled {
                await Task.yield()
                onProgress(event)
            }
            await Task.yield()
            self.isSyncing = false
            onFinished(self.syncCancelled ? report.cancelled : report)
        }
    }

    /// Let a held sync tell its events.
    public func releaseSync() {
        syncReleased = true
        heldSync?.resume()
        heldSync = nil
    }

    public func cancelSync() {
        calls.append("cancelSync")
        syncCancelled = true
    }

    /// Note the call, and throw the error set for it.
    private func record(_ call: String) throws(GatewayFailure) {
        calls.append(call)
        if let error = nextError {
            nextError = nil
            throw GatewayFailure(error)
        }
    }
}

extension SyncReport {
    /// This report as if the sync had been cancelled.
    var cancelled: SyncReport {
        SyncReport(
            outcome: .cancelled, message: nil, pulled: pulled, sent: sent,
            waitingForMedia: waitingForMedia, setAside: setAside, photosSent: photosSent,
            recordBytes: recordBytes, photoBytes: photoBytes, mediaDeferred: mediaDeferred,
            archivedPhotos: archivedPhotos
        )
    }
}
