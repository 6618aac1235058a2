//! The household's card or emergency letter, as the office announced it to the phones of its
//! kelurahan: so a Peksos at the door sees whether the family already holds a valid card, and
//! until when — offline, from what the last sync brought.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::i18n::Text;
use crate::sync::inbox::inbox;

/// A one-year welfare card or a one-month emergency recommendation letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The welfare card, valid one year.
    Card,
    /// The emergency recommendation letter, valid one month.
    Letter,
}

/// Where a card or letter stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntitlementState {
    /// Valid today.
    Valid,
    /// Its last valid day has passed.
    Expired,
    /// The office revoked it.
    Revoked,
}

/// The household's card or letter that matters today: one valid today if there is one, else
/// the one valid the longest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entitlement {
    /// E.g. `PKU-2026-000123`.
    pub number: String,
    /// Card or letter.
    pub kind: DocumentKind,
    /// Its last valid day.
    pub valid_until: NaiveDate,
    /// Valid, expired or revoked, as of the day asked.
    pub state: EntitlementState,
    /// The line the household page shows, e.g. "Kartu PKU-2026-000123 berlaku sampai 2027-11-27".
    pub text: Text,
}

/// A `document` entry of the office's feed (fields not needed here are ignored).
#[derive(Deserialize)]
struct Announced {
    number: String,
    kind: DocumentKind,
    household_id: String,
    valid_until: NaiveDate,
    revoked: bool,
}

/// The card or letter of `household_id` that matters on `today`, if the office announced one.
/// An entry in a shape this version does not know is left out.
pub fn entitlement(
    conn: &Connection,
    household_id: &str,
    today: NaiveDate,
) -> Result<Option<Entitlement>> {
    let mut seen = HashSet::new();
    Ok(inbox(conn, "document")?
        .into_iter()
        .filter_map(|entry| serde_json::from_value::<Announced>(entry.data).ok())
        .filter(|doc| doc.household_id == household_id)
        // Newest entry first: a later entry on the same number (a revocation) wins.
        .filter(|doc| seen.insert(doc.number.clone()))
        .map(|doc| view(doc, today))
        .max_by_key(|e| (e.state == EntitlementState::Valid, e.valid_until)))
}

/// The view of one announced document on `today`.
fn view(doc: Announced, today: NaiveDate) -> Entitlement {
    let state = if doc.revoked {
        EntitlementState::Revoked
    } else if today > doc.valid_until {
        EntitlementState::Expired
    } else {
        EntitlementState::Valid
    };
    Entitlement {
        text: line(doc.kind, &doc.number, doc.valid_until, state),
        number: doc.number,
        kind: doc.kind,
        valid_until: doc.valid_until,
        state,
    }
}

/// "Kartu PKU-… berlaku sampai …" and its English, by kind and state.
fn line(kind: DocumentKind, number: &str, until: NaiveDate, state: EntitlementState) -> Text {
    let (id_kind, en_kind) = match kind {
        DocumentKind::Card => ("Kartu", "Card"),
        DocumentKind::Letter => ("Surat rekomendasi darurat", "Emergency letter"),
    };
    let (id_state, en_state) = match state {
        EntitlementState::Valid => (
            format!("berlaku sampai {until}"),
            format!("valid until {until}"),
        ),
        EntitlementState::Expired => (
            format!("habis berlaku {until}"),
            format!("expired on {until}"),
        ),
        EntitlementState::Revoked => ("dicabut".to_owned(), "revoked".to_owned()),
    };
    Text::new(
        format!("{id_kind} {number} {id_state}"),
        format!("{en_kind} {number} {en_state}"),
    )
}
