// Whether the phone is on an expensive network (mobile data, a hotspot, Low Data Mode), so a
// sync sends photos only on Wi-Fi when the user asked for that.

import Network

/// The current network path, watched for the app's lifetime.
@MainActor
@Observable
final class NetworkStatus {
    /// On mobile data or a constrained (Low Data) network.
    private(set) var expensive = false
    /// Any connection at all.
    private(set) var online = true
    private let monitor = NWPathMonitor()

    init() {
        monitor.pathUpdateHandler = { [weak self] path in
            let (expensive, online) = (path.isExpensive || path.isConstrained, path.status == .satisfied)
            // The monitor runs on the main queue (below), so this is the main actor.
            MainActor.assumeIsolated {
                self?.expensive = expensive
                self?.online = online
            }
        }
        monitor.start(queue: .main)
    }
}
