//! Speed of the core's everyday operations, on SQLCipher and on plain SQLite side by side.
//!
//! The store holds the synthetic city registry (10,000 households, ~40,000 people), imported as
//! part of the run. `cargo bench -p pandu-core --bench core` prints a table; add `-- --json` for one JSON object per
//! line (`{"op", "store", "p50_ms", "p95_ms", "runs"}`). `scripts/bench-core` wraps it.

use std::path::Path;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use pandu_core::form::Answer;
use pandu_core::registry::{import_csv, search, write_synthetic_registry, SearchQuery};
use pandu_core::screens::home::home;
use pandu_core::session::record::SignOff;
use pandu_core::session::FormSession;
use pandu_core::store::{Protection, Store, StoreKey};

/// Timings of one operation, in milliseconds.
struct Stats {
    op: &'static str,
    store: &'static str,
    samples: Vec<f64>,
}

impl Stats {
    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.samples.clone();
        sorted.sort_by(f64::total_cmp);
        let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
        sorted[rank]
    }
}

fn time_ms(work: impl FnOnce()) -> f64 {
    let start = Instant::now();
    work();
    start.elapsed().as_secs_f64() * 1000.0
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap()
}

/// The synthetic city registry: 10,000 households, about 40,000 people.
fn registry_csv() -> Vec<u8> {
    let mut csv = Vec::new();
    write_synthetic_registry(&mut csv, 10_000, 2026).unwrap();
    csv
}

/// Name prefixes people type: the first 2–4 letters of names in the file.
fn prefixes(csv: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(csv);
    text.lines()
        .skip(1)
        .step_by(97)
        .filter_map(|line| line.split(',').nth(3))
        .enumerate()
        .map(|(i, name)| name.to_lowercase().chars().take(2 + i % 3).collect())
        .collect()
}

fn today() -> chrono::NaiveDate {
    now().date_naive()
}

const VISIT_ANSWERS: &[(&str, &str)] = &[
    ("floor_material", "earth"),
    ("wall_material", "bamboo"),
    ("toilet", "none"),
    ("lighting", "none"),
    ("protein_per_week", "more"),
    ("clothes_per_year", "more"),
    ("can_pay_clinic", "no"),
    ("head_occupation", "fisher"),
    ("head_education", "sd"),
    ("savings_500k", "no"),
    ("urgent_need", "none"),
];

/// A visit with every required answer given, ready to finish.
fn ready_visit(store: &mut Store, household_id: &str) -> FormSession {
    let mut s = FormSession::start_visit(store, household_id, now()).unwrap();
    s.give_consent(store, "consent", now()).unwrap();
    for (q, v) in VISIT_ANSWERS {
        s.answer(store, q, Some(Answer::Choice((*v).into())), now())
            .unwrap();
    }
    let numbers = [
        ("floor_area_m2", Answer::Decimal(30.0)),
        ("meals_per_day", Answer::Integer(2)),
        ("head_income", Answer::Integer(400_000)),
    ];
    for (q, a) in numbers {
        s.answer(store, q, Some(a), now()).unwrap();
    }
    for q in [
        "floor_photo",
        "wall_photo",
        "toilet_photo",
        "lighting_photo",
    ] {
        s.answer(store, q, Some(Answer::Photo("ab".repeat(32))), now())
            .unwrap();
    }
    s
}

fn bench_store(dir: &Path, protection: &Protection, label: &'static str, csv: &[u8]) -> Vec<Stats> {
    let path = |run: usize| dir.join(format!("{label}-{run}.db"));
    let import = (0..3)
        .map(|run| {
            let mut store = Store::open_with(&path(run), protection).unwrap();
            time_ms(|| {
                import_csv(&mut store, csv, today()).unwrap();
            })
        })
        .collect();
    let path = path(2);
    let mut store = Store::open_with(&path, protection).unwrap();
    let search_times = prefixes(csv)
        .into_iter()
        .map(|prefix| {
            let query = SearchQuery {
                text: Some(prefix),
                ..SearchQuery::default()
            };
            time_ms(|| {
                std::hint::black_box(search(store.reader(), &query, 20).unwrap());
            })
        })
        .collect();
    let query = SearchQuery {
        text: Some("a".into()),
        ..SearchQuery::default()
    };
    let household_id = search(store.reader(), &query, 1)
        .unwrap()
        .remove(0)
        .household_id;
    let mut session = ready_visit(&mut store, &household_id);
    let save = (0..500)
        .map(|i| {
            time_ms(|| {
                session
                    .answer(
                        &mut store,
                        "meals_per_day",
                        Some(Answer::Integer(i % 6)),
                        now(),
                    )
                    .unwrap()
            })
        })
        .collect();
    let draft_id = session.id().to_owned();
    let finish = (0..100)
        .map(|_| {
            let mut s = ready_visit(&mut store, &household_id);
            let sign_off = SignOff {
                officer: "peksos-1".into(),
                confirmed: true,
            };
            time_ms(|| {
                s.finish(&mut store, sign_off, now()).unwrap();
            })
        })
        .collect();
    drop(store);
    let open = (0..50)
        .map(|_| {
            time_ms(|| {
                let store = Store::open_with(&path, protection).unwrap();
                std::hint::black_box(home(&store).unwrap());
                let s = FormSession::resume(&store, &draft_id).unwrap();
                std::hint::black_box(s.screen());
            })
        })
        .collect();
    vec![
        Stats {
            op: "import_registry",
            store: label,
            samples: import,
        },
        Stats {
            op: "search_name_prefix",
            store: label,
            samples: search_times,
        },
        Stats {
            op: "save_answer",
            store: label,
            samples: save,
        },
        Stats {
            op: "finish_visit",
            store: label,
            samples: finish,
        },
        Stats {
            op: "open_first_screen",
            store: label,
            samples: open,
        },
    ]
}

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let dir = tempfile::tempdir().unwrap();
    let key = Protection::Encrypted(StoreKey::from_bytes([7; 32]));
    let csv = registry_csv();
    let mut all = bench_store(dir.path(), &key, "sqlcipher", &csv);
    all.extend(bench_store(dir.path(), &Protection::Plain, "sqlite", &csv));
    for s in &all {
        let (p50, p95) = (s.percentile(50.0), s.percentile(95.0));
        if json {
            println!(
                "{{\"op\": \"{}\", \"store\": \"{}\", \"p50_ms\": {p50:.3}, \"p95_ms\": {p95:.3}, \"runs\": {}}}",
                s.op, s.store, s.samples.len()
            );
        } else {
            println!(
                "{:<20} {:<10} p50 {p50:>9.3} ms   p95 {p95:>9.3} ms   ({} runs)",
                s.op,
                s.store,
                s.samples.len()
            );
        }
    }
    if !json {
        print_ratios(&all);
    }
}

/// SQLCipher's cost over plain SQLite, per operation: the ratio of the medians.
fn print_ratios(all: &[Stats]) {
    println!("\nSQLCipher ÷ plain SQLite (p50):");
    for cipher in all.iter().filter(|s| s.store == "sqlcipher") {
        if let Some(plain) = all
            .iter()
            .find(|s| s.store == "sqlite" && s.op == cipher.op)
        {
            println!(
                "{:<20} {:.2}×",
                cipher.op,
                cipher.percentile(50.0) / plain.percentile(50.0)
            );
        }
    }
}
