//! The outbox as sync sees it: which finished records still go to the office, what became of each
//! one there (sent with a verified receipt, waiting for photos, set aside with the office's
//! reasons), and the summary the screens show. Every change of state is one transaction, so a
//! killed process resumes exactly where it stopped.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::signing::Receipt;
use crate::error::{Error, Result};
use crate::i18n::Problem;
use crate::session::record::RecordBody;

/// Where an outbox entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Not yet accepted: to be sent at the next sync.
    Pending,
    /// The office needs its photos first.
    WaitingMedia,
    /// Refused for good; shown with the reasons, never sent again.
    Rejected,
    /// The office holds other content under the same id; kept for review, not sent again.
    Conflict,
    /// The office holds it: a verified receipt is kept.
    Done,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::WaitingMedia => "waiting_media",
            Self::Rejected => "rejected",
            Self::Conflict => "conflict",
            Self::Done => "done",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        [
            Self::Pending,
            Self::WaitingMedia,
            Self::Rejected,
            Self::Conflict,
            Self::Done,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| Error::Corrupt(format!("outbox state {text}")))
    }
}

/// One outbox entry for the screens.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutboxEntry {
    /// The record id.
    pub record_id: String,
    /// `visit`, `visit_refused` or `report`.
    pub kind: String,
    /// The household, if any.
    pub household_id: Option<String>,
    /// When the record was finished (RFC 3339).
    pub finished_at: String,
    /// Where it stands.
    pub state: OutboxState,
    /// Times it was sent.
    pub attempts: i64,
    /// The office's reasons, for set-aside entries.
    pub problems: Vec<Problem>,
    /// Photos the office still needs.
    pub missing_media: Vec<String>,
    /// The verified receipt, once sent.
    pub receipt: Option<Receipt>,
}

/// Counts for the home screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxSummary {
    /// Records still to send.
    pub to_send: i64,
    /// Records waiting for their photos to be sent.
    pub waiting_for_media: i64,
    /// Records refused or in conflict: shown with reasons, not sent again.
    pub set_aside: i64,
    /// Records the office holds (verified receipt).
    pub sent: i64,
}

/// A record ready to go: its stored canonical text, hash and photos.
pub struct Sendable {
    /// Record id.
    pub record_id: String,
    /// Canonical JSON body, exactly as stored.
    pub text: String,
    /// Its SHA-256 hex.
    pub sha256: String,
    /// Its photos, ascending.
    pub photos: Vec<String>,
}

/// The counts of each state.
pub fn summary(conn: &Connection) -> Result<OutboxSummary> {
    let mut summary = OutboxSummary::default();
    let mut stmt = conn.prepare_cached("SELECT state, count(*) FROM outbox GROUP BY state")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (state, n) = row?;
        let slot = match OutboxState::parse(&state)? {
            OutboxState::Pending => &mut summary.to_send,
            OutboxState::WaitingMedia => &mut summary.waiting_for_media,
            OutboxState::Rejected | OutboxState::Conflict => &mut summary.set_aside,
            OutboxState::Done => &mut summary.sent,
        };
        *slot += n;
    }
    Ok(summary)
}

/// Every outbox entry, oldest first.
pub fn entries(conn: &Connection) -> Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.record_id, r.kind, r.household_id, r.finished_at, o.state, o.attempts,
                o.problems, o.missing_media, c.body
         FROM outbox o JOIN record r ON r.id = o.record_id LEFT JOIN receipt c ON c.record_id = o.record_id
         ORDER BY o.queued_at, o.record_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            (
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ),
            (r.get::<_, String>(4)?, r.get(5)?),
            (
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ),
        ))
    })?;
    rows.map(|row| {
        let (
            (record_id, kind, household_id, finished_at),
            (state, attempts),
            (problems, missing, receipt),
        ) = row?;
        Ok(OutboxEntry {
            record_id,
            kind,
            household_id,
            finished_at,
            state: OutboxState::parse(&state)?,
            attempts,
            problems: decode_or_default(problems.as_deref())?,
            missing_media: decode_or_default(missing.as_deref())?,
            receipt: receipt.as_deref().map(decode).transpose()?,
        })
    })
    .collect()
}

/// Records in `state`, oldest first, at most `limit`: those whose stored text matches its hash,
/// and the ids of those that do not (damaged: they must be set aside, never sent).
pub fn in_state(
    conn: &Connection,
    state: OutboxState,
    limit: usize,
) -> Result<(Vec<Sendable>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.body, r.sha256 FROM outbox o JOIN record r ON r.id = o.record_id
         WHERE o.state = ?1 ORDER BY o.queued_at, o.record_id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![state.as_str(), limit as i64], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let (mut good, mut damaged) = (Vec::new(), Vec::new());
    for row in rows {
        let (record_id, text, sha256) = row?;
        match sendable(&record_id, text, sha256) {
            Some(record) => good.push(record),
            None => damaged.push(record_id),
        }
    }
    Ok((good, damaged))
}

/// The record ready to send, or `None` when its text does not match its hash or cannot be read.
fn sendable(record_id: &str, text: String, sha256: String) -> Option<Sendable> {
    if hex::encode(Sha256::digest(text.as_bytes())) != sha256 {
        return None;
    }
    let body: RecordBody = decode(&text).ok()?;
    Some(Sendable {
        record_id: record_id.to_owned(),
        photos: body.photos(),
        text,
        sha256,
    })
}

/// Set aside a record whose stored text is damaged, with a bilingual reason.
pub fn set_aside_damaged(tx: &Transaction<'_>, record_id: &str) -> Result<()> {
    let problem = Problem::error(
        "record.damaged",
        crate::Text::new(
            "Catatan ini rusak di perangkat (isinya tidak cocok dengan sidiknya) dan tidak dikirim. Laporkan ke kantor.",
            "This record is damaged on the device (its content does not match its fingerprint) and was not sent. Tell the office.",
        ),
    );
    set_aside(tx, record_id, OutboxState::Rejected, &[problem])
}

/// The number of entries in `state`.
pub fn count(conn: &Connection, state: OutboxState) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM outbox WHERE state = ?1")?
        .query_row([state.as_str()], |r| r.get(0))?)
}

/// Keep the verified `receipt` and mark the record sent.
pub fn mark_done(tx: &Transaction<'_>, receipt: &Receipt) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO receipt (record_id, body, verified_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        receipt.record_id,
        encode(receipt)?,
        Utc::now().to_rfc3339()
    ])?;
    update(tx, &receipt.record_id, OutboxState::Done, None, None)
}

/// The office needs `missing` photos before it takes the record.
pub fn mark_waiting(tx: &Transaction<'_>, record_id: &str, missing: &[String]) -> Result<()> {
    update(
        tx,
        record_id,
        OutboxState::WaitingMedia,
        None,
        Some(encode(&missing)?),
    )
}

/// Set the record aside as `state` (rejected or conflict) with the office's reasons.
pub fn set_aside(
    tx: &Transaction<'_>,
    record_id: &str,
    state: OutboxState,
    problems: &[Problem],
) -> Result<()> {
    update(tx, record_id, state, Some(encode(&problems)?), None)
}

/// Records waiting for photos go back to be sent (their photos were just uploaded).
pub fn release_waiting(tx: &Transaction<'_>) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE outbox SET state = 'pending', missing_media = NULL WHERE state = 'waiting_media'",
        [],
    )?)
}

/// The office now holds photo `sha256`: strike it from every waiting record's list, so a run cut
/// after this point does not upload it again.
pub fn media_arrived(tx: &Transaction<'_>, sha256: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT record_id, missing_media FROM outbox
         WHERE state = 'waiting_media' AND instr(missing_media, ?1) > 0",
    )?;
    let rows = stmt.query_map([sha256], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    });
    let lists: Vec<(String, String)> = rows?.collect::<rusqlite::Result<_>>()?;
    for (record_id, list) in lists {
        let mut missing: Vec<String> = decode(&list)?;
        missing.retain(|m| m != sha256);
        tx.prepare_cached("UPDATE outbox SET missing_media = ?2 WHERE record_id = ?1")?
            .execute(params![record_id, encode(&missing)?])?;
    }
    Ok(())
}

/// Photos the office said it lacks, over every record waiting for photos, ascending.
pub fn missing_media(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT missing_media FROM outbox WHERE state = 'waiting_media' AND missing_media IS NOT NULL",
    )?;
    let lists = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut all = Vec::new();
    for list in lists {
        all.extend(decode::<Vec<String>>(&list?)?);
    }
    all.sort();
    all.dedup();
    Ok(all)
}

/// The receipt kept for `record_id`, if it was sent.
pub fn receipt(conn: &Connection, record_id: &str) -> Result<Option<Receipt>> {
    conn.prepare_cached("SELECT body FROM receipt WHERE record_id = ?1")?
        .query_row([record_id], |r| r.get::<_, String>(0))
        .optional()?
        .as_deref()
        .map(decode)
        .transpose()
}

fn update(
    tx: &Transaction<'_>,
    record_id: &str,
    state: OutboxState,
    problems: Option<String>,
    missing: Option<String>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE outbox SET state = ?2, problems = ?3, missing_media = ?4, attempts = attempts + 1, updated_at = ?5
         WHERE record_id = ?1",
    )?
    .execute(params![record_id, state.as_str(), problems, missing, Utc::now().to_rfc3339()])?;
    Ok(())
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(e.to_string()))
}

fn decode_or_default<T: serde::de::DeserializeOwned + Default>(text: Option<&str>) -> Result<T> {
    text.map(decode).transpose().map(Option::unwrap_or_default)
}
