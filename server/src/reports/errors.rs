//! Report (d): inclusion and exclusion errors found against PPLS 2011, by kelurahan. Each
//! household visited in the period counts once, by its latest visit there (received time, then
//! record id): an inclusion error when that visit's assessment found the household registered
//! in PPLS 2011 but not meeting the poverty rule, an exclusion error when it found the household
//! meeting the rule but not registered. Both flags are the core's assessment, kept with the
//! record at intake (`crate::review::FLAGS`).

use std::collections::{BTreeMap, HashMap};

use super::{
    kelurahan_chart, kelurahan_name, last_six_months, Built, Cell, ChartKind, Column, ColumnKind,
    Params, Report, Source, Table,
};
use crate::review::flag_bit;
use crate::store::reports::VisitFact;
use crate::store::{Store, StoreResult};
use crate::web::Bi;

/// The report's name.
pub const NAME: &str = "ppls-errors";

/// The report.
pub const REPORT: Report = Report {
    name: NAME,
    title: Bi(
        "Kesalahan inklusi dan eksklusi PPLS 2011 per kelurahan",
        "PPLS 2011 inclusion and exclusion errors by kelurahan",
    ),
    about: Bi(
        "Setiap keluarga yang dikunjungi dalam periode dihitung sekali, menurut kunjungan terakhirnya dalam periode. Kesalahan inklusi: terdaftar di PPLS 2011 tetapi kunjungan menemukan kriteria miskin tidak terpenuhi (skor di bawah aturan). Kesalahan eksklusi: kunjungan menemukan kriteria terpenuhi tetapi keluarga tidak terdaftar di PPLS 2011. Keluarga yang tidak dikenal server (tanpa kelurahan) tidak dihitung.",
        "Each household visited in the period counts once, by its latest visit in the period. Inclusion error: registered in PPLS 2011 but the visit found the poverty criteria not met (score under the rule). Exclusion error: the visit found the criteria met but the household is not in PPLS 2011. Households the server does not know (no kelurahan) are not counted.",
    ),
    audit: "report.ppls_errors",
    default_period: last_six_months,
    source: Source::Errors,
};

/// Households visited, inclusion errors, exclusion errors.
type Counts = [i64; 3];

/// Build the report.
pub async fn build(store: &dyn Store, p: &Params) -> StoreResult<Built> {
    Ok(shape(&by_kelurahan(
        &store.visit_facts(&p.scope, p.period).await?,
    )))
}

/// The counts by kelurahan code, each household by its latest visit among `facts` (which come
/// oldest first).
fn by_kelurahan(facts: &[VisitFact]) -> BTreeMap<String, Counts> {
    let latest: HashMap<&str, &VisitFact> =
        facts.iter().map(|f| (f.household_id.as_str(), f)).collect();
    let (inclusion, exclusion) = (flag_bit("inclusion"), flag_bit("exclusion"));
    let holds = |f: &VisitFact, bit: Option<i64>| i64::from(bit.is_some_and(|b| f.flags & b != 0));
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for f in latest.values() {
        let c = counts.entry(f.kelurahan.clone()).or_default();
        c[0] += 1;
        c[1] += holds(f, inclusion);
        c[2] += holds(f, exclusion);
    }
    counts
}

/// The table and chart of the counts.
fn shape(counts: &BTreeMap<String, Counts>) -> Built {
    let columns = vec![
        Column {
            title: Bi("Kode", "Code"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Kelurahan", "Kelurahan"),
            kind: ColumnKind::Text,
        },
        Column {
            title: Bi("Keluarga dikunjungi", "Households visited"),
            kind: ColumnKind::Count,
        },
        Column {
            title: Bi("Kesalahan inklusi", "Inclusion errors"),
            kind: ColumnKind::Count,
        },
        Column {
            title: Bi("Kesalahan eksklusi", "Exclusion errors"),
            kind: ColumnKind::Count,
        },
    ];
    let rows = counts
        .iter()
        .map(|(code, c)| {
            let mut row = vec![Cell::Text(code.clone()), Cell::Text(kelurahan_name(code))];
            row.extend(c.iter().map(|n| Cell::Count(*n)));
            row
        })
        .collect();
    let chart = kelurahan_chart(
        ChartKind::Grouped,
        counts,
        Bi("Jumlah keluarga", "Households"),
        &[
            (Bi("Kesalahan inklusi", "Inclusion errors"), 1),
            (Bi("Kesalahan eksklusi", "Exclusion errors"), 2),
        ],
    );
    Built {
        table: Table { columns, rows },
        chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(kelurahan: &str, household: &str, at: &str, flags: i64) -> VisitFact {
        VisitFact {
            kelurahan: kelurahan.into(),
            household_id: household.into(),
            record_id: format!("r-{household}-{at}"),
            received_at: at.into(),
            flags,
        }
    }

    #[test]
    fn a_household_counts_once_by_its_latest_visit() {
        let facts = [
            fact("k1", "h1", "1", 16),
            fact("k1", "h1", "2", 0),
            fact("k1", "h2", "1", 32),
            fact("k2", "h3", "1", 16),
        ];
        let counts = by_kelurahan(&facts);
        assert_eq!(counts["k1"], [2, 0, 1]);
        assert_eq!(counts["k2"], [1, 1, 0]);
    }
}
