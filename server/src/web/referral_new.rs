//! Making a referral: the panel that lists a household's referrals and offers the form — on
//! the visit page (made from the visit), in the decision panel (resting on one of the household's
//! decisions) and on a complaint's page (made from the complaint) — and the form's handler, which
//! checks that what it was made from is about that household and in the user's area.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use pandu_core::household::Member;
use pandu_core::Text;
use serde::Deserialize;

use super::decide::refused;
use super::layout::{self, csrf_field, Bi};
use super::referrals::table;
use super::session::{Office, SignedForm, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::casework;
use crate::casework::referral::{self, AskedReferral, OriginKind, AGENCIES, OTHER_AGENCY};
use crate::store::casework::{NewReferral, ReferralFilter};
use crate::store::decisions::Decision;
use crate::store::{StoreError, StoreResult, StoredRecord};

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
async fn members(state: &AppState, household_id: &str) -> StoreResult<Vec<Member>> {
    Ok(state
        .store
        .household(household_id)
        .await?
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
