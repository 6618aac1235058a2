//! The account listing on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use tokio_postgres::Row;

use super::{role_from, Account, AccountStore, DeviceRow};
use crate::store::postgres::PgStore;
use crate::store::StoreResult;

const ACCOUNT: &str = "SELECT id, username, role, scope FROM app_user";

fn account_from(r: &Row) -> StoreResult<Account> {
    Ok(Account {
        id: r.get(0),
        username: r.get(1),
        role: role_from(r.get(2))?,
        scope: r.get(3),
    })
}

fn text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[async_trait]
impl AccountStore for PgStore {
    async fn accounts(&self) -> StoreResult<Vec<Account>> {
        let sql = format!("{ACCOUNT} ORDER BY username");
        let rows = self.client().await?.query(&sql, &[]).await?;
        rows.iter().map(account_from).collect()
    }

    async fn account(&self, id: i64) -> StoreResult<Option<Account>> {
        let sql = format!("{ACCOUNT} WHERE id = $1");
        let row = self.client().await?.query_opt(&sql, &[&id]).await?;
        row.as_ref().map(account_from).transpose()
    }

    async fn set_scope(&self, id: i64, scope: &[String]) -> StoreResult<bool> {
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE app_user SET scope = $2 WHERE id = $1",
                &[&id, &scope],
            )
            .await?;
        Ok(n > 0)
    }

    async fn devices_of(&self, id: i64) -> StoreResult<Vec<DeviceRow>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, name, created_at, revoked_at FROM device WHERE user_id = $1
                 ORDER BY id DESC",
                &[&id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| DeviceRow {
                id: r.get(0),
                name: r.get(1),
                created_at: text(r.get(2)),
                revoked_at: r.get::<_, Option<DateTime<Utc>>>(3).map(text),
            })
            .collect())
    }
}
