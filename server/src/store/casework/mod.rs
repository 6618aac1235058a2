//! What casework keeps: referrals and complaints with their current status, and one
//! append-only table of status steps for both (the database refuses to change or delete a
//! step). A step is kept only if the case is still in the status the step was checked against,
//! so two people moving the same case at once cannot both succeed.

mod postgres;
mod sqlite;

use async_trait::async_trait;
use chrono::NaiveDate;

use super::decisions::FeedEntry;
use super::StoreResult;

/// Which kind of case a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    /// A referral (table `referral`).
    Referral,
    /// A complaint (table `complaint`).
    Complaint,
}

impl CaseKind {
    /// The stored name, which is also the case's table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Referral => "referral",
            Self::Complaint => "complaint",
        }
    }
}

/// A referral to keep; its first step (`sent`) is kept with it.
#[derive(Clone, Debug)]
pub struct NewReferral {
    /// The household referred.
    pub household_id: String,
    /// The member referred, when it is one person's need.
    pub member_id: Option<String>,
    /// The household's kelurahan.
    pub kelurahan: String,
    /// The agency's name.
    pub agency: String,
    /// The need or reason.
    pub need: String,
    /// `visit`, `decision` or `complaint`.
    pub origin_kind: &'static str,
    /// The record, decision or complaint id it was made from.
    pub origin_id: String,
    /// The day it was sent.
    pub sent_on: NaiveDate,
    /// Who recorded it.
    pub by: i64,
}

/// A referral as listed (the read the reports use: status, dates and kelurahan).
#[derive(Clone, Debug)]
pub struct ReferralRow {
    /// Id.
    pub id: i64,
    /// The household referred.
    pub household_id: String,
    /// The member referred, if one.
    pub member_id: Option<String>,
    /// The household's kelurahan.
    pub kelurahan: String,
    /// The agency's name.
    pub agency: String,
    /// The need or reason.
    pub need: String,
    /// `visit`, `decision` or `complaint`.
    pub origin_kind: String,
    /// The record, decision or complaint id it was made from.
    pub origin_id: String,
    /// The current status's stored name.
    pub status: String,
    /// The day it was sent.
    pub sent_on: NaiveDate,
    /// The day of its last step.
    pub status_on: NaiveDate,
    /// Who recorded it (user name).
    pub created_by: String,
}

/// Which referrals to list.
#[derive(Clone, Debug, Default)]
pub struct ReferralFilter {
    /// Kelurahan the reader may see.
    pub scope: Vec<String>,
    /// Only this status.
    pub status: Option<String>,
    /// Only this agency.
    pub agency: Option<String>,
    /// Only this kelurahan.
    pub kelurahan: Option<String>,
    /// Only this household's.
    pub household_id: Option<String>,
    /// Only those still sent and sent before this day (the overdue ones).
    pub sent_before: Option<NaiveDate>,
}

/// A status step to keep, checked against the case's status `from`.
#[derive(Clone, Debug)]
pub struct NewStep {
    /// Referral or complaint.
    pub case: CaseKind,
    /// The case's id.
    pub id: i64,
    /// The status the step was checked against; the step is kept only if the case is still in it.
    pub from: &'static str,
    /// The new status.
    pub to: &'static str,
    /// The day it happened.
    pub on: NaiveDate,
    /// What happened, or why.
    pub note: String,
    /// Who recorded it.
    pub by: i64,
}

/// A status step as kept.
#[derive(Clone, Debug)]
pub struct CaseStep {
    /// The status reached.
    pub status: String,
    /// The day it happened.
    pub on: NaiveDate,
    /// What happened, or why.
    pub note: String,
    /// Who recorded it (user name).
    pub by: String,
    /// When it was recorded (RFC 3339, UTC).
    pub at: String,
}

/// A complaint to keep; its first step (`received`) is kept with it.
#[derive(Clone, Debug)]
pub struct NewComplaint {
    /// The complainant's name.
    pub name: String,
    /// How to reach them.
    pub contact: String,
    /// Their NIK, if given.
    pub nik: Option<String>,
    /// The category's stored name.
    pub category: &'static str,
    /// The complaint in their words.
    pub details: String,
    /// The household it concerns, if known.
    pub household_id: Option<String>,
    /// That household's kelurahan.
    pub kelurahan: Option<String>,
    /// The day it was taken.
    pub received_on: NaiveDate,
    /// Who took it.
    pub by: i64,
}

/// A complaint as listed: no personal data of the complainant.
#[derive(Clone, Debug)]
pub struct ComplaintRow {
    /// Id.
    pub id: i64,
    /// The category's stored name.
    pub category: String,
    /// The complaint in their words.
    pub details: String,
    /// The household it concerns, if linked.
    pub household_id: Option<String>,
    /// That household's kelurahan.
    pub kelurahan: Option<String>,
    /// The current status's stored name.
    pub status: String,
    /// The day it was taken.
    pub received_on: NaiveDate,
    /// The day of its last step.
    pub status_on: NaiveDate,
    /// The peksos given a visit task for it (user name).
    pub task_for: Option<String>,
    /// Who took it (user name).
    pub created_by: String,
}

/// Who complained: personal data, read only on the complaint's page (and audited there).
#[derive(Clone, Debug)]
pub struct Complainant {
    /// Name.
    pub name: String,
    /// How to reach them.
    pub contact: String,
    /// NIK, if given.
    pub nik: Option<String>,
}

/// Which complaints to list.
#[derive(Clone, Debug, Default)]
pub struct ComplaintFilter {
    /// Kelurahan the reader may see.
    pub scope: Vec<String>,
    /// Also complaints linked to no household (office reviewers only).
    pub unlinked: bool,
    /// Only this status.
    pub status: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this kelurahan.
    pub kelurahan: Option<String>,
}

/// A registry household found by a search: id, kelurahan, data JSON.
#[derive(Clone, Debug)]
pub struct HouseholdHit {
    /// Household id.
    pub id: String,
    /// Its kelurahan.
    pub kelurahan: String,
    /// Its data JSON.
    pub data: String,
}

/// The columns of a [`ReferralRow`] and where they come from (same SQL on both back-ends).
const REFERRAL_COLUMNS: &str = "r.id, r.household_id, r.member_id, r.kelurahan, r.agency, r.need,
     r.origin_kind, r.origin_id, r.status, r.sent_on, r.status_on, u.username
     FROM referral r JOIN app_user u ON u.id = r.created_by";

/// The columns of a [`ComplaintRow`] then a [`Complainant`], and where they come from.
const COMPLAINT_COLUMNS: &str = "c.id, c.category, c.details, c.household_id, c.kelurahan,
     c.status, c.received_on, c.status_on, t.username, u.username, c.name, c.contact, c.nik
     FROM complaint c JOIN app_user u ON u.id = c.created_by
     LEFT JOIN app_user t ON t.id = c.task_for";

/// The columns of a [`CaseStep`] and where they come from.
const STEP_COLUMNS: &str = "e.status, e.on_date, e.note, u.username, e.recorded_at
     FROM case_event e JOIN app_user u ON u.id = e.user_id";

/// Most households a search returns.
pub const SEARCH_LIMIT: i64 = 20;

/// The search term as a lower-case `LIKE` pattern for names (wildcards typed are dropped).
fn name_pattern(term: &str) -> String {
    let plain: String = term
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    format!("%{plain}%")
}

/// Everything casework keeps, whatever the database.
#[async_trait]
pub trait CaseworkStore: Send + Sync {
    /// Keep a referral and its first step; its id.
    async fn add_referral(&self, referral: &NewReferral) -> StoreResult<i64>;
    /// The referrals `filter` asks for, newest first.
    async fn referrals(&self, filter: &ReferralFilter) -> StoreResult<Vec<ReferralRow>>;
    /// The referral `id`.
    async fn referral(&self, id: i64) -> StoreResult<Option<ReferralRow>>;
    /// Keep `step` and move its case to the new status, if the case is still in `step.from`;
    /// false (nothing kept) otherwise.
    async fn add_step(&self, step: &NewStep) -> StoreResult<bool>;
    /// The steps of a case, oldest first.
    async fn steps(&self, case: CaseKind, id: i64) -> StoreResult<Vec<CaseStep>>;
    /// Keep a complaint and its first step; its id.
    async fn add_complaint(&self, complaint: &NewComplaint) -> StoreResult<i64>;
    /// The complaints `filter` asks for, newest first.
    async fn complaints(&self, filter: &ComplaintFilter) -> StoreResult<Vec<ComplaintRow>>;
    /// The complaint `id` and who made it.
    async fn complaint(&self, id: i64) -> StoreResult<Option<(ComplaintRow, Complainant)>>;
    /// Link complaint `id`, not yet linked, to a household of `kelurahan`; false when it was.
    async fn link_complaint(
        &self,
        id: i64,
        household_id: &str,
        kelurahan: &str,
    ) -> StoreResult<bool>;
    /// Give complaint `id`, without a task yet, a visit task for `task.user_id` and announce
    /// it in that account's feed, in one transaction; false when it had one.
    async fn assign_complaint(&self, id: i64, task: &FeedEntry) -> StoreResult<bool>;
    /// Registry households of `scope` with a member whose name holds `term` or whose NIK is
    /// `term`, or whose KK number is `term`; at most [`SEARCH_LIMIT`], by id.
    async fn search_households(
        &self,
        scope: &[String],
        term: &str,
    ) -> StoreResult<Vec<HouseholdHit>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_term_matches_anywhere_in_a_name_and_never_as_a_wildcard() {
        assert_eq!(name_pattern(" Siti "), "%siti%");
        assert_eq!(name_pattern("50%_"), "%50%");
    }
}
