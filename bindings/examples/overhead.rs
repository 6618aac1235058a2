//! The calls the Kotlin suite times for the binding's overhead, timed from Rust on the same
//! façade (no FFI), on the same 20 synthetic households (seed 1) and the same photo:
//! `cargo run --release -p pandu-ffi --example overhead -- PHOTO.jpg`. The difference between
//! the two medians is what crossing into Kotlin adds (see BENCHMARKS.md).

use std::time::Instant;

use chrono::Utc;
use pandu_core::registry::{import_csv, write_synthetic_registry};
use pandu_core::store::{Store, StoreKey};
use pandu_ffi::{HouseholdQuery, PanduCore, PhotoCapture};

const KEY: [u8; 32] = [1; 32];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let photo = std::env::args().nth(1).ok_or("usage: overhead PHOTO.jpg")?;
    let dir = tempfile::tempdir()?;
    import_registry(&dir.path().join("pandu.db"))?;
    let core = PanduCore::open(dir.path().display().to_string(), KEY.to_vec())?;
    let hits = core.search_households(HouseholdQuery::default(), 100)?;
    let prefix: String = hits[0]
        .head_name
        .as_deref()
        .unwrap_or("a")
        .chars()
        .take(3)
        .collect();
    let query = HouseholdQuery {
        text: Some(prefix.to_lowercase()),
        ..HouseholdQuery::default()
    };
    report(
        "home()",
        2000,
        median_micros(2000, || {
            core.home().expect("home");
        }),
    );
    report(
        "search_households(name prefix)",
        2000,
        median_micros(2000, || {
            core.search_households(query.clone(), 20).expect("search");
        }),
    );
    let session = core.start_visit(hits[3].household_id.clone())?;
    session.give_consent("consent".into())?;
    let capture = PhotoCapture {
        path: photo,
        fix: None,
        keep_original: true,
    };
    let attach = || {
        session
            .attach_photo("floor_photo".into(), capture.clone())
            .expect("attach");
    };
    report(
        "attach_photo(1600x1200 JPEG)",
        30,
        median_micros(30, attach),
    );
    session.discard()?;
    Ok(())
}

/// The store of the data folder with the 20-household synthetic registry imported.
fn import_registry(db: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut csv = Vec::new();
    write_synthetic_registry(&mut csv, 20, 1)?;
    let mut store = Store::open(db, &StoreKey::from_bytes(KEY))?;
    import_csv(&mut store, csv.as_slice(), Utc::now().date_naive())?;
    Ok(())
}

/// The median of `runs` timings of `call` in microseconds, after a tenth as many untimed calls.
fn median_micros(runs: usize, mut call: impl FnMut()) -> f64 {
    for _ in 0..runs.div_ceil(10) {
        call();
    }
    let mut times: Vec<u128> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            call();
            start.elapsed().as_nanos()
        })
        .collect();
    times.sort_unstable();
    times[runs / 2] as f64 / 1000.0
}

fn report(call: &str, runs: usize, micros: f64) {
    println!("overhead rust   {call:<32} median {micros:>10.1} µs ({runs} calls)");
}
