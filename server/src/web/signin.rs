//! Sign-in, sign-out and "sign out everywhere" for office users. The sign-in form has its own
//! CSRF token (a short-lived cookie matched against a hidden field, since there is no session
//! yet); failures count in the same limiter as device sign-ins.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use serde::Deserialize;

use super::layout::{self, page, Bi};
use super::session::{self, same_secret, SignedForm};
use super::{cookie, Lang};
use crate::api::AppState;
use crate::model::User;
use crate::{password, secret};

/// The cookie that carries the sign-in form's CSRF token.
const SIGN_IN_COOKIE: &str = "pandu_sign_in";
/// Where the sign-in form lives (and its cookie's path).
const SIGN_IN_PATH: &str = "/office/sign-in";

/// The query of the sign-in page: where to go afterwards.
#[derive(Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub struct SignIn {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// A form with no fields of its own (only the CSRF token).
#[derive(Deserialize)]
pub struct NoFields {}

/// `GET /office/sign-in`.
pub async fn form(State(state): State<AppState>, lang: Lang, Query(q): Query<Next>) -> Response {
    render(&state, lang, StatusCode::OK, &q.next, None)
}

/// The sign-in page with a fresh form token, and `problem` shown above the form.
fn render(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    next: &str,
    problem: Option<Bi>,
) -> Response {
    let token = secret::new_token();
    let body = html! {
        div.card {
            @if let Some(problem) = problem { p.error role="alert" { (problem.in_(lang)) } }
            form method="post" action=(SIGN_IN_PATH) {
                input type="hidden" name="csrf" value=(token);
                input type="hidden" name="next" value=(next);
                label for="username" { (lang.pick("Nama pengguna", "User name")) }
                input #username type="text" name="username" autocomplete="username" required autofocus;
                label for="password" { (lang.pick("Kata sandi", "Password")) }
                input #password type="password" name="password" autocomplete="current-password" required;
                p { button type="submit" { (lang.pick("Masuk", "Sign in")) } }
            }
        }
    };
    let cookie = state.web.cookie(SIGN_IN_COOKIE, &token, SIGN_IN_PATH, 3600);
    let title = Bi("Masuk ke kantor Pandu", "Sign in to the Pandu office");
    (
        status,
        [(header::SET_COOKIE, cookie)],
        page(lang, title, None, body),
    )
        .into_response()
}

/// `POST /office/sign-in`: check the form token, the rate limit and the password, then start a
/// session and go where the user was headed.
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    lang: Lang,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or_default();
    if !same_secret(&form.csrf, &expected) {
        return layout::csrf_refused(lang);
    }
    let limit_key = format!("web|{}|{}", form.username, peer.ip());
    if state.limiter.is_blocked(&limit_key) {
        let why = Bi(
            "Terlalu banyak percobaan masuk. Tunggu satu menit.",
            "Too many sign-in attempts. Wait a minute.",
        );
        return render(
            &state,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            &form.next,
            Some(why),
        );
    }
    match check(&state, &form).await {
        Ok(Some(user)) => signed_in(&state, lang, &user, &form.next).await,
        Ok(None) => {
            state.limiter.record_failure(&limit_key);
            let why = Bi(
                "Nama pengguna atau kata sandi salah.",
                "Wrong user name or password.",
            );
            render(
                &state,
                lang,
                StatusCode::UNAUTHORIZED,
                &form.next,
                Some(why),
            )
        }
        Err(e) => layout::failure(lang, &e),
    }
}

/// The account when the form's password is its password.
async fn check(state: &AppState, form: &SignIn) -> Result<Option<User>, String> {
    let Some(user) = state
        .store
        .user_by_name(form.username.trim())
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let (pw, phc) = (form.password.clone(), user.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || password::verify(&pw, &phc))
        .await
        .map_err(|e| e.to_string())?;
    Ok(ok.then_some(user))
}

/// Start the session of `user`, audit it, and redirect to `next` (when it is an office page).
async fn signed_in(state: &AppState, lang: Lang, user: &User, next: &str) -> Response {
    let cookie = match session::start(state, user).await {
        Ok(cookie) => cookie,
        Err(e) => return layout::failure(lang, &e),
    };
    let entry = crate::store::AuditEntry {
        user_id: user.id,
        device_id: None,
        action: "web.sign_in",
        subject: format!("user:{}", user.id),
    };
    if let Err(e) = state.store.audit(&entry).await {
        return layout::failure(lang, &e);
    }
    let clear = state.web.cookie(SIGN_IN_COOKIE, "", SIGN_IN_PATH, 0);
    let mut response = Redirect::to(safe_next(next)).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response.headers_mut().append(header::SET_COOKIE, clear);
    response
}

/// `next` when it is a page of this office site, else the home page (no open redirect).
fn safe_next(next: &str) -> &str {
    let local = next.starts_with("/office") && !next.contains("//") && !next.contains('\\');
    if local {
        next
    } else {
        "/office"
    }
}

/// `POST /office/sign-out`: end this session.
pub async fn sign_out(State(state): State<AppState>, signed: SignedForm<NoFields>) -> Response {
    let (office, NoFields {}) = signed.into_parts();
    if let Err(e) = state.store.end_web_session(office.token_hash()).await {
        return layout::failure(office.lang, &e);
    }
    (session::clear(&state), Redirect::to(SIGN_IN_PATH)).into_response()
}

/// `POST /office/sign-out-everywhere`: end every session of this user, on every computer.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    signed: SignedForm<NoFields>,
) -> Response {
    let (office, NoFields {}) = signed.into_parts();
    let ended = state.store.end_web_sessions_of(office.user.id).await;
    let audited = state
        .store
        .audit(&office.audit(
            "web.sign_out_everywhere",
            format!("user:{}", office.user.id),
        ))
        .await;
    if let Err(e) = ended.and(audited) {
        return layout::failure(office.lang, &e);
    }
    (session::clear(&state), Redirect::to(SIGN_IN_PATH)).into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_office_pages_are_followed_after_sign_in() {
        assert_eq!(safe_next("/office/visits?page=2"), "/office/visits?page=2");
        assert_eq!(safe_next("https://evil.example/office"), "/office");
        assert_eq!(safe_next("/office//evil.example"), "/office");
        assert_eq!(safe_next(""), "/office");
    }
}
