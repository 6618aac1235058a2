//! [`FundStore`] on PostgreSQL: each write one transaction that first locks the partner's row
//! (`FOR UPDATE`), so two writes to one partner's ledger run one after the other and each sees
//! the ledger it appends to.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Transaction;
use tokio_postgres::Row;

use super::{
    admit_assistance, admit_correction, admit_money_in, entry_kind, figure_kind, kind_and_level,
    Append, AssistanceFilter, AssistanceRow, Entry, Figure, FundStore, NewAssistance,
    NewCorrection, NewFigure, NewMoneyIn, Partner, Posted, Refused,
};
use crate::assistance::{Entitlement, LevelNames};
use crate::document::local_date;
use crate::ledger::{Posting, Refusal};
use crate::store::postgres::PgStore;
use crate::store::StoreResult;

const ENTRY: &str = "SELECT e.id, e.partner_id, e.entry_date, e.kind, e.amount, e.note, e.corrects,
    e.assistance_id, u.username, e.recorded_at FROM ledger_entry e JOIN app_user u ON u.id = e.recorded_by";

const ASSISTANCE: &str = "SELECT a.id, a.household_id, a.member_id, a.kind, a.school_level,
    a.amount, a.given_on, a.partner_id, p.name, a.document_number, a.kelurahan,
    a.out_of_range_reason, u.username, e.id,
    (SELECT count(*) FROM ledger_entry c WHERE c.corrects = e.id),
    -(e.amount + (SELECT coalesce(sum(c.amount), 0) FROM ledger_entry c WHERE c.corrects = e.id))::bigint
    FROM assistance a JOIN partner p ON p.id = a.partner_id JOIN app_user u ON u.id = a.recorded_by
    JOIN ledger_entry e ON e.assistance_id = a.id
    WHERE ($1::date IS NULL OR a.given_on >= $1) AND ($2::date IS NULL OR a.given_on <= $2)
      AND ($3::text IS NULL OR a.kind = $3) AND ($4::text IS NULL OR a.kelurahan = $4)
      AND ($5::bigint IS NULL OR a.partner_id = $5) AND ($6::text IS NULL OR a.household_id = $6)
    ORDER BY a.given_on, a.id";

fn entry_from(r: &Row) -> StoreResult<Entry> {
    Ok(Entry {
        id: r.get(0),
        partner_id: r.get(1),
        date: r.get(2),
        kind: entry_kind(r.get(3))?,
        amount: r.get(4),
        note: r.get(5),
        corrects: r.get(6),
        assistance_id: r.get(7),
        recorded_by: r.get(8),
        recorded_at: r.get(9),
    })
}

fn assistance_from(r: &Row) -> StoreResult<AssistanceRow> {
    let (kind, level) = kind_and_level(r.get(3), r.get(4))?;
    let corrections: i64 = r.get(14);
    Ok(AssistanceRow {
        id: r.get(0),
        household_id: r.get(1),
        member_id: r.get(2),
        kind,
        level,
        amount: r.get(5),
        given_on: r.get(6),
        partner_id: r.get(7),
        partner_name: r.get(8),
        document_number: r.get(9),
        kelurahan: r.get(10),
        out_of_range_reason: r.get(11),
        recorded_by: r.get(12),
        entry_id: r.get(13),
        corrected: corrections > 0,
        net_amount: r.get(15),
    })
}

/// Lock partner `id`'s row for this transaction; false when there is no such partner.
async fn lock_partner(tx: &Transaction<'_>, id: i64) -> StoreResult<bool> {
    let row = tx
        .query_opt("SELECT id FROM partner WHERE id = $1 FOR UPDATE", &[&id])
        .await?;
    Ok(row.is_some())
}

/// The ledger facts of every entry of `partner_id`.
async fn postings_of(c: &Transaction<'_>, partner_id: i64) -> StoreResult<Vec<Posting>> {
    let sql = format!("{ENTRY} WHERE e.partner_id = $1");
    let rows = c.query(&sql, &[&partner_id]).await?;
    rows.iter()
        .map(|r| entry_from(r).map(|e| e.posting()))
        .collect()
}

/// The entitlement facts of document `number`, if there is one.
async fn entitlement(tx: &Transaction<'_>, number: &str) -> StoreResult<Option<Entitlement>> {
    let row = tx
        .query_opt(
            "SELECT household_id, valid_from, valid_until, revoked_at FROM document
             WHERE number = $1",
            &[&number],
        )
        .await?;
    Ok(row.map(|r| Entitlement {
        household_id: r.get(0),
        valid_from: r.get(1),
        valid_until: r.get(2),
        revoked_on: r.get::<_, Option<DateTime<Utc>>>(3).map(local_date),
    }))
}

/// Append `entry` (paying `assistance_id`, for money out) and commit; the answer.
async fn append(
    tx: Transaction<'_>,
    entry: &Append,
    assistance_id: Option<i64>,
) -> StoreResult<Posted> {
    let entry_id: i64 = tx
        .query_one(
            "INSERT INTO ledger_entry (partner_id, kind, entry_date, amount, note, corrects,
             assistance_id, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &entry.partner_id,
                &entry.kind.as_str(),
                &entry.date,
                &entry.amount,
                &entry.note,
                &entry.corrects,
                &assistance_id,
                &entry.recorded_by,
            ],
        )
        .await?
        .get(0);
    tx.commit().await?;
    Ok(Posted::Kept {
        entry_id,
        assistance_id,
    })
}

async fn insert_assistance_row(tx: &Transaction<'_>, new: &NewAssistance) -> StoreResult<i64> {
    let level = new.level.map(|l| l.key());
    Ok(tx
        .query_one(
            "INSERT INTO assistance (household_id, member_id, kind, school_level, amount, given_on,
             partner_id, document_number, kelurahan, out_of_range_reason, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            &[
                &new.household_id,
                &new.member_id,
                &new.kind.as_str(),
                &level,
                &new.amount,
                &new.given_on,
                &new.partner_id,
                &new.document_number,
                &new.kelurahan,
                &new.out_of_range_reason,
                &new.recorded_by,
            ],
        )
        .await?
        .get(0))
}

#[async_trait]
impl FundStore for PgStore {
    async fn partners(&self) -> StoreResult<Vec<Partner>> {
        let rows = self
            .client()
            .await?
            .query("SELECT id, name FROM partner ORDER BY id", &[])
            .await?;
        Ok(rows
            .iter()
            .map(|r| Partner {
                id: r.get(0),
                name: r.get(1),
            })
            .collect())
    }

    async fn add_partner(&self, name: &str) -> StoreResult<i64> {
        let row = self
            .client()
            .await?
            .query_one(
                "INSERT INTO partner (name) VALUES ($1) RETURNING id",
                &[&name],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn entries(&self, partner: Option<i64>) -> StoreResult<Vec<Entry>> {
        let sql = format!(
            "{ENTRY} WHERE ($1::bigint IS NULL OR e.partner_id = $1) ORDER BY e.entry_date, e.id"
        );
        let rows = self.client().await?.query(&sql, &[&partner]).await?;
        rows.iter().map(entry_from).collect()
    }

    async fn record_money_in(&self, new: &NewMoneyIn) -> StoreResult<Posted> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        if !lock_partner(&tx, new.partner_id).await? {
            return Ok(Posted::Refused(Refused::NoPartner));
        }
        match admit_money_in(&postings_of(&tx, new.partner_id).await?, new) {
            Ok(entry) => append(tx, &entry, None).await,
            Err(why) => Ok(Posted::Refused(why)),
        }
    }

    async fn record_correction(&self, new: &NewCorrection) -> StoreResult<Posted> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let partner = tx
            .query_opt(
                "SELECT partner_id FROM ledger_entry WHERE id = $1",
                &[&new.corrects],
            )
            .await?
            .map(|r| r.get::<_, i64>(0));
        let Some(partner_id) = partner else {
            return Ok(Posted::Refused(Refused::Ledger(Refusal::NoSuchEntry)));
        };
        lock_partner(&tx, partner_id).await?;
        match admit_correction(&postings_of(&tx, partner_id).await?, partner_id, new) {
            Ok(entry) => append(tx, &entry, None).await,
            Err(why) => Ok(Posted::Refused(why)),
        }
    }

    async fn record_assistance(&self, new: &NewAssistance) -> StoreResult<Posted> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        if !lock_partner(&tx, new.partner_id).await? {
            return Ok(Posted::Refused(Refused::NoPartner));
        }
        let document = entitlement(&tx, &new.document_number).await?;
        let mine = postings_of(&tx, new.partner_id).await?;
        match admit_assistance(&mine, document.as_ref(), new) {
            Ok(entry) => {
                let id = insert_assistance_row(&tx, new).await?;
                append(tx, &entry, Some(id)).await
            }
            Err(why) => Ok(Posted::Refused(why)),
        }
    }

    async fn assistance(&self, f: &AssistanceFilter) -> StoreResult<Vec<AssistanceRow>> {
        let kind = f.kind.map(|k| k.as_str());
        let rows = self
            .client()
            .await?
            .query(
                ASSISTANCE,
                &[
                    &f.from,
                    &f.to,
                    &kind,
                    &f.kelurahan,
                    &f.partner_id,
                    &f.household_id,
                ],
            )
            .await?;
        rows.iter().map(assistance_from).collect()
    }

    async fn record_figure(&self, n: &NewFigure) -> StoreResult<i64> {
        let row = self
            .client()
            .await?
            .query_one(
                "INSERT INTO reported_figure (partner_id, kind, period_from, period_to, amount,
                 note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &n.partner_id,
                    &n.kind.as_str(),
                    &n.from,
                    &n.to,
                    &n.amount,
                    &n.note,
                    &n.recorded_by,
                ],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn figures(&self) -> StoreResult<Vec<Figure>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT f.id, f.partner_id, f.kind, f.period_from, f.period_to, f.amount, f.note,
                 u.username FROM reported_figure f JOIN app_user u ON u.id = f.recorded_by
                 ORDER BY f.period_to, f.id",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Figure {
                    id: r.get(0),
                    partner_id: r.get(1),
                    kind: figure_kind(r.get(2))?,
                    from: r.get::<_, Option<NaiveDate>>(3),
                    to: r.get(4),
                    amount: r.get(5),
                    note: r.get(6),
                    recorded_by: r.get(7),
                })
            })
            .collect()
    }
}
