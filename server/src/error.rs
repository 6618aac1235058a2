//! The one error answer of the API: an HTTP status, a stable machine-readable `code` and a
//! bilingual `message`, so a device can act on the code and show the text in either language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pandu_core::{Problem, Text};
use serde::Serialize;

use crate::store::StoreError;

/// A refusal or failure as the API reports it.
#[derive(Debug, Serialize)]
pub struct ApiError {
    /// HTTP status of the answer.
    #[serde(skip)]
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `auth.revoked`.
    pub code: &'static str,
    /// What to tell the user, in Indonesian and English.
    pub message: Text,
    /// Finer findings, when there are several (e.g. each invalid answer).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error answer with `status`, `code` and the two texts.
    pub fn new(status: StatusCode, code: &'static str, id: &str, en: &str) -> Self {
        Self {
            status,
            code,
            message: Text::new(id, en),
            problems: Vec::new(),
        }
    }

    /// 400: the request itself is wrong.
    pub fn bad_request(code: &'static str, id: &str, en: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, id, en)
    }

    /// 403: the caller's role or scope does not allow this.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "scope.forbidden",
            "Peran atau wilayah Anda tidak mengizinkan tindakan ini.",
            "Your role or area does not allow this.",
        )
    }

    /// 404: the thing asked for does not exist.
    pub fn not_found(code: &'static str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code,
            "Tidak ditemukan.",
            "Not found.",
        )
    }

    /// 413: the body is larger than this endpoint accepts.
    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.too_large",
            "Data yang dikirim terlalu besar.",
            "The request body is too large.",
        )
    }

    /// 400: the body could not be read whole (the connection was cut, or its gzip is broken).
    pub fn broken_body() -> Self {
        Self::bad_request(
            "request.body",
            "Data terputus atau rusak (misalnya gzip yang tidak utuh).",
            "The body was cut off or is damaged (e.g. broken gzip).",
        )
    }

    /// 500: a fault on the server; the detail goes to the server log, not to the caller.
    pub fn internal(detail: &dyn std::fmt::Display) -> Self {
        eprintln!("internal error: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Terjadi kesalahan di server. Coba lagi nanti.",
            "The server failed. Try again later.",
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::internal(&e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}
