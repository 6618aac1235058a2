//! The records lane: send queued records in batches (each signed by the device), and write down
//! what became of each — a verified receipt, a wait for photos, or the office's reasons for
//! setting it aside. A batch whose answer is lost is simply sent again: the record id is the
//! idempotency key and the office answers a retry with the same receipt.

use rusqlite::Transaction;
use serde_json::value::RawValue;

use super::account::{self, Account};
use super::error::SyncError;
use super::outbox::{self, OutboxState, Sendable};
use super::transport::Connection as Http;
use super::wire::{Batch, BatchResult, Outcome, OutgoingRecord};
use crate::error::Error;
use crate::store::Store;

/// The most records per batch (the office's limit).
pub const MAX_BATCH: usize = 500;
/// Stop adding records to a batch past this many bytes of JSON (the office takes 4 MB).
const MAX_BATCH_BYTES: usize = 2 * 1024 * 1024;

/// What became of the records of one or more batches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Kept now or before, with a verified receipt.
    pub sent: usize,
    /// The office needs photos first.
    pub waiting_for_media: usize,
    /// Refused or in conflict.
    pub set_aside: usize,
    /// Body bytes sent (compressed).
    pub bytes: u64,
}

/// The next batch of pending records: at most `limit`, cut at [`MAX_BATCH_BYTES`]. Damaged
/// records met on the way are set aside (with their reason) instead of blocking the queue.
pub fn next_batch(store: &mut Store, limit: usize) -> Result<Vec<Sendable>, Error> {
    loop {
        let (mut batch, damaged) =
            outbox::in_state(store.reader(), OutboxState::Pending, limit.min(MAX_BATCH))?;
        if !damaged.is_empty() {
            store.write(|tx| {
                damaged
                    .iter()
                    .try_for_each(|id| outbox::set_aside_damaged(tx, id))
            })?;
            continue;
        }
        let mut size = 0;
        let keep = batch
            .iter()
            .take_while(|r| {
                size += r.text.len();
                size <= MAX_BATCH_BYTES
            })
            .count()
            .max(1);
        batch.truncate(keep);
        return Ok(batch);
    }
}

/// Send `batch` and record every answer. A receipt that does not verify, even after learning the
/// server's current keys, stops the run with [`SyncError::BadReceipt`]: that record stays queued.
pub fn send(
    store: &mut Store,
    http: &Http,
    account: &mut Account,
    batch: &[Sendable],
) -> Result<Tally, SyncError> {
    let (answer, bytes) = post(http, account, batch)?;
    if answer.results.len() != batch.len() {
        return Err(SyncError::Interrupted(format!(
            "{} answers for {} records",
            answer.results.len(),
            batch.len()
        )));
    }
    let unverified = |account: &Account| {
        batch
            .iter()
            .zip(&answer.results)
            .find(|(r, a)| !verified(account, r, a))
            .map(|(r, _)| r.record_id.clone())
    };
    if unverified(account).is_some() {
        account::refresh_server_keys(store, account)?;
    }
    let mut tally = Tally {
        bytes,
        ..Tally::default()
    };
    store.write_durable(|tx| {
        for (record, result) in batch.iter().zip(&answer.results) {
            if verified(account, record, result) {
                keep_answer(tx, record, result, &mut tally)?;
            }
        }
        Ok(())
    })?;
    match unverified(account) {
        Some(record_id) => Err(SyncError::BadReceipt(record_id)),
        None => Ok(tally),
    }
}

/// Write down what the office said of `record`.
fn keep_answer(
    tx: &Transaction<'_>,
    record: &Sendable,
    answer: &Outcome,
    tally: &mut Tally,
) -> Result<(), Error> {
    match answer {
        Outcome::Accepted { receipt } | Outcome::Duplicate { receipt } => {
            outbox::mark_done(tx, receipt)?;
            tally.sent += 1;
        }
        Outcome::WaitingForMedia { missing_media } => {
            outbox::mark_waiting(tx, &record.record_id, missing_media)?;
            tally.waiting_for_media += 1;
        }
        Outcome::Rejected { problems } => {
            outbox::set_aside(tx, &record.record_id, OutboxState::Rejected, problems)?;
            tally.set_aside += 1;
        }
        Outcome::Conflict { problems } => {
            outbox::set_aside(tx, &record.record_id, OutboxState::Conflict, problems)?;
            tally.set_aside += 1;
        }
    }
    Ok(())
}

fn post(
    http: &Http,
    account: &Account,
    batch: &[Sendable],
) -> Result<(BatchResult, u64), SyncError> {
    let records = batch
        .iter()
        .map(|r| {
            Ok(OutgoingRecord {
                body: raw(&r.text)?,
                sha256: &r.sha256,
                device_signature: account.sign_record(&r.sha256),
                media: &r.photos,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    http.post_json("/api/v1/records", &Batch { records })
}

fn raw(text: &str) -> Result<&RawValue, Error> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(e.to_string()))
}

/// True unless `answer` carries a receipt that does not verify for `record`.
fn verified(account: &Account, record: &Sendable, answer: &Outcome) -> bool {
    match answer {
        Outcome::Accepted { receipt } | Outcome::Duplicate { receipt } => receipt.verifies(
            &account.server_keys,
            &record.record_id,
            &record.sha256,
            &record.photos,
        ),
        _ => true,
    }
}
