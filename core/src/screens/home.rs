//! The home screen: unfinished work to resume, what waits to be sent, and what the office sent.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::form::FormKind;
use crate::household::repo;
use crate::screens::office::{self, OutcomeRow, TaskRow};
use crate::session::FormSession;
use crate::store::Store;
use crate::sync::outbox::{self, OutboxSummary};

/// The home screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Home {
    /// Unfinished visits and reports, newest first.
    pub drafts: Vec<DraftRow>,
    /// What the outbox holds: to send, waiting for photos, set aside (shown with the office's
    /// reasons), sent.
    pub outbox: OutboxSummary,
    /// The office's open tasks for this user (visits to make, visits to make again), newest first.
    pub tasks: Vec<TaskRow>,
    /// The office's outcomes on this user's records, newest first.
    pub outcomes: Vec<OutcomeRow>,
}

/// An unfinished visit or report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftRow {
    /// Draft id, to resume.
    pub draft_id: String,
    /// Visit or report.
    pub kind: FormKind,
    /// The head's name of the household it is about, if any.
    pub household_name: Option<String>,
    /// Last saved (RFC 3339).
    pub updated_at: String,
}

/// Build the home screen.
pub fn home(store: &Store) -> Result<Home> {
    let drafts = FormSession::drafts(store)?
        .into_iter()
        .map(|d| {
            let household_name = match &d.household_id {
                Some(id) => repo::load(store.reader(), id)?
                    .head()
                    .map(|m| m.name.clone()),
                None => None,
            };
            Ok(DraftRow {
                draft_id: d.id,
                kind: d.kind,
                household_name,
                updated_at: d.updated_at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Home {
        drafts,
        outbox: outbox::summary(store.reader())?,
        tasks: office::open_tasks(store)?,
        outcomes: office::outcomes(store)?,
    })
}
