//! The home screen and the household page as the shells will draw them.

mod common;

use common::*;
use pandu_core::form::FormKind;
use pandu_core::screens::{home::home, household_page::household_page};
use pandu_core::session::record::{RecordKind, SignOff};
use pandu_core::session::FormSession;

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
