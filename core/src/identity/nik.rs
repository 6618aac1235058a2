//! The NIK (Nomor Induk Kependudukan), the 16-digit number of a person: region, birth date with
//! sex folded into the day, and a serial. It has no check digit, so this is all that can be
//! checked; numbers that cannot exist are refused, anomalies real records have are only warned of.

use chrono::{Datelike, NaiveDate};

use super::{
    compose, date, date_exists, impossible_date, number, region_warning, serial, sixteen_digits,
    Kind, Sex,
};
use crate::i18n::{Problem, Text};

/// Women's birth day is written with 40 added.
const WOMAN_DAY_OFFSET: u32 = 40;

/// The parts of a valid NIK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NikParts {
    /// Province, regency and kecamatan of registration: 6 digits, e.g. `137601`.
    pub region: String,
    /// Sex, read from the day (women have 40 added).
    pub sex: Sex,
    /// Day of birth, 1–31 (without the 40 added for women).
    pub birth_day: u32,
    /// Month of birth, 1–12.
    pub birth_month: u32,
    /// Year of birth modulo 100.
    pub birth_year_2: u32,
    /// Serial, 1–9999.
    pub serial: u16,
}

impl NikParts {
    /// The full birth date: 20yy when that is not after `today`, else 19yy. `None` only for
    /// 29 February in a century that does not have it.
    pub fn birth_date(&self, today: NaiveDate) -> Option<NaiveDate> {
        date(2000 + self.birth_year_2, self.birth_month, self.birth_day)
            .filter(|birth| *birth <= today)
            .or_else(|| date(1900 + self.birth_year_2, self.birth_month, self.birth_day))
    }
}

/// Splits a NIK into its parts, or gives the one error that makes it impossible: not exactly 16
/// digits (surrounding whitespace is ignored), a day or month no calendar has, or serial 0000.
pub fn parse_nik(raw: &str) -> Result<NikParts, Problem> {
    let digits = sixteen_digits(raw, Kind::Nik)?;
    let day_field = number(digits, 6..8);
    let (sex, birth_day) = match day_field.checked_sub(WOMAN_DAY_OFFSET) {
        Some(day) if day > 0 => (Sex::Female, day),
        _ => (Sex::Male, day_field),
    };
    let (birth_month, birth_year_2) = (number(digits, 8..10), number(digits, 10..12));
    if !date_exists(birth_day, birth_month, birth_year_2) {
        return Err(impossible_date(Kind::Nik));
    }
    Ok(NikParts {
        region: digits[..6].to_owned(),
        sex,
        birth_day,
        birth_month,
        birth_year_2,
        serial: serial(digits, Kind::Nik)?,
    })
}

/// Every problem with a NIK: the error if it is impossible, else warnings for an unknown region
/// and for a sex or birth date that differ from what was entered for the person.
pub fn check_nik(raw: &str, sex: Option<Sex>, birth_date: Option<NaiveDate>) -> Vec<Problem> {
    let parts = match parse_nik(raw) {
        Ok(parts) => parts,
        Err(problem) => return vec![problem],
    };
    [
        region_warning(&parts.region, Kind::Nik),
        sex.filter(|&sex| sex != parts.sex).map(|_| sex_mismatch()),
        birth_date
            .filter(|&birth| !same_birth_date(&parts, birth))
            .map(|_| birth_date_mismatch()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// True when `birth` has the day, month and two-digit year written in the NIK.
fn same_birth_date(parts: &NikParts, birth: NaiveDate) -> bool {
    (birth.day(), birth.month(), birth.year().rem_euclid(100))
        == (
            parts.birth_day,
            parts.birth_month,
            parts.birth_year_2 as i32,
        )
}

/// The warning for a sex that differs from the NIK's.
fn sex_mismatch() -> Problem {
    Kind::Nik.warning(
        "sex_mismatch",
        Text::new(
            "Jenis kelamin pada NIK berbeda dengan jenis kelamin yang diisi.",
            "The sex encoded in the NIK differs from the sex entered.",
        ),
    )
}

/// The warning for a birth date that differs from the NIK's.
fn birth_date_mismatch() -> Problem {
    Kind::Nik.warning(
        "birth_date_mismatch",
        Text::new(
            "Tanggal lahir pada NIK berbeda dengan tanggal lahir yang diisi.",
            "The birth date encoded in the NIK differs from the birth date entered.",
        ),
    )
}

/// The NIK shown to someone who need not see it: only the last 4 digits, `************1234`.
/// Anything that is not 16 characters long is masked entirely.
pub fn mask_nik(raw: &str) -> String {
    let chars: Vec<char> = raw.trim().chars().collect();
    match chars.len() {
        16 => "*".repeat(12) + &chars[12..].iter().collect::<String>(),
        _ => "*".repeat(16),
    }
}

/// Builds a NIK, for tests and synthetic data. `region6` is used as given and only the last four
/// digits of `serial` are kept, so the caller decides whether the result is valid (serial 0 or a
/// region that is not 6 digits give a NIK [`parse_nik`] refuses).
pub fn make_nik(region6: &str, sex: Sex, birth: NaiveDate, serial: u16) -> String {
    let day_field = match sex {
        Sex::Male => birth.day(),
        Sex::Female => birth.day() + WOMAN_DAY_OFFSET,
    };
    compose(region6, day_field, birth, serial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Severity;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn error_code(raw: &str) -> String {
        parse_nik(raw).unwrap_err().code
    }

    fn codes(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.code.as_str()).collect()
    }

    #[test]
    fn reads_a_man() {
        let parts = parse_nik("1376011205850003").unwrap();
        assert_eq!(
            parts,
            NikParts {
                region: "137601".into(),
                sex: Sex::Male,
                birth_day: 12,
                birth_month: 5,
                birth_year_2: 85,
                serial: 3,
            }
        );
    }

    #[test]
    fn women_have_40_added_to_the_day() {
        let parts = parse_nik("1376015205850003").unwrap();
        assert_eq!((parts.sex, parts.birth_day), (Sex::Female, 12));
        assert_eq!(parse_nik("1376014101000001").unwrap().birth_day, 1);
        assert_eq!(parse_nik("1376017101000001").unwrap().birth_day, 31);
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert!(parse_nik("  1376011205850003\n").is_ok());
    }

    #[test]
    fn refuses_anything_but_16_digits() {
        for raw in [
            "",
            "137601120585000",
            "13760112058500031",
            "1376 011205850003",
            "137601120585000a",
            "１３７６０１１２０５８５０００３",
            "-376011205850003",
        ] {
            assert_eq!(error_code(raw), "nik.not_16_digits", "{raw:?}");
        }
    }

    #[test]
    fn refuses_impossible_days() {
        for day in ["00", "32", "39", "40", "72", "99"] {
            let raw = format!("137601{day}05850003");
            assert_eq!(error_code(&raw), "nik.impossible_date", "{day}");
        }
    }

    #[test]
    fn refuses_impossible_months_and_days_of_month() {
        for date in ["120085", "121385", "300285", "700285", "310485", "710485"] {
            let raw = format!("137601{date}0003");
            assert_eq!(error_code(&raw), "nik.impossible_date", "{date}");
        }
    }

    #[test]
    fn leap_day_needs_a_leap_year_in_either_century() {
        assert!(parse_nik("1376012902840003").is_ok());
        assert!(parse_nik("1376016902000003").is_ok());
        assert_eq!(error_code("1376012902850003"), "nik.impossible_date");
    }

    #[test]
    fn refuses_serial_0000() {
        assert_eq!(error_code("1376011205850000"), "nik.serial_zero");
        assert_eq!(parse_nik("1376011205859999").unwrap().serial, 9999);
    }

    #[test]
    fn century_is_20yy_unless_that_is_in_the_future() {
        let today = ymd(2026, 11, 28);
        let birth = |raw: &str| parse_nik(raw).unwrap().birth_date(today);
        assert_eq!(birth("1376012811260001"), Some(ymd(2026, 11, 28)));
        assert_eq!(birth("1376012911260001"), Some(ymd(1926, 11, 29)));
        assert_eq!(birth("1376011205850001"), Some(ymd(1985, 5, 12)));
        assert_eq!(birth("1376016902000001"), Some(ymd(2000, 2, 29)));
    }

    #[test]
    fn errors_name_no_digits() {
        for raw in ["1376011205850000", "1376013205850001", "12345"] {
            let text = parse_nik(raw).unwrap_err().text;
            assert!(!text.is_incomplete());
            assert!(!text.id.contains(raw) && !text.en.contains(raw));
        }
    }

    #[test]
    fn check_gives_the_error_alone() {
        let problems = check_nik("9900011205850000", Some(Sex::Female), None);
        assert_eq!(codes(&problems), ["nik.serial_zero"]);
        assert_eq!(problems[0].severity, Severity::Error);
    }

    #[test]
    fn check_accepts_a_matching_person() {
        let problems = check_nik(
            "1376015205850003",
            Some(Sex::Female),
            Some(ymd(1985, 5, 12)),
        );
        assert!(problems.is_empty());
        assert!(check_nik("3171011205850003", None, None).is_empty());
    }

    #[test]
    fn check_warns_of_unknown_regions() {
        for region in ["990101", "133001", "137609"] {
            let problems = check_nik(&format!("{region}1205850003"), None, None);
            assert_eq!(codes(&problems), ["nik.unknown_region"], "{region}");
            assert_eq!(problems[0].severity, Severity::Warning);
        }
    }

    #[test]
    fn check_warns_of_a_different_sex_and_birth_date() {
        let problems = check_nik(
            "1376011205850003",
            Some(Sex::Female),
            Some(ymd(1985, 5, 13)),
        );
        assert_eq!(
            codes(&problems),
            ["nik.sex_mismatch", "nik.birth_date_mismatch"]
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
    }

    #[test]
    fn birth_date_compares_only_two_year_digits() {
        assert!(check_nik("1376011205850003", None, Some(ymd(1885, 5, 12))).is_empty());
        let problems = check_nik("1376011205850003", None, Some(ymd(1986, 5, 12)));
        assert_eq!(codes(&problems), ["nik.birth_date_mismatch"]);
    }

    #[test]
    fn mask_keeps_the_last_four_digits() {
        assert_eq!(mask_nik(" 1376011205850003 "), "************0003");
        assert_eq!(mask_nik("12345"), "****************");
    }

    #[test]
    fn make_builds_what_parse_reads() {
        let nik = make_nik("137601", Sex::Female, ymd(2000, 2, 29), 42);
        assert_eq!(nik, "1376016902000042");
        assert_eq!(
            make_nik("137601", Sex::Male, ymd(1985, 5, 12), 12_345),
            "1376011205852345"
        );
    }
}
