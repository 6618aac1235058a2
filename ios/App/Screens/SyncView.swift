// Sync: start or cancel it, its progress as the core tells it, the switch that keeps photos for
// Wi-Fi, how the last run ended, and every finished record with what became of it — the office's
// reasons for records it set aside, and the receipt for records it holds.

import PanduCore
import PanduGateway
import SwiftUI

/// The sync screen's state.
@MainActor
@Observable
final class SyncModel: ScreenModel {
    private(set) var running = false
    private(set) var progress: SyncProgress?
    private(set) var report: SyncReport?
    private(set) var outbox: [OutboxEntry] = []
    var failure: GatewayFailure?
    private let gateway: any CoreGateway

    init(gateway: any CoreGateway) {
        self.gateway = gateway
        running = gateway.isSyncing
    }

    /// Read the outbox again.
    func load() async {
        if let outbox = await attempt({ try await gateway.outbox() }) { self.outbox = outbox }
    }

    /// Start a sync with `settings`; progress and the end arrive on the main actor.
    func start(_ settings: SyncSettings) async {
        guard !running else { return }
        running = true
        report = nil
        let started: Void? = await attempt {
            try await gateway.startSync(settings) { [weak self] progress in
                self?.progress = progress
            } onFinished: { [weak self] report in
                self?.finished(report)
            }
        }
        if started == nil { running = false }
    }

    /// Ask the running sync to stop; it ends `cancelled` with its work kept.
    func cancel() {
        gateway.cancelSync()
    }

    private func finished(_ report: SyncReport) {
        running = false
        self.report = report
        if report.outcome == .completed { Preferences.noteSyncCompleted() }
        failure = report.failure
        Task { await load() }
    }
}

/// The sync screen.
struct SyncView: View {
    @State private var model: SyncModel
    @Environment(AppModel.self) private var app
    @AppStorage(Preferences.photosOnMobileData) private var photosOnMobileData = false

    init(gateway: any CoreGateway) {
        _model = State(initialValue: SyncModel(gateway: gateway))
    }

    var body: some View {
        List {
            Section {
                Toggle("Kirim foto lewat data seluler", isOn: $photosOnMobileData)
                networkLine
                if model.running {
                    if let progress = model.progress { ProgressSection(progress: progress) }
                    Button("Batalkan", role: .destructive) { model.cancel() }
                        .frame(maxWidth: .infinity, minHeight: 44)
                } else {
                    Button { Task { await model.start(settings) } } label: {
                        Text("Sinkronkan sekarang").frame(maxWidth: .infinity, minHeight: 44)
                    }
                    .buttonStyle(.borderedProminent)
                    .disabled(!app.network.online)
                }
            }
            if let report = model.report { ReportSection(report: report) }
            Section("Catatan selesai") {
                ForEach(model.outbox, id: \.recordId) { EntryRow(entry: $0) }
            }
        }
        .navigationTitle("Sinkronisasi")
        .task { await model.load() }
        .refreshable { await model.load() }
        .failureAlert($model.failure) { Task { await model.start(settings) } }
    }

    private var settings: SyncSettings {
        .now(expensive: app.network.expensive, photosOnMobileData: photosOnMobileData)
    }

    @ViewBuilder
    private var networkLine: some View {
        if !app.network.online {
            Label("Tidak ada koneksi", systemImage: "wifi.slash")
        } else if app.network.expensive && !photosOnMobileData {
            Label("Data seluler: catatan dikirim, foto menunggu Wi-Fi", systemImage: "antenna.radiowaves.left.and.right")
        } else {
            Label("Terhubung", systemImage: "wifi")
        }
    }
}

/// How far the running sync is.
private struct ProgressSection: View {
    let progress: SyncProgress

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(progress.stage.label).font(.headline)
            if progress.itemsTotal > 0 {
                ProgressView(value: Double(progress.itemsDone), total: Double(progress.itemsTotal))
                Text("\(Int(progress.itemsDone)) dari \(Int(progress.itemsTotal))").font(.caption)
            } else {
                ProgressView()
            }
            if progress.bytesTotal > 0 {
                Text(verbatim: bytes(progress.bytesDone) + " / " + bytes(progress.bytesTotal)).font(.caption)
            }
        }
    }

    private func bytes(_ count: UInt64) -> String {
        Int64(clamping: count).formatted(.byteCount(style: .file))
    }
}

/// How the last run ended.
private struct ReportSection: View {
    let report: SyncReport

    var body: some View {
        Section("Hasil sinkronisasi") {
            if let message = report.message { CoreText(message) }
            LabeledContent("Diterima kantor") { Text(report.sent, format: .number) }
            LabeledContent("Diambil dari kantor") { Text(report.pulled, format: .number) }
            LabeledContent("Foto terkirim") { Text(report.photosSent, format: .number) }
            LabeledContent("Disisihkan") { Text(report.setAside, format: .number) }
            if report.mediaDeferred {
                Label("Foto menunggu Wi-Fi", systemImage: "wifi.exclamationmark")
            }
        }
    }
}

/// One finished record: its state, the office's reasons, or its receipt.
private struct EntryRow: View {
    let entry: OutboxEntry

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(entry.kind.label).font(.headline)
                Spacer()
                Text(entry.state.label).font(.subheadline)
            }
            Text(verbatim: entry.finishedAt).font(.caption).foregroundStyle(.secondary)
            ForEach(Array(entry.problems.enumerated()), id: \.offset) { _, problem in
                CoreText(problem.text).font(.footnote).foregroundStyle(.red)
            }
            if let receipt = entry.receipt {
                Text("Tanda terima \(receipt.keyId), \(receipt.acceptedAt)").font(.caption2.monospaced())
            }
        }
    }
}
