//! `HEAD`/`PUT /api/v1/media/{sha256}`: photos uploaded by content hash, idempotently, whole or
//! in chunks (`Content-Range: bytes START-END/TOTAL`) that resume after a cut.
//! `X-Pandu-Received` tells how many bytes of an unfinished upload the server holds.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::auth::Caller;
use super::AppState;
use crate::error::ApiError;
use crate::media::{MediaError, MediaName, MediaStore, Progress};

/// Header with the number of bytes of an unfinished upload the server holds.
pub const RECEIVED_HEADER: &str = "x-pandu-received";

/// Where an upload stands.
#[derive(Serialize)]
struct Uploaded {
    sha256: String,
    complete: bool,
    received: u64,
}

/// `HEAD`: 204 when the photo is kept; 404 with `X-Pandu-Received` otherwise.
pub async fn head(
    State(state): State<AppState>,
    _caller: Caller,
    Path(sha256): Path<String>,
) -> Response {
    let name = match MediaName::parse(&sha256) {
        Ok(name) => name,
        Err(e) => return refusal(e),
    };
    if state.media.has(&name) {
        return StatusCode::NO_CONTENT.into_response();
    }
    let received = state.media.received(&name);
    (StatusCode::NOT_FOUND, received_header(received)).into_response()
}

/// `PUT`: keep the photo (or a chunk of it) after checking name, size, type and hash.
pub async fn put(
    State(state): State<AppState>,
    _caller: Caller,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refusal(MediaError::TooLarge)
        }
        Err(_) => return ApiError::broken_body().into_response(),
    };
    let name = match MediaName::parse(&sha256) {
        Ok(name) => name,
        Err(e) => return refusal(e),
    };
    let range = match headers.get(header::CONTENT_RANGE).map(parse_range) {
        None => None,
        Some(Some(range)) if range.1 - range.0 + 1 == body.len() as u64 => Some(range),
        Some(_) => return bad_range(),
    };
    let media = state.media.clone();
    let done = tokio::task::spawn_blocking(move || store(&media, &name, range, &body)).await;
    match done {
        Ok(Ok(progress)) => answer(&sha256, progress),
        Ok(Err(e)) => refusal(e),
        Err(e) => ApiError::internal(&e).into_response(),
    }
}

fn store(
    media: &MediaStore,
    name: &MediaName,
    range: Option<(u64, u64, u64)>,
    body: &[u8],
) -> Result<Progress, MediaError> {
    match range {
        None => media.put(name, body),
        Some((start, _, total)) => media.append(name, start, total, body),
    }
}

/// `bytes START-END/TOTAL`, END inclusive.
fn parse_range(value: &HeaderValue) -> Option<(u64, u64, u64)> {
    let spec = value.to_str().ok()?.strip_prefix("bytes ")?;
    let (span, total) = spec.split_once('/')?;
    let (start, end) = span.split_once('-')?;
    let (start, end, total) = (start.parse().ok()?, end.parse().ok()?, total.parse().ok()?);
    (start <= end && end < total).then_some((start, end, total))
}

fn answer(sha256: &str, progress: Progress) -> Response {
    let (status, complete, received) = match progress {
        Progress::Stored { existed: true } => (StatusCode::OK, true, 0),
        Progress::Stored { existed: false } => (StatusCode::CREATED, true, 0),
        Progress::Partial(n) => (StatusCode::ACCEPTED, false, n),
    };
    let body = Uploaded {
        sha256: sha256.to_owned(),
        complete,
        received,
    };
    (status, received_header(received), Json(body)).into_response()
}

fn received_header(received: u64) -> [(&'static str, String); 1] {
    [(RECEIVED_HEADER, received.to_string())]
}

fn bad_range() -> Response {
    ApiError::bad_request(
        "media.bad_range",
        "Header Content-Range tidak sah (bytes AWAL-AKHIR/TOTAL, sesuai panjang data).",
        "Invalid Content-Range (bytes START-END/TOTAL, matching the body length).",
    )
    .into_response()
}

fn refusal(e: MediaError) -> Response {
    let error = match &e {
        MediaError::BadName => ApiError::bad_request(
            "media.bad_name",
            "Nama foto harus SHA-256 (64 digit hex huruf kecil).",
            "A photo name must be a SHA-256 (64 lower-case hex digits).",
        ),
        MediaError::TooLarge => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "media.too_large",
            "Foto lebih besar dari 8 MB.",
            "The photo is larger than 8 MB.",
        ),
        MediaError::NotJpeg => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "media.not_jpeg",
            "Foto harus berupa JPEG.",
            "The photo must be a JPEG.",
        ),
        MediaError::HashMismatch => ApiError::bad_request(
            "media.hash_mismatch",
            "Isi foto tidak sesuai dengan SHA-256 namanya.",
            "The photo's bytes do not match the SHA-256 in its name.",
        ),
        MediaError::RangeMismatch(_) => ApiError::new(
            StatusCode::CONFLICT,
            "media.range_mismatch",
            "Potongan tidak mulai di akhir bagian yang sudah diterima.",
            "The chunk does not start where the received part ends.",
        ),
        MediaError::Busy => ApiError::new(
            StatusCode::CONFLICT,
            "media.busy",
            "Foto ini sedang diunggah oleh permintaan lain. Coba lagi.",
            "This photo is being uploaded by another request. Try again.",
        ),
        MediaError::Io(detail) => ApiError::internal(detail),
    };
    match e {
        MediaError::RangeMismatch(n) => (received_header(n), error).into_response(),
        _ => error.into_response(),
    }
}
