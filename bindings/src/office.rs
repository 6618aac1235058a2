//! What the office sent, as the screens show it: open tasks (a reported family to visit, a
//! visit sent back) and the office's outcomes on the user's records on the home screen, and a
//! family's card or emergency letter on its household page.

use pandu_core::screens::{entitlement, office};

use crate::convert::BilingualText;

/// What the office asks of the user.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum TaskKind {
    /// Visit a family an RT/RW volunteer reported.
    Visit,
    /// Visit a family again: the office sent a visit back.
    Revisit,
}

/// A task from the office, open until a visit of its family is finished on this phone.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TaskRow {
    /// Stable id of the task (its place in the office's feed).
    pub seq: i64,
    /// Visit or re-visit.
    pub kind: TaskKind,
    /// The row's title in both languages.
    pub title: BilingualText,
    /// The family, when the task names one; start the visit with it.
    pub household_id: Option<String>,
    /// The head's name of that family, when it is on this phone.
    pub household_name: Option<String>,
    /// The office's reason or note, as written.
    pub note: Option<String>,
    /// When the task reached this phone (RFC 3339).
    pub received_at: String,
}

/// The office's answer on one of the user's records.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct OutcomeRow {
    /// Stable id of the entry (its place in the office's feed).
    pub seq: i64,
    /// The visit or report it answers.
    pub record_id: String,
    /// What was decided, in both languages.
    pub title: BilingualText,
    /// The office's reason, as written.
    pub reason: Option<String>,
    /// The card or letter number, when one was issued.
    pub document_number: Option<String>,
    /// Its last valid day (YYYY-MM-DD), when one was issued.
    pub valid_until: Option<String>,
    /// When the office decided (RFC 3339).
    pub decided_at: String,
}

impl From<office::TaskKind> for TaskKind {
    fn from(kind: office::TaskKind) -> Self {
        match kind {
            office::TaskKind::Visit => Self::Visit,
            office::TaskKind::Revisit => Self::Revisit,
        }
    }
}

impl From<office::TaskRow> for TaskRow {
    fn from(t: office::TaskRow) -> Self {
        Self {
            seq: t.seq,
            kind: t.kind.into(),
            title: t.title.into(),
            household_id: t.household_id,
            household_name: t.household_name,
            note: t.note,
            received_at: t.received_at,
        }
    }
}

impl From<office::OutcomeRow> for OutcomeRow {
    fn from(o: office::OutcomeRow) -> Self {
        Self {
            seq: o.seq,
            record_id: o.record_id,
            title: o.title.into(),
            reason: o.reason,
            document_number: o.document_number,
            valid_until: o.valid_until,
            decided_at: o.decided_at,
        }
    }
}

/// A one-year welfare card or a one-month emergency recommendation letter.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum DocumentKind {
    /// The welfare card, valid one year.
    Card,
    /// The emergency recommendation letter, valid one month.
    Letter,
}

/// Where a card or letter stands today.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum EntitlementState {
    /// Valid today.
    Valid,
    /// Its last valid day has passed.
    Expired,
    /// The office revoked it.
    Revoked,
}

/// A family's card or letter that matters today, as the office announced it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Entitlement {
    /// E.g. `PKU-2026-000123`.
    pub number: String,
    /// Card or letter.
    pub kind: DocumentKind,
    /// Its last valid day (YYYY-MM-DD).
    pub valid_until: String,
    /// Valid, expired or revoked today.
    pub state: EntitlementState,
    /// The line to show, in both languages.
    pub text: BilingualText,
}

impl From<entitlement::Entitlement> for Entitlement {
    fn from(e: entitlement::Entitlement) -> Self {
        Self {
            number: e.number,
            kind: match e.kind {
                entitlement::DocumentKind::Card => DocumentKind::Card,
                entitlement::DocumentKind::Letter => DocumentKind::Letter,
            },
            valid_until: e.valid_until.to_string(),
            state: match e.state {
                entitlement::EntitlementState::Valid => EntitlementState::Valid,
                entitlement::EntitlementState::Expired => EntitlementState::Expired,
                entitlement::EntitlementState::Revoked => EntitlementState::Revoked,
            },
            text: e.text.into(),
        }
    }
}
