//! What the referral and complaint pages share: the history of a case's status steps, the form
//! for its next step, and keeping a step the form sent (checked by the casework rules, refused
//! with the reason and nothing kept, else kept and audited).

use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{html, Markup};
use pandu_core::Text;
use serde::Deserialize;

use super::decide::refused;
use super::layout::{self, csrf_field, Bi};
use super::session::Office;
use super::Lang;
use crate::api::AppState;
use crate::casework::{self, check_step, read_date, AskedStep, Current, Flow};
use crate::store::casework::{CaseKind, CaseStep, NewStep};

/// The next-step form's fields.
#[derive(Deserialize)]
pub struct StepForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    note: String,
}

/// The end of a list's filter form: the submit button and the link that clears the filters.
pub fn filter_buttons(lang: Lang, list: &str) -> Markup {
    html! {
        button type="submit" { (lang.pick("Saring", "Filter")) }
        " "
        a href=(list) { (lang.pick("Hapus saringan", "Clear filters")) }
    }
}

/// The label of a status's stored name, through `label`.
fn stored_label<S: Flow>(name: &str, label: fn(S) -> Bi) -> Bi {
    S::parse(name).map_or(Bi("—", "—"), label)
}

/// The steps of a case, oldest first: status, day, who, note.
pub fn history<S: Flow>(office: &Office, steps: &[CaseStep], label: fn(S) -> Bi) -> Markup {
    let lang = office.lang;
    html! {
        table #steps {
            caption { (lang.pick("Riwayat status", "Status history")) }
            thead { tr {
                th scope="col" { (lang.pick("Status", "Status")) }
                th scope="col" { (lang.pick("Tanggal", "Date")) }
                th scope="col" { (lang.pick("Dicatat oleh", "Recorded by")) }
                th scope="col" { (lang.pick("Catatan", "Note")) }
            } }
            tbody { @for s in steps { tr data-status=(s.status) {
                td { (stored_label(&s.status, label).in_(lang)) }
                td { (s.on) }
                td { (s.by) " · " (s.at.get(..16).unwrap_or(&s.at).replace('T', " ")) " UTC" }
                td { (if s.note.is_empty() { "—" } else { &s.note }) }
            } } }
        }
    }
}

/// The form moving a case in `current` to one of its next statuses (none: the case is done).
pub fn form<S: Flow>(office: &Office, action: &str, current: S, label: fn(S) -> Bi) -> Markup {
    let lang = office.lang;
    let today = casework::today().to_string();
    html! {
        @if current.next().is_empty() {
            p #case-done { (lang.pick("Kasus ini sudah selesai.", "This case is done.")) }
        } @else {
            form #step-form method="post" action=(action) {
                (csrf_field(office))
                label for="step-to" { (lang.pick("Status berikutnya", "Next status")) }
                select #step-to name="to" required {
                    @for s in current.next() { option value=(s.as_str()) { (label(*s).in_(lang)) } }
                }
                label for="step-on" { (lang.pick("Tanggal terjadinya", "Date it happened")) }
                input #step-on type="date" name="on" value=(today) max=(today) required;
                label for="step-note" { (lang.pick("Catatan (wajib untuk penutupan dini atau penolakan)", "Note (required to close early or to reject)")) }
                textarea #step-note name="note" rows="3" maxlength="1000" {}
                p { button type="submit" { (lang.pick("Simpan status", "Save the status")) } }
            }
        }
    }
}

/// The step the form asks for, checked against the case's `current` status.
fn asked<S: Flow>(form: &StepForm, current: Current<S>) -> Result<AskedStep<S>, Text> {
    let to = S::parse(form.to.trim())
        .ok_or_else(|| Text::new("Pilih status berikutnya.", "Choose the next status."))?;
    let asked = AskedStep {
        to,
        on: read_date(&form.on)?,
        note: form.note.clone(),
    };
    check_step(current, asked, casework::today())
}

/// The audit action of a status step on a case of `case`.
fn step_action(case: CaseKind) -> &'static str {
    match case {
        CaseKind::Referral => "web.write.referral_status",
        CaseKind::Complaint => "web.write.complaint_status",
    }
}

/// Keep the step `form` asks for on case `id` of `case` (now in the stored status `status`
/// since `since`), audited, then go back to the case's page; refused with the reason (422,
/// nothing kept) when the rules say no or someone moved the case meanwhile.
pub async fn record<S: Flow>(
    state: &AppState,
    office: &Office,
    (case, id): (CaseKind, i64),
    (status, since): (&str, NaiveDate),
    form: &StepForm,
) -> Response {
    let back = format!("/office/{}s/{id}", case.as_str());
    let Some(status) = S::parse(status) else {
        return layout::failure(
            office.lang,
            &format!("unknown {} status {status}", case.as_str()),
        );
    };
    let current = Current { status, since };
    let step = match asked(form, current) {
        Ok(step) => step,
        Err(why) => return refused(office, &why, &back),
    };
    let new = NewStep {
        case,
        id,
        from: current.status.as_str(),
        to: step.to.as_str(),
        on: step.on,
        note: step.note,
        by: office.user.id,
    };
    match state.store.add_step(&new).await {
        Ok(true) => {}
        Ok(false) => {
            let why = Text::new(
                "Status kasus ini baru saja diubah orang lain. Muat ulang halaman.",
                "Someone else just changed this case's status. Reload the page.",
            );
            return refused(office, &why, &back);
        }
        Err(e) => return layout::failure(office.lang, &e),
    }
    let subject = format!("{}:{id} status:{}", case.as_str(), new.to);
    let line = office.audit(step_action(case), subject);
    if let Err(e) = state.store.audit(&line).await {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&back).into_response()
}
