//! Casework after the visit: referrals (*rujukan*) to other agencies and complaints (*pengaduan*)
//! taken at the office desk. Both move through a small set of statuses; every move is a step
//! kept forever (append-only) with the day it happened, who recorded it and a note. The rules
//! that every step obeys, whatever the case, live here: which moves a status allows, and which
//! dates are believable (never in the future, never before the previous step).

pub mod complaint;
pub mod referral;

use chrono::{NaiveDate, Utc};
use pandu_core::eligibility::jakarta_date;
use pandu_core::Text;

/// The statuses of one kind of case and the moves between them.
pub trait Flow: Copy + Eq + Sized + 'static {
    /// Every status, in the order a case moves through them.
    const ALL: &'static [Self];
    /// The stored name.
    fn as_str(self) -> &'static str;
    /// The statuses reachable from this one (empty: the case is done).
    fn next(self) -> &'static [Self];
    /// True when moving from this status to `to` needs a note saying why.
    fn needs_note(self, to: Self) -> bool;
    /// The status stored as `name`.
    fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == name)
    }
}

/// A step someone asks to record: to which status, on which day, with what note.
#[derive(Clone, Debug)]
pub struct AskedStep<S> {
    /// The status the case moves to.
    pub to: S,
    /// The day it happened (WIB).
    pub on: NaiveDate,
    /// What happened, or why.
    pub note: String,
}

/// The case's current status and the day it was reached.
#[derive(Clone, Copy, Debug)]
pub struct Current<S> {
    /// The status now.
    pub status: S,
    /// The day of the last step.
    pub since: NaiveDate,
}

/// Longest note kept.
pub const MAX_NOTE: usize = 1000;

/// Today in Payakumbuh (WIB): no step may be dated later.
pub fn today() -> NaiveDate {
    jakarta_date(Utc::now())
}

/// The date typed in a form (`YYYY-MM-DD`), or why it cannot be read.
pub fn read_date(text: &str) -> Result<NaiveDate, Text> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Text::new(
            "Isi tanggal dengan format TTTT-BB-HH.",
            "Enter the date as YYYY-MM-DD.",
        )
    })
}

/// `on` when it is not after `today`.
pub fn not_future(on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Text> {
    if on > today {
        return Err(Text::new(
            "Tanggal tidak boleh di masa depan.",
            "The date may not be in the future.",
        ));
    }
    Ok(on)
}

/// `note` trimmed, when it fits (and is there when `required`).
pub fn read_note(note: &str, required: bool) -> Result<String, Text> {
    let note = note.trim();
    if required && note.is_empty() {
        return Err(Text::new(
            "Tuliskan alasannya pada catatan.",
            "Write the reason in the note.",
        ));
    }
    if note.chars().count() > MAX_NOTE {
        return Err(Text::new(
            "Catatan terlalu panjang (paling banyak 1000 huruf).",
            "The note is too long (at most 1000 characters).",
        ));
    }
    Ok(note.to_owned())
}

/// The step `asked` when the case, now at `current`, may take it on that day: the move is one
/// the status allows, the date is neither after `today` nor before the last step, and a note is
/// there when the move needs one.
pub fn check_step<S: Flow>(
    current: Current<S>,
    asked: AskedStep<S>,
    today: NaiveDate,
) -> Result<AskedStep<S>, Text> {
    if !current.status.next().contains(&asked.to) {
        return Err(Text::new(
            "Perubahan status ini tidak diizinkan dari status sekarang.",
            "This status change is not allowed from the current status.",
        ));
    }
    not_future(asked.on, today)?;
    if asked.on < current.since {
        return Err(Text::new(
            "Tanggal tidak boleh sebelum langkah sebelumnya.",
            "The date may not be before the previous step.",
        ));
    }
    let note = read_note(&asked.note, current.status.needs_note(asked.to))?;
    Ok(AskedStep { note, ..asked })
}

#[cfg(test)]
mod tests {
    use super::referral::ReferralStatus as R;
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn step(to: R, on: u32, note: &str) -> AskedStep<R> {
        AskedStep {
            to,
            on: day(on),
            note: note.into(),
        }
    }

    #[test]
    fn a_step_moves_forward_on_a_day_between_the_last_step_and_today() {
        let now = Current {
            status: R::Sent,
            since: day(5),
        };
        assert!(check_step(now, step(R::Received, 5, ""), day(10)).is_ok());
        assert!(check_step(now, step(R::Received, 4, ""), day(10)).is_err());
        assert!(check_step(now, step(R::Received, 11, ""), day(10)).is_err());
        assert!(check_step(now, step(R::ActedOn, 6, ""), day(10)).is_err());
        assert!(check_step(now, step(R::Sent, 6, ""), day(10)).is_err());
    }

    #[test]
    fn closing_early_needs_a_reason_and_a_closed_case_stays_closed() {
        let now = Current {
            status: R::Received,
            since: day(5),
        };
        assert!(check_step(now, step(R::Closed, 6, " "), day(10)).is_err());
        let kept = check_step(now, step(R::Closed, 6, " no reply "), day(10)).unwrap();
        assert_eq!(kept.note, "no reply");
        let closed = Current {
            status: R::Closed,
            since: day(6),
        };
        assert!(check_step(closed, step(R::Received, 7, "x"), day(10)).is_err());
        assert!(read_date("2026-02-30").is_err());
        assert_eq!(read_date(" 2026-03-01 ").unwrap(), day(1));
    }
}
