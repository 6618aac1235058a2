//! Fuzz the form-definition loader: any text either loads into a form that passes every check or
//! is refused with a named place — it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pandu_core::form::{load, FormKind};
use pandu_core::Error;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match load("fuzz.json", text) {
        Ok(form) => {
            assert!(!form.id.trim().is_empty() && form.version >= 1);
            if form.kind == FormKind::Visit {
                assert!(form.consent.is_some() && form.scoring.is_some());
            }
        }
        Err(Error::Definition { place, .. }) => assert!(!place.is_empty()),
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
});
