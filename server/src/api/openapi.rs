//! `GET /api/v1/openapi.json`: the hand-written OpenAPI 3 description of this API. A test checks
//! that it names exactly the routes of the router.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, as kept in `server/openapi.json`.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

/// `GET /api/v1/openapi.json`.
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
