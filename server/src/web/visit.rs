//! The visit page, `/office/visits/{id}` (read-only for now): what the record rests on (id,
//! SHA-256, form and rule version), the assessment and score, the 12 criteria as the device
//! decided them, and every evidence photo's findings. Opening it is a read of personal data, so
//! it is written to the audit log.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use pandu_core::eligibility::CriterionStatus;
use pandu_core::form;
use pandu_core::session::record::RecordBody;
use pandu_core::{wilayah, Text};

use super::layout::{self, page, Bi};
use super::session::{Office, OFFICE_ROLES};
use super::Lang;
use crate::api::AppState;
use crate::scope;

/// `GET /office/visits/{id}`.
pub async fn show(
    State(state): State<AppState>,
    office: Office,
    Path(id): Path<String>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let record = match state.store.record(&id).await {
        Ok(Some(record)) => record,
        Ok(None) => return layout::not_found(&office),
        Err(e) => return layout::failure(lang, &e),
    };
    let kelurahan = match &record.household_id {
        Some(h) => match state.store.household_kelurahan(h).await {
            Ok(k) => k,
            Err(e) => return layout::failure(lang, &e),
        },
        None => None,
    };
    let Ok(body) = serde_json::from_str::<RecordBody>(&record.body) else {
        return layout::failure(lang, &"a kept record body does not parse");
    };
    // Records outside the reader's area are "not found", so their existence is not told.
    if !scope::may_read(&office.user, &record, kelurahan.as_deref()) {
        return layout::not_found(&office);
    }
    if let Err(e) = state
        .store
        .audit(&office.audit("web.read.record", id.clone()))
        .await
    {
        return layout::failure(lang, &e);
    }
    let content = html! {
        (facts(lang, &id, &record.sha256, &body, kelurahan.as_deref()))
        (assessment(lang, &body))
        (criteria(lang, &body))
        (evidence(lang, &body))
    };
    page(lang, Bi("Kunjungan", "Visit"), Some(&office), content).into_response()
}

/// The text of `text` in `lang`.
fn say(lang: Lang, text: &Text) -> &str {
    lang.pick(&text.id, &text.en)
}

fn facts(lang: Lang, id: &str, sha256: &str, body: &RecordBody, kelurahan: Option<&str>) -> Markup {
    html! {
        dl.card.facts {
            dt { (lang.pick("Catatan", "Record")) } dd { code { (id) } }
            dt { "SHA-256" } dd { code { (sha256) } }
            dt { (lang.pick("Keluarga", "Household")) }
            dd { code { (body.household_id.as_deref().unwrap_or("—")) } }
            dt { (lang.pick("Kelurahan", "Kelurahan")) }
            dd { (kelurahan.map_or("—", |k| wilayah::kelurahan(k).map_or(k, |w| w.name.as_str()))) }
            dt { (lang.pick("Formulir", "Form")) } dd { (body.form_id) " v" (body.form_version) }
            dt { (lang.pick("Waktu kunjungan (UTC)", "Visit time (UTC)")) }
            dd { (body.started_at.format("%Y-%m-%d %H:%M")) " – " (body.finished_at.format("%H:%M")) }
        }
    }
}

fn assessment(lang: Lang, body: &RecordBody) -> Markup {
    html! {
        section.card aria-labelledby="assessment" {
            h2 #assessment { (lang.pick("Penilaian", "Assessment")) }
            @if let Some(a) = &body.assessment {
                p #score {
                    (lang.pick("Skor", "Score")) ": " (a.score.met) "/12 "
                    (lang.pick("terpenuhi, minimal", "met, at least")) " " (a.score.min_met)
                    " · " (lang.pick("versi aturan", "rule version")) " " (a.score.rule_version)
                }
                p { (say(lang, &a.recommendation)) }
                @if a.inclusion_error { p.error { (lang.pick("Kesalahan inklusi", "Inclusion error")) } }
                @if a.exclusion_error { p.error { (lang.pick("Kesalahan eksklusi", "Exclusion error")) } }
            } @else {
                p { (lang.pick("Catatan ini tidak memuat penilaian.", "This record holds no assessment.")) }
            }
        }
    }
}

fn criteria(lang: Lang, body: &RecordBody) -> Markup {
    let labels = form::find(&body.form_id, body.form_version)
        .map(|f| f.criteria.as_slice())
        .unwrap_or_default();
    html! {
        @if !body.criteria.is_empty() {
            table #criteria {
                caption { (lang.pick("12 kriteria", "The 12 criteria")) }
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (lang.pick("Kriteria", "Criterion")) }
                    th scope="col" { (lang.pick("Hasil", "Result")) }
                } }
                tbody { @for c in &body.criteria { tr {
                    td { (c.number) }
                    td { (labels.iter().find(|l| l.number == c.number).map_or("", |l| say(lang, &l.label))) }
                    td { (status(lang, c.status)) }
                } } }
            }
        }
    }
}

fn status(lang: Lang, status: CriterionStatus) -> &'static str {
    match status {
        CriterionStatus::Met => lang.pick("Terpenuhi", "Met"),
        CriterionStatus::NotMet => lang.pick("Tidak terpenuhi", "Not met"),
        CriterionStatus::Unknown => lang.pick("Belum diketahui", "Unknown"),
    }
}

fn evidence(lang: Lang, body: &RecordBody) -> Markup {
    html! {
        @if !body.evidence.is_empty() {
            table #evidence {
                caption { (lang.pick("Bukti foto", "Photo evidence")) }
                thead { tr {
                    th scope="col" { (lang.pick("Pertanyaan", "Question")) }
                    th scope="col" { (lang.pick("Foto (SHA-256)", "Photo (SHA-256)")) }
                    th scope="col" { (lang.pick("Jarak ke rumah", "Distance to the house")) }
                    th scope="col" { (lang.pick("Temuan", "Findings")) }
                } }
                tbody { @for e in &body.evidence { tr {
                    td { (e.question_id) }
                    td { code { (e.photo_id.get(..12).unwrap_or(&e.photo_id)) "…" } }
                    td { @if let Some(d) = e.distance_m { (format!("{d:.0} m")) } @else { "—" } }
                    td.flags { @for f in &e.flags { (say(lang, &f.text())) br; } }
                } } }
            }
        }
    }
}
