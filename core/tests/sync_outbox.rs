//! The outbox as sync keeps it, on a real encrypted store: what becomes of each record (receipt,
//! waiting for photos, set aside with reasons) survives closing the store, the screens' counts
//! follow, and records waiting for photos go back to be sent once the photos are up.

mod common;

use common::{at, key, open_store};
use pandu_core::form::Answer;
use pandu_core::screens::home;
use pandu_core::session::record::SignOff;
use pandu_core::session::FormSession;
use pandu_core::store::Store;
use pandu_core::sync::outbox::{self, OutboxState, OutboxSummary};
use pandu_core::sync::records;
use pandu_core::sync::signing::Receipt;
use pandu_core::{Problem, Text};

fn finish_report(store: &mut Store, minute: u32) -> String {
    let mut s = FormSession::start_report(store, None, at(9, minute)).unwrap();
    let answers = [
        ("report_type", Answer::Choice("propose".into())),
        ("family_name", Answer::Text("Keluarga Syafrizal".into())),
        ("address", Answer::Text("Jl. Sudirman No. 5".into())),
        ("urgency", Answer::Choice("urgent".into())),
        ("description", Answer::Text("Kepala keluarga sakit.".into())),
    ];
    for (q, a) in answers {
        s.answer(store, q, Some(a), at(9, minute)).unwrap();
    }
    let sign_off = SignOff {
        officer: "relawan-1".into(),
        confirmed: true,
    };
    s.finish(store, sign_off, at(9, minute + 1))
        .unwrap()
        .record_id
}

fn receipt_for(store: &Store, record_id: &str) -> Receipt {
    let (sent, _) = outbox::in_state(store.reader(), OutboxState::Pending, 10).unwrap();
    let record = sent.iter().find(|r| r.record_id == record_id).unwrap();
    Receipt {
        record_id: record_id.into(),
        record_sha256: record.sha256.clone(),
        media: vec![],
        accepted_at: "2026-11-28T09:00:00Z".into(),
        key_id: "k".into(),
        signature: "00".into(),
    }
}

#[test]
fn outcomes_are_kept_across_a_restart_and_counted_for_the_home_screen() {
    let (dir, mut store) = open_store();
    let ids: Vec<String> = (0..3).map(|n| finish_report(&mut store, n * 2)).collect();
    assert_eq!(
        home::home(&store).unwrap().outbox,
        OutboxSummary {
            to_send: 3,
            ..OutboxSummary::default()
        }
    );
    let receipt = receipt_for(&store, &ids[0]);
    let photo = "ab".repeat(32);
    let refusal = Problem::error("scope.record_kind", Text::new("Ditolak.", "Refused."));
    store
        .write(|tx| {
            outbox::mark_done(tx, &receipt)?;
            outbox::mark_waiting(tx, &ids[1], std::slice::from_ref(&photo))?;
            outbox::set_aside(
                tx,
                &ids[2],
                OutboxState::Rejected,
                std::slice::from_ref(&refusal),
            )
        })
        .unwrap();
    drop(store);

    let store = Store::open(&dir.path().join("pandu.db"), &key()).unwrap();
    let expected = OutboxSummary {
        to_send: 0,
        waiting_for_media: 1,
        set_aside: 1,
        sent: 1,
    };
    assert_eq!(home::home(&store).unwrap().outbox, expected);
    let entries = outbox::entries(store.reader()).unwrap();
    assert_eq!(entries[0].receipt.as_ref(), Some(&receipt));
    assert_eq!(entries[1].missing_media, vec![photo.clone()]);
    assert_eq!(entries[2].problems, vec![refusal]);
    assert!(entries.iter().all(|e| e.attempts == 1));
    assert_eq!(outbox::missing_media(store.reader()).unwrap(), vec![photo]);
    assert_eq!(
        outbox::receipt(store.reader(), &ids[0]).unwrap(),
        Some(receipt)
    );
    let (pending, _) = outbox::in_state(store.reader(), OutboxState::Pending, 10).unwrap();
    assert!(pending.is_empty());
}

#[test]
fn records_waiting_for_photos_go_back_to_be_sent_and_set_aside_ones_do_not() {
    let (_dir, mut store) = open_store();
    let waiting = finish_report(&mut store, 0);
    let refused = finish_report(&mut store, 2);
    store
        .write(|tx| {
            outbox::mark_waiting(tx, &waiting, &["cd".repeat(32)])?;
            outbox::set_aside(tx, &refused, OutboxState::Conflict, &[])
        })
        .unwrap();
    store
        .write(|tx| outbox::media_arrived(tx, &"cd".repeat(32)))
        .unwrap();
    assert!(
        outbox::missing_media(store.reader()).unwrap().is_empty(),
        "an uploaded photo is not asked for again after a cut"
    );
    assert_eq!(store.write(outbox::release_waiting).unwrap(), 1);
    let (pending, _) = outbox::in_state(store.reader(), OutboxState::Pending, 10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].record_id, waiting);
    assert!(outbox::missing_media(store.reader()).unwrap().is_empty());
    assert_eq!(
        outbox::count(store.reader(), OutboxState::Conflict).unwrap(),
        1
    );
}

#[test]
fn a_damaged_record_is_set_aside_and_does_not_block_the_others() {
    let (_dir, mut store) = open_store();
    let damaged = finish_report(&mut store, 0);
    let fine = finish_report(&mut store, 2);
    store
        .write(|tx| {
            tx.execute(
                "UPDATE record SET body = replace(body, 'Syafrizal', 'Syafrizul') WHERE id = ?1",
                [&damaged],
            )?;
            Ok(())
        })
        .unwrap();
    let batch = records::next_batch(&mut store, 500).unwrap();
    assert_eq!(
        batch.iter().map(|r| &r.record_id).collect::<Vec<_>>(),
        vec![&fine]
    );
    let entries = outbox::entries(store.reader()).unwrap();
    let set_aside = entries.iter().find(|e| e.record_id == damaged).unwrap();
    assert_eq!(set_aside.state, OutboxState::Rejected);
    assert_eq!(set_aside.problems[0].code, "record.damaged");
}
