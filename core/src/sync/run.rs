//! One sync run, in the order the field needs: pull the office's changes, push records (any
//! network), push the photos the office asked for (on Wi-Fi only, if the user wants that), push
//! the records that were waiting for them, then free the space of photos the office holds.
//! Everything it learns is committed as it goes, so a run cut anywhere — dropped network,
//! cancel, killed app — resumes where it stopped and never sends a record twice as new.

use serde::Serialize;

use super::account::{self, Account};
use super::control::{Cancel, Progress, RetryPolicy, Stage, SyncObserver};
use super::error::SyncError;
use super::feed;
use super::media::{self, PhotoFolder};
use super::outbox::{self, OutboxState};
use super::records::{self, Tally};
use super::transport::Connection as Http;
use crate::store::Store;

/// The kind of network the phone is on, as the shell sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    /// Wi-Fi or another unmetered network.
    Unmetered,
    /// Mobile data.
    Metered,
}

/// How a run behaves.
#[derive(Clone, Debug)]
pub struct SyncOptions {
    /// The network now.
    pub network: Network,
    /// Send photos on mobile data too (otherwise they wait for Wi-Fi).
    pub media_on_metered: bool,
    /// Records per batch (at most 500).
    pub batch_size: usize,
    /// Bytes per photo chunk.
    pub chunk_bytes: usize,
    /// Retries of a failed request.
    pub retry: RetryPolicy,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            network: Network::Unmetered,
            media_on_metered: false,
            batch_size: records::MAX_BATCH,
            chunk_bytes: 256 * 1024,
            retry: RetryPolicy::default(),
        }
    }
}

/// What a run did, and why it stopped early if it did.
#[derive(Debug, Default, Serialize)]
pub struct SyncReport {
    /// Feed entries applied.
    pub pulled: usize,
    /// Records the office now holds (verified receipts).
    pub sent: usize,
    /// Records still waiting for photos at the end.
    pub waiting_for_media: usize,
    /// Records set aside (refused or in conflict) in this run.
    pub set_aside: usize,
    /// Photos uploaded.
    pub photos_sent: usize,
    /// Record bytes sent (compressed).
    pub record_bytes: u64,
    /// Photo bytes sent.
    pub photo_bytes: u64,
    /// True when photos wait for Wi-Fi.
    pub media_deferred: bool,
    /// Full-size photos deleted because the office holds them.
    pub archived_photos: usize,
    /// Why the run stopped early; `None` when it finished.
    #[serde(skip)]
    pub stopped: Option<SyncError>,
}

/// Run a sync with the signed-in account. Never fails as a whole: what was done is in the
/// report, and [`SyncReport::stopped`] tells why it ended early (retry later, sign in again…).
pub fn sync(
    store: &mut Store,
    photos: &PhotoFolder<'_>,
    options: &SyncOptions,
    observer: &dyn SyncObserver,
    cancel: &Cancel,
) -> SyncReport {
    let mut run = Run {
        store,
        photos,
        options,
        observer,
        cancel,
        report: SyncReport::default(),
    };
    if let Err(e) = run.all_steps() {
        if matches!(e, SyncError::SignInNeeded { .. }) {
            let _ = account::forget_token(run.store);
        }
        run.report.stopped = Some(e);
    }
    run.report
}

/// The state of one run.
struct Run<'a> {
    store: &'a mut Store,
    photos: &'a PhotoFolder<'a>,
    options: &'a SyncOptions,
    observer: &'a dyn SyncObserver,
    cancel: &'a Cancel,
    report: SyncReport,
}

impl Run<'_> {
    fn all_steps(&mut self) -> Result<(), SyncError> {
        let mut account = account::require(self.store.reader())?;
        let http = account.connect()?;
        self.pull(&http)?;
        self.push_records(&http, &mut account)?;
        if self.media_allowed() {
            self.push_media(&http)?;
            self.store.write(outbox::release_waiting)?;
            self.push_records(&http, &mut account)?;
        } else {
            self.report.media_deferred =
                outbox::count(self.store.reader(), OutboxState::WaitingMedia)? > 0;
        }
        self.report.waiting_for_media =
            outbox::count(self.store.reader(), OutboxState::WaitingMedia)? as usize;
        self.archive()
    }

    fn media_allowed(&self) -> bool {
        self.options.network == Network::Unmetered || self.options.media_on_metered
    }

    fn pull(&mut self, http: &Http) -> Result<(), SyncError> {
        self.tell(Stage::Pull, 0, 0, 0, 0);
        let (store, cancel, observer) = (&mut *self.store, self.cancel, self.observer);
        let mut done = 0u64;
        let pulled = self.options.retry.run(cancel, |_| {
            feed::pull(store, http, |n| {
                done += n as u64;
                observer.progress(&progress(Stage::Pull, done, done, 0, 0));
                cancel.check()
            })
        })?;
        self.report.pulled += pulled;
        Ok(())
    }

    fn push_records(&mut self, http: &Http, account: &mut Account) -> Result<(), SyncError> {
        let total = outbox::count(self.store.reader(), OutboxState::Pending)? as u64;
        let mut done = 0;
        self.tell(Stage::Records, 0, total, 0, 0);
        loop {
            self.cancel.check()?;
            let batch = records::next_batch(self.store, self.options.batch_size)?;
            if batch.is_empty() {
                return Ok(());
            }
            let tally = self.options.retry.run(self.cancel, |_| {
                records::send(self.store, http, account, &batch)
            })?;
            self.add(tally);
            done += batch.len() as u64;
            self.tell(Stage::Records, done, total, self.report.record_bytes, 0);
        }
    }

    fn add(&mut self, tally: Tally) {
        self.report.sent += tally.sent;
        self.report.set_aside += tally.set_aside;
        self.report.record_bytes += tally.bytes;
    }

    fn push_media(&mut self, http: &Http) -> Result<(), SyncError> {
        let wanted = outbox::missing_media(self.store.reader())?;
        let total_bytes = media::sizes(self.store.reader(), &wanted)?;
        let total = wanted.len() as u64;
        let mut bytes = 0u64;
        self.tell(Stage::Media, 0, total, 0, total_bytes);
        for (n, sha256) in wanted.iter().enumerate() {
            let (photos, chunk, cancel, observer) = (
                self.photos,
                self.options.chunk_bytes,
                self.cancel,
                self.observer,
            );
            let sent = self.options.retry.run(cancel, |failed| {
                media::upload(http, photos, sha256, chunk, failed > 0, cancel, |b| {
                    bytes += b;
                    observer.progress(&progress(Stage::Media, n as u64, total, bytes, total_bytes));
                })
            })?;
            self.store.write(|tx| outbox::media_arrived(tx, sha256))?;
            self.report.photos_sent += 1;
            self.report.photo_bytes += sent;
            self.tell(Stage::Media, n as u64 + 1, total, bytes, total_bytes);
        }
        Ok(())
    }

    fn archive(&mut self) -> Result<(), SyncError> {
        self.tell(Stage::Archive, 0, 0, 0, 0);
        self.report.archived_photos += media::archive(self.store, self.photos)?;
        Ok(())
    }

    fn tell(
        &self,
        stage: Stage,
        items_done: u64,
        items_total: u64,
        bytes_done: u64,
        bytes_total: u64,
    ) {
        self.observer.progress(&progress(
            stage,
            items_done,
            items_total,
            bytes_done,
            bytes_total,
        ));
    }
}

fn progress(
    stage: Stage,
    items_done: u64,
    items_total: u64,
    bytes_done: u64,
    bytes_total: u64,
) -> Progress {
    Progress {
        stage,
        items_done,
        items_total,
        bytes_done,
        bytes_total,
    }
}
