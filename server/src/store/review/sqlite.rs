//! The review tables on SQLite.

use std::collections::HashMap;

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension};

use super::{
    status_from, verdict_columns, verdict_from, GivenVerdict, HouseholdRecord, QueueFilter,
    QueuePage, QueueRow, RecordFacts, ReviewStatus, ReviewStore, Verdict,
};
use crate::store::sqlite::{bad_column, id_list, SqliteStore};
use crate::store::StoreResult;

/// The queue's condition on `review_record f`: ?1 scope (JSON array), ?2 author, ?3 kelurahan,
/// ?4 kind, ?5 path, ?6 flag bits (0: any), ?7 status, ?8 NIK warnings only. `{p}` is `+` for a
/// page (the unary plus keeps the planner off the filter index, so it walks the newest-first
/// index and stops after the page) and empty for the count (which reads the filter index).
fn queue_where(p: &str) -> String {
    format!(
        "FROM review_record f
         WHERE {p}f.kelurahan IN (SELECT value FROM json_each(?1))
           AND (?2 IS NULL OR f.user_id = ?2)
           AND (?3 IS NULL OR {p}f.kelurahan = ?3)
           AND (?4 IS NULL OR f.kind = ?4)
           AND (?5 IS NULL OR f.path = ?5)
           AND (?6 = 0 OR f.flags & ?6 != 0)
           AND (?7 IS NULL OR {p}f.status = ?7)
           AND (?8 = 0 OR f.nik_warning = 1)"
    )
}

fn review_queue(c: &Connection, f: &QueueFilter) -> rusqlite::Result<QueuePage> {
    let scope = id_list(&f.scope);
    let status = f.status.map(ReviewStatus::as_str);
    let args = params![
        scope,
        f.author,
        f.kelurahan,
        f.kind,
        f.path,
        f.flags,
        status,
        f.nik_warning
    ];
    let total = c
        .prepare_cached(&format!("SELECT count(*) {}", queue_where("")))?
        .query_row(args, |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT p.record_id, p.received_at, u.username, p.kelurahan, r.body, p.flags,
                p.nik_warning, p.status
         FROM (SELECT f.* {}
               ORDER BY f.received_at DESC, f.record_id DESC LIMIT ?9 OFFSET ?10) p
         JOIN record r ON r.id = p.record_id JOIN app_user u ON u.id = p.user_id
         ORDER BY p.received_at DESC, p.record_id DESC",
        queue_where("+")
    ))?;
    let page: [&dyn rusqlite::ToSql; 2] = [&f.limit, &f.offset];
    let all = [args, &page[..]].concat();
    let rows = stmt.query_map(all.as_slice(), |r| {
        let status: String = r.get(7)?;
        Ok(QueueRow {
            id: r.get(0)?,
            received_at: r.get(1)?,
            author: r.get(2)?,
            kelurahan: r.get(3)?,
            body: r.get(4)?,
            flags: r.get(5)?,
            nik_warning: r.get(6)?,
            status: status_from(&status).map_err(|e| bad_column(7, e.to_string()))?,
        })
    })?;
    Ok(QueuePage {
        rows: rows.collect::<rusqlite::Result<_>>()?,
        total,
    })
}

fn note_records(c: &mut Connection, facts: &[RecordFacts]) -> rusqlite::Result<()> {
    let tx = c.transaction()?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO review_record
                 (record_id, received_at, user_id, household_id, kelurahan, kind, path, flags,
                  nik_warning)
             SELECT r.id, r.received_at, r.user_id, ?2, ?3, ?4, ?5, ?6,
                    coalesce((SELECT nik_warning FROM household_check WHERE household_id = ?2), 0)
             FROM record r WHERE r.id = ?1
             ON CONFLICT (record_id) DO NOTHING",
        )?;
        for f in facts {
            stmt.execute(params![
                f.record_id,
                f.household_id,
                f.kelurahan,
                f.kind,
                f.path,
                f.flags
            ])?;
        }
    }
    tx.commit()
}

fn note_households(c: &mut Connection, checks: &[(String, bool)]) -> rusqlite::Result<()> {
    let tx = c.transaction()?;
    {
        let mut keep = tx.prepare_cached(
            "INSERT INTO household_check (household_id, nik_warning) VALUES (?1, ?2)
             ON CONFLICT (household_id) DO UPDATE SET nik_warning = excluded.nik_warning",
        )?;
        let mut mark = tx.prepare_cached(
            "UPDATE review_record SET nik_warning = ?2 WHERE household_id = ?1 AND nik_warning != ?2",
        )?;
        for (id, warning) in checks {
            keep.execute(params![id, warning])?;
            mark.execute(params![id, warning])?;
        }
    }
    tx.commit()
}

/// (id, text) pairs from a query with one parameter.
fn pairs(
    c: &Connection,
    sql: &str,
    arg: impl rusqlite::ToSql,
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn save_verdicts(
    c: &mut Connection,
    record_id: &str,
    user_id: i64,
    verdicts: &[(u8, Verdict)],
) -> rusqlite::Result<()> {
    let tx = c.transaction()?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO review_verdict (record_id, criterion, verdict, comment, user_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (criterion, verdict) in verdicts {
            let (kind, comment) = verdict_columns(verdict);
            stmt.execute(params![record_id, criterion, kind, comment, user_id])?;
        }
    }
    tx.execute(
        "UPDATE review_record SET status = 'reviewed' WHERE record_id = ?1 AND status = 'awaiting'",
        [record_id],
    )?;
    tx.commit()
}

fn verdicts(c: &Connection, record_id: &str) -> rusqlite::Result<Vec<GivenVerdict>> {
    let mut stmt = c.prepare_cached(
        "SELECT v.criterion, v.verdict, v.comment, u.username, v.at
         FROM review_verdict v JOIN app_user u ON u.id = v.user_id
         WHERE v.id IN (SELECT max(id) FROM review_verdict WHERE record_id = ?1 GROUP BY criterion)
         ORDER BY v.criterion",
    )?;
    let rows = stmt.query_map([record_id], |r| {
        let kind: String = r.get(1)?;
        Ok(GivenVerdict {
            criterion: r.get(0)?,
            verdict: verdict_from(&kind, r.get(2)?),
            by: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    rows.collect()
}

#[async_trait]
impl ReviewStore for SqliteStore {
    async fn note_records(&self, facts: &[RecordFacts]) -> StoreResult<()> {
        let facts = facts.to_vec();
        self.run(move |c| note_records(c, &facts)).await
    }

    async fn note_households(&self, checks: &[(String, bool)]) -> StoreResult<()> {
        let checks = checks.to_vec();
        self.run(move |c| note_households(c, &checks)).await
    }

    async fn records_without_facts(&self, limit: i64) -> StoreResult<Vec<(String, String)>> {
        self.run(move |c| {
            pairs(
                c,
                "SELECT r.id, r.body FROM record r
                 WHERE NOT EXISTS (SELECT 1 FROM review_record f WHERE f.record_id = r.id)
                 LIMIT ?1",
                limit,
            )
        })
        .await
    }

    async fn households_without_check(&self, limit: i64) -> StoreResult<Vec<(String, String)>> {
        self.run(move |c| {
            pairs(
                c,
                "SELECT h.id, h.data FROM household h
                 WHERE NOT EXISTS (SELECT 1 FROM household_check k WHERE k.household_id = h.id)
                 LIMIT ?1",
                limit,
            )
        })
        .await
    }

    async fn households_data(&self, ids: &[String]) -> StoreResult<HashMap<String, String>> {
        let ids = id_list(ids);
        self.run(move |c| {
            pairs(
                c,
                "SELECT id, data FROM household WHERE id IN (SELECT value FROM json_each(?1))",
                ids,
            )
            .map(|rows| rows.into_iter().collect())
        })
        .await
    }

    async fn household_records(&self, household_id: &str) -> StoreResult<Vec<HouseholdRecord>> {
        let household_id = household_id.to_owned();
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT record_id, received_at, kind, path FROM review_record
                 WHERE household_id = ?1 ORDER BY received_at, record_id",
            )?;
            let rows = stmt.query_map([household_id], |r| {
                Ok(HouseholdRecord {
                    id: r.get(0)?,
                    received_at: r.get(1)?,
                    kind: r.get(2)?,
                    path: r.get(3)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn review_queue(&self, filter: &QueueFilter) -> StoreResult<QueuePage> {
        let filter = filter.clone();
        self.run(move |c| review_queue(c, &filter)).await
    }

    async fn save_verdicts(
        &self,
        record_id: &str,
        user_id: i64,
        verdicts: &[(u8, Verdict)],
    ) -> StoreResult<()> {
        let (record_id, verdicts) = (record_id.to_owned(), verdicts.to_vec());
        self.run(move |c| save_verdicts(c, &record_id, user_id, &verdicts))
            .await
    }

    async fn verdicts(&self, record_id: &str) -> StoreResult<Vec<GivenVerdict>> {
        let record_id = record_id.to_owned();
        self.run(move |c| verdicts(c, &record_id)).await
    }

    async fn review_status(&self, record_id: &str) -> StoreResult<Option<ReviewStatus>> {
        let record_id = record_id.to_owned();
        let name: Option<String> = self
            .run(move |c| {
                c.prepare_cached("SELECT status FROM review_record WHERE record_id = ?1")?
                    .query_row([record_id], |r| r.get(0))
                    .optional()
            })
            .await?;
        name.as_deref().map(status_from).transpose()
    }

    async fn set_review_status(&self, record_id: &str, status: ReviewStatus) -> StoreResult<bool> {
        let record_id = record_id.to_owned();
        self.run(move |c| {
            c.execute(
                "UPDATE review_record SET status = ?2 WHERE record_id = ?1",
                params![record_id, status.as_str()],
            )
            .map(|n| n > 0)
        })
        .await
    }
}
