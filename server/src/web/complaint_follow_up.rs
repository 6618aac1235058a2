//! What a complaint leads to, on its page: the registry household it concerns (found by a
//! member's name, NIK or KK number in the reader's area, linked once) and the home-visit task for
//! a peksos of that household's kelurahan — an `assignment` in their phone's feed, as a report's
//! task is. Supervisors and admins write; searches and writes are audited.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{html, Markup};
use pandu_core::household::Household;
use pandu_core::Text;
use serde::Deserialize;
use serde_json::json;

use super::complaints::writable;
use super::decide::refused;
use super::layout::{self, csrf_field};
use super::referrals::kelurahan_name;
use super::session::{Office, SignedForm, REVIEWERS};
use crate::api::AppState;
use crate::casework;
use crate::model::Role;
use crate::store::casework::{ComplaintRow, HouseholdHit};
use crate::store::decisions::FeedEntry;

/// The household and task sections of complaint `c`'s page; `term` is the registry search
/// asked for, if any.
pub(super) async fn sections(
    state: &AppState,
    office: &Office,
    c: &ComplaintRow,
    term: &str,
) -> crate::store::StoreResult<Markup> {
    let hits = search(state, office, c, term).await?;
    let peksos = peksos_of(state, c).await?;
    let linked = match &c.household_id {
        Some(h) => state.store.household(h).await?,
        None => None,
    };
    let head = linked
        .as_ref()
        .and_then(Household::head)
        .map(|m| m.name.as_str());
    Ok(html! {
        (household_section(office, c, head, (term, &hits)))
        (task_section(office, c, &peksos))
    })
}

/// The households the search `term` finds for linking (none without a term, or once linked).
async fn search(
    state: &AppState,
    office: &Office,
    row: &ComplaintRow,
    term: &str,
) -> crate::store::StoreResult<Vec<HouseholdHit>> {
    if term.trim().chars().count() < 3 || row.household_id.is_some() || !office.may(&REVIEWERS) {
        return Ok(Vec::new());
    }
    let hits = state
        .store
        .search_households(&office.user.scope, term)
        .await?;
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    let line = office.audit(
        "web.read.household_search",
        format!("complaint:{} hits:{}", row.id, ids.join(",")),
    );
    state.store.audit(&line).await?;
    Ok(hits)
}

fn household_section(
    office: &Office,
    c: &ComplaintRow,
    head: Option<&str>,
    (term, hits): (&str, &[HouseholdHit]),
) -> Markup {
    let lang = office.lang;
    html! {
        section.card #household-link aria-labelledby="household-title" {
            h2 #household-title { (lang.pick("Keluarga terkait", "Linked household")) }
            @if let Some(h) = &c.household_id {
                p #linked-household {
                    (head.unwrap_or("—")) " · " code { (h) } " · "
                    (c.kelurahan.as_deref().map_or("—", kelurahan_name))
                }
            } @else if office.may(&REVIEWERS) {
                form.filters method="get" action={ "/office/complaints/" (c.id) } {
                    label for="q" { (lang.pick("Cari di registri (nama, No. KK atau NIK)", "Search the registry (name, KK number or NIK)")) }
                    input #q type="search" name="q" value=(term) minlength="3" required;
                    button type="submit" { (lang.pick("Cari", "Search")) }
                }
                @if !term.trim().is_empty() && hits.is_empty() {
                    p #no-hits { (lang.pick("Tidak ditemukan (minimal 3 huruf).", "Nothing found (at least 3 characters).")) }
                }
                @if !hits.is_empty() { ul #household-hits { @for h in hits { li { (hit(office, c.id, h)) } } } }
            } @else {
                p { (lang.pick("Belum dikaitkan.", "Not linked yet.")) }
            }
        }
    }
}

/// One search result: the head's name, the KK number, the kelurahan, and the link button.
fn hit(office: &Office, id: i64, h: &HouseholdHit) -> Markup {
    let parsed = serde_json::from_str::<Household>(&h.data).ok();
    let head = parsed
        .as_ref()
        .and_then(|p| p.head())
        .map_or("—", |m| m.name.as_str());
    let kk = parsed.as_ref().and_then(|p| p.current_kk()).unwrap_or("—");
    html! {
        form.inline method="post" action={ "/office/complaints/" (id) "/household" } {
            (csrf_field(office))
            input type="hidden" name="household_id" value=(h.id);
            (head) " · KK " (kk) " · " (kelurahan_name(&h.kelurahan)) " "
            button.small type="submit" data-household=(h.id) { (office.lang.pick("Kaitkan", "Link")) }
        }
    }
}

/// The peksos who work in the linked household's kelurahan.
async fn peksos_of(state: &AppState, c: &ComplaintRow) -> crate::store::StoreResult<Vec<String>> {
    let Some(k) = &c.kelurahan else {
        return Ok(Vec::new());
    };
    let peksos = state.store.users_with_role(Role::Peksos).await?;
    Ok(peksos
        .into_iter()
        .filter(|p| p.covers(k))
        .map(|p| p.username)
        .collect())
}

fn task_section(office: &Office, c: &ComplaintRow, peksos: &[String]) -> Markup {
    let lang = office.lang;
    html! {
        section.card #complaint-task aria-labelledby="task-title" {
            h2 #task-title { (lang.pick("Tugas kunjungan", "Visit task")) }
            @if let Some(p) = &c.task_for {
                p #task-for { (lang.pick("Ditugaskan kepada ", "Assigned to ")) strong { (p) } }
            } @else if c.household_id.is_none() {
                p { (lang.pick("Kaitkan dulu dengan keluarga untuk membuat tugas kunjungan.", "Link a household first to make a visit task.")) }
            } @else if office.may(&REVIEWERS) {
                form #task-form method="post" action={ "/office/complaints/" (c.id) "/task" } {
                    (csrf_field(office))
                    label for="task-peksos" { (lang.pick("Peksos yang ditugaskan", "Peksos to assign")) }
                    select #task-peksos name="peksos" required {
                        @for p in peksos { option value=(p) { (p) } }
                    }
                    label for="task-note" { (lang.pick("Catatan untuk peksos", "Note for the peksos")) }
                    textarea #task-note name="note" rows="2" maxlength="1000" {}
                    p { button type="submit" { (lang.pick("Jadikan tugas kunjungan rumah", "Make it a home-visit task")) } }
                }
            } @else {
                p { (lang.pick("Belum ada tugas.", "No task yet.")) }
            }
        }
    }
}

/// The link form's field.
#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    household_id: String,
}

/// `POST /office/complaints/{id}/household` (reviewers): link the complaint to a household of
/// their area, once.
pub async fn link(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<LinkForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    if let Err(page) = writable(&state, &office, id).await {
        return page;
    }
    let back = format!("/office/complaints/{id}");
    let household = form.household_id.trim();
    let kelurahan = match state.store.household_kelurahan(household).await {
        Ok(Some(k)) if office.user.covers(&k) => k,
        Ok(_) => return layout::not_found(&office),
        Err(e) => return layout::failure(office.lang, &e),
    };
    match state.store.link_complaint(id, household, &kelurahan).await {
        Ok(true) => {}
        Ok(false) => {
            let why = Text::new(
                "Pengaduan ini sudah dikaitkan dengan keluarga.",
                "This complaint is already linked to a household.",
            );
            return refused(&office, &why, &back);
        }
        Err(e) => return layout::failure(office.lang, &e),
    }
    let subject = format!("complaint:{id} household:{household}");
    if let Err(e) = state
        .store
        .audit(&office.audit("web.write.complaint_link", subject))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&back).into_response()
}

/// The task form's fields.
#[derive(Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    peksos: String,
    #[serde(default)]
    note: String,
}

/// `POST /office/complaints/{id}/task` (reviewers): a home-visit task for a peksos of the
/// linked household's area, in their phone's feed; once per complaint.
pub async fn task(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<TaskForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let row = match writable(&state, &office, id).await {
        Ok(row) => row,
        Err(page) => return page,
    };
    let back = format!("/office/complaints/{id}");
    let peksos = match state.store.user_by_name(form.peksos.trim()).await {
        Ok(user) => user,
        Err(e) => return layout::failure(office.lang, &e),
    };
    let assignable = |u: &crate::model::User| {
        u.role == Role::Peksos && row.kelurahan.as_deref().is_some_and(|k| u.covers(k))
    };
    let (Some(peksos), Some(household)) = (peksos.filter(assignable), &row.household_id) else {
        let why = Text::new(
            "Pilih peksos yang bertugas di kelurahan keluarga yang dikaitkan.",
            "Choose a peksos who works in the linked household's kelurahan.",
        );
        return refused(&office, &why, &back);
    };
    let note = match casework::read_note(&form.note, false) {
        Ok(note) => note,
        Err(why) => return refused(&office, &why, &back),
    };
    let entry = FeedEntry {
        kind: "assignment",
        user_id: peksos.id,
        subject: format!("complaint:{id}"),
        data: json!({
            "task": "visit", "complaint_id": id, "household_id": household,
            "note": (!note.is_empty()).then_some(note), "assigned_at": Utc::now(),
        }),
    };
    match state.store.assign_complaint(id, &entry).await {
        Ok(true) => {}
        Ok(false) => {
            let why = Text::new(
                "Pengaduan ini sudah punya tugas kunjungan.",
                "This complaint already has a visit task.",
            );
            return refused(&office, &why, &back);
        }
        Err(e) => return layout::failure(office.lang, &e),
    }
    let subject = format!("complaint:{id} peksos:{}", peksos.id);
    if let Err(e) = state
        .store
        .audit(&office.audit("web.write.complaint_task", subject))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&back).into_response()
}
