// Screens that show NIKs or a family's answers register here while they are on screen; the app
// then covers itself whenever it is not active, so the app switcher's snapshot shows nothing.

import SwiftUI

/// Counts the sensitive screens on display.
@MainActor
@Observable
final class PrivacyShield {
    private var shown = 0

    /// A sensitive screen is on display.
    var isNeeded: Bool { shown > 0 }

    fileprivate func enter() { shown += 1 }
    fileprivate func leave() { shown = max(shown - 1, 0) }
}

extension View {
    /// This screen shows NIKs or a family's answers: cover the app in the app switcher.
    func privacySensitiveScreen() -> some View {
        modifier(SensitiveScreen())
    }
}

private struct SensitiveScreen: ViewModifier {
    @Environment(PrivacyShield.self) private var shield

    func body(content: Content) -> some View {
        content
            .onAppear { shield.enter() }
            .onDisappear { shield.leave() }
    }
}

/// What the app switcher shows instead of a sensitive screen.
struct PrivacyCover: View {
    var body: some View {
        ZStack {
            Color(.systemBackground).ignoresSafeArea()
            VStack(spacing: 12) {
                Image(systemName: "lock.shield").font(.system(size: 56))
                Text(verbatim: "Pandu").font(.title.bold())
            }
        }
    }
}
