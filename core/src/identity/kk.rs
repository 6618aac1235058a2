//! The No. KK, the 16-digit number of a family card: region, the date the card was recorded, and a
//! serial. A family's No. KK changes when it moves or splits, so it is checked here but never used
//! as a key.

use chrono::{Datelike, NaiveDate};

use super::{
    compose, date, date_exists, impossible_date, number, region_warning, serial, sixteen_digits,
    Kind,
};
use crate::i18n::{Problem, Text};

/// A KK recorded more than this many years after today is read as 19yy instead of 20yy.
const CENTURY_PIVOT_YEARS: i64 = 50;

/// The parts of a valid No. KK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KkParts {
    /// Province, regency and kecamatan of registration: 6 digits, e.g. `137601`.
    pub region: String,
    /// Day the card was recorded, 1–31.
    pub recorded_day: u32,
    /// Month the card was recorded, 1–12.
    pub recorded_month: u32,
    /// Year the card was recorded, modulo 100.
    pub recorded_year_2: u32,
    /// Serial, 1–9999.
    pub serial: u16,
}

impl KkParts {
    /// The full recording date: 20yy, unless that is more than 50 years after `today`, then 19yy.
    /// Unlike a birth date it may lie in the future, which [`check_kk`] warns of. `None` only for
    /// 29 February in a century that does not have it.
    pub fn recording_date(&self, today: NaiveDate) -> Option<NaiveDate> {
        let years_ahead = i64::from(2000 + self.recorded_year_2) - i64::from(today.year());
        let century = if years_ahead > CENTURY_PIVOT_YEARS {
            1900
        } else {
            2000
        };
        date(
            century + self.recorded_year_2,
            self.recorded_month,
            self.recorded_day,
        )
    }
}

/// Splits a No. KK into its parts, or gives the one error that makes it impossible: not exactly
/// 16 digits (surrounding whitespace is ignored), a recording date no calendar has, or serial 0000.
pub fn parse_kk(raw: &str) -> Result<KkParts, Problem> {
    let digits = sixteen_digits(raw, Kind::Kk)?;
    let (recorded_day, recorded_month, recorded_year_2) = (
        number(digits, 6..8),
        number(digits, 8..10),
        number(digits, 10..12),
    );
    if !date_exists(recorded_day, recorded_month, recorded_year_2) {
        return Err(impossible_date(Kind::Kk));
    }
    Ok(KkParts {
        region: digits[..6].to_owned(),
        recorded_day,
        recorded_month,
        recorded_year_2,
        serial: serial(digits, Kind::Kk)?,
    })
}

/// Every problem with a No. KK: the error if it is impossible, else warnings for an unknown region
/// and for a recording date after `today`.
pub fn check_kk(raw: &str, today: NaiveDate) -> Vec<Problem> {
    let parts = match parse_kk(raw) {
        Ok(parts) => parts,
        Err(problem) => return vec![problem],
    };
    let future = parts
        .recording_date(today)
        .filter(|&recorded| recorded > today)
        .map(|_| future_date());
    region_warning(&parts.region, Kind::Kk)
        .into_iter()
        .chain(future)
        .collect()
}

/// The warning for a recording date after today.
fn future_date() -> Problem {
    Kind::Kk.warning(
        "future_date",
        Text::new(
            "Tanggal pencatatan pada No. KK belum terjadi (di masa depan).",
            "The recording date in the family card number is in the future.",
        ),
    )
}

/// Builds a No. KK, for tests and synthetic data. `region6` is used as given and only the last
/// four digits of `serial` are kept, so the caller decides whether the result is valid.
pub fn make_kk(region6: &str, recorded: NaiveDate, serial: u16) -> String {
    compose(region6, recorded.day(), recorded, serial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Severity;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn today() -> NaiveDate {
        ymd(2026, 11, 28)
    }

    fn error_code(raw: &str) -> String {
        parse_kk(raw).unwrap_err().code
    }

    fn codes(raw: &str) -> Vec<String> {
        check_kk(raw, today()).into_iter().map(|p| p.code).collect()
    }

    #[test]
    fn reads_the_parts() {
        let parts = parse_kk("1376010304150021").unwrap();
        assert_eq!(
            parts,
            KkParts {
                region: "137601".into(),
                recorded_day: 3,
                recorded_month: 4,
                recorded_year_2: 15,
                serial: 21,
            }
        );
        assert_eq!(parts.recording_date(today()), Some(ymd(2015, 4, 3)));
    }

    #[test]
    fn refuses_anything_but_16_digits() {
        for raw in [
            "",
            "137601030415002",
            "1376010304150021 7",
            "137601030415002x",
        ] {
            assert_eq!(error_code(raw), "kk.not_16_digits", "{raw:?}");
        }
    }

    #[test]
    fn refuses_impossible_dates_with_no_40_offset() {
        for date in [
            "000415", "320415", "430415", "011315", "010015", "300215", "310615",
        ] {
            let raw = format!("137601{date}0021");
            assert_eq!(error_code(&raw), "kk.impossible_date", "{date}");
        }
    }

    #[test]
    fn leap_day_needs_a_leap_year() {
        assert!(parse_kk("1376012902160021").is_ok());
        assert_eq!(error_code("1376012902150021"), "kk.impossible_date");
    }

    #[test]
    fn refuses_serial_0000() {
        assert_eq!(error_code("1376010304150000"), "kk.serial_zero");
    }

    #[test]
    fn century_pivots_50_years_ahead() {
        let recorded = |raw: &str| parse_kk(raw).unwrap().recording_date(today());
        assert_eq!(recorded("1376010101760021"), Some(ymd(2076, 1, 1)));
        assert_eq!(recorded("1376010101770021"), Some(ymd(1977, 1, 1)));
        assert_eq!(recorded("1376012902000021"), Some(ymd(2000, 2, 29)));
    }

    #[test]
    fn check_accepts_a_plain_kk() {
        assert!(codes("1376010304150021").is_empty());
        assert!(codes("1376012811260021").is_empty());
        assert!(codes("1376010101990021").is_empty());
    }

    #[test]
    fn check_warns_of_a_future_recording_date() {
        assert_eq!(codes("1376012911260021"), ["kk.future_date"]);
        assert_eq!(codes("1376010101300021"), ["kk.future_date"]);
    }

    #[test]
    fn check_warns_of_an_unknown_region() {
        let problems = check_kk("1399010304150021", today());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "kk.unknown_region");
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn check_gives_the_error_alone() {
        assert_eq!(codes("9900013204150021"), ["kk.impossible_date"]);
    }

    #[test]
    fn make_builds_what_parse_reads() {
        let kk = make_kk("137605", ymd(2015, 4, 3), 21);
        assert_eq!(kk, "1376050304150021");
        assert_eq!(
            parse_kk(&kk).unwrap().recording_date(today()),
            Some(ymd(2015, 4, 3))
        );
    }
}
