// iOS decides when an app may refresh in the background; Pandu asks to be woken about every hour
// to sync what was finished while the phone was in a pocket. The sync itself is the app's own
// (AppModel.backgroundSync), run by SwiftUI's backgroundTask handler for this identifier.

import BackgroundTasks

/// The background refresh that syncs.
enum BackgroundSync {
    /// The task identifier, also listed under BGTaskSchedulerPermittedIdentifiers in Info.plist.
    static let identifier = "id.pandu.sync"

    /// Ask iOS for the next refresh, no sooner than an hour from now. Asking again replaces the
    /// earlier request; a refusal (e.g. Background App Refresh is off) leaves manual sync.
    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 60 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }
}
