//! Assistance given to a household or one of its members, as pure rules: the kinds of help and
//! school levels the unit gives (DOMAIN.md "Service"), and the entitlement rule — help is only
//! recorded against a card or emergency letter of this very household, valid on the day the
//! help is given and not revoked by then (help given before the revocation day, recorded later,
//! stands: the document was valid that day).

use chrono::NaiveDate;
use pandu_core::Text;

/// A kind of help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssistanceKind {
    /// Help with medicine.
    Health,
    /// School supplies and transport, by school level.
    Education,
    /// Repair of an uninhabitable house (*rumah tidak layak huni*).
    Rutilahu,
    /// Stipend for neglected elderly.
    Elderly,
    /// Emergency help.
    Emergency,
}

impl AssistanceKind {
    /// Every kind, in the order forms and reports list them.
    pub const ALL: [Self; 5] = [
        Self::Health,
        Self::Education,
        Self::Rutilahu,
        Self::Elderly,
        Self::Emergency,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::Education => "education",
            Self::Rutilahu => "rutilahu",
            Self::Elderly => "elderly",
            Self::Emergency => "emergency",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Its name in Indonesian and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Self::Health => ("Kesehatan (obat)", "Health (medicine)"),
            Self::Education => ("Pendidikan", "Education"),
            Self::Rutilahu => ("Rutilahu (bedah rumah)", "Rutilahu (house repair)"),
            Self::Elderly => ("Lansia terlantar", "Neglected elderly"),
            Self::Emergency => ("Darurat", "Emergency"),
        }
    }
}

/// A school level, for education help: the core's, the one a household member's record holds.
pub use pandu_core::household::SchoolLevel;

/// How the office names a school level: the key in the services file and the assistance table
/// (`pt` for university, as offices write it), and the label on its pages.
pub trait LevelNames: Sized {
    /// Every level, youngest first.
    const ALL: [Self; 6];
    /// The stored name.
    fn key(self) -> &'static str;
    /// The level stored as `name`.
    fn parse(name: &str) -> Option<Self>;
    /// Its name as schools write it (the same in both languages).
    fn label(self) -> &'static str;
}

impl LevelNames for SchoolLevel {
    const ALL: [Self; 6] = [
        Self::Tk,
        Self::Sd,
        Self::Smp,
        Self::Sma,
        Self::University,
        Self::Kesetaraan,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::Tk => "tk",
            Self::Sd => "sd",
            Self::Smp => "smp",
            Self::Sma => "sma",
            Self::University => "pt",
            Self::Kesetaraan => "kesetaraan",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == name)
    }

    fn label(self) -> &'static str {
        match self {
            Self::Tk => "TK",
            Self::Sd => "SD/MI",
            Self::Smp => "SMP/MTs",
            Self::Sma => "SMA/SMK/MA",
            Self::University => "Perguruan Tinggi",
            Self::Kesetaraan => "Kesetaraan",
        }
    }
}

/// The facts of a card or letter that decide whether it entitles help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entitlement {
    /// The household it was issued to.
    pub household_id: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity.
    pub valid_until: NaiveDate,
    /// The day (in Payakumbuh) the office revoked it, if it did.
    pub revoked_on: Option<NaiveDate>,
}

/// Why help may not be recorded against a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotEntitled {
    /// No card or letter has this number.
    NoDocument,
    /// It was issued to another household.
    OtherHousehold,
    /// The office revoked it on or before the day of the help.
    Revoked {
        /// The day it was revoked.
        on: NaiveDate,
    },
    /// The help is dated after its last day.
    Expired {
        /// Its last day.
        until: NaiveDate,
    },
    /// The help is dated before its first day.
    NotYetValid {
        /// Its first day.
        from: NaiveDate,
    },
}

impl NotEntitled {
    /// A short stable name, for tests and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoDocument => "no_document",
            Self::OtherHousehold => "other_household",
            Self::Revoked { .. } => "revoked",
            Self::Expired { .. } => "expired",
            Self::NotYetValid { .. } => "not_yet_valid",
        }
    }

    /// What the clerk is told, in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            Self::NoDocument => Text::new(
                "Tidak ada kartu atau surat rekomendasi dengan nomor itu; bantuan hanya dengan kartu atau surat yang sah.",
                "There is no card or recommendation letter with that number; help needs a valid card or letter.",
            ),
            Self::OtherHousehold => Text::new(
                "Kartu atau surat itu milik keluarga lain.",
                "That card or letter belongs to another household.",
            ),
            Self::Revoked { on } => Text::new(
                format!("Kartu atau surat itu sudah dicabut pada {on}; bantuan sejak hari itu tidak dapat dicatat."),
                format!("That card or letter was revoked on {on}; help from that day on cannot be recorded."),
            ),
            Self::Expired { until } => Text::new(
                format!("Kartu atau surat itu berlaku hanya sampai {until}."),
                format!("That card or letter was valid only until {until}."),
            ),
            Self::NotYetValid { from } => Text::new(
                format!("Kartu atau surat itu baru berlaku mulai {from}."),
                format!("That card or letter is valid only from {from}."),
            ),
        }
    }
}

/// Whether `document` entitles `household_id` to help given on `given_on`.
pub fn entitled(
    document: Option<&Entitlement>,
    household_id: &str,
    given_on: NaiveDate,
) -> Result<(), NotEntitled> {
    let doc = document.ok_or(NotEntitled::NoDocument)?;
    if doc.household_id != household_id {
        return Err(NotEntitled::OtherHousehold);
    }
    if let Some(on) = doc.revoked_on.filter(|on| given_on >= *on) {
        return Err(NotEntitled::Revoked { on });
    }
    if given_on > doc.valid_until {
        return Err(NotEntitled::Expired {
            until: doc.valid_until,
        });
    }
    if given_on < doc.valid_from {
        return Err(NotEntitled::NotYetValid {
            from: doc.valid_from,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn card() -> Entitlement {
        Entitlement {
            household_id: "h1".into(),
            valid_from: day("2026-01-10"),
            valid_until: day("2027-01-09"),
            revoked_on: None,
        }
    }

    #[test]
    fn help_needs_this_households_valid_unrevoked_document_on_the_day() {
        let c = card();
        assert_eq!(entitled(Some(&c), "h1", day("2026-01-10")), Ok(()));
        assert_eq!(entitled(Some(&c), "h1", day("2027-01-09")), Ok(()));
        let refusal = |doc: Option<&Entitlement>, h: &str, d: &str| {
            entitled(doc, h, day(d)).unwrap_err().code()
        };
        assert_eq!(refusal(None, "h1", "2026-05-01"), "no_document");
        assert_eq!(refusal(Some(&c), "h2", "2026-05-01"), "other_household");
        assert_eq!(refusal(Some(&c), "h1", "2027-01-10"), "expired");
        assert_eq!(refusal(Some(&c), "h1", "2026-01-09"), "not_yet_valid");
    }

    #[test]
    fn help_given_before_the_revocation_day_stands() {
        let revoked = Entitlement {
            revoked_on: Some(day("2026-05-01")),
            ..card()
        };
        assert_eq!(entitled(Some(&revoked), "h1", day("2026-04-30")), Ok(()));
        assert_eq!(entitled(Some(&revoked), "h1", day("2026-01-10")), Ok(()));
        for on_or_after in ["2026-05-01", "2026-05-02", "2027-01-09"] {
            assert_eq!(
                entitled(Some(&revoked), "h1", day(on_or_after)),
                Err(NotEntitled::Revoked {
                    on: day("2026-05-01")
                }),
                "{on_or_after}"
            );
        }
        assert_eq!(
            entitled(Some(&revoked), "h1", day("2026-01-09"))
                .unwrap_err()
                .code(),
            "not_yet_valid",
            "before its first day is still refused"
        );
    }

    #[test]
    fn names_read_back_and_every_refusal_is_bilingual() {
        for k in AssistanceKind::ALL {
            assert_eq!(AssistanceKind::parse(k.as_str()), Some(k));
        }
        for l in SchoolLevel::ALL {
            assert_eq!(SchoolLevel::parse(l.key()), Some(l));
        }
        let all = [
            NotEntitled::NoDocument,
            NotEntitled::OtherHousehold,
            NotEntitled::Revoked {
                on: day("2026-01-01"),
            },
            NotEntitled::Expired {
                until: day("2026-01-01"),
            },
            NotEntitled::NotYetValid {
                from: day("2026-01-01"),
            },
        ];
        for n in all {
            assert!(!n.text().is_incomplete());
        }
    }
}
