//! The inbox: the office's feed entries kept on the phone for the screens (assignments,
//! decisions on the user's records, form versions). The feed writes it when it pulls; reading it
//! needs no network, so the screens work offline.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};

/// A feed entry kept for the screens.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InboxEntry {
    /// Position in the office's feed.
    pub seq: i64,
    /// `assignment`, `decision` or `form`.
    pub kind: String,
    /// The entry as the office sent it.
    pub data: serde_json::Value,
    /// When the device received it (RFC 3339).
    pub received_at: String,
}

/// The inbox entries of `kind`, newest first.
pub fn inbox(conn: &Connection, kind: &str) -> Result<Vec<InboxEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, data, received_at FROM inbox WHERE kind = ?1 ORDER BY seq DESC",
    )?;
    let rows = stmt.query_map([kind], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?))
    })?;
    rows.map(|row| {
        let (seq, kind, data, received_at) = row?;
        let data = serde_json::from_str(&data).map_err(|e| Error::Corrupt(e.to_string()))?;
        Ok(InboxEntry {
            seq,
            kind,
            data,
            received_at,
        })
    })
    .collect()
}
