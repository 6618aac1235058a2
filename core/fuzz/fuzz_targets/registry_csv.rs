//! Fuzz the registry import with arbitrary files: it never panics, a refused file writes nothing,
//! and an accepted one writes exactly the households it reports.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use pandu_core::registry::import_csv;
use pandu_core::store::{Protection, Store};

fuzz_target!(|data: &[u8]| {
    // A fresh in-memory store per input: the parser and its checks are the target, not the disk.
    let mut store = Store::open_with(std::path::Path::new(":memory:"), &Protection::Plain)
        .expect("an in-memory store opens");
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a real date");
    let report = import_csv(&mut store, data, today).expect("reading from memory cannot fail");
    let households: i64 = store
        .reader()
        .query_row("SELECT count(*) FROM household", [], |r| r.get(0))
        .expect("count");
    if report.refused.is_some() {
        assert_eq!(households, 0);
    } else {
        assert_eq!(households as usize, report.households);
        assert_eq!(report.rows, report.bad_rows + report.people);
    }
});
