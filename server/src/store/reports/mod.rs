//! The reads behind the office reports: counts and facts over the records, decisions and
//! documents the other areas keep — its own trait beside [`super::Store`], read-only, so the
//! reports can grow without touching the tables they read.

mod postgres;
mod sqlite;

use async_trait::async_trait;
use chrono::{Days, NaiveDate};

use super::decisions::DocumentKind;
use super::StoreResult;

/// Days from `from` to `to`, both included (UTC days, as the server keeps its times).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// The day after the last one: the period's end, excluded.
    pub fn end(self) -> NaiveDate {
        self.to.checked_add_days(Days::new(1)).unwrap_or(self.to)
    }
}

/// The records one author sent in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorWork {
    /// The author's user name.
    pub author: String,
    /// Home visits.
    pub visits: i64,
    /// Visits the family refused.
    pub refused: i64,
}

/// How many decisions of one kind the office made on one author's records in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorDecisions {
    /// The records' author (user name).
    pub author: String,
    /// The decision kind as stored (`approve`, `card`, …).
    pub kind: String,
    /// How many.
    pub count: i64,
}

/// One home visit's facts, for counting households by their latest visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitFact {
    /// The household's kelurahan.
    pub kelurahan: String,
    /// The household.
    pub household_id: String,
    /// Record id.
    pub record_id: String,
    /// When the server received it (RFC 3339, UTC); sorts in time order.
    pub received_at: String,
    /// The queue flag bits (see `crate::review::FLAGS`).
    pub flags: i64,
}

/// An unrevoked card or letter whose validity ends in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiringDocument {
    /// Its number.
    pub number: String,
    /// Card or letter.
    pub kind: DocumentKind,
    /// The household it was issued to.
    pub household_id: String,
    /// The household's kelurahan.
    pub kelurahan: String,
    /// Its last valid day.
    pub valid_until: NaiveDate,
}

/// A household with a home visit: what the integrated data export lists of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedHousehold {
    /// The household.
    pub household_id: String,
    /// Its kelurahan.
    pub kelurahan: String,
    /// Its registry data JSON.
    pub data: String,
    /// Its latest home visit's body JSON.
    pub visit: String,
    /// When the server received that visit (RFC 3339, UTC).
    pub visited_at: String,
    /// The newest decision on its records, as stored (`approve`, `card`, …).
    pub decision: Option<String>,
    /// Its unrevoked card or letter that is valid longest: number and last valid day.
    pub document: Option<(String, NaiveDate)>,
}

/// The reports' reads, whatever the database. `scope` is always the kelurahan the reader may
/// see; rows of households elsewhere are left out.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Visits and refused visits each author sent in `period` (by received time), by author.
    async fn work_by_author(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<AuthorWork>>;
    /// Decisions made in `period` on records, by the records' author and decision kind.
    async fn decisions_by_author(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<AuthorDecisions>>;
    /// The home visits received in `period` of households the server knows.
    async fn visit_facts(&self, scope: &[String], period: Period) -> StoreResult<Vec<VisitFact>>;
    /// The households of `scope` with at least one home visit, by kelurahan and id.
    async fn verified_households(&self, scope: &[String]) -> StoreResult<Vec<VerifiedHousehold>>;
    /// Unrevoked cards and letters whose last valid day is in `period`, by date and number.
    async fn documents_expiring(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<ExpiringDocument>>;
}

/// The households of the scope in `?1`/`$1` (`{scope}`) with their latest visit, newest decision
/// and longest-valid unrevoked document (same SQL on both back-ends but for the scope test and
/// the data column's type).
fn verified_sql(scope: &str, data: &str) -> String {
    format!(
        "SELECT h.id, h.kelurahan, {data}, r.body, v.received_at,
                (SELECT d.kind FROM decision d WHERE d.household_id = h.id ORDER BY d.id DESC LIMIT 1),
                doc.number, doc.valid_until
         FROM household h
         JOIN (SELECT f.household_id, f.record_id, f.received_at,
                      row_number() OVER (PARTITION BY f.household_id
                                         ORDER BY f.received_at DESC, f.record_id DESC) AS n
               FROM review_record f WHERE f.kind = 'visit' AND {scope}) v
           ON v.household_id = h.id AND v.n = 1
         JOIN record r ON r.id = v.record_id
         LEFT JOIN document doc ON doc.number = (
             SELECT x.number FROM document x WHERE x.household_id = h.id AND x.revoked_at IS NULL
             ORDER BY x.valid_until DESC, x.number DESC LIMIT 1)
         ORDER BY h.kelurahan, h.id"
    )
}

/// The document kind stored as `name`, or the storage error saying it is not one.
fn document_kind(name: &str) -> StoreResult<DocumentKind> {
    DocumentKind::parse(name)
        .ok_or_else(|| super::StoreError::Backend(format!("unknown document kind {name:?}")))
}
