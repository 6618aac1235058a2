// The root: opening, a failure to open, sign-in, or the signed-in app with its navigation; and
// the privacy cover over a sensitive screen whenever the app is not active (the app switcher).

import PanduCore
import PanduGateway
import SwiftUI

/// Where a signed-in user can go from the home screen.
enum Route: Hashable {
    case search
    case household(id: String)
    case session(SessionStart)
    case sync
}

/// How a visit or report screen gets its session.
enum SessionStart: Hashable {
    case visit(householdId: String)
    case report(householdId: String?)
    case resume(draftId: String)
}

/// The app's root view.
struct RootView: View {
    @Environment(AppModel.self) private var app
    @Environment(PrivacyShield.self) private var shield
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        phaseView.overlay {
            if scenePhase != .active && shield.isNeeded { PrivacyCover() }
        }
    }

    @ViewBuilder
    private var phaseView: some View {
        switch app.phase {
        case .opening:
            ProgressView("Membuka data…")
        case .platformFailed(let reason):
            cannotOpen(Text(reason))
        case .failed(let failure):
            cannotOpen(Text(verbatim: failure.text.localized))
        case .signIn:
            SignInView(gateway: app.gateway)
        case .ready(let account):
            SignedInView(account: account)
        }
    }
}

extension RootView {
    private func cannotOpen(_ reason: Text) -> some View {
        ContentUnavailableView {
            Label("Data tidak dapat dibuka", systemImage: "exclamationmark.lock")
        } description: {
            reason
        }
    }
}

/// The signed-in app: home and the screens it leads to.
private struct SignedInView: View {
    let account: AccountInfo
    @Environment(AppModel.self) private var app
    @State private var path: [Route] = []

    var body: some View {
        NavigationStack(path: $path) {
            HomeView(gateway: app.gateway, account: account)
                .navigationDestination(for: Route.self) { route in
                    switch route {
                    case .search: SearchView(gateway: app.gateway)
                    case .household(let id): HouseholdView(gateway: app.gateway, householdId: id)
                    case .session(let start): SessionView(gateway: app.gateway, start: start, officer: account.username)
                    case .sync: SyncView(gateway: app.gateway)
                    }
                }
        }
    }
}
