//! The partner fund ledger as pure rules, apart from any database: entries are appended, never
//! changed; money in is positive, money out (an assistance row) negative, and a correction is a
//! signed change pointing at the in or out entry it corrects. Balances at a date are sums of the
//! entries dated on or before it, so the books balance by construction; the rules here decide
//! what may be appended:
//! - money in is above zero, money out below zero;
//! - a correction corrects an in or out entry of the same partner (never another correction —
//!   correct the original again: every correction is a change to it), is dated on or after it,
//!   is not zero, and may bring the entry's net to zero (void it) but not past zero;
//! - no entry may leave the partner's balance below zero on its date or any later date (a
//!   back-dated out is refused when later money already spent what it would take).

use std::collections::HashMap;

use chrono::NaiveDate;
use pandu_core::Text;

use crate::rupiah;
use crate::web::Lang;

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// Money received from the partner (positive).
    In,
    /// Money paid out as an assistance row (negative).
    Out,
    /// A change to an earlier in or out entry (signed).
    Correction,
}

impl EntryKind {
    /// The stored name: `in`, `out` or `correction`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::In => "in",
            Self::Out => "out",
            Self::Correction => "correction",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::In, Self::Out, Self::Correction]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// The ledger facts of one entry, as the rules and the balances need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posting {
    /// Entry id (ascending in the order entries were appended).
    pub id: i64,
    /// The partner whose fund it moves.
    pub partner_id: i64,
    /// The day it counts from.
    pub date: NaiveDate,
    /// In, out or correction.
    pub kind: EntryKind,
    /// Signed whole rupiah.
    pub amount: i64,
    /// For a correction: the entry it corrects.
    pub corrects: Option<i64>,
}

/// Money in, money out and what is left, over some entries up to some date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Received, net of corrections to money in.
    pub money_in: i64,
    /// Paid out (as a positive number), net of corrections to money out.
    pub money_out: i64,
    /// `money_in - money_out`.
    pub balance: i64,
}

impl Totals {
    /// These totals with `other`'s added.
    pub fn plus(self, other: Self) -> Self {
        Self {
            money_in: self.money_in + other.money_in,
            money_out: self.money_out + other.money_out,
            balance: self.balance + other.balance,
        }
    }
}

/// The totals of `partner`'s entries (every partner's, for `None`) dated on or before `on`.
pub fn totals(entries: &[Posting], partner: Option<i64>, on: NaiveDate) -> Totals {
    let flows = flows(entries);
    entries
        .iter()
        .filter(|e| e.date <= on && partner.is_none_or(|p| p == e.partner_id))
        .fold(Totals::default(), |t, e| {
            let counted = match flows.get(&e.id) {
                Some(EntryKind::Out) => Totals {
                    money_out: -e.amount,
                    ..Totals::default()
                },
                _ => Totals {
                    money_in: e.amount,
                    ..Totals::default()
                },
            };
            t.plus(Totals {
                balance: e.amount,
                ..counted
            })
        })
}

/// A figure a partner reported, to be set against the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureKind {
    /// The balance at the end of a day.
    Balance,
    /// Money collected over a period.
    Collected,
    /// Money paid out over a period.
    PaidOut,
}

impl FigureKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Balance => "balance",
            Self::Collected => "collected",
            Self::PaidOut => "paid_out",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Balance, Self::Collected, Self::PaidOut]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// What the ledger says for a figure of `kind` about `partner` (all, for `None`): the balance at
/// the end of `to`, or the money collected or paid out from `from` to `to`, both days included
/// (from the first entry when `from` is `None`).
pub fn figure(
    entries: &[Posting],
    partner: Option<i64>,
    kind: FigureKind,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> i64 {
    let end = totals(entries, partner, to);
    let start = from
        .and_then(|d| d.pred_opt())
        .map(|d| totals(entries, partner, d))
        .unwrap_or_default();
    match kind {
        FigureKind::Balance => end.balance,
        FigureKind::Collected => end.money_in - start.money_in,
        FigureKind::PaidOut => end.money_out - start.money_out,
    }
}

/// Whether each entry moves money in or out: its own kind, or for a correction, the kind of the
/// entry it corrects.
fn flows(entries: &[Posting]) -> HashMap<i64, EntryKind> {
    let own: HashMap<i64, EntryKind> = entries.iter().map(|e| (e.id, e.kind)).collect();
    entries
        .iter()
        .map(|e| {
            let flow = e.corrects.and_then(|c| own.get(&c).copied());
            (e.id, flow.unwrap_or(e.kind))
        })
        .collect()
}

/// Why an entry may not be appended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Money in or out of zero or of the wrong sign, or a correction of zero.
    WrongSign,
    /// The corrected entry does not exist for this partner.
    NoSuchEntry,
    /// The corrected entry is itself a correction.
    CorrectsCorrection,
    /// The correction is dated before the entry it corrects.
    BeforeCorrected,
    /// The correction would carry the entry past zero (an in would become an out, or the reverse).
    PastZero {
        /// What the entry's net is before this correction.
        net: i64,
    },
    /// The partner's balance would fall below zero on `date`.
    Overdrawn {
        /// The first day it would be negative.
        date: NaiveDate,
        /// The balance that day before this entry.
        balance: i64,
    },
}

impl Refusal {
    /// What the clerk is told, in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            Self::WrongSign => Text::new(
                "Jumlah tidak boleh nol (uang masuk dan keluar selalu di atas nol).",
                "The amount may not be zero (money in and out are always above zero).",
            ),
            Self::NoSuchEntry => Text::new(
                "Catatan yang hendak dikoreksi tidak ada pada mitra ini.",
                "The entry to correct does not exist for this partner.",
            ),
            Self::CorrectsCorrection => Text::new(
                "Koreksi tidak dapat dikoreksi; koreksilah catatan aslinya lagi.",
                "A correction cannot be corrected; correct the original entry again.",
            ),
            Self::BeforeCorrected => Text::new(
                "Tanggal koreksi tidak boleh sebelum tanggal catatan yang dikoreksi.",
                "A correction may not be dated before the entry it corrects.",
            ),
            Self::PastZero { net } => Text::new(
                format!(
                    "Koreksi melewati nol: catatan ini kini bernilai {}.",
                    rupiah::format(*net, Lang::Id)
                ),
                format!(
                    "The correction goes past zero: this entry now stands at {}.",
                    rupiah::format(*net, Lang::En)
                ),
            ),
            Self::Overdrawn { date, balance } => Text::new(
                format!(
                    "Saldo mitra tidak cukup: pada {date} saldonya {}, dan tidak boleh di bawah nol.",
                    rupiah::format(*balance, Lang::Id)
                ),
                format!(
                    "The partner's balance is not enough: on {date} it is {}, and may not go below zero.",
                    rupiah::format(*balance, Lang::En)
                ),
            ),
        }
    }
}

/// Whether `new` may be appended to `existing` (the entries of `new`'s partner; others are
/// ignored).
pub fn check(existing: &[Posting], new: &Posting) -> Result<(), Refusal> {
    let mine: Vec<&Posting> = existing
        .iter()
        .filter(|e| e.partner_id == new.partner_id)
        .collect();
    match new.kind {
        EntryKind::In if new.amount <= 0 => return Err(Refusal::WrongSign),
        EntryKind::Out if new.amount >= 0 => return Err(Refusal::WrongSign),
        EntryKind::Correction => check_correction(&mine, new)?,
        _ => {}
    }
    never_overdrawn(&mine, new)
}

/// The correction rules (see the module doc).
fn check_correction(mine: &[&Posting], new: &Posting) -> Result<(), Refusal> {
    let target = new
        .corrects
        .and_then(|id| mine.iter().find(|e| e.id == id))
        .ok_or(Refusal::NoSuchEntry)?;
    if target.kind == EntryKind::Correction {
        return Err(Refusal::CorrectsCorrection);
    }
    if new.date < target.date {
        return Err(Refusal::BeforeCorrected);
    }
    if new.amount == 0 {
        return Err(Refusal::WrongSign);
    }
    let net = target.amount
        + mine
            .iter()
            .filter(|e| e.corrects == Some(target.id))
            .map(|e| e.amount)
            .sum::<i64>();
    let after = net + new.amount;
    let crosses = match target.kind {
        EntryKind::In => after < 0,
        _ => after > 0,
    };
    if crosses {
        return Err(Refusal::PastZero { net });
    }
    Ok(())
}

/// Refuses `new` when, with it, the balance is below zero on its date or any later entry's date.
/// An entry that adds money never overdraws. One pass over the entries sorted by date.
fn never_overdrawn(mine: &[&Posting], new: &Posting) -> Result<(), Refusal> {
    if new.amount >= 0 {
        return Ok(());
    }
    let mut by_date: Vec<(NaiveDate, i64)> = mine.iter().map(|e| (e.date, e.amount)).collect();
    by_date.sort_unstable_by_key(|(d, _)| *d);
    let split = by_date.partition_point(|(d, _)| *d <= new.date);
    let mut balance: i64 = by_date[..split].iter().map(|(_, a)| a).sum();
    let mut date = new.date;
    let mut later = by_date[split..].iter().peekable();
    loop {
        if balance + new.amount < 0 {
            return Err(Refusal::Overdrawn { date, balance });
        }
        let Some(&(next, _)) = later.peek() else {
            return Ok(());
        };
        date = *next;
        while let Some((_, amount)) = later.next_if(|(d, _)| *d == date) {
            balance += amount;
        }
    }
}

#[cfg(test)]
mod tests;
