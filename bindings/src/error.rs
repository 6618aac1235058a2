//! The one error type a shell sees. Its variants are what the shell does next — retry (network),
//! show the message (invalid), sign in (signed out), ask for the right key (locked), report
//! (storage) — and each carries an Indonesian and English text with no personal data: no names,
//! no NIKs, no file paths.

use pandu_core::sync::SyncError;
use pandu_core::{Error, Text};

use crate::convert::{BilingualText, Problem};

/// Why a call failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum PanduError {
    /// No connection to the office server, or it dropped: nothing was lost; try again later.
    #[error("network: {}", text.en)]
    Network {
        /// What to tell the user.
        text: BilingualText,
    },
    /// The input was refused and nothing changed: show the problems (each names its field).
    #[error("invalid input: {}", text.en)]
    Invalid {
        /// Each problem, with a stable code and its text.
        problems: Vec<Problem>,
        /// All the problems' texts joined, for a one-line message.
        text: BilingualText,
    },
    /// The data could not be opened with this key (wrong key, or not a Pandu data folder).
    #[error("locked: {}", text.en)]
    Locked {
        /// What to tell the user.
        text: BilingualText,
    },
    /// The device is not signed in, its sign-in was revoked, or the password was wrong: sign in.
    #[error("signed out: {}", text.en)]
    SignedOut {
        /// What to tell the user (the office's own message when it gave one).
        text: BilingualText,
    },
    /// The thing asked for does not exist; `kind` says what (e.g. `household`, `draft`).
    #[error("not found: {kind}")]
    NotFound {
        /// What kind of thing.
        kind: String,
        /// What to tell the user.
        text: BilingualText,
    },
    /// The action does not fit the current state (e.g. answering a finished visit).
    #[error("not allowed now: {}", text.en)]
    State {
        /// What to tell the user.
        text: BilingualText,
    },
    /// The core was closed; open it again.
    #[error("closed")]
    Closed {
        /// What to tell the user.
        text: BilingualText,
    },
    /// The device's storage failed or holds damaged data: report it to the admin.
    #[error("storage ({code}): {}", text.en)]
    Storage {
        /// Machine-readable kind: `storage.database`, `storage.file`, `storage.damaged`,
        /// `storage.form`, `storage.too_new`, `storage.receipt`.
        code: String,
        /// What to tell the user.
        text: BilingualText,
    },
}

impl PanduError {
    /// The error every call on a closed core gives.
    pub(crate) fn closed() -> Self {
        Self::Closed {
            text: Text::new(
                "Data Pandu sudah ditutup. Buka lagi.",
                "Pandu's data was closed. Open it again.",
            )
            .into(),
        }
    }

    /// A refusal with one problem of code `code`.
    pub(crate) fn invalid(code: &str, text: Text) -> Self {
        Error::invalid(pandu_core::Problem::error(code, text)).into()
    }

    /// What to tell the user.
    pub fn text(&self) -> BilingualText {
        match self {
            Self::Network { text }
            | Self::Invalid { text, .. }
            | Self::Locked { text }
            | Self::SignedOut { text }
            | Self::NotFound { text, .. }
            | Self::State { text }
            | Self::Closed { text }
            | Self::Storage { text, .. } => text.clone(),
        }
    }

    /// An action that does not fit the current state.
    pub(crate) fn state(text: Text) -> Self {
        Self::State { text: text.into() }
    }

    /// The same error, with its problems that name no field now about `field` (e.g. a date
    /// refused before the question it answers was looked at).
    pub(crate) fn about(mut self, field: &str) -> Self {
        if let Self::Invalid { problems, .. } = &mut self {
            for problem in problems.iter_mut().filter(|p| p.field.is_none()) {
                problem.field = Some(field.to_owned());
            }
        }
        self
    }
}

impl From<Error> for PanduError {
    fn from(e: Error) -> Self {
        let text = e.text().into();
        let storage = |code: &str| Self::Storage {
            code: code.to_owned(),
            text: e.text().into(),
        };
        match &e {
            Error::WrongKey => Self::Locked { text },
            Error::Invalid(problems) => Self::Invalid {
                problems: problems.iter().cloned().map(Problem::from).collect(),
                text,
            },
            Error::NotFound { kind, .. } => Self::NotFound {
                kind: (*kind).to_owned(),
                text,
            },
            Error::State(_) => Self::State { text },
            Error::StoreTooNew { .. } => storage("storage.too_new"),
            Error::Definition { .. } => storage("storage.form"),
            Error::Storage(_) => storage("storage.database"),
            Error::Io(_) => storage("storage.file"),
            Error::Corrupt(_) => storage("storage.damaged"),
        }
    }
}

impl From<SyncError> for PanduError {
    fn from(e: SyncError) -> Self {
        let text = e.text().into();
        match e {
            SyncError::NotConnected(_) | SyncError::Interrupted(_) => Self::Network { text },
            SyncError::SignInNeeded { .. } | SyncError::NotEnrolled => Self::SignedOut { text },
            SyncError::Refused { status: 401, .. } => Self::SignedOut { text },
            SyncError::Refused { code, message, .. } => Self::invalid(&code, message),
            SyncError::Cancelled => Self::State { text },
            SyncError::BadReceipt(_) => Self::Storage {
                code: "storage.receipt".into(),
                text,
            },
            SyncError::Local(e) => e.into(),
        }
    }
}

/// Take `mutex` even when a call that panicked while holding it left it poisoned: what it guards
/// is saved in the store, whose half-done transaction was rolled back, so it is safe to go on.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
