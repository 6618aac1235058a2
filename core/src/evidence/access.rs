//! Everything after ingest: reading evidence back for the visit summary, decrypting a thumbnail
//! or a full photo for display, removing a photo that is being retaken, and cleaning the evidence
//! folder after a crash.
//!
//! Decrypted full photos are written to `<media_dir>/view/`, inside the app's private storage
//! (never the gallery). The shell shows the file and calls [`clear_views`] when the viewer
//! closes; [`recover`] also empties that folder, so a decrypted copy lives at most until the
//! next start.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::rows::{self, Evidence};
use super::vault::{write_synced, Kind, Vault, TEMP_PREFIX};
use crate::error::Result;
use crate::store::{Store, StoreKey};

const VIEW_DIR: &str = "view";

/// The evidence of a visit (draft), in the order it was taken, with its flags.
pub fn for_draft(conn: &Connection, draft_id: &str) -> Result<Vec<Evidence>> {
    rows::for_draft(conn, draft_id)
}

/// The decrypted JPEG thumbnail of photo `photo_id` (about 10–20 KB), for lists.
pub fn thumbnail_bytes(key: &StoreKey, media_dir: &Path, photo_id: &str) -> Result<Vec<u8>> {
    Vault::open(key, media_dir)?.read(photo_id, Kind::Thumb)
}

/// The decrypted full photo `photo_id`, checked against its id (for upload to the office).
pub fn full_bytes(key: &StoreKey, media_dir: &Path, photo_id: &str) -> Result<Vec<u8>> {
    Vault::open(key, media_dir)?.read(photo_id, Kind::Full)
}

/// Delete the full photo `photo_id` once the office holds it (its thumbnail stays for lists).
/// Deleting a photo already gone is not an error.
pub fn discard_full(key: &StoreKey, media_dir: &Path, photo_id: &str) -> Result<()> {
    remove_if_present(&Vault::open(key, media_dir)?.path(photo_id, Kind::Full))
}

/// Decrypt photo `photo_id` to a new private file under `<media_dir>/view/` and return its path.
/// The content is checked against the photo id. See the module doc for the file's lifetime.
pub fn open_full_to_temp(key: &StoreKey, media_dir: &Path, photo_id: &str) -> Result<PathBuf> {
    let jpeg = Vault::open(key, media_dir)?.read(photo_id, Kind::Full)?;
    let dir = media_dir.join(VIEW_DIR);
    fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}.jpg", uuid::Uuid::now_v7()));
    write_synced(&path, &jpeg)?;
    Ok(path)
}

/// Delete every decrypted copy made by [`open_full_to_temp`].
pub fn clear_views(media_dir: &Path) -> Result<()> {
    match fs::remove_dir_all(media_dir.join(VIEW_DIR)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Detach evidence `evidence_id` (a photo being retaken before the visit is finished). The
/// photo's files are deleted after the rows when no other evidence uses the photo. Once the
/// visit's draft is gone (finished), this gives [`crate::Error::State`] and deletes nothing.
pub fn remove(
    store: &mut Store,
    key: &StoreKey,
    media_dir: &Path,
    evidence_id: &str,
) -> Result<()> {
    let orphan = store.write(|tx| rows::delete(tx, evidence_id))?;
    if let Some(photo_id) = orphan {
        let vault = Vault::open(key, media_dir)?;
        for kind in [Kind::Full, Kind::Thumb] {
            remove_if_present(&vault.path(&photo_id, kind))?;
        }
    }
    Ok(())
}

/// Call once after opening the store, before any ingest: deletes half-written temporary files,
/// decrypted copies, and files that no photo row names (left by a process killed between writing
/// the files and committing the rows). Returns how many files were removed.
pub fn recover(store: &Store, key: &StoreKey, media_dir: &Path) -> Result<usize> {
    clear_views(media_dir)?;
    let vault = Vault::open(key, media_dir)?;
    let known: HashSet<PathBuf> = rows::photo_ids(store.reader())?
        .iter()
        .flat_map(|id| [vault.path(id, Kind::Full), vault.path(id, Kind::Thumb)])
        .collect();
    let mut removed = 0;
    for entry in fs::read_dir(vault.dir())? {
        let path = entry?.path();
        if is_debris(&path, &known) {
            remove_if_present(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A temporary file, or an evidence file that no row names.
fn is_debris(path: &Path, known: &HashSet<PathBuf>) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let evidence_file = name.ends_with(".full") || name.ends_with(".thumb");
    name.starts_with(TEMP_PREFIX) || (evidence_file && !known.contains(path))
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
