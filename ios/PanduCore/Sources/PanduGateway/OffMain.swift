// Runs a blocking core call off the main thread and resumes the caller with its result. Every
// call into the generated API goes through here, so no screen can block the main thread on the
// store's lock, a photo's processing or a network wait (sign-in).

import Dispatch

/// Where the core's blocking calls run: a concurrent queue, since the core has its own locks.
private let coreQueue = DispatchQueue(
    label: "id.pandu.core", qos: .userInitiated, attributes: .concurrent
)

/// Run `work` on the core's queue; its error becomes a `GatewayFailure`.
func offMain<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T
) async throws(GatewayFailure) -> T {
    let result: Result<T, GatewayFailure> = await withCheckedContinuation { continuation in
        coreQueue.async {
            do {
                continuation.resume(returning: .success(try work()))
            } catch {
                continuation.resume(returning: .failure(GatewayFailure(error)))
            }
        }
    }
    return try result.get()
}
