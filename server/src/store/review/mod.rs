//! What the office review keeps beside the records: each record's queue facts in indexed columns
//! (so the queue filters 50,000 visits without reading their JSON), each household's NIK check,
//! the review status, and the reviewers' per-criterion verdicts.

mod postgres;
mod sqlite;

use std::collections::HashMap;

use async_trait::async_trait;

use super::StoreResult;

/// Where a record stands in the office's review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewStatus {
    /// Nobody has given a verdict yet.
    Awaiting,
    /// A reviewer gave verdicts on its criteria.
    Reviewed,
    /// The office decided on it.
    Decided,
    /// Sent back to the peksos for a new visit.
    SentBack,
}

impl ReviewStatus {
    /// Every status, in the order a record moves through them.
    pub const ALL: [Self; 4] = [
        Self::Awaiting,
        Self::Reviewed,
        Self::Decided,
        Self::SentBack,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Awaiting => "awaiting",
            Self::Reviewed => "reviewed",
            Self::Decided => "decided",
            Self::SentBack => "sent_back",
        }
    }

    /// The status stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The queue facts of one kept record, read from its body at intake.
#[derive(Clone, Debug)]
pub struct RecordFacts {
    /// Record id.
    pub record_id: String,
    /// Its household, if any.
    pub household_id: Option<String>,
    /// The household's kelurahan, when the server knows the household.
    pub kelurahan: Option<String>,
    /// `visit`, `visit_refused` or `report`.
    pub kind: String,
    /// The assessed path, for visits.
    pub path: Option<String>,
    /// The queue flags that hold, one bit each (see `crate::review::FLAGS`).
    pub flags: i64,
}

/// What the office review queue shows: which records, which page.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// Kelurahan the reader may see; records of households elsewhere are left out.
    pub scope: Vec<String>,
    /// Only records by this account (a peksos looking at their own work).
    pub author: Option<i64>,
    /// Only households of this kelurahan.
    pub kelurahan: Option<String>,
    /// Only this record kind (`visit`, `visit_refused`, `report`).
    pub kind: Option<String>,
    /// Only visits assessed to this path (`a`, `b`, `c`, `not_eligible`, `undetermined`).
    pub path: Option<String>,
    /// Only records with one of these flag bits (0: any record).
    pub flags: i64,
    /// Only records in this review status.
    pub status: Option<ReviewStatus>,
    /// Only records whose household has a member with a NIK warning.
    pub nik_warning: bool,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// One row of the review queue, newest first.
#[derive(Clone, Debug)]
pub struct QueueRow {
    /// Record id.
    pub id: String,
    /// When the server received it (RFC 3339, UTC).
    pub received_at: String,
    /// The author's user name.
    pub author: String,
    /// The household's kelurahan, when the record has a known household.
    pub kelurahan: Option<String>,
    /// The canonical body JSON (the page reads the household and the score from it).
    pub body: String,
    /// The queue flag bits that hold.
    pub flags: i64,
    /// The household has a member with a NIK warning.
    pub nik_warning: bool,
    /// Where the record stands in the review.
    pub status: ReviewStatus,
}

/// A page of the review queue and how many rows match in all.
#[derive(Clone, Debug, Default)]
pub struct QueuePage {
    /// The rows of this page.
    pub rows: Vec<QueueRow>,
    /// Rows matching the filter, on every page.
    pub total: i64,
}

/// A record of a household, for the visit page's list of earlier visits.
#[derive(Clone, Debug)]
pub struct HouseholdRecord {
    /// Record id.
    pub id: String,
    /// When the server received it (RFC 3339, UTC).
    pub received_at: String,
    /// `visit`, `visit_refused` or `report`.
    pub kind: String,
    /// The assessed path, for visits.
    pub path: Option<String>,
}

/// A reviewer's verdict on one criterion of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The criterion's answer and evidence are accepted.
    Accept,
    /// The criterion needs a new visit, for the reason given.
    Revisit(String),
}

/// A verdict as kept: on which criterion, by whom, when.
#[derive(Clone, Debug)]
pub struct GivenVerdict {
    /// Criterion number, 1 to 12.
    pub criterion: u8,
    /// The verdict.
    pub verdict: Verdict,
    /// The reviewer's user name.
    pub by: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Everything the office review keeps, whatever the database.
#[async_trait]
pub trait ReviewStore: Send + Sync {
    /// Keep the queue facts of records just kept (a record's facts are kept once); each takes
    /// its received time from the record and its NIK flag from its household's check.
    async fn note_records(&self, facts: &[RecordFacts]) -> StoreResult<()>;
    /// Keep whether each household (id, warning) has a member with a NIK warning, and mark its
    /// records accordingly.
    async fn note_households(&self, checks: &[(String, bool)]) -> StoreResult<()>;
    /// Up to `limit` kept records without queue facts yet (kept before the facts existed, or
    /// when the server stopped between keeping and noting): id and body.
    async fn records_without_facts(&self, limit: i64) -> StoreResult<Vec<(String, String)>>;
    /// Up to `limit` households without a NIK check yet: id and data JSON.
    async fn households_without_check(&self, limit: i64) -> StoreResult<Vec<(String, String)>>;
    /// The data JSON of each known household among `ids`, by household id.
    async fn households_data(&self, ids: &[String]) -> StoreResult<HashMap<String, String>>;
    /// The data JSON of a known household.
    async fn household_data(&self, id: &str) -> StoreResult<Option<String>> {
        Ok(self.households_data(&[id.to_owned()]).await?.remove(id))
    }
    /// A known household, read (`None` when unknown or unreadable).
    async fn household(&self, id: &str) -> StoreResult<Option<pandu_core::household::Household>> {
        let data = self.household_data(id).await?;
        Ok(data.and_then(|d| serde_json::from_str(&d).ok()))
    }
    /// The records about `household_id`, oldest first.
    async fn household_records(&self, household_id: &str) -> StoreResult<Vec<HouseholdRecord>>;
    /// A page of the review queue: records matching `filter`, newest first.
    async fn review_queue(&self, filter: &QueueFilter) -> StoreResult<QueuePage>;
    /// Keep `verdicts` (criterion, verdict) on `record_id` by `user_id` in one transaction, and
    /// move an awaiting record to reviewed.
    async fn save_verdicts(
        &self,
        record_id: &str,
        user_id: i64,
        verdicts: &[(u8, Verdict)],
    ) -> StoreResult<()>;
    /// The latest verdict on each criterion of `record_id`, by criterion.
    async fn verdicts(&self, record_id: &str) -> StoreResult<Vec<GivenVerdict>>;
    /// Where `record_id` stands in the review (none: no facts kept for it).
    async fn review_status(&self, record_id: &str) -> StoreResult<Option<ReviewStatus>>;
    /// Set the review status of `record_id` — the one call a decision or a send-back makes;
    /// false when the record has no queue facts.
    async fn set_review_status(&self, record_id: &str, status: ReviewStatus) -> StoreResult<bool>;
}

/// The stored (verdict, comment) pair of a verdict.
fn verdict_columns(verdict: &Verdict) -> (&'static str, &str) {
    match verdict {
        Verdict::Accept => ("accept", ""),
        Verdict::Revisit(comment) => ("revisit", comment),
    }
}

/// The verdict of a stored (verdict, comment) pair.
fn verdict_from(kind: &str, comment: String) -> Verdict {
    match kind {
        "accept" => Verdict::Accept,
        _ => Verdict::Revisit(comment),
    }
}

/// The status stored as `name`, or a backend error naming it.
fn status_from(name: &str) -> StoreResult<ReviewStatus> {
    ReviewStatus::parse(name)
        .ok_or_else(|| super::StoreError::Backend(format!("unknown review status {name:?}")))
}
