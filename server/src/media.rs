//! Photos on the filesystem, content-addressed by the SHA-256 of their bytes. A file becomes
//! visible under its name only after its hash, size and type were checked, by an atomic rename;
//! a resumable upload grows a partial file that keeps what already arrived.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

/// The largest photo accepted, in bytes.
pub const MAX_MEDIA_BYTES: u64 = 8 * 1024 * 1024;

/// A JPEG file starts with these bytes (SOI marker and the first marker's prefix).
const JPEG_MAGIC: [u8; 3] = [0xFF, 0xD8, 0xFF];

/// Why a photo was not kept.
#[derive(Debug, PartialEq, Eq)]
pub enum MediaError {
    /// The name is not 64 lower-case hex digits.
    BadName,
    /// Larger than [`MAX_MEDIA_BYTES`].
    TooLarge,
    /// Not a JPEG.
    NotJpeg,
    /// The bytes do not hash to the name.
    HashMismatch,
    /// A chunk does not start where the received part ends; carries the received length.
    RangeMismatch(u64),
    /// Another upload of the same photo is running.
    Busy,
    /// The disk failed.
    Io(String),
}

impl From<std::io::Error> for MediaError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e.to_string())
    }
}

/// Where an upload stands after a chunk.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    /// Complete and kept (true when it was already there).
    Stored {
        /// It was already there before this request.
        existed: bool,
    },
    /// This many bytes have arrived so far.
    Partial(u64),
}

/// The photo folder.
#[derive(Clone)]
pub struct MediaStore {
    root: PathBuf,
    busy: Arc<Mutex<HashSet<String>>>,
}

/// A checked photo name: 64 lower-case hex digits, so it can never walk out of the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaName(String);

impl MediaName {
    /// `name` when it is a SHA-256 hex digest.
    pub fn parse(name: &str) -> Result<Self, MediaError> {
        let ok = name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| Self(name.to_owned())).ok_or(MediaError::BadName)
    }

    /// The hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Holds the per-photo upload lock until dropped.
struct Claim<'a> {
    store: &'a MediaStore,
    name: String,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if let Ok(mut busy) = self.store.busy.lock() {
            busy.remove(&self.name);
        }
    }
}

impl MediaStore {
    /// The store under `root` (created when missing).
    pub fn open(root: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(root.join("partial"))?;
        Ok(Self {
            root: root.to_owned(),
            busy: Arc::default(),
        })
    }

    fn path(&self, name: &MediaName) -> PathBuf {
        self.root.join(&name.0[..2]).join(&name.0)
    }

    fn partial_path(&self, name: &MediaName) -> PathBuf {
        self.root.join("partial").join(&name.0)
    }

    /// True when the complete, checked photo is kept.
    pub fn has(&self, name: &MediaName) -> bool {
        self.path(name).is_file()
    }

    /// The bytes of the complete photo `name`.
    pub async fn read(&self, name: &MediaName) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.path(name)).await
    }

    /// How many bytes of an unfinished upload have arrived.
    pub fn received(&self, name: &MediaName) -> u64 {
        std::fs::metadata(self.partial_path(name)).map_or(0, |m| m.len())
    }

    /// Keep the complete photo `bytes` under `name` after checking it.
    pub fn put(&self, name: &MediaName, bytes: &[u8]) -> Result<Progress, MediaError> {
        if self.has(name) {
            return Ok(Progress::Stored { existed: true });
        }
        check_size(bytes.len() as u64)?;
        check_type(bytes)?;
        check_hash(name, bytes)?;
        let _claim = self.claim(name)?;
        let tmp = self
            .root
            .join("partial")
            .join(format!("{}.{}", name.0, std::process::id()));
        write_synced(&tmp, bytes, false)?;
        self.publish(name, &tmp)?;
        Ok(Progress::Stored { existed: false })
    }

    /// Append the chunk `bytes`, which starts at byte `start` of a photo of `total` bytes; when
    /// the photo is complete, check it and keep it.
    pub fn append(
        &self,
        name: &MediaName,
        start: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<Progress, MediaError> {
        if self.has(name) {
            return Ok(Progress::Stored { existed: true });
        }
        check_size(total)?;
        let _claim = self.claim(name)?;
        let received = self.received(name);
        if start != received || start + bytes.len() as u64 > total {
            return Err(MediaError::RangeMismatch(received));
        }
        if start == 0 {
            check_type(bytes)?;
        }
        let partial = self.partial_path(name);
        write_synced(&partial, bytes, true)?;
        let now = received + bytes.len() as u64;
        if now < total {
            return Ok(Progress::Partial(now));
        }
        let whole = std::fs::read(&partial)?;
        if let Err(e) = check_hash(name, &whole) {
            std::fs::remove_file(&partial)?;
            return Err(e);
        }
        self.publish(name, &partial)?;
        Ok(Progress::Stored { existed: false })
    }

    fn claim(&self, name: &MediaName) -> Result<Claim<'_>, MediaError> {
        let mut busy = self.busy.lock().map_err(|_| MediaError::Busy)?;
        if !busy.insert(name.0.clone()) {
            return Err(MediaError::Busy);
        }
        Ok(Claim {
            store: self,
            name: name.0.clone(),
        })
    }

    fn publish(&self, name: &MediaName, from: &Path) -> Result<(), MediaError> {
        let to = self.path(name);
        std::fs::create_dir_all(to.parent().unwrap_or(&self.root))?;
        std::fs::rename(from, to)?;
        Ok(())
    }
}

fn write_synced(path: &Path, bytes: &[u8], append: bool) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn check_size(len: u64) -> Result<(), MediaError> {
    (len <= MAX_MEDIA_BYTES)
        .then_some(())
        .ok_or(MediaError::TooLarge)
}

fn check_type(bytes: &[u8]) -> Result<(), MediaError> {
    bytes
        .starts_with(&JPEG_MAGIC)
        .then_some(())
        .ok_or(MediaError::NotJpeg)
}

fn check_hash(name: &MediaName, bytes: &[u8]) -> Result<(), MediaError> {
    let actual = hex::encode(Sha256::digest(bytes));
    (actual == name.0)
        .then_some(())
        .ok_or(MediaError::HashMismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg() -> (MediaName, Vec<u8>) {
        let bytes = [&JPEG_MAGIC[..], b"\xE0 a photo"].concat();
        let name = MediaName::parse(&hex::encode(Sha256::digest(&bytes))).unwrap();
        (name, bytes)
    }

    #[test]
    fn names_that_could_leave_the_folder_are_refused() {
        for bad in [
            "..",
            "../etc/passwd",
            &"A".repeat(64),
            &"a".repeat(63),
            &"g".repeat(64),
        ] {
            assert_eq!(MediaName::parse(bad), Err(MediaError::BadName), "{bad}");
        }
    }

    #[test]
    fn chunks_resume_where_they_stopped_and_the_whole_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::open(dir.path()).unwrap();
        let (name, bytes) = jpeg();
        let total = bytes.len() as u64;
        assert_eq!(
            store.append(&name, 0, total, &bytes[..4]),
            Ok(Progress::Partial(4))
        );
        assert_eq!(
            store.append(&name, 2, total, &bytes[2..]),
            Err(MediaError::RangeMismatch(4))
        );
        assert_eq!(store.received(&name), 4);
        assert_eq!(
            store.append(&name, 4, total, &bytes[4..]),
            Ok(Progress::Stored { existed: false })
        );
        assert!(store.has(&name));
        assert_eq!(
            store.put(&name, &bytes),
            Ok(Progress::Stored { existed: true })
        );
    }
}
