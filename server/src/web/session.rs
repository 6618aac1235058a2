//! Office sign-in sessions: a random token in an `HttpOnly; SameSite=Strict` cookie, kept in the
//! database only as its SHA-256, with a per-session CSRF token that every form sends back and
//! [`SignedForm`] checks — so no POST handler can forget the check.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{cookie, layout, Lang};
use crate::api::AppState;
use crate::model::{Role, User};
use crate::secret;
use crate::store::{AuditEntry, NewWebSession};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pandu_session";
/// How long a session lasts from sign-in, whatever happens.
const SESSION_HOURS: i64 = 12;
/// Largest form body accepted.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// How the web pages set their cookies.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebConfig {
    /// Add `Secure` to cookies (when the server is reached through HTTPS).
    pub secure_cookies: bool,
}

impl WebConfig {
    /// A `Set-Cookie` value for `name=value` on `path`, alive `max_age` seconds (0 removes it).
    pub fn cookie(&self, name: &str, value: &str, path: &str, max_age: i64) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        let text = format!(
            "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
        );
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }
}

/// A signed-in office user, from the session cookie; signed-out visitors are sent to sign in.
#[derive(Clone, Debug)]
pub struct Office {
    /// The account.
    pub user: User,
    /// The session's CSRF token, to put in every form.
    pub csrf: String,
    /// SHA-256 of the session token, to end this session.
    token_hash: String,
    /// The page language.
    pub lang: Lang,
}

impl Office {
    /// True when the user has one of `roles`; pages show [`layout::forbidden`] otherwise.
    pub fn may(&self, roles: &[Role]) -> bool {
        roles.contains(&self.user.role)
    }

    /// An audit-log line for `action` on `subject` by this user (no device: the web).
    pub fn audit(&self, action: &'static str, subject: String) -> AuditEntry {
        AuditEntry {
            user_id: self.user.id,
            device_id: None,
            action,
            subject,
        }
    }

    /// SHA-256 of this session's token.
    pub fn token_hash(&self) -> &str {
        &self.token_hash
    }
}

/// Roles that may use the office pages at all (volunteers use their phones).
pub const OFFICE_ROLES: [Role; 3] = [Role::Peksos, Role::Supervisor, Role::Admin];

/// Roles that review and decide.
pub const REVIEWERS: [Role; 2] = [Role::Supervisor, Role::Admin];

impl FromRequestParts<AppState> for Office {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::from_request_parts(parts, state)
            .await
            .unwrap_or_default();
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(|| to_sign_in(parts))?;
        let token_hash = secret::digest(&token);
        let session = state
            .store
            .web_session(&token_hash, Utc::now())
            .await
            .map_err(|e| layout::failure(lang, &e))?
            .ok_or_else(|| to_sign_in(parts))?;
        Ok(Self {
            user: session.user,
            csrf: session.csrf,
            token_hash,
            lang,
        })
    }
}

/// The redirect of a signed-out visitor to the sign-in page, coming back here afterwards.
fn to_sign_in(parts: &Parts) -> Response {
    let back = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/office");
    let next: String = url_escape(back);
    Redirect::to(&format!("/office/sign-in?next={next}")).into_response()
}

/// `text` escaped for a query value.
pub fn url_escape(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// A form sent by a signed-in user, its CSRF token checked before the handler sees it.
pub struct SignedForm<T> {
    office: Office,
    form: T,
}

impl<T> SignedForm<T> {
    /// Who sent it, and the form's fields.
    pub fn into_parts(self) -> (Office, T) {
        (self.office, self.form)
    }
}

/// The CSRF field every form carries.
#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for SignedForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let office = Office::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| layout::bad_form(office.lang))?;
        let sent: CsrfField = parse(&bytes).ok_or_else(|| layout::bad_form(office.lang))?;
        if !same_secret(&sent.csrf, &office.csrf) {
            return Err(layout::csrf_refused(office.lang));
        }
        let form = parse(&bytes).ok_or_else(|| layout::bad_form(office.lang))?;
        Ok(Self { office, form })
    }
}

/// The form fields in `bytes`, if they can be read.
fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Option<T> {
    serde_urlencoded::from_bytes(bytes).ok()
}

/// True when the two secrets are equal, compared in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Start a session for `user`: keep it and return its cookie.
pub async fn start(state: &AppState, user: &User) -> Result<HeaderValue, crate::store::StoreError> {
    let token = secret::new_token();
    state
        .store
        .create_web_session(&NewWebSession {
            token_hash: secret::digest(&token),
            user_id: user.id,
            csrf: secret::new_token(),
            expires_at: Utc::now() + Duration::hours(SESSION_HOURS),
        })
        .await?;
    Ok(state
        .web
        .cookie(SESSION_COOKIE, &token, "/", SESSION_HOURS * 3600))
}

/// The headers that remove the session cookie.
pub fn clear(state: &AppState) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        state.web.cookie(SESSION_COOKIE, "", "/", 0),
    );
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole_and_never_empty() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", ""));
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_only_when_asked() {
        let plain = WebConfig::default().cookie("a", "b", "/", 60);
        assert_eq!(plain, "a=b; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
        let secure = WebConfig {
            secure_cookies: true,
        }
        .cookie("a", "b", "/", 60);
        assert!(secure.to_str().unwrap().ends_with("; Secure"));
        assert_eq!(
            url_escape("/office/visits?a=1"),
            "%2Foffice%2Fvisits%3Fa%3D1"
        );
    }
}
