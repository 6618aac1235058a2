//! Property tests of the NIK and No. KK rules: numbers built from valid parts read back the same,
//! anything that is not 16 digits is refused, and any 16 digits are accepted exactly when an
//! independent statement of the rules in `DOMAIN.md` says so — without ever panicking.

use chrono::{Datelike, NaiveDate};
use pandu_core::identity::{
    check_kk, check_nik, make_kk, make_nik, parse_kk, parse_nik, KkParts, NikParts, Sex,
};
use proptest::prelude::*;

/// Any date a living person or a family card can have.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..=2099, 1u32..=366).prop_filter_map("day of year", |(year, ordinal)| {
        NaiveDate::from_yo_opt(year, ordinal)
    })
}

/// Either sex.
fn any_sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female)]
}

/// 16 digits: uniform ones, and ones laid out as region, two-digit day, month and year fields,
/// and serial, each field drawn so that valid values, invalid ones and 29 February are common.
fn sixteen_digits() -> impl Strategy<Value = String> {
    let fields = (
        "[0-9]{6}",
        prop_oneof![0u32..100, Just(29), Just(69)],
        prop_oneof![1u32..=12, 0u32..100, Just(2)],
        prop_oneof![0u32..100, Just(0)],
        prop_oneof![Just(0u32), 0u32..10_000],
    )
        .prop_map(|(region, day, month, year, serial)| {
            format!("{region}{day:02}{month:02}{year:02}{serial:04}")
        });
    prop_oneof!["[0-9]{16}", fields]
}

/// The number in `raw[range]`.
fn field(raw: &str, range: std::ops::Range<usize>) -> u32 {
    raw[range].parse().unwrap()
}

/// Whether `day`.`month`.`yy` can exist, stated directly: February has 29 days when 19yy or 20yy
/// is a leap year, which for two digits is exactly when yy is a multiple of 4.
fn date_exists(day: u32, month: u32, year_2: u32) -> bool {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year_2 % 4 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days_in_month).contains(&day)
}

/// What `DOMAIN.md` says of 16 digits whose date field holds `day`: the error code, if any.
fn expected(raw: &str, day: u32, kind: &str) -> Result<(), String> {
    if !date_exists(day, field(raw, 8..10), field(raw, 10..12)) {
        Err(format!("{kind}.impossible_date"))
    } else if field(raw, 12..16) == 0 {
        Err(format!("{kind}.serial_zero"))
    } else {
        Ok(())
    }
}

/// The NIK rules: a day field above 40 is a woman's, with 40 added.
fn expected_nik(raw: &str) -> Result<(), String> {
    let day_field = field(raw, 6..8);
    let day = if day_field > 40 {
        day_field - 40
    } else {
        day_field
    };
    expected(raw, day, "nik")
}

/// The No. KK rules: the date field is a plain date.
fn expected_kk(raw: &str) -> Result<(), String> {
    expected(raw, field(raw, 6..8), "kk")
}

/// A string that is not 16 ASCII digits even after trimming.
fn not_sixteen_digits() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,15}",
        "[0-9]{17,24}",
        "[0-9]{0,15}[^0-9][0-9]{0,15}",
        any::<String>(),
    ]
    .prop_filter("must not be 16 digits", |raw| {
        let trimmed = raw.trim();
        trimmed.len() != 16 || !trimmed.bytes().all(|b| b.is_ascii_digit())
    })
}

proptest! {
    #[test]
    fn made_nik_reads_back(region in "[0-9]{6}", sex in any_sex(), birth in any_date(),
                           serial in 1u16..=9999) {
        let nik = make_nik(&region, sex, birth, serial);
        let expected = NikParts {
            region,
            sex,
            birth_day: birth.day(),
            birth_month: birth.month(),
            birth_year_2: birth.year().rem_euclid(100) as u32,
            serial,
        };
        prop_assert_eq!(parse_nik(&nik), Ok(expected));
        prop_assert!(check_nik(&nik, Some(sex), Some(birth))
            .iter()
            .all(|p| p.code == "nik.unknown_region"));
    }

    #[test]
    fn made_kk_reads_back(region in "[0-9]{6}", recorded in any_date(), serial in 1u16..=9999) {
        let kk = make_kk(&region, recorded, serial);
        let expected = KkParts {
            region,
            recorded_day: recorded.day(),
            recorded_month: recorded.month(),
            recorded_year_2: recorded.year().rem_euclid(100) as u32,
            serial,
        };
        prop_assert_eq!(parse_kk(&kk), Ok(expected));
    }

    #[test]
    fn not_sixteen_digits_is_refused(raw in not_sixteen_digits()) {
        prop_assert_eq!(parse_nik(&raw).unwrap_err().code, "nik.not_16_digits");
        prop_assert_eq!(parse_kk(&raw).unwrap_err().code, "kk.not_16_digits");
    }

    #[test]
    fn nik_parses_exactly_when_the_rules_say(raw in sixteen_digits(), today in any_date()) {
        let parsed = parse_nik(&raw);
        if let Ok(parts) = &parsed {
            let _ = parts.birth_date(today);
        }
        let problems = check_nik(&raw, Some(Sex::Female), Some(today));
        prop_assert_eq!(problems.iter().any(|p| p.is_error()), parsed.is_err());
        prop_assert_eq!(parsed.map(|_| ()).map_err(|p| p.code), expected_nik(&raw));
    }

    #[test]
    fn kk_parses_exactly_when_the_rules_say(raw in sixteen_digits(), today in any_date()) {
        let parsed = parse_kk(&raw);
        if let Ok(parts) = &parsed {
            let _ = parts.recording_date(today);
        }
        prop_assert_eq!(check_kk(&raw, today).iter().any(|p| p.is_error()), parsed.is_err());
        prop_assert_eq!(parsed.map(|_| ()).map_err(|p| p.code), expected_kk(&raw));
    }
}
