//! Following referrals (*rujukan*) in the office: the list `/office/referrals` (by status, agency
//! and kelurahan, the overdue ones marked) and a referral's page with its history and next-status
//! form (making one is [`super::referral_new`]). Supervisors and admins write; peksos read those
//! of their area; every write and every page read is audited.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use pandu_core::household::Household;
use pandu_core::wilayah;
use serde::Deserialize;

use super::case_steps::{self, StepForm};
use super::layout::{self, page, Bi};
use super::queue::{kelurahan_choices, select};
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::casework::referral::{self, OriginKind, ReferralStatus, AGENCIES, OVERDUE_DAYS};
use crate::casework::{self, Flow};
use crate::store::casework::{CaseKind, ReferralFilter, ReferralRow};

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

/// The referrals `rows`, newest first, the overdue ones marked.
pub(super) fn table(lang: Lang, rows: &[ReferralRow]) -> Markup {
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
    let names = match state.store.household(&r.household_id).await {
        Ok(h) => Names::of(h.as_ref(), r.member_id.as_deref()),
        Err(e) => return layout::failure(office.lang, &e),
    };
    let audit = office.audit("web.read.referral", format!("referral:{id}"));
    if let Err(e) = state.store.audit(&audit).await {
        return layout::failure(office.lang, &e);
    }
    let status = ReferralStatus::parse(&r.status).unwrap_or(ReferralStatus::Closed);
    let action = format!("/office/referrals/{id}/status");
    let body = html! {
        (facts(office.lang, &r, status, &names))
        section.card aria-labelledby="history-title" {
            h2 #history-title { (office.lang.pick("Riwayat", "History")) }
            (case_steps::history(&office, &steps, status_label))
            @if office.may(&REVIEWERS) { (case_steps::form(&office, &action, status, status_label)) }
        }
    };
    page(office.lang, Bi("Rujukan", "Referral"), Some(&office), body).into_response()
}

/// The names the referral's page shows: the family's head and the member referred.
#[derive(Default)]
struct Names {
    head: Option<String>,
    member: Option<String>,
}

impl Names {
    /// The names in `household` of its head and of member `member`.
    fn of(household: Option<&Household>, member: Option<&str>) -> Self {
        let Some(h) = household else {
            return Self::default();
        };
        let named = |id: &str| {
            h.members
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.name.clone())
        };
        Self {
            head: h.head().map(|m| m.name.clone()),
            member: member.and_then(named),
        }
    }
}

fn facts(lang: Lang, r: &ReferralRow, status: ReferralStatus, names: &Names) -> Markup {
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
            dt { (lang.pick("Keluarga", "Household")) }
            dd #referral-household { (names.head.as_deref().unwrap_or("—")) " · " code { (r.household_id) } }
            dt { (lang.pick("Anggota", "Member")) }
            dd #referral-member { (names.member.as_deref().or(r.member_id.as_deref()).unwrap_or("—")) }
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
