//! The visit page, `/office/visits/{id}` (read-only for now): what the record rests on (id,
//! SHA-256, form and rule version), the assessment and score, the 12 criteria as the device
//! decided them, and every evidence photo with its findings (photos through an area-checked
//! route, never the media folder directly). Opening it is a read of personal data, so
//! it is written to the audit log.

use axum::extract::{Path, State};
use axum::http::header;
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
use crate::media::MediaName;
use crate::scope;
use crate::store::StoredRecord;

/// A record the user may read, with its parsed body and its household's kelurahan.
struct Readable {
    record: StoredRecord,
    body: RecordBody,
    kelurahan: Option<String>,
}

/// Why a record cannot be shown.
enum Refusal {
    /// Missing, or outside the user's area (not told apart, so existence is not told).
    NotFound,
    /// The database failed, or a kept body does not parse.
    Failed(String),
}

impl Refusal {
    fn page(self, office: &Office) -> Response {
        match self {
            Self::NotFound => layout::not_found(office),
            Self::Failed(cause) => layout::failure(office.lang, &cause),
        }
    }
}

/// The record `id` when `office` may read it.
async fn readable(state: &AppState, office: &Office, id: &str) -> Result<Readable, Refusal> {
    let failed = |e: &dyn std::fmt::Display| Refusal::Failed(e.to_string());
    let record = state
        .store
        .record(id)
        .await
        .map_err(|e| failed(&e))?
        .ok_or(Refusal::NotFound)?;
    let kelurahan = match &record.household_id {
        Some(h) => state
            .store
            .household_kelurahan(h)
            .await
            .map_err(|e| failed(&e))?,
        None => None,
    };
    if !office.may(&OFFICE_ROLES) || !scope::may_read(&office.user, &record, kelurahan.as_deref()) {
        return Err(Refusal::NotFound);
    }
    let body = serde_json::from_str(&record.body).map_err(|e| failed(&e))?;
    Ok(Readable {
        record,
        body,
        kelurahan,
    })
}

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
    let found = match readable(&state, &office, &id).await {
        Ok(found) => found,
        Err(refusal) => return refusal.page(&office),
    };
    if let Err(e) = state
        .store
        .audit(&office.audit("web.read.record", id.clone()))
        .await
    {
        return layout::failure(lang, &e);
    }
    let body = &found.body;
    let content = html! {
        (facts(lang, &id, &found.record.sha256, body, found.kelurahan.as_deref()))
        (assessment(lang, body))
        (criteria(lang, body))
        (evidence(lang, &id, body))
        (super::decide::panel(&state, &office, &id, &found.record, body).await)
    };
    page(lang, Bi("Kunjungan", "Visit"), Some(&office), content).into_response()
}

/// `GET /office/visits/{id}/photos/{sha256}`: a photo of a record the user may read, from the
/// server's media folder (only photos the record names).
pub async fn photo(
    State(state): State<AppState>,
    office: Office,
    Path((id, sha256)): Path<(String, String)>,
) -> Response {
    let found = match readable(&state, &office, &id).await {
        Ok(found) => found,
        Err(refusal) => return refusal.page(&office),
    };
    let named = found.body.photos().contains(&sha256);
    let Some(name) = named.then(|| MediaName::parse(&sha256).ok()).flatten() else {
        return layout::not_found(&office);
    };
    match state.media.read(&name).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "image/jpeg"),
                (header::CACHE_CONTROL, "private, max-age=3600"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => layout::not_found(&office),
    }
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

fn evidence(lang: Lang, id: &str, body: &RecordBody) -> Markup {
    html! {
        @if !body.evidence.is_empty() {
            table #evidence {
                caption { (lang.pick("Bukti foto", "Photo evidence")) }
                thead { tr {
                    th scope="col" { (lang.pick("Foto", "Photo")) }
                    th scope="col" { (lang.pick("Pertanyaan", "Question")) }
                    th scope="col" { (lang.pick("Foto (SHA-256)", "Photo (SHA-256)")) }
                    th scope="col" { (lang.pick("Jarak ke rumah", "Distance to the house")) }
                    th scope="col" { (lang.pick("Temuan", "Findings")) }
                } }
                tbody { @for e in &body.evidence { tr {
                    td { img.photo src={ "/office/visits/" (id) "/photos/" (e.photo_id) }
                        alt=(format!("{} {}", lang.pick("Foto", "Photo"), e.question_id))
                        width="240" loading="lazy"; }
                    td { (e.question_id) }
                    td { code { (e.photo_id.get(..12).unwrap_or(&e.photo_id)) "…" } }
                    td { @if let Some(d) = e.distance_m { (format!("{d:.0} m")) } @else { "—" } }
                    td.flags { @for f in &e.flags { (say(lang, &f.text())) br; } }
                } } }
            }
        }
    }
}
