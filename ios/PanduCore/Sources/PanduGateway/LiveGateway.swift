// The gateway over the real core: it owns the one PanduCore object of the process and the handle
// of the running sync (dropping that handle would cancel the sync, so it is kept until the end).

import Foundation
import PanduCore

/// The app's gateway to the core library.
@MainActor
public final class LiveGateway: CoreGateway {
    private var core: PanduCore?
    private var sync: SyncHandle?

    /// A gateway with the core not yet opened (`open` comes first).
    public init() {}

    public func open(dataDir: URL, key: Data) async throws(GatewayFailure) {
        guard core == nil else { return }
        let path = dataDir.path(percentEncoded: false)
        core = try await offMain { try PanduCore.open(dataDir: path, key: key) }
    }

    public func account() async throws(GatewayFailure) -> AccountInfo? {
        try await call { try $0.account() }
    }

    public func signIn(_ request: SignInRequest) async throws(GatewayFailure) -> AccountInfo {
        try await call { try $0.signIn(request: request) }
    }

    public func home() async throws(GatewayFailure) -> HomeScreen {
        try await call { try $0.home() }
    }

    public func search(
        _ query: HouseholdQuery, limit: UInt32
    ) async throws(GatewayFailure) -> [HouseholdHit] {
        try await call { try $0.searchHouseholds(query: query, limit: limit) }
    }

    public func household(id: String) async throws(GatewayFailure) -> HouseholdPage {
        try await call { try $0.householdPage(householdId: id) }
    }

    public func startVisit(householdId: String) async throws(GatewayFailure) -> any SessionGateway {
        try await session { try $0.startVisit(householdId: householdId) }
    }

    public func startReport(householdId: String?) async throws(GatewayFailure) -> any SessionGateway {
        try await session { try $0.startReport(householdId: householdId) }
    }

    public func resume(draftId: String) async throws(GatewayFailure) -> any SessionGateway {
        try await session { try $0.resume(draftId: draftId) }
    }

    public func thumbnail(photoId: String) async throws(GatewayFailure) -> Data {
        try await call { try $0.thumbnail(photoId: photoId) }
    }

    public func openPhotoFile(photoId: String) async throws(GatewayFailure) -> URL {
        let path = try await call { try $0.openPhotoFile(photoId: photoId) }
        return URL(filePath: path)
    }

    public func clearPhotoFiles() async throws(GatewayFailure) {
        try await call { try $0.clearPhotoFiles() }
    }

    public func outbox() async throws(GatewayFailure) -> [OutboxEntry] {
        try await call { try $0.outbox() }
    }

    public func startSync(
        _ settings: SyncSettings,
        onProgress: @escaping @MainActor @Sendable (SyncProgress) -> Void,
        onFinished: @escaping @MainActor @Sendable (SyncReport) -> Void
    ) async throws(GatewayFailure) {
        // The handle is let go once the sync ended; until then dropping it would cancel the sync.
        let listener = MainActorSyncListener(onProgress: onProgress) { [weak self] report in
            if self?.sync?.isFinished() == true { self?.sync = nil }
            onFinished(report)
        }
        sync = try await call { try $0.startSync(settings: settings, listener: listener) }
    }

    public func cancelSync() {
        sync?.cancel()
    }

    /// A sync is running (asks the handle: quick, it only reads the run's state).
    public var isSyncing: Bool { sync?.isFinished() == false }

    /// Run `work` on the open core, off the main thread.
    private func call<T: Sendable>(
        _ work: @escaping @Sendable (PanduCore) throws -> T
    ) async throws(GatewayFailure) -> T {
        guard let core else { throw GatewayFailure(PanduError.Closed(text: Self.notOpened)) }
        return try await offMain { try work(core) }
    }

    /// Start a session with `work` and wrap it for the screens.
    private func session(
        _ work: @escaping @Sendable (PanduCore) throws -> Session
    ) async throws(GatewayFailure) -> any SessionGateway {
        let opened = try await call { core in
            let session = try work(core)
            return OpenedSession(session: session, id: session.id(), kind: session.kind())
        }
        return LiveSession(opened)
    }

    /// What a call before `open` says.
    static let notOpened = BilingualText(
        id: "Data Pandu belum dibuka.", en: "Pandu's data is not open yet."
    )
}
