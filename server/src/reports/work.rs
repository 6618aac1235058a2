//! Report (c): visits and decisions per peksos — for each author, the home visits (and refused
//! visits) the server received in the period, and the office's decisions made in the period on
//! that author's records, by kind.

use std::collections::BTreeMap;

use super::{
    last_six_months, series, Built, Cell, Chart, ChartKind, Column, ColumnKind, Params, Report,
    Source, Table,
};
use crate::store::reports::{AuthorDecisions, AuthorWork};
use crate::store::{Store, StoreResult};
use crate::web::Bi;

/// The report's name.
pub const NAME: &str = "visits-decisions";

/// The report.
pub const REPORT: Report = Report {
    name: NAME,
    title: Bi(
        "Kunjungan dan keputusan per petugas",
        "Visits and decisions per peksos",
    ),
    about: Bi(
        "Kunjungan: catatan kunjungan rumah yang diterima server dalam periode (menurut waktu terima, UTC), per penulis. Keputusan: keputusan kantor yang dibuat dalam periode atas catatan penulis itu, per jenis.",
        "Visits: home-visit records the server received in the period (by time received, UTC), per author. Decisions: office decisions made in the period on that author's records, by kind.",
    ),
    audit: "report.visits_decisions",
    default_period: last_six_months,
    source: Source::Work,
};

/// The decision kinds counted, as stored, with their column titles.
const KINDS: [(&str, Bi); 5] = [
    ("approve", Bi("Layanan dasar (a)", "Basic services (a)")),
    ("card", Bi("Kartu (b)", "Card (b)")),
    ("letter", Bi("Surat (c)", "Letter (c)")),
    ("send_back", Bi("Dikembalikan", "Sent back")),
    ("reject", Bi("Ditolak", "Rejected")),
];

/// One author's line: visits, refused visits, then decisions by [`KINDS`].
#[derive(Default)]
struct Line {
    visits: i64,
    refused: i64,
    decisions: [i64; 5],
}

/// Build the report.
pub async fn build(store: &dyn Store, p: &Params) -> StoreResult<Built> {
    let work = store.work_by_author(&p.scope, p.period).await?;
    let decisions = store.decisions_by_author(&p.scope, p.period).await?;
    Ok(shape(&work, &decisions))
}

/// The table and chart of the counts.
fn shape(work: &[AuthorWork], decisions: &[AuthorDecisions]) -> Built {
    let lines = lines(work, decisions);
    let mut columns = vec![
        Column {
            title: Bi("Petugas", "Peksos"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Kunjungan", "Visits"),
            kind: ColumnKind::Count,
        },
        Column {
            title: Bi("Kunjungan ditolak", "Refused visits"),
            kind: ColumnKind::Count,
        },
    ];
    columns.extend(KINDS.iter().map(|(_, title)| Column {
        title: *title,
        kind: ColumnKind::Count,
    }));
    columns.push(Column {
        title: Bi("Jumlah keputusan", "Decisions in all"),
        kind: ColumnKind::Count,
    });
    let rows = lines.iter().map(|(author, l)| {
        let mut row = vec![
            Cell::Text(author.clone()),
            Cell::Count(l.visits),
            Cell::Count(l.refused),
        ];
        row.extend(l.decisions.iter().map(|n| Cell::Count(*n)));
        row.push(Cell::Count(l.decisions.iter().sum()));
        row
    });
    let chart = Chart {
        kind: ChartKind::Grouped,
        categories: lines.keys().cloned().collect(),
        category_axis: Bi("Petugas", "Peksos"),
        value_axis: Bi("Jumlah", "Count"),
        rupiah: false,
        series: vec![
            series(
                "Kunjungan",
                "Visits",
                lines.values().map(|l| l.visits).collect(),
            ),
            series(
                "Keputusan",
                "Decisions",
                lines.values().map(|l| l.decisions.iter().sum()).collect(),
            ),
        ],
    };
    Built {
        table: Table {
            columns,
            rows: rows.collect(),
        },
        chart,
    }
}

/// The counts by author, in name order.
fn lines(work: &[AuthorWork], decisions: &[AuthorDecisions]) -> BTreeMap<String, Line> {
    let mut lines: BTreeMap<String, Line> = BTreeMap::new();
    for w in work {
        let line = lines.entry(w.author.clone()).or_default();
        line.visits += w.visits;
        line.refused += w.refused;
    }
    for d in decisions {
        if let Some(i) = KINDS.iter().position(|(k, _)| *k == d.kind) {
            lines.entry(d.author.clone()).or_default().decisions[i] += d.count;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_get_one_line_with_their_visits_and_decisions() {
        let work = [AuthorWork {
            author: "budi".into(),
            visits: 3,
            refused: 1,
        }];
        let decided = |author: &str, kind: &str, count| AuthorDecisions {
            author: author.into(),
            kind: kind.into(),
            count,
        };
        let built = shape(
            &work,
            &[decided("budi", "card", 2), decided("ani", "reject", 1)],
        );
        assert_eq!(built.table.rows.len(), 2);
        let budi = &built.table.rows[1];
        assert_eq!(budi[0], Cell::Text("budi".into()));
        assert_eq!(&budi[1..3], &[Cell::Count(3), Cell::Count(1)]);
        assert_eq!(budi[4], Cell::Count(2));
        assert_eq!(budi[8], Cell::Count(2));
        assert_eq!(built.chart.series[1].values, vec![1, 2]);
    }
}
