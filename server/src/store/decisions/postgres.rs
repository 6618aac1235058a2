//! [`DecisionStore`] on PostgreSQL: each write one transaction holding the change feed's
//! advisory lock, which keeps feed entries in `seq` order and document numbers unique.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use deadpool_postgres::{GenericClient, Transaction};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::{
    blocks_renewal, decision_feed, document_number, number_pattern, report_feed, Decided, Decision,
    DecisionKind, DecisionStore, Document, DocumentKind, FeedEntry, NewDecision, NewReportOutcome,
    ReportOutcome, DECISION_COLUMNS, DOCUMENT_COLUMNS,
};
use crate::model::{Role, User};
use crate::store::postgres::{user_from, PgStore, FEED_LOCK, USER_COLUMNS};
use crate::store::{StoreError, StoreResult};

fn decision_from(row: &Row) -> StoreResult<Decision> {
    let kind: String = row.get(3);
    Ok(Decision {
        id: row.get(0),
        record_id: row.get(1),
        record_sha256: row.get(2),
        kind: DecisionKind::parse(&kind).ok_or(StoreError::Backend(kind))?,
        reason: row.get(4),
        decided_by: row.get(5),
        decided_at: row.get(6),
        document: row.get(7),
    })
}

fn document_from(row: &Row) -> StoreResult<Document> {
    let kind: String = row.get(1);
    let revoked_at: Option<DateTime<Utc>> = row.get(7);
    Ok(Document {
        number: row.get(0),
        kind: DocumentKind::parse(&kind).ok_or(StoreError::Backend(kind))?,
        household_id: row.get(2),
        record_id: row.get(3),
        valid_from: row.get(4),
        valid_until: row.get(5),
        mayor_ref: row.get(6),
        revoked: revoked_at.map(|at| (at, row.get(8))),
    })
}

pub(in crate::store) async fn add_feed(
    tx: &Transaction<'_>,
    entries: &[FeedEntry],
) -> StoreResult<()> {
    for e in entries {
        tx.execute(
            "INSERT INTO change_log (kind, subject, user_id, data) VALUES ($1, $2, $3, $4)",
            &[&e.kind, &e.subject, &e.user_id, &e.data],
        )
        .await?;
    }
    Ok(())
}

/// Announce the card or letter `number`, as it now stands, to the phones of its household's
/// kelurahan (a `document` feed entry; a revocation is announced again).
async fn announce_document(tx: &Transaction<'_>, number: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO change_log (kind, subject, kelurahan, data)
         SELECT 'document', doc.number, h.kelurahan, jsonb_build_object(
             'number', doc.number, 'kind', doc.kind, 'household_id', doc.household_id,
             'valid_from', doc.valid_from::text, 'valid_until', doc.valid_until::text,
             'revoked', doc.revoked_at IS NOT NULL)
         FROM document doc JOIN household h ON h.id = doc.household_id WHERE doc.number = $1",
        &[&number],
    )
    .await?;
    Ok(())
}

pub(in crate::store) async fn feed_transaction(
    client: &mut deadpool_postgres::Object,
) -> StoreResult<Transaction<'_>> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&FEED_LOCK])
        .await?;
    Ok(tx)
}

/// Keep the document of `d` (decision `id`); its number.
async fn insert_document(
    tx: &Transaction<'_>,
    d: &NewDecision,
    id: i64,
) -> StoreResult<Option<String>> {
    let Some(doc) = &d.document else {
        return Ok(None);
    };
    let year = doc.valid_from.year();
    let taken: i64 = tx
        .query_one(
            "SELECT count(*) FROM document WHERE number LIKE $1",
            &[&number_pattern(doc.kind, year)],
        )
        .await?
        .get(0);
    let number = document_number(doc.kind, year, taken + 1);
    let household = d.household_id.clone().unwrap_or_default();
    tx.execute(
        "INSERT INTO document (number, kind, decision_id, household_id, issued_at, valid_from,
         valid_until, mayor_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &number,
            &doc.kind.as_str(),
            &id,
            &household,
            &d.decided_at,
            &doc.valid_from,
            &doc.valid_until,
            &doc.mayor_ref,
        ],
    )
    .await?;
    Ok(Some(number))
}

impl PgStore {
    async fn rows<T>(
        &self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
        f: fn(&Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let rows = self.client().await?.query(sql, args).await?;
        rows.iter().map(f).collect()
    }
}

#[async_trait]
impl DecisionStore for PgStore {
    async fn decide(&self, d: &NewDecision) -> StoreResult<Decided> {
        let mut client = self.client().await?;
        let tx = feed_transaction(&mut client).await?;
        let household = d.household_id.clone().unwrap_or_default();
        if let Some(doc) = d
            .document
            .as_ref()
            .filter(|doc| doc.kind == DocumentKind::Card)
        {
            let last = tx
                .query_opt(
                    "SELECT number, issued_at FROM document WHERE household_id = $1
                     AND kind = 'card' ORDER BY issued_at DESC LIMIT 1",
                    &[&household],
                )
                .await?;
            if let Some(last) = last {
                if blocks_renewal(last.get(1), doc.visit_at) {
                    return Ok(Decided::NeedsNewerVisit {
                        last_card: last.get(0),
                    });
                }
            }
        }
        let id: i64 = tx
            .query_one(
                "INSERT INTO decision (record_id, record_sha256, household_id, kind, reason,
                 decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &d.record_id,
                    &d.record_sha256,
                    &d.household_id,
                    &d.kind.as_str(),
                    &d.reason,
                    &d.decided_by,
                    &d.decided_at,
                ],
            )
            .await?
            .get(0);
        let number = insert_document(&tx, d, id).await?;
        add_feed(&tx, &decision_feed(d, id, number.as_deref())).await?;
        if let Some(number) = &number {
            announce_document(&tx, number).await?;
        }
        tx.commit().await?;
        Ok(Decided::Kept { id, number })
    }

    async fn latest_decisions(
        &self,
        record_ids: &[String],
    ) -> StoreResult<HashMap<String, Decision>> {
        let sql = format!(
            "SELECT {DECISION_COLUMNS} WHERE d.id IN (SELECT max(id) FROM decision
             WHERE record_id = ANY($1) GROUP BY record_id)"
        );
        let rows = self.rows(&sql, &[&record_ids], decision_from).await?;
        Ok(rows.into_iter().map(|d| (d.record_id.clone(), d)).collect())
    }

    async fn household_decisions(&self, household_id: &str) -> StoreResult<Vec<Decision>> {
        let sql = format!("SELECT {DECISION_COLUMNS} WHERE d.household_id = $1 ORDER BY d.id DESC");
        self.rows(&sql, &[&household_id], decision_from).await
    }

    async fn household_documents(&self, household_id: &str) -> StoreResult<Vec<Document>> {
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} WHERE doc.household_id = $1 ORDER BY doc.issued_at DESC"
        );
        self.rows(&sql, &[&household_id], document_from).await
    }

    async fn document(&self, number: &str) -> StoreResult<Option<Document>> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} WHERE doc.number = $1");
        Ok(self.rows(&sql, &[&number], document_from).await?.pop())
    }

    async fn revoke_document(
        &self,
        number: &str,
        by: i64,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = feed_transaction(&mut client).await?;
        let revoked = tx
            .execute(
                "UPDATE document SET revoked_at = $2, revoked_by = $3, revoke_reason = $4
                 WHERE number = $1 AND revoked_at IS NULL",
                &[&number, &at, &by, &reason],
            )
            .await?
            == 1;
        if revoked {
            announce_document(&tx, number).await?;
        }
        tx.commit().await?;
        Ok(revoked)
    }

    async fn settle_report(&self, o: &NewReportOutcome) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = feed_transaction(&mut client).await?;
        let (outcome, assignee) = o.action.stored();
        let n = tx
            .execute(
                "INSERT INTO report_outcome (record_id, outcome, assignee, reason, decided_by,
                 decided_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (record_id) DO NOTHING",
                &[
                    &o.record_id,
                    &outcome,
                    &assignee,
                    &o.reason,
                    &o.decided_by,
                    &o.decided_at,
                ],
            )
            .await?;
        if n == 1 {
            add_feed(&tx, &report_feed(o)).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn report_outcome(&self, record_id: &str) -> StoreResult<Option<ReportOutcome>> {
        let rows = self
            .rows(
                "SELECT o.outcome, a.username, o.reason, u.username, o.decided_at
                 FROM report_outcome o JOIN app_user u ON u.id = o.decided_by
                 LEFT JOIN app_user a ON a.id = o.assignee WHERE o.record_id = $1",
                &[&record_id],
                |r| {
                    Ok(ReportOutcome {
                        outcome: r.get(0),
                        assignee: r.get(1),
                        reason: r.get(2),
                        decided_by: r.get(3),
                        decided_at: r.get(4),
                    })
                },
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.id = $1");
        Ok(self.rows(&sql, &[&id], |r| user_from(r, 0)).await?.pop())
    }

    async fn users_with_role(&self, role: Role) -> StoreResult<Vec<User>> {
        let sql =
            format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.role = $1 ORDER BY u.username");
        self.rows(&sql, &[&role.as_str()], |r| user_from(r, 0))
            .await
    }
}
