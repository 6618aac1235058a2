//! Why a sync step stopped, sorted by what the device should do next: retry soon (the network
//! dropped), wait for a real connection (no network, or a Wi-Fi login page), ask the user to sign
//! in again, or show the office's refusal. Every kind has its bilingual text.

use crate::i18n::Text;

/// A sync step that did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No connection to the office server: no network, or a Wi-Fi login page answered instead.
    #[error("not connected to the office server: {0}")]
    NotConnected(String),
    /// The connection broke, timed out or the server was busy; the same step can be retried.
    #[error("interrupted: {0}")]
    Interrupted(String),
    /// The device token was refused (revoked or unknown): sign in again.
    #[error("sign-in needed: {code}")]
    SignInNeeded {
        /// The server's code, e.g. `auth.revoked`.
        code: String,
        /// The server's bilingual message.
        message: Text,
    },
    /// The server refused the request for good.
    #[error("refused by the server ({status} {code})")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's machine-readable code.
        code: String,
        /// The server's bilingual message.
        message: Text,
    },
    /// The user (or the system) cancelled the run.
    #[error("cancelled")]
    Cancelled,
    /// The device is not signed in to any server.
    #[error("this device is not signed in")]
    NotEnrolled,
    /// A receipt did not verify with the server's keys: the record stays queued.
    #[error("receipt for record {0} does not verify")]
    BadReceipt(String),
    /// The device's own store failed.
    #[error(transparent)]
    Local(#[from] crate::Error),
}

impl SyncError {
    /// True when trying the same step again soon may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Interrupted(_))
    }

    /// What to tell the user.
    pub fn text(&self) -> Text {
        match self {
            Self::NotConnected(_) => Text::new(
                "Tidak tersambung ke server kantor (tidak ada jaringan, atau Wi-Fi meminta login). Data aman di perangkat; kirim lagi nanti.",
                "Not connected to the office server (no network, or the Wi-Fi wants a login). Your data is safe on this device; send again later.",
            ),
            Self::Interrupted(_) => Text::new(
                "Sambungan terputus. Data aman di perangkat; pengiriman akan dilanjutkan dari titik terakhir.",
                "The connection dropped. Your data is safe on this device; sending will resume where it stopped.",
            ),
            Self::SignInNeeded { .. } => Text::new(
                "Perangkat ini perlu masuk lagi (izin perangkat dicabut atau habis). Data tetap aman di perangkat.",
                "This device must sign in again (its access was revoked or has expired). Your data stays on this device.",
            ),
            Self::Refused { message, .. } => message.clone(),
            Self::Cancelled => Text::new(
                "Pengiriman dibatalkan. Data aman di perangkat.",
                "Sending was cancelled. Your data is safe on this device.",
            ),
            Self::NotEnrolled => Text::new(
                "Perangkat ini belum terdaftar di server kantor. Masuk dulu.",
                "This device is not signed in to an office server yet. Sign in first.",
            ),
            Self::BadReceipt(_) => Text::new(
                "Tanda terima dari server tidak sah; catatan tetap disimpan dan dikirim lagi.",
                "The server's receipt is not valid; the record is kept and will be sent again.",
            ),
            Self::Local(e) => e.text(),
        }
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Local(e.into())
    }
}
