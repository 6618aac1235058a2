//! The decision panel of the visit page and its form: approve path (a) services, issue a card,
//! issue an emergency letter, send back for a re-visit, or reject — each kept with who, when,
//! and the record's SHA-256, and announced to the author. The panel also lists the household's
//! earlier decisions with their cards and letters; on a report it shows the report's outcome
//! form instead ([`super::report_task`]).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{html, Markup};
use pandu_core::session::record::{RecordBody, RecordKind};
use pandu_core::Text;
use serde::Deserialize;

use super::layout::{self, csrf_field, page, Bi};
use super::report_task;
use super::session::{Office, SignedForm, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::decision::{self, Asked, Keep, OnRecord};
use crate::scope::RecordArea;
use crate::store::decisions::{Decision, DecisionKind, Document};
use crate::store::{StoreError, StoredRecord};

/// A record an office user may decide on.
pub(super) struct Target {
    /// The record as kept.
    pub record: StoredRecord,
    /// Its body.
    pub body: RecordBody,
    /// The kelurahan it belongs to (see [`area`]).
    pub area: Vec<String>,
}

impl Target {
    /// The record as the decision rules see it, decided by `office` now.
    pub fn on<'a>(&'a self, id: &'a str, office: &Office) -> OnRecord<'a> {
        OnRecord {
            id,
            record: &self.record,
            body: &self.body,
            area: &self.area,
            by: office.user.id,
            now: Utc::now(),
        }
    }
}

/// The record `id` when `office` is a reviewer whose area holds its household.
pub(super) async fn target(
    state: &AppState,
    office: &Office,
    id: &str,
) -> Result<Target, Response> {
    if !office.may(&REVIEWERS) {
        return Err(layout::forbidden(office));
    }
    let failed = |e: &dyn std::fmt::Display| layout::failure(office.lang, e);
    let record = state.store.record(id).await.map_err(|e| failed(&e))?;
    let Some(record) = record else {
        return Err(layout::not_found(office));
    };
    let area = RecordArea::of(&*state.store, &record)
        .await
        .map_err(|e| failed(&e))?
        .kelurahan();
    if !area.iter().any(|k| office.user.covers(k)) {
        return Err(layout::not_found(office));
    }
    let body = serde_json::from_str(&record.body).map_err(|e| failed(&e))?;
    Ok(Target { record, body, area })
}

/// 422: a rule refused what was asked; the reason and the way back.
pub(super) fn refused(office: &Office, why: &Text, back: &str) -> Response {
    let lang = office.lang;
    let body = html! {
        p.error role="alert" { (lang.pick(&why.id, &why.en)) }
        p { a href=(back) { (lang.pick("Kembali", "Back")) } }
    };
    let title = Bi("Tidak dapat disimpan", "Could not be saved");
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page(lang, title, Some(office), body),
    )
        .into_response()
}

/// The decision form's fields.
#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    mayor_ref: String,
}

/// `POST /office/visits/{id}/decisions`: keep a decision, then show the document it issued or
/// go back to the visit.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: SignedForm<DecisionForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let target = match target(&state, &office, &id).await {
        Ok(target) => target,
        Err(page) => return page,
    };
    let back = format!("/office/visits/{id}#decisions");
    let Some(kind) = DecisionKind::parse(&form.kind) else {
        return refused(
            &office,
            &Text::new("Pilih keputusan.", "Choose a decision."),
            &back,
        );
    };
    let asked = Asked {
        reason: form.reason,
        mayor_ref: form.mayor_ref,
    };
    let decision = match decision::build(&target.on(&id, &office), kind, &asked) {
        Ok(decision) => decision,
        Err(why) => return refused(&office, &why, &back),
    };
    let number = match decision::keep(state.store.as_ref(), &decision).await {
        Ok(number) => number,
        Err(Keep::Refused(why)) => return refused(&office, &why, &back),
        Err(Keep::Failed(e)) => return layout::failure(office.lang, &e),
    };
    let subject = format!(
        "record:{id} decision:{} sha256:{}",
        kind.as_str(),
        decision.record_sha256
    );
    if let Err(e) = state
        .store
        .audit(&office.audit("web.decide", subject))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    match number {
        Some(number) => Redirect::to(&format!("/office/documents/{number}")).into_response(),
        None => Redirect::to(&back).into_response(),
    }
}

/// The panel on the visit page of record `id`: decisions (visits) or the outcome (reports).
pub async fn panel(
    state: &AppState,
    office: &Office,
    id: &str,
    record: &StoredRecord,
    body: &RecordBody,
) -> Markup {
    let lang = office.lang;
    let shown = match body.kind {
        RecordKind::Report => report_task::panel(state, office, id, record).await,
        _ => decisions(state, office, id, record, body.kind).await,
    };
    shown.unwrap_or_else(|e| {
        eprintln!("decision panel failed: {e}");
        html! { p.error role="alert" { (lang.pick("Keputusan tidak dapat dimuat.", "Decisions could not be loaded.")) } }
    })
}

/// The decisions of the household (or of this record, without one) and, for reviewers, the form.
async fn decisions(
    state: &AppState,
    office: &Office,
    id: &str,
    record: &StoredRecord,
    kind: RecordKind,
) -> Result<Markup, String> {
    let lang = office.lang;
    let (history, documents) = history(state, office, id, record)
        .await
        .map_err(|e| e.to_string())?;
    let refer = super::referral_new::decision_panel(state, office, id, record, &history).await;
    Ok(html! {
        section.card #decisions aria-labelledby="decisions-title" {
            h2 #decisions-title { (lang.pick("Keputusan", "Decisions")) }
            (history_table(lang, &history, &documents))
            @if office.may(&REVIEWERS) && kind == RecordKind::Visit { (form(office, id)) }
            (refer)
        }
    })
}

/// The decisions a user sees on the page of record `id`: a reviewer, every decision on its
/// household with the household's cards and letters; a peksos, those on this record only.
async fn history(
    state: &AppState,
    office: &Office,
    id: &str,
    record: &StoredRecord,
) -> Result<(Vec<Decision>, Vec<Document>), StoreError> {
    let (Some(h), true) = (&record.household_id, office.may(&REVIEWERS)) else {
        let latest = state.store.latest_decisions(&[id.to_owned()]).await?;
        return Ok((latest.into_values().collect(), Vec::new()));
    };
    let decisions = state.store.household_decisions(h).await?;
    Ok((decisions, state.store.household_documents(h).await?))
}

/// The name of a decision kind.
pub(super) fn kind_label(kind: DecisionKind) -> Bi {
    match kind {
        DecisionKind::Approve => Bi(
            "Setujui layanan dasar (jalur a)",
            "Approve basic services (path a)",
        ),
        DecisionKind::Card => Bi("Terbitkan kartu (jalur b)", "Issue a card (path b)"),
        DecisionKind::Letter => Bi(
            "Terbitkan surat rekomendasi darurat (jalur c)",
            "Issue an emergency recommendation letter (path c)",
        ),
        DecisionKind::SendBack => Bi(
            "Kirim kembali untuk kunjungan ulang",
            "Send back for a re-visit",
        ),
        DecisionKind::Reject => Bi("Tolak", "Reject"),
    }
}

fn history_table(lang: Lang, history: &[Decision], documents: &[Document]) -> Markup {
    html! {
        @if history.is_empty() {
            p #no-decisions { (lang.pick("Belum ada keputusan.", "No decision yet.")) }
        } @else {
            table #decision-history {
                thead { tr {
                    th scope="col" { (lang.pick("Waktu (UTC)", "Time (UTC)")) }
                    th scope="col" { (lang.pick("Keputusan", "Decision")) }
                    th scope="col" { (lang.pick("Oleh", "By")) }
                    th scope="col" { (lang.pick("Catatan (SHA-256)", "Record (SHA-256)")) }
                    th scope="col" { (lang.pick("Alasan", "Reason")) }
                    th scope="col" { (lang.pick("Dokumen", "Document")) }
                } }
                tbody { @for d in history { tr data-decision=(d.kind.as_str()) data-decision-id=(d.id) {
                    td { (d.decided_at.format("%Y-%m-%d %H:%M")) }
                    td { (kind_label(d.kind).in_(lang)) }
                    td { (d.decided_by) }
                    td { a href={ "/office/visits/" (d.record_id) } { code { (d.record_sha256.get(..12).unwrap_or_default()) "…" } } }
                    td { (d.reason.as_deref().unwrap_or("—")) }
                    td { @if let Some(number) = &d.document {
                        (document_cell(lang, number, documents))
                    } @else { "—" } }
                } } }
            }
        }
    }
}

fn document_cell(lang: Lang, number: &str, documents: &[Document]) -> Markup {
    let doc = documents.iter().find(|d| d.number == number);
    html! {
        a href={ "/office/documents/" (number) } { (number) }
        @if let Some(doc) = doc {
            br; (doc.valid_from) " – " (doc.valid_until)
            @if doc.revoked.is_some() { br; strong.error { (lang.pick("Dicabut", "Revoked")) } }
        }
    }
}

fn form(office: &Office, id: &str) -> Markup {
    let lang = office.lang;
    html! {
        form #decision-form method="post" action={ "/office/visits/" (id) "/decisions" } {
            (csrf_field(office))
            fieldset {
                legend { (lang.pick("Keputusan baru", "New decision")) }
                @for kind in DecisionKind::ALL {
                    label.choice {
                        input type="radio" name="kind" value=(kind.as_str()) required;
                        " " (kind_label(kind).in_(lang))
                    }
                }
            }
            label for="reason" { (lang.pick("Alasan (wajib untuk tolak dan kirim kembali)", "Reason (required to reject or send back)")) }
            textarea #reason name="reason" rows="3" maxlength="1000" {}
            label for="mayor_ref" { (lang.pick("Nomor persetujuan Walikota (wajib untuk surat)", "Mayor's approval reference (required for a letter)")) }
            input #mayor_ref type="text" name="mayor_ref" maxlength="200";
            p { button type="submit" { (lang.pick("Simpan keputusan", "Save the decision")) } }
        }
    }
}
