//! Report (b): the partner fund ledger — money in, money out and the balance per partner and
//! for the whole fund over a period, beside the balance a partner reported (so a figure that does
//! not add up shows, with its difference); and the balance at each month end as lines. The
//! ledger is the whole fund's, not an area's: the kelurahan choice does not narrow it.

use chrono::{Months, NaiveDate};
use pandu_core::Text;

use super::{
    last_six_months, month_end, month_start, Built, Cell, Chart, ChartKind, Column, ColumnKind,
    Params, Report, Series, Source, Table,
};
use crate::ledger::{self, FigureKind, Posting, Totals};
use crate::store::funds::{postings, Figure, Partner};
use crate::store::reports::Period;
use crate::store::{Store, StoreResult};
use crate::web::{Bi, Lang};

/// The report by partner over the period.
pub const BY_PARTNER: Report = Report {
    name: "fund-partners",
    title: Bi("Uang masuk, keluar dan saldo per mitra", "Money in, out and balance by partner"),
    about: Bi(
        "Dari buku besar dana mitra (koreksi dihitung): uang masuk dan keluar dalam periode, saldo pada hari terakhir periode. Saldo dilaporkan: angka saldo terakhir yang dicatat dari laporan mitra dalam periode; selisih = dilaporkan dikurangi saldo buku besar pada tanggal laporan itu. Buku besar mencakup seluruh dana, bukan satu wilayah.",
        "From the partner fund ledger (corrections counted): money in and out in the period, and the balance on its last day. Reported balance: the latest balance figure recorded from a partner's report in the period; difference = reported minus the ledger's balance on that figure's day. The ledger covers the whole fund, not one area.",
    ),
    audit: "report.fund_partners",
    default_period: last_six_months,
    source: Source::FundPartners,
};

/// The report of balances at month ends.
pub const BY_MONTH_END: Report = Report {
    name: "fund-balance",
    title: Bi("Saldo dana pada akhir bulan", "Fund balance at month ends"),
    about: Bi(
        "Dari buku besar dana mitra: uang masuk, keluar dan saldo sampai akhir setiap bulan dalam periode (bulan terakhir: sampai hari terakhir periode), per mitra dan seluruh dana.",
        "From the partner fund ledger: money in, out and the balance up to the end of each month in the period (the last month: up to the period's last day), per partner and for the whole fund.",
    ),
    audit: "report.fund_balance",
    default_period: last_six_months,
    source: Source::FundBalance,
};

/// The ledger as the reports read it.
struct Ledger {
    partners: Vec<Partner>,
    postings: Vec<Posting>,
    figures: Vec<Figure>,
}

async fn ledger(store: &dyn Store) -> StoreResult<Ledger> {
    Ok(Ledger {
        partners: store.partners().await?,
        postings: postings(&store.entries(None).await?),
        figures: store.figures().await?,
    })
}

/// Each partner as (id, name), then the whole fund as (`None`, its name).
fn accounts(partners: &[Partner], lang: Lang) -> Vec<(Option<i64>, String)> {
    let mut all: Vec<(Option<i64>, String)> = partners
        .iter()
        .map(|p| (Some(p.id), p.name.clone()))
        .collect();
    all.push((None, lang.pick("Seluruh dana", "Whole fund").to_owned()));
    all
}

/// Build the report by partner.
pub async fn build_by_partner(store: &dyn Store, p: &Params) -> StoreResult<Built> {
    Ok(by_partner(&ledger(store).await?, p.period, p.lang))
}

/// Build the report of month ends.
pub async fn build_by_month_end(store: &dyn Store, p: &Params) -> StoreResult<Built> {
    Ok(by_month_end(&ledger(store).await?, p.period, p.lang))
}

/// The money moved in `period` for `partner` (`None`: all), and the balance on its last day.
fn moved(postings: &[Posting], partner: Option<i64>, period: Period) -> Totals {
    let end = ledger::totals(postings, partner, period.to);
    let before = period
        .from
        .pred_opt()
        .map(|d| ledger::totals(postings, partner, d))
        .unwrap_or_default();
    Totals {
        money_in: end.money_in - before.money_in,
        money_out: end.money_out - before.money_out,
        balance: end.balance,
    }
}

/// The latest balance figure reported for `partner` in `period`, and its difference from the
/// ledger's balance on its day.
fn reported(l: &Ledger, partner: Option<i64>, period: Period) -> (Cell, Cell) {
    let figure = l
        .figures
        .iter()
        .filter(|f| f.partner_id == partner && f.kind == FigureKind::Balance)
        .filter(|f| f.to >= period.from && f.to <= period.to)
        .max_by_key(|f| (f.to, f.id));
    match figure {
        Some(f) => {
            let kept = ledger::figure(&l.postings, partner, FigureKind::Balance, None, f.to);
            (Cell::Rupiah(f.amount), Cell::Rupiah(f.amount - kept))
        }
        None => (Cell::Text("—".to_owned()), Cell::Text("—".to_owned())),
    }
}

/// The partner column.
const PARTNER: Column = Column {
    title: Bi("Mitra", "Partner"),
    kind: ColumnKind::Text,
};
/// The money-in column.
const MONEY_IN: Column = rupiah_column(Bi("Uang masuk", "Money in"));
/// The money-out column.
const MONEY_OUT: Column = rupiah_column(Bi("Uang keluar", "Money out"));

/// A rupiah column titled `title`.
const fn rupiah_column(title: Bi) -> Column {
    Column {
        title,
        kind: ColumnKind::Rupiah,
    }
}

fn by_partner(l: &Ledger, period: Period, lang: Lang) -> Built {
    let columns = vec![
        PARTNER,
        MONEY_IN,
        MONEY_OUT,
        rupiah_column(Bi("Saldo akhir", "Balance at end")),
        rupiah_column(Bi("Saldo dilaporkan", "Reported balance")),
        rupiah_column(Bi("Selisih", "Difference")),
    ];
    let accounts = accounts(&l.partners, lang);
    let totals: Vec<Totals> = accounts
        .iter()
        .map(|(id, _)| moved(&l.postings, *id, period))
        .collect();
    let rows = accounts
        .iter()
        .zip(&totals)
        .map(|((id, name), t)| {
            let (figure, difference) = reported(l, *id, period);
            vec![
                Cell::Text(name.clone()),
                Cell::Rupiah(t.money_in),
                Cell::Rupiah(t.money_out),
                Cell::Rupiah(t.balance),
                figure,
                difference,
            ]
        })
        .collect();
    let partners = accounts.len().saturating_sub(1);
    let values = |f: fn(&Totals) -> i64| totals[..partners].iter().map(f).collect();
    let chart = Chart {
        kind: ChartKind::Grouped,
        categories: accounts[..partners]
            .iter()
            .map(|(_, name)| name.clone())
            .collect(),
        category_axis: Bi("Mitra", "Partner"),
        value_axis: Bi("Rupiah", "Rupiah"),
        rupiah: true,
        series: vec![
            super::series("Masuk", "In", values(|t| t.money_in)),
            super::series("Keluar", "Out", values(|t| t.money_out)),
            super::series("Saldo", "Balance", values(|t| t.balance)),
        ],
    };
    Built {
        table: Table { columns, rows },
        chart,
    }
}

/// The last day counted for each month of `period`: its month end, or the period's last day.
fn month_ends(period: Period) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut month = month_start(period.from);
    while month <= period.to {
        ends.push(month_end(month).min(period.to));
        month = match month.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }
    ends
}

fn by_month_end(l: &Ledger, period: Period, lang: Lang) -> Built {
    let columns = vec![
        Column {
            title: Bi("Sampai tanggal", "Up to"),
            kind: ColumnKind::Date,
        },
        PARTNER,
        MONEY_IN,
        MONEY_OUT,
        rupiah_column(Bi("Saldo", "Balance")),
    ];
    let ends = month_ends(period);
    let accounts = accounts(&l.partners, lang);
    let per: Vec<Vec<Totals>> = accounts
        .iter()
        .map(|(id, _)| {
            ends.iter()
                .map(|d| ledger::totals(&l.postings, *id, *d))
                .collect()
        })
        .collect();
    let rows = ends
        .iter()
        .enumerate()
        .flat_map(|(i, day)| {
            accounts.iter().zip(&per).map(move |((_, name), t)| {
                let t = t[i];
                vec![
                    Cell::Date(*day),
                    Cell::Text(name.clone()),
                    Cell::Rupiah(t.money_in),
                    Cell::Rupiah(t.money_out),
                    Cell::Rupiah(t.balance),
                ]
            })
        })
        .collect();
    let series = accounts
        .iter()
        .zip(&per)
        .map(|((_, name), t)| Series {
            name: Text::new(name.clone(), name.clone()),
            values: t.iter().map(|t| t.balance).collect(),
        })
        .collect();
    let chart = Chart {
        kind: ChartKind::Line,
        categories: ends.iter().map(|d| d.format("%Y-%m").to_string()).collect(),
        category_axis: Bi("Akhir bulan", "Month end"),
        value_axis: Bi("Saldo (Rupiah)", "Balance (rupiah)"),
        rupiah: true,
        series,
    };
    Built {
        table: Table { columns, rows },
        chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ledger::EntryKind;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// LKS: in 1,000,000 on 1 May and 500,000 on 1 June, out 300,000 on 10 May and 200,000 on
    /// 5 June; BRI: in 400,000 on 20 June. A whole-fund balance of 1,500,000 was reported for
    /// 30 June, where the ledger holds 1,400,000.
    fn fixture() -> Ledger {
        let posting = |id, partner_id, date: &str, kind, amount| Posting {
            id,
            partner_id,
            date: day(date),
            kind,
            amount,
            corrects: None,
        };
        Ledger {
            partners: vec![
                Partner {
                    id: 1,
                    name: "LKS".into(),
                },
                Partner {
                    id: 2,
                    name: "BRI".into(),
                },
            ],
            postings: vec![
                posting(1, 1, "2015-05-01", EntryKind::In, 1_000_000),
                posting(2, 1, "2015-05-10", EntryKind::Out, -300_000),
                posting(3, 1, "2015-06-01", EntryKind::In, 500_000),
                posting(4, 1, "2015-06-05", EntryKind::Out, -200_000),
                posting(5, 2, "2015-06-20", EntryKind::In, 400_000),
            ],
            figures: vec![Figure {
                id: 1,
                partner_id: None,
                kind: FigureKind::Balance,
                from: None,
                to: day("2015-06-30"),
                amount: 1_500_000,
                note: String::new(),
                recorded_by: "sri".into(),
            }],
        }
    }

    #[test]
    fn the_period_counts_its_own_money_and_the_balance_at_its_end() {
        let built = by_partner(
            &fixture(),
            Period {
                from: day("2015-06-01"),
                to: day("2015-06-30"),
            },
            Lang::Id,
        );
        let r = |n: i64| Cell::Rupiah(n);
        let dash = Cell::Text("—".into());
        // June only: LKS in 500,000, out 200,000, balance 1,000,000 (700,000 + 500,000 - 200,000).
        assert_eq!(
            built.table.rows[0][1..],
            [r(500_000), r(200_000), r(1_000_000), dash.clone(), dash]
        );
        assert_eq!(built.table.rows[1][1..4], [r(400_000), r(0), r(400_000)]);
        // Whole fund: in 900,000, out 200,000, balance 1,400,000; reported 1,500,000: 100,000 over.
        assert_eq!(
            built.table.rows[2][1..],
            [
                r(900_000),
                r(200_000),
                r(1_400_000),
                r(1_500_000),
                r(100_000)
            ]
        );
        assert_eq!(built.chart.categories, vec!["LKS", "BRI"]);
    }

    #[test]
    fn balances_are_given_at_each_month_end_for_each_account() {
        let built = by_month_end(
            &fixture(),
            Period {
                from: day("2015-05-01"),
                to: day("2015-06-30"),
            },
            Lang::Id,
        );
        let balances: Vec<&Cell> = built.table.rows.iter().map(|r| &r[4]).collect();
        // 31 May: LKS 700,000, BRI 0, all 700,000; 30 June: 1,000,000, 400,000, 1,400,000.
        let expected: Vec<Cell> = [700_000, 0, 700_000, 1_000_000, 400_000, 1_400_000]
            .map(Cell::Rupiah)
            .to_vec();
        assert_eq!(balances, expected.iter().collect::<Vec<_>>());
        assert_eq!(built.chart.series[2].values, vec![700_000, 1_400_000]);
    }

    #[test]
    fn month_ends_stop_at_the_periods_last_day() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let ends = month_ends(Period {
            from: day("2015-05-10"),
            to: day("2015-07-15"),
        });
        assert_eq!(
            ends,
            vec![day("2015-05-31"), day("2015-06-30"), day("2015-07-15")]
        );
    }
}
