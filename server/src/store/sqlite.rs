//! The zero-set-up back-end: one plain SQLite file (not encrypted: it lives on the office
//! machine), one connection behind a mutex, every call on tokio's blocking pool.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{
    AuditEntry, AuditLine, Change, ChangeFilter, Inserted, NewConflict, NewRecord, NewWebSession,
    Store, StoreError, StoreResult, StoredRecord, WebSession,
};
use crate::model::{DeviceAuth, NewDevice, NewUser, ReceiptKey, User};

/// Ordered migrations; the position is the version.
const MIGRATIONS: [&str; 6] = [
    include_str!("../../migrations/sqlite/001_initial.sql"),
    include_str!("../../migrations/sqlite/002_web_session.sql"),
    include_str!("../../migrations/sqlite/003_decisions.sql"),
    include_str!("../../migrations/sqlite/004_review.sql"),
    include_str!("../../migrations/sqlite/005_funds.sql"),
    include_str!("../../migrations/sqlite/006_casework.sql"),
];

pub(in crate::store) const USER_COLUMNS: &str =
    "u.id, u.username, u.role, u.scope, u.password_hash";

/// The SQLite store.
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::SqliteFailure(f, msg)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Self::Exists(msg.unwrap_or_default())
            }
            other => Self::Backend(other.to_string()),
        }
    }
}

impl SqliteStore {
    /// Open (creating) the database file at `path`.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        let path = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || -> rusqlite::Result<Connection> {
            let conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            Ok(conn)
        })
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))??;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    pub(in crate::store) async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| StoreError::Backend("connection lock poisoned".into()))?;
            f(&mut guard).map_err(StoreError::from)
        })
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
    }
}

pub(in crate::store) fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(in crate::store) fn user_from(row: &Row<'_>, at: usize) -> rusqlite::Result<User> {
    let role: String = row.get(at + 2)?;
    let scope: String = row.get(at + 3)?;
    Ok(User {
        id: row.get(at)?,
        username: row.get(at + 1)?,
        role: role.parse().map_err(|e: String| bad_column(at + 2, e))?,
        scope: serde_json::from_str(&scope).map_err(|e| bad_column(at + 3, e.to_string()))?,
        password_hash: row.get(at + 4)?,
    })
}

/// The instant in column `at` (RFC 3339 text).
pub(in crate::store) fn instant(row: &Row<'_>, at: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(at)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| bad_column(at, e.to_string()))
}

/// The day in column `at` (`YYYY-MM-DD` text).
pub(in crate::store) fn day(row: &Row<'_>, at: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(at)?;
    text.parse()
        .map_err(|e: chrono::ParseError| bad_column(at, e.to_string()))
}

pub(in crate::store) fn bad_column(index: usize, reason: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, reason.into())
}

fn record_from(row: &Row<'_>) -> rusqlite::Result<(String, StoredRecord)> {
    let record = StoredRecord {
        sha256: row.get(1)?,
        body: row.get(2)?,
        user_id: row.get(3)?,
        household_id: row.get(4)?,
        receipt: row.get(5)?,
    };
    Ok((row.get(0)?, record))
}

/// A list of ids as the JSON array `json_each` reads, so one statement takes any number.
pub(in crate::store) fn id_list(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_default()
}

fn select_records(
    conn: &Connection,
    ids: &[String],
) -> rusqlite::Result<HashMap<String, StoredRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sha256, body, user_id, household_id, receipt FROM record
         WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([id_list(ids)], record_from)?;
    rows.collect()
}

/// Insert each of `records` unless its id is kept; returns the ids inserted.
fn insert_new(conn: &Connection, records: &[NewRecord]) -> rusqlite::Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO record (id, sha256, body, user_id, device_id, household_id, receipt,
                             received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))
         ON CONFLICT (id) DO NOTHING",
    )?;
    let mut fresh = HashSet::new();
    for r in records {
        let n = stmt.execute(params![
            r.id,
            r.sha256,
            r.body,
            r.user_id,
            r.device_id,
            r.household_id,
            r.receipt,
            r.received_at.map(time)
        ])?;
        if n == 1 {
            fresh.insert(r.id.clone());
        }
    }
    Ok(fresh)
}

fn apply_migrations(conn: &mut Connection) -> rusqlite::Result<usize> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let done: i64 = tx.query_row("SELECT count(*) FROM schema_version", [], |r| r.get(0))?;
    let done = usize::try_from(done).unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [i as i64 + 1],
        )?;
    }
    tx.commit()?;
    Ok(MIGRATIONS.len().saturating_sub(done))
}

#[async_trait]
impl Store for SqliteStore {
    async fn migrate(&self) -> StoreResult<usize> {
        self.run(apply_migrations).await
    }

    async fn create_user(&self, user: &NewUser) -> StoreResult<i64> {
        let user = user.clone();
        let scope = serde_json::to_string(&user.scope).unwrap_or_default();
        self.run(move |c| {
            c.execute(
                "INSERT INTO app_user (username, role, scope, password_hash) VALUES (?1, ?2, ?3, ?4)",
                params![user.username, user.role.as_str(), scope, user.password_hash],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn user_by_name(&self, username: &str) -> StoreResult<Option<User>> {
        let username = username.to_owned();
        self.run(move |c| {
            c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM app_user u WHERE u.username = ?1"
            ))?
            .query_row([username], |r| user_from(r, 0))
            .optional()
        })
        .await
    }

    async fn save_enrolment_code(
        &self,
        user_id: i64,
        code_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (code_hash, expires_at) = (code_hash.to_owned(), time(expires_at));
        self.run(move |c| {
            c.execute(
                "INSERT INTO enrolment_code (code_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![code_hash, user_id, expires_at],
            )
            .map(drop)
        })
        .await
    }

    async fn take_enrolment_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        let (code_hash, now) = (code_hash.to_owned(), time(now));
        self.run(move |c| {
            c.prepare_cached(
                "DELETE FROM enrolment_code WHERE code_hash = ?1 AND expires_at > ?2 RETURNING user_id",
            )?
            .query_row(params![code_hash, now], |r| r.get(0))
            .optional()
        })
        .await
    }

    async fn add_device(&self, device: &NewDevice) -> StoreResult<i64> {
        let d = device.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO device (user_id, name, public_key, token_hash) VALUES (?1, ?2, ?3, ?4)",
                params![d.user_id, d.name, d.public_key, d.token_hash],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceAuth>> {
        let token_hash = token_hash.to_owned();
        self.run(move |c| {
            c.prepare_cached(&format!(
                "SELECT d.id, d.public_key, d.revoked_at IS NOT NULL, {USER_COLUMNS}
                 FROM device d JOIN app_user u ON u.id = d.user_id WHERE d.token_hash = ?1"
            ))?
            .query_row([token_hash], |r| {
                Ok(DeviceAuth {
                    device_id: r.get(0)?,
                    public_key: r.get(1)?,
                    revoked: r.get(2)?,
                    user: user_from(r, 3)?,
                })
            })
            .optional()
        })
        .await
    }

    async fn revoke_device(&self, device_id: i64) -> StoreResult<bool> {
        let now = time(Utc::now());
        self.run(move |c| {
            let n = c.execute(
                "UPDATE device SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
                params![device_id, now],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn receipt_keys(&self) -> StoreResult<Vec<ReceiptKey>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT key_id, public_key, secret_key, active FROM receipt_key ORDER BY created_at",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(ReceiptKey {
                    key_id: r.get(0)?,
                    public_key: r.get(1)?,
                    secret_key: r.get(2)?,
                    active: r.get(3)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn add_receipt_key(&self, key: &ReceiptKey) -> StoreResult<()> {
        let key = key.clone();
        self.run(move |c| {
            let tx = c.transaction()?;
            tx.execute("UPDATE receipt_key SET active = 0", [])?;
            tx.execute(
                "INSERT INTO receipt_key (key_id, public_key, secret_key, active) VALUES (?1, ?2, ?3, 1)",
                params![key.key_id, key.public_key, key.secret_key],
            )?;
            tx.commit()
        })
        .await
    }

    async fn put_household(&self, id: &str, kelurahan: &str, data: &str) -> StoreResult<()> {
        let (id, kel, data) = (id.to_owned(), kelurahan.to_owned(), data.to_owned());
        self.run(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO household (id, kelurahan, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET kelurahan = excluded.kelurahan, data = excluded.data",
                params![id, kel, data],
            )?;
            tx.execute(
                "INSERT INTO change_log (kind, subject, kelurahan, data) VALUES ('household', ?1, ?2, ?3)",
                params![id, kel, data],
            )?;
            tx.commit()
        })
        .await
    }

    async fn households_kelurahan(&self, ids: &[String]) -> StoreResult<HashMap<String, String>> {
        let ids = id_list(ids);
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, kelurahan FROM household WHERE id IN (SELECT value FROM json_each(?1))",
            )?;
            let rows = stmt.query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
        .await
    }

    async fn announce_form(&self, form_key: &str, data: &str) -> StoreResult<()> {
        let (key, data) = (form_key.to_owned(), data.to_owned());
        self.run(move |c| {
            c.execute(
                "INSERT INTO change_log (kind, subject, data) SELECT 'form', ?1, ?2
                 WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE kind = 'form' AND subject = ?1)",
                params![key, data],
            )
            .map(drop)
        })
        .await
    }

    async fn records(&self, ids: &[String]) -> StoreResult<HashMap<String, StoredRecord>> {
        let ids = ids.to_vec();
        self.run(move |c| select_records(c, &ids)).await
    }

    async fn insert_records(&self, records: &[NewRecord]) -> StoreResult<Vec<Inserted>> {
        let batch = records.to_vec();
        let (fresh, kept) = self
            .run(move |c| {
                let tx = c.transaction()?;
                let fresh = insert_new(&tx, &batch)?;
                let kept = select_records(&tx, &super::taken(&batch, &fresh))?;
                tx.commit()?;
                Ok((fresh, kept))
            })
            .await?;
        super::answers(records, &fresh, kept)
    }

    async fn insert_conflicts(&self, conflicts: &[NewConflict]) -> StoreResult<()> {
        let conflicts = conflicts.to_vec();
        self.run(move |c| {
            let tx = c.transaction()?;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO record_conflict (record_id, sha256, body, user_id, device_id)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (record_id, sha256) DO NOTHING",
                )?;
                for k in &conflicts {
                    stmt.execute(params![
                        k.record_id,
                        k.sha256,
                        k.body,
                        k.user_id,
                        k.device_id
                    ])?;
                }
            }
            tx.commit()
        })
        .await
    }

    async fn changes(
        &self,
        filter: &ChangeFilter,
        since: i64,
        limit: i64,
    ) -> StoreResult<Vec<Change>> {
        let user_id = filter.user_id;
        let kelurahan = serde_json::to_string(&filter.kelurahan).unwrap_or_default();
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, kind, data FROM change_log
                 WHERE seq > ?1 AND (kind = 'form' OR user_id = ?2
                       OR (kind IN ('household', 'document') AND kelurahan IN (SELECT value FROM json_each(?3))))
                 ORDER BY seq LIMIT ?4",
            )?;
            let rows = stmt.query_map(params![since, user_id, kelurahan, limit], |r| {
                let data: String = r.get(2)?;
                Ok(Change {
                    seq: r.get(0)?,
                    kind: r.get(1)?,
                    data: serde_json::from_str(&data).map_err(|e| bad_column(2, e.to_string()))?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        let e = entry.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO audit_log (user_id, device_id, action, subject) VALUES (?1, ?2, ?3, ?4)",
                params![e.user_id, e.device_id, e.action, e.subject],
            )
            .map(drop)
        })
        .await
    }

    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<AuditLine>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT a.at, u.username, a.device_id, a.action, a.subject
                 FROM audit_log a JOIN app_user u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(AuditLine {
                    at: r.get(0)?,
                    username: r.get(1)?,
                    device_id: r.get(2)?,
                    action: r.get(3)?,
                    subject: r.get(4)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn create_web_session(&self, session: &NewWebSession) -> StoreResult<()> {
        let s = session.clone();
        let expires_at = time(s.expires_at);
        self.run(move |c| {
            c.execute(
                "INSERT INTO web_session (token_hash, user_id, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![s.token_hash, s.user_id, s.csrf, expires_at],
            )
            .map(drop)
        })
        .await
    }

    async fn web_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<WebSession>> {
        let (token_hash, now) = (token_hash.to_owned(), time(now));
        self.run(move |c| {
            c.prepare_cached(&format!(
                "SELECT s.csrf, {USER_COLUMNS} FROM web_session s JOIN app_user u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2"
            ))?
            .query_row(params![token_hash, now], |r| {
                Ok(WebSession {
                    csrf: r.get(0)?,
                    user: user_from(r, 1)?,
                })
            })
            .optional()
        })
        .await
    }

    async fn end_web_session(&self, token_hash: &str) -> StoreResult<()> {
        let token_hash = token_hash.to_owned();
        self.run(move |c| {
            c.execute(
                "DELETE FROM web_session WHERE token_hash = ?1",
                [token_hash],
            )
            .map(drop)
        })
        .await
    }

    async fn end_web_sessions_of(&self, user_id: i64) -> StoreResult<u64> {
        self.run(move |c| {
            c.execute("DELETE FROM web_session WHERE user_id = ?1", [user_id])
                .map(|n| n as u64)
        })
        .await
    }
}
