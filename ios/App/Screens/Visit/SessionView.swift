// A home visit or RT/RW report, drawn from the core's view model: consent, a page of questions or
// the summary. GPS runs only while this screen is open (for visits, from the start; for reports,
// once a question needs it), and the screen is covered in the app switcher.

import PanduCore
import PanduGateway
import SwiftUI

/// The visit or report screen.
struct SessionView: View {
    @State private var model: SessionModel
    @State private var location = LocationService()
    @State private var discarding = false
    @Environment(\.dismiss) private var dismiss

    init(gateway: any CoreGateway, start: SessionStart, officer: String) {
        _model = State(initialValue: SessionModel(gateway: gateway, start: start, officer: officer))
    }

    var body: some View {
        content
            .navigationTitle(model.kind?.label ?? "")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .topBarTrailing) {
                    Menu {
                        Button("Buang draf", systemImage: "trash", role: .destructive) { discarding = true }
                    } label: {
                        Image(systemName: "ellipsis.circle")
                    }
                    .disabled(model.kind == nil)
                }
            }
            .confirmationDialog(
                "Buang draf ini? Jawaban dan fotonya dihapus.",
                isPresented: $discarding, titleVisibility: .visible
            ) {
                Button("Buang draf", role: .destructive) { Task { await model.discard() } }
            }
            .task { await model.open() }
            .onChange(of: model.kind) { _, kind in
                if kind == .visit { location.start() }
            }
            .onChange(of: model.ended) { _, ended in
                if ended { dismiss() }
            }
            .onDisappear { location.stop() }
            .failureAlert($model.failure)
            .privacySensitiveScreen()
    }

    @ViewBuilder
    private var content: some View {
        switch model.screen {
        case .consent(let consent)?:
            ConsentStep(consent: consent, model: model)
        case .page(let page)?:
            PageStep(page: page, model: model, location: location).id(page.sectionId)
        case .summary(let summary)?:
            SummaryStep(summary: summary, model: model)
        case nil:
            ProgressView()
        }
    }
}

#Preview("Visit") {
    NavigationStack {
        SessionView(gateway: FakeGateway(), start: .visit(householdId: "hh-1"), officer: "rina")
    }
    .environment(AppModel(gateway: FakeGateway()))
    .environment(PrivacyShield())
}
