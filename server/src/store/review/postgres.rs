//! The review tables on PostgreSQL.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::{
    status_from, verdict_columns, verdict_from, GivenVerdict, HouseholdRecord, QueueFilter,
    QueuePage, QueueRow, RecordFacts, ReviewStatus, ReviewStore, Verdict,
};
use crate::store::postgres::{column, PgStore};
use crate::store::StoreResult;

/// The queue's condition on `review_record f`: $1 scope, $2 author, $3 kelurahan, $4 kind,
/// $5 path, $6 flag bits (0: any), $7 status, $8 NIK warnings only.
const QUEUE_WHERE: &str = "FROM review_record f
     WHERE f.kelurahan = ANY($1)
       AND ($2::bigint IS NULL OR f.user_id = $2)
       AND ($3::text IS NULL OR f.kelurahan = $3)
       AND ($4::text IS NULL OR f.kind = $4)
       AND ($5::text IS NULL OR f.path = $5)
       AND ($6::bigint = 0 OR f.flags & $6 <> 0)
       AND ($7::text IS NULL OR f.status = $7)
       AND (NOT $8::boolean OR f.nik_warning)";

/// A time column as RFC 3339 text with milliseconds, as SQLite keeps it.
fn at(row: &Row, index: usize) -> String {
    row.get::<_, DateTime<Utc>>(index)
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn queue_row(r: &Row) -> StoreResult<QueueRow> {
    Ok(QueueRow {
        id: r.get(0),
        received_at: at(r, 1),
        author: r.get(2),
        kelurahan: r.get(3),
        body: r.get(4),
        flags: r.get(5),
        nik_warning: r.get(6),
        status: status_from(r.get(7))?,
    })
}

#[async_trait]
impl ReviewStore for PgStore {
    async fn note_records(&self, facts: &[RecordFacts]) -> StoreResult<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO review_record
                     (record_id, received_at, user_id, household_id, kelurahan, kind, path, flags,
                      nik_warning)
                 SELECT r.id, r.received_at, r.user_id, n.household_id, n.kelurahan, n.kind,
                        n.path, n.flags, coalesce(k.nik_warning, false)
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[])
                      AS n (record_id, household_id, kelurahan, kind, path, flags)
                 JOIN record r ON r.id = n.record_id
                 LEFT JOIN household_check k ON k.household_id = n.household_id
                 ORDER BY 1
                 ON CONFLICT (record_id) DO NOTHING",
                &[
                    &column(facts, |f| f.record_id.as_str()),
                    &column(facts, |f| f.household_id.as_deref()),
                    &column(facts, |f| f.kelurahan.as_deref()),
                    &column(facts, |f| f.kind.as_str()),
                    &column(facts, |f| f.path.as_deref()),
                    &column(facts, |f| f.flags),
                ],
            )
            .await?;
        Ok(())
    }

    async fn note_households(&self, checks: &[(String, bool)]) -> StoreResult<()> {
        let ids = column(checks, |c| c.0.as_str());
        let warnings = column(checks, |c| c.1);
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO household_check (household_id, nik_warning)
             SELECT * FROM UNNEST($1::text[], $2::bool[]) ORDER BY 1
             ON CONFLICT (household_id) DO UPDATE SET nik_warning = excluded.nik_warning",
            &[&ids, &warnings],
        )
        .await?;
        tx.execute(
            "UPDATE review_record f SET nik_warning = n.warning
             FROM UNNEST($1::text[], $2::bool[]) AS n (id, warning)
             WHERE f.household_id = n.id AND f.nik_warning <> n.warning",
            &[&ids, &warnings],
        )
        .await?;
        Ok(tx.commit().await?)
    }

    async fn records_without_facts(&self, limit: i64) -> StoreResult<Vec<(String, String)>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT r.id, r.body FROM record r
                 WHERE NOT EXISTS (SELECT 1 FROM review_record f WHERE f.record_id = r.id)
                 LIMIT $1",
                &[&limit],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn households_without_check(&self, limit: i64) -> StoreResult<Vec<(String, String)>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT h.id, h.data::text FROM household h
                 WHERE NOT EXISTS (SELECT 1 FROM household_check k WHERE k.household_id = h.id)
                 LIMIT $1",
                &[&limit],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn households_data(&self, ids: &[String]) -> StoreResult<HashMap<String, String>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, data::text FROM household WHERE id = ANY($1)",
                &[&ids],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn household_records(&self, household_id: &str) -> StoreResult<Vec<HouseholdRecord>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT record_id, received_at, kind, path FROM review_record
                 WHERE household_id = $1 ORDER BY received_at, record_id",
                &[&household_id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| HouseholdRecord {
                id: r.get(0),
                received_at: at(r, 1),
                kind: r.get(2),
                path: r.get(3),
            })
            .collect())
    }

    async fn review_queue(&self, f: &QueueFilter) -> StoreResult<QueuePage> {
        let client = self.client().await?;
        let status = f.status.map(ReviewStatus::as_str);
        let args: [&(dyn ToSql + Sync); 8] = [
            &f.scope,
            &f.author,
            &f.kelurahan,
            &f.kind,
            &f.path,
            &f.flags,
            &status,
            &f.nik_warning,
        ];
        let total: i64 = client
            .query_one(&format!("SELECT count(*) {QUEUE_WHERE}"), &args)
            .await?
            .get(0);
        let page: [&(dyn ToSql + Sync); 2] = [&f.limit, &f.offset];
        let rows = client
            .query(
                &format!(
                    "SELECT p.record_id, p.received_at, u.username, p.kelurahan, r.body, p.flags,
                            p.nik_warning, p.status
                     FROM (SELECT f.* {QUEUE_WHERE}
                           ORDER BY f.received_at DESC, f.record_id DESC LIMIT $9 OFFSET $10) p
                     JOIN record r ON r.id = p.record_id JOIN app_user u ON u.id = p.user_id
                     ORDER BY p.received_at DESC, p.record_id DESC"
                ),
                &[&args[..], &page[..]].concat(),
            )
            .await?;
        let rows = rows.iter().map(queue_row).collect::<StoreResult<_>>()?;
        Ok(QueuePage { rows, total })
    }

    async fn save_verdicts(
        &self,
        record_id: &str,
        user_id: i64,
        verdicts: &[(u8, Verdict)],
    ) -> StoreResult<()> {
        let criteria = column(verdicts, |v| i32::from(v.0));
        let columns = column(verdicts, |v| verdict_columns(&v.1));
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO review_verdict (record_id, criterion, verdict, comment, user_id)
             SELECT $1, n.criterion, n.verdict, n.comment, $5
             FROM UNNEST($2::int4[], $3::text[], $4::text[]) AS n (criterion, verdict, comment)",
            &[
                &record_id,
                &criteria,
                &column(&columns, |c| c.0),
                &column(&columns, |c| c.1),
                &user_id,
            ],
        )
        .await?;
        tx.execute(
            "UPDATE review_record SET status = 'reviewed' WHERE record_id = $1 AND status = 'awaiting'",
            &[&record_id],
        )
        .await?;
        Ok(tx.commit().await?)
    }

    async fn verdicts(&self, record_id: &str) -> StoreResult<Vec<GivenVerdict>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT DISTINCT ON (v.criterion) v.criterion, v.verdict, v.comment, u.username, v.at
                 FROM review_verdict v JOIN app_user u ON u.id = v.user_id
                 WHERE v.record_id = $1 ORDER BY v.criterion, v.id DESC",
                &[&record_id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| GivenVerdict {
                criterion: u8::try_from(r.get::<_, i32>(0)).unwrap_or_default(),
                verdict: verdict_from(r.get(1), r.get(2)),
                by: r.get(3),
                at: at(r, 4),
            })
            .collect())
    }

    async fn review_status(&self, record_id: &str) -> StoreResult<Option<ReviewStatus>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT status FROM review_record WHERE record_id = $1",
                &[&record_id],
            )
            .await?;
        row.map(|r| status_from(r.get(0))).transpose()
    }

    async fn set_review_status(&self, record_id: &str, status: ReviewStatus) -> StoreResult<bool> {
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE review_record SET status = $2 WHERE record_id = $1",
                &[&record_id, &status.as_str()],
            )
            .await?;
        Ok(n > 0)
    }
}
