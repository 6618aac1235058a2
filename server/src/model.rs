//! The plain data the server keeps about people and devices: roles, accounts, devices, receipt
//! keys. Shared by the storage back-ends and the API, with no storage or HTTP in it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// RT/RW volunteer or kelurahan staff: sends reports, reads back only their own.
    Volunteer,
    /// Social worker (Sakti Peksos): visits households of their kelurahan.
    Peksos,
    /// Office supervisor: reviews and decides; reads the households of their scope.
    Supervisor,
    /// Administrator: users, devices, enrolment codes.
    Admin,
}

impl Role {
    /// Every role, for listings and tests.
    pub const ALL: [Role; 4] = [Self::Volunteer, Self::Peksos, Self::Supervisor, Self::Admin];

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::Peksos => "peksos",
            Self::Supervisor => "supervisor",
            Self::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?} (volunteer, peksos, supervisor, admin)"))
    }
}

/// An account as stored.
#[derive(Clone, Debug)]
pub struct User {
    /// Internal id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// What the account may do.
    pub role: Role,
    /// Kemendagri codes of the kelurahan the account works in.
    pub scope: Vec<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
}

impl User {
    /// True when `kelurahan_code` is in the account's scope.
    pub fn covers(&self, kelurahan_code: &str) -> bool {
        self.scope.iter().any(|k| k == kelurahan_code)
    }

    /// The one kelurahan the account works in, when it works in exactly one (an RT/RW
    /// volunteer's): the area of a report it sends about a family not in the registry.
    pub fn home_kelurahan(&self) -> Option<&str> {
        match self.scope.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Sign-in name.
    pub username: String,
    /// What the account may do.
    pub role: Role,
    /// Kelurahan codes.
    pub scope: Vec<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// A device to register at sign-in.
#[derive(Clone, Debug)]
pub struct NewDevice {
    /// Owner.
    pub user_id: i64,
    /// Name the user gave the device.
    pub name: String,
    /// Ed25519 public key, hex.
    pub public_key: String,
    /// SHA-256 hex of the device token (the token itself is never stored).
    pub token_hash: String,
}

/// A signed-in device found by its token.
#[derive(Clone, Debug)]
pub struct DeviceAuth {
    /// Device id.
    pub device_id: i64,
    /// Ed25519 public key, hex.
    pub public_key: String,
    /// True once an admin revoked it.
    pub revoked: bool,
    /// Its owner.
    pub user: User,
}

/// A receipt signing key. Retired keys keep only their public half's use.
#[derive(Clone, Debug)]
pub struct ReceiptKey {
    /// Short id: the first 16 hex digits of SHA-256 of the public key.
    pub key_id: String,
    /// Ed25519 public key, hex.
    pub public_key: String,
    /// Ed25519 secret key, hex.
    pub secret_key: String,
    /// True for the one key that signs new receipts.
    pub active: bool,
}
