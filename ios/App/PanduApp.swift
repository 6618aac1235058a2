// The app's entry: one AppModel for the process, the privacy cover over sensitive screens when
// the app is not active, and the background refresh that syncs.

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
                .overlay {
                    if scenePhase != .active && shield.isNeeded { PrivacyCover() }
                }
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
