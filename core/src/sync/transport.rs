//! The HTTP client of sync: reqwest with rustls (no OpenSSL on the network path), one pooled
//! client per run so connections are reused, gzip request bodies for JSON, gzip answers accepted.
//! Every answer must carry the office server's protocol header; one that does not (a Wi-Fi login
//! page answering 200 with HTML) means "not connected". Failures are sorted into [`SyncError`]s.

use std::io::Write;
use std::time::Duration;

use flate2::write::GzEncoder;
use flate2::Compression;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{AUTHORIZATION, CONTENT_ENCODING, CONTENT_RANGE, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::SyncError;
use super::wire::ErrorBody;

/// The header every answer of the office server carries.
pub const PROTOCOL_HEADER: &str = "x-pandu-protocol";
/// The protocol version this device speaks.
pub const PROTOCOL_VERSION: &str = "1";
/// How many bytes of an unfinished photo upload the server holds.
const RECEIVED_HEADER: &str = "x-pandu-received";

/// How long to wait for a connection, and for a whole answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(90);

/// Where a photo upload stands at the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upload {
    /// The server keeps the whole photo.
    Complete,
    /// The server holds this many bytes of it.
    Partial(u64),
}

/// A connection to one office server, with or without a device token.
pub struct Connection {
    http: Client,
    base: String,
    token: Option<String>,
}

impl Connection {
    /// A client for the server at `base_url` (e.g. `https://pandu.example`), signed in with
    /// `token` when given.
    pub fn new(base_url: &str, token: Option<String>) -> Result<Self, SyncError> {
        let http = Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("pandu-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::NotConnected(e.to_string()))?;
        Ok(Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
            token,
        })
    }

    /// `GET path` and decode the JSON answer.
    pub fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, SyncError> {
        read_json(self.send(self.request(Method::GET, path))?)
    }

    /// `POST path` with `body` as gzip-compressed JSON; decode the JSON answer. Returns the answer
    /// and the number of body bytes sent.
    pub fn post_json<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<(T, u64), SyncError> {
        let packed = gzip_json(body)?;
        let sent = packed.len() as u64;
        let request = self
            .request(Method::POST, path)
            .header(CONTENT_TYPE, "application/json")
            .header(CONTENT_ENCODING, "gzip")
            .body(packed);
        Ok((read_json(self.send(request)?)?, sent))
    }

    /// Send `bytes`, the part of photo `sha256` that starts at `start` of `total` bytes.
    pub fn put_media(
        &self,
        sha256: &str,
        start: u64,
        total: u64,
        bytes: Vec<u8>,
    ) -> Result<Upload, SyncError> {
        let end = start + bytes.len() as u64 - 1;
        let request = self
            .request(Method::PUT, &format!("/api/v1/media/{sha256}"))
            .header(CONTENT_TYPE, "image/jpeg")
            .header(CONTENT_RANGE, format!("bytes {start}-{end}/{total}"))
            .body(bytes);
        match self.send(request) {
            Ok(answer) if answer.status() == StatusCode::ACCEPTED => {
                Ok(Upload::Partial(received(&answer)))
            }
            Ok(_) => Ok(Upload::Complete),
            Err(SyncError::Refused {
                status: 409, code, ..
            }) if code == "media.range_mismatch" => self.media_status(sha256),
            Err(e) => Err(e),
        }
    }

    /// Where the server stands with photo `sha256`.
    pub fn media_status(&self, sha256: &str) -> Result<Upload, SyncError> {
        let request = self.request(Method::HEAD, &format!("/api/v1/media/{sha256}"));
        let answer = self.http_send(request)?;
        match answer.status() {
            StatusCode::NOT_FOUND => Ok(Upload::Partial(received(&answer))),
            status if status.is_success() => Ok(Upload::Complete),
            _ => Err(refusal(answer)),
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => request.header(AUTHORIZATION, format!("Bearer {token}")),
            None => request,
        }
    }

    /// Send and turn every answer but a success into its [`SyncError`].
    fn send(&self, request: RequestBuilder) -> Result<Response, SyncError> {
        let answer = self.http_send(request)?;
        if answer.status().is_success() {
            Ok(answer)
        } else {
            Err(refusal(answer))
        }
    }

    /// Send; fail on a broken connection or an answer that is not from a Pandu server.
    fn http_send(&self, request: RequestBuilder) -> Result<Response, SyncError> {
        let answer = request
            .send()
            .map_err(|e| SyncError::Interrupted(e.to_string()))?;
        let protocol = answer.headers().get(PROTOCOL_HEADER);
        if protocol.is_none_or(|v| v.as_bytes() != PROTOCOL_VERSION.as_bytes()) {
            return Err(SyncError::NotConnected(format!(
                "answer without the Pandu protocol header (status {}): a Wi-Fi login page?",
                answer.status()
            )));
        }
        Ok(answer)
    }
}

/// Compress `body`'s JSON with gzip.
fn gzip_json(body: &impl Serialize) -> Result<Vec<u8>, SyncError> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    serde_json::to_writer(&mut encoder, body)
        .map_err(|e| SyncError::Local(crate::Error::Corrupt(e.to_string())))?;
    encoder
        .flush()
        .and_then(|()| encoder.finish())
        .map_err(|e| SyncError::Local(e.into()))
}

fn read_json<T: DeserializeOwned>(answer: Response) -> Result<T, SyncError> {
    let bytes = answer
        .bytes()
        .map_err(|e| SyncError::Interrupted(format!("answer cut off: {e}")))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| SyncError::Interrupted(format!("unreadable answer: {e}")))
}

fn received(answer: &Response) -> u64 {
    answer
        .headers()
        .get(RECEIVED_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The error an unsuccessful answer stands for.
fn refusal(answer: Response) -> SyncError {
    let status = answer.status();
    if status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || status.is_server_error()
    {
        return SyncError::Interrupted(format!("server answered {status}"));
    }
    let body: Option<ErrorBody> = answer
        .bytes()
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let (code, message) = match body {
        Some(b) => (b.code, b.message),
        None => (format!("http.{}", status.as_u16()), unreadable_refusal()),
    };
    if status == StatusCode::UNAUTHORIZED {
        return SyncError::SignInNeeded { code, message };
    }
    SyncError::Refused {
        status: status.as_u16(),
        code,
        message,
    }
}

fn unreadable_refusal() -> crate::Text {
    crate::Text::new(
        "Server menolak permintaan tanpa penjelasan.",
        "The server refused the request without saying why.",
    )
}
