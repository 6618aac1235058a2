//! The review queue, `/office/visits`: finished visits and RT/RW reports of the reader's area,
//! newest first, filtered by kelurahan, kind, path, flag, review status and NIK warning, 50 to a
//! page — built for a supervisor with tens of thousands of visits (the filters read indexed
//! columns kept at intake, not the record JSON). A peksos sees only their own records.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use pandu_core::wilayah;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::layout::{self, page, Bi};
use super::session::{Office, OFFICE_ROLES, REVIEWERS};
use super::Lang;
use crate::api::AppState;
use crate::review;
use crate::store::review::{QueueFilter, QueueRow, ReviewStatus};

/// Rows on one page.
const PAGE_SIZE: i64 = 50;

/// Record kinds, as stored, with their labels.
const KINDS: [(&str, Bi); 3] = [
    ("visit", Bi("Kunjungan rumah", "Home visit")),
    ("visit_refused", Bi("Kunjungan ditolak", "Visit refused")),
    ("report", Bi("Laporan RT/RW", "RT/RW report")),
];

/// Assessed paths, as stored, with their labels.
const PATHS: [(&str, Bi); 5] = [
    (
        "a",
        Bi("Jalur (a): layanan dasar", "Path (a): basic services"),
    ),
    ("b", Bi("Jalur (b): kartu", "Path (b): card")),
    (
        "c",
        Bi("Jalur (c): surat darurat", "Path (c): emergency letter"),
    ),
    ("not_eligible", Bi("Tidak memenuhi", "Not eligible")),
    ("undetermined", Bi("Belum dapat ditentukan", "Undetermined")),
];

/// The labels of the queue flags of [`review::FLAGS`], by code.
const FLAG_LABELS: [(&str, Bi); 6] = [
    (
        "duplicate",
        Bi("Foto ganda atau daur ulang", "Duplicate or recycled photo"),
    ),
    (
        "far",
        Bi("Foto jauh dari rumah", "Photo far from the house"),
    ),
    (
        "gps",
        Bi("GPS kurang akurat atau palsu", "Poor or mock GPS"),
    ),
    (
        "time",
        Bi(
            "Waktu foto di luar kunjungan",
            "Capture time outside the visit",
        ),
    ),
    ("inclusion", Bi("Kesalahan inklusi", "Inclusion error")),
    ("exclusion", Bi("Kesalahan eksklusi", "Exclusion error")),
];

/// Review statuses with their labels.
pub const STATUSES: [(ReviewStatus, Bi); 4] = [
    (
        ReviewStatus::Awaiting,
        Bi("Menunggu tinjauan", "Awaiting review"),
    ),
    (
        ReviewStatus::Reviewed,
        Bi("Sudah ditinjau", "Reviewed (verdicts given)"),
    ),
    (ReviewStatus::Decided, Bi("Sudah diputuskan", "Decided")),
    (
        ReviewStatus::SentBack,
        Bi("Dikembalikan ke petugas", "Sent back"),
    ),
];

/// The label of a review status.
pub fn status_label(status: ReviewStatus) -> Bi {
    STATUSES
        .iter()
        .find(|s| s.0 == status)
        .map_or(Bi("—", "—"), |s| s.1)
}

/// The NIK-warning flag's label.
const NIK_LABEL: Bi = Bi("Peringatan NIK", "NIK warning");

/// The queue's query: the filters (empty means any) and the page, 1-based.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    kelurahan: String,
    kind: String,
    path: String,
    flag: String,
    status: String,
    nik: String,
    page: i64,
}

impl Filters {
    /// The store filter for `office`: their area, their own records for a peksos.
    fn to_store(&self, office: &Office) -> QueueFilter {
        let known = |value: &str, list: &[&str]| list.contains(&value).then(|| value.to_owned());
        QueueFilter {
            scope: office.user.scope.clone(),
            author: (!office.may(&REVIEWERS)).then_some(office.user.id),
            kelurahan: known(&self.kelurahan, &scope_refs(office)),
            kind: known(&self.kind, &KINDS.map(|k| k.0)),
            path: known(&self.path, &PATHS.map(|p| p.0)),
            flags: review::flag_bit(&self.flag).unwrap_or(0),
            status: ReviewStatus::parse(&self.status),
            nik_warning: self.nik == "1",
            offset: (self.page.max(1) - 1).saturating_mul(PAGE_SIZE),
            limit: PAGE_SIZE,
        }
    }

    /// The query string of these filters on `page`.
    fn link(&self, page: i64) -> String {
        let at = Self {
            page,
            ..self.clone()
        };
        format!(
            "/office/visits?{}",
            serde_urlencoded::to_string(&at).unwrap_or_default()
        )
    }
}

fn scope_refs(office: &Office) -> Vec<&str> {
    office.user.scope.iter().map(String::as_str).collect()
}

/// `GET /office/visits`.
pub async fn show(
    State(state): State<AppState>,
    office: Office,
    filters: Result<Query<Filters>, QueryRejection>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let Ok(Query(filters)) = filters else {
        return layout::bad_form(lang);
    };
    let found = match state.store.review_queue(&filters.to_store(&office)).await {
        Ok(found) => found,
        Err(e) => return layout::failure(lang, &e),
    };
    let page_no = filters.page.max(1);
    let pages = ((found.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let body = html! {
        (filter_form(&office, &filters))
        p #count role="status" {
            (found.total) " " (lang.pick("catatan", "records")) " · "
            (lang.pick("halaman", "page")) " " (page_no) "/" (pages)
        }
        (table(lang, &found.rows))
        nav.pages aria-label=(lang.pick("Halaman", "Pages")) {
            @if page_no > 1 {
                a rel="prev" href=(filters.link(page_no - 1)) { (lang.pick("← Sebelumnya", "← Previous")) }
            }
            @if page_no < pages {
                a rel="next" href=(filters.link(page_no + 1)) { (lang.pick("Berikutnya →", "Next →")) }
            }
        }
    };
    page(
        lang,
        Bi("Antrean tinjauan", "Review queue"),
        Some(&office),
        body,
    )
    .into_response()
}

/// The filter form: a GET form of labelled selects, so the filters are in the address.
fn filter_form(office: &Office, filters: &Filters) -> Markup {
    let lang = office.lang;
    let kelurahan = kelurahan_choices(office);
    html! {
        form.filters method="get" action="/office/visits" {
            (select(lang, "kelurahan", Bi("Kelurahan", "Kelurahan"), &filters.kelurahan,
                kelurahan.iter().map(|(c, n)| (c.as_str(), n.as_str()))))
            (select(lang, "kind", Bi("Jenis", "Kind"), &filters.kind,
                KINDS.iter().map(|(c, l)| (*c, l.in_(lang)))))
            (select(lang, "path", Bi("Jalur", "Path"), &filters.path,
                PATHS.iter().map(|(c, l)| (*c, l.in_(lang)))))
            (select(lang, "status", Bi("Status tinjauan", "Review status"), &filters.status,
                STATUSES.iter().map(|(s, l)| (s.as_str(), l.in_(lang)))))
            span.field.check {
                input #nik type="checkbox" name="nik" value="1" checked[filters.nik == "1"];
                label for="nik" { (lang.pick("Hanya dengan peringatan NIK", "Only with a NIK warning")) }
            }
            (select(lang, "flag", Bi("Tanda", "Flag"), &filters.flag,
                FLAG_LABELS.iter().map(|(c, l)| (*c, l.in_(lang)))))
            button type="submit" { (lang.pick("Saring", "Filter")) }
            " "
            a href="/office/visits" { (lang.pick("Hapus saringan", "Clear filters")) }
        }
    }
}

/// The kelurahan of the user's area as (code, name), for a filter.
pub(super) fn kelurahan_choices(office: &Office) -> Vec<(String, String)> {
    office
        .user
        .scope
        .iter()
        .map(|code| {
            let name = wilayah::kelurahan(code).map_or(code.clone(), |k| k.name.clone());
            (code.clone(), name)
        })
        .collect()
}

/// A labelled select named `name` whose first choice is "any".
pub(super) fn select<'a>(
    lang: Lang,
    name: &str,
    label: Bi,
    chosen: &str,
    choices: impl Iterator<Item = (&'a str, &'a str)>,
) -> Markup {
    html! {
        span.field {
            label for=(name) { (label.in_(lang)) }
            select #(name) name=(name) {
                option value="" { (lang.pick("Semua", "Any")) }
                @for (value, text) in choices {
                    option value=(value) selected[value == chosen] { (text) }
                }
            }
        }
    }
}

/// The queue's rows.
fn table(lang: Lang, rows: &[QueueRow]) -> Markup {
    html! {
        table #queue {
            thead { tr {
                th scope="col" { (lang.pick("Diterima (UTC)", "Received (UTC)")) }
                th scope="col" { (lang.pick("Jenis", "Kind")) }
                th scope="col" { (lang.pick("Keluarga", "Household")) }
                th scope="col" { (lang.pick("Kelurahan", "Kelurahan")) }
                th scope="col" { (lang.pick("Jalur · skor", "Path · score")) }
                th scope="col" { (lang.pick("Tanda", "Flags")) }
                th scope="col" { (lang.pick("Status", "Status")) }
                th scope="col" { (lang.pick("Petugas", "Officer")) }
            } }
            tbody {
                @for row in rows { (table_row(lang, row)) }
                @if rows.is_empty() {
                    tr { td colspan="8" { (lang.pick("Tidak ada catatan.", "No records.")) } }
                }
            }
        }
    }
}

fn table_row(lang: Lang, row: &QueueRow) -> Markup {
    let body: Value = serde_json::from_str(&row.body).unwrap_or_default();
    let kelurahan = row.kelurahan.as_deref().unwrap_or("—");
    let kelurahan_name = wilayah::kelurahan(kelurahan).map_or(kelurahan, |k| k.name.as_str());
    html! {
        tr data-record=(row.id) {
            td { (row.received_at.get(..16).unwrap_or(&row.received_at).replace('T', " ")) }
            td { a href={ "/office/visits/" (row.id) } { (label_of(&KINDS, body["kind"].as_str(), lang)) } }
            td { code { (body["household_id"].as_str().unwrap_or("—")) } }
            td { (kelurahan_name) }
            td { (path_and_score(lang, &body["assessment"])) }
            td.flags { (flags_of(row.flags, row.nik_warning).map(|f| f.in_(lang)).collect::<Vec<_>>().join(" · ")) }
            td.status { (status_label(row.status).in_(lang)) }
            td { (row.author) }
        }
    }
}

/// The label of `code` in `list`, or the code itself, or a dash.
fn label_of(list: &[(&str, Bi)], code: Option<&str>, lang: Lang) -> String {
    match code {
        Some(code) => list
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code.to_owned(), |(_, l)| l.in_(lang).to_owned()),
        None => "—".to_owned(),
    }
}

/// "Path (b): card · 10/12" from an assessment, or a dash without one.
fn path_and_score(lang: Lang, assessment: &Value) -> String {
    if assessment.is_null() {
        return "—".to_owned();
    }
    let path = label_of(&PATHS, assessment["path"].as_str(), lang);
    let met = assessment["score"]["met"].as_u64().unwrap_or(0);
    format!("{path} · {met}/12")
}

/// The labels of the flags in `bits`, and of the NIK warning when it holds.
fn flags_of(bits: i64, nik_warning: bool) -> impl Iterator<Item = Bi> {
    let flags = FLAG_LABELS
        .into_iter()
        .filter(move |(code, _)| review::flag_bit(code).is_some_and(|b| bits & b != 0))
        .map(|(_, label)| label);
    flags.chain(nik_warning.then_some(NIK_LABEL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_shows_its_flags_and_every_flag_has_a_label() {
        let bits = review::flag_bit("far").unwrap() | review::flag_bit("exclusion").unwrap();
        let shown: Vec<&str> = flags_of(bits, true).map(|b| b.1).collect();
        assert_eq!(
            shown,
            ["Photo far from the house", "Exclusion error", "NIK warning"]
        );
        let codes: Vec<&str> = review::FLAGS.iter().map(|f| f.0).collect();
        assert_eq!(codes, FLAG_LABELS.map(|l| l.0));
        let body = serde_json::json!({"path": "b", "score": {"met": 10}});
        assert_eq!(path_and_score(Lang::En, &body), "Path (b): card · 10/12");
        assert_eq!(path_and_score(Lang::En, &Value::Null), "—");
    }

    #[test]
    fn page_links_keep_the_filters() {
        let filters = Filters {
            path: "b".into(),
            flag: "far".into(),
            ..Filters::default()
        };
        assert_eq!(
            filters.link(3),
            "/office/visits?kelurahan=&kind=&path=b&flag=far&status=&nik=&page=3"
        );
    }
}
