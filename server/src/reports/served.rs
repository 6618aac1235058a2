//! Report (a): families served — the help recorded in the period (voided rows left out), by
//! month, by type of help or by kelurahan: how many families, how many times, how much paid
//! (net of corrections). A family helped in two months counts once in each month but once in
//! the total, which is why the total row's families are not the sum of the rows'.

use std::collections::{BTreeMap, HashSet};

use super::{
    kelurahan_name, last_six_months, series, Built, Cell, Chart, ChartKind, Column, ColumnKind,
    Params, Report, Source, Table,
};
use crate::assistance::AssistanceKind;
use crate::store::funds::{AssistanceFilter, AssistanceRow};
use crate::store::{Store, StoreResult};
use crate::web::{Bi, Lang};

/// How the help is grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// By the month it was given.
    Month,
    /// By type of help.
    Kind,
    /// By the household's kelurahan.
    Kelurahan,
}

/// What every grouping says of its count and its total row.
const ABOUT: Bi = Bi(
    "Bantuan yang dicatat dalam periode (menurut tanggal diberikan; bantuan yang dibatalkan tidak dihitung, jumlah setelah koreksi). Keluarga yang dibantu di dua kelompok dihitung di keduanya, tetapi sekali saja di baris jumlah.",
    "Help recorded in the period (by the day given; voided help left out, amounts net of corrections). A family helped in two groups counts in both, but once only in the total row.",
);

/// The report by month.
pub const BY_MONTH: Report = Report {
    name: "served-by-month",
    title: Bi(
        "Keluarga yang dilayani per bulan",
        "Families served by month",
    ),
    about: ABOUT,
    audit: "report.served_by_month",
    default_period: last_six_months,
    source: Source::Served(Group::Month),
};

/// The report by type of help.
pub const BY_KIND: Report = Report {
    name: "served-by-kind",
    title: Bi(
        "Keluarga yang dilayani per jenis bantuan",
        "Families served by type of help",
    ),
    about: ABOUT,
    audit: "report.served_by_kind",
    default_period: last_six_months,
    source: Source::Served(Group::Kind),
};

/// The report by kelurahan.
pub const BY_KELURAHAN: Report = Report {
    name: "served-by-kelurahan",
    title: Bi(
        "Keluarga yang dilayani per kelurahan",
        "Families served by kelurahan",
    ),
    about: ABOUT,
    audit: "report.served_by_kelurahan",
    default_period: last_six_months,
    source: Source::Served(Group::Kelurahan),
};

/// One group's families, help given and rupiah paid.
#[derive(Default)]
struct Served {
    families: HashSet<String>,
    given: i64,
    paid: i64,
}

impl Served {
    fn add(&mut self, row: &AssistanceRow) {
        self.families.insert(row.household_id.clone());
        self.given += 1;
        self.paid += row.net_amount;
    }

    fn cells(&self, label: String) -> Vec<Cell> {
        vec![
            Cell::Text(label),
            Cell::Count(self.families.len() as i64),
            Cell::Count(self.given),
            Cell::Rupiah(self.paid),
        ]
    }
}

/// Build the report grouped `by`.
pub async fn build(store: &dyn Store, p: &Params, by: Group) -> StoreResult<Built> {
    let filter = AssistanceFilter {
        from: Some(p.period.from),
        to: Some(p.period.to),
        ..AssistanceFilter::default()
    };
    let rows: Vec<AssistanceRow> = store
        .assistance(&filter)
        .await?
        .into_iter()
        .filter(|r| p.scope.contains(&r.kelurahan) && !r.voided())
        .collect();
    Ok(shape(&rows, by, p.lang))
}

/// The group of `row`: a key that sorts the groups, and the label shown.
fn group_of(row: &AssistanceRow, by: Group, lang: Lang) -> (String, String) {
    match by {
        Group::Month => {
            let month = row.given_on.format("%Y-%m").to_string();
            (month.clone(), month)
        }
        Group::Kind => {
            let i = AssistanceKind::ALL
                .iter()
                .position(|k| *k == row.kind)
                .unwrap_or(0);
            let (id, en) = row.kind.label();
            (i.to_string(), lang.pick(id, en).to_owned())
        }
        Group::Kelurahan => (row.kelurahan.clone(), kelurahan_name(&row.kelurahan)),
    }
}

/// The title of the grouping column.
fn group_title(by: Group) -> Bi {
    match by {
        Group::Month => Bi("Bulan", "Month"),
        Group::Kind => Bi("Jenis bantuan", "Type of help"),
        Group::Kelurahan => Bi("Kelurahan", "Kelurahan"),
    }
}

/// The table (a row per group and the total) and the families per group as bars.
fn shape(rows: &[AssistanceRow], by: Group, lang: Lang) -> Built {
    let mut groups: BTreeMap<String, (String, Served)> = BTreeMap::new();
    let mut total = Served::default();
    for row in rows {
        let (key, label) = group_of(row, by, lang);
        groups
            .entry(key)
            .or_insert_with(|| (label, Served::default()))
            .1
            .add(row);
        total.add(row);
    }
    let columns = vec![
        Column {
            title: group_title(by),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Keluarga", "Families"),
            kind: ColumnKind::Count,
        },
        Column {
            title: Bi("Bantuan diberikan", "Help given"),
            kind: ColumnKind::Count,
        },
        Column {
            title: Bi("Jumlah dibayar", "Paid out"),
            kind: ColumnKind::Rupiah,
        },
    ];
    let mut table_rows: Vec<Vec<Cell>> = groups
        .values()
        .map(|(label, s)| s.cells(label.clone()))
        .collect();
    table_rows.push(total.cells(lang.pick("Jumlah", "Total").to_owned()));
    let chart = Chart {
        kind: ChartKind::Grouped,
        categories: groups.values().map(|(label, _)| label.clone()).collect(),
        category_axis: group_title(by),
        value_axis: Bi("Jumlah keluarga", "Families"),
        rupiah: false,
        series: vec![series(
            "Keluarga",
            "Families",
            groups
                .values()
                .map(|(_, s)| s.families.len() as i64)
                .collect(),
        )],
    };
    Built {
        table: Table {
            columns,
            rows: table_rows,
        },
        chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        household: &str,
        kel: &str,
        kind: AssistanceKind,
        amount: i64,
        given_on: &str,
    ) -> AssistanceRow {
        AssistanceRow {
            id: 0,
            household_id: household.into(),
            member_id: None,
            kind,
            level: None,
            amount,
            net_amount: amount,
            given_on: given_on.parse().unwrap(),
            partner_id: 1,
            partner_name: "LKS Mitra Kenanga".into(),
            document_number: "PKU-2015-000001".into(),
            kelurahan: kel.into(),
            out_of_range_reason: None,
            recorded_by: "sri".into(),
            entry_id: 0,
            corrected: false,
        }
    }

    #[test]
    fn families_count_once_per_group_and_once_in_the_total() {
        let rows = [
            row(
                "h1",
                "13.76.01.1002",
                AssistanceKind::Health,
                1_000_000,
                "2015-05-04",
            ),
            row(
                "h1",
                "13.76.01.1002",
                AssistanceKind::Education,
                350_000,
                "2015-06-10",
            ),
            row(
                "h2",
                "13.76.05.1001",
                AssistanceKind::Health,
                1_250_000,
                "2015-06-11",
            ),
        ];
        let by_month = shape(&rows, Group::Month, Lang::Id);
        // May: h1 once, Rp 1,000,000; June: h1 and h2, Rp 1,600,000; total: 2 families, 3 helps.
        assert_eq!(
            by_month.table.rows[0],
            vec![
                Cell::Text("2015-05".into()),
                Cell::Count(1),
                Cell::Count(1),
                Cell::Rupiah(1_000_000)
            ]
        );
        assert_eq!(
            by_month.table.rows[1][1..],
            [Cell::Count(2), Cell::Count(2), Cell::Rupiah(1_600_000)]
        );
        assert_eq!(
            by_month.table.rows[2][1..],
            [Cell::Count(2), Cell::Count(3), Cell::Rupiah(2_600_000)]
        );
        let by_kind = shape(&rows, Group::Kind, Lang::Id);
        assert_eq!(
            by_kind.table.rows[0][1..],
            [Cell::Count(2), Cell::Count(2), Cell::Rupiah(2_250_000)]
        );
        assert_eq!(by_kind.chart.series[0].values, vec![2, 1]);
        let by_kelurahan = shape(&rows, Group::Kelurahan, Lang::Id);
        assert_eq!(by_kelurahan.table.rows.len(), 3);
        assert_eq!(by_kelurahan.table.rows[1][3], Cell::Rupiah(1_250_000));
    }
}
