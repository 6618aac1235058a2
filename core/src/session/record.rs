//! Finished work becomes an immutable record: canonical JSON with its SHA-256, written with its
//! outbox entry in the same transaction that removes the draft. Records are never edited; a
//! correction is a new record that points at the old one.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::draft::Consent;
use crate::eligibility::{Assessment, CriterionStatus};
use crate::error::{Error, Result};
use crate::evidence::Evidence;
use crate::form::Answers;

/// The version of the record layout below.
pub const RECORD_SCHEMA: u32 = 1;

/// What kind of record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A finished home visit.
    Visit,
    /// A visit the household refused: only that fact is kept.
    VisitRefused,
    /// An RT/RW report.
    Report,
}

/// Who signs the record off, and that they confirm it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    /// The officer's account name or id.
    pub officer: String,
    /// The officer confirmed that the record is true to the visit.
    pub confirmed: bool,
}

/// One criterion as the record keeps it: its number and whether it was met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionResult {
    /// 1 to 12.
    pub number: u8,
    /// Met, not met or unknown.
    pub status: CriterionStatus,
}

/// The content of a record, as sent to the office.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordBody {
    /// Layout version.
    pub schema: u32,
    /// Record id (UUID v7), the permanent idempotency key.
    pub id: String,
    /// Visit, refusal or report.
    pub kind: RecordKind,
    /// Form id.
    pub form_id: String,
    /// Form version.
    pub form_version: u32,
    /// The household, if any.
    pub household_id: Option<String>,
    /// When the session started.
    pub started_at: DateTime<Utc>,
    /// When it was finished.
    pub finished_at: DateTime<Utc>,
    /// Consent or legal basis (visits).
    pub consent: Option<Consent>,
    /// Another family's visit to the same dwelling whose dwelling answers this one reused.
    pub dwelling_from: Option<String>,
    /// The answers that count (hidden ones dropped).
    pub answers: Answers,
    /// Each criterion decided (visits); the answers behind them are in `answers`.
    pub criteria: Vec<CriterionResult>,
    /// Where, when and how each photo taken on this visit was made, with its flags.
    pub evidence: Vec<Evidence>,
    /// Score, path and errors (visits).
    pub assessment: Option<Assessment>,
    /// Who signed it off.
    pub sign_off: SignOff,
}

impl RecordBody {
    /// SHA-256 hex of every photo the record refers to (photo answers and evidence), ascending,
    /// each once: the list the office server needs before it accepts the record.
    pub fn photos(&self) -> Vec<String> {
        let answered = self.answers.values().filter_map(|answer| match answer {
            crate::form::Answer::Photo(hash) => Some(hash.clone()),
            _ => None,
        });
        let evidence = self.evidence.iter().map(|e| e.photo_id.clone());
        let mut photos: Vec<String> = answered.chain(evidence).collect();
        photos.sort();
        photos.dedup();
        photos
    }
}

/// A record as kept on the device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredRecord {
    /// The body.
    pub body: RecordBody,
    /// SHA-256 of the canonical JSON of the body, hex.
    pub sha256: String,
}

/// The canonical bytes of `body` and their SHA-256 hex.
pub fn canonical(body: &RecordBody) -> Result<(String, String)> {
    let text = serde_json::to_string(body).map_err(|e| Error::Corrupt(e.to_string()))?;
    let hash = hex::encode(Sha256::digest(text.as_bytes()));
    Ok((text, hash))
}

/// Write `body` and queue it in the outbox. Returns its hash.
pub fn insert(tx: &Transaction<'_>, body: &RecordBody) -> Result<String> {
    let (text, hash) = canonical(body)?;
    let kind = serde_json::to_value(body.kind).map_err(|e| Error::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO record (id, kind, household_id, form_id, form_version, finished_at, body, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        body.id,
        kind.as_str(),
        body.household_id,
        body.form_id,
        body.form_version,
        body.finished_at.to_rfc3339(),
        text,
        hash
    ])?;
    tx.prepare_cached("INSERT INTO outbox (record_id, queued_at) VALUES (?1, ?2)")?
        .execute(params![body.id, body.finished_at.to_rfc3339()])?;
    Ok(hash)
}

/// The record with `id`, its stored text checked against its hash.
pub fn load(conn: &Connection, id: &str) -> Result<StoredRecord> {
    let (text, sha256): (String, String) = conn
        .prepare_cached("SELECT body, sha256 FROM record WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
                kind: "record",
                id: id.to_owned(),
            },
            other => other.into(),
        })?;
    if hex::encode(Sha256::digest(text.as_bytes())) != sha256 {
        return Err(Error::Corrupt(format!(
            "record {id} does not match its hash"
        )));
    }
    let body: RecordBody =
        serde_json::from_str(&text).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(StoredRecord { body, sha256 })
}

/// The newest visit to `dwelling_id` by another household than `household_id`, finished at or
/// after `since`.
pub fn latest_dwelling_visit(
    conn: &Connection,
    dwelling_id: &str,
    household_id: &str,
    since: DateTime<Utc>,
) -> Result<Option<StoredRecord>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT r.id FROM record r JOIN household h ON h.id = r.household_id
             WHERE h.dwelling_id = ?1 AND r.household_id <> ?2 AND r.kind = 'visit' AND r.finished_at >= ?3
             ORDER BY r.finished_at DESC LIMIT 1",
        )?
        .query_row(params![dwelling_id, household_id, since.to_rfc3339()], |r| r.get(0))
        .optional()?;
    id.map(|id| load(conn, &id)).transpose()
}

/// Ids of the records of a household, oldest first (its earlier visits).
pub fn for_household(conn: &Connection, household_id: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM record WHERE household_id = ?1 ORDER BY finished_at")?;
    let rows = stmt.query_map([household_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many records wait in the outbox to be sent (set-aside and sent ones not counted).
pub fn outbox_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE state IN ('pending', 'waiting_media')",
        [],
        |r| r.get(0),
    )?)
}
