//! Complaints (*pengaduan*) taken at the office desk: who complains (name, contact, and a NIK
//! when given — checked with the core's NIK rules: an impossible NIK is refused, a doubtful one
//! kept with a warning), what about (a category and the complaint in their words), optionally
//! the registry household it concerns. A complaint is received, then in progress, then resolved
//! or rejected; it may be rejected at once (not the unit's matter), and a rejection always says
//! why. Nothing moves back.

use pandu_core::identity::check_nik;
use pandu_core::{Problem, Severity, Text};

use super::{read_note, Flow};

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplaintStatus {
    /// Taken at the desk.
    Received,
    /// Someone is looking into it.
    InProgress,
    /// Settled in the complainant's favour or explained.
    Resolved,
    /// Not upheld, or not the unit's matter.
    Rejected,
}

impl Flow for ComplaintStatus {
    const ALL: &'static [Self] = &[
        Self::Received,
        Self::InProgress,
        Self::Resolved,
        Self::Rejected,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::Rejected => "rejected",
        }
    }

    fn next(self) -> &'static [Self] {
        match self {
            Self::Received => &[Self::InProgress, Self::Rejected],
            Self::InProgress => &[Self::Resolved, Self::Rejected],
            Self::Resolved | Self::Rejected => &[],
        }
    }

    fn needs_note(self, to: Self) -> bool {
        to == Self::Rejected
    }
}

/// What a complaint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// A family that should be in the registry is not.
    NotRegistered,
    /// A family is in the registry that should not be (or with wrong data).
    WronglyRegistered,
    /// Help that was decided never arrived.
    AidNotReceived,
    /// The service itself (staff, waiting, treatment).
    Service,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the order the form lists them.
    pub const ALL: [Self; 5] = [
        Self::NotRegistered,
        Self::WronglyRegistered,
        Self::AidNotReceived,
        Self::Service,
        Self::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotRegistered => "not_registered",
            Self::WronglyRegistered => "wrongly_registered",
            Self::AidNotReceived => "aid_not_received",
            Self::Service => "service",
            Self::Other => "other",
        }
    }

    /// The category stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A complaint's fields as the desk form sends them.
#[derive(Clone, Debug, Default)]
pub struct AskedComplaint {
    /// The complainant's name.
    pub name: String,
    /// How to reach them (telephone, address).
    pub contact: String,
    /// Their NIK, if they gave it.
    pub nik: String,
    /// One of [`Category`]'s stored names.
    pub category: String,
    /// The complaint in their words.
    pub details: String,
}

/// A complaint's checked fields (the NIK's doubts, which do not refuse it, are shown with it
/// on its page).
#[derive(Clone, Debug)]
pub struct ComplaintFields {
    /// The complainant's name.
    pub name: String,
    /// How to reach them.
    pub contact: String,
    /// Their NIK (digits as typed, trimmed), if given.
    pub nik: Option<String>,
    /// What it is about.
    pub category: Category,
    /// The complaint in their words.
    pub details: String,
}

/// `text` trimmed when it holds 1 to `max` characters; else `why`.
fn required(text: &str, max: usize, why: Text) -> Result<String, Text> {
    let text = text.trim();
    match text.chars().count() {
        0 => Err(why),
        n if n > max => Err(why),
        _ => Ok(text.to_owned()),
    }
}

/// The NIK given, checked: none, or one the core does not refuse (doubts are only warnings).
fn nik(raw: &str) -> Result<Option<String>, Text> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let problems: Vec<Problem> = check_nik(raw, None, None);
    if let Some(error) = problems.iter().find(|p| p.severity == Severity::Error) {
        return Err(Text::new(
            format!("NIK pengadu ditolak: {}", error.text.id),
            format!("The complainant's NIK is refused: {}", error.text.en),
        ));
    }
    Ok(Some(raw.to_owned()))
}

/// The complaint asked for, checked: a name, a contact, a category, the complaint, and a NIK
/// the core does not refuse when one is given.
pub fn check(asked: &AskedComplaint) -> Result<ComplaintFields, Text> {
    let name = required(
        &asked.name,
        200,
        Text::new("Tuliskan nama pengadu.", "Write the complainant's name."),
    )?;
    let contact = required(
        &asked.contact,
        200,
        Text::new(
            "Tuliskan kontak pengadu (telepon atau alamat).",
            "Write how to reach the complainant (telephone or address).",
        ),
    )?;
    let category = Category::parse(asked.category.trim()).ok_or_else(|| {
        Text::new(
            "Pilih jenis pengaduan.",
            "Choose what the complaint is about.",
        )
    })?;
    let details = read_note(&asked.details, true).map_err(|_| {
        Text::new(
            "Tuliskan isi pengaduan (paling banyak 1000 huruf).",
            "Write the complaint (at most 1000 characters).",
        )
    })?;
    let nik = nik(&asked.nik)?;
    Ok(ComplaintFields {
        name,
        contact,
        nik,
        category,
        details,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use pandu_core::identity::make_nik;
    use pandu_core::identity::Sex;

    fn asked(nik: &str) -> AskedComplaint {
        AskedComplaint {
            name: " Ibu Ros ".into(),
            contact: "0812".into(),
            nik: nik.into(),
            category: "aid_not_received".into(),
            details: "Bantuan belum sampai".into(),
        }
    }

    #[test]
    fn a_complaint_needs_who_and_what_and_refuses_an_impossible_nik() {
        let ok = check(&asked("")).unwrap();
        assert_eq!((ok.name.as_str(), ok.nik), ("Ibu Ros", None));
        let born = NaiveDate::from_ymd_opt(1980, 5, 17).unwrap();
        let good = make_nik("137601", Sex::Female, born, 12);
        let kept = check(&asked(&good)).unwrap();
        assert_eq!(kept.nik.as_deref(), Some(good.as_str()));
        assert!(check(&asked("12345")).is_err());
        let unknown_region = make_nik("999999", Sex::Female, born, 12);
        assert!(check(&asked(&unknown_region)).unwrap().nik.is_some());
        let mut bad = asked("");
        bad.category = "x".into();
        assert!(check(&bad).is_err());
    }
}
