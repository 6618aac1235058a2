//! The 2015 demonstration data set as a plan, computed without a database: which families, in
//! which kelurahan, visited on which day, what help each got on which later day from which
//! partner, and what money each partner paid in — deterministic (a fixed-seed generator of its
//! own, so it never changes with a library's), and built to add up exactly to the seed study's
//! figures (DOMAIN.md).
//!
//! The study served its 438 families in education and health, so the set does too. The figures
//! cannot all hold within the configured ranges (`config/services.json`): Rp 107,350,124 over 438
//! families is about Rp 245,000 each, while school help for SD/SMP starts at Rp 350,000 and health
//! at Rp 1,000,000. So health (15 families) and education (99) stay within their ranges and take
//! most of the money, two houses get a *rutilahu* repair and two elderly people a stipend within
//! their ranges (so BRI, Baznas and Lazismu money moves too), and the other 320 families share
//! what is left to the rupiah as a partial SD/SMP school package — below its range, so each of
//! those rows carries the out-of-range reason the office would have to give ([`PARTIAL_REASON`]).

use chrono::{Datelike, Days, NaiveDate};

use crate::assistance::{AssistanceKind, SchoolLevel};

/// Families in the registry and helped.
pub const FAMILIES: usize = 438;
/// Paid out to them, in all.
pub const PAID_OUT: i64 = 107_350_124;
/// Money the partners paid in, in all.
pub const COLLECTED: i64 = 202_615_628;
/// The balance the 2015 report gave, which does not add up.
pub const REPORTED_BALANCE: i64 = 95_625_000;
/// How many families get each help within its range (the rest get a partial school package).
const HEALTH: usize = 15;
const EDUCATION: usize = 99;
const RUTILAHU: usize = 2;
const ELDERLY: usize = 2;
/// Why the partial school packages are below their range.
pub const PARTIAL_REASON: &str = "Paket sebagian (buku dan tas), sisa dana dibagi rata — data contoh 2015 / partial package (books and bag), what was left shared evenly — 2015 sample data";
/// The partners, as the funds migration names them.
pub const PARTNERS: [&str; 4] = ["LKS Mitra Kenanga", "BRI", "Baznas", "Lazismu"];
/// The months of the set: May to November 2015.
const MONTHS: u32 = 7;

/// One family and the help it got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// Its household id, `seed-2015-NNN`.
    pub household_id: String,
    /// Its kelurahan code.
    pub kelurahan: String,
    /// The head's (made-up) name.
    pub head: String,
    /// The day of its home visit, its card's decision and its card's first valid day: before
    /// [`Family::given_on`], and not before May 2015.
    pub visited_on: NaiveDate,
    /// The help it got.
    pub kind: AssistanceKind,
    /// The school level, for education.
    pub level: Option<SchoolLevel>,
    /// Rupiah paid.
    pub amount: i64,
    /// Whether it is a partial school package, below its range.
    pub partial: bool,
    /// The day it was given.
    pub given_on: NaiveDate,
    /// The paying partner, an index into [`PARTNERS`].
    pub partner: usize,
}

/// Money a partner paid in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneyIn {
    /// The partner, an index into [`PARTNERS`].
    pub partner: usize,
    /// The day (the first of a month, before any help that month).
    pub date: NaiveDate,
    /// Rupiah.
    pub amount: i64,
}

/// The whole set.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The families.
    pub families: Vec<Family>,
    /// The money in.
    pub money_in: Vec<MoneyIn>,
}

/// SplitMix64: a tiny fixed generator, so the set is the same on every machine and version.
struct Dice(u64);

impl Dice {
    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

/// The first day of month `m` (0 = May 2015).
fn month(m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 5 + m, 1).unwrap_or_default()
}

/// The plan.
pub fn plan() -> Plan {
    let mut dice = Dice(2015);
    let kelurahan = pandu_core::wilayah::all_kelurahan();
    let mut families: Vec<Family> = (0..FAMILIES)
        .map(|i| {
            let (kind, level, amount) = help(i, &mut dice);
            let given_on = month(dice.below(u64::from(MONTHS)) as u32)
                .with_day0(1 + dice.below(26) as u32)
                .unwrap_or_default();
            let visited_on = (given_on - Days::new(1 + dice.below(14))).max(month(0));
            Family {
                household_id: format!("seed-2015-{:03}", i + 1),
                kelurahan: kelurahan[i % kelurahan.len()].code.clone(),
                head: format!("Kepala Keluarga {:03}", i + 1),
                visited_on,
                kind,
                level,
                amount: amount.unwrap_or(0),
                partial: amount.is_none(),
                given_on,
                partner: partner(kind, i),
            }
        })
        .collect();
    share_partial_packages(&mut families);
    let money_in = money_in(&families);
    Plan { families, money_in }
}

/// The help of family `i` and its amount; none yet for a partial package, whose amount
/// [`share_partial_packages`] sets.
fn help(i: usize, dice: &mut Dice) -> (AssistanceKind, Option<SchoolLevel>, Option<i64>) {
    let step = |dice: &mut Dice, base: i64, by: i64, steps: u64| {
        Some(base + by * dice.below(steps + 1) as i64)
    };
    match i % 146 {
        n if n < HEALTH * 146 / FAMILIES => (
            AssistanceKind::Health,
            None,
            step(dice, 1_000_000, 25_000, 20),
        ),
        n if n < (HEALTH + EDUCATION) * 146 / FAMILIES => {
            let level = [
                SchoolLevel::Sd,
                SchoolLevel::Sd,
                SchoolLevel::Smp,
                SchoolLevel::Sma,
                SchoolLevel::University,
            ][dice.below(5) as usize];
            let amount = match level {
                SchoolLevel::Sd | SchoolLevel::Smp => step(dice, 350_000, 5_000, 10),
                _ => step(dice, 500_000, 25_000, 10),
            };
            (AssistanceKind::Education, Some(level), amount)
        }
        n if n == 145 && i / 146 < RUTILAHU => (
            AssistanceKind::Rutilahu,
            None,
            step(dice, 5_000_000, 250_000, 4),
        ),
        n if n == 144 && i / 146 < ELDERLY => (
            AssistanceKind::Elderly,
            None,
            step(dice, 200_000, 50_000, 8),
        ),
        _ => {
            let level = [SchoolLevel::Sd, SchoolLevel::Smp][dice.below(2) as usize];
            (AssistanceKind::Education, Some(level), None)
        }
    }
}

/// Which partner pays: LKS Mitra Kenanga for health and education; BRI and Baznas for house
/// repairs; Lazismu for the elderly.
fn partner(kind: AssistanceKind, i: usize) -> usize {
    match kind {
        AssistanceKind::Rutilahu => 1 + i / 146 % 2,
        AssistanceKind::Elderly => 3,
        _ => 0,
    }
}

/// Share what is left of [`PAID_OUT`] among the partial school packages, to the rupiah.
fn share_partial_packages(families: &mut [Family]) {
    let spent: i64 = families.iter().map(|f| f.amount).sum();
    let partial = families.iter().filter(|f| f.partial).count() as i64;
    let (each, extra) = (
        (PAID_OUT - spent) / partial.max(1),
        (PAID_OUT - spent) % partial.max(1),
    );
    for (n, f) in families.iter_mut().filter(|f| f.partial).enumerate() {
        f.amount = each + i64::from((n as i64) < extra);
    }
}

/// Each partner pays in, on the first of each month, what its help costs that month; LKS Mitra
/// Kenanga also pays in the rest of [`COLLECTED`], shared over the months.
fn money_in(families: &[Family]) -> Vec<MoneyIn> {
    let rest = COLLECTED - PAID_OUT;
    let mut entries = Vec::new();
    for m in 0..MONTHS {
        let first = month(m);
        for partner in 0..PARTNERS.len() {
            let paid: i64 = families
                .iter()
                .filter(|f| f.partner == partner && f.given_on.month() == first.month())
                .map(|f| f.amount)
                .sum();
            let extra = match partner {
                0 => rest / i64::from(MONTHS) + if m == 0 { rest % i64::from(MONTHS) } else { 0 },
                _ => 0,
            };
            if paid + extra > 0 {
                entries.push(MoneyIn {
                    partner,
                    date: first,
                    amount: paid + extra,
                });
            }
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_adds_up_to_the_seed_figures_and_is_the_same_every_time() {
        let plan = plan();
        assert_eq!(plan.families.len(), FAMILIES);
        assert_eq!(
            plan.families.iter().map(|f| f.amount).sum::<i64>(),
            PAID_OUT
        );
        assert_eq!(
            plan.money_in.iter().map(|m| m.amount).sum::<i64>(),
            COLLECTED
        );
        assert_eq!(COLLECTED - PAID_OUT, 95_265_504);
        assert_eq!(plan.families, super::plan().families, "deterministic");
        let kelurahan: std::collections::HashSet<_> =
            plan.families.iter().map(|f| &f.kelurahan).collect();
        assert_eq!(kelurahan.len(), 47);
    }

    #[test]
    fn only_the_partial_school_packages_fall_outside_the_configured_ranges() {
        let plan = plan();
        let of = |kind| plan.families.iter().filter(move |f| f.kind == kind);
        assert_eq!(of(AssistanceKind::Health).count(), HEALTH);
        assert_eq!(
            of(AssistanceKind::Education).count(),
            419,
            "99 + 320 partial"
        );
        assert_eq!(of(AssistanceKind::Rutilahu).count(), RUTILAHU);
        assert_eq!(of(AssistanceKind::Elderly).count(), ELDERLY);
        let partial: Vec<_> = plan.families.iter().filter(|f| f.partial).collect();
        assert_eq!(partial.len(), 320);
        let services = crate::services::Services::defaults();
        let in_range = |f: &Family| {
            services
                .range(f.kind, f.level)
                .is_some_and(|r| r.holds(f.amount))
        };
        for f in &plan.families {
            assert_eq!(in_range(f), !f.partial, "{f:?}");
        }
        assert!(partial.iter().all(|f| f.kind == AssistanceKind::Education
            && matches!(f.level, Some(SchoolLevel::Sd | SchoolLevel::Smp))
            && (80_000..350_000).contains(&f.amount)));
        let main: i64 = of(AssistanceKind::Health)
            .chain(of(AssistanceKind::Education))
            .filter(|f| !f.partial)
            .map(|f| f.amount)
            .sum();
        assert!(
            main * 10 > PAID_OUT * 6,
            "health and education in range take over 60%: {main}"
        );
        let partners: std::collections::HashSet<_> =
            plan.families.iter().map(|f| f.partner).collect();
        assert_eq!(
            partners.len(),
            PARTNERS.len(),
            "every partner pays some help"
        );
    }

    #[test]
    fn every_family_is_visited_in_2015_before_its_help() {
        for f in plan().families {
            assert!(f.visited_on < f.given_on, "{f:?}");
            assert!(f.visited_on >= month(0), "{f:?}");
            assert!(
                f.given_on.year() == 2015 && (5..=11).contains(&f.given_on.month()),
                "{f:?}"
            );
        }
    }

    #[test]
    fn no_partner_pays_before_its_money_is_in() {
        let plan = plan();
        for partner in 0..PARTNERS.len() {
            for m in 0..MONTHS {
                let end = month(m).with_day(28).unwrap();
                let paid_in: i64 = plan
                    .money_in
                    .iter()
                    .filter(|e| e.partner == partner && e.date <= end)
                    .map(|e| e.amount)
                    .sum();
                let paid_out: i64 = plan
                    .families
                    .iter()
                    .filter(|f| f.partner == partner && f.given_on <= end)
                    .map(|f| f.amount)
                    .sum();
                assert!(paid_in >= paid_out, "partner {partner} month {m}");
            }
        }
    }
}
