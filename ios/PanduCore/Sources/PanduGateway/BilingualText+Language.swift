// The core gives every user-facing text in Indonesian and English; this picks the one the app
// shows, by the language the app runs in (Indonesian unless the user chose English).

import Foundation
import PanduCore

extension BilingualText {
    /// The text in the app's language: English when the app runs in English, else Indonesian.
    public var localized: String {
        text(forLanguage: Bundle.main.preferredLocalizations.first ?? "id")
    }

    /// The text for the language code `language` (`"en"`, `"en-GB"`, `"id"`, …); Indonesian
    /// for every language but English.
    public func text(forLanguage language: String) -> String {
        Locale.Language(identifier: language).languageCode == .english ? en : id
    }
}
