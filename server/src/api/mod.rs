//! API v1: the route table (the one list the router and the OpenAPI check both read), the shared
//! state, and what every answer carries (the protocol header; JSON errors for unknown routes).

mod auth;
mod changes;
mod devices;
mod encoding;
mod households;
mod json;
mod media;
mod openapi;
mod records;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, head, post, put, MethodRouter};
use axum::Router;

use crate::error::ApiError;
use crate::media::MediaStore;
use crate::ratelimit::RateLimiter;
use crate::store::Store;

/// The header every answer of this server carries, so a client can tell it from a Wi-Fi login
/// page that answers 200 with HTML.
pub const PROTOCOL_HEADER: &str = "x-pandu-protocol";
/// The protocol version in [`PROTOCOL_HEADER`].
pub const PROTOCOL_VERSION: &str = "1";
/// Largest JSON body accepted (a batch of 500 records), counted after decompression.
const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The photo folder.
    pub media: MediaStore,
    /// Failed sign-in counter.
    pub limiter: Arc<RateLimiter>,
    /// How the office pages set their cookies.
    pub web: crate::web::WebConfig,
    /// The data folder (the registry importer's staging store and uploads live there).
    pub data_dir: std::path::PathBuf,
    /// The amount range of each kind of help.
    pub services: Arc<crate::services::Services>,
}

/// Every route: method, path (OpenAPI template syntax) and handler.
pub fn endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/api/v1/openapi.json", get(openapi::document)),
        (Method::GET, "/api/v1/keys", get(devices::receipt_keys)),
        (Method::POST, "/api/v1/devices", post(devices::enrol)),
        (
            Method::DELETE,
            "/api/v1/devices/{device_id}",
            delete(devices::revoke),
        ),
        (
            Method::POST,
            "/api/v1/enrolment-codes",
            post(devices::new_enrolment_code),
        ),
        (
            Method::PUT,
            "/api/v1/households/{household_id}",
            put(households::put),
        ),
        (Method::HEAD, "/api/v1/media/{sha256}", head(media::head)),
        (
            Method::PUT,
            "/api/v1/media/{sha256}",
            limited(put(media::put), MAX_MEDIA_BODY),
        ),
        (
            Method::POST,
            "/api/v1/records",
            limited(post(records::post), MAX_JSON_BYTES),
        ),
        (
            Method::GET,
            "/api/v1/records/{record_id}",
            get(records::get),
        ),
        (Method::GET, "/api/v1/changes", get(changes::get)),
    ]
}

/// A photo body may be one byte over the limit, so that "too large" is told apart from "exactly".
const MAX_MEDIA_BODY: usize = crate::media::MAX_MEDIA_BYTES as usize + 1;

/// `handler` with a body limit of `max` bytes, and a body that declares more refused at once —
/// before a phone on a slow network spends its data sending it. (A gzip body declares no length
/// here: the decompression drops it, and the limit counts the bytes as they are decompressed.)
fn limited(handler: MethodRouter<AppState>, max: usize) -> MethodRouter<AppState> {
    handler
        .layer(DefaultBodyLimit::max(max))
        .layer(from_fn(move |req: Request, next: Next| {
            refuse_declared_over(max, req, next)
        }))
}

async fn refuse_declared_over(max: usize, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(len) if len > max => ApiError::too_large().into_response(),
        _ => next.run(req).await,
    }
}

/// The application: every endpoint, the office pages, the JSON body limit, gzip bodies both
/// ways, the protocol header, JSON fallbacks.
pub fn router(state: AppState) -> Router {
    let routes = endpoints()
        .into_iter()
        .fold(Router::new(), |r, (_, path, handler)| {
            r.route(path, handler)
        })
        .merge(crate::web::router())
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES));
    encoding::with_compression(routes)
        .layer(axum::middleware::map_response(stamp_protocol))
        .with_state(state)
}

async fn stamp_protocol(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(PROTOCOL_HEADER, HeaderValue::from_static(PROTOCOL_VERSION));
    response
}

async fn unknown_route() -> ApiError {
    ApiError::not_found("route.unknown")
}

async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "route.method",
        "Metode ini tidak didukung untuk alamat ini.",
        "This method is not supported for this address.",
    )
}
