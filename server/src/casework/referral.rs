//! Referrals (*rujukan*): a household (or one member) sent to another agency for a need the
//! unit cannot meet itself. A referral is sent, then received by the agency, then acted on, then
//! closed; it may be closed early (the agency never answered, the family moved) only with a
//! reason, and it never goes back. The agencies are a list kept here in code, with "other"
//! naming any agency not on it.

use chrono::NaiveDate;
use pandu_core::Text;

use super::{not_future, read_note, Flow};

/// Days a referral may stay sent without being received before the office pages mark it
/// overdue (the unit's default: two weeks, the time an agency is asked to answer in).
pub const OVERDUE_DAYS: i64 = 14;

/// Where a referral stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferralStatus {
    /// Sent to the agency.
    Sent,
    /// The agency confirmed it has it.
    Received,
    /// The agency acted on it (a service given, a document issued).
    ActedOn,
    /// Done with; nothing more is expected.
    Closed,
}

impl Flow for ReferralStatus {
    const ALL: &'static [Self] = &[Self::Sent, Self::Received, Self::ActedOn, Self::Closed];

    fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Received => "received",
            Self::ActedOn => "acted_on",
            Self::Closed => "closed",
        }
    }

    fn next(self) -> &'static [Self] {
        match self {
            Self::Sent => &[Self::Received, Self::Closed],
            Self::Received => &[Self::ActedOn, Self::Closed],
            Self::ActedOn => &[Self::Closed],
            Self::Closed => &[],
        }
    }

    fn needs_note(self, to: Self) -> bool {
        to == Self::Closed && self != Self::ActedOn
    }
}

/// The agencies a referral usually goes to (stored as written here).
pub const AGENCIES: [&str; 8] = [
    "Dinas Sosial",
    "Dinas Kesehatan / Puskesmas",
    "Dinas Pendidikan",
    "Disdukcapil",
    "BPJS Kesehatan",
    "Baznas",
    "Dinas Perumahan dan Permukiman",
    "Dinas Tenaga Kerja",
];

/// The form value that names an agency not on the list.
pub const OTHER_AGENCY: &str = "other";

/// What a referral was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginKind {
    /// A home visit (a record id).
    Visit,
    /// An office decision (a decision id).
    Decision,
    /// A complaint taken at the desk (a complaint id).
    Complaint,
}

impl OriginKind {
    /// Every origin.
    pub const ALL: [Self; 3] = [Self::Visit, Self::Decision, Self::Complaint];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visit => "visit",
            Self::Decision => "decision",
            Self::Complaint => "complaint",
        }
    }

    /// The origin stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == name)
    }
}

/// A referral's fields as the form sends them.
#[derive(Clone, Debug, Default)]
pub struct AskedReferral {
    /// One of [`AGENCIES`], or [`OTHER_AGENCY`].
    pub agency: String,
    /// The agency's name when `agency` is [`OTHER_AGENCY`].
    pub agency_other: String,
    /// The need or reason for the referral.
    pub need: String,
    /// The day it was sent (`YYYY-MM-DD`).
    pub sent_on: String,
}

/// A referral's checked fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralFields {
    /// The agency's name.
    pub agency: String,
    /// The need or reason.
    pub need: String,
    /// The day it was sent.
    pub sent_on: NaiveDate,
}

/// The agency named by the form: one of the list, or the typed name of another.
fn agency(asked: &AskedReferral) -> Result<String, Text> {
    let chosen = asked.agency.trim();
    if let Some(known) = AGENCIES.iter().find(|a| **a == chosen) {
        return Ok((*known).to_owned());
    }
    let other = asked.agency_other.trim();
    match (chosen, other.chars().count()) {
        (OTHER_AGENCY, 1..=200) => Ok(other.to_owned()),
        (OTHER_AGENCY, _) => Err(Text::new(
            "Tuliskan nama instansi lainnya.",
            "Write the name of the other agency.",
        )),
        _ => Err(Text::new("Pilih instansi tujuan.", "Choose the agency.")),
    }
}

/// The referral asked for, checked: a known or named agency, a need, a sent day not after
/// `today`.
pub fn check(asked: &AskedReferral, today: NaiveDate) -> Result<ReferralFields, Text> {
    let agency = agency(asked)?;
    let need = read_note(&asked.need, true).map_err(|_| {
        Text::new(
            "Tuliskan kebutuhan atau alasan rujukan (paling banyak 1000 huruf).",
            "Write the need or reason for the referral (at most 1000 characters).",
        )
    })?;
    let sent_on = not_future(super::read_date(&asked.sent_on)?, today)?;
    Ok(ReferralFields {
        agency,
        need,
        sent_on,
    })
}

/// True when a referral in `status` since `since` is overdue on `today`: still not received
/// [`OVERDUE_DAYS`] days after it was sent.
pub fn overdue(status: ReferralStatus, since: NaiveDate, today: NaiveDate) -> bool {
    status == ReferralStatus::Sent && (today - since).num_days() > OVERDUE_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(agency: &str, other: &str, need: &str, sent_on: &str) -> AskedReferral {
        AskedReferral {
            agency: agency.into(),
            agency_other: other.into(),
            need: need.into(),
            sent_on: sent_on.into(),
        }
    }

    #[test]
    fn a_referral_names_a_listed_or_typed_agency_a_need_and_a_past_day() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let ok = check(&asked("Baznas", "", " modal ", "2026-03-10"), today).unwrap();
        assert_eq!((ok.agency.as_str(), ok.need.as_str()), ("Baznas", "modal"));
        let other = check(&asked("other", " Kemenag ", "x", "2026-03-01"), today).unwrap();
        assert_eq!(other.agency, "Kemenag");
        assert!(check(&asked("other", " ", "x", "2026-03-01"), today).is_err());
        assert!(check(&asked("Dinas Rahasia", "", "x", "2026-03-01"), today).is_err());
        assert!(check(&asked("Baznas", "", "", "2026-03-01"), today).is_err());
        assert!(check(&asked("Baznas", "", "x", "2026-03-11"), today).is_err());
    }

    #[test]
    fn only_a_referral_still_sent_after_two_weeks_is_overdue() {
        let sent = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let later = |d| sent + chrono::Duration::days(d);
        assert!(!overdue(ReferralStatus::Sent, sent, later(14)));
        assert!(overdue(ReferralStatus::Sent, sent, later(15)));
        assert!(!overdue(ReferralStatus::Received, sent, later(30)));
    }
}
