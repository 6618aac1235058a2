//! Signing in and syncing. A sync runs on its own Rust thread with its own connection to the
//! store, tells a listener the shell implements (the current state at once, then each change,
//! then the report), and is stopped with the handle it returns. Sign-in likewise uses its own
//! connection, so neither holds the screens' connection during network waits.

use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use pandu_core::sync::{
    self, account, Cancel, Credential as CoreCredential, Network, PhotoFolder, Progress, SignIn,
    Stage, SyncError, SyncObserver, SyncOptions,
};
use pandu_core::Text;

use crate::convert::BilingualText;
use crate::error::{lock, PanduError};
use crate::facade::{PanduCore, Place};

/// How the user proves who they are.
#[derive(Clone, uniffi::Enum)]
pub enum Credential {
    /// The account's password.
    Password {
        /// The password.
        password: String,
    },
    /// A one-time code an admin showed (text or QR).
    EnrolmentCode {
        /// The code.
        code: String,
    },
}

/// A sign-in to do.
#[derive(Clone, uniffi::Record)]
pub struct SignInRequest {
    /// The office server, e.g. `https://pandu.payakumbuhkota.go.id`.
    pub server_url: String,
    /// The account's user name.
    pub username: String,
    /// Password or enrolment code.
    pub credential: Credential,
    /// A name for this phone, shown to the admin.
    pub device_name: String,
}

/// The account this device is signed in with.
#[derive(Clone, Debug, uniffi::Record)]
pub struct AccountInfo {
    /// The office server.
    pub server_url: String,
    /// The account's user name.
    pub username: String,
    /// `volunteer`, `peksos`, `supervisor` or `admin`.
    pub role: String,
    /// This phone's name.
    pub device_name: String,
    /// Kelurahan codes the account works in.
    pub kelurahan: Vec<String>,
    /// False once the office refused the device's sign-in (sign in again).
    pub signed_in: bool,
}

impl From<account::Account> for AccountInfo {
    fn from(a: account::Account) -> Self {
        Self {
            signed_in: a.token.is_some(),
            server_url: a.server_url,
            username: a.username,
            role: a.role,
            device_name: a.device_name,
            kelurahan: a.kelurahan,
        }
    }
}

/// How a sync behaves.
#[derive(Clone, Debug, uniffi::Record)]
pub struct SyncSettings {
    /// The phone is on mobile data: photos wait for Wi-Fi unless `media_on_metered`.
    #[uniffi(default = false)]
    pub metered: bool,
    /// Send photos on mobile data too.
    #[uniffi(default = false)]
    pub media_on_metered: bool,
    /// Tries per request before the run stops (at least 1).
    #[uniffi(default = 6)]
    pub attempts: u32,
}

/// The part of a sync in progress.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum SyncStage {
    /// Started, not yet talking to the office.
    Starting,
    /// Fetching the office's changes.
    Pull,
    /// Sending finished records.
    Records,
    /// Sending photos.
    Media,
    /// Freeing space of photos the office holds.
    Archive,
}

/// How far a sync is.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Record)]
pub struct SyncProgress {
    /// The stage.
    pub stage: SyncStage,
    /// Items done in this stage.
    pub items_done: u64,
    /// Items in this stage (as known now).
    pub items_total: u64,
    /// Bytes sent in this stage.
    pub bytes_done: u64,
    /// Bytes to send in this stage.
    pub bytes_total: u64,
}

/// How a sync ended, by what the shell does next.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum SyncOutcome {
    /// Everything was done.
    Completed,
    /// Cancelled; run again to go on where it stopped.
    Cancelled,
    /// No connection, or it dropped: try again later.
    Network,
    /// Sign in (again) first.
    SignedOut,
    /// The office refused: show the message.
    Refused,
    /// The device's storage failed: report it.
    Failed,
}

/// What a sync did.
#[derive(Clone, Debug, uniffi::Record)]
pub struct SyncReport {
    /// How it ended.
    pub outcome: SyncOutcome,
    /// What to tell the user when it ended early.
    pub message: Option<BilingualText>,
    /// Changes pulled from the office.
    pub pulled: u64,
    /// Records the office now holds (verified receipts).
    pub sent: u64,
    /// Records still waiting for photos.
    pub waiting_for_media: u64,
    /// Records set aside (refused or in conflict) in this run.
    pub set_aside: u64,
    /// Photos uploaded.
    pub photos_sent: u64,
    /// Record bytes sent (compressed).
    pub record_bytes: u64,
    /// Photo bytes sent.
    pub photo_bytes: u64,
    /// Photos wait for Wi-Fi.
    pub media_deferred: bool,
    /// Full-size photos deleted because the office holds them.
    pub archived_photos: u64,
}

/// Told about a sync: its current state at once, then each change, then the report. Called on
/// the sync's thread; keep it quick and hand the work to the UI thread. A listener that throws
/// does not stop the sync.
#[uniffi::export(foreign)]
pub trait SyncListener: Send + Sync {
    /// The sync moved on.
    fn on_progress(&self, progress: SyncProgress) -> Result<(), ListenerError>;
    /// The sync ended; this is the last call.
    fn on_finished(&self, report: SyncReport) -> Result<(), ListenerError>;
}

/// A listener failed (it threw); the sync goes on regardless.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ListenerError {
    /// The listener's own failure.
    #[error("the listener failed: {reason}")]
    Failed {
        /// What the listener said.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ListenerError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

/// A running (or finished) sync, shared by its thread and its handle.
pub(crate) struct SyncRun {
    cancel: Cancel,
    listener: Arc<dyn SyncListener>,
    state: Mutex<RunState>,
    ended: Condvar,
}

struct RunState {
    progress: SyncProgress,
    report: Option<SyncReport>,
}

impl SyncRun {
    /// Ask the run to stop at its next safe point.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    fn is_finished(&self) -> bool {
        lock(&self.state).report.is_some()
    }

    /// Keep and tell `progress` when it differs from the last one told.
    fn tell(&self, progress: SyncProgress) {
        {
            let mut state = lock(&self.state);
            if state.progress == progress {
                return;
            }
            state.progress = progress;
        }
        // A listener that throws is ignored: the run goes on.
        let _ = self.listener.on_progress(progress);
    }

    fn finish(&self, report: SyncReport) {
        lock(&self.state).report = Some(report.clone());
        self.ended.notify_all();
        let _ = self.listener.on_finished(report);
    }

    /// The whole run, on its own thread.
    fn run(&self, place: &Place, options: &SyncOptions) {
        // Copied out first: the listener must not run under the lock that the handle's calls take.
        let first = lock(&self.state).progress;
        let _ = self.listener.on_progress(first);
        let report = match place.open_store() {
            Ok(mut store) => {
                let photos = PhotoFolder {
                    key: &place.key,
                    dir: &place.media,
                };
                sync::sync(&mut store, &photos, options, self, &self.cancel).into()
            }
            Err(e) => failed(&e),
        };
        self.finish(report);
    }
}

impl SyncObserver for SyncRun {
    fn progress(&self, p: &Progress) {
        self.tell(SyncProgress {
            stage: p.stage.into(),
            items_done: p.items_done,
            items_total: p.items_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
        });
    }
}

/// The handle of a sync: cancel it, or read where it is. Dropping the handle cancels the sync,
/// so keep it until the listener heard `on_finished`.
#[derive(uniffi::Object)]
pub struct SyncHandle {
    run: Arc<SyncRun>,
}

#[uniffi::export]
impl SyncHandle {
    /// Ask the sync to stop at its next safe point; it then finishes with
    /// [`SyncOutcome::Cancelled`], and everything done so far is kept.
    pub fn cancel(&self) {
        self.run.cancel();
    }

    /// True once the sync ended.
    pub fn is_finished(&self) -> bool {
        self.run.is_finished()
    }

    /// The latest progress.
    pub fn progress(&self) -> SyncProgress {
        lock(&self.run.state).progress
    }

    /// Wait up to `timeout_ms` for the end; the report, or `None` if it is still running.
    pub fn wait_finished(&self, timeout_ms: u64) -> Option<SyncReport> {
        let state = lock(&self.run.state);
        let (state, _) = self
            .run
            .ended
            .wait_timeout_while(state, Duration::from_millis(timeout_ms), |s| {
                s.report.is_none()
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.report.clone()
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        self.run.cancel();
    }
}

#[uniffi::export]
impl PanduCore {
    /// Sign this phone in (password or enrolment code), replacing an earlier account; queued
    /// records stay queued. A wrong password gives [`PanduError::SignedOut`], no connection
    /// [`PanduError::Network`].
    pub fn sign_in(&self, request: SignInRequest) -> Result<AccountInfo, PanduError> {
        self.shared.ensure_open()?;
        let mut store = self.shared.place.open_store()?;
        let request = SignIn {
            server_url: request.server_url,
            username: request.username,
            credential: match request.credential {
                Credential::Password { password } => CoreCredential::Password(password),
                Credential::EnrolmentCode { code } => CoreCredential::EnrolmentCode(code),
            },
            device_name: request.device_name,
        };
        Ok(sync::sign_in(&mut store, &request)?.into())
    }

    /// The account this phone is signed in with, if any.
    pub fn account(&self) -> Result<Option<AccountInfo>, PanduError> {
        self.shared
            .with_store(|store| Ok(account::current(store.reader())?.map(AccountInfo::from)))
    }

    /// Start a sync on its own thread; `listener` hears its progress and its report. Only one
    /// sync runs at a time: starting another while one runs gives [`PanduError::State`].
    pub fn start_sync(
        &self,
        settings: SyncSettings,
        listener: Arc<dyn SyncListener>,
    ) -> Result<Arc<SyncHandle>, PanduError> {
        self.shared.ensure_open()?;
        let mut current = lock(&self.shared.sync);
        if current.as_ref().is_some_and(|run| !run.is_finished()) {
            return Err(PanduError::state(Text::new(
                "Sinkronisasi sedang berjalan.",
                "A sync is already running.",
            )));
        }
        let run = Arc::new(SyncRun {
            cancel: Cancel::new(),
            listener,
            state: Mutex::new(RunState {
                progress: starting(),
                report: None,
            }),
            ended: Condvar::new(),
        });
        let (thread_run, place) = (Arc::clone(&run), Arc::clone(&self.shared.place));
        let options = options(&settings);
        thread::Builder::new()
            .name("pandu-sync".into())
            .spawn(move || thread_run.run(&place, &options))
            .map_err(pandu_core::Error::from)?;
        *current = Some(Arc::clone(&run));
        Ok(Arc::new(SyncHandle { run }))
    }
}

fn starting() -> SyncProgress {
    SyncProgress {
        stage: SyncStage::Starting,
        items_done: 0,
        items_total: 0,
        bytes_done: 0,
        bytes_total: 0,
    }
}

fn options(settings: &SyncSettings) -> SyncOptions {
    let mut options = SyncOptions {
        network: if settings.metered {
            Network::Metered
        } else {
            Network::Unmetered
        },
        media_on_metered: settings.media_on_metered,
        ..SyncOptions::default()
    };
    options.retry.attempts = settings.attempts.max(1);
    options
}

impl From<Stage> for SyncStage {
    fn from(s: Stage) -> Self {
        match s {
            Stage::Pull => Self::Pull,
            Stage::Records => Self::Records,
            Stage::Media => Self::Media,
            Stage::Archive => Self::Archive,
        }
    }
}

impl From<sync::SyncReport> for SyncReport {
    fn from(r: sync::SyncReport) -> Self {
        let (outcome, message) = match &r.stopped {
            None => (SyncOutcome::Completed, None),
            Some(e) => (outcome(e), Some(e.text().into())),
        };
        Self {
            outcome,
            message,
            pulled: r.pulled as u64,
            sent: r.sent as u64,
            waiting_for_media: r.waiting_for_media as u64,
            set_aside: r.set_aside as u64,
            photos_sent: r.photos_sent as u64,
            record_bytes: r.record_bytes,
            photo_bytes: r.photo_bytes,
            media_deferred: r.media_deferred,
            archived_photos: r.archived_photos as u64,
        }
    }
}

fn outcome(e: &SyncError) -> SyncOutcome {
    match e {
        SyncError::Cancelled => SyncOutcome::Cancelled,
        SyncError::NotConnected(_) | SyncError::Interrupted(_) => SyncOutcome::Network,
        SyncError::SignInNeeded { .. } | SyncError::NotEnrolled => SyncOutcome::SignedOut,
        SyncError::Refused { .. } => SyncOutcome::Refused,
        SyncError::BadReceipt(_) | SyncError::Local(_) => SyncOutcome::Failed,
    }
}

/// The report of a run that could not even open the store.
fn failed(e: &PanduError) -> SyncReport {
    SyncReport {
        outcome: SyncOutcome::Failed,
        message: Some(e.text()),
        ..sync::SyncReport::default().into()
    }
}
