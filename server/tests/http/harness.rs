//! The test harness: starts the real `pandu-server` binary on a free port with a fresh SQLite
//! folder or a fresh PostgreSQL database, runs its subcommands, and talks HTTP to it.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

/// The password every test account gets.
pub const PASSWORD: &str = "kata-sandi-uji";
/// A kelurahan in Payakumbuh Barat.
pub const KEL_A: &str = "13.76.01.1002";
/// A kelurahan in another kecamatan.
pub const KEL_B: &str = "13.76.05.1001";

/// Which database the server runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    /// The SQLite file in the data folder.
    Sqlite,
    /// A fresh database in the cluster of `PANDU_TEST_POSTGRES_URL`.
    Postgres,
}

/// Generate one `#[test]` per back-end for each test function `fn name(backend: Backend)`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name($crate::harness::Backend::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if $crate::harness::postgres_available() {
                    super::$name($crate::harness::Backend::Postgres)
                }
            })*
        }
    };
}
pub(crate) use on_both;

/// True when PostgreSQL tests can run; panics in CI when they cannot (nothing is skipped in CI).
pub fn postgres_available() -> bool {
    if std::env::var("PANDU_TEST_POSTGRES_URL").is_ok() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "PANDU_TEST_POSTGRES_URL is unset and CI=true: run the tests under scripts/with-postgres"
    );
    eprintln!(
        "PostgreSQL test NOT RUN: PANDU_TEST_POSTGRES_URL is unset (use scripts/with-postgres)"
    );
    false
}

/// A fresh database in the test cluster; returns its URL.
fn fresh_postgres_database() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::var("PANDU_TEST_POSTGRES_URL").expect("PANDU_TEST_POSTGRES_URL");
    let name = format!(
        "pandu_t{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    runtime().block_on(async {
        let (client, connection) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
            .await
            .expect("connect to the test cluster");
        tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create database");
    });
    let (prefix, _) = base.rsplit_once('/').expect("database URL");
    format!("{prefix}/{name}")
}

/// An answer from the server.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: ureq::http::HeaderMap,
    /// The body as JSON (`Null` when empty or not JSON).
    pub json: Value,
    /// The body's bytes as they came (still compressed, when the server compressed them).
    pub body: Vec<u8>,
}

impl Reply {
    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or("")
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A signed-in device.
pub struct Device {
    /// Bearer token.
    pub token: String,
    /// Device id.
    pub id: i64,
    /// The device's signing key.
    pub key: SigningKey,
    /// The sign-in answer.
    pub enrolled: Value,
}

impl Device {
    /// The device signature over a record hash.
    pub fn sign(&self, sha256: &str) -> String {
        let message = format!("pandu-record/1\n{sha256}");
        hex::encode(self.key.sign(message.as_bytes()).to_bytes())
    }
}

/// A running server with its own data folder and database.
pub struct Server {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    dir: tempfile::TempDir,
    database_url: Option<String>,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Start a server on `backend` with a fresh database.
    pub fn start(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_postgres_database()),
        };
        let mut command = base_command(dir.path(), database_url.as_deref());
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "serve"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start pandu-server");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let base = server_address(&mut stdout);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(30)))
            .build()
            .into();
        Self {
            child,
            _stdout: stdout,
            base,
            dir,
            database_url,
            agent,
        }
    }

    /// Run a subcommand against the same data folder and database; returns (success, stdout+stderr).
    pub fn cli(&self, args: &[&str], stdin: &str) -> (bool, String) {
        let mut child = base_command(self.dir.path(), self.database_url.as_deref())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run pandu-server");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let out = child.wait_with_output().expect("wait");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    }

    /// Create an account with [`PASSWORD`].
    pub fn user(&self, name: &str, role: &str, kelurahan: &str) {
        let args = [
            "create-user",
            "--username",
            name,
            "--role",
            role,
            "--kelurahan",
            kelurahan,
        ];
        let (ok, out) = self.cli(&args, &format!("{PASSWORD}\n"));
        assert!(ok, "create-user failed: {out}");
    }

    /// Sign a new device in for `username` with [`PASSWORD`].
    pub fn enrol(&self, username: &str) -> Device {
        let key = SigningKey::from_bytes(&rand_bytes());
        let reply = self.send(
            "POST",
            "/api/v1/devices",
            None,
            Some(serde_json::json!({
                "username": username,
                "password": PASSWORD,
                "device_name": "HP uji",
                "public_key": hex::encode(key.verifying_key().to_bytes()),
            })),
        );
        assert_eq!(reply.status, 201, "enrol {username}: {}", reply.json);
        Device {
            token: reply.json["token"].as_str().expect("token").to_owned(),
            id: reply.json["device_id"].as_i64().expect("device id"),
            key,
            enrolled: reply.json,
        }
    }

    /// Create an account with `role` over `kelurahan` and sign a device in for it.
    pub fn account(&self, name: &str, role: &str, kelurahan: &str) -> Device {
        self.user(name, role, kelurahan);
        self.enrol(name)
    }

    /// Send a JSON request.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        json: Option<Value>,
    ) -> Reply {
        let body = json.map(|j| ("application/json", j.to_string().into_bytes()));
        self.raw(method, path, token, &[], body)
    }

    /// Send any request: extra headers and an optional (content type, bytes) body.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<(&str, Vec<u8>)>,
    ) -> Reply {
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(token) = token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let response = match body {
            Some((content_type, bytes)) => self.agent.run(
                builder
                    .header("content-type", content_type)
                    .body(bytes)
                    .expect("request"),
            ),
            None => self.agent.run(builder.body(()).expect("request")),
        };
        let mut response = response.expect("HTTP exchange");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        Reply {
            status,
            headers,
            json: serde_json::from_slice(&body).unwrap_or(Value::Null),
            body,
        }
    }

    /// Send only the head of a request that declares a body of `len` bytes, and read the answer:
    /// the server must refuse an oversized body before it arrives.
    pub fn oversized(&self, method: &str, path: &str, token: &str, len: usize) -> Reply {
        let declared = len.to_string();
        let headers = [("Content-Length", declared.as_str())];
        self.over_tcp(method, path, token, &headers, &[])
    }

    /// Send a JSON request on a bare connection — the head with `headers`, then `body` even when
    /// the server answers and closes before it has read it all (as it does to a body it refuses)
    /// — and read the answer.
    pub fn over_tcp(
        &self,
        method: &str,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        use std::io::{Read, Write};
        let host = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(host).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .expect("timeout");
        let extra: String = headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}\r\n"))
            .collect();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
             Connection: close\r\nContent-Type: application/json\r\n{extra}\r\n"
        );
        stream.write_all(head.as_bytes()).expect("send head");
        let _ = stream.write_all(body);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        parse_answer(&answer)
    }

    /// The most resident memory the server process has used so far, in KiB (Linux `VmHWM`).
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc status")
    }

    /// The audit log as (action, subject), oldest first, read straight from the database.
    pub fn audit_log(&self) -> Vec<(String, String)> {
        self.pairs("SELECT action, subject FROM audit_log ORDER BY id")
    }

    /// The records kept for review as (record id, SHA-256), oldest first, read straight from
    /// the database.
    pub fn conflicts(&self) -> Vec<(String, String)> {
        self.pairs("SELECT record_id, sha256 FROM record_conflict ORDER BY id")
    }

    /// The rows of `sql`, which selects two text columns.
    fn pairs(&self, sql: &str) -> Vec<(String, String)> {
        match &self.database_url {
            None => {
                let conn = rusqlite::Connection::open(self.dir.path().join("pandu.sqlite3"))
                    .expect("open");
                let mut stmt = conn.prepare(sql).expect("prepare");
                let rows = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .expect("query");
                rows.collect::<Result<_, _>>().expect("rows")
            }
            Some(url) => runtime().block_on(async {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                tokio::spawn(connection);
                let rows = client.query(sql, &[]).await.expect("query");
                rows.iter().map(|r| (r.get(0), r.get(1))).collect()
            }),
        }
    }
}

/// An HTTP/1.1 answer read off a bare connection (body neither chunked nor compressed).
fn parse_answer(answer: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(answer);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .filter_map(|(n, v)| {
            let name = ureq::http::HeaderName::from_bytes(n.trim().as_bytes()).ok()?;
            Some((name, ureq::http::HeaderValue::from_str(v.trim()).ok()?))
        })
        .collect();
    Reply {
        status,
        headers,
        json: serde_json::from_str(body).unwrap_or(Value::Null),
        body: body.as_bytes().to_vec(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Read the server's start-up lines until the one with its address.
fn server_address(stdout: &mut BufReader<ChildStdout>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        let n = stdout.read_line(&mut line).expect("server output");
        assert!(n > 0, "the server stopped before printing its address");
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            return url.to_owned();
        }
    }
}

fn base_command(dir: &std::path::Path, database_url: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pandu-server"));
    command
        .env_remove("PANDU_DATABASE_URL")
        .env_remove("PANDU_LISTEN")
        .arg("--data-dir")
        .arg(dir);
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    command
}

/// 32 fresh random bytes.
pub fn rand_bytes() -> [u8; 32] {
    rand::random()
}
