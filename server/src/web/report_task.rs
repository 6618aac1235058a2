//! RT/RW reports into tasks: on a report's page a reviewer assigns a home visit to a peksos of
//! the household's kelurahan (a feed `assignment` for that peksos) or closes the report with a
//! reason; the reporter's phone is told the outcome alone.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use pandu_core::Text;
use serde::Deserialize;

use super::decide::{refused, target};
use super::layout::{self, csrf_field};
use super::session::{Office, SignedForm, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::decision::{self, Settle};
use crate::model::{Role, User};
use crate::scope::RecordArea;
use crate::store::decisions::ReportOutcome;
use crate::store::review::ReviewStatus;
use crate::store::{StoreError, StoredRecord};

/// The outcome form's fields.
#[derive(Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    peksos: String,
    #[serde(default)]
    reason: String,
}

/// `POST /office/visits/{id}/outcome`: assign the report to a peksos, or close it.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: SignedForm<OutcomeForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let target = match target(&state, &office, &id).await {
        Ok(target) => target,
        Err(page) => return page,
    };
    let back = format!("/office/visits/{id}#outcome");
    let peksos = match state.store.user_by_name(form.peksos.trim()).await {
        Ok(user) => user,
        Err(e) => return layout::failure(office.lang, &e),
    };
    let asked = Settle {
        action: form.action,
        reason: form.reason,
    };
    let outcome = match decision::settle(&target.on(&id, &office), peksos.as_ref(), &asked) {
        Ok(outcome) => outcome,
        Err(why) => return refused(&office, &why, &back),
    };
    match state.store.settle_report(&outcome).await {
        Ok(true) => {
            let settled = state.store.set_review_status(&id, ReviewStatus::Decided);
            if let Err(e) = settled.await {
                return layout::failure(office.lang, &e);
            }
        }
        Ok(false) => {
            let why = Text::new(
                "Laporan ini sudah ditindaklanjuti.",
                "This report was already settled.",
            );
            return refused(&office, &why, &back);
        }
        Err(e) => return layout::failure(office.lang, &e),
    }
    let subject = format!("record:{id} outcome:{}", asked.action);
    if let Err(e) = state
        .store
        .audit(&office.audit("web.report_outcome", subject))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&back).into_response()
}

/// The report's outcome, or for a reviewer the form to settle it.
pub async fn panel(
    state: &AppState,
    office: &Office,
    id: &str,
    record: &StoredRecord,
) -> Result<Markup, String> {
    let lang = office.lang;
    let outcome = state
        .store
        .report_outcome(id)
        .await
        .map_err(|e| e.to_string())?;
    let peksos = match (&outcome, office.may(&REVIEWERS)) {
        (None, true) => peksos_of(state, record).await.map_err(|e| e.to_string())?,
        _ => Vec::new(),
    };
    Ok(html! {
        section.card #outcome aria-labelledby="outcome-title" {
            h2 #outcome-title { (lang.pick("Tindak lanjut laporan", "Report follow-up")) }
            @if let Some(o) = &outcome { (settled(lang, o)) }
            @else if office.may(&REVIEWERS) { (form(office, id, &peksos)) }
            @else { p { (lang.pick("Belum ditindaklanjuti.", "Not followed up yet.")) } }
        }
    })
}

/// The peksos who work in the area of `record`.
async fn peksos_of(state: &AppState, record: &StoredRecord) -> Result<Vec<User>, StoreError> {
    let area = RecordArea::of(&*state.store, record).await?.kelurahan();
    let peksos = state.store.users_with_role(Role::Peksos).await?;
    Ok(peksos
        .into_iter()
        .filter(|p| area.iter().any(|k| p.covers(k)))
        .collect())
}

fn settled(lang: Lang, o: &ReportOutcome) -> Markup {
    html! {
        p #report-outcome data-outcome=(o.outcome) {
            @if o.outcome == "assigned" {
                (lang.pick("Dijadikan tugas kunjungan rumah untuk ", "Made a home-visit task for "))
                strong { (o.assignee.as_deref().unwrap_or("—")) }
            } @else {
                (lang.pick("Ditutup", "Closed"))
            }
            " · " (o.decided_by) " · " (o.decided_at.format("%Y-%m-%d %H:%M")) " UTC"
        }
        @if let Some(reason) = &o.reason { p { (reason) } }
    }
}

fn form(office: &Office, id: &str, peksos: &[User]) -> Markup {
    let lang = office.lang;
    html! {
        form #outcome-form method="post" action={ "/office/visits/" (id) "/outcome" } {
            (csrf_field(office))
            fieldset {
                legend { (lang.pick("Tindakan", "Action")) }
                label.choice { input type="radio" name="action" value="assign" required;
                    " " (lang.pick("Jadikan tugas kunjungan rumah", "Make it a home-visit task")) }
                label.choice { input type="radio" name="action" value="close";
                    " " (lang.pick("Tutup laporan", "Close the report")) }
            }
            label for="peksos" { (lang.pick("Peksos yang ditugaskan", "Peksos to assign")) }
            select #peksos name="peksos" {
                option value="" { "—" }
                @for p in peksos { option value=(p.username) { (p.username) } }
            }
            label for="outcome-reason" { (lang.pick("Alasan penutupan atau catatan untuk peksos", "Reason for closing, or a note for the peksos")) }
            textarea #outcome-reason name="reason" rows="3" maxlength="1000" {}
            p { button type="submit" { (lang.pick("Simpan", "Save")) } }
        }
    }
}
