//! The review queue, `/office/visits`: finished visits and RT/RW reports of the reader's area,
//! newest first, filtered by kelurahan, kind, path and flag, 50 to a page — built for a
//! supervisor with hundreds of visits. A peksos sees only their own records.

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
use crate::store::{QueueFilter, QueueRow};

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

/// What a flag filter looks for.
#[derive(Clone, Copy)]
enum Look {
    /// A photo flag of one of these kinds on any evidence.
    Evidence(&'static [&'static str]),
    /// This boolean of the assessment.
    Assessment(&'static str),
}

/// The flag filters: code in the query, label, what it looks for.
const FLAGS: [(&str, Bi, Look); 6] = [
    (
        "duplicate",
        Bi("Foto ganda atau daur ulang", "Duplicate or recycled photo"),
        Look::Evidence(&["near_duplicate", "exact_reuse"]),
    ),
    (
        "far",
        Bi("Foto jauh dari rumah", "Photo far from the house"),
        Look::Evidence(&["far_from_house"]),
    ),
    (
        "gps",
        Bi("GPS kurang akurat atau palsu", "Poor or mock GPS"),
        Look::Evidence(&["poor_accuracy", "mock_location", "no_position"]),
    ),
    (
        "time",
        Bi(
            "Waktu foto di luar kunjungan",
            "Capture time outside the visit",
        ),
        Look::Evidence(&["outside_visit_window", "no_capture_time"]),
    ),
    (
        "inclusion",
        Bi("Kesalahan inklusi", "Inclusion error"),
        Look::Assessment("inclusion_error"),
    ),
    (
        "exclusion",
        Bi("Kesalahan eksklusi", "Exclusion error"),
        Look::Assessment("exclusion_error"),
    ),
];

/// The queue's query: the filters (empty means any) and the page, 1-based.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    kelurahan: String,
    kind: String,
    path: String,
    flag: String,
    page: i64,
}

impl Filters {
    /// The store filter for `office`: their area, their own records for a peksos.
    fn to_store(&self, office: &Office) -> QueueFilter {
        let known = |value: &str, list: &[&str]| list.contains(&value).then(|| value.to_owned());
        let look = FLAGS.iter().find(|f| f.0 == self.flag).map(|f| f.2);
        QueueFilter {
            scope: office.user.scope.clone(),
            author: (!office.may(&REVIEWERS)).then_some(office.user.id),
            kelurahan: known(&self.kelurahan, &scope_refs(office)),
            kind: known(&self.kind, &KINDS.map(|k| k.0)),
            path: known(&self.path, &PATHS.map(|p| p.0)),
            evidence_flags: match look {
                Some(Look::Evidence(kinds)) => kinds.iter().map(|k| (*k).to_owned()).collect(),
                _ => Vec::new(),
            },
            assessment_flag: match look {
                Some(Look::Assessment(field)) => Some(field.to_owned()),
                _ => None,
            },
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
    let kelurahan: Vec<(String, String)> = office
        .user
        .scope
        .iter()
        .map(|code| {
            let name = wilayah::kelurahan(code).map_or(code.clone(), |k| k.name.clone());
            (code.clone(), name)
        })
        .collect();
    html! {
        form.filters method="get" action="/office/visits" {
            (select(lang, "kelurahan", Bi("Kelurahan", "Kelurahan"), &filters.kelurahan,
                kelurahan.iter().map(|(c, n)| (c.as_str(), n.as_str()))))
            (select(lang, "kind", Bi("Jenis", "Kind"), &filters.kind,
                KINDS.iter().map(|(c, l)| (*c, l.in_(lang)))))
            (select(lang, "path", Bi("Jalur", "Path"), &filters.path,
                PATHS.iter().map(|(c, l)| (*c, l.in_(lang)))))
            (select(lang, "flag", Bi("Tanda", "Flag"), &filters.flag,
                FLAGS.iter().map(|(c, l, _)| (*c, l.in_(lang)))))
            button type="submit" { (lang.pick("Saring", "Filter")) }
            " "
            a href="/office/visits" { (lang.pick("Hapus saringan", "Clear filters")) }
        }
    }
}

/// A labelled select named `name` whose first choice is "any".
fn select<'a>(
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
                th scope="col" { (lang.pick("Petugas", "Officer")) }
            } }
            tbody {
                @for row in rows { (table_row(lang, row)) }
                @if rows.is_empty() {
                    tr { td colspan="7" { (lang.pick("Tidak ada catatan.", "No records.")) } }
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
            td.flags { (flags_of(&body).map(|f| f.in_(lang)).collect::<Vec<_>>().join(" · ")) }
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

/// The labels of the flag filters that match a record body.
fn flags_of(body: &Value) -> impl Iterator<Item = Bi> + '_ {
    let kinds: Vec<&str> = body["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["flags"].as_array().into_iter().flatten())
        .filter_map(|f| f["kind"].as_str())
        .collect();
    FLAGS.iter().filter_map(move |(_, label, look)| {
        let hit = match look {
            Look::Evidence(wanted) => kinds.iter().any(|k| wanted.contains(k)),
            Look::Assessment(field) => body["assessment"][field].as_bool() == Some(true),
        };
        hit.then_some(*label)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_body_shows_the_flags_of_its_evidence_and_assessment() {
        let body = json!({
            "evidence": [{"flags": [{"kind": "far_from_house"}, {"kind": "exact_reuse"}]}],
            "assessment": {"path": "b", "score": {"met": 10}, "exclusion_error": true}
        });
        let shown: Vec<&str> = flags_of(&body).map(|b| b.1).collect();
        assert_eq!(
            shown,
            [
                "Duplicate or recycled photo",
                "Photo far from the house",
                "Exclusion error"
            ]
        );
        assert_eq!(
            path_and_score(Lang::En, &body["assessment"]),
            "Path (b): card · 10/12"
        );
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
            "/office/visits?kelurahan=&kind=&path=b&flag=far&page=3"
        );
    }
}
