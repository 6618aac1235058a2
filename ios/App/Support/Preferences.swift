// The few settings the app keeps itself (UserDefaults), under one set of names.

import Foundation

/// UserDefaults keys.
enum Preferences {
    /// Photos may be sent on mobile data (off: photos wait for Wi-Fi).
    static let photosOnMobileData = "photosOnMobileData"
    /// When the last sync completed (seconds since 1970; 0 = never).
    static let lastSync = "lastSyncAt"

    /// Note that a sync completed now.
    static func noteSyncCompleted() {
        UserDefaults.standard.set(Date.now.timeIntervalSince1970, forKey: lastSync)
    }
}
