//! The office web pages for UPT-KAN staff: server-rendered HTML (maud), Indonesian by default
//! with an English switch, usable by keyboard and printable. They live beside the JSON API but
//! in their own route list, so the API's route table and its OpenAPI check stay as they are.

mod assistance;
mod audit;
mod case_steps;
mod complaint_follow_up;
mod complaints;
mod decide;
mod documents;
mod exports;
mod funds;
mod home;
mod i18n;
mod layout;
mod photo_plot;
mod queue;
mod referral_new;
mod referrals;
mod registry;
mod report_task;
mod reports;
mod session;
mod signin;
mod users;
mod verify;
mod visit;
mod visit_criteria;
mod visit_household;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::{from_fn, Next};
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use axum::Router;

use crate::api::AppState;
pub use i18n::Lang;
pub use layout::Bi;
pub use session::WebConfig;

/// Every office page: method, path and handler.
pub fn pages() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/", get(home::root)),
        (Method::GET, layout::STYLE_PATH, get(layout::style)),
        (Method::GET, "/office", get(home::show)),
        (Method::GET, "/office/sign-in", get(signin::form)),
        (Method::POST, "/office/sign-in", post(signin::submit)),
        (Method::POST, "/office/sign-out", post(signin::sign_out)),
        (
            Method::POST,
            "/office/sign-out-everywhere",
            post(signin::sign_out_everywhere),
        ),
        (Method::GET, "/office/audit", get(audit::show)),
        (Method::GET, "/office/visits", get(queue::show)),
        (Method::GET, "/office/visits/{record_id}", get(visit::show)),
        (
            Method::GET,
            "/office/visits/{record_id}/photos/{sha256}",
            get(visit::photo),
        ),
        (
            Method::POST,
            "/office/visits/{record_id}/decisions",
            post(decide::submit),
        ),
        (
            Method::POST,
            "/office/visits/{record_id}/outcome",
            post(report_task::submit),
        ),
        (
            Method::GET,
            "/office/documents/{number}",
            get(documents::show),
        ),
        (
            Method::POST,
            "/office/documents/{number}/revoke",
            post(documents::revoke),
        ),
        (Method::GET, "/verify", get(verify::form)),
        (Method::POST, "/verify", post(verify::check)),
        (
            Method::POST,
            "/office/visits/{record_id}/reveal",
            post(visit::reveal),
        ),
        (
            Method::POST,
            "/office/visits/{record_id}/verdicts",
            post(visit::verdicts),
        ),
        (Method::GET, "/office/users", get(users::list)),
        (Method::POST, "/office/users", post(users::create)),
        (Method::GET, "/office/users/{user_id}", get(users::show)),
        (
            Method::POST,
            "/office/users/{user_id}/kelurahan",
            post(users::set_area),
        ),
        (
            Method::POST,
            "/office/users/{user_id}/devices/{device_id}/revoke",
            post(users::revoke),
        ),
        (Method::GET, "/office/registry", get(registry::form)),
        (
            Method::POST,
            "/office/registry",
            post(registry::check).layer(DefaultBodyLimit::max(registry::MAX_UPLOAD)),
        ),
        (
            Method::POST,
            "/office/registry/apply",
            post(registry::apply),
        ),
        (Method::GET, "/office/reports", get(reports::index)),
        (Method::GET, "/office/reports/{name}", get(reports::show)),
        (Method::GET, "/office/exports", get(exports::form)),
        (Method::POST, "/office/exports", post(exports::export)),
        (Method::GET, "/office/funds", get(funds::overview)),
        (
            Method::POST,
            "/office/funds/partners",
            post(funds::add_partner),
        ),
        (Method::GET, "/office/funds/{partner}", get(funds::show)),
        (
            Method::POST,
            "/office/funds/{partner}/in",
            post(funds::money_in),
        ),
        (
            Method::POST,
            "/office/funds/{partner}/corrections",
            post(funds::correct),
        ),
        (
            Method::POST,
            "/office/funds/{partner}/figures",
            post(funds::figure),
        ),
        (Method::GET, "/office/assistance", get(assistance::list)),
        (
            Method::GET,
            "/office/documents/{number}/assistance",
            get(assistance::form),
        ),
        (
            Method::POST,
            "/office/documents/{number}/assistance",
            post(assistance::record),
        ),
        (Method::GET, "/office/referrals", get(referrals::list)),
        (
            Method::POST,
            "/office/referrals",
            post(referral_new::create),
        ),
        (Method::GET, "/office/referrals/{id}", get(referrals::show)),
        (
            Method::POST,
            "/office/referrals/{id}/status",
            post(referrals::step),
        ),
        (Method::GET, "/office/complaints", get(complaints::list)),
        (Method::POST, "/office/complaints", post(complaints::create)),
        (
            Method::GET,
            "/office/complaints/{id}",
            get(complaints::show),
        ),
        (
            Method::POST,
            "/office/complaints/{id}/status",
            post(complaints::step),
        ),
        (
            Method::POST,
            "/office/complaints/{id}/household",
            post(complaint_follow_up::link),
        ),
        (
            Method::POST,
            "/office/complaints/{id}/task",
            post(complaint_follow_up::task),
        ),
    ]
}

/// The office pages as a router: the language cookie and the browser safety headers on each.
pub fn router() -> Router<AppState> {
    pages()
        .into_iter()
        .fold(Router::new(), |r, (_, path, handler)| {
            r.route(path, handler)
        })
        .layer(from_fn(i18n::remember))
        .layer(from_fn(safety_headers))
}

/// Pages come only from this server, are never framed, and are not kept in shared caches.
async fn safety_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; lang=en"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("pandu_session=xyz"),
        );
        assert_eq!(cookie(&headers, "lang").as_deref(), Some("en"));
        assert_eq!(cookie(&headers, "pandu_session").as_deref(), Some("xyz"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn no_page_shares_a_path_with_the_api() {
        let api: Vec<_> = crate::api::endpoints().into_iter().map(|e| e.1).collect();
        assert!(pages().iter().all(|(_, path, _)| !api.contains(path)));
    }
}
