//! The home screen and the household page as the shells will draw them.

mod common;

use common::*;
use pandu_core::form::FormKind;
use pandu_core::screens::entitlement::{DocumentKind, EntitlementState};
use pandu_core::screens::office::TaskKind;
use pandu_core::screens::{home::home, household_page::household_page};
use pandu_core::session::record::{RecordKind, SignOff};
use pandu_core::session::FormSession;
use pandu_core::store::Store;
use serde_json::json;

#[test]
fn the_household_page_masks_niks_and_lists_history_and_open_work() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", true, Some("KPS-7")));
    let mut refused = FormSession::start_visit(&mut store, "h1", at(8, 0)).unwrap();
    let sign_off = SignOff {
        officer: "peksos-1".into(),
        confirmed: true,
    };
    refused
        .refuse_consent(&mut store, sign_off, at(8, 1))
        .unwrap();
    let open = FormSession::start_visit(&mut store, "h1", at(9, 0)).unwrap();

    let page = household_page(&store, "h1", at(12, 0)).unwrap();
    assert_eq!(page.head_name.as_deref(), Some("Siti Aminah"));
    assert!(
        page.address_line
            .contains("RT 2 / RW 1, Pakan Sinayan, Payakumbuh Barat"),
        "{}",
        page.address_line
    );
    assert_eq!(page.registry.en, "In PPLS 2011, holds a KPS");
    assert_eq!(
        page.members[0].nik_masked.as_deref(),
        Some("************0001")
    );
    assert_eq!(page.members[0].age, Some(46));
    assert_eq!(page.members[1].relation.id, "Anak");
    assert_eq!(page.history.len(), 1);
    assert_eq!(page.history[0].kind, RecordKind::VisitRefused);
    assert_eq!(page.open_draft.as_deref(), Some(open.id()));
    let shown = serde_json::to_string(&page).unwrap();
    assert!(
        !shown.contains("1376015705800001"),
        "a full NIK never reaches the screen"
    );
}

#[test]
fn home_lists_drafts_and_the_outbox() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", false, None));
    assert_eq!(home(&store).unwrap().drafts.len(), 0);
    FormSession::start_visit(&mut store, "h1", at(9, 0)).unwrap();
    FormSession::start_report(&mut store, None, at(9, 5)).unwrap();
    let screen = home(&store).unwrap();
    assert_eq!(screen.drafts.len(), 2);
    let visit = screen
        .drafts
        .iter()
        .find(|d| d.kind == FormKind::Visit)
        .unwrap();
    assert_eq!(visit.household_name.as_deref(), Some("Siti Aminah"));
    assert_eq!(screen.outbox.to_send, 0);
}

/// Puts an office feed entry into the inbox as the feed does when it pulls.
fn receive(store: &mut Store, seq: i64, kind: &str, data: serde_json::Value, hour: u32) {
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO inbox (seq, kind, data, received_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![seq, kind, data.to_string(), at(hour, 0).to_rfc3339()],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn home_shows_the_offices_tasks_until_the_family_is_visited_and_its_outcomes() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", false, None));
    let revisit = json!({"task": "revisit", "household_id": "h1", "reason": "foto lantai buram",
        "record_id": "r1", "assigned_at": "2026-11-20T07:00:00Z"});
    receive(&mut store, 1, "assignment", revisit, 7);
    let reported = json!({"task": "visit", "report_id": "r2", "household_id": null,
        "report": {"a": 1}, "note": "rumah di ujung gang"});
    receive(&mut store, 2, "assignment", reported, 7);
    receive(&mut store, 3, "assignment", json!({"task": "unknown"}), 7);
    let card = json!({"decision_id": 4, "decision": "card", "record_id": "r0",
        "document": {"kind": "card", "number": "PKU-2026-000001", "valid_until": "2027-11-19"},
        "reason": null, "decided_at": "2026-11-20T07:30:00Z"});
    receive(&mut store, 4, "decision", card, 7);
    let closed = json!({"report_id": "r3", "outcome": "closed", "reason": "sudah dibantu",
        "decided_at": "2026-11-20T07:40:00Z"});
    receive(&mut store, 5, "decision", closed, 7);

    let screen = home(&store).unwrap();
    let tasks: Vec<_> = screen.tasks.iter().map(|t| (t.seq, t.kind)).collect();
    assert_eq!(tasks, [(2, TaskKind::Visit), (1, TaskKind::Revisit)]);
    assert_eq!(
        screen.tasks[1].household_name.as_deref(),
        Some("Siti Aminah")
    );
    assert_eq!(screen.tasks[1].note.as_deref(), Some("foto lantai buram"));
    assert_eq!(screen.tasks[1].title.en, "Visit again");
    assert_eq!(screen.tasks[0].note.as_deref(), Some("rumah di ujung gang"));
    assert_eq!(screen.tasks[0].household_name, None);
    let outcomes: Vec<_> = screen
        .outcomes
        .iter()
        .map(|o| o.title.en.as_str())
        .collect();
    assert_eq!(outcomes, ["Report closed", "Card issued"]);
    assert_eq!(
        screen.outcomes[1].document_number.as_deref(),
        Some("PKU-2026-000001")
    );
    assert_eq!(
        screen.outcomes[1].valid_until.as_deref(),
        Some("2027-11-19")
    );
    assert_eq!(screen.outcomes[0].reason.as_deref(), Some("sudah dibantu"));

    let mut visit = FormSession::start_visit(&mut store, "h1", at(9, 0)).unwrap();
    let sign_off = SignOff {
        officer: "peksos-1".into(),
        confirmed: true,
    };
    visit
        .refuse_consent(&mut store, sign_off, at(9, 5))
        .unwrap();
    let tasks: Vec<_> = home(&store).unwrap().tasks.iter().map(|t| t.seq).collect();
    assert_eq!(tasks, [2], "the visited family's task is done");
}

/// A `document` feed entry as the office announces a card or letter to the kelurahan.
fn document(
    number: &str,
    kind: &str,
    household: &str,
    until: &str,
    revoked: bool,
) -> serde_json::Value {
    json!({"number": number, "kind": kind, "household_id": household,
        "valid_from": "2026-01-01", "valid_until": until, "revoked": revoked})
}

#[test]
fn the_household_page_shows_the_card_that_matters_today() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", true, None));
    add_household(&mut store, &household("h2", true, None));
    let shown = |store: &Store, id: &str| household_page(store, id, at(12, 0)).unwrap().entitlement;
    assert_eq!(shown(&store, "h1"), None);

    receive(
        &mut store,
        1,
        "document",
        document("REK-2026-000001", "letter", "h1", "2026-02-01", false),
        7,
    );
    let expired = shown(&store, "h1").unwrap();
    assert_eq!(expired.state, EntitlementState::Expired);
    assert_eq!(
        expired.text.en,
        "Emergency letter REK-2026-000001 expired on 2026-02-01"
    );

    receive(
        &mut store,
        2,
        "document",
        document("PKU-2026-000007", "card", "h1", "2027-11-19", false),
        7,
    );
    receive(
        &mut store,
        3,
        "document",
        document("PKU-2026-000008", "card", "h2", "2027-11-19", false),
        7,
    );
    receive(&mut store, 4, "document", json!({"number": "odd"}), 7);
    let card = shown(&store, "h1").unwrap();
    assert_eq!(
        (card.number.as_str(), card.kind, card.state),
        (
            "PKU-2026-000007",
            DocumentKind::Card,
            EntitlementState::Valid
        )
    );
    assert_eq!(
        card.text.id,
        "Kartu PKU-2026-000007 berlaku sampai 2027-11-19"
    );

    receive(
        &mut store,
        5,
        "document",
        document("PKU-2026-000007", "card", "h1", "2027-11-19", true),
        8,
    );
    let revoked = shown(&store, "h1").unwrap();
    assert_eq!(
        revoked.state,
        EntitlementState::Revoked,
        "the later entry on a number wins"
    );
    assert_eq!(revoked.text.en, "Card PKU-2026-000007 revoked");
    assert_eq!(shown(&store, "h2").unwrap().number, "PKU-2026-000008");
}
