//! The test kit's own tests: the fault proxy in front of a small recording server and in front of
//! the real `pandu-server`, and the server handle (start, kill, restart, database reads). The
//! real server must be built (`cargo test --workspace` builds it).

mod http;
mod proxy_faults;
mod proxy_server;
mod server;
