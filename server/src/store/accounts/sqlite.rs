//! The account listing on SQLite.

use async_trait::async_trait;
use rusqlite::{params, Row};

use super::{role_from, Account, AccountStore, DeviceRow};
use crate::store::sqlite::{bad_column, SqliteStore};
use crate::store::StoreResult;

const ACCOUNT: &str = "SELECT id, username, role, scope FROM app_user";

fn account_from(r: &Row<'_>) -> rusqlite::Result<Account> {
    let role: String = r.get(2)?;
    let scope: String = r.get(3)?;
    Ok(Account {
        id: r.get(0)?,
        username: r.get(1)?,
        role: role_from(&role).map_err(|e| bad_column(2, e.to_string()))?,
        scope: serde_json::from_str(&scope).map_err(|e| bad_column(3, e.to_string()))?,
    })
}

#[async_trait]
impl AccountStore for SqliteStore {
    async fn accounts(&self) -> StoreResult<Vec<Account>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(&format!("{ACCOUNT} ORDER BY username"))?;
            let rows = stmt.query_map([], account_from)?;
            rows.collect()
        })
        .await
    }

    async fn account(&self, id: i64) -> StoreResult<Option<Account>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(&format!("{ACCOUNT} WHERE id = ?1"))?;
            let mut rows = stmt.query_map([id], account_from)?;
            rows.next().transpose()
        })
        .await
    }

    async fn set_scope(&self, id: i64, scope: &[String]) -> StoreResult<bool> {
        let scope = serde_json::to_string(scope).unwrap_or_default();
        self.run(move |c| {
            c.execute(
                "UPDATE app_user SET scope = ?2 WHERE id = ?1",
                params![id, scope],
            )
            .map(|n| n > 0)
        })
        .await
    }

    async fn devices_of(&self, id: i64) -> StoreResult<Vec<DeviceRow>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, name, created_at, revoked_at FROM device WHERE user_id = ?1
                 ORDER BY id DESC",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok(DeviceRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    revoked_at: r.get(3)?,
                })
            })?;
            rows.collect()
        })
        .await
    }
}
