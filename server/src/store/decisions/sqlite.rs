//! [`DecisionStore`] on the SQLite file: each write one transaction on the single connection,
//! which also makes document numbering race-free.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{
    blocks_renewal, decision_feed, document_number, number_pattern, report_feed, Decided, Decision,
    DecisionKind, DecisionStore, Document, DocumentKind, FeedEntry, NewDecision, NewReportOutcome,
    ReportOutcome, DECISION_COLUMNS, DOCUMENT_COLUMNS,
};
use crate::model::{Role, User};
use crate::store::sqlite::{bad_column, day, instant, time, user_from, SqliteStore, USER_COLUMNS};
use crate::store::StoreResult;

fn decision_from(row: &Row<'_>) -> rusqlite::Result<Decision> {
    let kind: String = row.get(3)?;
    Ok(Decision {
        id: row.get(0)?,
        record_id: row.get(1)?,
        record_sha256: row.get(2)?,
        kind: DecisionKind::parse(&kind).ok_or_else(|| bad_column(3, kind))?,
        reason: row.get(4)?,
        decided_by: row.get(5)?,
        decided_at: instant(row, 6)?,
        document: row.get(7)?,
    })
}

fn document_from(row: &Row<'_>) -> rusqlite::Result<Document> {
    let kind: String = row.get(1)?;
    let revoked_at: Option<String> = row.get(7)?;
    Ok(Document {
        number: row.get(0)?,
        kind: DocumentKind::parse(&kind).ok_or_else(|| bad_column(1, kind))?,
        household_id: row.get(2)?,
        record_id: row.get(3)?,
        valid_from: day(row, 4)?,
        valid_until: day(row, 5)?,
        mayor_ref: row.get(6)?,
        revoked: match revoked_at {
            Some(_) => Some((instant(row, 7)?, row.get(8)?)),
            None => None,
        },
    })
}

fn add_feed(tx: &Transaction<'_>, entries: &[FeedEntry]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO change_log (kind, subject, user_id, data) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for e in entries {
        stmt.execute(params![e.kind, e.subject, e.user_id, e.data.to_string()])?;
    }
    Ok(())
}

/// The number and issue time of the household's newest card.
fn last_card(
    tx: &Transaction<'_>,
    household: &str,
) -> rusqlite::Result<Option<(String, DateTime<Utc>)>> {
    tx.prepare_cached(
        "SELECT number, issued_at FROM document WHERE household_id = ?1 AND kind = 'card'
         ORDER BY issued_at DESC LIMIT 1",
    )?
    .query_row([household], |r| Ok((r.get(0)?, instant(r, 1)?)))
    .optional()
}

fn decide(c: &mut Connection, d: &NewDecision) -> rusqlite::Result<Decided> {
    let tx = c.transaction()?;
    let household = d.household_id.clone().unwrap_or_default();
    if let Some(doc) = d
        .document
        .as_ref()
        .filter(|doc| doc.kind == DocumentKind::Card)
    {
        if let Some((last_card, issued)) = last_card(&tx, &household)? {
            if blocks_renewal(issued, doc.visit_at) {
                return Ok(Decided::NeedsNewerVisit { last_card });
            }
        }
    }
    tx.execute(
        "INSERT INTO decision (record_id, record_sha256, household_id, kind, reason, decided_by,
         decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            d.record_id,
            d.record_sha256,
            d.household_id,
            d.kind.as_str(),
            d.reason,
            d.decided_by,
            time(d.decided_at)
        ],
    )?;
    let id = tx.last_insert_rowid();
    let number = match &d.document {
        Some(doc) => {
            let year = doc.valid_from.year();
            let taken: i64 = tx.query_row(
                "SELECT count(*) FROM document WHERE number LIKE ?1",
                [number_pattern(doc.kind, year)],
                |r| r.get(0),
            )?;
            let number = document_number(doc.kind, year, taken + 1);
            tx.execute(
                "INSERT INTO document (number, kind, decision_id, household_id, issued_at,
                 valid_from, valid_until, mayor_ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    number,
                    doc.kind.as_str(),
                    id,
                    household,
                    time(d.decided_at),
                    doc.valid_from.to_string(),
                    doc.valid_until.to_string(),
                    doc.mayor_ref
                ],
            )?;
            Some(number)
        }
        None => None,
    };
    add_feed(&tx, &decision_feed(d, id, number.as_deref()))?;
    if let Some(number) = &number {
        announce_document(&tx, number)?;
    }
    tx.commit()?;
    Ok(Decided::Kept { id, number })
}

/// Announce the card or letter `number`, as it now stands, to the phones of its household's
/// kelurahan (a `document` feed entry; a revocation is announced again).
fn announce_document(tx: &Transaction<'_>, number: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO change_log (kind, subject, kelurahan, data)
         SELECT 'document', doc.number, h.kelurahan, json_object(
             'number', doc.number, 'kind', doc.kind, 'household_id', doc.household_id,
             'valid_from', doc.valid_from, 'valid_until', doc.valid_until,
             'revoked', json(CASE WHEN doc.revoked_at IS NULL THEN 'false' ELSE 'true' END))
         FROM document doc JOIN household h ON h.id = doc.household_id WHERE doc.number = ?1",
    )?
    .execute([number])
    .map(drop)
}

fn settle(c: &mut Connection, o: &NewReportOutcome) -> rusqlite::Result<bool> {
    let tx = c.transaction()?;
    let (outcome, assignee) = o.action.stored();
    let n = tx.execute(
        "INSERT INTO report_outcome (record_id, outcome, assignee, reason, decided_by, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (record_id) DO NOTHING",
        params![
            o.record_id,
            outcome,
            assignee,
            o.reason,
            o.decided_by,
            time(o.decided_at)
        ],
    )?;
    if n == 1 {
        add_feed(&tx, &report_feed(o))?;
    }
    tx.commit()?;
    Ok(n == 1)
}

fn all<T>(
    c: &Connection,
    sql: &str,
    arg: &dyn rusqlite::ToSql,
    f: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([arg], f)?;
    rows.collect()
}

#[async_trait]
impl DecisionStore for SqliteStore {
    async fn decide(&self, decision: &NewDecision) -> StoreResult<Decided> {
        let d = decision.clone();
        self.run(move |c| decide(c, &d)).await
    }

    async fn latest_decisions(
        &self,
        record_ids: &[String],
    ) -> StoreResult<HashMap<String, Decision>> {
        let ids = serde_json::to_string(record_ids).unwrap_or_default();
        self.run(move |c| {
            let sql = format!(
                "SELECT {DECISION_COLUMNS} WHERE d.id IN (SELECT max(id) FROM decision
                 WHERE record_id IN (SELECT value FROM json_each(?1)) GROUP BY record_id)"
            );
            let rows = all(c, &sql, &ids, decision_from)?;
            Ok(rows.into_iter().map(|d| (d.record_id.clone(), d)).collect())
        })
        .await
    }

    async fn household_decisions(&self, household_id: &str) -> StoreResult<Vec<Decision>> {
        let h = household_id.to_owned();
        self.run(move |c| {
            let sql =
                format!("SELECT {DECISION_COLUMNS} WHERE d.household_id = ?1 ORDER BY d.id DESC");
            all(c, &sql, &h, decision_from)
        })
        .await
    }

    async fn household_documents(&self, household_id: &str) -> StoreResult<Vec<Document>> {
        let h = household_id.to_owned();
        self.run(move |c| {
            let sql = format!(
                "SELECT {DOCUMENT_COLUMNS} WHERE doc.household_id = ?1 ORDER BY doc.issued_at DESC"
            );
            all(c, &sql, &h, document_from)
        })
        .await
    }

    async fn document(&self, number: &str) -> StoreResult<Option<Document>> {
        let n = number.to_owned();
        self.run(move |c| {
            let sql = format!("SELECT {DOCUMENT_COLUMNS} WHERE doc.number = ?1");
            Ok(all(c, &sql, &n, document_from)?.pop())
        })
        .await
    }

    async fn revoke_document(
        &self,
        number: &str,
        by: i64,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let (number, reason, at) = (number.to_owned(), reason.to_owned(), time(at));
        self.run(move |c| {
            let tx = c.transaction()?;
            let revoked = tx.execute(
                "UPDATE document SET revoked_at = ?2, revoked_by = ?3, revoke_reason = ?4
                 WHERE number = ?1 AND revoked_at IS NULL",
                params![number, at, by, reason],
            )? == 1;
            if revoked {
                announce_document(&tx, &number)?;
            }
            tx.commit()?;
            Ok(revoked)
        })
        .await
    }

    async fn settle_report(&self, outcome: &NewReportOutcome) -> StoreResult<bool> {
        let o = outcome.clone();
        self.run(move |c| settle(c, &o)).await
    }

    async fn report_outcome(&self, record_id: &str) -> StoreResult<Option<ReportOutcome>> {
        let id = record_id.to_owned();
        self.run(move |c| {
            c.prepare_cached(
                "SELECT o.outcome, a.username, o.reason, u.username, o.decided_at
                 FROM report_outcome o JOIN app_user u ON u.id = o.decided_by
                 LEFT JOIN app_user a ON a.id = o.assignee WHERE o.record_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ReportOutcome {
                    outcome: r.get(0)?,
                    assignee: r.get(1)?,
                    reason: r.get(2)?,
                    decided_by: r.get(3)?,
                    decided_at: instant(r, 4)?,
                })
            })
            .optional()
        })
        .await
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        self.run(move |c| {
            let sql = format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.id = ?1");
            Ok(all(c, &sql, &id, |r| user_from(r, 0))?.pop())
        })
        .await
    }

    async fn users_with_role(&self, role: Role) -> StoreResult<Vec<User>> {
        self.run(move |c| {
            let sql = format!(
                "SELECT {USER_COLUMNS} FROM app_user u WHERE u.role = ?1 ORDER BY u.username"
            );
            all(c, &sql, &role.as_str(), |r| user_from(r, 0))
        })
        .await
    }
}
