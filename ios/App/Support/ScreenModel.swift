// Every screen's model runs gateway calls the same way: a failure is kept for the screen's alert
// (FailureAlert) instead of being handled screen by screen.

import PanduGateway

/// A screen's model: it keeps the last failure for the screen to show.
@MainActor
protocol ScreenModel: AnyObject {
    /// The failure to show, until the user dismisses it.
    var failure: GatewayFailure? { get set }
}

extension ScreenModel {
    /// The result of `work`, or `nil` with the failure kept for the screen.
    func attempt<T>(_ work: () async throws(GatewayFailure) -> T) async -> T? {
        do throws(GatewayFailure) {
            return try await work()
        } catch {
            failure = error
            return nil
        }
    }
}
