//! The public check of a card or letter, `/verify`: no sign-in; a clinic or school pastes the
//! code its scanner read and is told valid, expired, not yet valid, revoked or forged. The
//! check reads no personal data (the answer repeats only what the code itself carries), so it
//! is not audited; it changes nothing, so its form needs no CSRF token.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use chrono::Utc;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{self, page, Bi};
use super::Lang;
use crate::api::AppState;
use crate::document::{check_online, local_date, Verdict};

/// Where the page lives.
const PATH: &str = "/verify";

/// The form's field.
#[derive(Deserialize)]
pub struct VerifyForm {
    #[serde(default)]
    payload: String,
}

/// `GET /verify`: the empty form.
pub async fn form(lang: Lang) -> Response {
    render(lang, "", None)
}

/// `POST /verify`: the verdict on the pasted code.
pub async fn check(
    State(state): State<AppState>,
    lang: Lang,
    Form(form): Form<VerifyForm>,
) -> Response {
    let today = local_date(Utc::now());
    match check_online(state.store.as_ref(), &form.payload, today).await {
        Ok(verdict) => render(lang, &form.payload, Some(&verdict)),
        Err(e) => layout::failure(lang, &e),
    }
}

fn render(lang: Lang, payload: &str, verdict: Option<&Verdict>) -> Response {
    let body = html! {
        @if let Some(v) = verdict { (answer(lang, v)) }
        form.card method="post" action=(PATH) {
            label for="payload" { (lang.pick("Kode dari QR kartu atau surat", "The code from the card's or letter's QR")) }
            textarea #payload name="payload" rows="4" cols="60" required { (payload) }
            p { button type="submit" { (lang.pick("Periksa", "Check")) } }
        }
        p { (lang.pick(
            "Pemeriksaan tanpa jaringan: tanda tangan dan tanggal dapat diperiksa dengan kunci publik kantor (/api/v1/keys atau yang dicetak); pencabutan hanya diketahui di sini.",
            "Offline checks: the signature and dates can be checked with the office's public key (/api/v1/keys or a printed copy); revocation is known only here.",
        )) }
    };
    page(
        lang,
        Bi("Periksa kartu atau surat", "Check a card or letter"),
        None,
        body,
    )
    .into_response()
}

fn answer(lang: Lang, verdict: &Verdict) -> Markup {
    let text = verdict.text();
    let ok = matches!(verdict, Verdict::Valid(_));
    html! {
        div.card #verdict data-verdict=(verdict.code()) role="status" {
            p class=(if ok { "notice" } else { "error" }) { (lang.pick(&text.id, &text.en)) }
            @if let Some(c) = verdict.claims() {
                dl.facts {
                    dt { (lang.pick("Nomor", "Number")) } dd { (c.number) }
                    dt { (lang.pick("Keluarga (Pandu)", "Household (Pandu)")) } dd { code { (c.household) } }
                    dt { (lang.pick("Berlaku", "Valid")) } dd { (c.valid_from) " – " (c.valid_until) }
                }
            }
        }
    }
}
