// The app's entry: one AppModel and one PrivacyShield for the process, and the background refresh
// that syncs.

import SwiftUI

@main
struct PanduApp: App {
    @State private var app = AppModel()
    @State private var shield = PrivacyShield()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            RootView()
                .environment(app)
                .environment(shield)
                .task { await app.start() }
        }
        .onChange(of: scenePhase) { _, phase in
            if phase == .background { BackgroundSync.schedule() }
        }
        .backgroundTask(.appRefresh(BackgroundSync.identifier)) { [app] in
            await app.backgroundSync()
        }
    }
}
