//! Storage of the partner fund ledger, the assistance it pays for and the figures partners
//! reported — its own trait beside [`super::Store`]. Every write runs in one transaction that
//! first locks the partner's ledger, then applies the pure rules of [`crate::ledger`] and
//! [`crate::assistance`] to what is kept, then appends: an assistance row and its money-out entry
//! are kept together or not at all, and no two writes can overdraw a partner between them.
//! Nothing here updates or deletes (the database refuses it too).

mod postgres;
mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use pandu_core::Text;

use super::StoreResult;
use crate::assistance::{self, AssistanceKind, Entitlement, LevelNames, NotEntitled, SchoolLevel};
use crate::ledger::{self, EntryKind, FigureKind, Posting, Refusal, Totals};

/// A partner whose fund pays for help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    /// Its id.
    pub id: i64,
    /// E.g. `Baznas`.
    pub name: String,
}

/// A ledger entry as kept.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Its id (ascending in the order entries were appended).
    pub id: i64,
    /// The partner whose fund it moves.
    pub partner_id: i64,
    /// The day it counts from.
    pub date: NaiveDate,
    /// In, out or correction.
    pub kind: EntryKind,
    /// Signed whole rupiah: in positive, out negative, a correction either.
    pub amount: i64,
    /// The source of money in, or a correction's reason (empty for money out).
    pub note: String,
    /// For a correction: the entry it corrects.
    pub corrects: Option<i64>,
    /// For money out: the assistance row it pays.
    pub assistance_id: Option<i64>,
    /// Who recorded it (user name).
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

impl Entry {
    /// The ledger facts of this entry.
    pub fn posting(&self) -> Posting {
        Posting {
            id: self.id,
            partner_id: self.partner_id,
            date: self.date,
            kind: self.kind,
            amount: self.amount,
            corrects: self.corrects,
        }
    }
}

/// Money received from a partner, to record.
#[derive(Clone, Debug)]
pub struct NewMoneyIn {
    /// The partner.
    pub partner_id: i64,
    /// The day it was received.
    pub date: NaiveDate,
    /// Whole rupiah, above zero.
    pub amount: i64,
    /// Where it came from (e.g. "zakat of civil servants, May 2015").
    pub note: String,
    /// Who records it (account id).
    pub recorded_by: i64,
}

/// A correction of an earlier in or out entry, to record.
#[derive(Clone, Debug)]
pub struct NewCorrection {
    /// The entry it corrects.
    pub corrects: i64,
    /// The day it counts from (on or after the corrected entry's).
    pub date: NaiveDate,
    /// The signed change to the entry (e.g. `+50000` to an out paid Rp 50.000 too much).
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// Who records it (account id).
    pub recorded_by: i64,
}

/// Help given, to record with its money-out entry.
#[derive(Clone, Debug)]
pub struct NewAssistance {
    /// The household helped.
    pub household_id: String,
    /// The member helped, when the help is for one person.
    pub member_id: Option<String>,
    /// What kind of help.
    pub kind: AssistanceKind,
    /// The school level (education only).
    pub level: Option<SchoolLevel>,
    /// Whole rupiah, above zero.
    pub amount: i64,
    /// The day it was given.
    pub given_on: NaiveDate,
    /// The partner whose fund pays.
    pub partner_id: i64,
    /// The card or letter that entitles it.
    pub document_number: String,
    /// The household's kelurahan code.
    pub kelurahan: String,
    /// Why the amount is outside the configured range, when it is.
    pub out_of_range_reason: Option<String>,
    /// Who records it (account id).
    pub recorded_by: i64,
}

/// An assistance row as kept, with what the ledger made of it.
#[derive(Clone, Debug)]
pub struct AssistanceRow {
    /// Its id.
    pub id: i64,
    /// The household helped.
    pub household_id: String,
    /// The member helped, if one.
    pub member_id: Option<String>,
    /// What kind of help.
    pub kind: AssistanceKind,
    /// The school level (education only).
    pub level: Option<SchoolLevel>,
    /// The amount as recorded.
    pub amount: i64,
    /// The amount after the corrections of its money-out entry (0 when voided).
    pub net_amount: i64,
    /// The day it was given.
    pub given_on: NaiveDate,
    /// The partner whose fund paid.
    pub partner_id: i64,
    /// That partner's name.
    pub partner_name: String,
    /// The card or letter that entitled it.
    pub document_number: String,
    /// The household's kelurahan code.
    pub kelurahan: String,
    /// Why the amount is outside the range, if it is.
    pub out_of_range_reason: Option<String>,
    /// Who recorded it (user name).
    pub recorded_by: String,
    /// Its money-out entry.
    pub entry_id: i64,
    /// Whether that entry has corrections.
    pub corrected: bool,
}

impl AssistanceRow {
    /// Whether corrections brought it to zero.
    pub fn voided(&self) -> bool {
        self.net_amount == 0
    }
}

/// Which assistance rows to list; every field narrows, `None` does not.
#[derive(Clone, Debug, Default)]
pub struct AssistanceFilter {
    /// Given on or after.
    pub from: Option<NaiveDate>,
    /// Given on or before.
    pub to: Option<NaiveDate>,
    /// Of this kind.
    pub kind: Option<AssistanceKind>,
    /// In this kelurahan (code).
    pub kelurahan: Option<String>,
    /// Paid by this partner.
    pub partner_id: Option<i64>,
    /// To this household.
    pub household_id: Option<String>,
}

/// A figure a partner reported, to record.
#[derive(Clone, Debug)]
pub struct NewFigure {
    /// The partner (`None`: the whole fund).
    pub partner_id: Option<i64>,
    /// Balance, collected or paid out.
    pub kind: FigureKind,
    /// First day of the period (collected / paid out); `None` for a balance.
    pub from: Option<NaiveDate>,
    /// Last day of the period, or the balance's day.
    pub to: NaiveDate,
    /// Whole rupiah, as reported.
    pub amount: i64,
    /// Where it was reported (e.g. "LKS report, November 2015").
    pub note: String,
    /// Who records it (account id).
    pub recorded_by: i64,
}

/// A reported figure as kept.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Its id.
    pub id: i64,
    /// The partner (`None`: the whole fund).
    pub partner_id: Option<i64>,
    /// Balance, collected or paid out.
    pub kind: FigureKind,
    /// First day of the period.
    pub from: Option<NaiveDate>,
    /// Last day of the period, or the balance's day.
    pub to: NaiveDate,
    /// As reported.
    pub amount: i64,
    /// Where it was reported.
    pub note: String,
    /// Who recorded it (user name).
    pub recorded_by: String,
}

/// Why a write was refused (nothing was kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// There is no such partner.
    NoPartner,
    /// The ledger rules refuse the entry.
    Ledger(Refusal),
    /// The document does not entitle the help.
    NotEntitled(NotEntitled),
}

impl Refused {
    /// What the clerk is told, in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            Self::NoPartner => Text::new("Mitra itu tidak ada.", "There is no such partner."),
            Self::Ledger(r) => r.text(),
            Self::NotEntitled(n) => n.text(),
        }
    }
}

/// What a write did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Posted {
    /// Kept: the new ledger entry, and the assistance row for help.
    Kept {
        /// The entry's id.
        entry_id: i64,
        /// The assistance row's id (help only).
        assistance_id: Option<i64>,
    },
    /// Refused, nothing kept.
    Refused(Refused),
}

/// Money in, out and balance per partner and in total at one date.
#[derive(Clone, Debug)]
pub struct Balances {
    /// Each partner with its totals, in partner order.
    pub partners: Vec<(Partner, Totals)>,
    /// All partners together.
    pub total: Totals,
}

/// The fund ledger, assistance and reported figures, whatever the database.
#[async_trait]
pub trait FundStore: Send + Sync {
    /// Every partner, by id.
    async fn partners(&self) -> StoreResult<Vec<Partner>>;
    /// Add a partner; `StoreError::Exists` when the name is taken.
    async fn add_partner(&self, name: &str) -> StoreResult<i64>;
    /// The entries of `partner` (every partner's for `None`), by date then id.
    async fn entries(&self, partner: Option<i64>) -> StoreResult<Vec<Entry>>;
    /// Record money in, unless the rules refuse it.
    async fn record_money_in(&self, new: &NewMoneyIn) -> StoreResult<Posted>;
    /// Record a correction, unless the rules refuse it.
    async fn record_correction(&self, new: &NewCorrection) -> StoreResult<Posted>;
    /// Record help and its money-out entry together, unless its document does not entitle it
    /// or the partner's fund cannot pay it on that date.
    async fn record_assistance(&self, new: &NewAssistance) -> StoreResult<Posted>;
    /// The assistance rows `filter` lets through, by date given then id.
    async fn assistance(&self, filter: &AssistanceFilter) -> StoreResult<Vec<AssistanceRow>>;
    /// Record a figure a partner reported.
    async fn record_figure(&self, new: &NewFigure) -> StoreResult<i64>;
    /// Every reported figure, by the day it is about, then id.
    async fn figures(&self) -> StoreResult<Vec<Figure>>;

    /// Money in, out and balance per partner and in total, counting entries dated on or
    /// before `on`.
    async fn balances(&self, on: NaiveDate) -> StoreResult<Balances> {
        let partners = self.partners().await?;
        let postings = postings(&self.entries(None).await?);
        let per: Vec<(Partner, Totals)> = partners
            .into_iter()
            .map(|p| {
                let t = ledger::totals(&postings, Some(p.id), on);
                (p, t)
            })
            .collect();
        let total = ledger::totals(&postings, None, on);
        Ok(Balances {
            partners: per,
            total,
        })
    }
}

/// The ledger facts of `entries`.
pub fn postings(entries: &[Entry]) -> Vec<Posting> {
    entries.iter().map(Entry::posting).collect()
}

/// An entry the rules admitted, to append.
#[derive(Clone, Debug)]
struct Append {
    partner_id: i64,
    kind: EntryKind,
    date: NaiveDate,
    amount: i64,
    note: String,
    corrects: Option<i64>,
    recorded_by: i64,
}

impl Append {
    /// `self`, if the ledger `mine` of its partner admits it.
    fn admitted(self, mine: &[Posting]) -> Result<Self, Refused> {
        let posting = Posting {
            id: 0,
            partner_id: self.partner_id,
            date: self.date,
            kind: self.kind,
            amount: self.amount,
            corrects: self.corrects,
        };
        ledger::check(mine, &posting).map_err(Refused::Ledger)?;
        Ok(self)
    }
}

/// The entry of the money in `new`, if the ledger `mine` admits it.
fn admit_money_in(mine: &[Posting], new: &NewMoneyIn) -> Result<Append, Refused> {
    Append {
        partner_id: new.partner_id,
        kind: EntryKind::In,
        date: new.date,
        amount: new.amount,
        note: new.note.clone(),
        corrects: None,
        recorded_by: new.recorded_by,
    }
    .admitted(mine)
}

/// The entry of the correction `new` to an entry of `partner_id`, if that partner's ledger
/// `mine` admits it.
fn admit_correction(
    mine: &[Posting],
    partner_id: i64,
    new: &NewCorrection,
) -> Result<Append, Refused> {
    Append {
        partner_id,
        kind: EntryKind::Correction,
        date: new.date,
        amount: new.amount,
        note: new.reason.clone(),
        corrects: Some(new.corrects),
        recorded_by: new.recorded_by,
    }
    .admitted(mine)
}

/// The money-out entry of the help `new`, if `document` entitles it and the partner's ledger
/// `mine` can pay it.
fn admit_assistance(
    mine: &[Posting],
    document: Option<&Entitlement>,
    new: &NewAssistance,
) -> Result<Append, Refused> {
    assistance::entitled(document, &new.household_id, new.given_on)
        .map_err(Refused::NotEntitled)?;
    Append {
        partner_id: new.partner_id,
        kind: EntryKind::Out,
        date: new.given_on,
        amount: -new.amount,
        note: String::new(),
        corrects: None,
        recorded_by: new.recorded_by,
    }
    .admitted(mine)
}

/// A stored name that does not read back, as a backend error.
fn unknown(what: &str, name: &str) -> super::StoreError {
    super::StoreError::Backend(format!("unknown {what} {name:?}"))
}

/// The entry kind stored as `name`.
fn entry_kind(name: &str) -> StoreResult<EntryKind> {
    EntryKind::parse(name).ok_or_else(|| unknown("entry kind", name))
}

/// The assistance kind and level stored as `kind` and `level`.
fn kind_and_level(
    kind: &str,
    level: Option<&str>,
) -> StoreResult<(AssistanceKind, Option<SchoolLevel>)> {
    let k = AssistanceKind::parse(kind).ok_or_else(|| unknown("assistance kind", kind))?;
    let l = level
        .map(|l| SchoolLevel::parse(l).ok_or_else(|| unknown("school level", l)))
        .transpose()?;
    Ok((k, l))
}

/// The figure kind stored as `name`.
fn figure_kind(name: &str) -> StoreResult<FigureKind> {
    FigureKind::parse(name).ok_or_else(|| unknown("figure kind", name))
}

#[cfg(test)]
mod tests;
