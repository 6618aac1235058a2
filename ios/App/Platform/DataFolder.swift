// Where the core keeps its data: a folder in Application Support that iOS encrypts with the
// phone's passcode (readable after the first unlock, like the key) and that is never backed up.
// The camera's files wait in a subfolder of it until the core takes them in.

import Foundation

/// The app's data folder.
enum DataFolder {
    /// The core's folder, made (protected, excluded from backups) if missing.
    static func prepare() throws -> URL {
        var folder = URL.applicationSupportDirectory.appending(path: "Pandu", directoryHint: .isDirectory)
        let files = FileManager.default
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        // New files inherit the folder's protection class.
        try files.setAttributes(
            [.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication],
            ofItemAtPath: folder.path(percentEncoded: false)
        )
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try folder.setResourceValues(values)
        return folder
    }

    /// A new file name for a camera photo, inside the data folder (never the photo library).
    static func newCameraFile() throws -> URL {
        let camera = try prepare().appending(path: "camera", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: camera, withIntermediateDirectories: true)
        return camera.appending(path: "\(UUID().uuidString).jpg")
    }
}
