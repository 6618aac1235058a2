// Why a gateway call failed, said as what the screen does next. Every error the core (or uniffi)
// throws becomes one of four actions, so no screen ever inspects PanduError itself.

import PanduCore

/// What a screen does about a failed call.
public enum GatewayFailure: Error, Equatable, Sendable {
    /// No connection, or it dropped; nothing was lost: offer to try again.
    case retry(BilingualText)
    /// The input was refused or the action does not fit now: show the message, and each problem
    /// beside its field.
    case showMessage(BilingualText, problems: [Problem])
    /// The device must sign in (again): signed out, revoked, or a wrong password.
    case signIn(BilingualText)
    /// The device's storage failed, or the app has a bug: show the message and the code to tell
    /// the admin.
    case report(BilingualText, code: String)

    /// The action for `error`: a `PanduError` by its variant; anything else (a panic inside the
    /// core surfaces as uniffi's internal error) is a bug to report.
    public init(_ error: any Error) {
        guard let error = error as? PanduError else {
            self = .report(Self.internalText, code: "internal")
            return
        }
        switch error {
        case .Network(let text):
            self = .retry(text)
        case .Invalid(let problems, let text):
            self = .showMessage(text, problems: problems)
        case .NotFound(_, let text), .State(let text):
            self = .showMessage(text, problems: [])
        case .SignedOut(let text):
            self = .signIn(text)
        // The key comes from the Keychain: a key that does not open the data, or a closed core,
        // is a fault to report, not something the user could put right by typing.
        case .Locked(let text):
            self = .report(text, code: "locked")
        case .Closed(let text):
            self = .report(text, code: "closed")
        case .Storage(let code, let text):
            self = .report(text, code: code)
        }
    }

    /// What to tell the user.
    public var text: BilingualText {
        switch self {
        case .retry(let text), .showMessage(let text, _), .signIn(let text), .report(let text, _):
            text
        }
    }

    /// The problems to show beside their fields (only for refused input).
    public var problems: [Problem] {
        if case .showMessage(_, let problems) = self { problems } else { [] }
    }

    /// The text of a failure that is not the core's own (a bug); it carries no detail, so no
    /// personal data can leak into it.
    static let internalText = BilingualText(
        id: "Terjadi kesalahan di aplikasi. Laporkan ke admin.",
        en: "Something went wrong in the app. Report it to the admin."
    )
}
