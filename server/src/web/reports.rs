//! The office reports, `/office/reports` and `/office/reports/{name}`: a report's period and
//! kelurahan chosen in a plain GET form, its chart drawn by the server as inline SVG, its table
//! under it, and the same table as `?format=csv` or `?format=xlsx`. Peksos, supervisors and
//! admins read them over their own area; every view and download is audited with its filter.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use maud::{html, Markup};
use pandu_core::wilayah;
use serde::Deserialize;

use super::layout::{self, page, Bi};
use super::session::{url_escape, Office, OFFICE_ROLES};
use super::Lang;
use crate::api::AppState;
use crate::document::local_date;
use crate::reports::{self, csv, svg, xlsx, Built, Params, Report, Table, REPORTS};
use crate::store::reports::Period;

/// A report's query: the period, one kelurahan (empty: the whole area), the file format
/// (empty: the page).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    from: String,
    to: String,
    kelurahan: String,
    format: String,
}

/// Why a query was refused.
const BAD_PERIOD: Bi = Bi(
    "Periode tidak valid: isi tanggal sebagai TTTT-BB-HH, dan tanggal akhir tidak boleh sebelum tanggal awal.",
    "Invalid period: give dates as YYYY-MM-DD, and the last day may not be before the first.",
);
/// Why a kelurahan was refused.
const BAD_KELURAHAN: Bi = Bi(
    "Kelurahan ini tidak ada di wilayah Anda.",
    "This kelurahan is not in your area.",
);
/// Why a format was refused.
const BAD_FORMAT: Bi = Bi(
    "Format tidak dikenal: pilih csv atau xlsx.",
    "Unknown format: choose csv or xlsx.",
);

/// `GET /office/reports`.
pub async fn index(office: Office) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let lang = office.lang;
    let body = html! {
        ul.reports {
            @for r in &REPORTS {
                li {
                    a href={ "/office/reports/" (r.name) } { (r.title.in_(lang)) }
                    p { (r.about.in_(lang)) }
                }
            }
        }
    };
    page(lang, Bi("Laporan", "Reports"), Some(&office), body).into_response()
}

/// `GET /office/reports/{name}`.
pub async fn show(
    State(state): State<AppState>,
    office: Office,
    Path(name): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    if !office.may(&OFFICE_ROLES) {
        return layout::forbidden(&office);
    }
    let Some(report) = reports::find(&name) else {
        return layout::not_found(&office);
    };
    let params = match params(report, &office, &asked) {
        Ok(params) => params,
        Err(why) => return refused(report, &office, &asked, why),
    };
    if !["", "csv", "xlsx"].contains(&asked.format.as_str()) {
        return refused(report, &office, &asked, BAD_FORMAT);
    }
    let built = match built_and_audited(&state, &office, report, &params, &asked).await {
        Ok(built) => built,
        Err(e) => return layout::failure(office.lang, &e),
    };
    match asked.format.as_str() {
        "csv" => attachment(
            "text/csv; charset=utf-8",
            &file_name(report, &params, "csv"),
            csv::write(&built.table, office.lang, &[]),
        ),
        "xlsx" => xlsx_file(report, &office, &params, &built.table),
        _ => shown(report, &office, &params, &asked, &built),
    }
}

/// Build `report` for `params` and write the audit line of this view or download.
async fn built_and_audited(
    state: &AppState,
    office: &Office,
    report: &Report,
    params: &Params,
    asked: &Asked,
) -> Result<Built, crate::store::StoreError> {
    let built = report.build(state.store.as_ref(), params).await?;
    let format = if asked.format.is_empty() {
        "page"
    } else {
        &asked.format
    };
    let subject = format!(
        "from={} to={} kelurahan={} format={format}",
        params.period.from, params.period.to, asked.kelurahan
    );
    state
        .store
        .audit(&office.audit(report.audit, subject))
        .await?;
    Ok(built)
}

/// The kelurahan an office user asked for: their whole area when `kelurahan` is empty, else
/// that one kelurahan if it is in their area.
pub fn area(office: &Office, kelurahan: &str) -> Result<Vec<String>, Bi> {
    match kelurahan {
        "" => Ok(office.user.scope.clone()),
        k if office.user.covers(k) => Ok(vec![k.to_owned()]),
        _ => Err(BAD_KELURAHAN),
    }
}

/// The period and area asked for, checked against the reader's area.
fn params(report: &Report, office: &Office, asked: &Asked) -> Result<Params, Bi> {
    let fallback = report.default_period(local_date(Utc::now()));
    let day = |text: &str, default: NaiveDate| match text {
        "" => Ok(default),
        t => t.parse::<NaiveDate>().map_err(|_| BAD_PERIOD),
    };
    let period = Period {
        from: day(&asked.from, fallback.from)?,
        to: day(&asked.to, fallback.to)?,
    };
    if period.to < period.from {
        return Err(BAD_PERIOD);
    }
    Ok(Params {
        period,
        scope: area(office, &asked.kelurahan)?,
        lang: office.lang,
    })
}

/// 400: the report's page with the filter form and why the query was refused.
fn refused(report: &Report, office: &Office, asked: &Asked, why: Bi) -> Response {
    let lang = office.lang;
    let body = html! {
        p.error role="alert" { (why.in_(lang)) }
        (filter_form(office, &asked.from, &asked.to, &asked.kelurahan))
    };
    (
        StatusCode::BAD_REQUEST,
        page(lang, report.title, Some(office), body),
    )
        .into_response()
}

/// A file download: `bytes` of `content_type`, saved as `file_name`.
pub fn attachment(content_type: &'static str, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The name of `report`'s file for `params`, with extension `ext`.
fn file_name(report: &Report, params: &Params, ext: &str) -> String {
    format!(
        "{}_{}_{}.{ext}",
        report.name, params.period.from, params.period.to
    )
}

/// The table as an XLSX download.
fn xlsx_file(report: &Report, office: &Office, params: &Params, table: &Table) -> Response {
    let about = xlsx::About {
        title: report.title.in_(office.lang).to_owned(),
        author: office.user.username.clone(),
        comment: format!("{} – {}", params.period.from, params.period.to),
    };
    match xlsx::write(table, office.lang, &about) {
        Ok(bytes) => attachment(XLSX_TYPE, &file_name(report, params, "xlsx"), bytes),
        Err(e) => layout::failure(office.lang, &e),
    }
}

/// The XLSX media type.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The report's page: the filter, the chart, the table, the downloads.
fn shown(
    report: &Report,
    office: &Office,
    params: &Params,
    asked: &Asked,
    built: &Built,
) -> Response {
    let lang = office.lang;
    let (from, to) = (params.period.from.to_string(), params.period.to.to_string());
    let query = format!(
        "from={from}&to={to}&kelurahan={}",
        url_escape(&asked.kelurahan)
    );
    let body = html! {
        p.about { (report.about.in_(lang)) }
        (filter_form(office, &from, &to, &asked.kelurahan))
        figure.report-chart {
            (svg::draw(&built.chart, report.title.in_(lang), lang))
            figcaption { (report.title.in_(lang)) ", " (from) " – " (to) }
        }
        p.downloads {
            a #download-csv href={ "?" (query) "&format=csv" } download { (lang.pick("Unduh CSV", "Download CSV")) }
            " · "
            a #download-xlsx href={ "?" (query) "&format=xlsx" } download { (lang.pick("Unduh XLSX (Excel)", "Download XLSX (Excel)")) }
        }
        (table(&built.table, lang))
    };
    page(lang, report.title, Some(office), body).into_response()
}

/// The GET form choosing the period and the kelurahan.
fn filter_form(office: &Office, from: &str, to: &str, kelurahan: &str) -> Markup {
    let lang = office.lang;
    html! {
        form.filters method="get" {
            label { (lang.pick("Dari", "From")) " " input type="date" name="from" value=(from); }
            label { (lang.pick("Sampai", "To")) " " input type="date" name="to" value=(to); }
            label {
                (lang.pick("Kelurahan", "Kelurahan")) " "
                (kelurahan_options(office, kelurahan))
            }
            button type="submit" { (lang.pick("Tampilkan", "Show")) }
        }
    }
}

/// The kelurahan choice: the reader's whole area, or one kelurahan of it (`chosen` selected).
pub fn kelurahan_options(office: &Office, chosen: &str) -> Markup {
    html! {
        select name="kelurahan" {
            option value="" { (office.lang.pick("Seluruh wilayah saya", "All my area")) }
            @for code in &office.user.scope {
                option value=(code) selected[code == chosen] {
                    (wilayah::kelurahan(code).map_or(code.as_str(), |k| k.name.as_str()))
                }
            }
        }
    }
}

/// The table as HTML, each column's kind in `data-kind`, numbers right-aligned by the style.
fn table(t: &Table, lang: Lang) -> Markup {
    html! {
        table.report #report-table {
            thead { tr { @for c in &t.columns { th scope="col" { (c.title.in_(lang)) } } } }
            tbody {
                @for row in &t.rows { tr {
                    @for (cell, column) in row.iter().zip(&t.columns) {
                        td data-kind=(format!("{:?}", column.kind).to_lowercase()) { (cell.show(lang)) }
                    }
                } }
                @if t.rows.is_empty() {
                    tr { td colspan=(t.columns.len()) { (lang.pick("Tidak ada data dalam periode ini.", "No data in this period.")) } }
                }
            }
        }
    }
}
