//! Photos inside a home visit: taken through the real evidence pipeline by file path, made the
//! answer of their question, retaken, removed, flagged, and carried into the finished record.

mod common;
mod support;

use chrono::Utc;
use common::*;
use pandu_core::evidence::DeviceFix;
use pandu_core::form::Answer;
use pandu_core::household::GeoPoint;
use pandu_core::session::record::{self, SignOff};
use pandu_core::session::{FormSession, PhotoCapture};
use pandu_core::store::Store;
use pandu_core::Error;

const HOUSE: (f64, f64) = (-0.2209, 100.6319);

fn capture(dir: &std::path::Path, name: &str, seed: u64, gps: Option<(f64, f64)>) -> PhotoCapture {
    let path = dir.join(name);
    std::fs::write(&path, support::camera_jpeg(seed, 1200, 900, gps)).unwrap();
    let fix = DeviceFix {
        lat: HOUSE.0,
        lon: HOUSE.1,
        accuracy_m: 6.0,
        mock: false,
        at: Utc::now(),
    };
    PhotoCapture {
        source_path: path,
        device_fix: Some(fix),
        keep_original: false,
    }
}

fn visit(store: &mut Store) -> FormSession {
    let mut h = household("h1", false, None);
    h.point = Some(GeoPoint {
        lat: HOUSE.0,
        lon: HOUSE.1,
    });
    add_household(store, &h);
    let mut s = FormSession::start_visit(store, "h1", Utc::now()).unwrap();
    s.give_consent(store, "consent", Utc::now()).unwrap();
    s
}

#[test]
fn a_photo_taken_by_path_becomes_the_answer_and_a_retake_replaces_it() {
    let (dir, mut store) = open_store();
    let media = dir.path().join("media");
    let mut s = visit(&mut store);
    let first = s
        .attach_photo(
            &mut store,
            &key(),
            &media,
            "floor_photo",
            capture(dir.path(), "a.jpg", 1, Some(HOUSE)),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(
        s.answers().get("floor_photo"),
        Some(&Answer::Photo(first.photo_id.clone()))
    );
    assert!(
        !dir.path().join("a.jpg").exists(),
        "the camera's file is deleted after ingest"
    );
    assert!(first.flags.is_empty(), "{:?}", first.flags);

    let retake = s
        .attach_photo(
            &mut store,
            &key(),
            &media,
            "floor_photo",
            capture(dir.path(), "b.jpg", 2, Some(HOUSE)),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(s.evidence().count(), 1);
    let resumed = FormSession::resume(&store, s.id()).unwrap();
    assert_eq!(
        resumed.answers().get("floor_photo"),
        Some(&Answer::Photo(retake.photo_id))
    );

    s.remove_photo(&mut store, &key(), &media, "floor_photo", Utc::now())
        .unwrap();
    assert!(!s.answers().contains_key("floor_photo"));
    assert_eq!(support::row_counts(&store).1, 0, "no evidence row is left");
}

#[test]
fn a_bad_file_is_refused_and_changes_nothing() {
    let (dir, mut store) = open_store();
    let media = dir.path().join("media");
    let mut s = visit(&mut store);
    let text = dir.path().join("note.jpg");
    std::fs::write(&text, b"not a photo at all").unwrap();
    let capture = PhotoCapture {
        source_path: text,
        device_fix: None,
        keep_original: false,
    };
    let err = s
        .attach_photo(
            &mut store,
            &key(),
            &media,
            "wall_photo",
            capture,
            Utc::now(),
        )
        .unwrap_err();
    let Error::Invalid(problems) = &err else {
        panic!("{err:?}")
    };
    assert!(!problems[0].text.id.is_empty() && !problems[0].text.en.is_empty());
    assert!(!s.answers().contains_key("wall_photo"));
    let not_photo = capture_on(dir.path(), "toilet");
    assert!(matches!(
        s.attach_photo(&mut store, &key(), &media, "toilet", not_photo, Utc::now()),
        Err(Error::State(_))
    ));
}

fn capture_on(dir: &std::path::Path, name: &str) -> PhotoCapture {
    capture(dir, &format!("{name}.jpg"), 9, Some(HOUSE))
}

#[test]
fn flags_reach_the_summary_and_the_record_carries_the_evidence() {
    let (dir, mut store) = open_store();
    let media = dir.path().join("media");
    let mut s = visit(&mut store);
    let far = (HOUSE.0 + 0.01, HOUSE.1); // about 1.1 km north
    for (i, q) in [
        "floor_photo",
        "wall_photo",
        "toilet_photo",
        "lighting_photo",
    ]
    .iter()
    .enumerate()
    {
        let gps = if *q == "toilet_photo" {
            Some(far)
        } else {
            Some(HOUSE)
        };
        let mut c = capture(dir.path(), &format!("{q}.jpg"), 10 + i as u64, gps);
        if *q == "toilet_photo" {
            c.device_fix = None;
        }
        s.attach_photo(&mut store, &key(), &media, q, c, Utc::now())
            .unwrap();
    }
    let toilet = s
        .summary()
        .criteria
        .into_iter()
        .find(|c| c.outcome.number == 4)
        .unwrap();
    assert!(
        toilet.photo_flags.iter().any(|t| !t.en.is_empty()),
        "far photo is flagged"
    );
    for (q, a) in poor_answers() {
        if !q.ends_with("_photo") {
            s.answer(&mut store, q, a, Utc::now()).unwrap();
        }
    }
    let done = s
        .finish(
            &mut store,
            SignOff {
                officer: "peksos-1".into(),
                confirmed: true,
            },
            Utc::now(),
        )
        .unwrap();
    let body = record::load(store.reader(), &done.record_id).unwrap().body;
    assert_eq!(body.evidence.len(), 4);
    let far_photo = body
        .evidence
        .iter()
        .find(|e| e.question_id == "toilet_photo")
        .unwrap();
    assert!(far_photo.distance_m.unwrap() > 1000.0 && !far_photo.flags.is_empty());
    assert_eq!(body.criteria.len(), 12);
}
