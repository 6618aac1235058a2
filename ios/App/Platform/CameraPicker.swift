// The system camera, for one evidence photo. The picture goes straight to a JPEG file in the data
// folder and its path to the core: it is never saved to the photo library.

import SwiftUI
import UIKit

/// What became of a photo.
enum CameraResult {
    /// The JPEG file in the data folder.
    case taken(URL)
    /// The user closed the camera.
    case cancelled
    /// The picture could not be written.
    case failed
}

/// Takes one photo and hands back the JPEG file it wrote.
struct CameraPicker: UIViewControllerRepresentable {
    /// Called once.
    let onDone: (CameraResult) -> Void

    /// The camera can be used (not in the simulator, not when restricted).
    static var isAvailable: Bool { UIImagePickerController.isSourceTypeAvailable(.camera) }

    func makeUIViewController(context: Context) -> UIImagePickerController {
        let picker = UIImagePickerController()
        picker.sourceType = .camera
        picker.cameraCaptureMode = .photo
        picker.delegate = context.coordinator
        return picker
    }

    func updateUIViewController(_ picker: UIImagePickerController, context: Context) {}

    func makeCoordinator() -> Coordinator { Coordinator(onDone: onDone) }

    /// Receives the camera's picture.
    final class Coordinator: NSObject, UIImagePickerControllerDelegate, UINavigationControllerDelegate {
        private let onDone: (CameraResult) -> Void

        init(onDone: @escaping (CameraResult) -> Void) {
            self.onDone = onDone
        }

        func imagePickerController(
            _ picker: UIImagePickerController,
            didFinishPickingMediaWithInfo info: [UIImagePickerController.InfoKey: Any]
        ) {
            onDone(Self.writeJPEG(info))
        }

        func imagePickerControllerDidCancel(_ picker: UIImagePickerController) {
            onDone(.cancelled)
        }

        private static func writeJPEG(_ info: [UIImagePickerController.InfoKey: Any]) -> CameraResult {
            guard let image = (info[.originalImage] as? UIImage)?.cgImage else { return .failed }
            let metadata = info[.mediaMetadata] as? [String: Any] ?? [:]
            do {
                let url = try DataFolder.newCameraFile()
                try JPEGFile.write(image, metadata: metadata, to: url)
                return .taken(url)
            } catch {
                return .failed
            }
        }
    }
}
