//! Casework on PostgreSQL: each write one transaction; a complaint's visit task also holds the
//! change feed's lock, as every feed write does.

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use deadpool_postgres::Transaction;
use tokio_postgres::Row;

use super::{
    name_pattern, CaseKind, CaseStep, CaseworkStore, Complainant, ComplaintFilter, ComplaintRow,
    HouseholdHit, NewComplaint, NewReferral, NewStep, ReferralFilter, ReferralRow,
    COMPLAINT_COLUMNS, REFERRAL_COLUMNS, SEARCH_LIMIT, STEP_COLUMNS,
};
use crate::store::decisions::postgres::{add_feed, feed_transaction};
use crate::store::decisions::FeedEntry;
use crate::store::postgres::PgStore;
use crate::store::StoreResult;

fn referral_from(r: &Row) -> ReferralRow {
    ReferralRow {
        id: r.get(0),
        household_id: r.get(1),
        member_id: r.get(2),
        kelurahan: r.get(3),
        agency: r.get(4),
        need: r.get(5),
        origin_kind: r.get(6),
        origin_id: r.get(7),
        status: r.get(8),
        sent_on: r.get(9),
        status_on: r.get(10),
        created_by: r.get(11),
    }
}

fn complaint_from(r: &Row) -> (ComplaintRow, Complainant) {
    let row = ComplaintRow {
        id: r.get(0),
        category: r.get(1),
        details: r.get(2),
        household_id: r.get(3),
        kelurahan: r.get(4),
        status: r.get(5),
        received_on: r.get(6),
        status_on: r.get(7),
        task_for: r.get(8),
        created_by: r.get(9),
    };
    let who = Complainant {
        name: r.get(10),
        contact: r.get(11),
        nik: r.get(12),
    };
    (row, who)
}

fn step_from(r: &Row) -> CaseStep {
    CaseStep {
        status: r.get(0),
        on: r.get(1),
        note: r.get(2),
        by: r.get(3),
        at: r
            .get::<_, DateTime<Utc>>(4)
            .to_rfc3339_opts(SecondsFormat::Millis, true),
    }
}

/// Keep the first step of case `id`, just inserted.
async fn first_step(
    tx: &Transaction<'_>,
    case: CaseKind,
    id: i64,
    status: &str,
    on: &chrono::NaiveDate,
    by: i64,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO case_event (case_kind, case_id, status, on_date, note, user_id)
         VALUES ($1, $2, $3, $4, '', $5)",
        &[&case.as_str(), &id, &status, on, &by],
    )
    .await?;
    Ok(())
}

#[async_trait]
impl CaseworkStore for PgStore {
    async fn add_referral(&self, n: &NewReferral) -> StoreResult<i64> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO referral (household_id, member_id, kelurahan, agency, need,
                     origin_kind, origin_id, status, sent_on, status_on, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'sent', $8, $8, $9) RETURNING id",
                &[
                    &n.household_id,
                    &n.member_id,
                    &n.kelurahan,
                    &n.agency,
                    &n.need,
                    &n.origin_kind,
                    &n.origin_id,
                    &n.sent_on,
                    &n.by,
                ],
            )
            .await?
            .get(0);
        first_step(&tx, CaseKind::Referral, id, "sent", &n.sent_on, n.by).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn referrals(&self, f: &ReferralFilter) -> StoreResult<Vec<ReferralRow>> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "SELECT {REFERRAL_COLUMNS}
                     WHERE r.kelurahan = ANY($1)
                       AND ($2::text IS NULL OR r.status = $2)
                       AND ($3::text IS NULL OR r.agency = $3)
                       AND ($4::text IS NULL OR r.kelurahan = $4)
                       AND ($5::text IS NULL OR r.household_id = $5)
                       AND ($6::date IS NULL OR (r.status = 'sent' AND r.sent_on < $6))
                     ORDER BY r.id DESC"
                ),
                &[
                    &f.scope,
                    &f.status,
                    &f.agency,
                    &f.kelurahan,
                    &f.household_id,
                    &f.sent_before,
                ],
            )
            .await?;
        Ok(rows.iter().map(referral_from).collect())
    }

    async fn referral(&self, id: i64) -> StoreResult<Option<ReferralRow>> {
        let row = self
            .client()
            .await?
            .query_opt(
                &format!("SELECT {REFERRAL_COLUMNS} WHERE r.id = $1"),
                &[&id],
            )
            .await?;
        Ok(row.as_ref().map(referral_from))
    }

    async fn add_step(&self, s: &NewStep) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let moved = tx
            .execute(
                &format!(
                    "UPDATE {} SET status = $1, status_on = $2 WHERE id = $3 AND status = $4",
                    s.case.as_str()
                ),
                &[&s.to, &s.on, &s.id, &s.from],
            )
            .await?;
        if moved == 1 {
            tx.execute(
                "INSERT INTO case_event (case_kind, case_id, status, on_date, note, user_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&s.case.as_str(), &s.id, &s.to, &s.on, &s.note, &s.by],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(moved == 1)
    }

    async fn steps(&self, case: CaseKind, id: i64) -> StoreResult<Vec<CaseStep>> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "SELECT {STEP_COLUMNS} WHERE e.case_kind = $1 AND e.case_id = $2 ORDER BY e.id"
                ),
                &[&case.as_str(), &id],
            )
            .await?;
        Ok(rows.iter().map(step_from).collect())
    }

    async fn add_complaint(&self, n: &NewComplaint) -> StoreResult<i64> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO complaint (name, contact, nik, category, details, household_id,
                     kelurahan, status, received_on, status_on, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', $8, $8, $9) RETURNING id",
                &[
                    &n.name,
                    &n.contact,
                    &n.nik,
                    &n.category,
                    &n.details,
                    &n.household_id,
                    &n.kelurahan,
                    &n.received_on,
                    &n.by,
                ],
            )
            .await?
            .get(0);
        first_step(
            &tx,
            CaseKind::Complaint,
            id,
            "received",
            &n.received_on,
            n.by,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn complaints(&self, f: &ComplaintFilter) -> StoreResult<Vec<ComplaintRow>> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "SELECT {COMPLAINT_COLUMNS}
                     WHERE (c.kelurahan = ANY($1) OR ($2 AND c.kelurahan IS NULL))
                       AND ($3::text IS NULL OR c.status = $3)
                       AND ($4::text IS NULL OR c.category = $4)
                       AND ($5::text IS NULL OR c.kelurahan = $5)
                     ORDER BY c.id DESC"
                ),
                &[&f.scope, &f.unlinked, &f.status, &f.category, &f.kelurahan],
            )
            .await?;
        Ok(rows.iter().map(|r| complaint_from(r).0).collect())
    }

    async fn complaint(&self, id: i64) -> StoreResult<Option<(ComplaintRow, Complainant)>> {
        let row = self
            .client()
            .await?
            .query_opt(
                &format!("SELECT {COMPLAINT_COLUMNS} WHERE c.id = $1"),
                &[&id],
            )
            .await?;
        Ok(row.as_ref().map(complaint_from))
    }

    async fn link_complaint(
        &self,
        id: i64,
        household_id: &str,
        kelurahan: &str,
    ) -> StoreResult<bool> {
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE complaint SET household_id = $1, kelurahan = $2
                 WHERE id = $3 AND household_id IS NULL",
                &[&household_id, &kelurahan, &id],
            )
            .await?;
        Ok(n == 1)
    }

    async fn assign_complaint(&self, id: i64, task: &FeedEntry) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = feed_transaction(&mut client).await?;
        let n = tx
            .execute(
                "UPDATE complaint SET task_for = $1 WHERE id = $2 AND task_for IS NULL",
                &[&task.user_id, &id],
            )
            .await?;
        if n == 1 {
            add_feed(&tx, std::slice::from_ref(task)).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn search_households(
        &self,
        scope: &[String],
        term: &str,
    ) -> StoreResult<Vec<HouseholdHit>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT h.id, h.kelurahan, h.data::text FROM household h
                 WHERE h.kelurahan = ANY($1)
                   AND (EXISTS (SELECT 1 FROM jsonb_array_elements(h.data -> 'members') m
                                WHERE lower(m ->> 'name') LIKE $2 OR m ->> 'nik' = $3)
                        OR EXISTS (SELECT 1 FROM jsonb_array_elements(h.data -> 'kk_history') k
                                   WHERE k ->> 'kk_number' = $3))
                 ORDER BY h.id LIMIT $4",
                &[&scope, &name_pattern(term), &term.trim(), &SEARCH_LIMIT],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| HouseholdHit {
                id: r.get(0),
                kelurahan: r.get(1),
                data: r.get(2),
            })
            .collect())
    }
}
