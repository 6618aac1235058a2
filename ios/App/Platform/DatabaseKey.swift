// The core's data is opened with a random 32-byte key that lives only in this phone's Keychain:
// readable after the first unlock (so the background sync can open the data while the phone is
// locked) and never copied to a backup or another device.

import Foundation
import Security

/// The store key in the Keychain.
enum DatabaseKey {
    private static let service = "id.pandu.store-key"
    private static let account = "pandu"

    /// The key, made and saved on first use.
    static func loadOrCreate() throws -> Data {
        if let key = try load() { return key }
        let key = try random()
        try save(key)
        return key
    }

    private static func load() throws -> Data? {
        var query = baseQuery
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        switch status {
        case errSecSuccess: return item as? Data
        case errSecItemNotFound: return nil
        default: throw KeychainError(status: status)
        }
    }

    private static func save(_ key: Data) throws {
        var item = baseQuery
        item[kSecValueData as String] = key
        item[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(item as CFDictionary, nil)
        guard status == errSecSuccess else { throw KeychainError(status: status) }
    }

    private static func random() throws -> Data {
        var bytes = [UInt8](repeating: 0, count: 32)
        let status = SecRandomCopyBytes(kSecRandomDefault, bytes.count, &bytes)
        guard status == errSecSuccess else { throw KeychainError(status: status) }
        return Data(bytes)
    }

    private static var baseQuery: [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
        ]
    }
}

/// The Keychain refused; `status` is its OSStatus.
struct KeychainError: Error {
    let status: OSStatus
}
