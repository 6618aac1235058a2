// Household search over the registry on the phone: by name, NIK, KK number or address. The core
// matches; the screen only says which field the typed text is for.

import PanduCore
import PanduGateway
import SwiftUI

/// Which field of the query the search text fills.
enum SearchField: Hashable, CaseIterable {
    case name, nik, kk, address

    /// Its name on the scope bar.
    var label: LocalizedStringKey {
        switch self {
        case .name: "Nama"
        case .nik: "NIK"
        case .kk: "No. KK"
        case .address: "Alamat"
        }
    }

    /// The query with `text` in this field.
    func query(_ text: String) -> HouseholdQuery {
        switch self {
        case .name: HouseholdQuery(text: text)
        case .nik: HouseholdQuery(nik: text)
        case .kk: HouseholdQuery(kk: text)
        case .address: HouseholdQuery(address: text)
        }
    }
}

/// The search screen's state.
@MainActor
@Observable
final class SearchModel: ScreenModel {
    var text = ""
    var field = SearchField.name
    private(set) var hits: [HouseholdHit] = []
    var failure: GatewayFailure?
    private let gateway: any CoreGateway

    init(gateway: any CoreGateway) {
        self.gateway = gateway
    }

    /// Search for what is typed now (nothing typed: no results).
    func search() async {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            hits = []
            return
        }
        if let hits = await attempt({ try await gateway.search(field.query(text), limit: 50) }) {
            self.hits = hits
        }
    }
}

/// The search screen.
struct SearchView: View {
    @State private var model: SearchModel

    init(gateway: any CoreGateway) {
        _model = State(initialValue: SearchModel(gateway: gateway))
    }

    var body: some View {
        List(model.hits, id: \.householdId) { hit in
            NavigationLink(value: Route.household(id: hit.householdId)) { HitRow(hit: hit) }
        }
        .overlay {
            if model.hits.isEmpty && !model.text.isEmpty { ContentUnavailableView.search }
        }
        .navigationTitle("Cari keluarga")
        .searchable(text: $model.text, prompt: Text("Nama, NIK, No. KK atau alamat"))
        .searchScopes($model.field) {
            ForEach(SearchField.allCases, id: \.self) { Text($0.label).tag($0) }
        }
        .task(id: [model.text, "\(model.field)"]) {
            // Wait until typing pauses.
            try? await Task.sleep(for: .milliseconds(300))
            guard !Task.isCancelled else { return }
            await model.search()
        }
        .failureAlert($model.failure)
        .privacySensitiveScreen()
    }
}

/// One family found.
private struct HitRow: View {
    let hit: HouseholdHit

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(verbatim: hit.headName ?? "—").font(.headline)
            if let matched = hit.matchedName, matched != hit.headName {
                Text("Cocok: \(matched)").font(.subheadline)
            }
            Text(verbatim: hit.address).font(.subheadline)
            Text("RT \(Int(hit.rt)) / RW \(Int(hit.rw)) · \(Int(hit.memberCount)) orang")
                .font(.caption).foregroundStyle(.secondary)
            HStack {
                if hit.inPpls { Text(verbatim: "PPLS 2011").badgeStyle() }
                if hit.kpsNumber != nil { Text(verbatim: "KPS").badgeStyle() }
            }
        }
        .padding(.vertical, 4)
    }
}

extension Text {
    /// A small label on a coloured capsule.
    func badgeStyle() -> some View {
        font(.caption2.bold())
            .padding(.horizontal, 6)
            .padding(.vertical, 2)
            .background(.tint.opacity(0.15), in: Capsule())
    }
}

#Preview {
    NavigationStack { SearchView(gateway: FakeGateway()) }
        .environment(AppModel(gateway: FakeGateway()))
        .environment(PrivacyShield())
}
