//! The verified household list as a table: one row per household of the area with a home
//! visit — its kelurahan, head (name, NIK as the rule allows), latest visit (day, path, score),
//! the office's newest decision, its card or letter and whether it is valid today, and the help
//! it received (how many times, how much, net of corrections).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{assessment, head, shown_nik, Nik};
use crate::reports::{Cell, Column, ColumnKind, Table};
use crate::store::funds::AssistanceRow;
use crate::store::reports::VerifiedHousehold;
use crate::web::Bi;

/// The columns.
const COLUMNS: [(Bi, ColumnKind); 13] = [
    (Bi("Kode kelurahan", "Kelurahan code"), ColumnKind::Text),
    (Bi("Kelurahan", "Kelurahan"), ColumnKind::Text),
    (Bi("Keluarga (id)", "Household (id)"), ColumnKind::Text),
    (Bi("Kepala keluarga", "Head of family"), ColumnKind::Text),
    (Bi("NIK kepala", "Head's NIK"), ColumnKind::Text),
    (Bi("Kunjungan terakhir", "Latest visit"), ColumnKind::Text),
    (Bi("Jalur", "Path"), ColumnKind::Text),
    (
        Bi("Skor (terpenuhi/batas)", "Score (met/threshold)"),
        ColumnKind::Text,
    ),
    (
        Bi("Keputusan terakhir", "Latest decision"),
        ColumnKind::Text,
    ),
    (Bi("Kartu/surat", "Card/letter"), ColumnKind::Text),
    (Bi("Berlaku sampai", "Valid until"), ColumnKind::Text),
    (Bi("Bantuan (kali)", "Help (times)"), ColumnKind::Count),
    (Bi("Bantuan (rupiah)", "Help (rupiah)"), ColumnKind::Rupiah),
];

/// The list of `households` with the help in `help`, NIKs by `nik`, validity as of `today`.
pub fn table(
    households: &[VerifiedHousehold],
    help: &[AssistanceRow],
    nik: Nik,
    today: NaiveDate,
) -> Table {
    let mut received: HashMap<&str, (i64, i64)> = HashMap::new();
    for row in help.iter().filter(|r| !r.voided()) {
        let r = received.entry(row.household_id.as_str()).or_default();
        r.0 += 1;
        r.1 += row.net_amount;
    }
    Table {
        columns: COLUMNS
            .iter()
            .map(|(title, kind)| Column {
                title: *title,
                kind: *kind,
            })
            .collect(),
        rows: households
            .iter()
            .map(|h| {
                row(
                    h,
                    received
                        .get(h.household_id.as_str())
                        .copied()
                        .unwrap_or_default(),
                    nik,
                    today,
                )
            })
            .collect(),
    }
}

/// One household's row.
fn row(
    h: &VerifiedHousehold,
    (times, rupiah): (i64, i64),
    nik: Nik,
    today: NaiveDate,
) -> Vec<Cell> {
    let (name, head_nik) = head(h);
    let a = assessment(h);
    let score = format!("{}/{}", a["score"]["met"], a["score"]["min_met"]);
    let text = |s: &str| Cell::Text(s.to_owned());
    let validity = match &h.document {
        Some((_, until)) if *until >= today => format!("{until}"),
        Some((_, until)) => format!("{until} (habis / expired)"),
        None => String::new(),
    };
    vec![
        text(&h.kelurahan),
        Cell::Text(
            pandu_core::wilayah::kelurahan(&h.kelurahan)
                .map_or_else(String::new, |k| k.name.clone()),
        ),
        text(&h.household_id),
        Cell::Text(name),
        Cell::Text(head_nik.map(|n| shown_nik(&n, nik)).unwrap_or_default()),
        text(h.visited_at.get(..10).unwrap_or_default()),
        text(a["path"].as_str().unwrap_or_default()),
        Cell::Text(if a.is_null() { String::new() } else { score }),
        text(h.decision.as_deref().unwrap_or_default()),
        text(h.document.as_ref().map_or("", |d| d.0.as_str())),
        Cell::Text(validity),
        Cell::Count(times),
        Cell::Rupiah(rupiah),
    ]
}
