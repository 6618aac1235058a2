//! A process killed in the middle of ingesting leaves no half-written evidence: this test runs a
//! real child process (this test binary, in child mode) that ingests photos in a loop, kills it
//! with SIGKILL at varying moments, and checks after each kill that every row's files are whole
//! and that `recover` removes every file no row names.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use pandu_core::evidence::{self, IngestRequest};
use pandu_core::store::Store;

const CHILD_ENV: &str = "PANDU_EVIDENCE_KILL_CHILD";
const ROUNDS: u64 = 20;

/// Child mode: ingest forever into the world in `$PANDU_EVIDENCE_KILL_CHILD`. Each round takes
/// a new small photo (a scene seeded by the process id and round), so every ingest writes new
/// files and most of its time goes to writing and syncing them and the rows — where a kill hurts.
/// Does nothing in a normal test run.
#[test]
fn child_ingest_loop() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let mut store = Store::open(&dir.join("pandu.db"), &support::key()).unwrap();
    let seed = u64::from(std::process::id()) << 20;
    for round in 0u64.. {
        let source = dir.join(format!("camera-{round}.jpg"));
        std::fs::write(&source, support::camera_jpeg(seed + round, 96, 72, None)).unwrap();
        let req = IngestRequest::new("visit-1", format!("q{seed}-{round}"), &source);
        evidence::ingest(&mut store, &support::key(), &dir.join("evidence"), req).unwrap();
    }
}

fn spawn_child(dir: &Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_ingest_loop",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Every photo row has both files, and they decrypt and match the photo id.
fn assert_rows_have_whole_files(store: &Store, media: &Path) -> BTreeSet<String> {
    let mut stmt = store.reader().prepare("SELECT id FROM photo").unwrap();
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = support::key();
    let mut expected = BTreeSet::new();
    for id in ids {
        evidence::thumbnail_bytes(&key, media, &id).expect("thumbnail of a stored photo");
        evidence::open_full_to_temp(&key, media, &id).expect("full photo of a stored photo");
        expected.insert(format!("{id}.full"));
        expected.insert(format!("{id}.thumb"));
    }
    evidence::clear_views(media).unwrap();
    expected
}

#[test]
fn killing_the_process_mid_ingest_leaves_nothing_half_written() {
    let world = support::World::new();
    let dir = world.dir.path().to_owned();
    let mut store = world.store;
    support::add_visit(
        &mut store,
        "visit-1",
        "hh-1",
        "dw-1",
        Some((-0.227, 100.632)),
    );
    drop(store);
    let media = dir.join("evidence");
    let mut debris = 0;
    for round in 0..ROUNDS {
        let mut child = spawn_child(&dir);
        std::thread::sleep(Duration::from_millis(100 + (round * 37) % 300));
        child.kill().unwrap();
        child.wait().unwrap();

        let store = Store::open(&dir.join("pandu.db"), &support::key()).unwrap();
        let expected = assert_rows_have_whole_files(&store, &media);
        debris += evidence::recover(&store, &support::key(), &media).unwrap();
        let on_disk: BTreeSet<String> = support::list(&media).into_iter().collect();
        assert_eq!(
            on_disk, expected,
            "round {round}: files and rows disagree after recover"
        );
    }
    let store = Store::open(&dir.join("pandu.db"), &support::key()).unwrap();
    let (evidence_rows, photo_rows) = support::row_counts(&store);
    assert!(evidence_rows > 0, "the child never finished an ingest");
    assert_eq!(evidence_rows, photo_rows);
    eprintln!(
        "{evidence_rows} ingests survived {ROUNDS} kills; recover removed {debris} debris files"
    );
}
