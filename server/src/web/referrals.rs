//! Referrals (*rujukan*) in the office: the list `/office/referrals` (by status, agency and
//! kelurahan, the overdue ones marked), a referral's page with its history and next-status form,
//! and the panel that makes one — on the visit page (from the visit), in the decision panel
//! (from a decision) and on a complaint's page (from the complaint). Supervisors and admins
//! write; peksos read those of their area; every write and every page read is audited.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use pandu_core::household::{Household, Member};
use pandu_core::{wilayah, Text};
use serde::Deserialize;

use super::case_steps::{self, StepForm};
use super::decide::refused;
use super::layout::{self, csrf_field, page, Bi};
use super::queue::{kelurahan_choices, select};
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::casework::referral::{
    self, AskedReferral, OriginKind, ReferralStatus, AGENCIES, OTHER_AGENCY, OVERDUE_DAYS,
};
use crate::casework::{self, Flow};
use crate::store::casework::{CaseKind, NewReferral, ReferralFilter, ReferralRow};
use crate::store::decisions::Decision;
use crate::store::{StoreError, StoreResult, StoredRecord};

/// A status's name.
fn status_label(status: ReferralStatus) -> Bi {
    match status {
        ReferralStatus::Sent => Bi("Dikirim", "Sent"),
        ReferralStatus::Received => Bi("Diterima instansi", "Received"),
        ReferralStatus::ActedOn => Bi("Ditindaklanjuti", "Acted on"),
        ReferralStatus::Closed => Bi("Ditutup", "Closed"),
    }
}

/// The kelurahan's name, or its code when unknown.
pub(super) fn kelurahan_name(code: &str) -> &str {
    wilayah::kelurahan(code).map_or(code, |k| k.name.as_str())
}

/// The list's filters (empty means any).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    agency: String,
    kelurahan: String,
    overdue: String,
}

impl ListQuery {
    fn to_store(&self, office: &Office) -> ReferralFilter {
        let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        let overdue = casework::today() - chrono::Duration::days(OVERDUE_DAYS);
        ReferralFilter {
            scope: office.user.scope.clone(),
            status: ReferralStatus::parse(&self.status).map(|s| s.as_str().to_owned()),
            agency: some(&self.agency),
            kelurahan: some(&self.kelurahan),
            household_id: None,
            sent_before: (self.overdue == "1").then_some(overdue),
        }
    }
}

/// `GET /office/referrals`.
pub async fn list(
    State(state): State<AppState>,
    office: Office,
    Query(query): Query<ListQuery>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let rows = match state.store.referrals(&query.to_store(&office)).await {
        Ok(rows) => rows,
        Err(e) => return layout::failure(office.lang, &e),
    };
    let audit = office.audit("web.read.referrals", format!("{} rows", rows.len()));
    if let Err(e) = state.store.audit(&audit).await {
        return layout::failure(office.lang, &e);
    }
    let body = html! {
        (filters(&office, &query))
        (table(office.lang, &rows))
    };
    page(office.lang, Bi("Rujukan", "Referrals"), Some(&office), body).into_response()
}

fn filters(office: &Office, q: &ListQuery) -> Markup {
    let lang = office.lang;
    let kelurahan = kelurahan_choices(office);
    html! {
        form.filters method="get" action="/office/referrals" {
            (select(lang, "status", Bi("Status", "Status"), &q.status,
                ReferralStatus::ALL.iter().map(|s| (s.as_str(), status_label(*s).in_(lang)))))
            (select(lang, "agency", Bi("Instansi", "Agency"), &q.agency,
                AGENCIES.iter().map(|a| (*a, *a))))
            (select(lang, "kelurahan", Bi("Kelurahan", "Kelurahan"), &q.kelurahan,
                kelurahan.iter().map(|(c, n)| (c.as_str(), n.as_str()))))
            span.field.check {
                input #overdue type="checkbox" name="overdue" value="1" checked[q.overdue == "1"];
                label for="overdue" { (lang.pick("Hanya yang terlambat", "Only overdue")) }
            }
            (case_steps::filter_buttons(lang, "/office/referrals"))
        }
        p.hint { (lang.pick(
            "Terlambat: masih berstatus dikirim lebih dari 14 hari tanpa diterima instansi.",
            "Overdue: still sent more than 14 days without being received by the agency.")) }
    }
}

fn table(lang: Lang, rows: &[ReferralRow]) -> Markup {
    let today = casework::today();
    html! {
        @if rows.is_empty() {
            p #no-referrals { (lang.pick("Tidak ada rujukan.", "No referrals.")) }
        } @else {
            table #referrals {
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (lang.pick("Dikirim", "Sent on")) }
                    th scope="col" { (lang.pick("Instansi", "Agency")) }
                    th scope="col" { (lang.pick("Keluarga", "Household")) }
                    th scope="col" { (lang.pick("Kelurahan", "Kelurahan")) }
                    th scope="col" { (lang.pick("Status", "Status")) }
                } }
                tbody { @for r in rows {
                    @let status = ReferralStatus::parse(&r.status);
                    @let late = status.is_some_and(|s| referral::overdue(s, r.sent_on, today));
                    tr data-referral=(r.id) data-status=(r.status) {
                        td { a href={ "/office/referrals/" (r.id) } { (r.id) } }
                        td { (r.sent_on) }
                        td { (r.agency) }
                        td { code { (r.household_id) } }
                        td { (kelurahan_name(&r.kelurahan)) }
                        td {
                            (status.map_or("—", |s| status_label(s).in_(lang))) " · " (r.status_on)
                            @if late { " " strong.error.overdue { (lang.pick("Terlambat", "Overdue")) } }
                        }
                    }
                } }
            }
        }
    }
}

/// The referral `id` when `office` may read it.
async fn readable(state: &AppState, office: &Office, id: i64) -> Result<ReferralRow, Response> {
    if !office.may(&OFFICE_ROLES) {
        return Err(layout::forbidden(office));
    }
    match state.store.referral(id).await {
        Ok(Some(r)) if office.user.covers(&r.kelurahan) => Ok(r),
        Ok(_) => Err(layout::not_found(office)),
        Err(e) => Err(layout::failure(office.lang, &e)),
    }
}

/// `GET /office/referrals/{id}`: the referral, its history, and for a reviewer the next step.
pub async fn show(State(state): State<AppState>, office: Office, Path(id): Path<i64>) -> Response {
    let r = match readable(&state, &office, id).await {
        Ok(r) => r,
        Err(page) => return page,
    };
    let steps = match state.store.steps(CaseKind::Referral, id).await {
        Ok(steps) => steps,
        Err(e) => return layout::failure(office.lang, &e),
    };
    let audit = office.audit("web.read.referral", format!("referral:{id}"));
    if let Err(e) = state.store.audit(&audit).await {
        return layout::failure(office.lang, &e);
    }
    let status = ReferralStatus::parse(&r.status).unwrap_or(ReferralStatus::Closed);
    let action = format!("/office/referrals/{id}/status");
    let body = html! {
        (facts(office.lang, &r, status))
        section.card aria-labelledby="history-title" {
            h2 #history-title { (office.lang.pick("Riwayat", "History")) }
            (case_steps::history(&office, &steps, status_label))
            @if office.may(&REVIEWERS) { (case_steps::form(&office, &action, status, status_label)) }
        }
    };
    page(office.lang, Bi("Rujukan", "Referral"), Some(&office), body).into_response()
}

fn facts(lang: Lang, r: &ReferralRow, status: ReferralStatus) -> Markup {
    let origin = match OriginKind::parse(&r.origin_kind) {
        Some(OriginKind::Visit) => {
            html! { a href={ "/office/visits/" (r.origin_id) } { (lang.pick("Kunjungan", "Visit")) } }
        }
        Some(OriginKind::Complaint) => {
            html! { a href={ "/office/complaints/" (r.origin_id) } { (lang.pick("Pengaduan", "Complaint")) " #" (r.origin_id) } }
        }
        _ => html! { (lang.pick("Keputusan", "Decision")) " #" (r.origin_id) },
    };
    html! {
        dl.card.facts #referral data-status=(r.status) {
            dt { (lang.pick("Status", "Status")) }
            dd #referral-status { (status_label(status).in_(lang)) " · " (r.status_on)
                @if referral::overdue(status, r.sent_on, casework::today()) {
                    " " strong.error.overdue { (lang.pick("Terlambat", "Overdue")) } } }
            dt { (lang.pick("Instansi", "Agency")) } dd #referral-agency { (r.agency) }
            dt { (lang.pick("Kebutuhan / alasan", "Need / reason")) } dd { (r.need) }
            dt { (lang.pick("Keluarga", "Household")) } dd { code { (r.household_id) } }
            dt { (lang.pick("Anggota", "Member")) } dd { (r.member_id.as_deref().unwrap_or("—")) }
            dt { (lang.pick("Kelurahan", "Kelurahan")) } dd { (kelurahan_name(&r.kelurahan)) }
            dt { (lang.pick("Dibuat dari", "Made from")) } dd { (origin) }
            dt { (lang.pick("Dikirim", "Sent on")) } dd { (r.sent_on) " · " (r.created_by) }
        }
    }
}

/// `POST /office/referrals/{id}/status` (reviewers): the next step.
pub async fn step(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<StepForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let r = match readable(&state, &office, id).await {
        Ok(r) => r,
        Err(page) => return page,
    };
    let case = (CaseKind::Referral, id);
    case_steps::record::<ReferralStatus>(&state, &office, case, (&r.status, r.status_on), &form)
        .await
}

/// The new-referral form's fields.
#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    household_id: String,
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    origin_kind: String,
    #[serde(default)]
    origin_id: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    agency_other: String,
    #[serde(default)]
    need: String,
    #[serde(default)]
    sent_on: String,
    #[serde(default)]
    back: String,
}

/// Why a referral cannot be made for what the form names.
fn bad_origin() -> Text {
    Text::new(
        "Asal rujukan (kunjungan, keputusan atau pengaduan) tidak cocok dengan keluarga ini.",
        "The referral's origin (visit, decision or complaint) does not match this household.",
    )
}

/// True when the visit, decision or complaint `id` is about `household`.
async fn origin_holds(
    state: &AppState,
    kind: OriginKind,
    id: &str,
    household: &str,
) -> StoreResult<bool> {
    let store = &state.store;
    Ok(match kind {
        OriginKind::Visit => store
            .record(id)
            .await?
            .is_some_and(|r| r.household_id.as_deref() == Some(household)),
        OriginKind::Decision => {
            let id: i64 = id.parse().unwrap_or(-1);
            store
                .household_decisions(household)
                .await?
                .iter()
                .any(|d| d.id == id)
        }
        OriginKind::Complaint => match id.parse::<i64>() {
            Ok(id) => store
                .complaint(id)
                .await?
                .is_some_and(|(c, _)| c.household_id.as_deref() == Some(household)),
            Err(_) => false,
        },
    })
}

/// The referral the form asks for, or why not (a rule's refusal, or a store failure).
async fn build(
    state: &AppState,
    office: &Office,
    f: &CreateForm,
) -> Result<Result<NewReferral, Text>, StoreError> {
    let household = f.household_id.trim();
    let Some(kelurahan) = state.store.household_kelurahan(household).await? else {
        return Ok(Err(bad_origin()));
    };
    let origin = OriginKind::parse(&f.origin_kind);
    let holds = match origin {
        Some(kind) => origin_holds(state, kind, f.origin_id.trim(), household).await?,
        None => false,
    };
    if !office.user.covers(&kelurahan) || !holds {
        return Ok(Err(bad_origin()));
    }
    let member = (!f.member_id.trim().is_empty()).then(|| f.member_id.trim().to_owned());
    if let Some(m) = &member {
        if !members(state, household).await?.iter().any(|x| &x.id == m) {
            let why = Text::new(
                "Anggota ini bukan anggota keluarga tersebut.",
                "This member is not in the household.",
            );
            return Ok(Err(why));
        }
    }
    let asked = AskedReferral {
        agency: f.agency.clone(),
        agency_other: f.agency_other.clone(),
        need: f.need.clone(),
        sent_on: f.sent_on.clone(),
    };
    Ok(
        referral::check(&asked, casework::today()).map(|fields| NewReferral {
            household_id: household.to_owned(),
            member_id: member,
            kelurahan,
            agency: fields.agency,
            need: fields.need,
            origin_kind: origin.map_or("visit", OriginKind::as_str),
            origin_id: f.origin_id.trim().to_owned(),
            sent_on: fields.sent_on,
            by: office.user.id,
        }),
    )
}

/// `POST /office/referrals` (reviewers): make a referral, then show it.
pub async fn create(State(state): State<AppState>, signed: SignedForm<CreateForm>) -> Response {
    let (office, form) = signed.into_parts();
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let back = if form.back.starts_with("/office/") {
        form.back.as_str()
    } else {
        "/office/referrals"
    };
    let new = match build(&state, &office, &form).await {
        Ok(Ok(new)) => new,
        Ok(Err(why)) => return refused(&office, &why, back),
        Err(e) => return layout::failure(office.lang, &e),
    };
    let id = match state.store.add_referral(&new).await {
        Ok(id) => id,
        Err(e) => return layout::failure(office.lang, &e),
    };
    let subject = format!(
        "referral:{id} household:{} from {}:{}",
        new.household_id, new.origin_kind, new.origin_id
    );
    if let Err(e) = state
        .store
        .audit(&office.audit("web.write.referral", subject))
        .await
    {
        return layout::failure(office.lang, &e);
    }
    Redirect::to(&format!("/office/referrals/{id}")).into_response()
}

/// The members of `household` (none when it is not in the registry).
async fn members(state: &AppState, household: &str) -> StoreResult<Vec<Member>> {
    let data = state.store.household_data(household).await?;
    Ok(data
        .and_then(|d| serde_json::from_str::<Household>(&d).ok())
        .map(|h| h.members)
        .unwrap_or_default())
}

/// Where a new referral comes from: its kind and the choices of id (value, label).
struct Origin {
    kind: OriginKind,
    choices: Vec<(String, String)>,
    back: String,
}

/// The household's referrals and, for a reviewer, the form to make one from `origin`.
async fn panel(
    state: &AppState,
    office: &Office,
    household: &str,
    origin: Origin,
) -> Result<Markup, StoreError> {
    let filter = ReferralFilter {
        scope: office.user.scope.clone(),
        household_id: Some(household.to_owned()),
        ..ReferralFilter::default()
    };
    let rows = state.store.referrals(&filter).await?;
    let members = members(state, household).await?;
    let lang = office.lang;
    let id = format!("refer-{}", origin.kind.as_str());
    Ok(html! {
        section.card.no-print #(id) aria-labelledby={ (id) "-title" } {
            h2 #{ (id) "-title" } { (lang.pick("Rujukan keluarga ini", "Referrals of this household")) }
            (table(lang, &rows))
            @if office.may(&REVIEWERS) && !origin.choices.is_empty() {
                (form(office, household, &members, &origin))
            }
        }
    })
}

fn form(office: &Office, household: &str, members: &[Member], origin: &Origin) -> Markup {
    let lang = office.lang;
    let today = casework::today().to_string();
    let p = origin.kind.as_str();
    let heading = match origin.kind {
        OriginKind::Visit => Bi("Rujuk dari kunjungan ini", "Refer from this visit"),
        OriginKind::Decision => Bi("Rujuk berdasarkan keputusan", "Refer on a decision"),
        OriginKind::Complaint => Bi("Rujuk dari pengaduan ini", "Refer from this complaint"),
    };
    html! {
        form.referral-form method="post" action="/office/referrals" {
            (csrf_field(office))
            h3 { (heading.in_(lang)) }
            input type="hidden" name="household_id" value=(household);
            input type="hidden" name="origin_kind" value=(p);
            input type="hidden" name="back" value=(origin.back);
            @if let [(only, _)] = origin.choices.as_slice() {
                input type="hidden" name="origin_id" value=(only);
            } @else {
                label for={ (p) "-origin" } { (lang.pick("Keputusan", "Decision")) }
                select #{ (p) "-origin" } name="origin_id" required {
                    @for (value, text) in &origin.choices { option value=(value) { (text) } }
                }
            }
            label for={ (p) "-agency" } { (lang.pick("Instansi tujuan", "Agency")) }
            select #{ (p) "-agency" } name="agency" required {
                @for a in AGENCIES { option value=(a) { (a) } }
                option value=(OTHER_AGENCY) { (lang.pick("Lainnya (tulis namanya)", "Other (write its name)")) }
            }
            label for={ (p) "-agency-other" } { (lang.pick("Nama instansi lainnya", "Other agency's name")) }
            input #{ (p) "-agency-other" } type="text" name="agency_other" maxlength="200";
            label for={ (p) "-member" } { (lang.pick("Anggota (bila untuk satu orang)", "Member (when it is for one person)")) }
            select #{ (p) "-member" } name="member_id" {
                option value="" { (lang.pick("Seluruh keluarga", "The whole household")) }
                @for m in members { option value=(m.id) { (m.name) } }
            }
            label for={ (p) "-need" } { (lang.pick("Kebutuhan / alasan rujukan", "Need / reason for the referral")) }
            textarea #{ (p) "-need" } name="need" rows="3" maxlength="1000" required {}
            label for={ (p) "-sent-on" } { (lang.pick("Tanggal dikirim", "Date sent")) }
            input #{ (p) "-sent-on" } type="date" name="sent_on" value=(today) max=(today) required;
            p { button type="submit" { (lang.pick("Kirim rujukan", "Send the referral")) } }
        }
    }
}

/// The panel failed: say so in the page rather than failing the whole page.
fn failed(lang: Lang, e: &StoreError) -> Markup {
    eprintln!("referral panel failed: {e}");
    html! { p.error role="alert" { (lang.pick("Rujukan tidak dapat dimuat.", "Referrals could not be loaded.")) } }
}

/// The referral panel of the visit page of record `id`: referrals made from this visit.
pub async fn visit_panel(
    state: &AppState,
    office: &Office,
    id: &str,
    record: &StoredRecord,
) -> Markup {
    let Some(household) = &record.household_id else {
        return html! {};
    };
    let origin = Origin {
        kind: OriginKind::Visit,
        choices: vec![(id.to_owned(), id.to_owned())],
        back: format!("/office/visits/{id}"),
    };
    panel(state, office, household, origin)
        .await
        .unwrap_or_else(|e| failed(office.lang, &e))
}

/// The referral form of the decision panel: a referral resting on one of the household's
/// decisions (`history`).
pub async fn decision_panel(
    state: &AppState,
    office: &Office,
    record_id: &str,
    record: &StoredRecord,
    history: &[Decision],
) -> Markup {
    let (Some(household), true) = (&record.household_id, office.may(&REVIEWERS)) else {
        return html! {};
    };
    if history.is_empty() {
        return html! {};
    }
    let lang = office.lang;
    let choices = history
        .iter()
        .map(|d| {
            let label = super::decide::kind_label(d.kind).in_(lang);
            (
                d.id.to_string(),
                format!(
                    "#{} · {} · {}",
                    d.id,
                    d.decided_at.format("%Y-%m-%d"),
                    label
                ),
            )
        })
        .collect();
    let origin = Origin {
        kind: OriginKind::Decision,
        choices,
        back: format!("/office/visits/{record_id}#decisions"),
    };
    match members(state, household).await {
        Ok(members) => form(office, household, &members, &origin),
        Err(e) => failed(lang, &e),
    }
}

/// The referral panel of complaint `id`, linked to `household`.
pub async fn complaint_panel(
    state: &AppState,
    office: &Office,
    id: i64,
    household: &str,
) -> Markup {
    let origin = Origin {
        kind: OriginKind::Complaint,
        choices: vec![(id.to_string(), id.to_string())],
        back: format!("/office/complaints/{id}"),
    };
    panel(state, office, household, origin)
        .await
        .unwrap_or_else(|e| failed(office.lang, &e))
}
