//! The JSON of API v1 as the device sends and reads it. The office server's handlers define the
//! same shapes on their side; the end-to-end tests (real server, real device) keep the two honest.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::signing::{Receipt, ServerKey};
use crate::i18n::{Problem, Text};

/// `POST /api/v1/devices`: sign in with a password or a one-time enrolment code.
#[derive(Serialize)]
pub struct EnrolRequest<'a> {
    /// The account's user name.
    pub username: &'a str,
    /// The password, when signing in with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<&'a str>,
    /// The enrolment code, when signing in with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrolment_code: Option<&'a str>,
    /// The name the user gives this device.
    pub device_name: &'a str,
    /// The device's Ed25519 public key, hex.
    pub public_key: &'a str,
}

/// What the server answers a sign-in with.
#[derive(Deserialize)]
pub struct Enrolled {
    /// The device's id at the server.
    pub device_id: i64,
    /// The device token (secret).
    pub token: String,
    /// The account.
    pub user: EnrolledUser,
    /// The server's receipt public keys.
    pub receipt_keys: Vec<ServerKey>,
}

/// The account as the server describes it at sign-in.
#[derive(Deserialize)]
pub struct EnrolledUser {
    /// User name.
    pub username: String,
    /// `volunteer`, `peksos`, `supervisor` or `admin`.
    pub role: String,
    /// Kemendagri codes of the kelurahan the account works in.
    pub kelurahan: Vec<String>,
}

/// `GET /api/v1/keys`.
#[derive(Deserialize)]
pub struct Keys {
    /// Active and retired receipt keys.
    pub keys: Vec<ServerKey>,
}

/// One page of `GET /api/v1/changes`.
#[derive(Deserialize)]
pub struct ChangesPage {
    /// The entries, oldest first.
    pub changes: Vec<Change>,
    /// The cursor to ask with next time.
    pub next: String,
    /// True when more entries wait.
    pub more: bool,
}

/// One feed entry.
#[derive(Deserialize)]
pub struct Change {
    /// Position in the feed.
    pub seq: i64,
    /// `form`, `household`, `assignment` or `decision`.
    pub kind: String,
    /// The entry.
    pub data: serde_json::Value,
}

/// One record in a `POST /api/v1/records` batch.
#[derive(Serialize)]
pub struct OutgoingRecord<'a> {
    /// The canonical body exactly as stored.
    pub body: &'a RawValue,
    /// Its SHA-256 hex.
    pub sha256: &'a str,
    /// The device's signature over `pandu-record/1\n{sha256}`, hex.
    pub device_signature: String,
    /// SHA-256 hex of every photo of the record.
    pub media: &'a [String],
}

/// A batch of records.
#[derive(Serialize)]
pub struct Batch<'a> {
    /// At most 500.
    pub records: Vec<OutgoingRecord<'a>>,
}

/// The answers to a batch, one per record, in order.
#[derive(Deserialize)]
pub struct BatchResult {
    /// One per record sent.
    pub results: Vec<Outcome>,
}

/// What became of one record at the office (the server answers it, the device reads it).
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Kept now.
    Accepted {
        /// The signed receipt.
        receipt: Receipt,
    },
    /// Kept before; the same receipt again.
    Duplicate {
        /// The signed receipt.
        receipt: Receipt,
    },
    /// The id is kept with other content; this one is held for the office to review.
    Conflict {
        /// Why.
        problems: Vec<Problem>,
    },
    /// Refused for good.
    Rejected {
        /// Why.
        problems: Vec<Problem>,
    },
    /// Send these photos, then the record again.
    WaitingForMedia {
        /// Photos the server lacks.
        missing_media: Vec<String>,
    },
}

/// An error answer.
#[derive(Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code.
    pub code: String,
    /// Bilingual message.
    pub message: Text,
}
