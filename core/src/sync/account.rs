//! The device's account with one office server: signing in (password or one-time enrolment code)
//! with an Ed25519 key pair made for this enrolment, and keeping the device token, the signing key
//! and the server's receipt keys in the encrypted store — never anywhere else.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};

use super::error::SyncError;
use super::signing::{self, ServerKey};
use super::transport::Connection as Http;
use super::wire::{EnrolRequest, Enrolled, Keys};
use crate::error::Error;
use crate::store::Store;

/// How the user proves who they are at sign-in.
#[derive(Clone, Debug)]
pub enum Credential {
    /// The account's password.
    Password(String),
    /// A one-time code an admin showed (as text or QR).
    EnrolmentCode(String),
}

/// A sign-in to do.
#[derive(Clone, Debug)]
pub struct SignIn {
    /// The office server, e.g. `https://pandu.payakumbuhkota.go.id`.
    pub server_url: String,
    /// The account's user name.
    pub username: String,
    /// Password or enrolment code.
    pub credential: Credential,
    /// A name for this device, shown to the admin (e.g. "HP Peksos Rina").
    pub device_name: String,
}

/// The signed-in account as the device keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The office server.
    pub server_url: String,
    /// This device's id at the server.
    pub device_id: i64,
    /// This device's name.
    pub device_name: String,
    /// The account's user name.
    pub username: String,
    /// `volunteer`, `peksos`, `supervisor` or `admin`.
    pub role: String,
    /// Kelurahan codes the account works in.
    pub kelurahan: Vec<String>,
    /// The device token; `None` once the server refused it (sign in again).
    pub token: Option<String>,
    /// The server's receipt public keys.
    pub server_keys: Vec<ServerKey>,
    signing_key: [u8; 32],
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("server_url", &self.server_url)
            .field("device_id", &self.device_id)
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Account {
    /// The device's signature over a record hash, hex.
    pub fn sign_record(&self, sha256: &str) -> String {
        signing::sign(&self.signing_key, &signing::device_message(sha256))
    }

    /// The device's Ed25519 public key, hex.
    pub fn public_key(&self) -> String {
        let key = ed25519_dalek::SigningKey::from_bytes(&self.signing_key);
        hex::encode(key.verifying_key().to_bytes())
    }

    /// A connection to the account's server with its token.
    pub fn connect(&self) -> Result<Http, SyncError> {
        let token = self.token.clone().ok_or(SyncError::SignInNeeded {
            code: "device.signed_out".into(),
            message: SyncError::NotEnrolled.text(),
        })?;
        Http::new(&self.server_url, Some(token))
    }
}

/// Sign this device in: make a new key pair, register its public half with the server, and keep
/// the account in the store (replacing an earlier one). Records already queued stay queued.
pub fn sign_in(store: &mut Store, request: &SignIn) -> Result<Account, SyncError> {
    let (secret, public) = signing::new_key_pair();
    let public_hex = hex::encode(public);
    let (password, enrolment_code) = match &request.credential {
        Credential::Password(p) => (Some(p.as_str()), None),
        Credential::EnrolmentCode(c) => (None, Some(c.trim())),
    };
    let body = EnrolRequest {
        username: request.username.trim(),
        password,
        enrolment_code,
        device_name: request.device_name.trim(),
        public_key: &public_hex,
    };
    let http = Http::new(&request.server_url, None)?;
    let (enrolled, _): (Enrolled, u64) =
        http.post_json("/api/v1/devices", &body)
            .map_err(|e| match e {
                SyncError::SignInNeeded { code, message } => SyncError::Refused {
                    status: 401,
                    code,
                    message,
                },
                other => other,
            })?;
    let account = Account {
        server_url: request.server_url.trim_end_matches('/').to_owned(),
        device_id: enrolled.device_id,
        device_name: request.device_name.trim().to_owned(),
        username: enrolled.user.username,
        role: enrolled.user.role,
        kelurahan: enrolled.user.kelurahan,
        token: Some(enrolled.token),
        server_keys: enrolled.receipt_keys,
        signing_key: secret,
    };
    store.write_durable(|tx| save(tx, &account))?;
    Ok(account)
}

/// The account this device is signed in with, if any.
pub fn current(conn: &Connection) -> Result<Option<Account>, Error> {
    conn.prepare_cached(
        "SELECT server_url, device_id, device_name, username, role, kelurahan, token, signing_key, server_keys
         FROM account WHERE id = 1",
    )?
    .query_row([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })
    .optional()?
    .map(|(server_url, device_id, device_name, username, role, kelurahan, token, key, keys)| {
        Ok(Account {
            server_url,
            device_id,
            device_name,
            username,
            role,
            kelurahan: decode(&kelurahan)?,
            token,
            server_keys: decode(&keys)?,
            signing_key: hex::decode(&key)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| Error::Corrupt("device signing key".into()))?,
        })
    })
    .transpose()
}

/// The account, or [`SyncError::NotEnrolled`].
pub fn require(conn: &Connection) -> Result<Account, SyncError> {
    current(conn)?.ok_or(SyncError::NotEnrolled)
}

/// Forget the device token after the server refused it; the keys and queued work stay.
pub fn forget_token(store: &mut Store) -> Result<(), Error> {
    store.write(|tx| {
        tx.execute("UPDATE account SET token = NULL WHERE id = 1", [])?;
        Ok(())
    })
}

/// Learn the server's current receipt keys (after a key rotation).
pub fn refresh_server_keys(store: &mut Store, account: &mut Account) -> Result<(), SyncError> {
    let keys: Keys = account.connect()?.get_json("/api/v1/keys")?;
    account.server_keys = keys.keys;
    let text = encode(&account.server_keys)?;
    store.write(|tx| {
        tx.execute("UPDATE account SET server_keys = ?1 WHERE id = 1", [text])?;
        Ok(())
    })?;
    Ok(())
}

fn save(tx: &rusqlite::Transaction<'_>, a: &Account) -> Result<(), Error> {
    tx.execute(
        "INSERT OR REPLACE INTO account
         (id, server_url, device_id, device_name, username, role, kelurahan, token, signing_key, server_keys, enrolled_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            a.server_url,
            a.device_id,
            a.device_name,
            a.username,
            a.role,
            encode(&a.kelurahan)?,
            a.token,
            hex::encode(a.signing_key),
            encode(&a.server_keys)?,
            Utc::now().to_rfc3339(),
        ],
    )?;
    Ok(())
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(e.to_string()))
}
