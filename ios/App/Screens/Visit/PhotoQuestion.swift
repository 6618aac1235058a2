// A photo question: the system camera writes a JPEG into the data folder, and the core takes it
// in by path with the phone's latest position (it then deletes the camera's file). The photo shown
// back is the core's small thumbnail; tapped, the full photo from a temporary file the core makes
// and deletes again when it closes.

import PanduCore
import SwiftUI
import UIKit

/// A photo taken as evidence for one question (usually one criterion).
struct PhotoQuestion: View {
    let question: QuestionView
    let model: SessionModel
    let location: LocationService
    @State private var cameraOpen = false
    @State private var cameraFailed = false
    @State private var thumbnail: UIImage?
    @State private var viewing = false

    var body: some View {
        HStack(spacing: 12) {
            if let thumbnail {
                Button { viewing = true } label: {
                    Image(uiImage: thumbnail).resizable().scaledToFill()
                        .frame(width: 72, height: 72).clipShape(RoundedRectangle(cornerRadius: 8))
                }
            }
            VStack(alignment: .leading) {
                if let criterion = question.evidenceFor {
                    Text("Bukti kriteria \(Int(criterion))").font(.caption).foregroundStyle(.secondary)
                }
                Button(photoId == nil ? LocalizedStringKey("Ambil foto") : "Ambil ulang", systemImage: "camera") {
                    cameraOpen = true
                }
                .frame(minHeight: 44)
                .disabled(!CameraPicker.isAvailable)
                if photoId != nil {
                    Button("Hapus foto", role: .destructive) { Task { await model.removePhoto(question.id) } }
                        .frame(minHeight: 44)
                }
            }
        }
        .buttonStyle(.borderless)
        .onAppear { location.start() }
        .task(id: photoId) { thumbnail = await loadThumbnail() }
        .fullScreenCover(isPresented: $cameraOpen) {
            CameraPicker { result in
                cameraOpen = false
                taken(result)
            }
            .ignoresSafeArea()
        }
        .sheet(isPresented: $viewing) {
            if let photoId { FullPhoto(photoId: photoId, model: model) }
        }
        .alert("Foto tidak dapat disimpan. Coba lagi.", isPresented: $cameraFailed) {
            Button("Oke", role: .cancel) {}
        }
    }

    private var photoId: String? {
        if case .photo(let id)? = question.answer { id } else { nil }
    }

    private func taken(_ result: CameraResult) {
        switch result {
        case .taken(let file):
            let fix = location.fix
            Task { await model.attachPhoto(question.id, file: file, fix: fix) }
        case .cancelled:
            break
        case .failed:
            cameraFailed = true
        }
    }

    private func loadThumbnail() async -> UIImage? {
        guard let photoId, let data = await model.thumbnail(photoId) else { return nil }
        return UIImage(data: data)
    }
}

/// A photo at full size; its temporary file is deleted when it closes.
private struct FullPhoto: View {
    let photoId: String
    let model: SessionModel
    @State private var image: UIImage?

    var body: some View {
        Group {
            if let image {
                Image(uiImage: image).resizable().scaledToFit()
            } else {
                ProgressView()
            }
        }
        .task { image = await model.fullPhoto(photoId) }
        .onDisappear { Task { await model.closeFullPhotos() } }
    }
}
