//! The deployment back-end: PostgreSQL through a connection pool, so several stateless server
//! instances can share one database. Feed writes take a transaction-level advisory lock, so feed
//! entries commit in `seq` order and a reader's cursor never jumps over one still being written.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use super::{
    AuditEntry, AuditLine, Change, ChangeFilter, Inserted, NewConflict, NewRecord, NewWebSession,
    Store, StoreError, StoreResult, StoredRecord, WebSession,
};
use crate::model::{DeviceAuth, NewDevice, NewUser, ReceiptKey, User};

/// Ordered migrations; the position is the version.
const MIGRATIONS: [&str; 6] = [
    include_str!("../../migrations/postgres/001_initial.sql"),
    include_str!("../../migrations/postgres/002_web_session.sql"),
    include_str!("../../migrations/postgres/003_decisions.sql"),
    include_str!("../../migrations/postgres/004_review.sql"),
    include_str!("../../migrations/postgres/005_funds.sql"),
    include_str!("../../migrations/postgres/006_casework.sql"),
];

/// Advisory-lock keys: one for migrations, one for change-feed writes.
const MIGRATION_LOCK: i64 = 0x5041_4e44_0001;
pub(in crate::store) const FEED_LOCK: i64 = 0x5041_4e44_0002;

pub(in crate::store) const USER_COLUMNS: &str =
    "u.id, u.username, u.role, u.scope, u.password_hash";

/// The PostgreSQL store.
pub struct PgStore {
    pool: Pool,
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
            Self::Exists(e.to_string())
        } else {
            Self::Backend(e.to_string())
        }
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Self::Backend(e.to_string())
    }
}

impl PgStore {
    /// A pool for `url` (connections are made on first use).
    pub fn connect(url: &str) -> StoreResult<Self> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| StoreError::Backend(e.to_string()))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        Ok(Self { pool })
    }

    pub(in crate::store) async fn client(&self) -> StoreResult<deadpool_postgres::Object> {
        Ok(self.pool.get().await?)
    }
}

pub(in crate::store) fn user_from(row: &Row, at: usize) -> StoreResult<User> {
    let role: String = row.get(at + 2);
    Ok(User {
        id: row.get(at),
        username: row.get(at + 1),
        role: role.parse().map_err(StoreError::Backend)?,
        scope: row.get(at + 3),
        password_hash: row.get(at + 4),
    })
}

fn record_from(row: &Row) -> (String, StoredRecord) {
    let record = StoredRecord {
        sha256: row.get(1),
        body: row.get(2),
        user_id: row.get(3),
        household_id: row.get(4),
        receipt: row.get(5),
    };
    (row.get(0), record)
}

async fn select_records(
    client: &impl GenericClient,
    ids: &[String],
) -> StoreResult<HashMap<String, StoredRecord>> {
    let rows = client
        .query(
            "SELECT id, sha256, body, user_id, household_id, receipt FROM record WHERE id = ANY($1)",
            &[&ids],
        )
        .await?;
    Ok(rows.iter().map(record_from).collect())
}

/// One column of `items` as an array parameter.
pub(in crate::store) fn column<'a, T, V>(items: &'a [T], field: impl Fn(&'a T) -> V) -> Vec<V> {
    items.iter().map(field).collect()
}

fn json(text: &str) -> StoreResult<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| StoreError::Backend(e.to_string()))
}

#[async_trait]
impl Store for PgStore {
    async fn migrate(&self) -> StoreResult<usize> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            .await?;
        let done: i64 = tx
            .query_one("SELECT count(*) FROM schema_version", &[])
            .await?
            .get(0);
        let done = usize::try_from(done).unwrap_or(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            tx.batch_execute(sql).await?;
            let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&version],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(MIGRATIONS.len().saturating_sub(done))
    }

    async fn create_user(&self, user: &NewUser) -> StoreResult<i64> {
        let row = self
            .client()
            .await?
            .query_one(
                "INSERT INTO app_user (username, role, scope, password_hash) VALUES ($1, $2, $3, $4) RETURNING id",
                &[&user.username, &user.role.as_str(), &user.scope, &user.password_hash],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn user_by_name(&self, username: &str) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.username = $1");
        let row = self.client().await?.query_opt(&sql, &[&username]).await?;
        row.map(|r| user_from(&r, 0)).transpose()
    }

    async fn save_enrolment_code(
        &self,
        user_id: i64,
        code_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO enrolment_code (code_hash, user_id, expires_at) VALUES ($1, $2, $3)",
                &[&code_hash, &user_id, &expires_at],
            )
            .await?;
        Ok(())
    }

    async fn take_enrolment_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "DELETE FROM enrolment_code WHERE code_hash = $1 AND expires_at > $2 RETURNING user_id",
                &[&code_hash, &now],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn add_device(&self, d: &NewDevice) -> StoreResult<i64> {
        let row = self
            .client()
            .await?
            .query_one(
                "INSERT INTO device (user_id, name, public_key, token_hash) VALUES ($1, $2, $3, $4) RETURNING id",
                &[&d.user_id, &d.name, &d.public_key, &d.token_hash],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<DeviceAuth>> {
        let sql = format!(
            "SELECT d.id, d.public_key, d.revoked_at IS NOT NULL, {USER_COLUMNS}
             FROM device d JOIN app_user u ON u.id = d.user_id WHERE d.token_hash = $1"
        );
        let row = self.client().await?.query_opt(&sql, &[&token_hash]).await?;
        row.map(|r| {
            Ok(DeviceAuth {
                device_id: r.get(0),
                public_key: r.get(1),
                revoked: r.get(2),
                user: user_from(&r, 3)?,
            })
        })
        .transpose()
    }

    async fn revoke_device(&self, device_id: i64) -> StoreResult<bool> {
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE device SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1",
                &[&device_id],
            )
            .await?;
        Ok(n > 0)
    }

    async fn receipt_keys(&self) -> StoreResult<Vec<ReceiptKey>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT key_id, public_key, secret_key, active FROM receipt_key ORDER BY created_at",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ReceiptKey {
                key_id: r.get(0),
                public_key: r.get(1),
                secret_key: r.get(2),
                active: r.get(3),
            })
            .collect())
    }

    async fn add_receipt_key(&self, key: &ReceiptKey) -> StoreResult<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("UPDATE receipt_key SET active = false", &[])
            .await?;
        tx.execute(
            "INSERT INTO receipt_key (key_id, public_key, secret_key, active) VALUES ($1, $2, $3, true)",
            &[&key.key_id, &key.public_key, &key.secret_key],
        )
        .await?;
        Ok(tx.commit().await?)
    }

    async fn put_household(&self, id: &str, kelurahan: &str, data: &str) -> StoreResult<()> {
        let data = json(data)?;
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&FEED_LOCK])
            .await?;
        tx.execute(
            "INSERT INTO household (id, kelurahan, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET kelurahan = excluded.kelurahan, data = excluded.data",
            &[&id, &kelurahan, &data],
        )
        .await?;
        tx.execute(
            "INSERT INTO change_log (kind, subject, kelurahan, data) VALUES ('household', $1, $2, $3)",
            &[&id, &kelurahan, &data],
        )
        .await?;
        Ok(tx.commit().await?)
    }

    async fn households_kelurahan(&self, ids: &[String]) -> StoreResult<HashMap<String, String>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, kelurahan FROM household WHERE id = ANY($1)",
                &[&ids],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn announce_form(&self, form_key: &str, data: &str) -> StoreResult<()> {
        let data = json(data)?;
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&FEED_LOCK])
            .await?;
        tx.execute(
            "INSERT INTO change_log (kind, subject, data) SELECT 'form', $1::text, $2
             WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE kind = 'form' AND subject = $1::text)",
            &[&form_key, &data],
        )
        .await?;
        Ok(tx.commit().await?)
    }

    async fn records(&self, ids: &[String]) -> StoreResult<HashMap<String, StoredRecord>> {
        select_records(&self.client().await?, ids).await
    }

    async fn insert_records(&self, records: &[NewRecord]) -> StoreResult<Vec<Inserted>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        // In id order, so two batches sharing ids wait for each other instead of deadlocking.
        let rows = tx
            .query(
                "INSERT INTO record (id, sha256, body, user_id, device_id, household_id, receipt,
                                     received_at)
                 SELECT id, sha256, body, user_id, device_id, household_id, receipt,
                        coalesce(at, now())
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[],
                             $6::text[], $7::text[], $8::timestamptz[])
                      AS r (id, sha256, body, user_id, device_id, household_id, receipt, at)
                 ORDER BY 1
                 ON CONFLICT (id) DO NOTHING RETURNING id",
                &[
                    &column(records, |r| r.id.as_str()),
                    &column(records, |r| r.sha256.as_str()),
                    &column(records, |r| r.body.as_str()),
                    &column(records, |r| r.user_id),
                    &column(records, |r| r.device_id),
                    &column(records, |r| r.household_id.as_deref()),
                    &column(records, |r| r.receipt.as_str()),
                    &column(records, |r| r.received_at),
                ],
            )
            .await?;
        let fresh: HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
        let kept = select_records(&tx, &super::taken(records, &fresh)).await?;
        tx.commit().await?;
        super::answers(records, &fresh, kept)
    }

    async fn insert_conflicts(&self, conflicts: &[NewConflict]) -> StoreResult<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO record_conflict (record_id, sha256, body, user_id, device_id)
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[])
                 ON CONFLICT (record_id, sha256) DO NOTHING",
                &[
                    &column(conflicts, |k| k.record_id.as_str()),
                    &column(conflicts, |k| k.sha256.as_str()),
                    &column(conflicts, |k| k.body.as_str()),
                    &column(conflicts, |k| k.user_id),
                    &column(conflicts, |k| k.device_id),
                ],
            )
            .await?;
        Ok(())
    }

    async fn changes(
        &self,
        filter: &ChangeFilter,
        since: i64,
        limit: i64,
    ) -> StoreResult<Vec<Change>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT seq, kind, data FROM change_log
                 WHERE seq > $1 AND (kind = 'form' OR user_id = $2
                       OR (kind IN ('household', 'document') AND kelurahan = ANY($3)))
                 ORDER BY seq LIMIT $4",
                &[&since, &filter.user_id, &filter.kelurahan, &limit],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Change {
                seq: r.get(0),
                kind: r.get(1),
                data: r.get(2),
            })
            .collect())
    }

    async fn audit(&self, e: &AuditEntry) -> StoreResult<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO audit_log (user_id, device_id, action, subject) VALUES ($1, $2, $3, $4)",
                &[&e.user_id, &e.device_id, &e.action, &e.subject],
            )
            .await?;
        Ok(())
    }

    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<AuditLine>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT a.at, u.username, a.device_id, a.action, a.subject
                 FROM audit_log a JOIN app_user u ON u.id = a.user_id ORDER BY a.id DESC LIMIT $1",
                &[&limit],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| AuditLine {
                at: r
                    .get::<_, DateTime<Utc>>(0)
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                username: r.get(1),
                device_id: r.get(2),
                action: r.get(3),
                subject: r.get(4),
            })
            .collect())
    }

    async fn create_web_session(&self, s: &NewWebSession) -> StoreResult<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO web_session (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
                &[&s.token_hash, &s.user_id, &s.csrf, &s.expires_at],
            )
            .await?;
        Ok(())
    }

    async fn web_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<WebSession>> {
        let sql = format!(
            "SELECT s.csrf, {USER_COLUMNS} FROM web_session s JOIN app_user u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let row = self
            .client()
            .await?
            .query_opt(&sql, &[&token_hash, &now])
            .await?;
        row.map(|r| {
            Ok(WebSession {
                csrf: r.get(0),
                user: user_from(&r, 1)?,
            })
        })
        .transpose()
    }

    async fn end_web_session(&self, token_hash: &str) -> StoreResult<()> {
        self.client()
            .await?
            .execute(
                "DELETE FROM web_session WHERE token_hash = $1",
                &[&token_hash],
            )
            .await?;
        Ok(())
    }

    async fn end_web_sessions_of(&self, user_id: i64) -> StoreResult<u64> {
        Ok(self
            .client()
            .await?
            .execute("DELETE FROM web_session WHERE user_id = $1", &[&user_id])
            .await?)
    }
}
