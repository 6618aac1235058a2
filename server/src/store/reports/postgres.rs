//! The reports' reads on PostgreSQL: times are `timestamptz` and days `date`, so a period is
//! two instants at UTC midnight (or two dates).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::{
    document_kind, verified_sql, AuthorDecisions, AuthorWork, ExpiringDocument, Period,
    ReportStore, VerifiedHousehold, VisitFact,
};
use crate::store::postgres::PgStore;
use crate::store::StoreResult;

/// UTC midnight at the start of `day`.
fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// An instant as RFC 3339 text with milliseconds, as SQLite keeps it.
fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The bounds of `period` as instants: its first midnight, and the one after its last day.
fn bounds(period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    (midnight(period.from), midnight(period.end()))
}

#[async_trait]
impl ReportStore for PgStore {
    async fn verified_households(&self, scope: &[String]) -> StoreResult<Vec<VerifiedHousehold>> {
        let sql = verified_sql("f.kelurahan = ANY($1)", "h.data::text");
        let rows = self.client().await?.query(&sql, &[&scope]).await?;
        Ok(rows
            .iter()
            .map(|r| {
                let number: Option<String> = r.get(6);
                let until: Option<NaiveDate> = r.get(7);
                VerifiedHousehold {
                    household_id: r.get(0),
                    kelurahan: r.get(1),
                    data: r.get(2),
                    visit: r.get(3),
                    visited_at: instant(r.get(4)),
                    decision: r.get(5),
                    document: number.zip(until),
                }
            })
            .collect())
    }

    async fn work_by_author(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<AuthorWork>> {
        let (from, end) = bounds(period);
        let rows = self
            .client()
            .await?
            .query(
                "SELECT u.username, count(*) FILTER (WHERE f.kind = 'visit'),
                        count(*) FILTER (WHERE f.kind = 'visit_refused')
                 FROM review_record f JOIN app_user u ON u.id = f.user_id
                 WHERE f.kelurahan = ANY($1) AND f.kind IN ('visit', 'visit_refused')
                   AND f.received_at >= $2 AND f.received_at < $3
                 GROUP BY u.username ORDER BY u.username",
                &[&scope, &from, &end],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| AuthorWork {
                author: r.get(0),
                visits: r.get(1),
                refused: r.get(2),
            })
            .collect())
    }

    async fn decisions_by_author(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<AuthorDecisions>> {
        let (from, end) = bounds(period);
        let rows = self
            .client()
            .await?
            .query(
                "SELECT u.username, d.kind, count(*)
                 FROM decision d JOIN review_record f ON f.record_id = d.record_id
                 JOIN app_user u ON u.id = f.user_id
                 WHERE f.kelurahan = ANY($1) AND d.decided_at >= $2 AND d.decided_at < $3
                 GROUP BY u.username, d.kind ORDER BY u.username, d.kind",
                &[&scope, &from, &end],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| AuthorDecisions {
                author: r.get(0),
                kind: r.get(1),
                count: r.get(2),
            })
            .collect())
    }

    async fn visit_facts(&self, scope: &[String], period: Period) -> StoreResult<Vec<VisitFact>> {
        let (from, end) = bounds(period);
        let rows = self
            .client()
            .await?
            .query(
                "SELECT f.kelurahan, f.household_id, f.record_id, f.received_at, f.flags
                 FROM review_record f
                 WHERE f.kelurahan = ANY($1) AND f.kind = 'visit'
                   AND f.household_id IS NOT NULL
                   AND f.received_at >= $2 AND f.received_at < $3
                 ORDER BY f.received_at, f.record_id",
                &[&scope, &from, &end],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| VisitFact {
                kelurahan: r.get(0),
                household_id: r.get(1),
                record_id: r.get(2),
                received_at: instant(r.get(3)),
                flags: r.get(4),
            })
            .collect())
    }

    async fn documents_expiring(
        &self,
        scope: &[String],
        period: Period,
    ) -> StoreResult<Vec<ExpiringDocument>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT doc.number, doc.kind, doc.household_id, h.kelurahan, doc.valid_until
                 FROM document doc JOIN household h ON h.id = doc.household_id
                 WHERE h.kelurahan = ANY($1) AND doc.revoked_at IS NULL
                   AND doc.valid_until >= $2 AND doc.valid_until <= $3
                 ORDER BY doc.valid_until, doc.number",
                &[&scope, &period.from, &period.to],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ExpiringDocument {
                    number: r.get(0),
                    kind: document_kind(r.get(1))?,
                    household_id: r.get(2),
                    kelurahan: r.get(3),
                    valid_until: r.get(4),
                })
            })
            .collect()
    }
}
