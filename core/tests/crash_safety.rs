//! A process killed with SIGKILL in the middle of saving never loses or half-writes anything.
//!
//! The test re-runs its own executable as a child that saves answers and finishes visits as fast
//! as it can, kills it at a random moment, reopens the store and checks it: the file is sound,
//! every visit the child reported finished is there with a valid hash, every draft resumes, and the
//! outbox matches the records. Runs without the test harness so the child mode needs no fake test.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use pandu_core::form::Answer;
use pandu_core::session::record::{self, SignOff};
use pandu_core::session::FormSession;
use pandu_core::store::Store;

const ROUNDS: usize = 40;

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("--child") => child(&std::env::args().nth(2).expect("store folder")),
        // cargo test passes harness flags such as --nocapture; the parent ignores them.
        _ => parent(),
    }
}

/// The victim: open, resume or start a visit, answer and finish visits forever.
fn child(folder: &str) {
    let path = std::path::Path::new(folder);
    let mut store = Store::open(&path.join("pandu.db"), &key()).unwrap();
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path.join("finished.log"))
        .unwrap();
    let mut session = match FormSession::drafts(&store).unwrap().first() {
        Some(d) => {
            let resumed = FormSession::resume(&store, &d.id).unwrap();
            complete(&mut store, resumed)
        }
        None => new_visit(&mut store),
    };
    for i in 0u64.. {
        let meals = Some(Answer::Integer((i % 6) as i64));
        session
            .answer(&mut store, "meals_per_day", meals, at(9, 5))
            .unwrap();
        if i % 8 == 7 {
            session
                .answer(
                    &mut store,
                    "notes",
                    Some(Answer::Text(format!("round {i}"))),
                    at(9, 5),
                )
                .unwrap();
            let done = session.finish(&mut store, sign_off(), at(9, 30)).unwrap();
            writeln!(log, "{}", done.record_id).unwrap();
            log.flush().unwrap();
            session = new_visit(&mut store);
        }
    }
}

fn sign_off() -> SignOff {
    SignOff {
        officer: "peksos-1".into(),
        confirmed: true,
    }
}

fn new_visit(store: &mut Store) -> FormSession {
    let s = FormSession::start_visit(store, "h1", at(9, 0)).unwrap();
    complete(store, s)
}

/// Give consent if needed and every required answer but one (`meals_per_day`, which the loop sets).
/// A resumed draft may have been killed half-way through this; answering again is harmless.
fn complete(store: &mut Store, mut s: FormSession) -> FormSession {
    if s.answer(store, "notes", None, at(9, 1)).is_err() {
        s.give_consent(store, "consent", at(9, 1)).unwrap();
    }
    let mut answers = poor_answers();
    answers.retain(|(q, _)| *q != "meals_per_day");
    for (q, a) in answers {
        s.answer(store, q, a, at(9, 2)).unwrap();
    }
    s
}

fn parent() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("pandu.db"), &key()).unwrap();
    add_household(&mut store, &household("h1", false, None));
    drop(store);
    let exe = std::env::current_exe().unwrap();
    let mut failures = 0;
    let mut finished_before = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args(["--child", dir.path().to_str().unwrap()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(30 + (round as u64 * 37) % 170));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        match check(dir.path(), finished_before) {
            Ok(n) => finished_before = n,
            Err(why) => {
                failures += 1;
                eprintln!("round {round}: {why}");
            }
        }
    }
    println!("{} visits finished across {ROUNDS} kills", finished_before);
    println!("{} passed, {failures} failed", ROUNDS - failures);
    assert!(
        finished_before > 0,
        "the child never finished a visit: the test proved nothing"
    );
    assert_eq!(failures, 0);
}

/// Reopen after a kill and check everything; returns the number of finished records.
fn check(folder: &std::path::Path, finished_before: usize) -> Result<usize, String> {
    let store = Store::open(&folder.join("pandu.db"), &key()).map_err(|e| e.to_string())?;
    let conn = store.reader();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err(format!("integrity: {integrity}"));
    }
    let logged = std::fs::read_to_string(folder.join("finished.log")).unwrap_or_default();
    for id in logged.lines() {
        record::load(conn, id).map_err(|e| format!("finished visit {id} lost or damaged: {e}"))?;
    }
    let drafts = FormSession::drafts(&store).map_err(|e| e.to_string())?;
    for d in &drafts {
        FormSession::resume(&store, &d.id).map_err(|e| format!("draft {}: {e}", d.id))?;
        if record::load(conn, &d.id).is_ok() {
            return Err(format!("visit {} is both finished and a draft", d.id));
        }
    }
    let records: i64 = conn
        .query_row("SELECT count(*) FROM record", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    let queued = record::outbox_count(conn).map_err(|e| e.to_string())?;
    if records != queued || (records as usize) < finished_before || drafts.len() > 1 {
        return Err(format!(
            "records {records}, outbox {queued}, drafts {}",
            drafts.len()
        ));
    }
    Ok(records as usize)
}
