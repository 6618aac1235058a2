//! Storage of the office's decisions, the cards and letters they issue, and the outcomes of
//! RT/RW reports — its own trait beside [`super::Store`], so decisions can grow without touching
//! the sync tables. Every write also puts its feed entries (the author's `decision`, a peksos's
//! `assignment`) in the change feed in the same transaction, so a decision is never kept without
//! its announcement or announced without being kept.

pub(in crate::store) mod postgres;
pub(in crate::store) mod sqlite;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use super::StoreResult;
use crate::model::{Role, User};

/// What the office decided on a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionKind {
    /// Path (a): in PPLS with KPS, verified — may receive basic services.
    Approve,
    /// Path (b): the unit's own card, valid one year.
    Card,
    /// Not eligible, with a reason.
    Reject,
    /// Back to the peksos for a re-visit, with a reason.
    SendBack,
    /// Path (c): an emergency recommendation letter, valid one month, on the mayor's approval.
    Letter,
}

impl DecisionKind {
    /// Every kind, in the order the office page offers them.
    pub const ALL: [Self; 5] = [
        Self::Approve,
        Self::Card,
        Self::Letter,
        Self::SendBack,
        Self::Reject,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Card => "card",
            Self::Reject => "reject",
            Self::SendBack => "send_back",
            Self::Letter => "letter",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A card or a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Kartu: path (b), one year.
    Card,
    /// Surat Rekomendasi: path (c), one month.
    Letter,
}

impl DocumentKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::Letter => "letter",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Card, Self::Letter]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    /// The number prefix: `PKU` (Payakumbuh card) or `REK` (rekomendasi).
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Card => "PKU",
            Self::Letter => "REK",
        }
    }
}

/// A card or letter to issue with a decision; the store gives it its number.
#[derive(Clone, Debug)]
pub struct NewDocument {
    /// Card or letter.
    pub kind: DocumentKind,
    /// First day of validity (the date of issue, Payakumbuh time); its year numbers the document.
    pub valid_from: NaiveDate,
    /// Last day of validity.
    pub valid_until: NaiveDate,
    /// The mayor's approval reference (letters).
    pub mayor_ref: Option<String>,
    /// For a card: when the visit the decision rests on was made; refused when the household
    /// already holds a card issued at or after it (a renewal needs a newer visit).
    pub visit_at: Option<DateTime<Utc>>,
}

/// A decision to keep.
#[derive(Clone, Debug)]
pub struct NewDecision {
    /// The record it rests on.
    pub record_id: String,
    /// That record's SHA-256: the evidence version decided on.
    pub record_sha256: String,
    /// The record's household.
    pub household_id: Option<String>,
    /// The record's author, told of the decision.
    pub author_id: i64,
    /// What was decided.
    pub kind: DecisionKind,
    /// Why (rejection, send-back), or the mayor's reference (letter).
    pub reason: Option<String>,
    /// Who decided.
    pub decided_by: i64,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The card or letter it issues.
    pub document: Option<NewDocument>,
}

/// What keeping a decision did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    /// Kept (with the number of the document it issued).
    Kept {
        /// The decision's id.
        id: i64,
        /// The card or letter number.
        number: Option<String>,
    },
    /// A card was asked for, but the household's last card is not older than the visit.
    NeedsNewerVisit {
        /// The last card's number.
        last_card: String,
    },
}

/// A card or letter as kept.
#[derive(Clone, Debug)]
pub struct Document {
    /// E.g. `PKU-2026-000123`.
    pub number: String,
    /// Card or letter.
    pub kind: DocumentKind,
    /// The household it was issued to.
    pub household_id: String,
    /// The record its decision rests on.
    pub record_id: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity.
    pub valid_until: NaiveDate,
    /// The mayor's approval reference (letters).
    pub mayor_ref: Option<String>,
    /// When it was revoked, why, if it was.
    pub revoked: Option<(DateTime<Utc>, String)>,
}

/// A decision as kept, with the user name of who made it and the document it issued.
#[derive(Clone, Debug)]
pub struct Decision {
    /// Its id.
    pub id: i64,
    /// The record it rests on.
    pub record_id: String,
    /// The record's SHA-256 when decided.
    pub record_sha256: String,
    /// What was decided.
    pub kind: DecisionKind,
    /// Why, or the mayor's reference.
    pub reason: Option<String>,
    /// Who decided (user name).
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The card or letter number it issued.
    pub document: Option<String>,
}

/// What the office did with an RT/RW report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportAction {
    /// Turned into a home-visit task for this peksos.
    Assign {
        /// The peksos's account id.
        peksos: i64,
    },
    /// Closed without a visit.
    Close,
}

impl ReportAction {
    /// The stored outcome name and the assigned peksos.
    fn stored(&self) -> (&'static str, Option<i64>) {
        match *self {
            Self::Assign { peksos } => ("assigned", Some(peksos)),
            Self::Close => ("closed", None),
        }
    }
}

/// The outcome of a report to keep.
#[derive(Clone, Debug)]
pub struct NewReportOutcome {
    /// The report's record id.
    pub record_id: String,
    /// The reporter, told the outcome only.
    pub reporter_id: i64,
    /// Assign or close.
    pub action: ReportAction,
    /// Why it was closed, or a note for the peksos.
    pub reason: Option<String>,
    /// Who decided.
    pub decided_by: i64,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The assignment's data for the peksos (from [`assignment_for_report`]).
    pub task: Option<Value>,
}

/// A report's outcome as kept.
#[derive(Clone, Debug)]
pub struct ReportOutcome {
    /// `assigned` or `closed`.
    pub outcome: String,
    /// The peksos's user name, when assigned.
    pub assignee: Option<String>,
    /// The reason or note.
    pub reason: Option<String>,
    /// Who decided (user name).
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
}

/// Decisions, documents and report outcomes, whatever the database.
#[async_trait]
pub trait DecisionStore: Send + Sync {
    /// Keep `decision` (and its document) with its feed entries, in one transaction.
    async fn decide(&self, decision: &NewDecision) -> StoreResult<Decided>;
    /// The newest decision on each of `record_ids` that has one, by record id — what the review
    /// queue shows as a record's status.
    async fn latest_decisions(
        &self,
        record_ids: &[String],
    ) -> StoreResult<HashMap<String, Decision>>;
    /// Every decision on records of `household_id`, newest first.
    async fn household_decisions(&self, household_id: &str) -> StoreResult<Vec<Decision>>;
    /// Every card and letter of `household_id`, newest first.
    async fn household_documents(&self, household_id: &str) -> StoreResult<Vec<Document>>;
    /// The card or letter numbered `number`.
    async fn document(&self, number: &str) -> StoreResult<Option<Document>>;
    /// Revoke the document `number` (once); false when there is none or it was revoked before.
    async fn revoke_document(
        &self,
        number: &str,
        by: i64,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Keep a report's outcome with its feed entries; false when the report has one already.
    async fn settle_report(&self, outcome: &NewReportOutcome) -> StoreResult<bool>;
    /// The outcome of the report `record_id`, if settled.
    async fn report_outcome(&self, record_id: &str) -> StoreResult<Option<ReportOutcome>>;
    /// The account with `id`.
    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>>;
    /// Every account with `role`, by user name.
    async fn users_with_role(&self, role: Role) -> StoreResult<Vec<User>>;
}

/// The columns of a [`Decision`] and the tables they come from (same SQL on both back-ends).
const DECISION_COLUMNS: &str = "d.id, d.record_id, d.record_sha256, d.kind, d.reason,
     u.username, d.decided_at, doc.number
     FROM decision d JOIN app_user u ON u.id = d.decided_by
     LEFT JOIN document doc ON doc.decision_id = d.id";

/// The columns of a [`Document`] and the tables they come from.
const DOCUMENT_COLUMNS: &str = "doc.number, doc.kind, doc.household_id, d.record_id,
     doc.valid_from, doc.valid_until, doc.mayor_ref, doc.revoked_at, doc.revoke_reason FROM document doc JOIN decision d ON d.id = doc.decision_id";

/// One change-feed entry addressed to one account.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedEntry {
    /// `decision` or `assignment`.
    pub kind: &'static str,
    /// The account it is for.
    pub user_id: i64,
    /// What it is about (a record id).
    pub subject: String,
    /// The entry.
    pub data: Value,
}

/// The feed entries of a kept decision: a `decision` for the record's author, and for a
/// send-back also an `assignment` (a re-visit task) for them.
pub fn decision_feed(d: &NewDecision, id: i64, number: Option<&str>) -> Vec<FeedEntry> {
    let document = d.document.as_ref().map(|doc| {
        json!({
            "kind": doc.kind.as_str(), "number": number,
            "valid_from": doc.valid_from, "valid_until": doc.valid_until,
        })
    });
    let mut entries = vec![FeedEntry {
        kind: "decision",
        user_id: d.author_id,
        subject: d.record_id.clone(),
        data: json!({
            "decision_id": id, "decision": d.kind.as_str(), "record_id": d.record_id,
            "record_sha256": d.record_sha256, "household_id": d.household_id,
            "reason": d.reason, "document": document, "decided_at": d.decided_at,
        }),
    }];
    if d.kind == DecisionKind::SendBack {
        entries.push(FeedEntry {
            kind: "assignment",
            user_id: d.author_id,
            subject: d.record_id.clone(),
            data: json!({
                "task": "revisit", "decision_id": id, "household_id": d.household_id,
                "reason": d.reason, "record_id": d.record_id,
                "record_sha256": d.record_sha256, "assigned_at": d.decided_at,
            }),
        });
    }
    entries
}

/// The feed entries of a settled report: the outcome alone for the reporter (no family data),
/// and the task for the peksos when assigned.
pub fn report_feed(o: &NewReportOutcome) -> Vec<FeedEntry> {
    let (outcome, peksos) = o.action.stored();
    let reason = (outcome == "closed")
        .then_some(o.reason.as_deref())
        .flatten();
    let mut entries = vec![FeedEntry {
        kind: "decision",
        user_id: o.reporter_id,
        subject: o.record_id.clone(),
        data: json!({
            "report_id": o.record_id, "outcome": outcome, "reason": reason,
            "decided_at": o.decided_at,
        }),
    }];
    if let (Some(peksos), Some(task)) = (peksos, &o.task) {
        entries.push(FeedEntry {
            kind: "assignment",
            user_id: peksos,
            subject: o.record_id.clone(),
            data: task.clone(),
        });
    }
    entries
}

/// The home-visit task made from a report: what the reporter wrote, the household, the note.
pub fn assignment_for_report(
    record_id: &str,
    household_id: Option<&str>,
    answers: &Value,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Value {
    json!({
        "task": "visit", "report_id": record_id, "household_id": household_id,
        "report": answers, "note": note, "assigned_at": at,
    })
}

/// The number of the `seq`-th document of `kind` issued in `year`, e.g. `PKU-2026-000123`.
pub fn document_number(kind: DocumentKind, year: i32, seq: i64) -> String {
    format!("{}-{year}-{seq:06}", kind.prefix())
}

/// The `LIKE` pattern of the numbers of `kind` in `year`.
fn number_pattern(kind: DocumentKind, year: i32) -> String {
    format!("{}-{year}-%", kind.prefix())
}

/// True when a card issued at `last_issued` blocks a new card resting on a visit at `visit_at`.
fn blocks_renewal(last_issued: DateTime<Utc>, visit_at: Option<DateTime<Utc>>) -> bool {
    visit_at.is_none_or(|visit| visit <= last_issued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_prefixed_by_kind_and_zero_padded() {
        assert_eq!(
            document_number(DocumentKind::Card, 2026, 123),
            "PKU-2026-000123"
        );
        assert_eq!(number_pattern(DocumentKind::Letter, 2026), "REK-2026-%");
        assert_eq!(
            DecisionKind::parse("send_back"),
            Some(DecisionKind::SendBack)
        );
        assert_eq!(DecisionKind::parse("x"), None);
    }

    #[test]
    fn only_a_visit_newer_than_the_last_card_renews_it() {
        let card = Utc::now();
        assert!(blocks_renewal(card, Some(card)));
        assert!(blocks_renewal(card, None));
        assert!(!blocks_renewal(
            card,
            Some(card + chrono::Duration::seconds(1))
        ));
    }

    #[test]
    fn a_reporter_hears_only_the_outcome() {
        let task = assignment_for_report("r1", Some("h1"), &json!({"a": 1}), None, Utc::now());
        let outcome = NewReportOutcome {
            record_id: "r1".into(),
            reporter_id: 7,
            action: ReportAction::Assign { peksos: 9 },
            reason: Some("catatan".into()),
            decided_by: 1,
            decided_at: Utc::now(),
            task: Some(task),
        };
        let entries = report_feed(&outcome);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].user_id, 7);
        assert_eq!(entries[0].data["reason"], Value::Null);
        assert!(entries[0].data.get("report").is_none());
        assert_eq!(entries[1].user_id, 9);
    }
}
