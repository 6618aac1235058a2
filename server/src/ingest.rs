//! Taking in one record from a device: decode, check its hash and the device's signature, answer a
//! retry with the receipt already given, refuse what breaks the rules (with reasons, so the device
//! sets it aside instead of retrying), wait for missing photos, and otherwise keep it and sign a
//! receipt. Idempotent: the record id decides, and a concurrent duplicate finds the kept record.

use chrono::Utc;
use pandu_core::form::Answer;
use pandu_core::session::record::{canonical, RecordBody};
use pandu_core::session::validate;
use pandu_core::{Problem, Text};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::media::{MediaName, MediaStore};
use crate::model::{ReceiptKey, User};
use crate::receipt::{self, Receipt};
use crate::scope;
use crate::store::{
    Inserted, NewConflict, NewRecord, Store, StoreError, StoreResult, StoredRecord,
};

/// One record as a device sends it.
#[derive(Deserialize)]
pub struct Item {
    /// The record body (a `RecordBody`; decoded per item so one bad item spoils no other).
    pub body: Value,
    /// SHA-256 hex of the canonical body, as the device computed it.
    pub sha256: String,
    /// The device's Ed25519 signature (hex) over `pandu-record/1\n{sha256}`.
    pub device_signature: String,
    /// SHA-256 hex of every photo of the record.
    #[serde(default)]
    pub media: Vec<String>,
}

/// What became of one record.
#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Kept now; here is the receipt.
    Accepted {
        /// The signed receipt.
        receipt: Receipt,
    },
    /// Kept before with the same content; the same receipt again.
    Duplicate {
        /// The signed receipt given the first time.
        receipt: Receipt,
    },
    /// A record with this id is kept with other content; this one is refused and kept for review.
    Conflict {
        /// Why.
        problems: Vec<Problem>,
    },
    /// Refused for good: do not send again.
    Rejected {
        /// Why.
        problems: Vec<Problem>,
    },
    /// Send these photos, then the record again.
    WaitingForMedia {
        /// SHA-256 hex of the photos the server does not have.
        missing_media: Vec<String>,
    },
}

/// The answer for one record.
#[derive(Debug, Serialize)]
pub struct ItemResult {
    /// The record id, when the body had one.
    pub id: Option<String>,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Everything taking in a record needs: where to keep it, who sends it, the receipt key.
pub struct Intake<'a> {
    /// The database.
    pub store: &'a dyn Store,
    /// The photo folder.
    pub media: &'a MediaStore,
    /// The key signing receipts now.
    pub key: &'a ReceiptKey,
    /// The sender's account.
    pub user: &'a User,
    /// The sending device.
    pub device_id: i64,
    /// The sending device's public key, hex.
    pub device_key: &'a str,
}

/// A record that decoded and whose hash and signature hold.
struct Checked {
    body: RecordBody,
    text: String,
    sha256: String,
    media: Vec<String>,
}

impl Intake<'_> {
    /// Take in `item`.
    pub async fn take(&self, item: Item) -> StoreResult<ItemResult> {
        let id = item
            .body
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let outcome = match self.check(item) {
            Ok(record) => self.keep(record).await?,
            Err(problem) => Outcome::Rejected {
                problems: vec![problem],
            },
        };
        Ok(ItemResult { id, outcome })
    }

    fn check(&self, item: Item) -> Result<Checked, Problem> {
        let body: RecordBody = serde_json::from_value(item.body).map_err(|_| malformed())?;
        let (text, sha256) = canonical(&body).map_err(|_| malformed())?;
        if sha256 != item.sha256.to_ascii_lowercase() {
            return Err(hash_mismatch());
        }
        let message = receipt::device_message(&sha256);
        if !receipt::verify(self.device_key, &message, &item.device_signature) {
            return Err(bad_signature());
        }
        Ok(Checked {
            body,
            text,
            sha256,
            media: item.media,
        })
    }

    async fn keep(&self, record: Checked) -> StoreResult<Outcome> {
        if let Some(kept) = self.store.record(&record.body.id).await? {
            return self.answer_existing(&record, kept).await;
        }
        let problems = self.rule_problems(&record).await?;
        if !problems.is_empty() {
            return Ok(Outcome::Rejected { problems });
        }
        let missing = self.missing_media(&record.media);
        if !missing.is_empty() {
            return Ok(Outcome::WaitingForMedia {
                missing_media: missing,
            });
        }
        let receipt = receipt::sign(
            self.key,
            &record.body.id,
            &record.sha256,
            &record.media,
            Utc::now(),
        )
        .map_err(StoreError::Backend)?;
        let new = NewRecord {
            id: record.body.id.clone(),
            sha256: record.sha256.clone(),
            body: record.text.clone(),
            user_id: self.user.id,
            device_id: self.device_id,
            household_id: record.body.household_id.clone(),
            receipt: serde_json::to_string(&receipt)
                .map_err(|e| StoreError::Backend(e.to_string()))?,
        };
        match self.store.insert_record(&new).await? {
            Inserted::New => Ok(Outcome::Accepted { receipt }),
            Inserted::Existing(kept) => self.answer_existing(&record, kept).await,
        }
    }

    /// A retry gets its receipt again; other content under the same id is a conflict.
    async fn answer_existing(&self, record: &Checked, kept: StoredRecord) -> StoreResult<Outcome> {
        if kept.sha256 == record.sha256 {
            let receipt = serde_json::from_str(&kept.receipt)
                .map_err(|e| StoreError::Backend(e.to_string()))?;
            return Ok(Outcome::Duplicate { receipt });
        }
        self.store
            .insert_conflict(&NewConflict {
                record_id: record.body.id.clone(),
                sha256: record.sha256.clone(),
                body: record.text.clone(),
                user_id: self.user.id,
                device_id: self.device_id,
            })
            .await?;
        Ok(Outcome::Conflict {
            problems: vec![conflict()],
        })
    }

    /// The form rules of the core, the sender's role and area, and the photo list.
    async fn rule_problems(&self, record: &Checked) -> StoreResult<Vec<Problem>> {
        let body = &record.body;
        let mut problems = validate::check_record(body);
        if !scope::may_send(self.user.role, body.kind) {
            problems.push(scope::kind_refused());
        }
        if let Some(household) = &body.household_id {
            let kelurahan = self.store.household_kelurahan(household).await?;
            if kelurahan.is_some_and(|k| !self.user.covers(&k)) {
                problems.push(scope::household_refused());
            }
        }
        problems.extend(media_problems(body, &record.media));
        Ok(problems)
    }

    fn missing_media(&self, media: &[String]) -> Vec<String> {
        media
            .iter()
            .filter_map(|m| MediaName::parse(m).ok())
            .filter(|m| !self.media.has(m))
            .map(|m| m.as_str().to_owned())
            .collect()
    }
}

/// Every photo must be named validly, and every photo answer or evidence must be in the list.
fn media_problems(body: &RecordBody, media: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    if media.iter().any(|m| MediaName::parse(m).is_err()) {
        problems.push(Problem::error(
            "media.bad_name",
            Text::new(
                "Nama foto harus SHA-256 (64 digit hex huruf kecil).",
                "A photo name must be a SHA-256 (64 lower-case hex digits).",
            ),
        ));
    }
    let answered = body.answers.values().filter_map(|answer| match answer {
        Answer::Photo(hash) => Some(hash),
        _ => None,
    });
    let evidence = body.evidence.iter().map(|e| &e.photo_id);
    let unlisted = answered.chain(evidence).any(|hash| !media.contains(hash));
    if unlisted {
        problems.push(Problem::error(
            "record.media_unlisted",
            Text::new(
                "Ada foto (jawaban atau bukti) yang tidak tercantum dalam daftar foto catatan.",
                "A photo (answer or evidence) is missing from the record's photo list.",
            ),
        ));
    }
    problems
}

fn malformed() -> Problem {
    Problem::error(
        "record.malformed",
        Text::new(
            "Isi catatan tidak bisa dibaca sebagai catatan Pandu.",
            "The record body cannot be read as a Pandu record.",
        ),
    )
}

fn hash_mismatch() -> Problem {
    Problem::error(
        "record.hash_mismatch",
        Text::new(
            "SHA-256 catatan tidak sesuai dengan isinya.",
            "The record's SHA-256 does not match its content.",
        ),
    )
}

fn bad_signature() -> Problem {
    Problem::error(
        "record.bad_signature",
        Text::new(
            "Tanda tangan perangkat pada catatan tidak sah.",
            "The device signature on the record is not valid.",
        ),
    )
}

fn conflict() -> Problem {
    Problem::error(
        "record.conflict",
        Text::new(
            "Nomor catatan ini sudah dipakai untuk isi yang lain; disimpan untuk diperiksa kantor.",
            "This record id is already used with other content; kept for the office to review.",
        ),
    )
}
