// The app's state above the screens: the core opened once with the Keychain key and the data
// folder, whether the phone must sign in, and the background sync.

import Foundation
import PanduCore
import PanduGateway

/// What the app shows at its root.
enum AppPhase {
    /// Opening the data.
    case opening
    /// The Keychain or the data folder failed before the core could open.
    case platformFailed(LocalizedStringResource)
    /// The core could not open the data.
    case failed(GatewayFailure)
    /// No account, or the office refused it: sign in.
    case signIn
    /// Signed in.
    case ready(AccountInfo)
}

/// The app's one gateway and the phase it is in.
@MainActor
@Observable
final class AppModel {
    private(set) var phase = AppPhase.opening
    /// The app's only door to the core.
    let gateway: any CoreGateway
    /// The network the phone is on.
    let network = NetworkStatus()
    @ObservationIgnored private var opening: Task<Void, Never>?

    init(gateway: any CoreGateway = LiveGateway()) {
        self.gateway = gateway
    }

    /// Open the data and find the account, once: a second call (the background refresh while
    /// the app launches) waits for the first.
    func start() async {
        if opening == nil { opening = Task { await open() } }
        await opening?.value
    }

    private func open() async {
        guard let parts = platformParts() else { return }
        let (folder, key) = parts
        do throws(GatewayFailure) {
            try await gateway.open(dataDir: folder, key: key)
            let account = try await gateway.account()
            if let account, account.signedIn { signedIn(account) } else { phase = .signIn }
        } catch {
            phase = .failed(error)
        }
    }

    /// The phone signed in.
    func signedIn(_ account: AccountInfo) {
        phase = .ready(account)
        BackgroundSync.schedule()
    }

    /// The office refused the phone's sign-in: show the sign-in screen.
    func needsSignIn() {
        phase = .signIn
    }

    /// The background refresh: open the data if the app was launched for it, then sync to the end
    /// (or until iOS ends the task, which cancels the sync; it resumes next time).
    func backgroundSync() async {
        BackgroundSync.schedule()
        await start()
        guard case .ready = phase, !gateway.isSyncing else { return }
        let settings = SyncSettings.now(
            expensive: network.expensive,
            photosOnMobileData: UserDefaults.standard.bool(forKey: Preferences.photosOnMobileData)
        )
        let report = try? await gateway.syncToEnd(settings)
        if report?.outcome == .completed { Preferences.noteSyncCompleted() }
        if report?.outcome == .signedOut { needsSignIn() }
    }

    /// The data folder and the key, or `nil` with the phase saying which failed.
    private func platformParts() -> (URL, Data)? {
        guard let key = try? DatabaseKey.loadOrCreate() else {
            phase = .platformFailed("Kunci data tidak dapat dibaca dari Keychain.")
            return nil
        }
        guard let folder = try? DataFolder.prepare() else {
            phase = .platformFailed("Folder data tidak dapat dibuat.")
            return nil
        }
        return (folder, key)
    }
}
