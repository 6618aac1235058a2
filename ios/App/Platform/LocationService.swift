// The phone's GPS, used only while a visit is open: the visit screen starts it when it appears and
// stops it when it goes, so the app never tracks anyone between visits. Each fix keeps its
// accuracy and whether iOS says it was simulated, as the core records both.

import CoreLocation
import PanduCore

/// One position as the phone reported it.
struct GpsFix: Equatable, Sendable {
    let latitude: Double
    let longitude: Double
    /// Horizontal accuracy, metres.
    let accuracy: Double
    /// iOS says the position came from a simulator or an accessory that fakes it.
    let mock: Bool
    let at: Date

    /// The fix as the answer to a GPS question.
    var point: GpsPoint {
        GpsPoint(lat: latitude, lon: longitude, accuracyM: accuracy, mock: mock)
    }

    /// The fix as the phone's position when a photo was taken.
    var photoFix: PhotoFix {
        PhotoFix(lat: latitude, lon: longitude, accuracyM: accuracy, mock: mock, at: at)
    }
}

/// Location updates while a visit is open.
@MainActor
@Observable
final class LocationService {
    /// The latest fix (kept after `stop`, for a photo taken just then).
    private(set) var fix: GpsFix?
    /// The user refused location (show how to allow it in Settings).
    private(set) var denied = false
    private let manager = CLLocationManager()
    @ObservationIgnored private var delegate: LocationDelegate?

    init() {
        let delegate = LocationDelegate { [weak self] fix in
            self?.fix = fix
        } onDenied: { [weak self] denied in
            self?.denied = denied
        }
        manager.delegate = delegate
        manager.desiredAccuracy = kCLLocationAccuracyBest
        self.delegate = delegate
    }

    /// Ask for permission (once) and start updates; calling it again changes nothing.
    func start() {
        manager.requestWhenInUseAuthorization()
        manager.startUpdatingLocation()
    }

    /// Stop updates.
    func stop() {
        manager.stopUpdatingLocation()
    }
}

/// Receives the location manager's callbacks. The manager was made on the main thread, so it
/// calls its delegate there, and the callbacks run on the main actor.
private final class LocationDelegate: NSObject, CLLocationManagerDelegate {
    private let onFix: @MainActor (GpsFix) -> Void
    private let onDenied: @MainActor (Bool) -> Void

    init(onFix: @escaping @MainActor (GpsFix) -> Void, onDenied: @escaping @MainActor (Bool) -> Void) {
        self.onFix = onFix
        self.onDenied = onDenied
        super.init()
    }

    func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
        guard let location = locations.last, location.horizontalAccuracy >= 0 else { return }
        let fix = GpsFix(
            latitude: location.coordinate.latitude, longitude: location.coordinate.longitude,
            accuracy: location.horizontalAccuracy,
            mock: location.sourceInformation?.isSimulatedBySoftware ?? false,
            at: location.timestamp
        )
        MainActor.assumeIsolated { onFix(fix) }
    }

    func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        let status = manager.authorizationStatus
        MainActor.assumeIsolated { onDenied(status == .denied || status == .restricted) }
    }
}
