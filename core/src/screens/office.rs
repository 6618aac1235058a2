//! What the office sent to this user, for the home screen: the tasks still to do (a family to
//! visit from an RT/RW report, a visit sent back to be done again) and the outcomes of the
//! user's own records (decisions on visits, what became of a report). The entries arrive through
//! the change feed and wait in the inbox; this module reads them into rows with words in both
//! languages, so the shells show them without knowing the office's codes.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::household::repo;
use crate::i18n::Text;
use crate::store::Store;
use crate::sync::inbox::{inbox, InboxEntry};

/// What the office asks of the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Visit a family an RT/RW volunteer reported.
    Visit,
    /// Visit a family again: the office sent a visit back.
    Revisit,
}

/// An open task: no visit of its family was finished on this phone since it arrived (a visit the
/// family refused counts: the peksos went there, and the office sees the refusal).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    /// Position in the office's feed (stable id of the task).
    pub seq: i64,
    /// Visit or re-visit.
    pub kind: TaskKind,
    /// "Kunjungi keluarga yang dilaporkan" / "Visit again", for the row's title.
    pub title: Text,
    /// The family, when the task names one known to the registry.
    pub household_id: Option<String>,
    /// The head's name of that family, when it is on this phone.
    pub household_name: Option<String>,
    /// The office's reason or note, as written.
    pub note: Option<String>,
    /// When the task reached this phone (RFC 3339).
    pub received_at: String,
}

/// The office's answer on one of the user's records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRow {
    /// Position in the office's feed.
    pub seq: i64,
    /// The record it answers (a visit or a report).
    pub record_id: String,
    /// What was decided, in both languages (e.g. "Kartu diterbitkan" / "Card issued").
    pub title: Text,
    /// The office's reason, as written (rejections, send-backs, closed reports).
    pub reason: Option<String>,
    /// The card or letter number, when one was issued.
    pub document_number: Option<String>,
    /// Its last valid day (YYYY-MM-DD), when one was issued.
    pub valid_until: Option<String>,
    /// When the office decided (RFC 3339).
    pub decided_at: String,
}

/// An `assignment` entry as the office writes it (fields not needed here are ignored).
#[derive(Deserialize)]
struct Assignment {
    task: TaskKind,
    household_id: Option<String>,
    reason: Option<String>,
    note: Option<String>,
}

/// A `decision` entry: a decision on a visit, or the outcome of a report.
#[derive(Deserialize)]
struct Decision {
    record_id: Option<String>,
    report_id: Option<String>,
    decision: Option<String>,
    outcome: Option<String>,
    reason: Option<String>,
    document: Option<Document>,
    decided_at: String,
}

/// The card or letter a decision issued.
#[derive(Deserialize)]
struct Document {
    number: Option<String>,
    valid_until: Option<String>,
}

/// The open tasks, newest first. An entry the office wrote in a shape this version does not
/// know is left out rather than failing the home screen.
pub fn open_tasks(store: &Store) -> Result<Vec<TaskRow>> {
    let conn = store.reader();
    let mut rows = Vec::new();
    for entry in inbox(conn, "assignment")? {
        let Ok(task) = serde_json::from_value::<Assignment>(entry.data.clone()) else {
            continue;
        };
        if !visited_since(conn, task.household_id.as_deref(), &entry.received_at)? {
            rows.push(task_row(store, entry, task)?);
        }
    }
    Ok(rows)
}

/// The office's outcomes on the user's records, newest first (unknown shapes left out).
pub fn outcomes(store: &Store) -> Result<Vec<OutcomeRow>> {
    Ok(inbox(store.reader(), "decision")?
        .into_iter()
        .filter_map(|entry| {
            let decision = serde_json::from_value::<Decision>(entry.data).ok()?;
            outcome_row(entry.seq, decision)
        })
        .collect())
}

/// True when a visit of `household_id` (refused or not) was finished on this phone after `since`.
fn visited_since(conn: &Connection, household_id: Option<&str>, since: &str) -> Result<bool> {
    let Some(household_id) = household_id else {
        return Ok(false);
    };
    Ok(conn
        .query_row(
            "SELECT 1 FROM record WHERE kind IN ('visit', 'visit_refused') AND household_id = ?1
               AND julianday(finished_at) > julianday(?2)",
            [household_id, since],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The row of an open task, with its family's name when the family is on this phone.
fn task_row(store: &Store, entry: InboxEntry, task: Assignment) -> Result<TaskRow> {
    let household_name = match &task.household_id {
        Some(id) => match repo::load(store.reader(), id) {
            Ok(household) => household.head().map(|m| m.name.clone()),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(TaskRow {
        seq: entry.seq,
        kind: task.task,
        title: task_title(task.task),
        household_id: task.household_id,
        household_name,
        note: task.reason.or(task.note),
        received_at: entry.received_at,
    })
}

/// The row of a decision entry; `None` when it names no code or record.
fn outcome_row(seq: i64, d: Decision) -> Option<OutcomeRow> {
    let code = d.decision.or(d.outcome)?;
    let document = d.document.unwrap_or(Document {
        number: None,
        valid_until: None,
    });
    Some(OutcomeRow {
        seq,
        record_id: d.record_id.or(d.report_id)?,
        title: outcome_title(&code),
        reason: d.reason,
        document_number: document.number,
        valid_until: document.valid_until,
        decided_at: d.decided_at,
    })
}

/// The words for a task kind.
fn task_title(kind: TaskKind) -> Text {
    match kind {
        TaskKind::Visit => Text::new(
            "Kunjungi keluarga yang dilaporkan",
            "Visit a reported family",
        ),
        TaskKind::Revisit => Text::new("Kunjungi ulang", "Visit again"),
    }
}

/// The words for an office decision or report outcome code.
fn outcome_title(code: &str) -> Text {
    let (id, en) = match code {
        "approve" => ("Layanan disetujui", "Services approved"),
        "card" => ("Kartu diterbitkan", "Card issued"),
        "letter" => (
            "Surat rekomendasi darurat diterbitkan",
            "Emergency letter issued",
        ),
        "send_back" => (
            "Dikembalikan untuk kunjungan ulang",
            "Sent back for a re-visit",
        ),
        "reject" => ("Ditolak", "Rejected"),
        "assigned" => (
            "Laporan diteruskan ke pekerja sosial",
            "Report passed to a social worker",
        ),
        "closed" => ("Laporan ditutup", "Report closed"),
        _ => ("Keputusan kantor", "Office decision"),
    };
    Text::new(id, en)
}
