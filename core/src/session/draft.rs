//! Drafts on disk: an open session's position and answers, saved on every change so that a
//! killed app resumes exactly where the Peksos was. Each save is one small transaction.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::form::{Answer, Answers, FormKind};

/// Where the session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The privacy notice and consent (visits only).
    Consent,
    /// A page: the index of a section of the form.
    Section(usize),
    /// The summary before finishing.
    Summary,
}

/// The household's answer to the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// The legal basis recorded (a value of the form's consent bases).
    pub basis: String,
    /// When it was given.
    pub at: DateTime<Utc>,
}

/// The parts of a draft that are not answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftState {
    /// Current step.
    pub step: Step,
    /// Consent, once given.
    pub consent: Option<Consent>,
    /// The record of another family's visit to the same dwelling whose dwelling answers were reused.
    #[serde(default)]
    pub dwelling_from: Option<String>,
}

/// A draft as stored.
#[derive(Clone, Debug)]
pub struct StoredDraft {
    /// Draft id (UUID v7 text); it becomes the record id when finished.
    pub id: String,
    /// Visit or report.
    pub kind: FormKind,
    /// The household, if any.
    pub household_id: Option<String>,
    /// Form id.
    pub form_id: String,
    /// Form version.
    pub form_version: u32,
    /// Position and consent.
    pub state: DraftState,
    /// When the session started.
    pub started_at: DateTime<Utc>,
    /// Answers so far.
    pub answers: Answers,
}

fn kind_code(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Visit => "visit",
        FormKind::Report => "report",
    }
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

fn unjson<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Write a new draft with its first answers.
pub fn insert(tx: &Transaction<'_>, draft: &StoredDraft) -> Result<()> {
    tx.execute(
        "INSERT INTO draft (id, kind, household_id, form_id, form_version, state, started_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            draft.id,
            kind_code(draft.kind),
            draft.household_id,
            draft.form_id,
            draft.form_version,
            json(&draft.state)?,
            draft.started_at.to_rfc3339()
        ],
    )?;
    for (question, answer) in &draft.answers {
        save_answer(tx, &draft.id, question, Some(answer))?;
    }
    Ok(())
}

/// Save or clear one answer.
pub fn save_answer(
    tx: &Transaction<'_>,
    draft_id: &str,
    question: &str,
    answer: Option<&Answer>,
) -> Result<()> {
    match answer {
        Some(a) => tx
            .prepare_cached(
                "INSERT INTO draft_answer (draft_id, question_id, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (draft_id, question_id) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![draft_id, question, json(a)?])?,
        None => tx
            .prepare_cached("DELETE FROM draft_answer WHERE draft_id = ?1 AND question_id = ?2")?
            .execute(params![draft_id, question])?,
    };
    Ok(())
}

/// Save the position and consent.
pub fn save_state(
    tx: &Transaction<'_>,
    draft_id: &str,
    state: &DraftState,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached("UPDATE draft SET state = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![draft_id, json(state)?, now.to_rfc3339()])?;
    Ok(())
}

/// Remove a draft and its answers (after finishing or discarding).
pub fn delete(tx: &Transaction<'_>, draft_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM draft_answer WHERE draft_id = ?1")?
        .execute([draft_id])?;
    tx.prepare_cached("DELETE FROM draft WHERE id = ?1")?
        .execute([draft_id])?;
    Ok(())
}

/// Read a draft back.
pub fn load(conn: &Connection, draft_id: &str) -> Result<StoredDraft> {
    let row = conn
        .prepare_cached(
            "SELECT kind, household_id, form_id, form_version, state, started_at FROM draft WHERE id = ?1",
        )?
        .query_row([draft_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound { kind: "draft", id: draft_id.to_owned() })?;
    let (kind, household_id, form_id, form_version, state, started_at) = row;
    Ok(StoredDraft {
        id: draft_id.to_owned(),
        kind: if kind == "visit" {
            FormKind::Visit
        } else {
            FormKind::Report
        },
        household_id,
        form_id,
        form_version,
        state: unjson(&state)?,
        started_at: DateTime::parse_from_rfc3339(&started_at)
            .map_err(|e| Error::Corrupt(e.to_string()))?
            .with_timezone(&Utc),
        answers: load_answers(conn, draft_id)?,
    })
}

fn load_answers(conn: &Connection, draft_id: &str) -> Result<Answers> {
    let mut stmt =
        conn.prepare_cached("SELECT question_id, value FROM draft_answer WHERE draft_id = ?1")?;
    let rows = stmt.query_map([draft_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|row| {
        let (question, value) = row?;
        Ok((question, unjson(&value)?))
    })
    .collect()
}

/// A draft in the list of unfinished work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftListing {
    /// Draft id.
    pub id: String,
    /// Visit or report.
    pub kind: FormKind,
    /// Household, if any.
    pub household_id: Option<String>,
    /// Last saved.
    pub updated_at: String,
}

/// Every unfinished draft, newest first.
pub fn list(conn: &Connection) -> Result<Vec<DraftListing>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, household_id, updated_at FROM draft ORDER BY updated_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DraftListing {
            id: r.get(0)?,
            kind: if r.get::<_, String>(1)? == "visit" {
                FormKind::Visit
            } else {
                FormKind::Report
            },
            household_id: r.get(2)?,
            updated_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
