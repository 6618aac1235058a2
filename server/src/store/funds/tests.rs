//! The fund store on both back-ends (a fresh SQLite file, and a fresh PostgreSQL database under
//! `scripts/with-postgres`): what is kept reads back, refused writes keep nothing, an assistance
//! row comes with its money-out entry, and the database itself refuses to change or delete
//! ledger entries and assistance rows.

use std::future::Future;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};

use super::*;
use crate::model::{NewDevice, NewUser, Role};
use crate::store::decisions::{DecisionKind, DocumentKind, NewDecision, NewDocument};
use crate::store::{open, NewRecord, Store};

const KEL: &str = "13.76.01.1002";

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// Run `case` on a fresh SQLite store, then on a fresh PostgreSQL one when the cluster is there.
fn on_both<F, Fut>(case: F)
where
    F: Fn(Arc<dyn Store>, Option<String>, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut urls = vec![None];
    if pandu_testkit::postgres_available() {
        urls.push(Some(pandu_testkit::fresh_postgres_database()));
    }
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        for url in urls {
            let store = open(url.as_deref(), dir.path()).await.expect("open");
            store.migrate().await.expect("migrate");
            case(store, url, dir.path().join("pandu.sqlite3")).await;
        }
    });
}

/// A supervisor account; its id.
async fn clerk(store: &dyn Store) -> i64 {
    store
        .create_user(&NewUser {
            username: "sri".into(),
            role: Role::Supervisor,
            scope: vec!["*".into()],
            password_hash: "x".into(),
        })
        .await
        .expect("user")
}

/// A card (one year from `from`) for `household`, resting on a record of `user`; its number.
async fn card(store: &dyn Store, user: i64, household: &str, from: &str) -> String {
    let device = store
        .add_device(&NewDevice {
            user_id: user,
            name: format!("hp-{household}-{from}"),
            public_key: "00".into(),
            token_hash: format!("t-{household}-{from}"),
        })
        .await
        .expect("device");
    let record_id = format!("r-{household}-{from}");
    store
        .insert_records(&[NewRecord {
            id: record_id.clone(),
            sha256: "s".into(),
            body: "{}".into(),
            user_id: user,
            device_id: device,
            household_id: Some(household.into()),
            receipt: "{}".into(),
            received_at: None,
        }])
        .await
        .expect("record");
    let from = day(from);
    let decided = store
        .decide(&NewDecision {
            record_id,
            record_sha256: "s".into(),
            household_id: Some(household.into()),
            author_id: user,
            kind: DecisionKind::Card,
            reason: None,
            decided_by: user,
            decided_at: Utc::now(),
            document: Some(NewDocument {
                kind: DocumentKind::Card,
                valid_from: from,
                valid_until: crate::document::valid_until(DocumentKind::Card, from),
                mayor_ref: None,
                visit_at: None,
            }),
        })
        .await
        .expect("decide");
    match decided {
        crate::store::decisions::Decided::Kept {
            number: Some(n), ..
        } => n,
        other => panic!("no card: {other:?}"),
    }
}

/// A clerk, a card of `h1` from 2015-05-01, and `amount` paid into partner 1 on `on`.
async fn funded(store: &dyn Store, amount: i64, on: &str) -> (i64, String) {
    let by = clerk(store).await;
    let number = card(store, by, "h1", "2015-05-01").await;
    let posted = store
        .record_money_in(&money_in(1, amount, on, by))
        .await
        .unwrap();
    assert!(matches!(
        posted,
        Posted::Kept {
            assistance_id: None,
            ..
        }
    ));
    (by, number)
}

fn help(household: &str, document: &str, amount: i64, on: &str, by: i64) -> NewAssistance {
    NewAssistance {
        household_id: household.into(),
        member_id: Some("m1".into()),
        kind: AssistanceKind::Education,
        level: Some(SchoolLevel::Sd),
        amount,
        given_on: day(on),
        partner_id: 1,
        document_number: document.into(),
        kelurahan: KEL.into(),
        out_of_range_reason: None,
        recorded_by: by,
    }
}

fn money_in(partner_id: i64, amount: i64, on: &str, by: i64) -> NewMoneyIn {
    NewMoneyIn {
        partner_id,
        date: day(on),
        amount,
        note: "zakat".into(),
        recorded_by: by,
    }
}

fn refusal(posted: Posted) -> Refused {
    match posted {
        Posted::Refused(r) => r,
        Posted::Kept { .. } => panic!("kept, but should be refused"),
    }
}

#[test]
fn the_four_partners_are_there_and_a_new_one_is_added_once() {
    on_both(|store, _, _| async move {
        let names: Vec<String> = store
            .partners()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["LKS Mitra Kenanga", "BRI", "Baznas", "Lazismu"]);
        let id = store.add_partner("Bank Nagari").await.unwrap();
        assert_eq!(store.partners().await.unwrap().last().unwrap().id, id);
        assert!(matches!(
            store.add_partner("Bank Nagari").await,
            Err(crate::store::StoreError::Exists(_))
        ));
    });
}

#[test]
fn help_is_kept_with_its_money_out_and_a_correction_voids_it() {
    on_both(|store, _, _| async move {
        let (by, number) = funded(&*store, 1_000_000, "2015-05-02").await;
        let Posted::Kept {
            entry_id,
            assistance_id: Some(aid),
        } = store
            .record_assistance(&help("h1", &number, 350_000, "2015-05-03", by))
            .await
            .unwrap()
        else {
            panic!("help refused")
        };
        let rows = store
            .assistance(&AssistanceFilter::default())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!((row.id, row.entry_id), (aid, entry_id));
        assert_eq!(
            (row.amount, row.net_amount, row.corrected),
            (350_000, 350_000, false)
        );
        assert_eq!(
            (row.kind, row.level),
            (AssistanceKind::Education, Some(SchoolLevel::Sd))
        );
        assert_eq!(
            (row.kelurahan.as_str(), row.partner_name.as_str()),
            (KEL, "LKS Mitra Kenanga")
        );
        assert_eq!(
            (row.document_number.as_str(), row.recorded_by.as_str()),
            (number.as_str(), "sri")
        );
        let b = store.balances(day("2015-05-31")).await.unwrap();
        assert_eq!(
            (b.total.money_in, b.total.money_out, b.total.balance),
            (1_000_000, 350_000, 650_000)
        );
        assert_eq!(b.partners[0].1, b.total);
        let before = store.balances(day("2015-05-02")).await.unwrap();
        assert_eq!(before.total.money_out, 0);

        let corrected = store
            .record_correction(&NewCorrection {
                corrects: entry_id,
                date: day("2015-05-10"),
                amount: 350_000,
                reason: "paid twice".into(),
                recorded_by: by,
            })
            .await
            .unwrap();
        assert!(matches!(corrected, Posted::Kept { .. }));
        let row = &store
            .assistance(&AssistanceFilter::default())
            .await
            .unwrap()[0];
        assert!(row.corrected && row.voided());
        let b = store.balances(day("2015-05-31")).await.unwrap();
        assert_eq!(b.total.balance, 1_000_000);
        let entries = store.entries(Some(1)).await.unwrap();
        let kinds: Vec<_> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [EntryKind::In, EntryKind::Out, EntryKind::Correction]
        );
        assert_eq!(entries[2].corrects, Some(entry_id));
        assert_eq!(entries[1].assistance_id, Some(aid));
    });
}

#[test]
fn help_without_a_valid_entitlement_or_money_is_refused_and_nothing_is_kept() {
    on_both(|store, _, _| async move {
        let (by, number) = funded(&*store, 500_000, "2015-05-01").await;
        let cases = [
            (
                help("h1", "PKU-2015-999999", 1, "2015-06-01", by),
                "no_document",
            ),
            (help("h2", &number, 1, "2015-06-01", by), "other_household"),
            (help("h1", &number, 1, "2016-05-01", by), "expired"),
            (help("h1", &number, 1, "2015-04-30", by), "not_yet_valid"),
        ];
        for (new, code) in cases {
            match refusal(store.record_assistance(&new).await.unwrap()) {
                Refused::NotEntitled(n) => assert_eq!(n.code(), code),
                other => panic!("{code}: {other:?}"),
            }
        }
        let overdrawn = refusal(
            store
                .record_assistance(&help("h1", &number, 500_001, "2015-06-01", by))
                .await
                .unwrap(),
        );
        assert!(matches!(
            overdrawn,
            Refused::Ledger(crate::ledger::Refusal::Overdrawn { .. })
        ));
        let no_partner = NewAssistance {
            partner_id: 99,
            ..help("h1", &number, 1, "2015-06-01", by)
        };
        assert_eq!(
            refusal(store.record_assistance(&no_partner).await.unwrap()),
            Refused::NoPartner
        );
        assert!(store
            .assistance(&AssistanceFilter::default())
            .await
            .unwrap()
            .is_empty());
        assert_eq!(store.entries(None).await.unwrap().len(), 1);
    });
}

#[test]
fn a_revocation_refuses_help_from_its_day_in_payakumbuh_on() {
    on_both(|store, _, _| async move {
        let (by, number) = funded(&*store, 500_000, "2015-05-01").await;
        // 17:30 UTC on 31 May is 00:30 WIB on 1 June: the card is revoked from 1 June.
        let at = "2015-05-31T17:30:00Z".parse().unwrap();
        assert!(store
            .revoke_document(&number, by, "moved away", at)
            .await
            .unwrap());
        for on in ["2015-06-01", "2015-07-01"] {
            match refusal(
                store
                    .record_assistance(&help("h1", &number, 1, on, by))
                    .await
                    .unwrap(),
            ) {
                Refused::NotEntitled(n) => assert_eq!(n.code(), "revoked", "{on}"),
                other => panic!("{on}: {other:?}"),
            }
        }
        let before = store
            .record_assistance(&help("h1", &number, 1, "2015-05-31", by))
            .await
            .unwrap();
        assert!(matches!(before, Posted::Kept { .. }), "{before:?}");
        assert_eq!(store.entries(None).await.unwrap().len(), 2);
    });
}

#[test]
fn the_filter_narrows_by_date_kind_kelurahan_partner_and_household() {
    on_both(|store, _, _| async move {
        let (by, number) = funded(&*store, 5_000_000, "2015-05-01").await;
        for on in ["2015-05-05", "2015-06-05", "2015-07-05"] {
            store
                .record_assistance(&help("h1", &number, 400_000, on, by))
                .await
                .unwrap();
        }
        let health = NewAssistance {
            kind: AssistanceKind::Health,
            level: None,
            amount: 1_000_000,
            ..help("h1", &number, 0, "2015-06-10", by)
        };
        store.record_assistance(&health).await.unwrap();
        let count = |f: AssistanceFilter| {
            let store = Arc::clone(&store);
            async move { store.assistance(&f).await.unwrap().len() }
        };
        let june = AssistanceFilter {
            from: Some(day("2015-06-01")),
            to: Some(day("2015-06-30")),
            ..AssistanceFilter::default()
        };
        assert_eq!(count(june.clone()).await, 2);
        let june_health = AssistanceFilter {
            kind: Some(AssistanceKind::Health),
            ..june
        };
        assert_eq!(count(june_health).await, 1);
        let elsewhere = AssistanceFilter {
            kelurahan: Some("13.76.05.1001".into()),
            ..AssistanceFilter::default()
        };
        assert_eq!(count(elsewhere).await, 0);
        let baznas = AssistanceFilter {
            partner_id: Some(3),
            ..AssistanceFilter::default()
        };
        assert_eq!(count(baznas).await, 0);
        let h1 = AssistanceFilter {
            household_id: Some("h1".into()),
            ..AssistanceFilter::default()
        };
        assert_eq!(count(h1).await, 4);
    });
}

#[test]
fn reported_figures_read_back() {
    on_both(|store, _, _| async move {
        let by = clerk(&*store).await;
        let new = NewFigure {
            partner_id: None,
            kind: FigureKind::Collected,
            from: Some(day("2015-05-01")),
            to: day("2015-10-31"),
            amount: 202_615_628,
            note: "LKS report".into(),
            recorded_by: by,
        };
        let id = store.record_figure(&new).await.unwrap();
        let balance = NewFigure {
            partner_id: Some(1),
            kind: FigureKind::Balance,
            from: None,
            amount: 95_625_000,
            ..new
        };
        store.record_figure(&balance).await.unwrap();
        let figures = store.figures().await.unwrap();
        assert_eq!(figures.len(), 2);
        assert_eq!(
            (figures[0].id, figures[0].kind, figures[0].amount),
            (id, FigureKind::Collected, 202_615_628)
        );
        assert_eq!((figures[1].partner_id, figures[1].from), (Some(1), None));
    });
}

#[test]
fn the_database_refuses_to_change_or_delete_entries_and_assistance() {
    on_both(|store, url, file| async move {
        let (by, number) = funded(&*store, 500_000, "2015-05-01").await;
        store
            .record_assistance(&help("h1", &number, 1, "2015-06-01", by))
            .await
            .unwrap();
        let attempts = [
            "UPDATE ledger_entry SET amount = 1",
            "DELETE FROM ledger_entry",
            "UPDATE assistance SET amount = 2",
            "DELETE FROM assistance",
        ];
        for sql in attempts {
            let refused = match &url {
                Some(url) => raw_postgres(url, sql).await,
                None => rusqlite::Connection::open(&file)
                    .unwrap()
                    .execute(sql, [])
                    .is_err(),
            };
            assert!(refused, "{sql} was allowed");
        }
        assert_eq!(store.entries(None).await.unwrap()[0].amount, 500_000);
    });
}

/// True when `sql` fails on its own connection to `url`.
async fn raw_postgres(url: &str, sql: &str) -> bool {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    client.batch_execute(sql).await.is_err()
}
