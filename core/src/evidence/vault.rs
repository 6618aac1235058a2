//! Evidence files at rest. Each processed photo and thumbnail is sealed with XChaCha20-Poly1305
//! under a key derived (HKDF-SHA256) from the store key, so a lost phone leaks no picture and a
//! swapped or edited file is detected. Files are written to a temporary name, synced and renamed,
//! so a file under its final name is always whole.
//!
//! File layout: `PNDE1` (magic and version), a 24-byte random nonce, then ciphertext and tag. The
//! associated data binds the file to its photo id and kind.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::StoreKey;

const MAGIC: &[u8; 5] = b"PNDE1";
const NONCE_LEN: usize = 24;
/// Prefix of files being written; any left at start-up are debris of a killed process.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

/// The two files kept per photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The processed photo.
    Full,
    /// Its thumbnail.
    Thumb,
}

impl Kind {
    fn suffix(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Thumb => "thumb",
        }
    }
}

/// The encrypted evidence folder.
pub(crate) struct Vault {
    dir: PathBuf,
    cipher: XChaCha20Poly1305,
}

impl Vault {
    /// Open (creating if needed) the folder `dir` with a key derived from `key`.
    pub(crate) fn open(key: &StoreKey, dir: &Path) -> Result<Self> {
        fs::create_dir_all(dir)?;
        let nomedia = dir.join(".nomedia");
        if !nomedia.exists() {
            File::create(nomedia)?;
        }
        Ok(Self {
            dir: dir.to_owned(),
            cipher: XChaCha20Poly1305::new(&derive_key(key).into()),
        })
    }

    /// The folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Final path of photo `id`'s file of `kind`.
    pub(crate) fn path(&self, id: &str, kind: Kind) -> PathBuf {
        self.dir.join(format!("{id}.{}", kind.suffix()))
    }

    /// Seal `plain` and store it as `id`'s `kind` file, whole or not at all.
    pub(crate) fn write(&self, id: &str, kind: Kind, plain: &[u8]) -> Result<PathBuf> {
        let sealed = self.seal(id, kind, plain)?;
        let temp = self
            .dir
            .join(format!("{TEMP_PREFIX}{}", uuid::Uuid::now_v7()));
        let written = write_synced(&temp, &sealed).and_then(|()| {
            let path = self.path(id, kind);
            fs::rename(&temp, &path)?;
            File::open(&self.dir)?.sync_all()?;
            Ok(path)
        });
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }

    /// Open `id`'s `kind` file; for the full photo the SHA-256 of the content must equal `id`.
    pub(crate) fn read(&self, id: &str, kind: Kind) -> Result<Vec<u8>> {
        let sealed = fs::read(self.path(id, kind))?;
        let plain = self.open_sealed(id, kind, &sealed)?;
        if kind == Kind::Full && hex::encode(Sha256::digest(&plain)) != id {
            return Err(Error::Corrupt(format!(
                "photo {id} does not match its hash"
            )));
        }
        Ok(plain)
    }

    fn seal(&self, id: &str, kind: Kind, plain: &[u8]) -> Result<Vec<u8>> {
        let nonce_bytes: [u8; NONCE_LEN] = rand::random();
        let aad = associated_data(id, kind);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce_bytes),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Corrupt("evidence encryption failed".into()))?;
        Ok([MAGIC.as_slice(), &nonce_bytes, &sealed].concat())
    }

    fn open_sealed(&self, id: &str, kind: Kind, sealed: &[u8]) -> Result<Vec<u8>> {
        let damaged = || Error::Corrupt(format!("evidence file {id} is damaged or not ours"));
        let body = sealed.strip_prefix(MAGIC.as_slice()).ok_or_else(damaged)?;
        if body.len() < NONCE_LEN {
            return Err(damaged());
        }
        let (nonce, ciphertext) = body.split_at(NONCE_LEN);
        let aad = associated_data(id, kind);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| damaged())
    }
}

fn derive_key(key: &StoreKey) -> [u8; 32] {
    let mut out = [0u8; 32];
    Hkdf::<Sha256>::new(Some(b"pandu-evidence"), key.as_bytes())
        .expand(b"evidence file key v1", &mut out)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    out
}

fn associated_data(id: &str, kind: Kind) -> Vec<u8> {
    format!("pandu-evidence:{id}:{}", kind.suffix()).into_bytes()
}

/// Write `bytes` to a new private file at `path` and sync it to disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault(dir: &Path, byte: u8) -> Vault {
        Vault::open(&StoreKey::from_bytes([byte; 32]), dir).unwrap()
    }

    #[test]
    fn files_round_trip_and_are_not_plain() {
        let dir = tempfile::tempdir().unwrap();
        let v = vault(dir.path(), 1);
        let plain = b"thumbnail bytes".to_vec();
        let path = v.write("abc", Kind::Thumb, &plain).unwrap();
        assert!(!fs::read(&path)
            .unwrap()
            .windows(9)
            .any(|w| w == b"thumbnail"));
        assert_eq!(v.read("abc", Kind::Thumb).unwrap(), plain);
    }

    #[test]
    fn another_key_a_swapped_file_or_a_wrong_hash_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let v = vault(dir.path(), 1);
        v.write("abc", Kind::Thumb, b"x").unwrap();
        assert!(vault(dir.path(), 2).read("abc", Kind::Thumb).is_err());
        fs::copy(v.path("abc", Kind::Thumb), v.path("def", Kind::Thumb)).unwrap();
        assert!(v.read("def", Kind::Thumb).is_err());
        v.write("abc", Kind::Full, b"not the content of abc")
            .unwrap();
        assert!(matches!(v.read("abc", Kind::Full), Err(Error::Corrupt(_))));
    }
}
