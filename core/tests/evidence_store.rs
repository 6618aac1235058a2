//! Ingest into a real encrypted store: rows and files agree, files are sealed, flags appear where
//! they should, viewing and removing work, and a refused photo leaves nothing behind.

mod support;

use chrono::{Duration, Utc};
use image::imageops;
use pandu_core::evidence::{self, DeviceFix, Evidence, Flag, IngestRequest, PhotoError};
use pandu_core::Error;
use sha2::{Digest, Sha256};
use support::{camera, World};

const HOUSE: (f64, f64) = (-0.2270, 100.6320);

fn fix(lat: f64, lon: f64, accuracy_m: f64, mock: bool) -> Option<DeviceFix> {
    Some(DeviceFix {
        lat,
        lon,
        accuracy_m,
        mock,
        at: Utc::now(),
    })
}

fn ingest(
    w: &mut World,
    draft: &str,
    name: &str,
    bytes: &[u8],
    device_fix: Option<DeviceFix>,
) -> Evidence {
    try_ingest(w, draft, name, bytes, device_fix).unwrap()
}

fn try_ingest(
    w: &mut World,
    draft: &str,
    name: &str,
    bytes: &[u8],
    device_fix: Option<DeviceFix>,
) -> pandu_core::Result<Evidence> {
    let path = w.camera_file(name, bytes);
    let req = IngestRequest {
        device_fix,
        ..IngestRequest::new(draft, "lantai", path)
    };
    let media = w.media();
    evidence::ingest(&mut w.store, &w.key.clone(), &media, req)
}

fn world_with_visit() -> World {
    let mut w = World::new();
    w.visit("visit-1", "hh-1", "dw-1", Some(HOUSE));
    w
}

#[test]
fn an_ingested_photo_is_stored_sealed_and_can_be_viewed() {
    let mut w = world_with_visit();
    let e = ingest(
        &mut w,
        "visit-1",
        "a.jpg",
        &support::camera_jpeg(1, 2000, 1500, Some(HOUSE)),
        fix(HOUSE.0, HOUSE.1, 6.0, false),
    );
    assert!(e.flags.is_empty(), "{:?}", e.flags);
    assert_eq!(e.distance_m, Some(0.0));
    assert_eq!(e.household_id.as_deref(), Some("hh-1"));
    assert_eq!(
        evidence::for_draft(w.store.reader(), "visit-1").unwrap(),
        vec![e.clone()]
    );
    assert_eq!(
        w.media_files(),
        vec![
            format!("{}.full", e.photo_id),
            format!("{}.thumb", e.photo_id)
        ]
    );
    for name in w.media_files() {
        let sealed = std::fs::read(w.media().join(name)).unwrap();
        assert!(!sealed.starts_with(&[0xFF, 0xD8]), "stored in the clear");
    }
    let thumb = evidence::thumbnail_bytes(&w.key, &w.media(), &e.photo_id).unwrap();
    assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 256);
    let view = evidence::open_full_to_temp(&w.key, &w.media(), &e.photo_id).unwrap();
    let full = std::fs::read(&view).unwrap();
    assert_eq!(hex::encode(Sha256::digest(&full)), e.photo_id);
    evidence::clear_views(&w.media()).unwrap();
    assert!(!view.exists());
    assert!(
        !w.dir.path().join("camera/a.jpg").exists(),
        "the camera file was not deleted"
    );
}

#[test]
fn keep_original_keeps_the_camera_file() {
    let mut w = world_with_visit();
    let path = w.camera_file("keep.jpg", &support::camera_jpeg(2, 800, 600, None));
    let req = IngestRequest {
        keep_original: true,
        ..IngestRequest::new("visit-1", "dinding", &path)
    };
    let media = w.media();
    evidence::ingest(&mut w.store, &w.key.clone(), &media, req).unwrap();
    assert!(path.exists());
}

#[test]
fn place_and_time_flags_are_recorded() {
    let mut w = world_with_visit();
    let photo = |seed| support::camera_jpeg(seed, 800, 600, None);
    let far = ingest(
        &mut w,
        "visit-1",
        "far.jpg",
        &photo(1),
        fix(HOUSE.0 + 0.002, HOUSE.1, 6.0, false),
    );
    assert!(
        matches!(far.flags[..], [Flag::FarFromHouse { distance_m, radius_m }] if (distance_m - 222.0).abs() < 2.0 && radius_m == 100.0)
    );
    let vague = ingest(
        &mut w,
        "visit-1",
        "vague.jpg",
        &photo(2),
        fix(HOUSE.0, HOUSE.1, 80.0, false),
    );
    assert_eq!(vague.flags, vec![Flag::PoorAccuracy { accuracy_m: 80.0 }]);
    let mock = ingest(
        &mut w,
        "visit-1",
        "mock.jpg",
        &photo(3),
        fix(HOUSE.0, HOUSE.1, 5.0, true),
    );
    assert_eq!(mock.flags, vec![Flag::MockLocation]);
    let exif_only = ingest(
        &mut w,
        "visit-1",
        "exif.jpg",
        &support::camera_jpeg(4, 800, 600, Some((HOUSE.0, HOUSE.1 + 0.003))),
        None,
    );
    assert!(
        matches!(exif_only.flags[..], [Flag::FarFromHouse { .. }]),
        "{:?}",
        exif_only.flags
    );
    let nowhere = ingest(&mut w, "visit-1", "nowhere.jpg", &photo(5), None);
    assert_eq!(nowhere.flags, vec![Flag::NoPosition]);
    let yesterday = (Utc::now() - Duration::days(1)).with_timezone(&support::wib());
    let exif = camera::Exif {
        datetime: yesterday.format("%Y:%m:%d %H:%M:%S").to_string(),
        ..camera::Exif::default()
    };
    let old = camera::with_exif(&camera::jpeg(&camera::scene(6, 800, 600), 90), &exif);
    let late = ingest(
        &mut w,
        "visit-1",
        "old.jpg",
        &old,
        fix(HOUSE.0, HOUSE.1, 5.0, false),
    );
    assert!(
        matches!(late.flags[..], [Flag::OutsideVisitWindow { .. }]),
        "{:?}",
        late.flags
    );
    let text = late.flags[0].text();
    assert!(
        text.id.contains("di luar waktu kunjungan") && text.en.contains("outside the visit time")
    );
}

#[test]
fn recycled_photos_of_other_dwellings_are_flagged_but_not_of_the_same_dwelling() {
    let mut w = world_with_visit();
    w.visit("visit-2", "hh-2", "dw-2", Some(HOUSE));
    w.visit("visit-3", "hh-3", "dw-1", Some(HOUSE));
    let here = fix(HOUSE.0, HOUSE.1, 5.0, false);
    let exif = camera::Exif {
        datetime: support::exif_now(),
        ..camera::Exif::default()
    };
    let scene = camera::scene(7, 1600, 1200);
    let original = camera::with_exif(&camera::jpeg(&scene, 92), &exif);
    let first = ingest(&mut w, "visit-1", "o.jpg", &original, here);
    assert!(first.flags.is_empty());
    let neighbour = ingest(&mut w, "visit-3", "o3.jpg", &original, here);
    assert!(
        neighbour.flags.is_empty(),
        "same dwelling: {:?}",
        neighbour.flags
    );

    let cropped = imageops::crop_imm(&scene, 48, 36, 1600 - 96, 1200 - 72).to_image();
    let copy = camera::with_exif(&camera::jpeg(&cropped, 60), &exif);
    let near = ingest(&mut w, "visit-2", "c.jpg", &copy, here);
    let today = Utc::now().date_naive();
    assert!(
        matches!(&near.flags[..], [Flag::NearDuplicate { household_id: Some(h), taken_on, .. }] if h != "hh-2" && *taken_on == today),
        "{:?}",
        near.flags
    );
    let text = near.flags[0].text();
    assert!(text.en.contains("household hh-") && text.id.contains("rumah tangga hh-"));

    let reused = ingest(&mut w, "visit-2", "o2.jpg", &original, here);
    assert!(
        reused
            .flags
            .iter()
            .any(|f| matches!(f, Flag::ExactReuse { household_id: Some(h), .. } if h != "hh-2")),
        "{:?}",
        reused.flags
    );
    assert_eq!(reused.photo_id, first.photo_id, "content-addressed");
    assert_eq!(w.row_counts(), (4, 2));
}

#[test]
fn the_same_photo_for_the_same_question_is_stored_once() {
    let mut w = world_with_visit();
    let bytes = support::camera_jpeg(8, 800, 600, None);
    let a = ingest(&mut w, "visit-1", "x.jpg", &bytes, None);
    let b = ingest(&mut w, "visit-1", "y.jpg", &bytes, None);
    assert_eq!(a, b);
    assert_eq!(w.row_counts(), (1, 1));
}

#[test]
fn removing_evidence_deletes_its_files_when_no_one_else_uses_them() {
    let mut w = world_with_visit();
    w.visit("visit-2", "hh-2", "dw-2", None);
    let bytes = support::camera_jpeg(9, 800, 600, None);
    let a = ingest(&mut w, "visit-1", "a.jpg", &bytes, None);
    let b = ingest(&mut w, "visit-2", "b.jpg", &bytes, None);
    let media = w.media();
    evidence::remove(&mut w.store, &w.key.clone(), &media, &a.id).unwrap();
    assert_eq!(w.media_files().len(), 2, "still used by visit-2");
    evidence::remove(&mut w.store, &w.key.clone(), &media, &b.id).unwrap();
    assert!(w.media_files().is_empty());
    assert_eq!(w.row_counts(), (0, 0));
    assert!(matches!(
        evidence::remove(&mut w.store, &w.key.clone(), &media, &b.id),
        Err(Error::NotFound {
            kind: "evidence",
            ..
        })
    ));
}

#[test]
fn photos_of_a_finished_visit_cannot_be_removed() {
    let mut w = world_with_visit();
    let e = ingest(
        &mut w,
        "visit-1",
        "a.jpg",
        &support::camera_jpeg(14, 640, 480, None),
        None,
    );
    w.store
        .write(|tx| Ok(tx.execute("DELETE FROM draft WHERE id = 'visit-1'", [])?))
        .unwrap();
    let media = w.media();
    let err = evidence::remove(&mut w.store, &w.key.clone(), &media, &e.id).unwrap_err();
    assert!(matches!(err, Error::State(_)), "{err:?}");
    assert_eq!(w.row_counts(), (1, 1));
    assert_eq!(w.media_files().len(), 2);
}

#[test]
fn recover_sweeps_debris_and_keeps_what_rows_name() {
    let mut w = world_with_visit();
    let e = ingest(
        &mut w,
        "visit-1",
        "a.jpg",
        &support::camera_jpeg(10, 800, 600, None),
        None,
    );
    let media = w.media();
    std::fs::write(media.join(".tmp-0191"), b"half").unwrap();
    std::fs::write(media.join(format!("{}.full", "ab".repeat(32))), b"orphan").unwrap();
    evidence::open_full_to_temp(&w.key, &media, &e.photo_id).unwrap();
    assert_eq!(evidence::recover(&w.store, &w.key, &media).unwrap(), 2);
    assert_eq!(
        w.media_files(),
        vec![
            format!("{}.full", e.photo_id),
            format!("{}.thumb", e.photo_id)
        ]
    );
}

#[test]
fn a_tampered_file_is_refused() {
    let mut w = world_with_visit();
    let e = ingest(
        &mut w,
        "visit-1",
        "a.jpg",
        &support::camera_jpeg(11, 800, 600, None),
        None,
    );
    let path = w.media().join(format!("{}.thumb", e.photo_id));
    let mut sealed = std::fs::read(&path).unwrap();
    let last = sealed.len() - 1;
    sealed[last] ^= 1;
    std::fs::write(&path, sealed).unwrap();
    assert!(matches!(
        evidence::thumbnail_bytes(&w.key, &w.media(), &e.photo_id),
        Err(Error::Corrupt(_))
    ));
}

fn assert_refused(w: &mut World, path: std::path::PathBuf, expected: PhotoError) {
    let media = w.media();
    let err = evidence::ingest(
        &mut w.store,
        &w.key.clone(),
        &media,
        IngestRequest::new("visit-1", "lantai", &path),
    )
    .unwrap_err();
    match err {
        Error::Invalid(problems) => {
            assert_eq!(problems[0].code, expected.code(), "{:?}", path);
            assert_eq!(problems[0].text, expected.text());
        }
        other => panic!("{path:?}: {other:?}"),
    }
    assert_eq!(w.row_counts(), (0, 0), "{path:?}");
    assert!(
        w.media_files().is_empty(),
        "{path:?}: {:?}",
        w.media_files()
    );
}

#[test]
fn every_bad_input_is_refused_and_leaves_nothing_behind() {
    let mut w = world_with_visit();
    let jpeg = support::camera_jpeg(12, 640, 480, None);
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.resize(2048, 0);
    let mut huge = jpeg.clone();
    let sof = huge.windows(2).position(|p| p == [0xFF, 0xC0]).unwrap();
    huge[sof + 5..sof + 9].copy_from_slice(&[0x30, 0x00, 0x30, 0x00]);
    let cases = [
        ("empty.jpg", Vec::new(), PhotoError::Empty),
        (
            "text.jpg",
            b"hello, not a photo".to_vec(),
            PhotoError::NotAnImage,
        ),
        (
            "truncated.jpg",
            jpeg[..jpeg.len() * 2 / 3].to_vec(),
            PhotoError::Corrupt(String::new()),
        ),
        (
            "huge.jpg",
            huge,
            PhotoError::TooManyPixels {
                width: 0x3000,
                height: 0x3000,
            },
        ),
        ("photo.heic", heic, PhotoError::Heic),
    ];
    for (name, bytes, expected) in cases {
        let path = w.camera_file(name, &bytes);
        assert_refused(&mut w, path.clone(), expected);
        assert!(
            path.exists(),
            "{name}: a refused camera file must stay for the shell"
        );
    }
    let missing = w.dir.path().join("camera/gone.jpg");
    assert_refused(&mut w, missing, PhotoError::Missing);
    let fifo = w.dir.path().join("camera/fifo.jpg");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    assert_refused(&mut w, fifo, PhotoError::NotAFile);
}

#[test]
fn an_unknown_visit_is_not_found_and_stores_nothing() {
    let mut w = World::new();
    let path = w.camera_file("a.jpg", &support::camera_jpeg(13, 320, 240, None));
    let media = w.media();
    let err = evidence::ingest(
        &mut w.store,
        &w.key.clone(),
        &media,
        IngestRequest::new("nope", "lantai", &path),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NotFound { kind: "draft", .. }));
    assert!(path.exists());
    assert_eq!(w.row_counts(), (0, 0));
}
