// The core takes photos only as JPEG files. Whatever format the camera captured in (HEIC when the
// phone is set to "High Efficiency"), the picture is encoded here as a JPEG with the camera's
// metadata (orientation, capture time), which the core reads and then strips.

import Foundation
import ImageIO
import UniformTypeIdentifiers

/// Writing camera pictures as JPEG files.
enum JPEGFile {
    /// Why a picture could not be written.
    struct WriteError: Error {}

    /// Write `image` with its camera `metadata` as a JPEG at `url`, protected like the data folder.
    static func write(_ image: CGImage, metadata: [String: Any], to url: URL) throws {
        let data = NSMutableData()
        guard let destination = CGImageDestinationCreateWithData(
            data, UTType.jpeg.identifier as CFString, 1, nil
        ) else { throw WriteError() }
        var properties = metadata
        properties[kCGImageDestinationLossyCompressionQuality as String] = 0.92
        CGImageDestinationAddImage(destination, image, properties as CFDictionary)
        guard CGImageDestinationFinalize(destination) else { throw WriteError() }
        try (data as Data).write(to: url, options: [.atomic, .completeFileProtectionUntilFirstUserAuthentication])
    }
}
