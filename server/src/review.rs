//! The facts the office review filters on, read once from a record body or a household rather
//! than from JSON at every page view: the record's kind, path and queue flags (one bit each),
//! and whether a household has a member whose NIK the core's checks warn about. Kept at intake,
//! at registry writes, and caught up at start for anything kept before.

use pandu_core::household::Household;
use pandu_core::identity::check_nik;
use pandu_core::session::record::RecordBody;

use crate::store::review::RecordFacts;
use crate::store::{Store, StoreResult};

/// What a queue flag looks for.
#[derive(Clone, Copy, Debug)]
pub enum Look {
    /// A photo flag of one of these kinds on any evidence.
    Evidence(&'static [&'static str]),
    /// This boolean of the assessment.
    Assessment(&'static str),
}

/// The queue flags: code in the query and what it looks for; flag `i` is bit `1 << i`.
pub const FLAGS: [(&str, Look); 6] = [
    (
        "duplicate",
        Look::Evidence(&["near_duplicate", "exact_reuse"]),
    ),
    ("far", Look::Evidence(&["far_from_house"])),
    (
        "gps",
        Look::Evidence(&["poor_accuracy", "mock_location", "no_position"]),
    ),
    (
        "time",
        Look::Evidence(&["outside_visit_window", "no_capture_time"]),
    ),
    ("inclusion", Look::Assessment("inclusion_error")),
    ("exclusion", Look::Assessment("exclusion_error")),
];

/// The bit of the queue flag `code`, if there is one.
pub fn flag_bit(code: &str) -> Option<i64> {
    FLAGS.iter().position(|f| f.0 == code).map(|i| 1 << i)
}

/// A serde value's text (a unit enum's snake_case name).
fn name_of(value: &impl serde::Serialize) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

/// The queue flag bits that hold for `body`.
pub fn flag_bits(body: &RecordBody) -> i64 {
    let kinds: Vec<String> = body
        .evidence
        .iter()
        .flat_map(|e| &e.flags)
        .filter_map(|f| {
            serde_json::to_value(f).ok()?["kind"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let assessment = body
        .assessment
        .as_ref()
        .and_then(|a| serde_json::to_value(a).ok());
    FLAGS
        .iter()
        .enumerate()
        .filter(|(_, (_, look))| match look {
            Look::Evidence(wanted) => kinds.iter().any(|k| wanted.contains(&k.as_str())),
            Look::Assessment(field) => {
                assessment.as_ref().and_then(|a| a[field].as_bool()) == Some(true)
            }
        })
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

/// The queue facts of record `id` with `body`, whose household is in `kelurahan`.
pub fn facts(id: &str, body: &RecordBody, kelurahan: Option<String>) -> RecordFacts {
    RecordFacts {
        record_id: id.to_owned(),
        household_id: body.household_id.clone(),
        kelurahan,
        kind: name_of(&body.kind).unwrap_or_default(),
        path: body.assessment.as_ref().and_then(|a| name_of(&a.path)),
        flags: flag_bits(body),
    }
}

/// True when a member of `household` has a NIK the core's checks refuse or warn about.
pub fn nik_warning(household: &Household) -> bool {
    household.members.iter().any(|m| {
        m.nik
            .as_deref()
            .is_some_and(|nik| !check_nik(nik, m.sex, m.birth_date).is_empty())
    })
}

/// The NIK check of a household's data JSON (unreadable data counts as a warning).
fn check_data(data: &str) -> bool {
    serde_json::from_str::<Household>(data).map_or(true, |h| nik_warning(&h))
}

/// Keep the NIK check of households just written: (id, data JSON) each.
pub async fn note_households(
    store: &dyn Store,
    households: &[(String, String)],
) -> StoreResult<()> {
    let checks: Vec<(String, bool)> = households
        .iter()
        .map(|(id, data)| (id.clone(), check_data(data)))
        .collect();
    store.note_households(&checks).await
}

/// Rows read per round while catching up.
const CATCH_UP_BATCH: i64 = 1_000;

/// Keep the facts of every household and record that has none yet (kept before the review
/// existed, or left between keeping and noting by a stop); returns how many records.
pub async fn catch_up(store: &dyn Store) -> StoreResult<usize> {
    loop {
        let households = store.households_without_check(CATCH_UP_BATCH).await?;
        if households.is_empty() {
            break;
        }
        note_households(store, &households).await?;
    }
    let mut done = 0;
    loop {
        let records = store.records_without_facts(CATCH_UP_BATCH).await?;
        if records.is_empty() {
            return Ok(done);
        }
        let ids: Vec<String> = records.iter().map(|(id, _)| id.clone()).collect();
        let bodies: Vec<Option<RecordBody>> = records
            .iter()
            .map(|(_, body)| serde_json::from_str(body).ok())
            .collect();
        let households: Vec<String> = bodies
            .iter()
            .flatten()
            .filter_map(|b| b.household_id.clone())
            .collect();
        let areas = store.households_kelurahan(&households).await?;
        let facts: Vec<RecordFacts> = ids
            .iter()
            .zip(&bodies)
            .map(|(id, body)| match body {
                Some(b) => {
                    let area = b.household_id.as_ref().and_then(|h| areas.get(h).cloned());
                    facts(id, b, area)
                }
                None => unreadable(id),
            })
            .collect();
        done += facts.len();
        store.note_records(&facts).await?;
    }
}

/// The facts of a kept record whose body does not parse: no area, so no reader's queue shows
/// it, but it is noted so catching up ends.
fn unreadable(id: &str) -> RecordFacts {
    RecordFacts {
        record_id: id.to_owned(),
        household_id: None,
        kelurahan: None,
        kind: "unreadable".to_owned(),
        path: None,
        flags: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_bits_follow_the_list() {
        assert_eq!(flag_bit("duplicate"), Some(1));
        assert_eq!(flag_bit("exclusion"), Some(32));
        assert_eq!(flag_bit("nope"), None);
    }
}
