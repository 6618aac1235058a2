//! The reports' reads on SQLite: times are RFC 3339 text and days `YYYY-MM-DD` text, so a
//! period is two text bounds.

use async_trait::async_trait;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::{
    document_kind, verified_sql, AuthorDecisions, AuthorWork, ExpiringDocument, Period,
    ReportStore, VerifiedHousehold, VisitFact,
};
use crate::store::sqlite::{bad_column, id_list, SqliteStore};
use crate::store::StoreResult;

/// The bounds of `period` as text: first day, and the day after the last.
fn bounds(period: Period) -> (String, String) {
    (period.from.to_string(), period.end().to_string())
}

fn work_by_author(c: &Connection, scope: &str, p: Period) -> rusqlite::Result<Vec<AuthorWork>> {
    let (from, end) = bounds(p);
    let mut stmt = c.prepare_cached(
        "SELECT u.username, sum(f.kind = 'visit'), sum(f.kind = 'visit_refused')
         FROM review_record f JOIN app_user u ON u.id = f.user_id
         WHERE f.kelurahan IN (SELECT value FROM json_each(?1))
           AND f.kind IN ('visit', 'visit_refused')
           AND f.received_at >= ?2 AND f.received_at < ?3
         GROUP BY u.username ORDER BY u.username",
    )?;
    let rows = stmt.query_map(params![scope, from, end], |r| {
        Ok(AuthorWork {
            author: r.get(0)?,
            visits: r.get(1)?,
            refused: r.get(2)?,
        })
    })?;
    rows.collect()
}

fn decisions_by_author(
    c: &Connection,
    scope: &str,
    p: Period,
) -> rusqlite::Result<Vec<AuthorDecisions>> {
    let (from, end) = bounds(p);
    let mut stmt = c.prepare_cached(
        "SELECT u.username, d.kind, count(*)
         FROM decision d JOIN review_record f ON f.record_id = d.record_id
         JOIN app_user u ON u.id = f.user_id
         WHERE f.kelurahan IN (SELECT value FROM json_each(?1))
           AND d.decided_at >= ?2 AND d.decided_at < ?3
         GROUP BY u.username, d.kind ORDER BY u.username, d.kind",
    )?;
    let rows = stmt.query_map(params![scope, from, end], |r| {
        Ok(AuthorDecisions {
            author: r.get(0)?,
            kind: r.get(1)?,
            count: r.get(2)?,
        })
    })?;
    rows.collect()
}

fn visit_facts(c: &Connection, scope: &str, p: Period) -> rusqlite::Result<Vec<VisitFact>> {
    let (from, end) = bounds(p);
    let mut stmt = c.prepare_cached(
        "SELECT f.kelurahan, f.household_id, f.record_id, f.received_at, f.flags
         FROM review_record f
         WHERE f.kelurahan IN (SELECT value FROM json_each(?1))
           AND f.kind = 'visit' AND f.household_id IS NOT NULL
           AND f.received_at >= ?2 AND f.received_at < ?3
         ORDER BY f.received_at, f.record_id",
    )?;
    let rows = stmt.query_map(params![scope, from, end], |r| {
        Ok(VisitFact {
            kelurahan: r.get(0)?,
            household_id: r.get(1)?,
            record_id: r.get(2)?,
            received_at: r.get(3)?,
            flags: r.get(4)?,
        })
    })?;
    rows.collect()
}

fn documents_expiring(
    c: &Connection,
    scope: &str,
    p: Period,
) -> rusqlite::Result<Vec<ExpiringDocument>> {
    let mut stmt = c.prepare_cached(
        "SELECT doc.number, doc.kind, doc.household_id, h.kelurahan, doc.valid_until
         FROM document doc JOIN household h ON h.id = doc.household_id
         WHERE h.kelurahan IN (SELECT value FROM json_each(?1))
           AND doc.revoked_at IS NULL
           AND doc.valid_until >= ?2 AND doc.valid_until <= ?3
         ORDER BY doc.valid_until, doc.number",
    )?;
    let rows = stmt.query_map(params![scope, p.from.to_string(), p.to.to_string()], |r| {
        let kind: String = r.get(1)?;
        let until: String = r.get(4)?;
        Ok(ExpiringDocument {
            number: r.get(0)?,
            kind: document_kind(&kind).map_err(|e| bad_column(1, e.to_string()))?,
            household_id: r.get(2)?,
            kelurahan: r.get(3)?,
            valid_until: until
                .parse::<NaiveDate>()
                .map_err(|e| bad_column(4, e.to_string()))?,
        })
    })?;
    rows.collect()
}

fn verified_households(c: &Connection, scope: &str) -> rusqlite::Result<Vec<VerifiedHousehold>> {
    let sql = verified_sql("f.kelurahan IN (SELECT value FROM json_each(?1))", "h.data");
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([scope], |r| {
        let number: Option<String> = r.get(6)?;
        let until: Option<String> = r.get(7)?;
        let until = until
            .map(|u| {
                u.parse::<NaiveDate>()
                    .map_err(|e| bad_column(7, e.to_string()))
            })
            .transpose()?;
        Ok(VerifiedHousehold {
            household_id: r.get(0)?,
            kelurahan: r.get(1)?,
            data: r.get(2)?,
            visit: r.get(3)?,
            visited_at: r.get(4)?,
            decision: r.get(5)?,
            document: number.zip(until),
        })
    })?;
    rows.collect()
}

#[async_trait]
impl ReportStore for SqliteStore {
    async fn verified_households(&self, scope: &[String]) -> StoreResult<Vec<VerifiedHousehold>> {
        let scope = id_list(scope);
        self.run(move |c| verified_households(c, &scope)).await
    }

    async fn work_by_author(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<AuthorWork>> {
        let scope = id_list(scope);
        self.run(move |c| work_by_author(c, &scope, period)).await
    }

    async fn decisions_by_author(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<AuthorDecisions>> {
        let scope = id_list(scope);
        self.run(move |c| decisions_by_author(c, &scope, period))
            .await
    }

    async fn visit_facts(&self, scope: &[String], period: Period) -> StoreResult<Vec<VisitFact>> {
        let scope = id_list(scope);
        self.run(move |c| visit_facts(c, &scope, period)).await
    }

    async fn documents_expiring(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<ExpiringDocument>> {
        let scope = id_list(scope);
        self.run(move |c| documents_expiring(c, &scope, period))
            .await
    }
}
