//! The device's folder, laid out as a phone keeps its private storage: the encrypted store, the
//! encrypted evidence folder, and the store key. A phone keeps the key wrapped by its keystore;
//! this command-line device keeps it in a file readable only by its user — the one place where it
//! differs from a phone, and why it is a demonstration and test tool, not a field device.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use pandu_core::evidence;
use pandu_core::store::{Store, StoreKey};

const KEY_FILE: &str = "store.key";
const STORE_FILE: &str = "pandu.db";
const EVIDENCE_DIR: &str = "evidence";

/// An open device folder.
pub struct Device {
    /// The encrypted store.
    pub store: Store,
    /// The store key.
    pub key: StoreKey,
    /// The evidence folder.
    pub evidence_dir: PathBuf,
}

impl Device {
    /// Open the device in `home`, creating folder, key and store the first time, and clean up
    /// what a killed process left in the evidence folder.
    pub fn open(home: &Path) -> Result<Self, pandu_core::Error> {
        fs::create_dir_all(home)?;
        let key = load_or_make_key(&home.join(KEY_FILE))?;
        let store = Store::open(&home.join(STORE_FILE), &key)?;
        let evidence_dir = home.join(EVIDENCE_DIR);
        evidence::recover(&store, &key, &evidence_dir)?;
        Ok(Self {
            store,
            key,
            evidence_dir,
        })
    }
}

fn load_or_make_key(path: &Path) -> Result<StoreKey, pandu_core::Error> {
    match fs::read(path) {
        Ok(bytes) => {
            let raw: [u8; 32] = bytes.try_into().map_err(|_| {
                pandu_core::Error::Corrupt(format!("{} is not a key", path.display()))
            })?;
            Ok(StoreKey::from_bytes(raw))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let raw: [u8; 32] = rand::random();
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)?;
            file.write_all(&raw)?;
            file.sync_all()?;
            Ok(StoreKey::from_bytes(raw))
        }
        Err(e) => Err(e.into()),
    }
}
