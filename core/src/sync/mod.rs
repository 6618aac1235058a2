//! The device side of offline sync. A Peksos works for days without signal; when a network is
//! there, [`sync`] empties the outbox in two lanes — records first on any network, photos after
//! (on Wi-Fi only if the user wants) — pulls the office's changes, and keeps a verified receipt
//! for every record the office holds before freeing any space. The run is blocking: the shell
//! calls it from a background worker and may cancel it at any time.
//!
//! Modules: `signing` (the Ed25519 byte layouts shared with the server), `account` (sign-in and
//! what the device keeps of it), `transport` (HTTP), `wire` (the JSON), `outbox` (per-record
//! state), `records` and `media` (the two lanes), `feed` (the office's changes), `inbox` (what the feed keeps for the screens), `control`
//! (cancel, retries, progress), `run` (one run, in order). Everything that talks HTTP is behind the
//! default `network` feature.

#[cfg(feature = "network")]
pub mod account;
pub mod control;
pub mod error;
#[cfg(feature = "network")]
pub mod feed;
pub mod inbox;
#[cfg(feature = "network")]
pub mod media;
pub mod outbox;
#[cfg(feature = "network")]
pub mod records;
#[cfg(feature = "network")]
pub mod run;
pub mod signing;
#[cfg(feature = "network")]
pub mod transport;
pub mod wire;

#[cfg(feature = "network")]
pub use account::{sign_in, Account, Credential, SignIn};
pub use control::{Cancel, Progress, Quiet, RetryPolicy, Stage, SyncObserver};
pub use error::SyncError;
#[cfg(feature = "network")]
pub use media::PhotoFolder;
pub use outbox::{OutboxEntry, OutboxState, OutboxSummary};
#[cfg(feature = "network")]
pub use run::{sync, Network, SyncOptions, SyncReport};
