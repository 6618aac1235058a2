// Sign-in and enrolment: the office's address, the user name, and a password or the one-time code
// an admin gave. The core checks everything and keeps the account.

import PanduCore
import PanduGateway
import SwiftUI
import UIKit

/// The sign-in screen's state.
@MainActor
@Observable
final class SignInModel: ScreenModel {
    var serverUrl = ""
    var username = ""
    /// Sign in with an enrolment code instead of a password.
    var withCode = false
    /// The password or the code.
    var secret = ""
    var deviceName = UIDevice.current.name
    var failure: GatewayFailure?
    private(set) var busy = false
    private let gateway: any CoreGateway

    init(gateway: any CoreGateway) {
        self.gateway = gateway
    }

    /// All fields are filled in.
    var canSubmit: Bool {
        ![serverUrl, username, secret, deviceName].contains { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Sign in; the account, or `nil` with the failure kept.
    func signIn() async -> AccountInfo? {
        busy = true
        defer { busy = false }
        let request = SignInRequest(
            serverUrl: serverUrl.trimmingCharacters(in: .whitespaces),
            username: username.trimmingCharacters(in: .whitespaces),
            credential: withCode
                ? .enrolmentCode(code: secret.trimmingCharacters(in: .whitespaces))
                : .password(password: secret),
            deviceName: deviceName
        )
        return await attempt { try await gateway.signIn(request) }
    }
}

/// The sign-in screen.
struct SignInView: View {
    @State private var model: SignInModel
    @Environment(AppModel.self) private var app

    init(gateway: any CoreGateway) {
        _model = State(initialValue: SignInModel(gateway: gateway))
    }

    var body: some View {
        NavigationStack {
            Form {
                Section("Kantor") {
                    TextField("Alamat server", text: $model.serverUrl, prompt: Text(verbatim: "https://"))
                        .keyboardType(.URL)
                        .textContentType(.URL)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                }
                Section("Akun") {
                    TextField("Nama pengguna", text: $model.username)
                        .textContentType(.username)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    Picker("Cara masuk", selection: $model.withCode) {
                        Text("Kata sandi").tag(false)
                        Text("Kode pendaftaran").tag(true)
                    }
                    .pickerStyle(.segmented)
                    SecureField(model.withCode ? LocalizedStringKey("Kode pendaftaran") : "Kata sandi", text: $model.secret)
                        .textContentType(model.withCode ? .oneTimeCode : .password)
                }
                Section("Ponsel ini") {
                    TextField("Nama ponsel", text: $model.deviceName)
                }
                Button {
                    Task {
                        if let account = await model.signIn() { app.signedIn(account) }
                    }
                } label: {
                    Text("Masuk").frame(maxWidth: .infinity, minHeight: 44)
                }
                .buttonStyle(.borderedProminent)
                .disabled(!model.canSubmit || model.busy)
            }
            .navigationTitle("Masuk ke Pandu")
            .overlay { if model.busy { ProgressView() } }
            .failureAlert($model.failure)
        }
    }
}

#Preview {
    SignInView(gateway: FakeGateway(signedIn: nil))
        .environment(AppModel(gateway: FakeGateway(signedIn: nil)))
}
