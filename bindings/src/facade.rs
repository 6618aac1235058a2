//! The one core object a shell opens: a data folder and the 32-byte key from the platform's
//! keystore. It holds the store's single writing connection behind a lock; work that takes long
//! (sign-in, sync) opens its own connection to the same file, so the screens never wait on it.
//! Shutting it down drops the connection, and every later call gives [`PanduError::Closed`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pandu_core::evidence;
use pandu_core::store::{Store, StoreKey};
use pandu_core::Text;

use crate::error::{lock, PanduError};
use crate::sync::SyncRun;

/// The store file inside the data folder.
const STORE_FILE: &str = "pandu.db";
/// The encrypted photo folder inside the data folder.
const EVIDENCE_DIR: &str = "evidence";

/// Where the data lives and the key that opens it.
pub(crate) struct Place {
    /// The SQLCipher store file.
    pub db: PathBuf,
    /// The encrypted evidence folder.
    pub media: PathBuf,
    /// The store key (photos are sealed with a key derived from it).
    pub key: StoreKey,
}

impl Place {
    /// A new connection to the store, for work that runs apart from the screens.
    pub fn open_store(&self) -> Result<Store, PanduError> {
        Ok(Store::open(&self.db, &self.key)?)
    }
}

/// What the core object and the sessions it made share.
pub(crate) struct Shared {
    /// Files and key.
    pub place: Arc<Place>,
    /// The screens' connection; `None` once closed.
    pub(crate) store: Mutex<Option<Store>>,
    /// The sync run started last, to refuse a second one and to cancel it on shutdown.
    pub sync: Mutex<Option<Arc<SyncRun>>>,
}

impl Shared {
    /// Run `work` with the open store, or fail with [`PanduError::Closed`].
    pub fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, PanduError>,
    ) -> Result<T, PanduError> {
        let mut store = lock(&self.store);
        work(store.as_mut().ok_or_else(PanduError::closed)?)
    }

    /// [`PanduError::Closed`] once the core is closed.
    pub fn ensure_open(&self) -> Result<(), PanduError> {
        self.with_store(|_| Ok(()))
    }
}

/// Pandu's core, opened once per process with the app's data folder and its key.
#[derive(uniffi::Object)]
pub struct PanduCore {
    pub(crate) shared: Arc<Shared>,
}

#[uniffi::export]
impl PanduCore {
    /// Open (or create) the data in `data_dir` with the 32-byte `key` the shell keeps in the
    /// Android Keystore or iOS Keychain. A wrong key gives [`PanduError::Locked`] and changes
    /// nothing; a key of another length gives [`PanduError::Invalid`]. Cleans up what a killed
    /// process left half-written.
    #[uniffi::constructor]
    pub fn open(data_dir: String, key: Vec<u8>) -> Result<Arc<Self>, PanduError> {
        let key: [u8; 32] = key.try_into().map_err(|_| bad_key())?;
        let dir = PathBuf::from(data_dir);
        std::fs::create_dir_all(&dir).map_err(pandu_core::Error::from)?;
        let place = Place {
            db: dir.join(STORE_FILE),
            media: dir.join(EVIDENCE_DIR),
            key: StoreKey::from_bytes(key),
        };
        let store = place.open_store()?;
        evidence::recover(&store, &place.key, &place.media)?;
        let shared = Shared {
            place: Arc::new(place),
            store: Mutex::new(Some(store)),
            sync: Mutex::new(None),
        };
        Ok(Arc::new(Self {
            shared: Arc::new(shared),
        }))
    }

    /// Close the data: a running sync is cancelled, and every later call on this object or its
    /// sessions gives [`PanduError::Closed`]. Shutting down twice is harmless. (Not `close`,
    /// which Kotlin's `AutoCloseable` already names: that one frees the object itself.)
    pub fn shutdown(&self) {
        if let Some(run) = lock(&self.shared.sync).as_ref() {
            run.cancel();
        }
        lock(&self.shared.store).take();
    }

    /// True until [`PanduCore::shutdown`].
    pub fn is_open(&self) -> bool {
        self.shared.ensure_open().is_ok()
    }
}

fn bad_key() -> PanduError {
    PanduError::invalid(
        "key.length",
        Text::new(
            "Kunci data harus 32 bita.",
            "The data key must be 32 bytes.",
        ),
    )
}
