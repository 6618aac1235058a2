//! The office's decision rules, apart from the pages that ask for them: which records a decision
//! may rest on, what each kind needs (a reason, the mayor's reference, a household), the
//! validity of the card or letter it issues, the renewal rule, and the turning of an RT/RW
//! report into a task or its closing. Every refusal is a bilingual [`Text`].

use chrono::{DateTime, Utc};
use pandu_core::session::record::{RecordBody, RecordKind};
use pandu_core::Text;

use crate::document::{local_date, valid_until};
use crate::model::{Role, User};
use crate::store::decisions::{
    assignment_for_report, Decided, DecisionKind, DocumentKind, NewDecision, NewDocument,
    NewReportOutcome, ReportAction,
};
use crate::store::review::ReviewStatus;
use crate::store::{Store, StoredRecord};

/// Longest reason, reference or note kept.
const MAX_TEXT: usize = 1000;

/// What the office asked for on a visit.
#[derive(Clone, Debug, Default)]
pub struct Asked {
    /// The reason (rejection, send-back; optional for a letter).
    pub reason: String,
    /// The mayor's approval reference (letter).
    pub mayor_ref: String,
}

/// `text` trimmed, or `None` when empty; refused when too long.
fn field(text: &str) -> Result<Option<String>, Text> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(Text::new(
            format!("Teks terlalu panjang (paling banyak {MAX_TEXT} huruf)."),
            format!("Text too long (at most {MAX_TEXT} characters)."),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The value of a required field, or `missing` as the refusal.
fn required(text: &str, missing: Text) -> Result<String, Text> {
    field(text)?.ok_or(missing)
}

/// The record a decision or outcome is asked on, who asks and when.
pub struct OnRecord<'a> {
    /// Record id.
    pub id: &'a str,
    /// The record as kept.
    pub record: &'a StoredRecord,
    /// Its parsed body.
    pub body: &'a RecordBody,
    /// The kelurahan it belongs to: its household's, else (a report on a family not yet
    /// registered) its author's area.
    pub area: &'a [String],
    /// Who decides.
    pub by: i64,
    /// When.
    pub now: DateTime<Utc>,
}

/// The decision `kind` on the visit `on`, checked.
pub fn build(on: &OnRecord<'_>, kind: DecisionKind, asked: &Asked) -> Result<NewDecision, Text> {
    let OnRecord {
        id: record_id,
        record,
        body,
        by,
        now,
        ..
    } = *on;
    if body.kind != RecordKind::Visit {
        return Err(Text::new(
            "Keputusan hanya dapat dibuat atas kunjungan rumah yang selesai.",
            "Decisions can only rest on a finished home visit.",
        ));
    }
    let reason = match kind {
        DecisionKind::Reject | DecisionKind::SendBack => Some(required(
            &asked.reason,
            Text::new("Tuliskan alasannya.", "Give the reason."),
        )?),
        _ => field(&asked.reason)?,
    };
    let document = document(kind, record, asked, body.finished_at, now)?;
    Ok(NewDecision {
        record_id: record_id.to_owned(),
        record_sha256: record.sha256.clone(),
        household_id: record.household_id.clone(),
        author_id: record.user_id,
        kind,
        reason,
        decided_by: by,
        decided_at: now,
        document,
    })
}

/// The card or letter a decision of `kind` issues, dated from today (Payakumbuh time).
fn document(
    kind: DecisionKind,
    record: &StoredRecord,
    asked: &Asked,
    visit_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<NewDocument>, Text> {
    let doc_kind = match kind {
        DecisionKind::Card => DocumentKind::Card,
        DecisionKind::Letter => DocumentKind::Letter,
        _ => return Ok(None),
    };
    if record.household_id.is_none() {
        return Err(Text::new(
            "Kunjungan ini tidak terkait dengan keluarga; kartu atau surat tidak dapat diterbitkan.",
            "This visit names no household; no card or letter can be issued.",
        ));
    }
    let mayor_ref = match doc_kind {
        DocumentKind::Letter => Some(required(
            &asked.mayor_ref,
            Text::new(
                "Surat rekomendasi memerlukan nomor persetujuan Walikota.",
                "A recommendation letter needs the mayor's approval reference.",
            ),
        )?),
        DocumentKind::Card => None,
    };
    let from = local_date(now);
    Ok(Some(NewDocument {
        kind: doc_kind,
        valid_from: from,
        valid_until: valid_until(doc_kind, from),
        mayor_ref,
        visit_at: (doc_kind == DocumentKind::Card).then_some(visit_at),
    }))
}

/// Keep `decision` and move its record in the review queue (decided, or sent back); the document
/// number it issued, or the refusal of a renewal without a newer visit.
pub async fn keep(store: &dyn Store, decision: &NewDecision) -> Result<Option<String>, Keep> {
    match store.decide(decision).await {
        Ok(Decided::Kept { number, .. }) => {
            let status = match decision.kind {
                DecisionKind::SendBack => ReviewStatus::SentBack,
                _ => ReviewStatus::Decided,
            };
            store
                .set_review_status(&decision.record_id, status)
                .await
                .map_err(|e| Keep::Failed(e.to_string()))?;
            Ok(number)
        }
        Ok(Decided::NeedsNewerVisit { last_card }) => Err(Keep::Refused(Text::new(
            format!(
                "Kartu tidak dapat diterbitkan: keluarga ini sudah memegang kartu {last_card} \
                 yang tidak lebih tua dari kunjungan ini. Perpanjangan memerlukan kunjungan \
                 verifikasi yang lebih baru dari kartu terakhir."
            ),
            format!(
                "No card can be issued: this household already holds card {last_card}, which \
                 is not older than this visit. A renewal needs a verification visit newer than \
                 the last card."
            ),
        ))),
        Err(e) => Err(Keep::Failed(e.to_string())),
    }
}

/// Why a decision or outcome was not kept.
#[derive(Debug)]
pub enum Keep {
    /// A rule refused it; tell the user.
    Refused(Text),
    /// The database failed.
    Failed(String),
}

/// What the office asked for on a report.
#[derive(Clone, Debug, Default)]
pub struct Settle {
    /// `assign` or `close`.
    pub action: String,
    /// The reason for closing, or a note for the peksos.
    pub reason: String,
}

/// The outcome `asked` for the report `on`, checked: a chosen peksos of its area to assign, or
/// a reason to close.
pub fn settle(
    on: &OnRecord<'_>,
    peksos: Option<&User>,
    asked: &Settle,
) -> Result<NewReportOutcome, Text> {
    let OnRecord {
        id: record_id,
        record,
        body,
        area,
        by,
        now,
    } = *on;
    if body.kind != RecordKind::Report {
        return Err(Text::new(
            "Hanya laporan RT/RW yang dapat dijadikan tugas atau ditutup.",
            "Only RT/RW reports can be made a task or closed.",
        ));
    }
    let reason = field(&asked.reason)?;
    let (action, task) = match asked.action.as_str() {
        "assign" => {
            let peksos = peksos
                .filter(|p| p.role == Role::Peksos && area.iter().any(|k| p.covers(k)))
                .ok_or_else(|| {
                    Text::new(
                        "Pilih peksos yang bertugas di wilayah laporan ini.",
                        "Choose a peksos who works in this report's area.",
                    )
                })?;
            let answers = serde_json::to_value(&body.answers).unwrap_or_default();
            let hh = record.household_id.as_deref();
            let task = assignment_for_report(record_id, hh, &answers, reason.as_deref(), now);
            (ReportAction::Assign { peksos: peksos.id }, Some(task))
        }
        "close" if reason.is_some() => (ReportAction::Close, None),
        "close" => {
            return Err(Text::new(
                "Tuliskan alasan laporan ditutup.",
                "Give the reason for closing the report.",
            ))
        }
        _ => return Err(Text::new("Pilih tindakan.", "Choose an action.")),
    };
    Ok(NewReportOutcome {
        record_id: record_id.to_owned(),
        reporter_id: record.user_id,
        action,
        reason,
        decided_by: by,
        decided_at: now,
        task,
    })
}
