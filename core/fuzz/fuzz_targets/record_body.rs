//! Fuzz the record decoder the office server runs on every record a device sends: any bytes either
//! fail to decode or give a body whose canonical text decodes to the same body with the same hash
//! (so the device's hash and the server's agree), and the core's record checks never panic on it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pandu_core::session::record::{canonical, RecordBody};
use pandu_core::session::validate::check_record;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<RecordBody>(data) else { return };
    let (text, sha256) = canonical(&body).expect("a decoded body has a canonical text");
    let again: RecordBody = serde_json::from_str(&text).expect("the canonical text decodes");
    assert_eq!(again, body, "the canonical text decodes to the same body");
    let (text_again, sha256_again) = canonical(&again).expect("canonical again");
    assert_eq!((text_again, sha256_again), (text, sha256), "the same hash");
    check_record(&body);
});
