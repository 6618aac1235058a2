//! What became of the finished work: every outbox entry with its state, the office's receipts,
//! and the records the office set aside with its reasons in both languages.

use pandu_core::sync::outbox::{self, OutboxState as CoreState};
use pandu_core::sync::signing;

use crate::convert::{all, Problem, RecordKind};
use crate::error::PanduError;
use crate::facade::PanduCore;

/// Where a finished record stands.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum OutboxState {
    /// To be sent at the next sync.
    Pending,
    /// The office needs its photos first.
    WaitingMedia,
    /// Refused for good; shown with the reasons, never sent again.
    Rejected,
    /// The office holds other content under the same id; kept for review.
    Conflict,
    /// The office holds it; its receipt is kept.
    Done,
}

/// One finished record in the outbox.
#[derive(Clone, Debug, uniffi::Record)]
pub struct OutboxEntry {
    /// The record id.
    pub record_id: String,
    /// Visit, refusal or report.
    pub kind: RecordKind,
    /// The family, if any.
    pub household_id: Option<String>,
    /// When it was finished (RFC 3339).
    pub finished_at: String,
    /// Where it stands.
    pub state: OutboxState,
    /// Times it was sent.
    pub attempts: i64,
    /// The office's reasons, for records set aside.
    pub problems: Vec<Problem>,
    /// Photos the office still needs (ids).
    pub missing_media: Vec<String>,
    /// The verified receipt, once the office holds it.
    pub receipt: Option<Receipt>,
}

/// The office's signed receipt for a record, verified on this phone.
#[derive(Clone, Debug, uniffi::Record)]
pub struct Receipt {
    /// The record id.
    pub record_id: String,
    /// SHA-256 of the record's body.
    pub record_sha256: String,
    /// SHA-256 of each of its photos, ascending.
    pub media: Vec<String>,
    /// When the office accepted it (RFC 3339 UTC).
    pub accepted_at: String,
    /// Which office key signed it.
    pub key_id: String,
    /// The Ed25519 signature, hex.
    pub signature: String,
}

impl TryFrom<outbox::OutboxEntry> for OutboxEntry {
    type Error = PanduError;

    fn try_from(e: outbox::OutboxEntry) -> Result<Self, PanduError> {
        Ok(Self {
            record_id: e.record_id,
            kind: RecordKind::parse(&e.kind)?,
            household_id: e.household_id,
            finished_at: e.finished_at,
            state: e.state.into(),
            attempts: e.attempts,
            problems: all(e.problems),
            missing_media: e.missing_media,
            receipt: e.receipt.map(Receipt::from),
        })
    }
}

impl From<signing::Receipt> for Receipt {
    fn from(r: signing::Receipt) -> Self {
        Self {
            record_id: r.record_id,
            record_sha256: r.record_sha256,
            media: r.media,
            accepted_at: r.accepted_at,
            key_id: r.key_id,
            signature: r.signature,
        }
    }
}

impl From<CoreState> for OutboxState {
    fn from(s: CoreState) -> Self {
        match s {
            CoreState::Pending => Self::Pending,
            CoreState::WaitingMedia => Self::WaitingMedia,
            CoreState::Rejected => Self::Rejected,
            CoreState::Conflict => Self::Conflict,
            CoreState::Done => Self::Done,
        }
    }
}

#[uniffi::export]
impl PanduCore {
    /// Every finished record, oldest first, with what became of it.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, PanduError> {
        self.shared.with_store(|store| {
            outbox::entries(store.reader())?
                .into_iter()
                .map(OutboxEntry::try_from)
                .collect()
        })
    }

    /// The receipts kept, oldest first.
    pub fn receipts(&self) -> Result<Vec<Receipt>, PanduError> {
        let entries = self.outbox()?;
        Ok(entries.into_iter().filter_map(|e| e.receipt).collect())
    }

    /// The records the office refused or found in conflict, with its reasons.
    pub fn set_aside(&self) -> Result<Vec<OutboxEntry>, PanduError> {
        let entries = self.outbox()?;
        let aside =
            |e: &OutboxEntry| matches!(e.state, OutboxState::Rejected | OutboxState::Conflict);
        Ok(entries.into_iter().filter(aside).collect())
    }
}
