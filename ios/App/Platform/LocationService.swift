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
final class LocationService: NSObject, CLLocationManagerDelegate {
    /// The latest fix, while running.
    private(set) var fix: GpsFix?
    /// The user refused location (show how to allow it in Settings).
    private(set) var denied = false
    private let manager = CLLocationManager()

    override init() {
        super.init()
        manager.delegate = self
        manager.desiredAccuracy = kCLLocationAccuracyBest
    }

    /// Ask for permission (once) and start updates.
    func start() {
        manager.requestWhenInUseAuthorization()
        manager.startUpdatingLocation()
    }

    /// Stop updates and forget the fix.
    func stop() {
        manager.stopUpdatingLocation()
        fix = nil
    }

    nonisolated func locationManager(
        _ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]
    ) {
        guard let location = locations.last, location.horizontalAccuracy >= 0 else { return }
        let fix = GpsFix(
            latitude: location.coordinate.latitude, longitude: location.coordinate.longitude,
            accuracy: location.horizontalAccuracy,
            mock: location.sourceInformation?.isSimulatedBySoftware ?? false,
            at: location.timestamp
        )
        // The manager was made on the main thread, so it calls its delegate there.
        MainActor.assumeIsolated { self.fix = fix }
    }

    nonisolated func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        let status = manager.authorizationStatus
        MainActor.assumeIsolated { denied = status == .denied || status == .restricted }
    }
}
