// The words for the core's small enums (states, stages, kinds), in the String Catalog, so that
// every screen names them the same way.

import PanduCore
import SwiftUI

extension RecordKind {
    /// Its name.
    var label: LocalizedStringKey {
        switch self {
        case .visit: "Kunjungan rumah"
        case .visitRefused: "Kunjungan ditolak"
        case .report: "Laporan RT/RW"
        }
    }
}

extension FormKind {
    /// Its name.
    var label: LocalizedStringKey {
        switch self {
        case .visit: "Kunjungan rumah"
        case .report: "Laporan RT/RW"
        }
    }
}

extension OutboxState {
    /// Its name.
    var label: LocalizedStringKey {
        switch self {
        case .pending: "Menunggu dikirim"
        case .waitingMedia: "Menunggu foto"
        case .rejected: "Ditolak kantor"
        case .conflict: "Bentrok, ditinjau kantor"
        case .done: "Diterima kantor"
        }
    }
}

extension SyncStage {
    /// Its name.
    var label: LocalizedStringKey {
        switch self {
        case .starting: "Memulai"
        case .pull: "Mengambil data kantor"
        case .records: "Mengirim catatan"
        case .media: "Mengirim foto"
        case .archive: "Merapikan penyimpanan"
        }
    }
}

extension EligibilityPath {
    /// Its name.
    var label: LocalizedStringKey {
        switch self {
        case .a: "Jalur a: layanan dasar"
        case .b: "Jalur b: kartu satu tahun"
        case .c: "Jalur c: surat rekomendasi"
        case .notEligible: "Tidak memenuhi syarat"
        case .undetermined: "Belum dapat ditentukan"
        }
    }
}

/// A core text in the app's language, as a view.
struct CoreText: View {
    let text: BilingualText

    init(_ text: BilingualText) {
        self.text = text
    }

    var body: some View {
        Text(verbatim: text.localized)
    }
}
