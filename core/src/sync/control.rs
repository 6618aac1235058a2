//! How a sync run is steered from outside and what it tells: a cancel switch the shell can flip
//! at any moment, the retry policy (exponential back-off with jitter, so twenty phones that lost
//! the same Wi-Fi do not all come back in the same second), and progress for an observer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rand::Rng;
use serde::Serialize;

use super::error::SyncError;

/// A switch to stop a running sync; clones share the switch.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A switch that is off.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask the run to stop at the next safe point (between requests or photo chunks).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// [`SyncError::Cancelled`] once cancelled.
    pub fn check(&self) -> Result<(), SyncError> {
        if self.is_cancelled() {
            Err(SyncError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Sleep `duration`, waking early (with [`SyncError::Cancelled`]) when cancelled.
    fn sleep(&self, duration: Duration) -> Result<(), SyncError> {
        let until = Instant::now() + duration;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            self.check()?;
            thread::sleep(left.min(Duration::from_millis(50)));
        }
        self.check()
    }
}

/// How often and how patiently a failed request is tried again within one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The wait before the second try; each later wait doubles.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 6,
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed try number `failed` (0 for the first): half the doubled delay, plus
    /// a random part up to the other half.
    pub fn delay(&self, failed: u32) -> Duration {
        let doubled = self.first_delay.saturating_mul(1 << failed.min(16));
        let cap = doubled.min(self.max_delay);
        let half = cap / 2;
        half + half.mul_f64(rand::rng().random::<f64>())
    }

    /// Run `step` until it succeeds, fails for good, or the tries are used up; `step` gets the
    /// try number (0 first), so it can resume rather than restart.
    pub fn run<T>(
        &self,
        cancel: &Cancel,
        mut step: impl FnMut(u32) -> Result<T, SyncError>,
    ) -> Result<T, SyncError> {
        let mut failed = 0;
        loop {
            cancel.check()?;
            match step(failed) {
                Err(e) if e.is_retryable() && failed + 1 < self.attempts => {
                    cancel.sleep(self.delay(failed))?;
                    failed += 1;
                }
                other => return other,
            }
        }
    }
}

/// The part of a run in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Fetching the office's changes.
    Pull,
    /// Sending finished records.
    Records,
    /// Sending photos.
    Media,
    /// Freeing space taken by photos the office holds.
    Archive,
}

/// How far a stage is, in items and bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Items done in this stage.
    pub items_done: u64,
    /// Items in this stage (as known now).
    pub items_total: u64,
    /// Bytes sent in this stage.
    pub bytes_done: u64,
    /// Bytes to send in this stage (as known now).
    pub bytes_total: u64,
}

/// Told about progress while a run goes on. Called on the run's thread; keep it quick.
pub trait SyncObserver: Send + Sync {
    /// Progress was made.
    fn progress(&self, progress: &Progress);
}

/// An observer that ignores everything.
pub struct Quiet;

impl SyncObserver for Quiet {
    fn progress(&self, _: &Progress) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_with_jitter_and_stay_under_the_cap() {
        let policy = RetryPolicy::default();
        for failed in 0..20 {
            let cap = policy
                .first_delay
                .saturating_mul(1 << failed.min(16))
                .min(policy.max_delay);
            let d = policy.delay(failed);
            assert!(d >= cap / 2 && d <= cap, "{failed}: {d:?} vs {cap:?}");
        }
        let spread: std::collections::HashSet<_> = (0..20).map(|_| policy.delay(3)).collect();
        assert!(spread.len() > 1, "jitter makes waits differ");
    }

    #[test]
    fn retry_stops_at_permanent_errors_and_after_the_last_try() {
        let policy = RetryPolicy {
            attempts: 3,
            first_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        };
        let cancel = Cancel::new();
        let mut tries = 0;
        let r: Result<(), _> = policy.run(&cancel, |_| {
            tries += 1;
            Err(SyncError::Interrupted("x".into()))
        });
        assert!(matches!(r, Err(SyncError::Interrupted(_))));
        assert_eq!(tries, 3);
        tries = 0;
        let r: Result<(), _> = policy.run(&cancel, |_| {
            tries += 1;
            Err(SyncError::NotEnrolled)
        });
        assert!(matches!(r, Err(SyncError::NotEnrolled)));
        assert_eq!(tries, 1);
        let ok = policy.run(&cancel, |n| {
            if n < 2 {
                Err(SyncError::Interrupted("x".into()))
            } else {
                Ok(n)
            }
        });
        assert_eq!(ok.unwrap(), 2);
    }

    #[test]
    fn a_cancelled_switch_stops_the_retries() {
        let cancel = Cancel::new();
        cancel.cancel();
        let r: Result<(), _> = RetryPolicy::default().run(&cancel, |_| Ok(()));
        assert!(matches!(r, Err(SyncError::Cancelled)));
    }
}
