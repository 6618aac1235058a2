// The consent step: the notice to read to the family, the legal basis to record, and the way to
// record a refusal (then only the refusal is kept).

import PanduCore
import SwiftUI

/// The consent step of a visit.
struct ConsentStep: View {
    let consent: ConsentView
    let model: SessionModel
    @State private var basis: String?
    @State private var refusing = false

    var body: some View {
        List {
            Section {
                CoreText(consent.title).font(.title2.bold())
                CoreText(consent.notice)
            }
            Section("Dasar pencatatan") {
                ForEach(consent.bases, id: \.value) { choice in
                    ChoiceRow(label: choice.label, selected: basis == choice.value) { basis = choice.value }
                }
            }
            Section {
                Button {
                    if let basis { Task { await model.giveConsent(basis) } }
                } label: {
                    Text("Lanjutkan").frame(maxWidth: .infinity, minHeight: 44)
                }
                .buttonStyle(.borderedProminent)
                .disabled(basis == nil)
                Button("Keluarga menolak", role: .destructive) { refusing = true }
                    .frame(maxWidth: .infinity, minHeight: 44)
            }
        }
        .onAppear { basis = consent.bases.first(where: \.selected)?.value }
        .confirmationDialog(
            "Catat penolakan? Hanya penolakan yang disimpan.",
            isPresented: $refusing, titleVisibility: .visible
        ) {
            Button("Catat penolakan", role: .destructive) { Task { await model.refuse() } }
        }
    }
}
