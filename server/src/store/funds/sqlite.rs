//! [`FundStore`] on the SQLite file: each write one IMMEDIATE transaction on the single
//! connection, so the ledger read for the rules is the ledger the entry is appended to.

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use super::{
    admit_assistance, admit_correction, admit_money_in, entry_kind, figure_kind, kind_and_level,
    Append, AssistanceFilter, AssistanceRow, Entry, Figure, FundStore, NewAssistance,
    NewCorrection, NewFigure, NewMoneyIn, Partner, Posted, Refused,
};
use crate::assistance::{Entitlement, LevelNames};
use crate::document::local_date;
use crate::ledger::{Posting, Refusal};
use crate::store::sqlite::{bad_column, day, instant, SqliteStore};
use crate::store::{StoreError, StoreResult};

const ENTRY: &str = "SELECT e.id, e.partner_id, e.entry_date, e.kind, e.amount, e.note, e.corrects,
    e.assistance_id, u.username, e.recorded_at FROM ledger_entry e JOIN app_user u ON u.id = e.recorded_by";

const ASSISTANCE: &str = "SELECT a.id, a.household_id, a.member_id, a.kind, a.school_level,
    a.amount, a.given_on, a.partner_id, p.name, a.document_number, a.kelurahan,
    a.out_of_range_reason, u.username, e.id,
    (SELECT count(*) FROM ledger_entry c WHERE c.corrects = e.id),
    -(e.amount + (SELECT coalesce(sum(c.amount), 0) FROM ledger_entry c WHERE c.corrects = e.id))
    FROM assistance a JOIN partner p ON p.id = a.partner_id JOIN app_user u ON u.id = a.recorded_by
    JOIN ledger_entry e ON e.assistance_id = a.id
    WHERE (?1 IS NULL OR a.given_on >= ?1) AND (?2 IS NULL OR a.given_on <= ?2)
      AND (?3 IS NULL OR a.kind = ?3) AND (?4 IS NULL OR a.kelurahan = ?4)
      AND (?5 IS NULL OR a.partner_id = ?5) AND (?6 IS NULL OR a.household_id = ?6)
    ORDER BY a.given_on, a.id";

/// A name that does not read back, as a conversion error of column `at`.
fn bad(at: usize) -> impl Fn(StoreError) -> rusqlite::Error {
    move |e| bad_column(at, e.to_string())
}

fn entry_from(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let kind: String = r.get(3)?;
    Ok(Entry {
        id: r.get(0)?,
        partner_id: r.get(1)?,
        date: day(r, 2)?,
        kind: entry_kind(&kind).map_err(bad(3))?,
        amount: r.get(4)?,
        note: r.get(5)?,
        corrects: r.get(6)?,
        assistance_id: r.get(7)?,
        recorded_by: r.get(8)?,
        recorded_at: instant(r, 9)?,
    })
}

fn assistance_from(r: &Row<'_>) -> rusqlite::Result<AssistanceRow> {
    let kind: String = r.get(3)?;
    let level: Option<String> = r.get(4)?;
    let (kind, level) = kind_and_level(&kind, level.as_deref()).map_err(bad(3))?;
    let corrections: i64 = r.get(14)?;
    Ok(AssistanceRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        member_id: r.get(2)?,
        kind,
        level,
        amount: r.get(5)?,
        given_on: day(r, 6)?,
        partner_id: r.get(7)?,
        partner_name: r.get(8)?,
        document_number: r.get(9)?,
        kelurahan: r.get(10)?,
        out_of_range_reason: r.get(11)?,
        recorded_by: r.get(12)?,
        entry_id: r.get(13)?,
        corrected: corrections > 0,
        net_amount: r.get(15)?,
    })
}

/// The ledger facts of every entry of `partner_id`.
fn postings_of(c: &Connection, partner_id: i64) -> rusqlite::Result<Vec<Posting>> {
    let mut stmt = c.prepare_cached(&format!("{ENTRY} WHERE e.partner_id = ?1"))?;
    let rows = stmt.query_map([partner_id], |r| entry_from(r).map(|e| e.posting()))?;
    rows.collect()
}

fn partner_exists(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    c.query_row("SELECT count(*) FROM partner WHERE id = ?1", [id], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

/// The entitlement facts of document `number`, if there is one.
fn entitlement(c: &Connection, number: &str) -> rusqlite::Result<Option<Entitlement>> {
    c.query_row(
        "SELECT household_id, valid_from, valid_until, revoked_at FROM document WHERE number = ?1",
        [number],
        |r| {
            let revoked: Option<String> = r.get(3)?;
            Ok(Entitlement {
                household_id: r.get(0)?,
                valid_from: day(r, 1)?,
                valid_until: day(r, 2)?,
                revoked_on: match revoked {
                    Some(_) => Some(local_date(instant(r, 3)?)),
                    None => None,
                },
            })
        },
    )
    .optional()
}

/// Append `entry` (paying `assistance_id`, for money out); its id.
fn append(
    tx: &Transaction<'_>,
    entry: &Append,
    assistance_id: Option<i64>,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO ledger_entry (partner_id, kind, entry_date, amount, note, corrects,
         assistance_id, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.partner_id,
            entry.kind.as_str(),
            entry.date.to_string(),
            entry.amount,
            entry.note,
            entry.corrects,
            assistance_id,
            entry.recorded_by
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The answer for a kept entry.
fn kept(entry_id: i64, assistance_id: Option<i64>) -> Posted {
    Posted::Kept {
        entry_id,
        assistance_id,
    }
}

/// Run `f` in an IMMEDIATE transaction, committing when it keeps something.
fn posting_tx(
    c: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<Posted>,
) -> rusqlite::Result<Posted> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let posted = f(&tx)?;
    if matches!(posted, Posted::Kept { .. }) {
        tx.commit()?;
    }
    Ok(posted)
}

fn insert_money_in(tx: &Transaction<'_>, new: &NewMoneyIn) -> rusqlite::Result<Posted> {
    if !partner_exists(tx, new.partner_id)? {
        return Ok(Posted::Refused(Refused::NoPartner));
    }
    match admit_money_in(&postings_of(tx, new.partner_id)?, new) {
        Ok(entry) => Ok(kept(append(tx, &entry, None)?, None)),
        Err(why) => Ok(Posted::Refused(why)),
    }
}

fn insert_correction(tx: &Transaction<'_>, new: &NewCorrection) -> rusqlite::Result<Posted> {
    let partner: Option<i64> = tx
        .query_row(
            "SELECT partner_id FROM ledger_entry WHERE id = ?1",
            [new.corrects],
            |r| r.get(0),
        )
        .optional()?;
    let Some(partner_id) = partner else {
        return Ok(Posted::Refused(Refused::Ledger(Refusal::NoSuchEntry)));
    };
    match admit_correction(&postings_of(tx, partner_id)?, partner_id, new) {
        Ok(entry) => Ok(kept(append(tx, &entry, None)?, None)),
        Err(why) => Ok(Posted::Refused(why)),
    }
}

fn insert_assistance(tx: &Transaction<'_>, new: &NewAssistance) -> rusqlite::Result<Posted> {
    if !partner_exists(tx, new.partner_id)? {
        return Ok(Posted::Refused(Refused::NoPartner));
    }
    let document = entitlement(tx, &new.document_number)?;
    let mine = postings_of(tx, new.partner_id)?;
    let entry = match admit_assistance(&mine, document.as_ref(), new) {
        Ok(entry) => entry,
        Err(why) => return Ok(Posted::Refused(why)),
    };
    tx.execute(
        "INSERT INTO assistance (household_id, member_id, kind, school_level, amount, given_on,
         partner_id, document_number, kelurahan, out_of_range_reason, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            new.household_id,
            new.member_id,
            new.kind.as_str(),
            new.level.map(|l| l.key()),
            new.amount,
            new.given_on.to_string(),
            new.partner_id,
            new.document_number,
            new.kelurahan,
            new.out_of_range_reason,
            new.recorded_by
        ],
    )?;
    let assistance_id = tx.last_insert_rowid();
    Ok(kept(
        append(tx, &entry, Some(assistance_id))?,
        Some(assistance_id),
    ))
}

#[async_trait]
impl FundStore for SqliteStore {
    async fn partners(&self) -> StoreResult<Vec<Partner>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached("SELECT id, name FROM partner ORDER BY id")?;
            let rows = stmt.query_map([], |r| {
                Ok(Partner {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn add_partner(&self, name: &str) -> StoreResult<i64> {
        let name = name.to_owned();
        self.run(move |c| {
            c.execute("INSERT INTO partner (name) VALUES (?1)", [name])?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn entries(&self, partner: Option<i64>) -> StoreResult<Vec<Entry>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "{ENTRY} WHERE (?1 IS NULL OR e.partner_id = ?1) ORDER BY e.entry_date, e.id"
            ))?;
            let rows = stmt.query_map([partner], entry_from)?;
            rows.collect()
        })
        .await
    }

    async fn record_money_in(&self, new: &NewMoneyIn) -> StoreResult<Posted> {
        let new = new.clone();
        self.run(move |c| posting_tx(c, |tx| insert_money_in(tx, &new)))
            .await
    }

    async fn record_correction(&self, new: &NewCorrection) -> StoreResult<Posted> {
        let new = new.clone();
        self.run(move |c| posting_tx(c, |tx| insert_correction(tx, &new)))
            .await
    }

    async fn record_assistance(&self, new: &NewAssistance) -> StoreResult<Posted> {
        let new = new.clone();
        self.run(move |c| posting_tx(c, |tx| insert_assistance(tx, &new)))
            .await
    }

    async fn assistance(&self, filter: &AssistanceFilter) -> StoreResult<Vec<AssistanceRow>> {
        let f = filter.clone();
        self.run(move |c| {
            let mut stmt = c.prepare_cached(ASSISTANCE)?;
            let rows = stmt.query_map(
                params![
                    f.from.map(|d| d.to_string()),
                    f.to.map(|d| d.to_string()),
                    f.kind.map(|k| k.as_str()),
                    f.kelurahan,
                    f.partner_id,
                    f.household_id
                ],
                assistance_from,
            )?;
            rows.collect()
        })
        .await
    }

    async fn record_figure(&self, new: &NewFigure) -> StoreResult<i64> {
        let n = new.clone();
        self.run(move |c| {
            c.execute(
                "INSERT INTO reported_figure (partner_id, kind, period_from, period_to, amount,
                 note, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    n.partner_id,
                    n.kind.as_str(),
                    n.from.map(|d| d.to_string()),
                    n.to.to_string(),
                    n.amount,
                    n.note,
                    n.recorded_by
                ],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn figures(&self) -> StoreResult<Vec<Figure>> {
        self.run(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT f.id, f.partner_id, f.kind, f.period_from, f.period_to, f.amount, f.note,
                 u.username FROM reported_figure f JOIN app_user u ON u.id = f.recorded_by
                 ORDER BY f.period_to, f.id",
            )?;
            let rows = stmt.query_map([], |r| {
                let kind: String = r.get(2)?;
                let from: Option<String> = r.get(3)?;
                Ok(Figure {
                    id: r.get(0)?,
                    partner_id: r.get(1)?,
                    kind: figure_kind(&kind).map_err(bad(2))?,
                    from: match from {
                        Some(_) => Some(day(r, 3)?),
                        None => None,
                    },
                    to: day(r, 4)?,
                    amount: r.get(5)?,
                    note: r.get(6)?,
                    recorded_by: r.get(7)?,
                })
            })?;
            rows.collect()
        })
        .await
    }
}
