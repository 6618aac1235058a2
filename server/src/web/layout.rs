//! The frame every office page shares — language, title, navigation, the sign-out forms — and
//! the error pages (403, bad form, failure), so each page module only draws its own content.

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::session::{Office, OFFICE_ROLES, REVIEWERS};
use super::Lang;
use crate::model::Role;

/// The style sheet, served at [`STYLE_PATH`].
const STYLE: &str = include_str!("office.css");
/// Where the style sheet is served.
pub const STYLE_PATH: &str = "/office/assets/office.css";

/// A text in both languages; the page shows the one of its language.
#[derive(Clone, Copy, Debug)]
pub struct Bi(pub &'static str, pub &'static str);

impl Bi {
    /// The text in `lang`.
    pub fn in_(self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
}

/// A whole page: `title`, the navigation for `office` (none when signed out), and `body`.
pub fn page(lang: Lang, title: Bi, office: Option<&Office>, body: Markup) -> Html<String> {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title.in_(lang)) " · Pandu" }
                link rel="stylesheet" href=(STYLE_PATH);
            }
            body {
                a.skip href="#main" { (lang.pick("Langsung ke isi", "Skip to content")) }
                header.top {
                    span.brand { "Pandu · UPT-KAN Payakumbuh" }
                    @if let Some(office) = office { (nav(office)) }
                    a.lang href={ "?lang=" (lang.other().code()) } lang=(lang.other().code()) {
                        (lang.pick("English", "Bahasa Indonesia"))
                    }
                }
                main #main {
                    h1 { (title.in_(lang)) }
                    (body)
                }
            }
        }
    };
    Html(markup.into_string())
}

/// The navigation of a signed-in user: the pages of their role, who they are, sign-out.
fn nav(office: &Office) -> Markup {
    let lang = office.lang;
    html! {
        nav aria-label=(lang.pick("Menu utama", "Main menu")) {
            @if OFFICE_ROLES.contains(&office.user.role) {
                a href="/office" { (lang.pick("Beranda", "Home")) }
                a href="/office/visits" { (lang.pick("Antrean tinjauan", "Review queue")) }
                a href="/office/funds" { (lang.pick("Dana mitra", "Partner funds")) }
                a href="/office/assistance" { (lang.pick("Bantuan", "Assistance")) }
                a href="/office/referrals" { (lang.pick("Rujukan", "Referrals")) }
                a href="/office/complaints" { (lang.pick("Pengaduan", "Complaints")) }
                a href="/office/reports" { (lang.pick("Laporan", "Reports")) }
                a href="/office/exports" { (lang.pick("Ekspor data", "Data exports")) }
            }
            @if REVIEWERS.contains(&office.user.role) {
                a href="/office/audit" { (lang.pick("Log akses", "Access log")) }
                a href="/office/registry" { (lang.pick("Impor registri", "Registry import")) }
            }
            @if office.user.role == Role::Admin {
                a href="/office/users" { (lang.pick("Pengguna", "Users")) }
            }
            span.who { (office.user.username) " (" (office.user.role.as_str()) ")" }
            (post_button(office, "/office/sign-out", Bi("Keluar", "Sign out")))
            (post_button(office, "/office/sign-out-everywhere",
                Bi("Keluar di semua perangkat", "Sign out everywhere")))
        }
    }
}

/// A form of one button that POSTs to `action` with the session's CSRF token.
pub fn post_button(office: &Office, action: &str, label: Bi) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf_field(office))
            button type="submit" { (label.in_(office.lang)) }
        }
    }
}

/// The hidden CSRF field every form of a signed-in user carries.
pub fn csrf_field(office: &Office) -> Markup {
    html! { input type="hidden" name="csrf" value=(office.csrf); }
}

/// An error page with `status` and a message in `lang`.
fn error_page(
    status: StatusCode,
    lang: Lang,
    office: Option<&Office>,
    title: Bi,
    why: Bi,
) -> Response {
    let body = html! {
        p.error role="alert" { (why.in_(lang)) }
        p { a href="/office" { (lang.pick("Kembali ke beranda", "Back to the home page")) } }
    };
    (status, page(lang, title, office, body)).into_response()
}

/// 403: the user's role may not see this page.
pub fn forbidden(office: &Office) -> Response {
    error_page(
        StatusCode::FORBIDDEN,
        office.lang,
        Some(office),
        Bi("Tidak diizinkan", "Not allowed"),
        Bi(
            "Peran Anda tidak boleh membuka halaman ini.",
            "Your role may not open this page.",
        ),
    )
}

/// 403: a form came without the right CSRF token (e.g. from another site, or an old page).
pub fn csrf_refused(lang: Lang) -> Response {
    error_page(
        StatusCode::FORBIDDEN,
        lang,
        None,
        Bi("Formulir ditolak", "Form refused"),
        Bi(
            "Formulir ini tidak membawa token keamanan yang benar. Muat ulang halaman lalu coba lagi.",
            "This form did not carry the right security token. Reload the page and try again.",
        ),
    )
}

/// 400: the form's fields could not be read.
pub fn bad_form(lang: Lang) -> Response {
    error_page(
        StatusCode::BAD_REQUEST,
        lang,
        None,
        Bi("Formulir tidak terbaca", "Unreadable form"),
        Bi(
            "Isi formulir tidak dapat dibaca.",
            "The form's fields could not be read.",
        ),
    )
}

/// 404: no such page or item, or one outside the user's area (not told apart).
pub fn not_found(office: &Office) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        office.lang,
        Some(office),
        Bi("Tidak ditemukan", "Not found"),
        Bi(
            "Data ini tidak ada atau di luar wilayah Anda.",
            "This item does not exist or is outside your area.",
        ),
    )
}

/// 500: the database failed; the cause goes to the log, not to the page.
pub fn failure(lang: Lang, cause: &dyn std::fmt::Display) -> Response {
    eprintln!("office page failed: {cause}");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        None,
        Bi("Terjadi kesalahan", "Something went wrong"),
        Bi(
            "Server gagal menyiapkan halaman ini. Coba lagi sebentar lagi.",
            "The server failed to prepare this page. Try again shortly.",
        ),
    )
}

/// `GET /office/assets/office.css`.
pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}
