// The home screen: the office's tasks, unfinished visits and reports to resume, the office's
// outcomes, what waits in the outbox, the last sync, and the ways to the other screens.

import PanduCore
import PanduGateway
import SwiftUI

/// The home screen's state.
@MainActor
@Observable
final class HomeModel: ScreenModel {
    private(set) var home: HomeScreen?
    var failure: GatewayFailure?
    private let gateway: any CoreGateway

    init(gateway: any CoreGateway) {
        self.gateway = gateway
    }

    /// Read the home screen again.
    func load() async {
        if let home = await attempt({ try await gateway.home() }) { self.home = home }
    }
}

/// The home screen.
struct HomeView: View {
    let account: AccountInfo
    @State private var model: HomeModel
    @AppStorage(Preferences.lastSync) private var lastSync = 0.0

    init(gateway: any CoreGateway, account: AccountInfo) {
        self.account = account
        _model = State(initialValue: HomeModel(gateway: gateway))
    }

    var body: some View {
        List {
            Section {
                NavigationLink(value: Route.search) {
                    Label("Cari keluarga", systemImage: "magnifyingglass")
                }
                NavigationLink(value: Route.session(.report(householdId: nil))) {
                    Label("Laporan RT/RW baru", systemImage: "megaphone")
                }
            }
            if let home = model.home {
                tasks(home.tasks)
                drafts(home.drafts)
                outcomes(home.outcomes)
                outbox(home.outbox)
            }
        }
        .navigationTitle("Pandu")
        .toolbar {
            ToolbarItem(placement: .topBarTrailing) {
                Text(verbatim: account.username).font(.footnote).foregroundStyle(.secondary)
            }
        }
        .task { await model.load() }
        .refreshable { await model.load() }
        .failureAlert($model.failure) { Task { await model.load() } }
    }

    /// The office's tasks; one naming a family opens its page, where the visit starts.
    @ViewBuilder
    private func tasks(_ tasks: [TaskRow]) -> some View {
        if !tasks.isEmpty {
            Section("Tugas dari kantor") {
                ForEach(tasks, id: \.seq) { task in
                    NavigationLink(value: task.householdId.map { Route.household(id: $0) }
                        ?? Route.session(.report(householdId: nil))) {
                        VStack(alignment: .leading) {
                            Text(verbatim: task.title.localized)
                            if let name = task.householdName { Text(verbatim: name).font(.headline) }
                            if let note = task.note { Text(verbatim: note) }
                            Text(verbatim: task.receivedAt).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
            }
        }
    }

    /// The office's outcomes on the user's visits and reports.
    @ViewBuilder
    private func outcomes(_ outcomes: [OutcomeRow]) -> some View {
        if !outcomes.isEmpty {
            Section("Keputusan kantor") {
                ForEach(outcomes, id: \.seq) { outcome in
                    VStack(alignment: .leading) {
                        Text(verbatim: outcome.title.localized)
                        if let number = outcome.documentNumber, let until = outcome.validUntil {
                            Text("\(number), berlaku sampai \(until)")
                        }
                        if let reason = outcome.reason { Text(verbatim: reason) }
                        Text(verbatim: outcome.decidedAt).font(.caption).foregroundStyle(.secondary)
                    }
                }
            }
        }
    }

    @ViewBuilder
    private func drafts(_ drafts: [DraftRow]) -> some View {
        if !drafts.isEmpty {
            Section("Lanjutkan") {
                ForEach(drafts, id: \.draftId) { draft in
                    NavigationLink(value: Route.session(.resume(draftId: draft.draftId))) {
                        VStack(alignment: .leading) {
                            Text(draft.kind.label)
                            if let name = draft.householdName { Text(verbatim: name).font(.headline) }
                            Text(verbatim: draft.updatedAt).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
            }
        }
    }

    private func outbox(_ outbox: OutboxSummary) -> some View {
        Section("Kotak keluar") {
            LabeledContent("Akan dikirim") { Text(outbox.toSend, format: .number) }
            LabeledContent("Menunggu foto") { Text(outbox.waitingForMedia, format: .number) }
            LabeledContent("Ditolak atau bentrok") { Text(outbox.setAside, format: .number) }
            LabeledContent("Diterima kantor") { Text(outbox.sent, format: .number) }
            LabeledContent("Sinkronisasi terakhir") {
                if lastSync > 0 {
                    Text(Date(timeIntervalSince1970: lastSync), format: .dateTime.day().month().hour().minute())
                } else {
                    Text("Belum pernah")
                }
            }
            NavigationLink(value: Route.sync) {
                Label("Sinkronisasi", systemImage: "arrow.triangle.2.circlepath")
            }
        }
    }
}

#Preview {
    NavigationStack {
        HomeView(gateway: FakeGateway(), account: SampleData.account)
    }
    .environment(AppModel(gateway: FakeGateway()))
}
