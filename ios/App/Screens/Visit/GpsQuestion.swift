// A GPS question: the phone's current position with its accuracy, taken as the answer when the
// user taps it. A position iOS marks as simulated is shown as such (the core flags it too).

import PanduCore
import SwiftUI

/// The position of the house.
struct GpsQuestion: View {
    let answer: Answer?
    let location: LocationService
    let onAnswer: (Answer?) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            if case .point(let saved)? = answer {
                Text("Tersimpan: \(coordinates(saved.lat, saved.lon)), ±\(Int(saved.accuracyM.rounded())) m")
                    .font(.subheadline)
            }
            if let fix = location.fix {
                Text("Sekarang: \(coordinates(fix.latitude, fix.longitude)), ±\(Int(fix.accuracy.rounded())) m")
                    .font(.subheadline)
                if fix.mock {
                    Label("Lokasi ini disimulasikan, bukan dari GPS.", systemImage: "exclamationmark.triangle")
                        .font(.footnote).foregroundStyle(.orange)
                }
                Button("Pakai lokasi ini", systemImage: "location.fill") { onAnswer(.point(point: fix.point)) }
                    .frame(minHeight: 44)
            } else if location.denied {
                Text("Izinkan akses lokasi untuk Pandu di Pengaturan.").font(.footnote)
            } else {
                ProgressView("Mencari lokasi…")
            }
        }
        .buttonStyle(.borderless)
        .onAppear { location.start() }
    }

    /// Latitude and longitude with a decimal point, as maps write them in every language.
    private func coordinates(_ lat: Double, _ lon: Double) -> String {
        let style = FloatingPointFormatStyle<Double>(locale: Locale(identifier: "en_US_POSIX"))
            .precision(.fractionLength(5))
        return "\(lat.formatted(style)), \(lon.formatted(style))"
    }
}
