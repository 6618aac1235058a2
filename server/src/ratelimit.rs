//! Failed sign-ins counted per user name and client address in a sliding window, so a password
//! cannot be guessed quickly; kept in memory (a restart forgets, which only helps the owner).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per key in one window.
pub const MAX_FAILURES: usize = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// The failure counter.
#[derive(Default)]
pub struct RateLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// True when `key` has used up its attempts for now.
    pub fn is_blocked(&self, key: &str) -> bool {
        let Ok(mut map) = self.failures.lock() else {
            return true;
        };
        let now = Instant::now();
        map.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) > WINDOW)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        map.get(key).is_some_and(|t| t.len() >= MAX_FAILURES)
    }

    /// Count a failed attempt for `key`.
    pub fn record_failure(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.entry(key.to_owned())
                .or_default()
                .push_back(Instant::now());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_allowed_failures_per_key_only() {
        let limiter = RateLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(!limiter.is_blocked("ani|127.0.0.1"));
            limiter.record_failure("ani|127.0.0.1");
        }
        assert!(limiter.is_blocked("ani|127.0.0.1"));
        assert!(!limiter.is_blocked("ani|10.0.0.2"));
    }
}
