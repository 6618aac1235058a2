//! The encrypted on-device store: one SQLCipher file opened with the 32-byte key the shell keeps in
//! the platform keystore. One connection, one writer; every write is one transaction, so nothing a
//! user sees is ever half-written, and a killed process leaves the last committed state.

mod schema;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub use schema::SCHEMA_VERSION;

/// The 32-byte database key. The shell creates it at random and keeps it wrapped by the
/// Android Keystore or the iOS Keychain.
#[derive(Clone)]
pub struct StoreKey([u8; 32]);

impl StoreKey {
    /// A key from its raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw bytes, for deriving sub-keys (e.g. for evidence files).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

/// How the file is protected. Only [`Protection::Encrypted`] is for real use; `Plain` exists so the
/// benchmarks can show what SQLCipher costs.
#[derive(Clone, Debug)]
pub enum Protection {
    /// SQLCipher with the given raw key.
    Encrypted(StoreKey),
    /// Plain SQLite, for comparisons only.
    Plain,
}

/// The open store.
pub struct Store {
    /// Always `Some` until the store is dropped (then closed under [`codec_lock`]).
    conn: Option<Connection>,
}

/// SQLCipher sets its crypto provider up when a keyed connection opens and tears it down when the
/// last one closes, process-wide. Opening and closing stores one at a time keeps threads from
/// racing there (seen as a rare "error with PRAGMA key" when many tests opened stores at once).
fn codec_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Drop for Store {
    fn drop(&mut self) {
        let _codec = codec_lock();
        drop(self.conn.take());
    }
}

impl Store {
    /// Open (or create) the encrypted store at `path`. A wrong key gives [`Error::WrongKey`] and
    /// leaves the file untouched.
    pub fn open(path: &Path, key: &StoreKey) -> Result<Self> {
        Self::open_with(path, &Protection::Encrypted(key.clone()))
    }

    /// Open with an explicit [`Protection`].
    pub fn open_with(path: &Path, protection: &Protection) -> Result<Self> {
        let _codec = codec_lock();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // A wrong key is reported as Error::WrongKey; SQLCipher need not also print it.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        if let Protection::Encrypted(key) = protection {
            let hex_key = hex::encode(key.as_bytes());
            conn.execute_batch(&format!("PRAGMA key = \"x'{hex_key}'\";"))?;
            // Page HMAC with SHA-256: phone CPUs (ARMv8 crypto extensions) and this host (SHA-NI)
            // compute it in hardware; SQLCipher's default SHA-512 is not accelerated there.
            conn.execute_batch("PRAGMA cipher_hmac_algorithm = HMAC_SHA256;")?;
        }
        check_readable(&conn)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;
             PRAGMA cache_size = -8192;",
        )?;
        let mut conn = conn;
        schema::migrate(&mut conn)?;
        Ok(Self { conn: Some(conn) })
    }

    /// Like [`Store::write`], but the commit also reaches the disk before it returns (an fsync), so
    /// that even a power cut keeps it. Used for finished records; a plain write survives a killed
    /// process but may lose its last moments to a power cut.
    pub fn write_durable<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.reader().execute_batch("PRAGMA synchronous = FULL;")?;
        let result = self.write(work);
        self.reader()
            .execute_batch("PRAGMA synchronous = NORMAL;")?;
        result
    }

    /// Run `work` as one write transaction: all of it is saved, or none of it.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let conn = self.conn.as_mut().ok_or(Error::State("store closed"))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The connection, for reads.
    pub fn reader(&self) -> &Connection {
        self.conn.as_ref().unwrap_or_else(|| {
            unreachable!("the connection is taken only when the store is dropped")
        })
    }
}

/// Read the schema; with a wrong key SQLCipher reports "file is not a database".
fn check_readable(conn: &Connection) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(Error::WrongKey)
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> StoreKey {
        StoreKey::from_bytes([byte; 32])
    }

    #[test]
    fn wrong_key_is_refused_and_file_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pandu.db");
        drop(Store::open(&path, &key(1)).unwrap());
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(Store::open(&path, &key(2)), Err(Error::WrongKey)));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(Store::open(&path, &key(1)).is_ok());
    }

    #[test]
    fn encrypted_file_has_no_plain_sqlite_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pandu.db");
        drop(Store::open(&path, &key(7)).unwrap());
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
        assert!(matches!(
            Store::open_with(&path, &Protection::Plain),
            Err(Error::WrongKey)
        ));
    }

    #[test]
    fn reopening_keeps_the_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pandu.db");
        drop(Store::open(&path, &key(3)).unwrap());
        let store = Store::open(&path, &key(3)).unwrap();
        let version: i64 = store
            .reader()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }
}
