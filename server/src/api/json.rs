//! The JSON body extractor of this API: axum's own, with its refusals turned into the API's
//! bilingual error answers (413 too large, 415 not JSON, 400 malformed or unreadable).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON request body of type `T`.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(v)| Self(v))
            .map_err(refusal)
    }
}

fn refusal(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(),
        _ if matches!(rejection, JsonRejection::BytesRejection(_)) => ApiError::broken_body(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.not_json",
            "Data harus dikirim sebagai JSON (Content-Type: application/json).",
            "The body must be JSON (Content-Type: application/json).",
        ),
        _ => ApiError::bad_request(
            "request.malformed_json",
            "Data JSON rusak atau tidak sesuai bentuknya.",
            "The JSON body is malformed or has the wrong shape.",
        ),
    }
}
