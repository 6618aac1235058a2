//! Assistance pages: the form reached from a card or letter (`/office/documents/{number}/assistance`),
//! which records help against that very document — the store refuses it unless the document is
//! this household's, valid on the day given and not revoked by then, and pays it from the chosen
//! partner's fund in the same transaction — and the list `/office/assistance`, filterable by date
//! range, kind, kelurahan and partner. An amount outside the configured range needs a reason,
//! kept and shown. Supervisors and admins record; peksos see the rows of their area; the list
//! (it names households), every write and every help refused for want of entitlement are audited.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use pandu_core::household::Household;
use pandu_core::Text;
use serde::Deserialize;

use super::decide::refused;
use super::documents::readable;
use super::funds::{amount, audited, date, money, moved_on, note, today};
use super::layout::{self, csrf_field, page, Bi};
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::assistance::{AssistanceKind, LevelNames, SchoolLevel};
use crate::rupiah::Sign;
use crate::services::Services;
use crate::store::decisions::Document;
use crate::store::funds::{
    AssistanceFilter, AssistanceRow, NewAssistance, Partner, Posted, Refused,
};

/// What a card's or letter's page shows of assistance: the way to record help against it (a
/// revoked one's too, for help given before its revocation day and recorded late).
pub fn panel(office: &Office, doc: &Document) -> Markup {
    let lang = office.lang;
    html! {
        @if office.may(&REVIEWERS) {
            p.no-print #assistance-link {
                a href={ "/office/documents/" (doc.number) "/assistance" } { (lang.pick("Catat bantuan dengan dokumen ini", "Record assistance with this document")) }
                " · "
                a href={ "/office/assistance?household=" (doc.household_id) } { (lang.pick("Bantuan yang sudah diterima", "Assistance received")) }
            }
        }
    }
}

/// `kind`'s name in `lang`.
fn kind_name(kind: AssistanceKind, lang: Lang) -> &'static str {
    let (id, en) = kind.label();
    lang.pick(id, en)
}

/// The usual amounts of each kind (and level), as the form shows them.
fn ranges(services: &Services, lang: Lang) -> Markup {
    let rows = AssistanceKind::ALL.into_iter().flat_map(|k| match k {
        AssistanceKind::Education => SchoolLevel::ALL.into_iter().map(|l| (k, Some(l))).collect(),
        _ => vec![(k, None)],
    });
    html! {
        table #ranges {
            caption { (lang.pick("Rentang jumlah yang biasa", "Usual amounts")) }
            tbody {
                @for (k, l) in rows {
                    @if let Some(r) = services.range(k, l) {
                        tr { td { (kind_name(k, lang)) @if let Some(l) = l { " " (l.label()) } }
                            td.num { (money(r.min, lang)) " – " (money(r.max, lang)) } td { (r.source) } }
                    }
                }
            }
        }
    }
}

/// `GET /office/documents/{number}/assistance`.
pub async fn form(
    State(state): State<AppState>,
    office: Office,
    Path(number): Path<String>,
) -> Response {
    let doc = match readable(&state, &office, &number).await {
        Ok(doc) => doc,
        Err(page) => return page,
    };
    let lang = office.lang;
    let (household, partners) = match (
        state.store.household(&doc.household_id).await,
        state.store.partners().await,
    ) {
        (Ok(h), Ok(p)) => (h, p),
        (Err(e), _) | (_, Err(e)) => return layout::failure(lang, &e),
    };
    let body = html! {
        p { (lang.pick("Dokumen ", "Document ")) a href={ "/office/documents/" (doc.number) } { (doc.number) }
            (lang.pick(", berlaku ", ", valid ")) (doc.valid_from) " – " (doc.valid_until) }
        (entry_form(&office, &doc, household.as_ref(), &partners))
        (ranges(&state.services, lang))
    };
    page(
        lang,
        Bi("Catat bantuan", "Record assistance"),
        Some(&office),
        body,
    )
    .into_response()
}

/// The assistance form for `doc`.
fn entry_form(
    office: &Office,
    doc: &Document,
    household: Option<&Household>,
    partners: &[Partner],
) -> Markup {
    let lang = office.lang;
    html! {
        form.card #assistance-form method="post" action={ "/office/documents/" (doc.number) "/assistance" } {
            (csrf_field(office))
            input type="hidden" name="household" value=(doc.household_id);
            label { (lang.pick("Penerima", "Recipient")) " " select name="member" {
                option value="" { (lang.pick("Seluruh keluarga", "The whole household")) }
                @if let Some(h) = household { @for m in &h.members { option value=(m.id) { (m.name) } } }
            } }
            label { (lang.pick("Jenis bantuan", "Kind of help")) " " select name="kind" required {
                @for k in AssistanceKind::ALL { option value=(k.as_str()) { (kind_name(k, lang)) } }
            } }
            label { (lang.pick("Jenjang sekolah (pendidikan)", "School level (education)")) " " select name="level" {
                option value="" { "—" }
                @for l in SchoolLevel::ALL { option value=(l.key()) { (l.label()) } }
            } }
            label { (lang.pick("Jumlah (Rp)", "Amount (Rp)")) " " input name="amount" inputmode="numeric" placeholder="350.000" required; }
            label { (lang.pick("Tanggal diberikan", "Date given")) " " input name="given_on" type="date" value=(today()) max=(today()) required; }
            label { (lang.pick("Dana mitra", "Partner fund")) " " select name="partner" required {
                @for p in partners { option value=(p.id) { (p.name) } }
            } }
            label { (lang.pick("Alasan bila di luar rentang", "Reason if outside the range")) " " input name="reason" maxlength="500"; }
            p { button type="submit" { (lang.pick("Simpan bantuan", "Save assistance")) } }
        }
    }
}

/// The assistance form's fields.
#[derive(Deserialize)]
pub struct AssistanceForm {
    /// The household the clerk is helping (the document's, as the form was drawn); the store
    /// refuses help when the document is another household's.
    #[serde(default)]
    household: String,
    #[serde(default)]
    member: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    given_on: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    reason: String,
}

/// The kind and level chosen in `form`, if they go together.
fn kind_and_level(form: &AssistanceForm) -> Result<(AssistanceKind, Option<SchoolLevel>), Text> {
    let kind = AssistanceKind::parse(&form.kind)
        .ok_or_else(|| Text::new("Pilih jenis bantuan.", "Choose the kind of help."))?;
    let level = SchoolLevel::parse(&form.level);
    match (kind, level) {
        (AssistanceKind::Education, None) => Err(Text::new(
            "Bantuan pendidikan perlu jenjang sekolah.",
            "Education help needs a school level.",
        )),
        (AssistanceKind::Education, l) => Ok((kind, l)),
        _ if !form.level.is_empty() => Err(Text::new(
            "Jenjang sekolah hanya untuk bantuan pendidikan.",
            "A school level is only for education help.",
        )),
        _ => Ok((kind, None)),
    }
}

/// The reason `form` gives for an amount outside the range, required when it is outside.
fn range_reason(
    services: &Services,
    kind: AssistanceKind,
    level: Option<SchoolLevel>,
    amount: i64,
    reason: &str,
) -> Result<Option<String>, Text> {
    let Some(range) = services.range(kind, level).filter(|r| !r.holds(amount)) else {
        return Ok(None);
    };
    note(reason, Bi("alasan", "reason")).map(Some).map_err(|_| {
        let (id_min, en_min) = (money(range.min, Lang::Id), money(range.min, Lang::En));
        let (id_max, en_max) = (money(range.max, Lang::Id), money(range.max, Lang::En));
        Text::new(
            format!("Jumlah di luar rentang {id_min} – {id_max}; tuliskan alasannya."),
            format!("The amount is outside the range {en_min} – {en_max}; give the reason."),
        )
    })
}

/// The help `form` describes for `household` in `kelurahan`, against `doc`.
fn read(
    form: &AssistanceForm,
    services: &Services,
    doc: &Document,
    (household, kelurahan): (String, String),
    by: i64,
) -> Result<NewAssistance, Text> {
    let (kind, level) = kind_and_level(form)?;
    let amount = amount(&form.amount, Sign::NonNegative)?;
    if amount == 0 {
        return Err(crate::ledger::Refusal::WrongSign.text());
    }
    let partner_id = form
        .partner
        .trim()
        .parse()
        .map_err(|_| Text::new("Pilih dana mitra.", "Choose the partner fund."))?;
    Ok(NewAssistance {
        household_id: household,
        member_id: Some(form.member.trim().to_owned()).filter(|m| !m.is_empty()),
        kind,
        level,
        amount,
        given_on: moved_on(&form.given_on)?,
        partner_id,
        document_number: doc.number.clone(),
        kelurahan,
        out_of_range_reason: range_reason(services, kind, level, amount, &form.reason)?,
        recorded_by: by,
    })
}

/// `POST /office/documents/{number}/assistance`.
pub async fn record(
    State(state): State<AppState>,
    Path(number): Path<String>,
    signed: SignedForm<AssistanceForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    if !office.may(&REVIEWERS) {
        return layout::forbidden(&office);
    }
    let doc = match readable(&state, &office, &number).await {
        Ok(doc) => doc,
        Err(page) => return page,
    };
    let back = format!("/office/documents/{number}/assistance");
    let household = Some(form.household.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| doc.household_id.clone());
    let kelurahan = match state.store.household_kelurahan(&household).await {
        Ok(Some(k)) if office.user.covers(&k) => k,
        Ok(_) => return layout::not_found(&office),
        Err(e) => return layout::failure(office.lang, &e),
    };
    let new = match read(
        &form,
        &state.services,
        &doc,
        (household, kelurahan),
        office.user.id,
    ) {
        Ok(new) => new,
        Err(why) => return refused(&office, &why, &back),
    };
    match state.store.record_assistance(&new).await {
        Ok(Posted::Kept {
            assistance_id: Some(id),
            ..
        }) => {
            let to = format!("/office/assistance?household={}", doc.household_id);
            audited(
                &state,
                &office,
                "web.write.assistance",
                format!("assistance:{id}"),
                &to,
            )
            .await
        }
        Ok(Posted::Refused(why)) => {
            if let Refused::NotEntitled(n) = &why {
                let subject = format!("document:{number} {}", n.code());
                if let Err(e) = state
                    .store
                    .audit(&office.audit("web.refused.assistance", subject))
                    .await
                {
                    return layout::failure(office.lang, &e);
                }
            }
            refused(&office, &why.text(), &back)
        }
        Ok(Posted::Kept { .. }) => layout::failure(office.lang, &"assistance kept without its id"),
        Err(e) => layout::failure(office.lang, &e),
    }
}

/// The list's filters, as the query sends them.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    kelurahan: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    household: String,
    #[serde(default)]
    id: String,
}

impl ListQuery {
    /// The store filter these fields name (unreadable fields do not narrow).
    fn filter(&self) -> AssistanceFilter {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        AssistanceFilter {
            from: date(&self.from).ok(),
            to: date(&self.to).ok(),
            kind: AssistanceKind::parse(&self.kind),
            kelurahan: some(&self.kelurahan),
            partner_id: self.partner.trim().parse().ok(),
            household_id: some(&self.household),
        }
    }
}

/// `GET /office/assistance`.
pub async fn list(
    State(state): State<AppState>,
    office: Office,
    Query(q): Query<ListQuery>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let (rows, partners) = match (
        state.store.assistance(&q.filter()).await,
        state.store.partners().await,
    ) {
        (Ok(r), Ok(p)) => (r, p),
        (Err(e), _) | (_, Err(e)) => return layout::failure(lang, &e),
    };
    let only: Option<i64> = q.id.trim().parse().ok();
    let rows: Vec<AssistanceRow> = rows
        .into_iter()
        .filter(|r| office.user.covers(&r.kelurahan) && only.is_none_or(|id| id == r.id))
        .collect();
    let subject = format!(
        "assistance:{}",
        rows.iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    if let Err(e) = state
        .store
        .audit(&office.audit("web.read.assistance", subject))
        .await
    {
        return layout::failure(lang, &e);
    }
    let total: i64 = rows.iter().map(|r| r.net_amount).sum();
    let body = html! {
        (filters(&q, &partners, lang))
        (table(&rows, lang))
        p #assistance-total data-count=(rows.len()) data-total=(total) { (lang.pick("Jumlah bersih: ", "Net total: ")) strong { (money(total, lang)) } " (" (rows.len()) ")" }
    };
    page(
        lang,
        Bi("Bantuan yang diberikan", "Assistance given"),
        Some(&office),
        body,
    )
    .into_response()
}

/// The filter form.
fn filters(q: &ListQuery, partners: &[Partner], lang: Lang) -> Markup {
    html! {
        form.filters method="get" action="/office/assistance" {
            label { (lang.pick("Dari", "From")) " " input type="date" name="from" value=(q.from); }
            label { (lang.pick("Sampai", "To")) " " input type="date" name="to" value=(q.to); }
            label { (lang.pick("Jenis", "Kind")) " " select name="kind" {
                option value="" { (lang.pick("Semua", "All")) }
                @for k in AssistanceKind::ALL { option value=(k.as_str()) selected[q.kind == k.as_str()] { (kind_name(k, lang)) } }
            } }
            label { (lang.pick("Kelurahan (kode)", "Kelurahan (code)")) " " input name="kelurahan" value=(q.kelurahan); }
            label { (lang.pick("Mitra", "Partner")) " " select name="partner" {
                option value="" { (lang.pick("Semua", "All")) }
                @for p in partners { option value=(p.id) selected[q.partner == p.id.to_string()] { (p.name) } }
            } }
            input type="hidden" name="household" value=(q.household);
            button type="submit" { (lang.pick("Saring", "Filter")) }
        }
    }
}

/// The rows.
fn table(rows: &[AssistanceRow], lang: Lang) -> Markup {
    html! {
        table #assistance {
            thead { tr {
                th { "#" } th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Jenis", "Kind")) }
                th { (lang.pick("Jumlah", "Amount")) } th { (lang.pick("Keluarga", "Household")) }
                th { "Kelurahan" } th { (lang.pick("Mitra", "Partner")) } th { (lang.pick("Dokumen", "Document")) }
                th { (lang.pick("Catatan", "Notes")) }
            } }
            tbody {
                @for r in rows {
                    tr data-id=(r.id) data-net=(r.net_amount) {
                        td { (r.id) } td { (r.given_on) }
                        td { (kind_name(r.kind, lang)) @if let Some(l) = r.level { " " (l.label()) } }
                        td.num { (money(r.amount, lang))
                            @if r.corrected { br; (lang.pick("bersih ", "net ")) (money(r.net_amount, lang)) } }
                        td { code { (r.household_id) } @if let Some(m) = &r.member_id { br; small { (m) } } }
                        td { (r.kelurahan) }
                        td { a href={ "/office/funds/" (r.partner_id) "#entry-" (r.entry_id) } { (r.partner_name) } }
                        td { a href={ "/office/documents/" (r.document_number) } { (r.document_number) } }
                        td {
                            @if r.voided() { strong { (lang.pick("Dibatalkan", "Voided")) } " " }
                            @else if r.corrected { (lang.pick("Dikoreksi", "Corrected")) " " }
                            @if let Some(why) = &r.out_of_range_reason { span.out-of-range { (lang.pick("Di luar rentang: ", "Outside the range: ")) (why) } }
                            " (" (r.recorded_by) ")"
                        }
                    }
                }
                @if rows.is_empty() { tr { td colspan="9" { (lang.pick("Tidak ada bantuan yang cocok.", "No matching assistance.")) } } }
            }
        }
    }
}
