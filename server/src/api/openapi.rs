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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::DOCUMENT;

    fn documented() -> BTreeSet<(String, String)> {
        let doc: Value = serde_json::from_str(DOCUMENT).expect("valid JSON");
        doc["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .flat_map(|(path, ops)| {
                ops.as_object()
                    .expect("operations")
                    .keys()
                    .map(move |m| (m.to_uppercase(), path.clone()))
            })
            .collect()
    }

    #[test]
    fn the_document_names_exactly_the_routes_of_the_router() {
        let routed: BTreeSet<(String, String)> = super::super::endpoints()
            .into_iter()
            .map(|(method, path, _)| (method.to_string(), path.to_owned()))
            .collect();
        assert_eq!(routed, documented());
    }

    #[test]
    fn every_reference_resolves() {
        let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
        let mut stack = vec![&doc];
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(map) => {
                    if let Some(Value::String(r)) = map.get("$ref") {
                        let pointer = r.trim_start_matches('#');
                        assert!(doc.pointer(pointer).is_some(), "{r}");
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
}
