//! Complaints (*pengaduan*) taken at the office desk: `/office/complaints` lists them (by status,
//! category and kelurahan; no complainant's name there) with the desk form for a new one, and a
//! complaint's page shows who complained (NIK masked, the core's doubts about it shown), its
//! history and next-status form, what it leads to ([`super::complaint_follow_up`]: the linked
//! household, the visit task) and the referral panel. Supervisors and admins write; peksos
//! read those of their area; opening a complaint reads personal data and is audited.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use pandu_core::identity::{check_nik, mask_nik};
use pandu_core::Text;
use serde::Deserialize;

use super::case_steps::{self, StepForm};
use super::complaint_follow_up;
use super::decide::refused;
use super::layout::{self, csrf_field, page, Bi};
use super::queue::{kelurahan_choices, select};
use super::referral_new::complaint_panel;
use super::referrals::kelurahan_name;
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::visit::say;
use super::Lang;
use crate::api::AppState;
use crate::casework::complaint::{self, AskedComplaint, Category, ComplaintStatus};
use crate::casework::{self, Flow};
use crate::store::casework::{CaseKind, Complainant, ComplaintFilter, ComplaintRow, NewComplaint};

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
    let follow_up = match complaint_follow_up::sections(&state, &office, &row, &query.q).await {
        Ok(sections) => sections,
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
    let body = html! {
        (facts(lang, &row, &who))
        section.card aria-labelledby="history-title" {
            h2 #history-title { (lang.pick("Riwayat", "History")) }
            (case_steps::history(&office, &steps, status_label))
            @if office.may(&REVIEWERS) { (case_steps::form(&office, &action, status, status_label)) }
        }
        (follow_up)
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
pub(super) async fn writable(
    state: &AppState,
    office: &Office,
    id: i64,
) -> Result<ComplaintRow, Response> {
    if !office.may(&REVIEWERS) {
        return Err(layout::forbidden(office));
    }
    readable(state, office, id).await.map(|(row, _)| row)
}
