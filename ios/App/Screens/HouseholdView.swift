// A family's page: its registry status (PPLS 2011, KPS), its card or emergency letter (valid,
// expired or revoked), its members with NIKs masked by the
// core, the visits and reports about it, and the way to visit it or report about it.

import PanduCore
import PanduGateway
import SwiftUI

/// The household page's state.
@MainActor
@Observable
final class HouseholdModel: ScreenModel {
    let householdId: String
    private(set) var page: HouseholdPage?
    var failure: GatewayFailure?
    private let gateway: any CoreGateway

    init(gateway: any CoreGateway, householdId: String) {
        self.gateway = gateway
        self.householdId = householdId
    }

    /// Read the page again.
    func load() async {
        if let page = await attempt({ try await gateway.household(id: householdId) }) { self.page = page }
    }
}

/// The household page.
struct HouseholdView: View {
    @State private var model: HouseholdModel

    init(gateway: any CoreGateway, householdId: String) {
        _model = State(initialValue: HouseholdModel(gateway: gateway, householdId: householdId))
    }

    var body: some View {
        List {
            if let page = model.page {
                summary(page)
                actions(page)
                members(page.members)
                history(page.history)
            }
        }
        .navigationTitle(Text(verbatim: model.page?.headName ?? ""))
        .task { await model.load() }
        .failureAlert($model.failure) { Task { await model.load() } }
        .privacySensitiveScreen()
    }

    private func summary(_ page: HouseholdPage) -> some View {
        Section {
            Text(verbatim: page.addressLine)
            CoreText(page.registry).font(.headline)
            if let entitlement = page.entitlement {
                CoreText(entitlement.text).font(.headline)
                    .foregroundStyle(entitlement.state == .valid ? Color.accentColor : Color.red)
            }
        }
    }

    private func actions(_ page: HouseholdPage) -> some View {
        Section {
            if let draft = page.openDraft {
                NavigationLink(value: Route.session(.resume(draftId: draft))) {
                    Label("Lanjutkan kunjungan", systemImage: "arrow.uturn.forward")
                }
            } else {
                NavigationLink(value: Route.session(.visit(householdId: page.householdId))) {
                    Label("Mulai kunjungan rumah", systemImage: "house")
                }
            }
            NavigationLink(value: Route.session(.report(householdId: page.householdId))) {
                Label("Laporan RT/RW tentang keluarga ini", systemImage: "megaphone")
            }
        }
    }

    private func members(_ members: [MemberRow]) -> some View {
        Section("Anggota keluarga") {
            ForEach(Array(members.enumerated()), id: \.offset) { _, member in
                VStack(alignment: .leading) {
                    Text(verbatim: member.name).font(.headline)
                    HStack {
                        CoreText(member.relation)
                        if let age = member.age { Text("\(Int(age)) tahun") }
                    }
                    .font(.subheadline)
                    if let nik = member.nikMasked {
                        Text("NIK \(nik)").font(.caption.monospaced()).foregroundStyle(.secondary)
                    }
                }
            }
        }
    }

    @ViewBuilder
    private func history(_ history: [HistoryRow]) -> some View {
        if !history.isEmpty {
            Section("Riwayat") {
                ForEach(history, id: \.recordId) { row in
                    VStack(alignment: .leading) {
                        HStack {
                            Text(row.kind.label)
                            Spacer()
                            Text(verbatim: row.date).foregroundStyle(.secondary)
                        }
                        if let met = row.criteriaMet, let needed = row.criteriaNeeded {
                            Text("\(Int(met)) kriteria terpenuhi (perlu \(Int(needed)))").font(.subheadline)
                        }
                        if let path = row.path { Text(path.label).font(.subheadline) }
                    }
                }
            }
        }
    }
}

#Preview {
    NavigationStack { HouseholdView(gateway: FakeGateway(), householdId: SampleData.hit.householdId) }
        .environment(AppModel(gateway: FakeGateway()))
        .environment(PrivacyShield())
}
