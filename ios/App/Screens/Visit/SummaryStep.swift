// The summary before finishing, as the core computed it: the criteria with their status and
// evidence, the score and recommended path (visits), and what still blocks finishing. The officer
// confirms the record is true to the visit; the core refuses to finish without that.

import PanduCore
import SwiftUI

/// The summary of a visit or report.
struct SummaryStep: View {
    let summary: SummaryView
    let model: SessionModel
    @State private var confirmed = false

    var body: some View {
        List {
            Section {
                CoreText(summary.title).font(.title2.bold())
                Text("\(Int(summary.progress.answered)) dari \(Int(summary.progress.required)) pertanyaan wajib terjawab")
            }
            if let assessment = summary.assessment { AssessmentSection(assessment: assessment) }
            if !summary.criteria.isEmpty {
                Section("Kriteria") {
                    ForEach(summary.criteria, id: \.number) { CriterionRow(criterion: $0) }
                }
            }
            if !summary.blocking.isEmpty {
                Section("Belum bisa diselesaikan") {
                    ForEach(Array(summary.blocking.enumerated()), id: \.offset) { _, problem in
                        CoreText(problem.text).foregroundStyle(.red)
                    }
                }
            }
            Section {
                Toggle("Saya menyatakan data ini benar sesuai kunjungan.", isOn: $confirmed)
                Button {
                    Task { await model.finish(confirmed: confirmed) }
                } label: {
                    Text("Selesai dan simpan").frame(maxWidth: .infinity, minHeight: 44)
                }
                .buttonStyle(.borderedProminent)
                .disabled(!summary.blocking.isEmpty)
                Button("Kembali ke pertanyaan") { Task { await model.back() } }
                    .frame(maxWidth: .infinity, minHeight: 44)
            }
        }
    }
}

/// Score, path and what the office should know.
private struct AssessmentSection: View {
    let assessment: Assessment

    var body: some View {
        Section("Hasil") {
            let score = assessment.score
            Text("\(Int(score.met)) kriteria terpenuhi, perlu \(Int(score.minMet))")
            Text(assessment.path.label).font(.headline)
            CoreText(assessment.recommendation)
            if assessment.inclusionError {
                Label("Terdaftar di PPLS 2011 tetapi tidak miskin", systemImage: "exclamationmark.triangle")
            }
            if assessment.exclusionError {
                Label("Miskin tetapi tidak terdaftar di PPLS 2011", systemImage: "exclamationmark.triangle")
            }
            if assessment.emergency {
                Label("Ada kebutuhan mendesak", systemImage: "cross.case")
            }
        }
    }
}

/// One criterion with its status and evidence.
private struct CriterionRow: View {
    let criterion: CriterionView

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack(alignment: .firstTextBaseline) {
                Text(verbatim: "\(criterion.number).")
                CoreText(criterion.label)
                Spacer()
                CoreText(criterion.statusText).font(.subheadline.bold())
            }
            if criterion.evidenceMissing {
                Label("Foto bukti belum diambil", systemImage: "camera.badge.ellipsis")
                    .font(.footnote).foregroundStyle(.orange)
            }
            ForEach(Array(criterion.photoFlags.enumerated()), id: \.offset) { _, flag in
                CoreText(flag).font(.footnote).foregroundStyle(.orange)
            }
        }
    }
}
