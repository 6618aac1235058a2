//! The access log page: the newest audit-log lines (who read or changed what), for supervisors
//! and admins to check — e.g. who revealed a NIK.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::{self, page, Bi};
use super::session::{Office, REVIEWERS};
use crate::api::AppState;

/// How many lines the page shows.
const LINES: i64 = 200;

/// `GET /office/audit`.
pub async fn show(State(state): State<AppState>, office: Office) -> Response {
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let lines = match state.store.recent_audit(LINES).await {
        Ok(lines) => lines,
        Err(e) => return layout::failure(lang, &e),
    };
    let body = html! {
        table {
            caption { (lang.pick("Baris terbaru lebih dulu", "Newest lines first")) }
            thead { tr {
                th scope="col" { (lang.pick("Waktu (UTC)", "Time (UTC)")) }
                th scope="col" { (lang.pick("Pengguna", "User")) }
                th scope="col" { (lang.pick("Perangkat", "Device")) }
                th scope="col" { (lang.pick("Tindakan", "Action")) }
                th scope="col" { (lang.pick("Data", "Subject")) }
            } }
            tbody { @for line in &lines { tr {
                td { (line.at) }
                td { (line.username) }
                td { @if let Some(d) = line.device_id { (d) } @else { "web" } }
                td.action { (line.action) }
                td.subject { (line.subject) }
            } } }
        }
    };
    page(lang, Bi("Log akses", "Access log"), Some(&office), body).into_response()
}
