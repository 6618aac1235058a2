//! Complaints (*pengaduan*) taken at the office desk: `/office/complaints` lists them (by status,
//! category and kelurahan; no complainant's name there) with the desk form for a new one, and a
//! complaint's page shows who complained (NIK masked, the core's doubts about it shown), its
//! history and next-status form, the registry search that links it to a household, the visit
//! task it may become for a peksos of that household's area (an `assignment` in their phone's
//! feed, as a report's task is), and the referral panel. Supervisors and admins write; peksos
//! read those of their area; opening a complaint reads personal data and is audited.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{html, Markup};
use pandu_core::household::Household;
use pandu_core::identity::{check_nik, mask_nik};
use pandu_core::Text;
use serde::Deserialize;
use serde_json::json;

use super::case_steps::{self, StepForm};
use super::decide::refused;
use super::layout::{self, csrf_field, page, Bi};
use super::queue::{kelurahan_choices, select};
use super::referrals::{complaint_panel, kelurahan_name};
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::visit::say;
use super::Lang;
use crate::api::AppState;
use crate::casework::complaint::{self, AskedComplaint, Category, ComplaintStatus};
use crate::casework::{self, Flow};
use crate::model::Role;
use crate::store::casework::{
    CaseKind, Complainant, ComplaintFilter, ComplaintRow, HouseholdHit, NewComplaint,
};
use crate::store::decisions::FeedEntry;

/// A status's name.
fn status_label(status: ComplaintStatus) -> Bi {
    match status {
        ComplaintStatus::Received => Bi("Diterima", "Received"),
        ComplaintStatus::InProgress => Bi("Sedang ditangani", "In progress"),
        ComplaintStatus::Resolved => Bi("Selesai", "Resolved"),
        ComplaintStatus::Rejected => Bi("Ditolak", "Rejected"),
    }
}

/// A category's name.
fn category_label(category: Category) -> Bi {
    match category {
        Category::NotRegistered => Bi("Tidak terdaftar", "Not registered"),
        Category::WronglyRegistered => Bi("Salah terdaftar", "Wrongly registered"),
        Category::AidNotReceived => Bi("Bantuan tidak diterima", "Aid not received"),
        Category::Service => Bi("Pelayanan", "Service"),
        Category::Other => Bi("Lainnya", "Other"),
    }
}

/// The list's filters (empty means any).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    category: String,
    kelurahan: String,
}

/// `GET /office/complaints`: the list and, for a reviewer, the desk form.
pub async fn list(
    State(state): State<AppState>,
    office: Office,
    Query(q): Query<ListQuery>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let filter = ComplaintFilter {
        scope: office.user.scope.clone(),
        unlinked: office.may(&REVIEWERS),
        status: ComplaintStatus::parse(&q.status).map(|s| s.as_str().to_owned()),
        category: Category::parse(&q.category).map(|c| c.as_str().to_owned()),
        kelurahan: some(&q.kelurahan),
    };
    let rows = match state.store.complaints(&filter).await {
        Ok(rows) => rows,
        Err(e) => return layout::failure(office.lang, &e),
    };
    let body = html! {
        @if office.may(&REVIEWERS) { (desk_form(&office)) }
        (filters(&office, &q))
        (table(office.lang, &rows))
    };
    page(
        office.lang,
        Bi("Pengaduan", "Complaints"),
        Some(&office),
        body,
    )
    .into_response()
}

fn filters(office: &Office, q: &ListQuery) -> Markup {
    let lang = office.lang;
    let kelurahan = kelurahan_choices(office);
    html! {
        form.filters method="get" action="/office/complaints" {
            (select(lang, "status", Bi("Status", "Status"), &q.status,
                ComplaintStatus::ALL.iter().map(|s| (s.as_str(), status_label(*s).in_(lang)))))
            (select(lang, "category", Bi("Jenis", "Category"), &q.category,
                Category::ALL.iter().map(|c| (c.as_str(), category_label(*c).in_(lang)))))
            (select(lang, "kelurahan", Bi("Kelurahan", "Kelurahan"), &q.kelurahan,
                kelurahan.iter().map(|(c, n)| (c.as_str(), n.as_str()))))
            (case_steps::filter_buttons(lang, "/office/complaints"))
        }
    }
}

fn table(lang: Lang, rows: &[ComplaintRow]) -> Markup {
    html! {
        @if rows.is_empty() {
            p #no-complaints { (lang.pick("Tidak ada pengaduan.", "No complaints.")) }
        } @else {
            table #complaints {
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (lang.pick("Diterima", "Received on")) }
                    th scope="col" { (lang.pick("Jenis", "Category")) }
                    th scope="col" { (lang.pick("Keluarga", "Household")) }
                    th scope="col" { (lang.pick("Kelurahan", "Kelurahan")) }
                    th scope="col" { (lang.pick("Status", "Status")) }
                } }
                tbody { @for c in rows { tr data-complaint=(c.id) data-status=(c.status) {
                    td { a href={ "/office/complaints/" (c.id) } { (c.id) } }
                    td { (c.received_on) }
                    td { (Category::parse(&c.category).map_or("—", |k| category_label(k).in_(lang))) }
                    td { code { (c.household_id.as_deref().unwrap_or("—")) } }
                    td { (c.kelurahan.as_deref().map_or("—", kelurahan_name)) }
                    td { (ComplaintStatus::parse(&c.status).map_or("—", |s| status_label(s).in_(lang))) " · " (c.status_on) }
                } } }
            }
        }
    }
}

fn desk_form(office: &Office) -> Markup {
    let lang = office.lang;
    html! {
        section.card aria-labelledby="desk-title" {
            h2 #desk-title { (lang.pick("Terima pengaduan baru", "Take a new complaint")) }
            form #complaint-form method="post" action="/office/complaints" {
                (csrf_field(office))
                label for="c-name" { (lang.pick("Nama pengadu", "Complainant's name")) }
                input #c-name type="text" name="name" maxlength="200" required;
                label for="c-contact" { (lang.pick("Kontak (telepon atau alamat)", "Contact (telephone or address)")) }
                input #c-contact type="text" name="contact" maxlength="200" required;
                label for="c-nik" { (lang.pick("NIK pengadu (bila ada)", "Complainant's NIK (if given)")) }
                input #c-nik type="text" name="nik" inputmode="numeric" maxlength="16" autocomplete="off";
                label for="c-category" { (lang.pick("Jenis pengaduan", "What it is about")) }
                select #c-category name="category" required {
                    @for c in Category::ALL { option value=(c.as_str()) { (category_label(c).in_(lang)) } }
                }
                label for="c-details" { (lang.pick("Isi pengaduan", "The complaint")) }
                textarea #c-details name="details" rows="4" maxlength="1000" required {}
                p { button type="submit" { (lang.pick("Simpan pengaduan", "Save the complaint")) } }
            }
        }
    }
}

/// The desk form's fields.
#[derive(Deserialize)]
pub struct DeskForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    details: String,
}

/// `POST /office/complaints` (reviewers): take a complaint, then show it.
pub async fn create(State(state): State<AppState>, signed: SignedForm<DeskForm>) -> Response {
    let (office, f) = signed.into_parts();
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let asked = AskedComplaint {
        name: f.name,
        contact: f.contact,
        nik: f.nik,
        category: f.category,
        details: f.details,
    };
    let fields = match complaint::check(&asked) {
        Ok(fields) => fields,
        Err(why) => return refused(&office, &why, "/office/complaints"),
    };
    let new = NewComplaint {
        name: fields.name,
        contact: fields.contact,
        nik: fields.nik,
        category: fields.category.as_str(),
        details: fields.details,
        household_id: None,
        kelurahan: None,
        received_on: casework::today(),
        by: office.user.id,
    };
    let id = match state.store.add_complaint(&new).await {
        Ok(id) => id,
        Err(e) => return layout::failure(office.lang, &e),
    };
    if let Err(e) = state
        .store
        .audit(&office.audit("web.write.complaint", format!("complaint:{id}")))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&format!("/office/complaints/{id}")).into_response()
}

/// The complaint `id` when `office` may read it: in their area, or (reviewers) linked to none.
async fn readable(
    state: &AppState,
    office: &Office,
    id: i64,
) -> Result<(ComplaintRow, Complainant), Response> {
    if !office.may(&OFFICE_ROLES) {
        return Err(layout::forbidden(office));
    }
    let found = state.store.complaint(id).await;
    let found = found.map_err(|e| layout::failure(office.lang, &e))?;
    let Some((row, who)) = found else {
        return Err(layout::not_found(office));
    };
    let allowed = match &row.kelurahan {
        Some(k) => office.user.covers(k),
        None => office.may(&REVIEWERS),
    };
    if !allowed {
        return Err(layout::not_found(office));
    }
    Ok((row, who))
}

/// The complaint page's query: a registry search to link the complaint.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    q: String,
}

/// `GET /office/complaints/{id}`: audited (it shows the complainant's personal data).
pub async fn show(
    State(state): State<AppState>,
    office: Office,
    Path(id): Path<i64>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let (row, who) = match readable(&state, &office, id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let lang = office.lang;
    let steps = match state.store.steps(CaseKind::Complaint, id).await {
        Ok(steps) => steps,
        Err(e) => return layout::failure(lang, &e),
    };
    let hits = match search(&state, &office, &row, &query.q).await {
        Ok(hits) => hits,
        Err(e) => return layout::failure(lang, &e),
    };
    let audit = office.audit("web.read.complaint", format!("complaint:{id}"));
    if let Err(e) = state.store.audit(&audit).await {
        return layout::failure(lang, &e);
    }
    let status = ComplaintStatus::parse(&row.status).unwrap_or(ComplaintStatus::Rejected);
    let action = format!("/office/complaints/{id}/status");
    let referrals = match &row.household_id {
        Some(h) => complaint_panel(&state, &office, id, h).await,
        None => html! {},
    };
    let peksos = match peksos_of(&state, &row).await {
        Ok(peksos) => peksos,
        Err(e) => return layout::failure(lang, &e),
    };
    let body = html! {
        (facts(lang, &row, &who))
        section.card aria-labelledby="history-title" {
            h2 #history-title { (lang.pick("Riwayat", "History")) }
            (case_steps::history(&office, &steps, status_label))
            @if office.may(&REVIEWERS) { (case_steps::form(&office, &action, status, status_label)) }
        }
        (household_section(&office, &row, &query.q, &hits))
        (task_section(&office, &row, &peksos))
        (referrals)
    };
    page(lang, Bi("Pengaduan", "Complaint"), Some(&office), body).into_response()
}

fn facts(lang: Lang, c: &ComplaintRow, who: &Complainant) -> Markup {
    let doubts: Vec<Text> = who
        .nik
        .as_deref()
        .map(|n| check_nik(n, None, None))
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.text)
        .collect();
    html! {
        dl.card.facts #complaint data-status=(c.status) {
            dt { (lang.pick("Status", "Status")) }
            dd #complaint-status { (ComplaintStatus::parse(&c.status).map_or("—", |s| status_label(s).in_(lang))) " · " (c.status_on) }
            dt { (lang.pick("Pengadu", "Complainant")) } dd #complainant { (who.name) }
            dt { (lang.pick("Kontak", "Contact")) } dd { (who.contact) }
            dt { "NIK" } dd {
                @if let Some(nik) = &who.nik { code.nik { (mask_nik(nik)) } } @else { "—" }
                @for d in &doubts { br; span.error.nik-warning { (say(lang, d)) } }
            }
            dt { (lang.pick("Jenis", "Category")) }
            dd { (Category::parse(&c.category).map_or("—", |k| category_label(k).in_(lang))) }
            dt { (lang.pick("Isi pengaduan", "The complaint")) } dd { (c.details) }
            dt { (lang.pick("Diterima", "Received on")) } dd { (c.received_on) " · " (c.created_by) }
        }
    }
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
    term: &str,
    hits: &[HouseholdHit],
) -> Markup {
    let lang = office.lang;
    html! {
        section.card #household-link aria-labelledby="household-title" {
            h2 #household-title { (lang.pick("Keluarga terkait", "Linked household")) }
            @if let Some(h) = &c.household_id {
                p #linked-household { code { (h) } " · " (c.kelurahan.as_deref().map_or("—", kelurahan_name)) }
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

/// `POST /office/complaints/{id}/status` (reviewers): the next step.
pub async fn step(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<StepForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let row = match writable(&state, &office, id).await {
        Ok(row) => row,
        Err(page) => return page,
    };
    let case = (CaseKind::Complaint, id);
    case_steps::record::<ComplaintStatus>(
        &state,
        &office,
        case,
        (&row.status, row.status_on),
        &form,
    )
    .await
}

/// The complaint `id` when `office` is a reviewer who may read it.
async fn writable(state: &AppState, office: &Office, id: i64) -> Result<ComplaintRow, Response> {
    if !office.may(&REVIEWERS) {
        return Err(layout::forbidden(office));
    }
    readable(state, office, id).await.map(|(row, _)| row)
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
