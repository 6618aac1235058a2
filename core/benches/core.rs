//! Speed of the core's everyday operations, on SQLCipher and on plain SQLite side by side.
//!
//! `cargo bench -p pandu-core --bench core` prints a table; add `-- --json` for one JSON object per
//! line (`{"op", "store", "p50_ms", "p95_ms", "runs"}`). `scripts/bench-core` wraps it.

use std::path::Path;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use pandu_core::form::Answer;
use pandu_core::household::{
    repo, Address, Household, KkEntry, KkReason, Member, RegistryStatus, Relation, Source,
};
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

fn household() -> Household {
    let member = |id: &str, relation| Member {
        id: id.into(),
        nik: None,
        name: "Siti Aminah".into(),
        sex: None,
        birth_date: None,
        relation,
        education: None,
        school_level: None,
        disability: false,
        chronic_illness: false,
    };
    Household {
        id: "bench-h".into(),
        dwelling_id: "bench-d".into(),
        source: Source::Field,
        address: Address {
            kelurahan_code: "13.76.01.1002".into(),
            rt: 1,
            rw: 1,
            street: "Jl. Sudirman".into(),
        },
        point: None,
        registry: RegistryStatus::default(),
        kk_history: vec![KkEntry {
            kk_number: "1376010101150001".into(),
            since: None,
            reason: KkReason::First,
        }],
        members: vec![
            member("bench-m1", Relation::Head),
            member("bench-m2", Relation::Spouse),
        ],
    }
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
fn ready_visit(store: &mut Store) -> FormSession {
    let mut s = FormSession::start_visit(store, "bench-h", now()).unwrap();
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

fn bench_store(dir: &Path, protection: &Protection, label: &'static str) -> Vec<Stats> {
    let path = dir.join(format!("{label}.db"));
    let mut store = Store::open_with(&path, protection).unwrap();
    store.write(|tx| repo::insert(tx, &household())).unwrap();
    let mut session = ready_visit(&mut store);
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
            let mut s = ready_visit(&mut store);
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
                let s = FormSession::resume(&store, &draft_id).unwrap();
                std::hint::black_box(s.screen());
            })
        })
        .collect();
    vec![
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
    let mut all = bench_store(dir.path(), &key, "sqlcipher");
    all.extend(bench_store(dir.path(), &Protection::Plain, "sqlite"));
    for s in &all {
        let (p50, p95) = (s.percentile(50.0), s.percentile(95.0));
        if json {
            println!(
                "{{\"op\": \"{}\", \"store\": \"{}\", \"p50_ms\": {p50:.3}, \"p95_ms\": {p95:.3}, \"runs\": {}}}",
                s.op, s.store, s.samples.len()
            );
        } else {
            println!(
                "{:<22} {:<10} p50 {p50:>8.3} ms   p95 {p95:>8.3} ms",
                s.op, s.store
            );
        }
    }
}
