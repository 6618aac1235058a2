//! The test harness: starts the real `pandu-server` binary on a free port with a fresh SQLite
//! folder or a fresh PostgreSQL database (with `pandu-testkit`), makes accounts and devices, and
//! talks HTTP to it.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use ed25519_dalek::{Signer, SigningKey};
pub use pandu_testkit::Backend;
use serde_json::Value;

/// The password every test account gets.
pub const PASSWORD: &str = "kata-sandi-uji";
/// A kelurahan in Payakumbuh Barat.
pub const KEL_A: &str = "13.76.01.1002";
/// A kelurahan in another kecamatan.
pub const KEL_B: &str = "13.76.05.1001";

/// Generate one `#[test]` per back-end for each test function `fn name(backend: Backend)`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name($crate::harness::Backend::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if $crate::harness::Backend::Postgres.available() {
                    super::$name($crate::harness::Backend::Postgres)
                }
            })*
        }
    };
}
pub(crate) use on_both;

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

/// A running server (the testkit's, which this derefs to) with an HTTP client.
pub struct Server {
    server: pandu_testkit::Server,
    agent: ureq::Agent,
}

impl Deref for Server {
    type Target = pandu_testkit::Server;

    fn deref(&self) -> &Self::Target {
        &self.server
    }
}

impl DerefMut for Server {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.server
    }
}

impl Server {
    /// Start this package's server binary on `backend` with a fresh database.
    pub fn start(backend: Backend) -> Self {
        let bin = Path::new(env!("CARGO_BIN_EXE_pandu-server"));
        // Each exchange on its own connection: the server closes a connection after refusing a
        // request whose body it did not read, and a pooled one could be reused just as it closes.
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(30)))
            .max_idle_connections(0)
            .build()
            .into();
        Self {
            server: pandu_testkit::Server::start_with(bin, backend),
            agent,
        }
    }

    /// Create an account with [`PASSWORD`].
    pub fn user(&self, name: &str, role: &str, kelurahan: &str) {
        self.create_user(name, role, &[kelurahan], PASSWORD);
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
            .uri(format!("{}{path}", self.url()));
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
        let host = self.addr();
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
        self.query(sql)
            .into_iter()
            .map(|row| (row[0].clone(), row[1].clone()))
            .collect()
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

/// 32 fresh random bytes.
pub fn rand_bytes() -> [u8; 32] {
    rand::random()
}
