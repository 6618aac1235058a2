//! What the users-and-devices page reads and changes beyond the core account calls: every
//! account with its role and area, one account by id, a new area for an account, and the
//! devices an account has signed in with (revoking one uses the store's own `revoke_device`,
//! the path of the `revoke-device` command).

mod postgres;
mod sqlite;

use async_trait::async_trait;

use super::StoreResult;
use crate::model::Role;

/// An account as the page lists it (no password hash).
#[derive(Clone, Debug)]
pub struct Account {
    /// Internal id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// What the account may do.
    pub role: Role,
    /// Kelurahan codes it works in.
    pub scope: Vec<String>,
}

/// A device an account signed in with.
#[derive(Clone, Debug)]
pub struct DeviceRow {
    /// Device id.
    pub id: i64,
    /// The name given at sign-in.
    pub name: String,
    /// When it signed in (RFC 3339, UTC).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// Account listing and changes for the admin's page, whatever the database.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Every account, by user name.
    async fn accounts(&self) -> StoreResult<Vec<Account>>;
    /// The account with `id`.
    async fn account(&self, id: i64) -> StoreResult<Option<Account>>;
    /// Give account `id` the area `scope`; false when there is no such account.
    async fn set_scope(&self, id: i64, scope: &[String]) -> StoreResult<bool>;
    /// The devices of account `id`, newest first.
    async fn devices_of(&self, id: i64) -> StoreResult<Vec<DeviceRow>>;
}

/// The role stored as `name`, or a backend error naming it.
fn role_from(name: &str) -> StoreResult<Role> {
    name.parse().map_err(super::StoreError::Backend)
}
