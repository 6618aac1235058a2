// One alert for every failed call, offering what the failure calls for: try again, sign in, or
// just read the message (with a code to tell the admin when the phone's storage failed).

import PanduGateway
import SwiftUI

extension View {
    /// Show `failure` as an alert; `retry` is offered when the network failed.
    func failureAlert(_ failure: Binding<GatewayFailure?>, retry: (() -> Void)? = nil) -> some View {
        modifier(FailureAlert(failure: failure, retry: retry))
    }
}

/// The alert for a gateway failure.
private struct FailureAlert: ViewModifier {
    @Binding var failure: GatewayFailure?
    let retry: (() -> Void)?
    @Environment(AppModel.self) private var app

    func body(content: Content) -> some View {
        content.alert(title, isPresented: shown, presenting: failure) { failure in
            switch failure {
            case .retry:
                if let retry { Button("Coba lagi", action: retry) }
                Button("Tutup", role: .cancel) {}
            case .signIn:
                Button("Masuk") { app.needsSignIn() }
            case .showMessage, .report:
                Button("Oke", role: .cancel) {}
            }
        } message: { failure in
            if case .report(let text, let code) = failure {
                Text(verbatim: text.localized + "\n\n") + Text("Kode untuk admin: \(code)")
            } else {
                Text(verbatim: failure.text.localized)
            }
        }
    }

    private var shown: Binding<Bool> {
        Binding(get: { failure != nil }, set: { if !$0 { failure = nil } })
    }

    private var title: LocalizedStringKey {
        switch failure {
        case .retry: "Tidak ada koneksi"
        case .showMessage: "Periksa lagi"
        case .signIn: "Perlu masuk lagi"
        case .report, nil: "Terjadi masalah"
        }
    }
}
