//! Storage behind one trait, so the API does not know whether it runs on the zero-set-up SQLite
//! file or on PostgreSQL; both back-ends pass the same test suite.

pub mod accounts;
pub mod casework;
pub mod decisions;
pub mod funds;
mod postgres;
pub mod reports;
pub mod review;
mod sqlite;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{DeviceAuth, NewDevice, NewUser, ReceiptKey, User};
pub use accounts::AccountStore;
pub use funds::FundStore;
pub use review::ReviewStore;

/// A storage failure.
#[derive(Debug)]
pub enum StoreError {
    /// A unique value already exists (e.g. a user name).
    Exists(String),
    /// The database failed.
    Backend(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exists(what) => write!(f, "already exists: {what}"),
            Self::Backend(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Shorthand for storage results.
pub type StoreResult<T> = Result<T, StoreError>;

/// A record accepted from a device, with its receipt.
#[derive(Clone, Debug)]
pub struct NewRecord {
    /// Record id (UUID v7).
    pub id: String,
    /// SHA-256 hex of the canonical body.
    pub sha256: String,
    /// The canonical body JSON.
    pub body: String,
    /// Author account.
    pub user_id: i64,
    /// Sending device.
    pub device_id: i64,
    /// The household, if any.
    pub household_id: Option<String>,
    /// The receipt JSON.
    pub receipt: String,
    /// When it was received: `None` for now (every upload); a past time only for records written
    /// on the office's behalf, such as the 2015 demonstration set's visits.
    pub received_at: Option<DateTime<Utc>>,
}

/// A record as kept.
#[derive(Clone, Debug)]
pub struct StoredRecord {
    /// SHA-256 hex of the canonical body.
    pub sha256: String,
    /// The canonical body JSON.
    pub body: String,
    /// Author account.
    pub user_id: i64,
    /// The household, if any.
    pub household_id: Option<String>,
    /// The receipt JSON.
    pub receipt: String,
}

/// What inserting a record did.
#[derive(Clone, Debug)]
pub enum Inserted {
    /// It is new and now kept.
    New,
    /// A record with this id was already kept (by an earlier try or a concurrent one).
    Existing(StoredRecord),
}

/// A record refused because its id is already kept with other content; kept for review.
#[derive(Clone, Debug)]
pub struct NewConflict {
    /// Record id.
    pub record_id: String,
    /// SHA-256 hex of the refused body.
    pub sha256: String,
    /// The refused body JSON.
    pub body: String,
    /// Sending account.
    pub user_id: i64,
    /// Sending device.
    pub device_id: i64,
}

/// One entry of the change feed.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Change {
    /// Position in the feed; the cursor is the last one seen.
    pub seq: i64,
    /// `form`, `household`, `assignment` or `decision`.
    pub kind: String,
    /// The entry itself.
    pub data: serde_json::Value,
}

/// Which feed entries a caller may read.
#[derive(Clone, Debug)]
pub struct ChangeFilter {
    /// Entries addressed to this account (assignments, decisions on its records).
    pub user_id: i64,
    /// Kelurahan whose registry rows and card/letter announcements the caller may read (empty:
    /// none).
    pub kelurahan: Vec<String>,
}

/// One audit-log line: who read or changed what.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    /// Account.
    pub user_id: i64,
    /// Device, when the action came through one.
    pub device_id: Option<i64>,
    /// What was done, e.g. `read.households`.
    pub action: &'static str,
    /// Ids of what was touched (never names or NIKs).
    pub subject: String,
}

/// An audit-log line as read back, newest first, for the office's access-log page.
#[derive(Clone, Debug)]
pub struct AuditLine {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The account's user name.
    pub username: String,
    /// Device, when the action came through one.
    pub device_id: Option<i64>,
    /// What was done.
    pub action: String,
    /// Ids of what was touched.
    pub subject: String,
}

/// An office web session to keep.
#[derive(Clone, Debug)]
pub struct NewWebSession {
    /// SHA-256 hex of the cookie's token (the token itself is never stored).
    pub token_hash: String,
    /// The signed-in account.
    pub user_id: i64,
    /// The session's CSRF token, sent back in every form.
    pub csrf: String,
    /// When the session ends whatever happens.
    pub expires_at: DateTime<Utc>,
}

/// An unexpired office web session found by its token.
#[derive(Clone, Debug)]
pub struct WebSession {
    /// The signed-in account.
    pub user: User,
    /// The session's CSRF token.
    pub csrf: String,
}

/// Everything the server keeps, whatever the database.
#[async_trait]
pub trait Store:
    decisions::DecisionStore
    + ReviewStore
    + AccountStore
    + FundStore
    + casework::CaseworkStore
    + reports::ReportStore
    + Send
    + Sync
{
    /// Apply the migrations not yet applied; returns how many were.
    async fn migrate(&self) -> StoreResult<usize>;
    /// Create an account.
    async fn create_user(&self, user: &NewUser) -> StoreResult<i64>;
    /// The account named `username`.
    async fn user_by_name(&self, username: &str) -> StoreResult<Option<User>>;
    /// Keep a one-time enrolment code (hashed) for `user_id`.
    async fn save_enrolment_code(
        &self,
        user_id: i64,
        code_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Use up the enrolment code with `code_hash`, if unexpired; returns its account id.
    async fn take_enrolment_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>>;
    /// Register a device; returns its id.
    async fn add_device(&self, device: &NewDevice) -> StoreResult<i64>;
    /// The device whose token hashes to `token_hash`, with its owner.
    async fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceAuth>>;
    /// Revoke a device; false when there is none with `device_id`.
    async fn revoke_device(&self, device_id: i64) -> StoreResult<bool>;
    /// Every receipt key, the active one included.
    async fn receipt_keys(&self) -> StoreResult<Vec<ReceiptKey>>;
    /// Add `key` as the active receipt key; earlier keys are retired but kept.
    async fn add_receipt_key(&self, key: &ReceiptKey) -> StoreResult<()>;
    /// Insert or replace a registry household (JSON) and announce it in the change feed.
    async fn put_household(&self, id: &str, kelurahan: &str, data: &str) -> StoreResult<()>;
    /// The kelurahan of each known household among `ids`, by household id.
    async fn households_kelurahan(&self, ids: &[String]) -> StoreResult<HashMap<String, String>>;
    /// The kelurahan of a known household.
    async fn household_kelurahan(&self, id: &str) -> StoreResult<Option<String>> {
        Ok(self
            .households_kelurahan(&[id.to_owned()])
            .await?
            .remove(id))
    }
    /// Announce a built-in form version in the change feed, once.
    async fn announce_form(&self, form_key: &str, data: &str) -> StoreResult<()>;
    /// The kept records among `ids`, by record id.
    async fn records(&self, ids: &[String]) -> StoreResult<HashMap<String, StoredRecord>>;
    /// The record with `id`.
    async fn record(&self, id: &str) -> StoreResult<Option<StoredRecord>> {
        Ok(self.records(&[id.to_owned()]).await?.remove(id))
    }
    /// Keep `records` (each id once) in one transaction, each unless its id is already kept —
    /// by an earlier request or a concurrent one; one answer per record, in order.
    async fn insert_records(&self, records: &[NewRecord]) -> StoreResult<Vec<Inserted>>;
    /// Keep conflicting records for review (once per id and content).
    async fn insert_conflicts(&self, conflicts: &[NewConflict]) -> StoreResult<()>;
    /// Feed entries after `since` that `filter` allows, oldest first, at most `limit`.
    async fn changes(
        &self,
        filter: &ChangeFilter,
        since: i64,
        limit: i64,
    ) -> StoreResult<Vec<Change>>;
    /// Write an audit-log line.
    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()>;
    /// The newest `limit` audit-log lines, newest first.
    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<AuditLine>>;
    /// Keep a new office web session.
    async fn create_web_session(&self, session: &NewWebSession) -> StoreResult<()>;
    /// The session whose token hashes to `token_hash`, unless it has expired by `now`.
    async fn web_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<WebSession>>;
    /// End the session whose token hashes to `token_hash` (sign-out).
    async fn end_web_session(&self, token_hash: &str) -> StoreResult<()>;
    /// End every session of `user_id` (sign-out everywhere); returns how many there were.
    async fn end_web_sessions_of(&self, user_id: i64) -> StoreResult<u64>;
}

/// The ids of `records` that `fresh` (the ids just inserted) does not hold: kept before.
fn taken(records: &[NewRecord], fresh: &HashSet<String>) -> Vec<String> {
    records
        .iter()
        .filter(|r| !fresh.contains(&r.id))
        .map(|r| r.id.clone())
        .collect()
}

/// The answers of [`Store::insert_records`]: new for the ids in `fresh`, else what `kept` holds.
fn answers(
    records: &[NewRecord],
    fresh: &HashSet<String>,
    mut kept: HashMap<String, StoredRecord>,
) -> StoreResult<Vec<Inserted>> {
    records
        .iter()
        .map(|r| match kept.remove(&r.id) {
            _ if fresh.contains(&r.id) => Ok(Inserted::New),
            Some(existing) => Ok(Inserted::Existing(existing)),
            None => Err(StoreError::Backend(format!(
                "record {} was neither inserted nor found",
                r.id
            ))),
        })
        .collect()
}

/// Open the store named by `database_url` (a `postgres://` URL), or the SQLite file in
/// `data_dir` when there is none.
pub async fn open(database_url: Option<&str>, data_dir: &Path) -> StoreResult<Arc<dyn Store>> {
    match database_url {
        Some(url) => Ok(Arc::new(postgres::PgStore::connect(url)?)),
        None => Ok(Arc::new(
            sqlite::SqliteStore::open(&data_dir.join("pandu.sqlite3")).await?,
        )),
    }
}
