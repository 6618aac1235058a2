//! The printable card and letter, `/office/documents/{number}`: the document in Indonesian with
//! a QR code carrying its signed payload (also in small print and in `data-payload`, so it can
//! be typed in or read by a test), and the revocation form. Opening one reads personal data
//! (the family's name and address), so it is audited.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};
use pandu_core::household::Household;
use pandu_core::{wilayah, Text};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;

use super::decide::refused;
use super::layout::{self, csrf_field, page, Bi};
use super::session::{Office, SignedForm, REVIEWERS};
use crate::api::AppState;
use crate::document::{encode, Claims};
use crate::store::decisions::{Document, DocumentKind};
use crate::store::Store;

/// The document `number` when `office` is a reviewer whose area holds its household.
pub(super) async fn readable(
    state: &AppState,
    office: &Office,
    number: &str,
) -> Result<Document, Response> {
    if !office.may(&REVIEWERS) {
        return Err(layout::forbidden(office));
    }
    let failed = |e: &dyn std::fmt::Display| layout::failure(office.lang, e);
    let doc = state.store.document(number).await.map_err(|e| failed(&e))?;
    let Some(doc) = doc else {
        return Err(layout::not_found(office));
    };
    let kelurahan = state
        .store
        .household_kelurahan(&doc.household_id)
        .await
        .map_err(|e| failed(&e))?;
    if !kelurahan.is_some_and(|k| office.user.covers(&k)) {
        return Err(layout::not_found(office));
    }
    Ok(doc)
}

/// The signed payload of `doc`, with the server's active key.
async fn payload(store: &dyn Store, doc: &Document) -> Result<String, String> {
    let keys = store.receipt_keys().await.map_err(|e| e.to_string())?;
    let key = keys
        .iter()
        .find(|k| k.active)
        .ok_or("no active signing key")?;
    encode(&Claims::of(doc, &key.key_id), key)
}

/// The QR code of `payload` as inline SVG.
fn qr(payload: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| e.to_string())?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build())
}

/// `GET /office/documents/{number}`.
pub async fn show(
    State(state): State<AppState>,
    office: Office,
    Path(number): Path<String>,
) -> Response {
    let doc = match readable(&state, &office, &number).await {
        Ok(doc) => doc,
        Err(page) => return page,
    };
    let lang = office.lang;
    let household = match state.store.household(&doc.household_id).await {
        Ok(household) => household,
        Err(e) => return layout::failure(lang, &e),
    };
    let signed = payload(state.store.as_ref(), &doc).await;
    let (payload, svg) = match signed.and_then(|p| qr(&p).map(|svg| (p, svg))) {
        Ok(both) => both,
        Err(e) => return layout::failure(lang, &e),
    };
    let audit = office.audit("web.read.document", format!("document:{number}"));
    if let Err(e) = state.store.audit(&audit).await {
        return layout::failure(lang, &e);
    }
    let body = html! {
        (sheet(&doc, household.as_ref(), &payload, &svg))
        (revoke_form(&office, &doc))
        (super::assistance::panel(&office, &doc))
    };
    let title = match doc.kind {
        DocumentKind::Card => Bi("Kartu", "Card"),
        DocumentKind::Letter => Bi("Surat rekomendasi", "Recommendation letter"),
    };
    page(lang, title, Some(&office), body).into_response()
}

/// The printed document itself, always in Indonesian.
fn sheet(doc: &Document, household: Option<&Household>, payload: &str, svg: &str) -> Markup {
    let heading = match doc.kind {
        DocumentKind::Card => "KARTU PELAYANAN SOSIAL TERPADU",
        DocumentKind::Letter => "SURAT REKOMENDASI DARURAT",
    };
    html! {
        article.document #document data-number=(doc.number) data-kind=(doc.kind.as_str()) lang="id" {
            header {
                p.issuer { "PEMERINTAH KOTA PAYAKUMBUH" br; "UPT Kesejahteraan dan Aksi Nasional (UPT-KAN)" }
                h2 { (heading) }
                p.number { "Nomor: " strong #document-number { (doc.number) } }
            }
            @if let Some((at, why)) = &doc.revoked {
                p.revoked role="alert" { "DICABUT pada " (at.format("%Y-%m-%d")) ": " (why) }
            }
            div.document-body {
                dl.facts { (holder(doc, household)) (validity(doc)) }
                figure.qr {
                    (PreEscaped(svg))
                    figcaption { "Pindai untuk memeriksa keaslian di /verify" }
                }
            }
            (letter_text(doc))
            p.payload { "Kode: " code #payload data-payload=(payload) { (payload) } }
        }
    }
}

fn holder(doc: &Document, household: Option<&Household>) -> Markup {
    let head = household.and_then(|h| h.head().or(h.members.first()));
    html! {
        dt { "Kepala keluarga" } dd #holder { (head.map_or("—", |m| m.name.as_str())) }
        @if let Some(h) = household {
            dt { "Alamat" }
            dd { (h.address.street) ", RT " (h.address.rt) "/RW " (h.address.rw) ", "
                (wilayah::kelurahan(&h.address.kelurahan_code).map_or(h.address.kelurahan_code.as_str(), |k| k.name.as_str())) }
        }
        dt { "Nomor keluarga (Pandu)" } dd { code { (doc.household_id) } }
    }
}

fn validity(doc: &Document) -> Markup {
    html! {
        dt { "Diterbitkan" } dd { (doc.valid_from) }
        dt { "Berlaku sampai" } dd #valid-until { (doc.valid_until) }
        @if let Some(r) = &doc.mayor_ref { dt { "Persetujuan Walikota" } dd { (r) } }
    }
}

fn letter_text(doc: &Document) -> Markup {
    html! {
        @if doc.kind == DocumentKind::Letter {
            p.letter {
                "Berdasarkan persetujuan Walikota Payakumbuh tersebut di atas, UPT-KAN merekomendasikan "
                "keluarga ini untuk menerima bantuan darurat. Surat ini berlaku satu bulan sejak diterbitkan."
            }
        } @else {
            p.letter {
                "Pemegang kartu ini telah diverifikasi melalui kunjungan rumah dan berhak atas layanan "
                "sosial terpadu selama satu tahun sejak diterbitkan. Perpanjangan memerlukan kunjungan verifikasi baru."
            }
        }
    }
}

fn revoke_form(office: &Office, doc: &Document) -> Markup {
    let lang = office.lang;
    html! {
        @if doc.revoked.is_none() {
            form.card.no-print #revoke-form method="post" action={ "/office/documents/" (doc.number) "/revoke" } {
                (csrf_field(office))
                label for="revoke-reason" { (lang.pick("Alasan pencabutan", "Reason for revoking")) }
                textarea #revoke-reason name="reason" rows="2" maxlength="1000" required {}
                p { button type="submit" { (lang.pick("Cabut dokumen ini", "Revoke this document")) } }
            }
        }
        p.no-print { a href={ "/office/visits/" (doc.record_id) "#decisions" } { (lang.pick("Kembali ke kunjungan", "Back to the visit")) } }
    }
}

/// The revocation form's fields.
#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

/// `POST /office/documents/{number}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    Path(number): Path<String>,
    signed: SignedForm<RevokeForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    if let Err(page) = readable(&state, &office, &number).await {
        return page;
    }
    let back = format!("/office/documents/{number}");
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        let why = Text::new(
            "Tuliskan alasan pencabutan (paling banyak 1000 huruf).",
            "Give the reason for revoking (at most 1000 characters).",
        );
        return refused(&office, &why, &back);
    }
    let now = chrono::Utc::now();
    match state
        .store
        .revoke_document(&number, office.user.id, reason, now)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            let why = Text::new(
                "Dokumen ini sudah dicabut.",
                "This document was already revoked.",
            );
            return refused(&office, &why, &back);
        }
        Err(e) => return layout::failure(office.lang, &e),
    }
    let audit = office.audit("web.revoke.document", format!("document:{number}"));
    if let Err(e) = state.store.audit(&audit).await {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&back).into_response()
}
