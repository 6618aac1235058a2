//! The integrated data exports, `/office/exports`: the verified household list as CSV or XLSX
//! and the visit points as GeoJSON, for other agencies. The page states the personal-data rule
//! (see [`crate::export::nik_rule`]); the export is a POST of a signed form, so a link cannot
//! trigger it, and each is written to the audit log with its filter, NIK choice and purpose.
//! Each file names who made it and when (a first CSV line, the XLSX properties, a GeoJSON
//! member).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::json;

use super::layout::{self, csrf_field, page, Bi};
use super::reports::{area, attachment, kelurahan_options, XLSX_TYPE};
use super::session::{Office, SignedForm, OFFICE_ROLES};
use super::Lang;
use crate::api::AppState;
use crate::document::local_date;
use crate::export::{self, nik_rule, Nik};
use crate::reports::{csv, xlsx, Table};
use crate::store::funds::AssistanceFilter;
use crate::store::reports::VerifiedHousehold;

/// The export form's fields.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    what: String,
    kelurahan: String,
    include_nik: Option<String>,
    purpose: String,
}

/// The exports offered: value, label.
const WHAT: [(&str, Bi); 3] = [
    (
        "households-csv",
        Bi(
            "Daftar keluarga terverifikasi (CSV)",
            "Verified household list (CSV)",
        ),
    ),
    (
        "households-xlsx",
        Bi(
            "Daftar keluarga terverifikasi (XLSX)",
            "Verified household list (XLSX)",
        ),
    ),
    (
        "points-geojson",
        Bi("Titik kunjungan (GeoJSON)", "Visit points (GeoJSON)"),
    ),
];

/// The rule, as the page states it.
const RULE: Bi = Bi(
    "Aturan data pribadi: relawan tidak dapat mengekspor. Peksos mengekspor wilayahnya sendiri, dengan nama tetapi NIK disamarkan. Supervisor dan admin mengekspor seluruh wilayahnya; NIK disamarkan kecuali mereka mencentang \"sertakan NIK\" dan menuliskan tujuannya. Setiap ekspor dicatat di log akses (siapa, kapan, filter, tujuan), dan berkasnya menyebut siapa yang membuatnya dan kapan.",
    "Personal-data rule: volunteers cannot export. Peksos export their own area, with names but NIKs masked. Supervisors and admins export their whole area; NIKs are masked unless they tick \"include NIK\" and state the purpose. Every export is written to the access log (who, when, filter, purpose), and the file names who made it and when.",
);

/// `GET /office/exports`.
pub async fn form(office: Office) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    shown(&office, StatusCode::OK, None, &Asked::default())
}

/// The page: the rule, the form, and why the last try was refused.
fn shown(office: &Office, status: StatusCode, refused: Option<Bi>, asked: &Asked) -> Response {
    let lang = office.lang;
    let body = html! {
        p.rule #export-rule { (RULE.in_(lang)) }
        @if let Some(why) = refused { p.error role="alert" { (why.in_(lang)) } }
        (export_form(office, asked))
    };
    (
        status,
        page(
            lang,
            Bi("Ekspor data terpadu", "Integrated data exports"),
            Some(office),
            body,
        ),
    )
        .into_response()
}

fn export_form(office: &Office, asked: &Asked) -> Markup {
    let lang = office.lang;
    html! {
        form #export-form method="post" action="/office/exports" {
            (csrf_field(office))
            fieldset {
                legend { (lang.pick("Data", "Data")) }
                @for (value, label) in &WHAT {
                    label { input type="radio" name="what" value=(value) required checked[asked.what == *value]; " " (label.in_(lang)) } br;
                }
            }
            label { (lang.pick("Kelurahan", "Kelurahan")) " " (kelurahan_options(office, &asked.kelurahan)) } br;
            label { input type="checkbox" name="include_nik" value="yes" checked[asked.include_nik.is_some()]; " " (lang.pick("Sertakan NIK lengkap", "Include full NIKs")) } br;
            label { (lang.pick("Tujuan (wajib bila NIK disertakan)", "Purpose (required with NIKs)")) " "
                input type="text" name="purpose" size="60" value=(asked.purpose); }
            br;
            button type="submit" { (lang.pick("Ekspor", "Export")) }
        }
    }
}

/// `POST /office/exports`.
pub async fn export(State(state): State<AppState>, form: SignedForm<Asked>) -> Response {
    let (office, asked) = form.into_parts();
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let nik = match nik_rule(
        office.user.role,
        asked.include_nik.is_some(),
        &asked.purpose,
    ) {
        Ok(nik) => nik,
        Err(why) => return shown(&office, StatusCode::BAD_REQUEST, Some(why.text()), &asked),
    };
    let scope = match area(&office, &asked.kelurahan) {
        Ok(scope) => scope,
        Err(why) => return shown(&office, StatusCode::BAD_REQUEST, Some(why), &asked),
    };
    let Some((what, _)) = WHAT.iter().find(|(w, _)| *w == asked.what) else {
        return shown(
            &office,
            StatusCode::BAD_REQUEST,
            Some(Bi("Pilih data yang diekspor.", "Choose what to export.")),
            &asked,
        );
    };
    match made(&state, &office, &asked, what, nik, &scope).await {
        Ok(response) => response,
        Err(e) => layout::failure(office.lang, &e),
    }
}

/// Who made an export, when, with which filter and purpose — written in the file and the log.
struct Stamp {
    at: String,
    by: String,
    filter: String,
    purpose: String,
}

impl Stamp {
    fn new(office: &Office, asked: &Asked, nik: Nik) -> Self {
        let area = if asked.kelurahan.is_empty() {
            "area"
        } else {
            &asked.kelurahan
        };
        let nik = if nik == Nik::Full { "full" } else { "masked" };
        Self {
            at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            by: format!("{} ({})", office.user.username, office.user.role.as_str()),
            filter: format!("kelurahan={area} nik={nik}"),
            purpose: asked.purpose.trim().to_owned(),
        }
    }
}

/// Audit the export, then make its file.
async fn made(
    state: &AppState,
    office: &Office,
    asked: &Asked,
    what: &str,
    nik: Nik,
    scope: &[String],
) -> Result<Response, crate::store::StoreError> {
    let stamp = Stamp::new(office, asked, nik);
    let action = if what == "points-geojson" {
        "export.points"
    } else {
        "export.households"
    };
    let subject = format!("format={what} {} purpose={:?}", stamp.filter, stamp.purpose);
    state.store.audit(&office.audit(action, subject)).await?;
    let households = state.store.verified_households(scope).await?;
    if what == "points-geojson" {
        return Ok(points_file(&households, nik, &stamp));
    }
    let help = state.store.assistance(&AssistanceFilter::default()).await?;
    let table = export::table(&households, &help, nik, local_date(Utc::now()));
    Ok(households_file(&table, office.lang, what, stamp))
}

/// The visit points as a GeoJSON download.
fn points_file(households: &[VerifiedHousehold], nik: Nik, stamp: &Stamp) -> Response {
    let made = json!({
        "made_by": stamp.by, "made_at": stamp.at, "filter": stamp.filter, "purpose": stamp.purpose,
    });
    let body = export::geojson(households, nik, made)
        .to_string()
        .into_bytes();
    let name = format!("pandu-visit-points_{}.geojson", stamp.at);
    attachment("application/geo+json", &name, body)
}

/// The household list as a CSV or XLSX download.
fn households_file(table: &Table, lang: Lang, what: &str, stamp: Stamp) -> Response {
    let name = format!("pandu-households_{}", stamp.at);
    if what == "households-csv" {
        let line = format!(
            "Ekspor data terpadu Pandu / Pandu integrated data export; oleh/by {}; {}; {}",
            stamp.by, stamp.at, stamp.filter
        );
        let bytes = csv::write(table, lang, &[line]);
        return attachment("text/csv; charset=utf-8", &format!("{name}.csv"), bytes);
    }
    let about = xlsx::About {
        title: "Pandu — data terpadu / integrated data".to_owned(),
        comment: format!("{}; {}; {}", stamp.at, stamp.filter, stamp.purpose),
        author: stamp.by,
    };
    match xlsx::write(table, lang, &about) {
        Ok(bytes) => attachment(XLSX_TYPE, &format!("{name}.xlsx"), bytes),
        Err(e) => layout::failure(lang, &e),
    }
}
