//! The real office server in a child process, as a test needs it: started on a free port with a
//! throwaway data folder and database, its subcommands run against the same data, killed with
//! SIGKILL and restarted on the same port (so a proxy in front of it keeps working), and its
//! database read directly for a test's final checks.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use crate::binary::bin_path;
use crate::database::{fresh_postgres_database, postgres_available, query_postgres, query_sqlite};

/// How long [`Server::restart`] keeps trying to get its old port back.
const RESTART_PATIENCE: Duration = Duration::from_secs(10);

/// Which database the server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The SQLite file in the data folder.
    Sqlite,
    /// A fresh database in the cluster of `PANDU_TEST_POSTGRES_URL`.
    Postgres,
}

impl Backend {
    /// True when tests on this back-end can run here; see [`postgres_available`].
    pub fn available(self) -> bool {
        self == Self::Sqlite || postgres_available()
    }
}

/// The running child process; its standard output stays open so the server can keep writing.
struct Process {
    child: Child,
    _stdout: BufReader<ChildStdout>,
}

/// A `pandu-server` process with its own data folder and database; killed when dropped.
pub struct Server {
    bin: PathBuf,
    dir: tempfile::TempDir,
    database_url: Option<String>,
    addr: SocketAddr,
    url: String,
    process: Option<Process>,
}

impl Server {
    /// Start the workspace's `pandu-server` (found by [`bin_path`]) on `backend` with a fresh
    /// database.
    pub fn start(backend: Backend) -> Self {
        Self::start_with(&bin_path("pandu-server"), backend)
    }

    /// Start the server binary at `bin` on `backend` with a fresh database and data folder.
    ///
    /// # Panics
    ///
    /// When it does not start, or for [`Backend::Postgres`] when `PANDU_TEST_POSTGRES_URL` is
    /// unset (check [`Backend::available`] first).
    pub fn start_with(bin: &Path, backend: Backend) -> Self {
        let database_url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_postgres_database()),
        };
        let mut server = Self {
            bin: bin.to_owned(),
            dir: tempfile::tempdir().expect("a temporary data folder"),
            database_url,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            url: String::new(),
            process: None,
        };
        server.launch().unwrap_or_else(|e| panic!("{e}"));
        server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The data folder (SQLite file `pandu.sqlite3`, photos under `media/`).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The PostgreSQL database's URL, `None` on SQLite.
    pub fn database_url(&self) -> Option<&str> {
        self.database_url.as_deref()
    }

    /// Run a subcommand (`args`, with `stdin` as its input) against the same data folder and
    /// database; returns whether it succeeded and its standard output followed by its errors.
    pub fn cli(&self, args: &[&str], stdin: &str) -> (bool, String) {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run pandu-server");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write the subcommand's input");
        let out = child.wait_with_output().expect("wait for the subcommand");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    }

    /// Create an account with `create-user`: `role` is `volunteer`, `peksos`, `supervisor` or
    /// `admin`, `kelurahan` Kemendagri codes or `["all"]`.
    ///
    /// # Panics
    ///
    /// When the server refuses it.
    pub fn create_user(&self, username: &str, role: &str, kelurahan: &[&str], password: &str) {
        let codes = kelurahan.join(",");
        let args = [
            "create-user",
            "--username",
            username,
            "--role",
            role,
            "--kelurahan",
            &codes,
        ];
        let (ok, out) = self.cli(&args, &format!("{password}\n"));
        assert!(ok, "create-user {username} failed: {out}");
    }

    /// The most resident memory the server process has used so far, in KiB (Linux `VmHWM`).
    ///
    /// # Panics
    ///
    /// When the server is not running.
    pub fn peak_memory_kib(&self) -> u64 {
        let process = self.process.as_ref().expect("the server is running");
        let status = std::fs::read_to_string(format!("/proc/{}/status", process.child.id()))
            .expect("the server's /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc status")
    }

    /// Kill the server with SIGKILL and wait for it to end; nothing when it is not running.
    pub fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.child.kill();
            let _ = process.child.wait();
        }
    }

    /// Kill the server if it runs and start it again on the same data, database and port,
    /// retrying for a few seconds while the port is not free yet.
    ///
    /// # Panics
    ///
    /// When the port stays taken or the server does not start.
    pub fn restart(&mut self) {
        self.kill();
        let deadline = Instant::now() + RESTART_PATIENCE;
        while let Err(e) = self.launch() {
            assert!(Instant::now() < deadline, "restart on {}: {e}", self.addr);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every row of `sql` run on the server's database; every column must be non-null text
    /// (`CAST(x AS TEXT)` others). SQLite is opened read-only, so this works while the server
    /// runs and after it was killed.
    pub fn query(&self, sql: &str) -> Vec<Vec<String>> {
        match &self.database_url {
            None => query_sqlite(&self.data_dir().join("pandu.sqlite3"), sql),
            Some(url) => query_postgres(url, sql),
        }
    }

    /// The ids of the records the server keeps (table `record`), in ascending order.
    pub fn record_ids(&self) -> Vec<String> {
        let rows = self.query("SELECT id FROM record ORDER BY id");
        rows.into_iter().flatten().collect()
    }

    /// How many records the server keeps.
    pub fn record_count(&self) -> usize {
        self.record_ids().len()
    }

    /// Where the server keeps the photo whose SHA-256 is `sha256` (hex) once it is complete and
    /// checked: `media/<first two digits>/<sha256>` in the data folder.
    pub fn media_path(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).expect("a SHA-256 hex digest");
        self.data_dir().join("media").join(prefix).join(sha256)
    }

    /// Start the process on `self.addr` and learn its address from its output.
    fn launch(&mut self) -> Result<(), String> {
        let mut child = self
            .command()
            .args(["--listen", &self.addr.to_string(), "serve"])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("start {}: {e}", self.bin.display()))?;
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        match announced_url(&mut stdout) {
            Some(url) => {
                self.addr = url["http://".len()..].parse().expect("a socket address");
                self.url = url;
                self.process = Some(Process {
                    child,
                    _stdout: stdout,
                });
                Ok(())
            }
            None => Err(format!("the server ended with {:?}", child.wait())),
        }
    }

    /// The binary with this server's data folder and database, nothing from the environment.
    fn command(&self) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .env_remove("PANDU_DATABASE_URL")
            .env_remove("PANDU_LISTEN")
            .arg("--data-dir")
            .arg(self.dir.path());
        if let Some(url) = &self.database_url {
            command.args(["--database-url", url]);
        }
        command
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The `http://…` address from the server's start-up lines; `None` when it stops first.
fn announced_url(stdout: &mut BufReader<ChildStdout>) -> Option<String> {
    let mut line = String::new();
    loop {
        line.clear();
        if stdout.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            return Some(url.to_owned());
        }
    }
}
