//! Any text typed into a NIK or No. KK field must give a result or a problem, never a crash, and
//! `check_*` must block exactly what `parse_*` refuses.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use pandu_core::i18n::has_errors;
use pandu_core::identity::{check_kk, check_nik, mask_nik, parse_kk, parse_nik, Sex};

fuzz_target!(|raw: &str| {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a real date");

    let nik = parse_nik(raw);
    let birth = nik.as_ref().ok().and_then(|parts| parts.birth_date(today));
    assert_eq!(
        nik.is_err(),
        has_errors(&check_nik(raw, Some(Sex::Female), birth))
    );

    let kk = parse_kk(raw);
    if let Ok(parts) = &kk {
        parts.recording_date(today);
    }
    assert_eq!(kk.is_err(), has_errors(&check_kk(raw, today)));

    assert_eq!(mask_nik(raw).chars().count(), 16);
});
