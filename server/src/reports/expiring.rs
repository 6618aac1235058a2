//! Report (e): cards and letters expiring next month — every unrevoked card or letter whose
//! last valid day falls in the period (next month unless asked otherwise), with the family's
//! head, so the office can call them for a renewal visit; the chart counts them by kelurahan.
//! The list names families, so opening it is audited like any personal-data read.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use pandu_core::household::Household;

use super::{
    kelurahan_chart, kelurahan_name, month_end, month_start, Built, Cell, ChartKind, Column,
    ColumnKind, Params, Report, Source, Table,
};
use crate::store::decisions::DocumentKind;
use crate::store::reports::{ExpiringDocument, Period};
use crate::store::{Store, StoreResult};
use crate::web::{Bi, Lang};

/// The report's name.
pub const NAME: &str = "expiring";

/// The report.
pub const REPORT: Report = Report {
    name: NAME,
    title: Bi(
        "Kartu dan surat yang habis masa berlakunya",
        "Cards and letters expiring",
    ),
    about: Bi(
        "Kartu dan surat rekomendasi yang belum dicabut dan hari terakhir berlakunya jatuh dalam periode (bawaan: bulan depan). Kartu diperpanjang hanya dengan kunjungan verifikasi baru.",
        "Cards and recommendation letters not revoked whose last valid day falls in the period (default: next month). A card is renewed only on a new verification visit.",
    ),
    audit: "report.expiring",
    default_period: next_month,
    source: Source::Expiring,
};

/// The whole month after `today`'s.
fn next_month(today: NaiveDate) -> Period {
    let next = month_start(today)
        .checked_add_months(Months::new(1))
        .unwrap_or(today);
    Period {
        from: next,
        to: month_end(next),
    }
}

/// Build the report.
pub async fn build(store: &dyn Store, p: &Params) -> StoreResult<Built> {
    let documents = store.documents_expiring(&p.scope, p.period).await?;
    let ids: Vec<String> = documents.iter().map(|d| d.household_id.clone()).collect();
    let heads = store
        .households_data(&ids)
        .await?
        .into_iter()
        .map(|(id, data)| (id, head_name(&data)))
        .collect();
    Ok(shape(&documents, &heads, p.lang))
}

/// The name of the head of the family whose data JSON is `data` (else its first member).
fn head_name(data: &str) -> String {
    let Ok(household) = serde_json::from_str::<Household>(data) else {
        return String::new();
    };
    household
        .head()
        .or(household.members.first())
        .map(|m| m.name.clone())
        .unwrap_or_default()
}

/// The kind's label.
fn kind_label(kind: DocumentKind) -> Bi {
    match kind {
        DocumentKind::Card => Bi("Kartu", "Card"),
        DocumentKind::Letter => Bi("Surat rekomendasi", "Recommendation letter"),
    }
}

/// The list as a table, and the counts by kelurahan as a stacked chart.
fn shape(documents: &[ExpiringDocument], heads: &HashMap<String, String>, lang: Lang) -> Built {
    let columns = vec![
        Column {
            title: Bi("Berlaku sampai", "Valid until"),
            kind: ColumnKind::Date,
        },
        Column {
            title: Bi("Nomor", "Number"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Jenis", "Kind"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Kelurahan", "Kelurahan"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Kepala keluarga", "Head of family"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Keluarga (id)", "Household (id)"),
            kind: ColumnKind::Text,
        },
    ];
    let rows = documents
        .iter()
        .map(|d| {
            let kind = kind_label(d.kind);
            vec![
                Cell::Date(d.valid_until),
                Cell::Text(d.number.clone()),
                Cell::Text(lang.pick(kind.0, kind.1).to_owned()),
                Cell::Text(kelurahan_name(&d.kelurahan)),
                Cell::Text(heads.get(&d.household_id).cloned().unwrap_or_default()),
                Cell::Text(d.household_id.clone()),
            ]
        })
        .collect();
    let mut counts: BTreeMap<String, [i64; 2]> = BTreeMap::new();
    for d in documents {
        counts.entry(d.kelurahan.clone()).or_default()
            [usize::from(d.kind == DocumentKind::Letter)] += 1;
    }
    let chart = kelurahan_chart(
        ChartKind::Stacked,
        &counts,
        Bi("Jumlah dokumen", "Documents"),
        &[(Bi("Kartu", "Cards"), 0), (Bi("Surat", "Letters"), 1)],
    );
    Built {
        table: Table { columns, rows },
        chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_month_is_the_whole_month_after() {
        let p = next_month("2026-12-15".parse().unwrap());
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2027-01-01".into(), "2027-01-31".into())
        );
    }

    #[test]
    fn documents_are_listed_and_counted_by_kind_and_kelurahan() {
        let doc = |number: &str, kind, kel: &str| ExpiringDocument {
            number: number.into(),
            kind,
            household_id: format!("h-{number}"),
            kelurahan: kel.into(),
            valid_until: "2027-01-05".parse().unwrap(),
        };
        let docs = [
            doc("PKU-1", DocumentKind::Card, "13.76.01.1002"),
            doc("REK-1", DocumentKind::Letter, "13.76.01.1002"),
            doc("PKU-2", DocumentKind::Card, "13.76.01.1002"),
        ];
        let heads = HashMap::from([("h-PKU-1".to_owned(), "Siti".to_owned())]);
        let built = shape(&docs, &heads, Lang::Id);
        assert_eq!(built.table.rows.len(), 3);
        assert_eq!(built.table.rows[0][4], Cell::Text("Siti".into()));
        assert_eq!(built.chart.series[0].values, vec![2]);
        assert_eq!(built.chart.series[1].values, vec![1]);
    }
}
