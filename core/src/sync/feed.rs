//! Pulling the office's change feed: registry households of the user's kelurahan go into the
//! household tables (so search and visits work offline), everything else the screens show
//! (assignments, decisions on the user's records, form versions) is kept in the inbox. Each page
//! and its cursor are written in one transaction, so an interrupted pull resumes at the next page.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::error::SyncError;
use super::transport::Connection as Http;
use super::wire::{Change, ChangesPage};
use crate::error::{Error, Result};
use crate::household::{repo, Household};
use crate::store::Store;

/// Entries asked for per page.
const PAGE_SIZE: u32 = 500;
/// The `sync_state` key of the feed cursor.
const CURSOR_KEY: &str = "changes_cursor";

/// Pull every new page; calls `on_page` with the number of entries after each. Returns how many
/// entries were applied.
pub fn pull(
    store: &mut Store,
    http: &Http,
    mut on_page: impl FnMut(usize) -> std::result::Result<(), SyncError>,
) -> std::result::Result<usize, SyncError> {
    let mut applied = 0;
    loop {
        let cursor = state(store.reader(), CURSOR_KEY)?.unwrap_or_default();
        let page: ChangesPage =
            http.get_json(&format!("/api/v1/changes?since={cursor}&limit={PAGE_SIZE}"))?;
        store.write(|tx| {
            page.changes.iter().try_for_each(|c| apply(tx, c))?;
            set_state(tx, CURSOR_KEY, &page.next)
        })?;
        applied += page.changes.len();
        on_page(page.changes.len())?;
        if !page.more {
            return Ok(applied);
        }
    }
}

/// A value of the device's sync bookkeeping.
pub fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Set a value of the device's sync bookkeeping.
pub fn set_state(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?1, ?2)")?
        .execute([key, value])?;
    Ok(())
}

fn apply(tx: &Transaction<'_>, change: &Change) -> Result<()> {
    if change.kind == "household" {
        let household: Household = serde_json::from_value(change.data.clone())
            .map_err(|e| Error::Corrupt(format!("feed household {}: {e}", change.seq)))?;
        return upsert_household(tx, &household);
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO inbox (seq, kind, data, received_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        change.seq,
        change.kind,
        change.data.to_string(),
        Utc::now().to_rfc3339()
    ])?;
    Ok(())
}

/// Add a registry household, or replace what the registry says of one already known.
fn upsert_household(tx: &Transaction<'_>, household: &Household) -> Result<()> {
    let known: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM household WHERE id = ?1")?
        .query_row([&household.id], |r| r.get(0))
        .optional()?;
    let mut tokens = Vec::new();
    match known {
        Some(_) => repo::replace_registry_data(tx, household, &mut tokens)?,
        None => repo::insert_rows(tx, household, &mut tokens)?,
    }
    repo::insert_name_tokens(tx, tokens)
}
