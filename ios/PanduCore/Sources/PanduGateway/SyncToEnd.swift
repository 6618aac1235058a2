// A sync awaited as one call, for the background refresh: it starts the sync, waits for its
// report, and turns the task's cancellation (the system's time is up) into a cancelled sync.

import PanduCore

extension CoreGateway {
    /// Run one sync to its end and return its report. Cancelling the calling task cancels the
    /// sync, which still ends with its report (`cancelled`, its work so far kept).
    public func syncToEnd(
        _ settings: SyncSettings,
        onProgress: @escaping @MainActor @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws(GatewayFailure) -> SyncReport {
        let waiter = ReportWaiter()
        try await startSync(settings, onProgress: onProgress) { report in waiter.deliver(report) }
        return await withTaskCancellationHandler {
            await waiter.wait()
        } onCancel: {
            Task { @MainActor in self.cancelSync() }
        }
    }
}

/// Holds a sync's report until someone waits for it, or the waiter until it comes. Unlike an
/// AsyncStream, waiting is not ended by the task's cancellation: the report always comes.
@MainActor
final class ReportWaiter {
    private var report: SyncReport?
    private var waiting: CheckedContinuation<SyncReport, Never>?

    /// The sync ended.
    func deliver(_ report: SyncReport) {
        if let waiting {
            self.waiting = nil
            waiting.resume(returning: report)
        } else {
            self.report = report
        }
    }

    /// The report, once the sync ended.
    func wait() async -> SyncReport {
        if let report { return report }
        return await withCheckedContinuation { waiting = $0 }
    }
}
