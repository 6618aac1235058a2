//! Compressed bodies, because phones sync over slow, metered networks: a request body may come
//! gzip-compressed (`Content-Encoding: gzip`) and a JSON answer is gzip-compressed for a client
//! that sends `Accept-Encoding: gzip`. Body limits count the decompressed bytes (the limits sit in
//! the handlers' extractors, inside the decompression), so a small "gzip bomb" gets 413 after at
//! most the limit, never unbounded memory. Any other request encoding gets a 415 the device can act
//! on. Photos are never compressed again: JPEG is compressed already.

use axum::extract::Request;
use axum::http::{header, Extensions, HeaderMap, HeaderValue, StatusCode, Version};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;

use super::AppState;
use crate::error::ApiError;

/// Answers smaller than this many bytes are sent as they are: gzip would not save anything.
const MIN_COMPRESSED_BYTES: u64 = 256;

/// `router` taking gzip request bodies, refusing other encodings, and compressing JSON answers.
pub fn with_compression(router: Router<AppState>) -> Router<AppState> {
    let compress = SizeAbove::new(MIN_COMPRESSED_BYTES).and(is_json);
    router
        .layer(RequestDecompressionLayer::new())
        .layer(from_fn(normalise_encoding))
        .layer(CompressionLayer::new().compress_when(compress))
}

/// True for JSON answers, the only ones worth compressing.
fn is_json(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// Pass `gzip` (any case, or its old name `x-gzip`) on in the one spelling the decompression
/// knows, drop `identity`, and refuse everything else.
async fn normalise_encoding(mut req: Request, next: Next) -> Response {
    let encoding = req
        .headers()
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap_or("").trim().to_ascii_lowercase());
    match encoding.as_deref() {
        None => {}
        Some("gzip" | "x-gzip") => {
            req.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        Some("identity") => {
            req.headers_mut().remove(header::CONTENT_ENCODING);
        }
        Some(_) => return unsupported(),
    }
    next.run(req).await
}

fn unsupported() -> Response {
    let error = ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "request.unsupported_encoding",
        "Pengodean data tidak didukung: kirim tanpa kompresi atau dengan gzip (Content-Encoding: gzip).",
        "Unsupported Content-Encoding: send the body uncompressed or gzip-compressed.",
    );
    (
        [(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"))],
        error,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_answers_are_worth_compressing() {
        let mut headers = HeaderMap::new();
        let ext = Extensions::new();
        assert!(!is_json(StatusCode::OK, Version::HTTP_11, &headers, &ext));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
        assert!(!is_json(StatusCode::OK, Version::HTTP_11, &headers, &ext));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert!(is_json(StatusCode::OK, Version::HTTP_11, &headers, &ext));
    }
}
