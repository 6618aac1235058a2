//! What a failed command tells: a bilingual text, a technical detail, and an exit code a script
//! (or the fault tests) can act on.

use pandu_core::sync::SyncError;
use pandu_core::Text;

/// Exit code: a local problem (bad input, store).
pub const LOCAL: u8 = 1;
/// Exit code: sync stopped early and can be run again (network, cancel).
pub const RETRY: u8 = 3;
/// Exit code: sign in again.
pub const SIGN_IN: u8 = 4;
/// Exit code: the office refused.
pub const REFUSED: u8 = 5;

/// A command that failed.
#[derive(Debug)]
pub struct Failure {
    /// What to tell the user.
    pub text: Text,
    /// Technical detail, when there is one.
    pub detail: Option<String>,
    /// The process exit code.
    pub exit_code: u8,
}

impl Failure {
    /// A local failure with `text`.
    pub fn local(text: Text) -> Self {
        Self {
            text,
            detail: None,
            exit_code: LOCAL,
        }
    }
}

impl From<pandu_core::Error> for Failure {
    fn from(e: pandu_core::Error) -> Self {
        let detail = match &e {
            pandu_core::Error::Invalid(problems) => Some(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field.as_deref().unwrap_or("-"), p.text.en))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            other => Some(other.to_string()),
        };
        Self {
            text: e.text(),
            detail,
            exit_code: LOCAL,
        }
    }
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        let exit_code = match &e {
            SyncError::Interrupted(_) | SyncError::NotConnected(_) | SyncError::Cancelled => RETRY,
            SyncError::SignInNeeded { .. } | SyncError::NotEnrolled => SIGN_IN,
            SyncError::Refused { .. } | SyncError::BadReceipt(_) => REFUSED,
            SyncError::Local(_) => LOCAL,
        };
        Self {
            text: e.text(),
            detail: Some(e.to_string()),
            exit_code,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        pandu_core::Error::from(e).into()
    }
}
