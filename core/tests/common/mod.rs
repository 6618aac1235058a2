//! Shared set-up for the integration tests: a real SQLCipher store in a temporary folder and a
//! household written through the core's own repository.
#![allow(dead_code, missing_docs)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use pandu_core::form::{Answer, Fix};
use pandu_core::household::{
    repo, Address, Household, KkEntry, KkReason, Member, RegistryStatus, Relation, Source,
};
use pandu_core::identity::Sex;
use pandu_core::store::{Store, StoreKey};

pub fn key() -> StoreKey {
    StoreKey::from_bytes([42; 32])
}

pub fn open_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("pandu.db"), &key()).unwrap();
    (dir, store)
}

pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, h, m, 0).unwrap()
}

pub fn member(id: &str, nik: &str, name: &str, relation: Relation) -> Member {
    Member {
        id: id.into(),
        nik: Some(nik.into()),
        name: name.into(),
        sex: Some(Sex::Female),
        birth_date: NaiveDate::from_ymd_opt(1980, 5, 17),
        relation,
        education: Some(3),
        school_level: None,
        disability: false,
        chronic_illness: false,
    }
}

pub fn household(id: &str, in_ppls: bool, kps: Option<&str>) -> Household {
    Household {
        id: id.into(),
        dwelling_id: format!("d-{id}"),
        source: Source::Registry,
        address: Address {
            kelurahan_code: "13.76.01.1002".into(),
            rt: 2,
            rw: 1,
            street: "Jl. Soekarno Hatta No. 12".into(),
        },
        point: None,
        registry: RegistryStatus {
            ppls_id: Some(format!("P-{id}")),
            in_ppls,
            kps_number: kps.map(str::to_owned),
        },
        kk_history: vec![KkEntry {
            kk_number: "1376011705800001".into(),
            since: None,
            reason: KkReason::First,
        }],
        members: vec![
            member(
                &format!("{id}-m1"),
                "1376015705800001",
                "Siti Aminah",
                Relation::Head,
            ),
            member(
                &format!("{id}-m2"),
                "1376011203050002",
                "Rahmat Hidayat",
                Relation::Child,
            ),
        ],
    }
}

pub fn add_household(store: &mut Store, h: &Household) {
    store.write(|tx| repo::insert(tx, h)).unwrap();
}

pub fn photo(n: u8) -> Answer {
    Answer::Photo(format!("{n:02x}").repeat(32))
}

pub fn choice(v: &str) -> Option<Answer> {
    Some(Answer::Choice(v.into()))
}

/// Answers of a poor family: every criterion met.
pub fn poor_answers() -> Vec<(&'static str, Option<Answer>)> {
    vec![
        ("floor_area_m2", Some(Answer::Decimal(24.0))),
        ("dwelling_people", Some(Answer::Integer(5))),
        ("floor_material", choice("earth")),
        ("floor_photo", Some(photo(1))),
        ("wall_material", choice("bamboo")),
        ("wall_photo", Some(photo(2))),
        ("toilet", choice("shared")),
        ("toilet_photo", Some(photo(3))),
        ("lighting", choice("oil_lamp")),
        ("lighting_photo", Some(photo(4))),
        (
            "house_point",
            Some(Answer::Point(Fix {
                lat: -0.22,
                lon: 100.63,
                accuracy_m: 8.0,
                mock: false,
            })),
        ),
        ("protein_per_week", choice("once_or_less")),
        ("clothes_per_year", choice("one_or_none")),
        ("meals_per_day", Some(Answer::Integer(2))),
        ("can_pay_clinic", choice("no")),
        ("head_occupation", choice("farmer")),
        ("land_ha", Some(Answer::Decimal(0.3))),
        ("head_income", Some(Answer::Integer(450_000))),
        ("head_education", choice("sd")),
        ("savings_500k", choice("no")),
        ("urgent_need", choice("none")),
    ]
}
