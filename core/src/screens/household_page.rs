//! The household page: who the family is, where it lives, its registry status, its card or
//! letter, and its earlier visits. NIKs are shown masked to the last four digits; the full NIK
//! never reaches the screen.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::entitlement::{entitlement, Entitlement};
use super::labels;
use crate::eligibility::{jakarta_date, Path};
use crate::error::Result;
use crate::household::{repo, Household};
use crate::i18n::Text;
use crate::identity::mask_nik;
use crate::session::record::{self, RecordKind};
use crate::session::FormSession;
use crate::store::Store;
use crate::wilayah;

/// The household page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HouseholdPage {
    /// Internal id.
    pub household_id: String,
    /// Name of the head, if recorded.
    pub head_name: Option<String>,
    /// "Jl. …, RT 2 / RW 1, Kelurahan, Kecamatan".
    pub address_line: String,
    /// Registry status in words.
    pub registry: Text,
    /// The family's card or emergency letter that matters today, as the office announced it.
    pub entitlement: Option<Entitlement>,
    /// Members, head first.
    pub members: Vec<MemberRow>,
    /// Earlier visits and reports, newest first.
    pub history: Vec<HistoryRow>,
    /// An unfinished visit for this household, to resume instead of starting a new one.
    pub open_draft: Option<String>,
}

/// A member line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    /// Name.
    pub name: String,
    /// NIK masked to its last four digits.
    pub nik_masked: Option<String>,
    /// Relation to the head.
    pub relation: Text,
    /// Age in whole years today, if the birth date is known.
    pub age: Option<u32>,
}

/// An earlier record about the household.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// Record id.
    pub record_id: String,
    /// Visit, refusal or report.
    pub kind: RecordKind,
    /// The day it was finished (Asia/Jakarta).
    pub date: NaiveDate,
    /// Criteria met and needed, for visits.
    pub score: Option<(u8, u8)>,
    /// The recommended path, for visits.
    pub path: Option<Path>,
}

/// Build the page for `household_id` as of `now`.
pub fn household_page(
    store: &Store,
    household_id: &str,
    now: DateTime<Utc>,
) -> Result<HouseholdPage> {
    let household = repo::load(store.reader(), household_id)?;
    let today = jakarta_date(now);
    let open_draft = FormSession::drafts(store)?
        .into_iter()
        .find(|d| d.household_id.as_deref() == Some(household_id))
        .map(|d| d.id);
    Ok(HouseholdPage {
        household_id: household.id.clone(),
        head_name: household.head().map(|m| m.name.clone()),
        address_line: address_line(&household),
        registry: registry_text(&household),
        entitlement: entitlement(store.reader(), household_id, today)?,
        members: household
            .members
            .iter()
            .map(|m| MemberRow {
                name: m.name.clone(),
                nik_masked: m.nik.as_deref().map(mask_nik),
                relation: labels::relation(m.relation),
                age: m.birth_date.and_then(|b| today.years_since(b)),
            })
            .collect(),
        history: history(store, household_id)?,
        open_draft,
    })
}

fn address_line(h: &Household) -> String {
    let a = &h.address;
    let kelurahan = wilayah::kelurahan(&a.kelurahan_code);
    let kecamatan = kelurahan.and_then(|k| wilayah::kecamatan(&k.kecamatan_code));
    let mut line = format!("{}, RT {} / RW {}", a.street, a.rt, a.rw);
    for name in [kelurahan.map(|k| &k.name), kecamatan.map(|k| &k.name)]
        .into_iter()
        .flatten()
    {
        line.push_str(", ");
        line.push_str(name);
    }
    line
}

fn registry_text(h: &Household) -> Text {
    match (h.registry.in_ppls, h.registry.is_registered_with_kps()) {
        (true, true) => Text::new(
            "Terdaftar PPLS 2011, punya KPS",
            "In PPLS 2011, holds a KPS",
        ),
        (true, false) => Text::new("Terdaftar PPLS 2011, tanpa KPS", "In PPLS 2011, no KPS"),
        (false, _) => Text::new("Tidak terdaftar PPLS 2011", "Not in PPLS 2011"),
    }
}

fn history(store: &Store, household_id: &str) -> Result<Vec<HistoryRow>> {
    let mut rows = record::for_household(store.reader(), household_id)?
        .iter()
        .map(|id| {
            let body = record::load(store.reader(), id)?.body;
            let assessment = body.assessment.as_ref();
            Ok(HistoryRow {
                record_id: body.id.clone(),
                kind: body.kind,
                date: jakarta_date(body.finished_at),
                score: assessment.map(|a| (a.score.met, a.score.min_met)),
                path: assessment.map(|a| a.path),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    rows.reverse();
    Ok(rows)
}
