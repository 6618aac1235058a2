//! The visit page, `/office/visits/{id}`: what the record rests on (id, SHA-256, form and rule
//! version), the household with its members (NIK masked, revealed one at a time and audited),
//! the assessment and score, the 12 criteria with their answers, photos and the reviewer's
//! verdicts, every evidence photo with its findings and a plot of where it was taken, and the
//! household's other visits. Photos come through an area-checked route, never the media folder
//! directly. Opening the page is a read of personal data, so it is written to the audit log.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use pandu_core::form;
use pandu_core::household::{GeoPoint, Household};
use pandu_core::session::record::RecordBody;
use pandu_core::{wilayah, Text};
use serde::Deserialize;

use super::layout::{self, page, Bi};
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::visit_criteria::{self, Review, Sent};
use super::{photo_plot, visit_household, Lang};
use crate::api::AppState;
use crate::media::MediaName;
use crate::scope::{self, RecordArea};
use crate::store::review::{HouseholdRecord, ReviewStatus};
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
    let area = RecordArea::of(&*state.store, &record)
        .await
        .map_err(|e| failed(&e))?;
    let kelurahan = area.filed_under().map(str::to_owned);
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

/// How one view of the page differs from the plain one.
#[derive(Default)]
struct View<'a> {
    /// The member whose full NIK this view shows.
    revealed: Option<&'a str>,
    /// A refused verdict form, its fields and why.
    refused: Option<(&'a Sent, Bi)>,
}

/// `GET /office/visits/{id}`.
pub async fn show(
    State(state): State<AppState>,
    office: Office,
    Path(id): Path<String>,
) -> Response {
    render(&state, &office, &id, View::default()).await
}

/// The reveal form: which member's NIK to show.
#[derive(Deserialize)]
pub struct RevealForm {
    member: String,
}

/// `POST /office/visits/{id}/reveal`: the page again, with one member's full NIK; audited.
pub async fn reveal(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: SignedForm<RevealForm>,
) -> Response {
    let (office, form) = form.into_parts();
    let found = match readable(&state, &office, &id).await {
        Ok(found) => found,
        Err(refusal) => return refusal.page(&office),
    };
    match has_member(&state, &found, &form.member).await {
        Ok(true) => {}
        Ok(false) => return layout::not_found(&office),
        Err(e) => return layout::failure(office.lang, &e),
    }
    let subject = visit_household::reveal_subject(&id, &form.member);
    let line = office.audit(visit_household::REVEAL_ACTION, subject);
    if let Err(e) = state.store.audit(&line).await {
        return layout::failure(office.lang, &e);
    }
    let view = View {
        revealed: Some(&form.member),
        ..View::default()
    };
    render(&state, &office, &id, view).await
}

/// True when the record's household has a member with id `member` (a reveal names one).
async fn has_member(
    state: &AppState,
    found: &Readable,
    member: &str,
) -> crate::store::StoreResult<bool> {
    let Some(household) = &found.record.household_id else {
        return Ok(false);
    };
    let parsed = state.store.household(household).await?;
    Ok(parsed.is_some_and(|h| h.members.iter().any(|m| m.id == member)))
}

/// `POST /office/visits/{id}/verdicts` (reviewers): keep the verdicts given, then show the page.
pub async fn verdicts(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: SignedForm<Sent>,
) -> Response {
    let (office, sent) = form.into_parts();
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    if let Err(refusal) = readable(&state, &office, &id).await {
        return refusal.page(&office);
    }
    let given = match visit_criteria::read(&sent) {
        Ok(given) => given,
        Err(why) => {
            let view = View {
                refused: Some((&sent, why)),
                ..View::default()
            };
            let page = render(&state, &office, &id, view).await;
            return (StatusCode::BAD_REQUEST, page).into_response();
        }
    };
    match keep_verdicts(&state, &office, &id, &given).await {
        Ok(()) => Redirect::to(&format!("/office/visits/{id}#criteria")).into_response(),
        Err(e) => layout::failure(office.lang, &e),
    }
}

/// Keep the verdicts, move an awaiting record to reviewed, and write the audit line.
async fn keep_verdicts(
    state: &AppState,
    office: &Office,
    id: &str,
    given: &[(u8, crate::store::review::Verdict)],
) -> crate::store::StoreResult<()> {
    let store = &state.store;
    store.save_verdicts(id, office.user.id, given).await?;
    if store.review_status(id).await? == Some(ReviewStatus::Awaiting) {
        store.set_review_status(id, ReviewStatus::Reviewed).await?;
    }
    let criteria: Vec<String> = given.iter().map(|g| g.0.to_string()).collect();
    let subject = format!("{id} criteria {}", criteria.join(","));
    store
        .audit(&office.audit("web.write.verdict", subject))
        .await
}

/// The page for `id` as `view` asks, with its audit line.
async fn render(state: &AppState, office: &Office, id: &str, view: View<'_>) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(office);
    }
    let lang = office.lang;
    let found = match readable(state, office, id).await {
        Ok(found) => found,
        Err(refusal) => return refusal.page(office),
    };
    let around = match Around::load(state, id, &found).await {
        Ok(around) => around,
        Err(e) => return layout::failure(lang, &e),
    };
    if let Err(e) = state
        .store
        .audit(&office.audit("web.read.record", id.to_owned()))
        .await
    {
        return layout::failure(lang, &e);
    }
    let decisions = html! {
        (super::decide::panel(state, office, id, &found.record, &found.body).await)
        (super::referral_new::visit_panel(state, office, id, &found.record).await)
    };
    let content = content(office, id, &found, &around, &view, decisions);
    page(lang, Bi("Kunjungan", "Visit"), Some(office), content).into_response()
}

/// What the page shows besides the record: its household, verdicts, status, other visits.
struct Around {
    household: Option<Household>,
    given: Vec<crate::store::review::GivenVerdict>,
    status: Option<ReviewStatus>,
    others: Vec<HouseholdRecord>,
}

impl Around {
    async fn load(state: &AppState, id: &str, found: &Readable) -> crate::store::StoreResult<Self> {
        let store = &state.store;
        let (household, others) = match &found.record.household_id {
            Some(h) => (store.household(h).await?, store.household_records(h).await?),
            None => (None, Vec::new()),
        };
        Ok(Self {
            household,
            given: store.verdicts(id).await?,
            status: store.review_status(id).await?,
            others: others.into_iter().filter(|r| r.id != id).collect(),
        })
    }
}

/// The page's content: the record, its household, the criteria with verdicts, the evidence,
/// the other visits, and the decision panel.
fn content(
    office: &Office,
    id: &str,
    found: &Readable,
    around: &Around,
    view: &View,
    decisions: Markup,
) -> Markup {
    let (lang, body) = (office.lang, &found.body);
    let review = Review {
        given: &around.given,
        editable: office.may(&REVIEWERS),
        sent: view.refused.map(|r| r.0),
    };
    let form = form::find(&body.form_id, body.form_version).ok();
    html! {
        @if let Some((_, why)) = view.refused { p.error role="alert" { (why.in_(lang)) } }
        (facts(lang, id, &found.record.sha256, body, found.kelurahan.as_deref(), around.status))
        (visit_household::section(office, id, around.household.as_ref(), view.revealed))
        (assessment(lang, body))
        (visit_criteria::section(office, id, body, form, &review))
        (evidence(lang, id, body, house_point(body, form, around.household.as_ref())))
        (others(lang, &around.others))
        (decisions)
    }
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
pub fn say(lang: Lang, text: &Text) -> &str {
    lang.pick(&text.id, &text.en)
}

fn facts(
    lang: Lang,
    id: &str,
    sha256: &str,
    body: &RecordBody,
    kelurahan: Option<&str>,
    status: Option<ReviewStatus>,
) -> Markup {
    html! {
        dl.card.facts {
            dt { (lang.pick("Status tinjauan", "Review status")) }
            dd #status { (status.map_or("—", |s| super::queue::status_label(s).in_(lang))) }
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

/// Where the house is: the household's known point, else the visit's own location answer.
fn house_point(
    body: &RecordBody,
    form: Option<&form::FormDefinition>,
    household: Option<&Household>,
) -> Option<GeoPoint> {
    let answered = || {
        let questions = form?.questions();
        let mut located = questions.filter(|q| q.kind == form::QuestionType::Geopoint);
        located.find_map(|q| match body.answers.get(&q.id) {
            Some(form::Answer::Point(fix)) => Some(GeoPoint {
                lat: fix.lat,
                lon: fix.lon,
            }),
            _ => None,
        })
    };
    household.and_then(|h| h.point).or_else(answered)
}

fn evidence(lang: Lang, id: &str, body: &RecordBody, house: Option<GeoPoint>) -> Markup {
    html! {
        @if !body.evidence.is_empty() {
            section.card aria-labelledby="plot-heading" {
                h2 #plot-heading { (lang.pick("Di mana foto diambil", "Where the photos were taken")) }
                (photo_plot::plot(lang, house, &body.evidence))
            }
            table #evidence {
                caption { (lang.pick("Bukti foto", "Photo evidence")) }
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (lang.pick("Foto", "Photo")) }
                    th scope="col" { (lang.pick("Pertanyaan", "Question")) }
                    th scope="col" { (lang.pick("Foto (SHA-256)", "Photo (SHA-256)")) }
                    th scope="col" { (lang.pick("Jarak ke rumah", "Distance to the house")) }
                    th scope="col" { (lang.pick("Temuan", "Findings")) }
                } }
                tbody { @for (i, e) in body.evidence.iter().enumerate() { tr {
                    td { (i + 1) }
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

/// The household's other records, linked, oldest first.
fn others(lang: Lang, others: &[HouseholdRecord]) -> Markup {
    html! {
        section.card aria-labelledby="others" {
            h2 #others { (lang.pick("Kunjungan lain ke keluarga ini", "Other visits to this household")) }
            @if others.is_empty() {
                p { (lang.pick("Belum ada.", "None yet.")) }
            } @else {
                ul #other-visits { @for r in others {
                    li { a href={ "/office/visits/" (r.id) } {
                        (r.received_at.get(..16).unwrap_or(&r.received_at).replace('T', " ")) " UTC · "
                        (r.kind) @if let Some(p) = &r.path { " · " (lang.pick("jalur", "path")) " " (p) }
                    } }
                } }
            }
        }
    }
}
