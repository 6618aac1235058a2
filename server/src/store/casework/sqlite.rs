//! Casework on SQLite: dates kept as `YYYY-MM-DD` text, each write one transaction.

use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{
    name_pattern, CaseKind, CaseStep, CaseworkStore, Complainant, ComplaintFilter, ComplaintRow,
    HouseholdHit, NewComplaint, NewReferral, NewStep, ReferralFilter, ReferralRow,
    COMPLAINT_COLUMNS, REFERRAL_COLUMNS, SEARCH_LIMIT, STEP_COLUMNS,
};
use crate::store::decisions::sqlite::add_feed;
use crate::store::decisions::FeedEntry;
use crate::store::sqlite::day;
use crate::store::sqlite::{id_list, SqliteStore};
use crate::store::StoreResult;

fn referral_from(r: &Row<'_>) -> rusqlite::Result<ReferralRow> {
    Ok(ReferralRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        member_id: r.get(2)?,
        kelurahan: r.get(3)?,
        agency: r.get(4)?,
        need: r.get(5)?,
        origin_kind: r.get(6)?,
        origin_id: r.get(7)?,
        status: r.get(8)?,
        sent_on: day(r, 9)?,
        status_on: day(r, 10)?,
        created_by: r.get(11)?,
    })
}

fn complaint_from(r: &Row<'_>) -> rusqlite::Result<(ComplaintRow, Complainant)> {
    let row = ComplaintRow {
        id: r.get(0)?,
        category: r.get(1)?,
        details: r.get(2)?,
        household_id: r.get(3)?,
        kelurahan: r.get(4)?,
        status: r.get(5)?,
        received_on: day(r, 6)?,
        status_on: day(r, 7)?,
        task_for: r.get(8)?,
        created_by: r.get(9)?,
    };
    let who = Complainant {
        name: r.get(10)?,
        contact: r.get(11)?,
        nik: r.get(12)?,
    };
    Ok((row, who))
}

fn step_from(r: &Row<'_>) -> rusqlite::Result<CaseStep> {
    Ok(CaseStep {
        status: r.get(0)?,
        on: day(r, 1)?,
        note: r.get(2)?,
        by: r.get(3)?,
        at: r.get(4)?,
    })
}

/// Keep the first step of a case just inserted.
fn first_step(
    tx: &Transaction<'_>,
    case: CaseKind,
    status: &str,
    on: &str,
    by: i64,
) -> rusqlite::Result<i64> {
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO case_event (case_kind, case_id, status, on_date, note, user_id)
         VALUES (?1, ?2, ?3, ?4, '', ?5)",
        params![case.as_str(), id, status, on, by],
    )?;
    Ok(id)
}

fn add_referral(c: &mut Connection, n: &NewReferral) -> rusqlite::Result<i64> {
    let tx = c.transaction()?;
    let sent_on = n.sent_on.to_string();
    tx.execute(
        "INSERT INTO referral (household_id, member_id, kelurahan, agency, need, origin_kind,
                               origin_id, status, sent_on, status_on, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'sent', ?8, ?8, ?9)",
        params![
            n.household_id,
            n.member_id,
            n.kelurahan,
            n.agency,
            n.need,
            n.origin_kind,
            n.origin_id,
            sent_on,
            n.by
        ],
    )?;
    let id = first_step(&tx, CaseKind::Referral, "sent", &sent_on, n.by)?;
    tx.commit()?;
    Ok(id)
}

fn referrals(c: &Connection, f: &ReferralFilter) -> rusqlite::Result<Vec<ReferralRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {REFERRAL_COLUMNS}
         WHERE r.kelurahan IN (SELECT value FROM json_each(?1))
           AND (?2 IS NULL OR r.status = ?2) AND (?3 IS NULL OR r.agency = ?3)
           AND (?4 IS NULL OR r.kelurahan = ?4) AND (?5 IS NULL OR r.household_id = ?5)
           AND (?6 IS NULL OR (r.status = 'sent' AND r.sent_on < ?6))
         ORDER BY r.id DESC"
    ))?;
    let before = f.sent_before.map(|d| d.to_string());
    let rows = stmt.query_map(
        params![
            id_list(&f.scope),
            f.status,
            f.agency,
            f.kelurahan,
            f.household_id,
            before
        ],
        referral_from,
    )?;
    rows.collect()
}

fn add_step(c: &mut Connection, s: &NewStep) -> rusqlite::Result<bool> {
    let tx = c.transaction()?;
    let on = s.on.to_string();
    let moved = tx.execute(
        &format!(
            "UPDATE {} SET status = ?1, status_on = ?2 WHERE id = ?3 AND status = ?4",
            s.case.as_str()
        ),
        params![s.to, on, s.id, s.from],
    )?;
    if moved == 1 {
        tx.execute(
            "INSERT INTO case_event (case_kind, case_id, status, on_date, note, user_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![s.case.as_str(), s.id, s.to, on, s.note, s.by],
        )?;
    }
    tx.commit()?;
    Ok(moved == 1)
}

fn add_complaint(c: &mut Connection, n: &NewComplaint) -> rusqlite::Result<i64> {
    let tx = c.transaction()?;
    let received_on = n.received_on.to_string();
    tx.execute(
        "INSERT INTO complaint (name, contact, nik, category, details, household_id, kelurahan,
                                status, received_on, status_on, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8, ?8, ?9)",
        params![
            n.name,
            n.contact,
            n.nik,
            n.category,
            n.details,
            n.household_id,
            n.kelurahan,
            received_on,
            n.by
        ],
    )?;
    let id = first_step(&tx, CaseKind::Complaint, "received", &received_on, n.by)?;
    tx.commit()?;
    Ok(id)
}

fn complaints(c: &Connection, f: &ComplaintFilter) -> rusqlite::Result<Vec<ComplaintRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {COMPLAINT_COLUMNS}
         WHERE (c.kelurahan IN (SELECT value FROM json_each(?1))
                OR (?2 AND c.kelurahan IS NULL))
           AND (?3 IS NULL OR c.status = ?3) AND (?4 IS NULL OR c.category = ?4)
           AND (?5 IS NULL OR c.kelurahan = ?5)
         ORDER BY c.id DESC"
    ))?;
    let rows = stmt.query_map(
        params![
            id_list(&f.scope),
            f.unlinked,
            f.status,
            f.category,
            f.kelurahan
        ],
        |r| complaint_from(r).map(|(row, _)| row),
    )?;
    rows.collect()
}

fn assign(c: &mut Connection, id: i64, task: &FeedEntry) -> rusqlite::Result<bool> {
    let tx = c.transaction()?;
    let n = tx.execute(
        "UPDATE complaint SET task_for = ?1 WHERE id = ?2 AND task_for IS NULL",
        params![task.user_id, id],
    )?;
    if n == 1 {
        add_feed(&tx, std::slice::from_ref(task))?;
    }
    tx.commit()?;
    Ok(n == 1)
}

fn search(c: &Connection, scope: &[String], term: &str) -> rusqlite::Result<Vec<HouseholdHit>> {
    let mut stmt = c.prepare_cached(
        "SELECT h.id, h.kelurahan, h.data FROM household h
         WHERE h.kelurahan IN (SELECT value FROM json_each(?1))
           AND (EXISTS (SELECT 1 FROM json_each(h.data, '$.members') m
                        WHERE lower(json_extract(m.value, '$.name')) LIKE ?2
                           OR json_extract(m.value, '$.nik') = ?3)
                OR EXISTS (SELECT 1 FROM json_each(h.data, '$.kk_history') k
                           WHERE json_extract(k.value, '$.kk_number') = ?3))
         ORDER BY h.id LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![
            id_list(scope),
            name_pattern(term),
            term.trim(),
            SEARCH_LIMIT
        ],
        |r| {
            Ok(HouseholdHit {
                id: r.get(0)?,
                kelurahan: r.get(1)?,
                data: r.get(2)?,
            })
        },
    )?;
    rows.collect()
}

#[async_trait]
impl CaseworkStore for SqliteStore {
    async fn add_referral(&self, referral: &NewReferral) -> StoreResult<i64> {
        let n = referral.clone();
        self.run(move |c| add_referral(c, &n)).await
    }

    async fn referrals(&self, filter: &ReferralFilter) -> StoreResult<Vec<ReferralRow>> {
        let f = filter.clone();
        self.run(move |c| referrals(c, &f)).await
    }

    async fn referral(&self, id: i64) -> StoreResult<Option<ReferralRow>> {
        self.run(move |c| {
            c.prepare_cached(&format!("SELECT {REFERRAL_COLUMNS} WHERE r.id = ?1"))?
                .query_row([id], referral_from)
                .optional()
        })
        .await
    }

    async fn add_step(&self, step: &NewStep) -> StoreResult<bool> {
        let s = step.clone();
        self.run(move |c| add_step(c, &s)).await
    }

    async fn steps(&self, case: CaseKind, id: i64) -> StoreResult<Vec<CaseStep>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {STEP_COLUMNS} WHERE e.case_kind = ?1 AND e.case_id = ?2 ORDER BY e.id"
            ))?;
            let rows = stmt.query_map(params![case.as_str(), id], step_from)?;
            rows.collect()
        })
        .await
    }

    async fn add_complaint(&self, complaint: &NewComplaint) -> StoreResult<i64> {
        let n = complaint.clone();
        self.run(move |c| add_complaint(c, &n)).await
    }

    async fn complaints(&self, filter: &ComplaintFilter) -> StoreResult<Vec<ComplaintRow>> {
        let f = filter.clone();
        self.run(move |c| complaints(c, &f)).await
    }

    async fn complaint(&self, id: i64) -> StoreResult<Option<(ComplaintRow, Complainant)>> {
        self.run(move |c| {
            c.prepare_cached(&format!("SELECT {COMPLAINT_COLUMNS} WHERE c.id = ?1"))?
                .query_row([id], complaint_from)
                .optional()
        })
        .await
    }

    async fn link_complaint(
        &self,
        id: i64,
        household_id: &str,
        kelurahan: &str,
    ) -> StoreResult<bool> {
        let (h, k) = (household_id.to_owned(), kelurahan.to_owned());
        self.run(move |c| {
            c.execute(
                "UPDATE complaint SET household_id = ?1, kelurahan = ?2
                 WHERE id = ?3 AND household_id IS NULL",
                params![h, k, id],
            )
            .map(|n| n == 1)
        })
        .await
    }

    async fn assign_complaint(&self, id: i64, task: &FeedEntry) -> StoreResult<bool> {
        let task = task.clone();
        self.run(move |c| assign(c, id, &task)).await
    }

    async fn search_households(
        &self,
        scope: &[String],
        term: &str,
    ) -> StoreResult<Vec<HouseholdHit>> {
        let (scope, term) = (scope.to_vec(), term.to_owned());
        self.run(move |c| search(c, &scope, &term)).await
    }
}
