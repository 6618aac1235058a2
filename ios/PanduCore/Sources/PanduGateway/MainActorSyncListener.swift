// The core tells a sync's progress on its own Rust thread; this listener passes each event to the
// main actor, in the order told, so screens update their state without locks.

import Dispatch
import PanduCore

/// A `SyncListener` that hands every event to closures run on the main actor.
final class MainActorSyncListener: SyncListener {
    private let deliverProgress: @MainActor @Sendable (SyncProgress) -> Void
    private let deliverReport: @MainActor @Sendable (SyncReport) -> Void

    init(
        onProgress: @escaping @MainActor @Sendable (SyncProgress) -> Void,
        onFinished: @escaping @MainActor @Sendable (SyncReport) -> Void
    ) {
        deliverProgress = onProgress
        deliverReport = onFinished
    }

    func onProgress(progress: SyncProgress) {
        let deliver = deliverProgress
        // The main queue keeps the order the core told the events in (unlike separate Tasks).
        DispatchQueue.main.async { MainActor.assumeIsolated { deliver(progress) } }
    }

    func onFinished(report: SyncReport) {
        let deliver = deliverReport
        DispatchQueue.main.async { MainActor.assumeIsolated { deliver(report) } }
    }
}
