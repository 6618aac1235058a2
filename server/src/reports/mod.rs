//! The office reports: each one a title, a period and an optional kelurahan, and what it
//! builds — one table of typed columns and one chart — which the office page draws (the chart as
//! inline SVG) and offers as CSV and XLSX. A report only computes; drawing and file formats
//! live in [`svg`], [`csv`] and [`xlsx`], so every report gets all three the same way.

pub mod csv;
mod errors;
mod expiring;
mod money;
mod served;
pub mod svg;
mod work;
pub mod xlsx;

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use pandu_core::{wilayah, Text};

use crate::store::reports::Period;
use crate::store::{Store, StoreResult};
use crate::web::{Bi, Lang};

/// What a column holds, which decides how it is shown and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// A whole count.
    Count,
    /// Integer rupiah.
    Rupiah,
    /// A calendar day.
    Date,
}

/// One value of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Free text.
    Text(String),
    /// A whole count.
    Count(i64),
    /// Integer rupiah.
    Rupiah(i64),
    /// A calendar day.
    Date(NaiveDate),
}

impl Cell {
    /// The value as page text in `lang` (rupiah with the language's thousands separator).
    pub fn show(&self, lang: Lang) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Count(n) => n.to_string(),
            Self::Rupiah(n) => crate::rupiah::format(*n, lang),
            Self::Date(d) => d.to_string(),
        }
    }
}

/// A column: its title and kind.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header.
    pub title: Bi,
    /// What it holds.
    pub kind: ColumnKind,
}

/// A report's table: columns and rows of cells in column order.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// How a chart draws its series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// One bar per series side by side in each category (one series: plain bars).
    Grouped,
    /// The series stacked in one bar per category.
    Stacked,
    /// One line per series across the categories (e.g. month ends).
    Line,
}

/// One series of a chart: its name and one value per category.
#[derive(Clone, Debug)]
pub struct Series {
    /// The name in the legend.
    pub name: Text,
    /// One value per category.
    pub values: Vec<i64>,
}

/// A chart: categories along one axis, values along the other.
#[derive(Clone, Debug)]
pub struct Chart {
    /// How the series are drawn.
    pub kind: ChartKind,
    /// The categories (kelurahan, user names, months).
    pub categories: Vec<String>,
    /// The axis the categories lie on.
    pub category_axis: Bi,
    /// The axis of the values.
    pub value_axis: Bi,
    /// True when the values are rupiah.
    pub rupiah: bool,
    /// The series.
    pub series: Vec<Series>,
}

/// What a report built: its table, its chart.
#[derive(Clone, Debug)]
pub struct Built {
    /// The table.
    pub table: Table,
    /// The chart.
    pub chart: Chart,
}

/// What a report is asked for.
#[derive(Clone, Debug)]
pub struct Params {
    /// The days it covers.
    pub period: Period,
    /// The kelurahan it covers: the reader's area, or one kelurahan of it.
    pub scope: Vec<String>,
    /// The language of its labels (kinds of help, totals), as of the page or download.
    pub lang: Lang,
}

/// A report the office can open.
#[derive(Clone, Copy, Debug)]
pub struct Report {
    /// Its name in the address, `/office/reports/{name}`.
    pub name: &'static str,
    /// Its title.
    pub title: Bi,
    /// What it counts and how, shown on its page.
    pub about: Bi,
    /// The audit action of opening or downloading it.
    pub audit: &'static str,
    /// Its default period, given today.
    default_period: fn(NaiveDate) -> Period,
    /// What builds it.
    source: Source,
}

/// What builds a report.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// Visits and decisions per peksos.
    Work,
    /// Inclusion and exclusion errors by kelurahan.
    Errors,
    /// Cards and letters expiring.
    Expiring,
    /// Families served, grouped.
    Served(served::Group),
    /// Money by partner.
    FundPartners,
    /// Balances at month ends.
    FundBalance,
}

impl Report {
    /// The period shown when none is asked for, given `today`.
    pub fn default_period(&self, today: NaiveDate) -> Period {
        (self.default_period)(today)
    }

    /// Build this report from `store` for `params`.
    pub async fn build(&self, store: &dyn Store, params: &Params) -> StoreResult<Built> {
        match self.source {
            Source::Work => work::build(store, params).await,
            Source::Errors => errors::build(store, params).await,
            Source::Expiring => expiring::build(store, params).await,
            Source::Served(by) => served::build(store, params, by).await,
            Source::FundPartners => money::build_by_partner(store, params).await,
            Source::FundBalance => money::build_by_month_end(store, params).await,
        }
    }
}

/// Every report, in the order the index lists them.
pub const REPORTS: [Report; 8] = [
    served::BY_MONTH,
    served::BY_KIND,
    served::BY_KELURAHAN,
    money::BY_PARTNER,
    money::BY_MONTH_END,
    work::REPORT,
    errors::REPORT,
    expiring::REPORT,
];

/// The report named `name`.
pub fn find(name: &str) -> Option<&'static Report> {
    REPORTS.iter().find(|r| r.name == name)
}

/// The six whole months before `today`'s month and this month up to its end.
fn last_six_months(today: NaiveDate) -> Period {
    let first = month_start(today);
    Period {
        from: first.checked_sub_months(Months::new(5)).unwrap_or(first),
        to: month_end(first),
    }
}

/// The first day of `day`'s month.
fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The last day of `day`'s month.
fn month_end(day: NaiveDate) -> NaiveDate {
    month_start(day)
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(day)
}

/// The name of kelurahan `code`, or the code when it is unknown.
fn kelurahan_name(code: &str) -> String {
    wilayah::kelurahan(code).map_or_else(|| code.to_owned(), |k| k.name.clone())
}

/// A chart of counts by kelurahan: one category per key of `counts` (kelurahan codes, shown by
/// name), and one series per (name, index into the counts) of `named`.
fn kelurahan_chart<const N: usize>(
    kind: ChartKind,
    counts: &BTreeMap<String, [i64; N]>,
    value_axis: Bi,
    named: &[(Bi, usize)],
) -> Chart {
    Chart {
        kind,
        categories: counts.keys().map(|k| kelurahan_name(k)).collect(),
        category_axis: Bi("Kelurahan", "Kelurahan"),
        value_axis,
        rupiah: false,
        series: named
            .iter()
            .map(|(name, i)| series(name.0, name.1, counts.values().map(|c| c[*i]).collect()))
            .collect(),
    }
}

/// A series whose name is the same in both languages.
fn series(id: &str, en: &str, values: Vec<i64>) -> Series {
    Series {
        name: Text::new(id, en),
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_default_period_is_six_months_through_this_one() {
        let p = last_six_months(day("2026-11-28"));
        assert_eq!((p.from, p.to), (day("2026-06-01"), day("2026-11-30")));
        assert_eq!(month_end(day("2024-02-10")), day("2024-02-29"));
    }

    #[test]
    fn every_report_is_found_by_its_name() {
        for report in &REPORTS {
            assert_eq!(find(report.name).map(|r| r.name), Some(report.name));
        }
        assert!(find("nope").is_none());
    }
}
