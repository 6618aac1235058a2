//! Finding families and showing them: the home screen, household search over the registry and
//! the families pulled from the office, and the household page with its registry status (PPLS
//! 2011, KPS) and earlier visits.

use chrono::Utc;
use pandu_core::registry::{self, SearchQuery};
use pandu_core::screens::{home, household_page};
use pandu_core::sync::outbox;

use crate::convert::{all, BilingualText, FormKind, RecordKind};
use crate::error::PanduError;
use crate::facade::PanduCore;
use crate::office::{Entitlement, OutcomeRow, TaskRow};
use crate::session::EligibilityPath;

/// What to look for; empty fields are ignored, the others must all match.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct HouseholdQuery {
    /// Name words: each must start a word of the same member's name (any case or accents).
    #[uniffi(default = None)]
    pub text: Option<String>,
    /// A member's NIK, exactly.
    #[uniffi(default = None)]
    pub nik: Option<String>,
    /// A KK number the family holds or held, exactly.
    #[uniffi(default = None)]
    pub kk: Option<String>,
    /// Part of the street address.
    #[uniffi(default = None)]
    pub address: Option<String>,
    /// Kemendagri kelurahan code, e.g. `13.76.01.1002`.
    #[uniffi(default = None)]
    pub kelurahan_code: Option<String>,
    /// Rukun Warga.
    #[uniffi(default = None)]
    pub rw: Option<u16>,
    /// Rukun Tetangga.
    #[uniffi(default = None)]
    pub rt: Option<u16>,
}

/// One family found.
#[derive(Clone, Debug, uniffi::Record)]
pub struct HouseholdHit {
    /// Internal household id (to open its page or start a visit).
    pub household_id: String,
    /// Name of the head.
    pub head_name: Option<String>,
    /// The member whose name or NIK matched, if one was asked for.
    pub matched_name: Option<String>,
    /// Kelurahan code of the dwelling.
    pub kelurahan_code: String,
    /// Rukun Warga.
    pub rw: u16,
    /// Rukun Tetangga.
    pub rt: u16,
    /// Street address.
    pub address: String,
    /// In PPLS 2011.
    pub in_ppls: bool,
    /// KPS card number, when the family holds one.
    pub kps_number: Option<String>,
    /// Number of members.
    pub member_count: u32,
}

impl From<registry::HouseholdHit> for HouseholdHit {
    fn from(h: registry::HouseholdHit) -> Self {
        Self {
            household_id: h.household_id,
            head_name: h.head_name,
            matched_name: h.matched_name,
            kelurahan_code: h.kelurahan_code,
            rw: h.rw,
            rt: h.rt,
            address: h.address,
            in_ppls: h.in_ppls,
            kps_number: h.kps_number,
            member_count: h.member_count,
        }
    }
}

/// The household page.
#[derive(Clone, Debug, uniffi::Record)]
pub struct HouseholdPage {
    /// Internal id.
    pub household_id: String,
    /// Name of the head.
    pub head_name: Option<String>,
    /// "Jl. …, RT 2 / RW 1, Kelurahan, Kecamatan".
    pub address_line: String,
    /// Registry status in words (PPLS 2011, KPS).
    pub registry: BilingualText,
    /// The family's card or emergency letter that matters today, if the office announced one.
    pub entitlement: Option<Entitlement>,
    /// Members, head first.
    pub members: Vec<MemberRow>,
    /// Earlier visits and reports, newest first.
    pub history: Vec<HistoryRow>,
    /// An unfinished visit of this family, to resume instead of starting another.
    pub open_draft: Option<String>,
}

/// A member line; the NIK is masked to its last four digits.
#[derive(Clone, Debug, uniffi::Record)]
pub struct MemberRow {
    /// Name.
    pub name: String,
    /// NIK masked to its last four digits.
    pub nik_masked: Option<String>,
    /// Relation to the head.
    pub relation: BilingualText,
    /// Age in whole years, when the birth date is known.
    pub age: Option<u32>,
}

/// An earlier record about the family.
#[derive(Clone, Debug, uniffi::Record)]
pub struct HistoryRow {
    /// Record id.
    pub record_id: String,
    /// Visit, refusal or report.
    pub kind: RecordKind,
    /// The day it was finished, `YYYY-MM-DD` (Asia/Jakarta).
    pub date: String,
    /// Criteria met (visits).
    pub criteria_met: Option<u8>,
    /// Criteria needed (visits).
    pub criteria_needed: Option<u8>,
    /// The recommended path (visits).
    pub path: Option<EligibilityPath>,
}

impl From<household_page::HouseholdPage> for HouseholdPage {
    fn from(p: household_page::HouseholdPage) -> Self {
        Self {
            household_id: p.household_id,
            head_name: p.head_name,
            address_line: p.address_line,
            registry: p.registry.into(),
            entitlement: p.entitlement.map(Entitlement::from),
            members: all(p.members),
            history: all(p.history),
            open_draft: p.open_draft,
        }
    }
}

impl From<household_page::MemberRow> for MemberRow {
    fn from(m: household_page::MemberRow) -> Self {
        Self {
            name: m.name,
            nik_masked: m.nik_masked,
            relation: m.relation.into(),
            age: m.age,
        }
    }
}

impl From<household_page::HistoryRow> for HistoryRow {
    fn from(h: household_page::HistoryRow) -> Self {
        Self {
            record_id: h.record_id,
            kind: h.kind.into(),
            date: h.date.to_string(),
            criteria_met: h.score.map(|s| s.0),
            criteria_needed: h.score.map(|s| s.1),
            path: h.path.map(EligibilityPath::from),
        }
    }
}

/// The home screen: work to resume, what waits to be sent, and what the office sent.
#[derive(Clone, Debug, uniffi::Record)]
pub struct HomeScreen {
    /// Unfinished visits and reports, newest first.
    pub drafts: Vec<DraftRow>,
    /// The outbox's counts.
    pub outbox: OutboxSummary,
    /// The office's open tasks for this user, newest first.
    pub tasks: Vec<TaskRow>,
    /// The office's outcomes on this user's records, newest first.
    pub outcomes: Vec<OutcomeRow>,
}

/// An unfinished visit or report.
#[derive(Clone, Debug, uniffi::Record)]
pub struct DraftRow {
    /// Draft id, to resume.
    pub draft_id: String,
    /// Visit or report.
    pub kind: FormKind,
    /// The head's name of the family it is about.
    pub household_name: Option<String>,
    /// Last saved (RFC 3339).
    pub updated_at: String,
}

/// Counts of the outbox.
#[derive(Clone, Copy, Debug, uniffi::Record)]
pub struct OutboxSummary {
    /// Records still to send.
    pub to_send: i64,
    /// Records waiting for their photos to be sent.
    pub waiting_for_media: i64,
    /// Records refused or in conflict (shown with the office's reasons, not sent again).
    pub set_aside: i64,
    /// Records the office holds (verified receipt).
    pub sent: i64,
}

impl From<home::Home> for HomeScreen {
    fn from(h: home::Home) -> Self {
        Self {
            drafts: all(h.drafts),
            outbox: h.outbox.into(),
            tasks: all(h.tasks),
            outcomes: all(h.outcomes),
        }
    }
}

impl From<home::DraftRow> for DraftRow {
    fn from(d: home::DraftRow) -> Self {
        Self {
            draft_id: d.draft_id,
            kind: d.kind.into(),
            household_name: d.household_name,
            updated_at: d.updated_at,
        }
    }
}

impl From<outbox::OutboxSummary> for OutboxSummary {
    fn from(s: outbox::OutboxSummary) -> Self {
        Self {
            to_send: s.to_send,
            waiting_for_media: s.waiting_for_media,
            set_aside: s.set_aside,
            sent: s.sent,
        }
    }
}

#[uniffi::export]
impl PanduCore {
    /// The home screen.
    pub fn home(&self) -> Result<HomeScreen, PanduError> {
        self.shared
            .with_store(|store| Ok(home::home(store)?.into()))
    }

    /// Families matching `query`, at most `limit`.
    pub fn search_households(
        &self,
        query: HouseholdQuery,
        limit: u32,
    ) -> Result<Vec<HouseholdHit>, PanduError> {
        let query = SearchQuery {
            text: query.text,
            nik: query.nik,
            kk: query.kk,
            address: query.address,
            kelurahan_code: query.kelurahan_code,
            rw: query.rw,
            rt: query.rt,
        };
        self.shared.with_store(|store| {
            Ok(all(registry::search(
                store.reader(),
                &query,
                limit as usize,
            )?))
        })
    }

    /// The page of family `household_id`.
    pub fn household_page(&self, household_id: String) -> Result<HouseholdPage, PanduError> {
        self.shared.with_store(|store| {
            Ok(household_page::household_page(store, &household_id, Utc::now())?.into())
        })
    }
}
