//! Creating a family in the field: NIK/KK rules, one head, and no person twice on the device.

mod common;

use chrono::NaiveDate;
use common::*;
use pandu_core::household::editor::{self, MemberEntry, NewHousehold};
use pandu_core::household::{repo, Address, RegistryStatus, Relation};
use pandu_core::store::Store;
use pandu_core::{Error, Severity};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn entry(nik: &str, name: &str, relation: Relation) -> MemberEntry {
    let mut m = member("", nik, name, relation);
    m.birth_date = NaiveDate::from_ymd_opt(1980, 5, 17);
    MemberEntry {
        member: m,
        link_existing: None,
    }
}

fn new_family(members: Vec<MemberEntry>) -> NewHousehold {
    NewHousehold {
        address: Address {
            kelurahan_code: "13.76.02.1002".into(),
            rt: 3,
            rw: 2,
            street: "Jl. Ahmad Yani 5".into(),
        },
        point: None,
        registry: RegistryStatus::default(),
        kk_number: Some("1376021503150007".into()),
        dwelling_id: None,
        members,
    }
}

fn households(store: &Store) -> i64 {
    store
        .reader()
        .query_row("SELECT count(*) FROM household", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_sound_family_is_created_with_a_kk_history() {
    let (_dir, mut store) = open_store();
    let family = new_family(vec![
        entry("1376025705800003", "Nurhayati", Relation::Head),
        entry("1376021705800004", "Budi", Relation::Child),
    ]);
    assert!(editor::check(&store, &family, today())
        .unwrap()
        .iter()
        .all(|f| f.problem.severity == Severity::Warning));
    let created = editor::create(&mut store, family, today()).unwrap();
    let loaded = repo::load(store.reader(), &created.id).unwrap();
    assert_eq!(loaded.members.len(), 2);
    assert_eq!(loaded.current_kk(), Some("1376021503150007"));
    assert_ne!(
        loaded.id, "1376021503150007",
        "the household key is never the KK number"
    );
}

#[test]
fn the_same_nik_twice_in_a_family_is_refused_before_saving() {
    let (_dir, mut store) = open_store();
    let family = new_family(vec![
        entry("1376025705800003", "Nurhayati", Relation::Head),
        entry("1376025705800003", "Nurhayati", Relation::Spouse),
    ]);
    let findings = editor::check(&store, &family, today()).unwrap();
    assert!(findings
        .iter()
        .any(|f| f.problem.code == "nik.duplicate_in_household" && f.member_index == Some(1)));
    assert!(matches!(
        editor::create(&mut store, family, today()),
        Err(Error::Invalid(_))
    ));
    assert_eq!(households(&store), 0);
}

#[test]
fn a_nik_of_another_family_offers_a_link_and_linking_moves_the_person() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", true, None));
    let mut moving = entry("1376011203050002", "Rahmat Hidayat", Relation::Head);
    let family = new_family(vec![moving.clone()]);
    let findings = editor::check(&store, &family, today()).unwrap();
    let offer = findings
        .iter()
        .find(|f| f.problem.code == "nik.belongs_to_other_household")
        .unwrap();
    let existing = offer.existing.clone().unwrap();
    assert_eq!(
        (existing.household_id.as_str(), existing.member_id.as_str()),
        ("h1", "h1-m2")
    );
    assert!(offer.problem.text.en.contains("Link to the existing one"));
    assert!(editor::create(&mut store, family, today()).is_err());
    assert_eq!(households(&store), 1);

    moving.link_existing = Some("h1-m1".into());
    let wrong_link = editor::check(&store, &new_family(vec![moving.clone()]), today()).unwrap();
    assert!(wrong_link
        .iter()
        .any(|f| f.problem.code == "nik.link_mismatch"));

    moving.link_existing = Some(existing.member_id.clone());
    let created = editor::create(&mut store, new_family(vec![moving]), today()).unwrap();
    assert_eq!(created.members[0].id, "h1-m2");
    assert_eq!(repo::load(store.reader(), "h1").unwrap().members.len(), 1);
}

#[test]
fn impossible_niks_are_errors_and_anomalies_only_warnings() {
    let (_dir, mut store) = open_store();
    let bad_day = new_family(vec![entry("1376023505800003", "Nurhayati", Relation::Head)]);
    let findings = editor::check(&store, &bad_day, today()).unwrap();
    assert!(findings
        .iter()
        .any(|f| f.problem.is_error() && f.problem.field.as_deref() == Some("members[0].nik")));
    assert!(editor::create(&mut store, bad_day, today()).is_err());

    // Sex on the NIK (day + 40 = woman) differs from the sex entered: a warning, and it saves.
    let mut odd = entry("1376021705800003", "Nurhayati", Relation::Head);
    odd.member.sex = Some(pandu_core::identity::Sex::Female);
    let family = new_family(vec![odd]);
    let findings = editor::check(&store, &family, today()).unwrap();
    assert!(
        !findings.is_empty() && findings.iter().all(|f| !f.problem.is_error()),
        "{findings:?}"
    );
    assert!(editor::create(&mut store, family, today()).is_ok());
}

#[test]
fn address_and_head_are_checked() {
    let (_dir, mut store) = open_store();
    let mut family = new_family(vec![entry(
        "1376025705800003",
        "Nurhayati",
        Relation::Child,
    )]);
    family.address.kelurahan_code = "13.71.01.1001".into();
    family.address.rt = 0;
    let codes: Vec<String> = editor::check(&store, &family, today())
        .unwrap()
        .into_iter()
        .map(|f| f.problem.code)
        .collect();
    for expected in [
        "address.unknown_kelurahan",
        "address.rt_rw",
        "household.one_head",
    ] {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} in {codes:?}"
        );
    }
    assert!(editor::create(&mut store, family, today()).is_err());
}
