//! The page language: Indonesian unless the user chose English, with `?lang=` on any page
//! (remembered in a `lang` cookie) — every text on a page exists in both languages.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::cookie;

/// The language a page is shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The language named `code` (`id` or `en`).
    fn parse(code: &str) -> Option<Self> {
        match code {
            "id" => Some(Self::Id),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The ISO 639-1 code, for `<html lang>` and links.
    pub fn code(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    /// The other language, which the switch offers.
    pub fn other(self) -> Self {
        match self {
            Self::Id => Self::En,
            Self::En => Self::Id,
        }
    }

    /// The text among `id` and `en` for this language.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Id => id,
            Self::En => en,
        }
    }

    /// The language asked for in the query (`lang=`), if any.
    fn from_query(query: Option<&str>) -> Option<Self> {
        query?
            .split('&')
            .filter_map(|pair| pair.strip_prefix("lang="))
            .find_map(Self::parse)
    }

    /// The language of a request: the query's, else the cookie's, else Indonesian.
    fn of(parts: &Parts) -> Self {
        Self::from_query(parts.uri.query())
            .or_else(|| cookie(&parts.headers, "lang").and_then(|c| Self::parse(&c)))
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self::of(parts))
    }
}

/// Middleware: a request that names a language in its query gets it remembered in a cookie.
pub async fn remember(req: Request, next: Next) -> Response {
    let chosen = Lang::from_query(req.uri().query());
    let mut response = next.run(req).await;
    if let Some(lang) = chosen {
        let value = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Strict",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_a_language_and_anything_else_is_ignored() {
        assert_eq!(Lang::from_query(Some("a=1&lang=en")), Some(Lang::En));
        assert_eq!(Lang::from_query(Some("lang=fr")), None);
        assert_eq!(Lang::from_query(None), None);
        assert_eq!(Lang::default().pick("Masuk", "Sign in"), "Masuk");
        assert_eq!(Lang::En.other(), Lang::Id);
    }
}
