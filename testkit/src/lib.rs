//! Shared support for Pandu's end-to-end tests, which run the real processes — the `pandu-server`
//! binary and the `pandu-field` device binary — over real TCP, never mocks:
//!
//! - [`bin_path`] finds a workspace binary from inside a test;
//! - [`Server`] runs `pandu-server` on a free port with a throwaway SQLite folder or PostgreSQL
//!   database, can kill and restart it on the same port, and reads its database for final checks;
//! - [`FaultProxy`] sits between a device and the server and injects network faults (delays,
//!   drops, resets, truncated and lost answers) per connection.
//!
//! Tests that need PostgreSQL run under `scripts/with-postgres`; see [`postgres_available`].

mod binary;
mod database;
mod proxy;
mod server;

pub use binary::bin_path;
pub use database::{fresh_postgres_database, postgres_available};
pub use proxy::{Fault, FaultProxy};
pub use server::{Backend, Server};
