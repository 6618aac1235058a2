//! The partner fund pages: `/office/funds` (each partner's money in, out and balance at a chosen
//! date and in total, and where figures the partners reported disagree with the ledger) and
//! `/office/funds/{partner}` (its entries with their corrections linked, and the forms to record
//! money in, a correction and a reported figure). Supervisors and admins write, an admin adds
//! partners, peksos read; every write is audited. The amount and date readers here are shared
//! with the assistance pages.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use maud::{html, Markup};
use pandu_core::Text;
use serde::Deserialize;

use super::decide::refused;
use super::layout::{self, csrf_field, page, Bi};
use super::session::{Office, SignedForm, OFFICE_ROLES, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::document::local_date;
use crate::ledger::{self, EntryKind, FigureKind, Totals};
use crate::model::Role;
use crate::rupiah::{self, Sign};
use crate::store::funds::{
    postings, Entry, Figure, NewCorrection, NewFigure, NewMoneyIn, Partner, Posted,
};
use crate::store::StoreError;

/// Longest note or reason kept.
const MAX_NOTE: usize = 500;

/// `amount` in the page's language.
pub fn money(amount: i64, lang: Lang) -> String {
    rupiah::format(amount, lang)
}

/// The amount typed in `text`.
pub fn amount(text: &str, sign: Sign) -> Result<i64, Text> {
    rupiah::parse(text, sign).map_err(|e| e.text())
}

/// The date typed in `text` (`YYYY-MM-DD`, as date inputs send it).
pub fn date(text: &str) -> Result<NaiveDate, Text> {
    text.trim().parse().map_err(|_| {
        Text::new(
            format!(
                "Tanggal \"{}\" tidak terbaca; tulis TTTT-BB-HH.",
                text.trim()
            ),
            format!(
                "The date \"{}\" cannot be read; write YYYY-MM-DD.",
                text.trim()
            ),
        )
    })
}

/// `text` trimmed, if it is a note of 1 to [`MAX_NOTE`] characters.
pub fn note(text: &str, what: Bi) -> Result<String, Text> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > MAX_NOTE {
        return Err(Text::new(
            format!("Isi {} (paling banyak {MAX_NOTE} huruf).", what.0),
            format!("Fill in the {} (at most {MAX_NOTE} characters).", what.1),
        ));
    }
    Ok(t.to_owned())
}

/// The day money moved, read from `text`: a readable date, and not after today — the ledger is
/// append-only, so a mistyped year would otherwise stay in the books for good.
pub fn moved_on(text: &str) -> Result<NaiveDate, Text> {
    let day = date(text)?;
    if day > today() {
        return Err(Text::new(
            format!("Tanggal {day} belum tiba: catat uang dan bantuan pada hari terjadinya atau sesudahnya."),
            format!("{day} has not come yet: record money and help on or after the day they moved."),
        ));
    }
    Ok(day)
}

/// Today in Payakumbuh.
pub fn today() -> NaiveDate {
    local_date(Utc::now())
}

/// The 500 page for a store failure.
fn failed(office: &Office, e: &StoreError) -> Response {
    layout::failure(office.lang, e)
}

/// Keep `action` on `subject` in the audit log, then go to `to`.
pub async fn audited(
    state: &AppState,
    office: &Office,
    action: &'static str,
    subject: String,
    to: &str,
) -> Response {
    match state.store.audit(&office.audit(action, subject)).await {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => failed(office, &e),
    }
}

/// The query of the overview: the date balances are taken at.
#[derive(Deserialize)]
pub struct OnQuery {
    #[serde(default)]
    on: String,
}

/// `GET /office/funds`.
pub async fn overview(
    State(state): State<AppState>,
    office: Office,
    Query(q): Query<OnQuery>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let asked = Some(q.on.as_str())
        .filter(|t| !t.trim().is_empty())
        .map(date);
    let unreadable = asked.as_ref().and_then(|a| a.as_ref().err().cloned());
    let on = asked.and_then(Result::ok).unwrap_or_else(today);
    let balances = match state.store.balances(on).await {
        Ok(b) => b,
        Err(e) => return failed(&office, &e),
    };
    let (entries, figures) = match (state.store.entries(None).await, state.store.figures().await) {
        (Ok(e), Ok(f)) => (e, f),
        (Err(e), _) | (_, Err(e)) => return failed(&office, &e),
    };
    let partners: Vec<Partner> = balances.partners.iter().map(|(p, _)| p.clone()).collect();
    let lang = office.lang;
    let body = html! {
        @if let Some(why) = &unreadable { p.error role="alert" { (lang.pick(&why.id, &why.en)) } }
        form.filters method="get" action="/office/funds" {
            label { (lang.pick("Saldo pada tanggal", "Balances on")) " "
                input type="date" name="on" value=(on); }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
        table #balances {
            caption { (lang.pick("Dana mitra pada ", "Partner funds on ")) (on) }
            thead { tr {
                th { (lang.pick("Mitra", "Partner")) }
                th { (lang.pick("Masuk", "In")) } th { (lang.pick("Keluar", "Out")) } th { (lang.pick("Saldo", "Balance")) }
            } }
            tbody {
                @for (p, t) in &balances.partners {
                    tr data-partner=(p.id) {
                        td { a href={ "/office/funds/" (p.id) } { (p.name) } }
                        (totals_cells(*t, lang))
                    }
                }
                tr #total { th { (lang.pick("Jumlah", "Total")) } (totals_cells(balances.total, lang)) }
            }
        }
        (differences(&entries, &figures, &partners, lang))
        @if office.user.role == Role::Admin { (partner_form(&office)) }
    };
    page(lang, Bi("Dana mitra", "Partner funds"), Some(&office), body).into_response()
}

/// Three cells: money in, out and balance.
fn totals_cells(t: Totals, lang: Lang) -> Markup {
    html! {
        td.num { (money(t.money_in, lang)) }
        td.num { (money(t.money_out, lang)) }
        td.num.balance { (money(t.balance, lang)) }
    }
}

/// The reported figures beside what the ledger says, and the difference.
fn differences(entries: &[Entry], figures: &[Figure], partners: &[Partner], lang: Lang) -> Markup {
    let book = postings(entries);
    html! {
        table #differences {
            caption { (lang.pick("Angka yang dilaporkan dibanding buku kas", "Reported figures against the ledger")) }
            thead { tr {
                th { (lang.pick("Angka", "Figure")) } th { (lang.pick("Mitra", "Partner")) }
                th { (lang.pick("Periode", "Period")) } th { (lang.pick("Dilaporkan", "Reported")) }
                th { (lang.pick("Buku kas", "Ledger")) } th { (lang.pick("Selisih", "Difference")) }
                th { (lang.pick("Sumber", "Source")) }
            } }
            tbody {
                @for f in figures {
                    @let ledger = ledger::figure(&book, f.partner_id, f.kind, f.from, f.to);
                    @let diff = f.amount - ledger;
                    tr data-figure=(f.id) data-difference=(diff) {
                        td { (figure_label(f.kind).in_(lang)) }
                        td { (partner_name(partners, f.partner_id, lang)) }
                        td { @if let Some(from) = f.from { (from) " – " } (f.to) }
                        td.num { (money(f.amount, lang)) }
                        td.num { (money(ledger, lang)) }
                        td.num { @if diff == 0 { "✓ " (lang.pick("cocok", "agrees")) } @else { strong.error { (money(diff, lang)) } } }
                        td { (f.note) " (" (f.recorded_by) ")" }
                    }
                }
                @if figures.is_empty() {
                    tr { td colspan="7" { (lang.pick("Belum ada angka yang dilaporkan.", "No reported figures yet.")) } }
                }
            }
        }
    }
}

/// The name of a figure's kind.
fn figure_label(kind: FigureKind) -> Bi {
    match kind {
        FigureKind::Balance => Bi("Saldo", "Balance"),
        FigureKind::Collected => Bi("Terkumpul", "Collected"),
        FigureKind::PaidOut => Bi("Disalurkan", "Paid out"),
    }
}

/// The partner's name, or "all partners" for `None`.
fn partner_name(partners: &[Partner], id: Option<i64>, lang: Lang) -> String {
    match id {
        Some(id) => partners
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone()),
        None => lang.pick("Semua mitra", "All partners").to_owned(),
    }
}

/// The admin's form to add a partner.
fn partner_form(office: &Office) -> Markup {
    let lang = office.lang;
    html! {
        form.card #partner-form method="post" action="/office/funds/partners" {
            h2 { (lang.pick("Tambah mitra", "Add a partner")) }
            (csrf_field(office))
            label for="partner-name" { (lang.pick("Nama mitra", "Partner name")) }
            input #partner-name name="name" maxlength="200" required;
            p { button type="submit" { (lang.pick("Tambah", "Add")) } }
        }
    }
}

/// The new partner form's field.
#[derive(Deserialize)]
pub struct PartnerForm {
    #[serde(default)]
    name: String,
}

/// `POST /office/funds/partners` (admin).
pub async fn add_partner(
    State(state): State<AppState>,
    signed: SignedForm<PartnerForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    if office.user.role != Role::Admin {
        return layout::forbidden(&office);
    }
    let name = match note(&form.name, Bi("nama mitra", "partner name")) {
        Ok(n) => n,
        Err(why) => return refused(&office, &why, "/office/funds"),
    };
    match state.store.add_partner(&name).await {
        Ok(id) => {
            audited(
                &state,
                &office,
                "web.write.partner",
                format!("partner:{id}"),
                "/office/funds",
            )
            .await
        }
        Err(StoreError::Exists(_)) => {
            let why = Text::new(
                "Mitra dengan nama itu sudah ada.",
                "A partner with that name already exists.",
            );
            refused(&office, &why, "/office/funds")
        }
        Err(e) => failed(&office, &e),
    }
}

/// Partner `id`, or the page to show instead.
async fn partner(state: &AppState, office: &Office, id: i64) -> Result<Partner, Response> {
    let partners = state
        .store
        .partners()
        .await
        .map_err(|e| failed(office, &e))?;
    partners
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| layout::not_found(office))
}

/// `GET /office/funds/{partner}`.
pub async fn show(State(state): State<AppState>, office: Office, Path(id): Path<i64>) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let p = match partner(&state, &office, id).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let entries = match state.store.entries(Some(id)).await {
        Ok(e) => e,
        Err(e) => return failed(&office, &e),
    };
    let lang = office.lang;
    let now = ledger::totals(&postings(&entries), Some(id), today());
    let body = html! {
        p #partner-totals {
            (lang.pick("Hari ini: masuk ", "Today: in ")) (money(now.money_in, lang))
            (lang.pick(", keluar ", ", out ")) (money(now.money_out, lang))
            (lang.pick(", saldo ", ", balance ")) strong #partner-balance { (money(now.balance, lang)) }
        }
        (entry_table(&entries, lang))
        @if office.may(&REVIEWERS) {
            (money_in_form(&office, id))
            (correction_form(&office, id, &entries))
            (figure_form(&office, id))
        }
        p { a href="/office/funds" { (lang.pick("Semua mitra", "All partners")) } }
    };
    let title = Bi("Buku kas mitra", "Partner ledger");
    let body = html! { h2 #partner-name { (p.name) } (body) };
    page(lang, title, Some(&office), body).into_response()
}

/// The name of an entry's kind.
fn kind_label(kind: EntryKind) -> Bi {
    match kind {
        EntryKind::In => Bi("Masuk", "In"),
        EntryKind::Out => Bi("Keluar (bantuan)", "Out (assistance)"),
        EntryKind::Correction => Bi("Koreksi", "Correction"),
    }
}

/// Every entry, with what it corrects and what corrected it.
fn entry_table(entries: &[Entry], lang: Lang) -> Markup {
    html! {
        table #entries {
            caption { (lang.pick("Catatan (tidak pernah diubah; kesalahan dikoreksi dengan catatan baru)",
                "Entries (never changed; mistakes are corrected by new entries)")) }
            thead { tr {
                th { "#" } th { (lang.pick("Tanggal", "Date")) } th { (lang.pick("Jenis", "Kind")) }
                th { (lang.pick("Jumlah", "Amount")) } th { (lang.pick("Keterangan", "Note")) }
                th { (lang.pick("Koreksi", "Corrections")) } th { (lang.pick("Dicatat oleh", "Recorded by")) }
            } }
            tbody {
                @for e in entries {
                    tr #{ "entry-" (e.id) } data-kind=(e.kind.as_str()) data-amount=(e.amount) {
                        td { (e.id) }
                        td { (e.date) }
                        td { (kind_label(e.kind).in_(lang)) }
                        td.num { (money(e.amount, lang)) }
                        td { (entry_note(e, lang)) }
                        td { @for c in entries.iter().filter(|c| c.corrects == Some(e.id)) {
                            a href={ "#entry-" (c.id) } { "#" (c.id) } " "
                        } }
                        td { (e.recorded_by) " " small { (e.recorded_at.format("%Y-%m-%d %H:%M UTC")) } }
                    }
                }
            }
        }
    }
}

/// What an entry's note cell says: its note, the entry it corrects, the assistance it pays.
fn entry_note(e: &Entry, lang: Lang) -> Markup {
    html! {
        @if let Some(c) = e.corrects {
            (lang.pick("Koreksi atas ", "Corrects ")) a href={ "#entry-" (c) } { "#" (c) } ": "
        }
        @if let Some(a) = e.assistance_id {
            a href={ "/office/assistance?id=" (a) } { (lang.pick("Bantuan #", "Assistance #")) (a) }
        }
        (e.note)
    }
}

/// The form to record money in.
fn money_in_form(office: &Office, partner: i64) -> Markup {
    let lang = office.lang;
    html! {
        form.card #money-in-form method="post" action={ "/office/funds/" (partner) "/in" } {
            h2 { (lang.pick("Catat uang masuk", "Record money in")) }
            (csrf_field(office))
            label { (lang.pick("Tanggal", "Date")) " " input name="date" type="date" value=(today()) max=(today()) required; }
            label { (lang.pick("Jumlah (Rp)", "Amount (Rp)")) " " input name="amount" inputmode="numeric" placeholder="1.250.000" required; }
            label { (lang.pick("Sumber", "Source")) " " input name="note" maxlength=(MAX_NOTE) required; }
            p { button type="submit" { (lang.pick("Simpan", "Save")) } }
        }
    }
}

/// The form to correct an in or out entry.
fn correction_form(office: &Office, partner: i64, entries: &[Entry]) -> Markup {
    let lang = office.lang;
    html! {
        form.card #correction-form method="post" action={ "/office/funds/" (partner) "/corrections" } {
            h2 { (lang.pick("Catat koreksi", "Record a correction")) }
            p { (lang.pick(
                "Koreksi menambah (+) atau mengurangi (−) jumlah catatan asli; untuk membatalkan bantuan, koreksi sebesar jumlahnya.",
                "A correction adds to (+) or takes from (−) the original entry; to void an assistance, correct by its whole amount.")) }
            (csrf_field(office))
            label { (lang.pick("Catatan yang dikoreksi", "Entry to correct")) " "
                select name="corrects" required {
                    @for e in entries.iter().filter(|e| e.kind != EntryKind::Correction) {
                        option value=(e.id) { "#" (e.id) " " (e.date) " " (money(e.amount, lang)) }
                    }
                }
            }
            label { (lang.pick("Tanggal", "Date")) " " input name="date" type="date" value=(today()) max=(today()) required; }
            label { (lang.pick("Perubahan (Rp, boleh negatif)", "Change (Rp, may be negative)")) " " input name="amount" required; }
            label { (lang.pick("Alasan", "Reason")) " " input name="reason" maxlength=(MAX_NOTE) required; }
            p { button type="submit" { (lang.pick("Simpan koreksi", "Save correction")) } }
        }
    }
}

/// The form to record a figure the partner (or the whole fund) reported.
fn figure_form(office: &Office, partner: i64) -> Markup {
    let lang = office.lang;
    html! {
        form.card #figure-form method="post" action={ "/office/funds/" (partner) "/figures" } {
            h2 { (lang.pick("Catat angka yang dilaporkan", "Record a reported figure")) }
            (csrf_field(office))
            label { (lang.pick("Tentang", "About")) " " select name="scope" {
                option value="partner" { (lang.pick("Mitra ini", "This partner")) }
                option value="all" { (lang.pick("Semua mitra", "All partners")) }
            } }
            label { (lang.pick("Angka", "Figure")) " " select name="kind" {
                @for k in [FigureKind::Balance, FigureKind::Collected, FigureKind::PaidOut] {
                    option value=(k.as_str()) { (figure_label(k).in_(lang)) }
                }
            } }
            label { (lang.pick("Dari (kosong untuk saldo)", "From (empty for a balance)")) " " input name="from" type="date"; }
            label { (lang.pick("Sampai / pada", "To / on")) " " input name="to" type="date" required; }
            label { (lang.pick("Jumlah (Rp)", "Amount (Rp)")) " " input name="amount" required; }
            label { (lang.pick("Sumber laporan", "Where it was reported")) " " input name="note" maxlength=(MAX_NOTE) required; }
            p { button type="submit" { (lang.pick("Simpan angka", "Save figure")) } }
        }
    }
}

/// The money-in form's fields.
#[derive(Deserialize)]
pub struct MoneyInForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    note: String,
}

/// A reviewer's write to partner `id`: the office, the partner, and where to go back to.
async fn writer(state: &AppState, office: &Office, id: i64) -> Result<String, Response> {
    if !office.may(&REVIEWERS) {
        return Err(layout::forbidden(office));
    }
    partner(state, office, id).await?;
    Ok(format!("/office/funds/{id}"))
}

/// The answer to a ledger write: back to the partner page, or the refusal.
async fn posted(
    state: &AppState,
    office: &Office,
    result: Result<Posted, StoreError>,
    action: &'static str,
    back: &str,
) -> Response {
    match result {
        Ok(Posted::Kept { entry_id, .. }) => {
            audited(
                state,
                office,
                action,
                format!("ledger_entry:{entry_id}"),
                back,
            )
            .await
        }
        Ok(Posted::Refused(why)) => refused(office, &why.text(), back),
        Err(e) => failed(office, &e),
    }
}

/// `POST /office/funds/{partner}/in`.
pub async fn money_in(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<MoneyInForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let back = match writer(&state, &office, id).await {
        Ok(b) => b,
        Err(page) => return page,
    };
    let read = || -> Result<NewMoneyIn, Text> {
        Ok(NewMoneyIn {
            partner_id: id,
            date: moved_on(&form.date)?,
            amount: amount(&form.amount, Sign::NonNegative)?,
            note: note(&form.note, Bi("sumber dana", "source of the money"))?,
            recorded_by: office.user.id,
        })
    };
    match read() {
        Ok(new) => {
            let result = state.store.record_money_in(&new).await;
            posted(&state, &office, result, "web.write.money_in", &back).await
        }
        Err(why) => refused(&office, &why, &back),
    }
}

/// The correction form's fields.
#[derive(Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    corrects: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

/// `POST /office/funds/{partner}/corrections`.
pub async fn correct(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<CorrectionForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let back = match writer(&state, &office, id).await {
        Ok(b) => b,
        Err(page) => return page,
    };
    let read = || -> Result<NewCorrection, Text> {
        let corrects = form.corrects.trim().parse().map_err(|_| {
            Text::new(
                "Pilih catatan yang dikoreksi.",
                "Choose the entry to correct.",
            )
        })?;
        Ok(NewCorrection {
            corrects,
            date: moved_on(&form.date)?,
            amount: amount(&form.amount, Sign::Any)?,
            reason: note(
                &form.reason,
                Bi("alasan koreksi", "reason for the correction"),
            )?,
            recorded_by: office.user.id,
        })
    };
    let new = match read() {
        Ok(new) => new,
        Err(why) => return refused(&office, &why, &back),
    };
    let of_partner = state
        .store
        .entries(Some(id))
        .await
        .map(|e| e.iter().any(|e| e.id == new.corrects));
    match of_partner {
        Ok(true) => {
            let result = state.store.record_correction(&new).await;
            posted(&state, &office, result, "web.write.correction", &back).await
        }
        Ok(false) => refused(&office, &ledger::Refusal::NoSuchEntry.text(), &back),
        Err(e) => failed(&office, &e),
    }
}

/// The reported-figure form's fields.
#[derive(Deserialize)]
pub struct FigureForm {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    note: String,
}

/// The figure `form` describes, about partner `id` or the whole fund.
fn read_figure(form: &FigureForm, id: i64, by: i64) -> Result<NewFigure, Text> {
    let kind = FigureKind::parse(&form.kind)
        .ok_or_else(|| Text::new("Pilih jenis angka.", "Choose the kind of figure."))?;
    let from = match (kind, form.from.trim()) {
        (FigureKind::Balance, _) | (_, "") => None,
        (_, text) => Some(date(text)?),
    };
    let to = date(&form.to)?;
    if kind != FigureKind::Balance && from.is_none_or(|f| f > to) {
        return Err(Text::new(
            "Angka periode perlu tanggal awal yang tidak sesudah tanggal akhir.",
            "A figure over a period needs a first day not after its last day.",
        ));
    }
    Ok(NewFigure {
        partner_id: (form.scope != "all").then_some(id),
        kind,
        from,
        to,
        amount: amount(&form.amount, Sign::Any)?,
        note: note(&form.note, Bi("sumber laporan", "source of the figure"))?,
        recorded_by: by,
    })
}

/// `POST /office/funds/{partner}/figures`.
pub async fn figure(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed: SignedForm<FigureForm>,
) -> Response {
    let (office, form) = signed.into_parts();
    let back = match writer(&state, &office, id).await {
        Ok(b) => b,
        Err(page) => return page,
    };
    match read_figure(&form, id, office.user.id) {
        Ok(new) => match state.store.record_figure(&new).await {
            Ok(fid) => {
                audited(
                    &state,
                    &office,
                    "web.write.figure",
                    format!("reported_figure:{fid}"),
                    "/office/funds",
                )
                .await
            }
            Err(e) => failed(&office, &e),
        },
        Err(why) => refused(&office, &why, &back),
    }
}
