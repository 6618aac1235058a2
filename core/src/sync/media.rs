//! The photo lane: upload the photos the office said it lacks, in chunks that resume where a
//! cut connection left them (the office tells how much it holds), and — once every record that
//! uses a photo has a verified receipt — delete the device's full-size copy to free space on an
//! old phone (the thumbnail stays for lists; the office keeps the photo).

use std::path::Path;

use chrono::Utc;
use rusqlite::Connection;

use super::control::Cancel;
use super::error::SyncError;
use super::transport::{Connection as Http, Upload};
use crate::error::Result;
use crate::evidence;
use crate::store::{Store, StoreKey};

/// Where the device's photos are and the key that opens them.
#[derive(Clone, Debug)]
pub struct PhotoFolder<'a> {
    /// The store key (photo files are sealed with a key derived from it).
    pub key: &'a StoreKey,
    /// The evidence folder.
    pub dir: &'a Path,
}

/// Upload photo `sha256` in chunks of `chunk` bytes. After a failed try (`resume`), ask the
/// office first how much it holds. `on_bytes` hears each chunk sent. Returns bytes sent.
pub fn upload(
    http: &Http,
    photos: &PhotoFolder<'_>,
    sha256: &str,
    chunk: usize,
    resume: bool,
    cancel: &Cancel,
    mut on_bytes: impl FnMut(u64),
) -> std::result::Result<u64, SyncError> {
    let jpeg = evidence::full_bytes(photos.key, photos.dir, sha256)?;
    let total = jpeg.len() as u64;
    let mut offset = match resume {
        true => http.media_status(sha256)?,
        false => Upload::Partial(0),
    };
    let mut sent = 0;
    while let Upload::Partial(start) = offset {
        cancel.check()?;
        let start = start.min(total);
        let end = (start + chunk as u64).min(total);
        let part = jpeg[start as usize..end as usize].to_vec();
        offset = http.put_media(sha256, start, total, part)?;
        sent += end - start;
        on_bytes(end - start);
    }
    Ok(sent)
}

/// The stored size of each photo in `ids` (for progress totals).
pub fn sizes(conn: &Connection, ids: &[String]) -> Result<u64> {
    let mut stmt = conn.prepare_cached("SELECT bytes FROM photo WHERE id = ?1")?;
    let mut total = 0u64;
    for id in ids {
        total += stmt
            .query_row([id], |r| r.get::<_, i64>(0))
            .unwrap_or(0)
            .max(0) as u64;
    }
    Ok(total)
}

/// Delete the full-size copy of every photo whose records all have verified receipts. Returns
/// how many were archived. A process killed midway leaves a file deleted but not marked; the next
/// run marks it (deleting a missing file is not an error).
pub fn archive(store: &mut Store, photos: &PhotoFolder<'_>) -> Result<usize> {
    let ids = archivable(store.reader())?;
    for id in &ids {
        evidence::discard_full(photos.key, photos.dir, id)?;
        store.write(|tx| {
            tx.prepare_cached("UPDATE photo SET archived_at = ?2 WHERE id = ?1")?
                .execute([id.as_str(), &Utc::now().to_rfc3339()])?;
            Ok(())
        })?;
    }
    Ok(ids.len())
}

/// Photos not yet archived, used by at least one sent record and by nothing else.
fn archivable(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id FROM photo p
         WHERE p.archived_at IS NULL
           AND EXISTS (SELECT 1 FROM evidence e JOIN outbox o ON o.record_id = e.draft_id
                       WHERE e.photo_id = p.id AND o.state = 'done')
           AND NOT EXISTS (SELECT 1 FROM evidence e LEFT JOIN outbox o ON o.record_id = e.draft_id
                           WHERE e.photo_id = p.id AND (o.state IS NULL OR o.state <> 'done'))",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
