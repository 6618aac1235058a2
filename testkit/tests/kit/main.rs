//! The test kit's own tests: the server handle (start, kill, restart, database reads). The real
//! server must be built (`cargo test --workspace` builds it).

mod http;
mod server;
