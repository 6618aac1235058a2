//! The server's databases as a test sees them: whether PostgreSQL is there, a fresh database in
//! the test cluster for each server, and plain SQL reads for a test's final checks (SQLite opened
//! read-only beside the running server, PostgreSQL over a connection of its own).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The variable `scripts/with-postgres` sets to its throwaway cluster's URL.
const POSTGRES_URL_VARIABLE: &str = "PANDU_TEST_POSTGRES_URL";

/// True when PostgreSQL tests can run (`PANDU_TEST_POSTGRES_URL` is set). Otherwise prints that
/// the test was NOT RUN and returns false, so the caller skips it.
///
/// # Panics
///
/// When the variable is unset and `CI=true`: nothing is skipped in CI.
pub fn postgres_available() -> bool {
    if std::env::var_os(POSTGRES_URL_VARIABLE).is_some() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{POSTGRES_URL_VARIABLE} is unset and CI=true: run the tests under scripts/with-postgres"
    );
    eprintln!(
        "PostgreSQL test NOT RUN: {POSTGRES_URL_VARIABLE} is unset (use scripts/with-postgres)"
    );
    false
}

/// A new, empty database in the test cluster; returns its URL. Call it outside any tokio
/// runtime (it runs its own).
pub fn fresh_postgres_database() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::var(POSTGRES_URL_VARIABLE)
        .unwrap_or_else(|_| panic!("{POSTGRES_URL_VARIABLE} is unset: check postgres_available()"));
    let name = format!(
        "pandu_t{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    runtime().block_on(async {
        let client = connect(&base).await;
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create a test database");
    });
    let (prefix, _) = base
        .rsplit_once('/')
        .expect("a database URL ending in /NAME");
    format!("{prefix}/{name}")
}

/// Every row of `sql` on the SQLite file at `path`, opened read-only; every column must be
/// non-null text.
pub(crate) fn query_sqlite(path: &Path, sql: &str) -> Vec<Vec<String>> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(path, flags)
        .unwrap_or_else(|e| panic!("open {} read-only: {e}", path.display()));
    let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let columns = statement.column_count();
    let rows = statement
        .query_map([], |row| (0..columns).map(|i| row.get(i)).collect())
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of `sql` on the PostgreSQL database at `url`; every column must be non-null text.
pub(crate) fn query_postgres(url: &str, sql: &str) -> Vec<Vec<String>> {
    runtime().block_on(async {
        let rows = connect(url)
            .await
            .query(sql, &[])
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter()
            .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
            .collect()
    })
}

/// A connection to `url`, its driver running on the current runtime.
async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("connect to the test cluster: {e}"));
    tokio::spawn(connection);
    client
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
