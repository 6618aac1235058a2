// A sync that ended early says why in its report; this says it as the same four actions as a
// failed call, so the sync screen and the background refresh act on it like on any failure.

import PanduCore

extension SyncReport {
    /// What to do about how the sync ended: `nil` when it completed or was cancelled.
    public var failure: GatewayFailure? {
        let text = message ?? GatewayFailure.internalText
        switch outcome {
        case .completed, .cancelled: return nil
        case .network: return .retry(text)
        case .signedOut: return .signIn(text)
        case .refused: return .showMessage(text, problems: [])
        case .failed: return .report(text, code: "sync")
        }
    }
}
