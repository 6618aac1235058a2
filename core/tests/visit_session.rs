//! The home-visit session end to end on a real encrypted store: consent, pages, answers,
//! skip logic, resume, summary, finish and refusal.

mod common;

use common::*;
use pandu_core::eligibility::{CriterionStatus, Path};
use pandu_core::form::{Answer, Fix};
use pandu_core::session::record::{self, RecordKind, SignOff};
use pandu_core::session::view::Screen;
use pandu_core::session::FormSession;
use pandu_core::store::Store;
use pandu_core::Error;

fn sign_off() -> SignOff {
    SignOff {
        officer: "peksos-1".into(),
        confirmed: true,
    }
}

fn answer_all(session: &mut FormSession, store: &mut Store, answers: Vec<(&str, Option<Answer>)>) {
    for (q, a) in answers {
        session
            .answer(store, q, a, at(9, 10))
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
}

fn started_visit(store: &mut Store, in_ppls: bool, kps: Option<&str>) -> FormSession {
    add_household(store, &household("h1", in_ppls, kps));
    let mut s = FormSession::start_visit(store, "h1", at(9, 0)).unwrap();
    s.give_consent(store, "consent", at(9, 1)).unwrap();
    s
}

#[test]
fn the_visit_starts_with_consent_and_nothing_before_it() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", false, None));
    let mut s = FormSession::start_visit(&mut store, "h1", at(9, 0)).unwrap();
    assert!(matches!(s.screen(), Screen::Consent(ref c) if c.notice.id.contains("UU No. 27")));
    let early = s.answer(&mut store, "toilet", choice("none"), at(9, 0));
    assert!(matches!(early, Err(Error::State(_))));
    assert!(matches!(s.next(&mut store, at(9, 0)), Err(Error::State(_))));
    let bad = s.give_consent(&mut store, "because", at(9, 0)).unwrap_err();
    assert!(matches!(bad, Error::Invalid(ref p) if p[0].code == "consent.unknown_basis"));
    s.give_consent(&mut store, "public_task", at(9, 1)).unwrap();
    let Screen::Page(page) = s.screen() else {
        panic!("expected a page")
    };
    assert_eq!(
        (page.section_id.as_str(), page.number, page.count),
        ("rumah", 1, 4)
    );
    let people = page
        .questions
        .iter()
        .find(|q| q.id == "dwelling_people")
        .unwrap();
    assert_eq!(
        people.answer,
        Some(Answer::Integer(2)),
        "prefilled from the household's members"
    );
}

#[test]
fn a_refusal_records_only_the_refusal() {
    let (_dir, mut store) = open_store();
    add_household(&mut store, &household("h1", true, None));
    let mut s = FormSession::start_visit(&mut store, "h1", at(9, 0)).unwrap();
    let done = s.refuse_consent(&mut store, sign_off(), at(9, 2)).unwrap();
    let rec = record::load(store.reader(), &done.record_id).unwrap();
    assert_eq!(rec.body.kind, RecordKind::VisitRefused);
    assert!(rec.body.answers.is_empty() && rec.body.consent.is_none());
    assert!(FormSession::drafts(&store).unwrap().is_empty());
    assert!(matches!(
        s.answer(&mut store, "toilet", None, at(9, 3)),
        Err(Error::State(_))
    ));
}

#[test]
fn bad_answers_are_refused_in_both_languages_and_change_nothing() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    s.answer(
        &mut store,
        "meals_per_day",
        Some(Answer::Integer(2)),
        at(9, 2),
    )
    .unwrap();
    for (q, bad) in [
        ("meals_per_day", Answer::Integer(9)),
        ("meals_per_day", Answer::Text("dua".into())),
        ("toilet", Answer::Choice("golden".into())),
        ("floor_area_m2", Answer::Decimal(f64::NAN)),
        (
            "house_point",
            Answer::Point(Fix {
                lat: 95.0,
                lon: 0.0,
                accuracy_m: 5.0,
                mock: false,
            }),
        ),
    ] {
        let err = s.answer(&mut store, q, Some(bad), at(9, 3)).unwrap_err();
        let Error::Invalid(problems) = &err else {
            panic!("{q}: {err:?}")
        };
        assert!(!problems[0].text.id.is_empty() && !problems[0].text.en.is_empty());
        assert_eq!(problems[0].field.as_deref(), Some(q));
    }
    let resumed = FormSession::resume(&store, s.id()).unwrap();
    assert_eq!(
        resumed.answers().get("meals_per_day"),
        Some(&Answer::Integer(2))
    );
    assert!(!resumed.answers().contains_key("toilet"));
}

#[test]
fn skip_logic_hides_questions_and_drops_their_answers() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    let hidden = s.answer(&mut store, "land_ha", Some(Answer::Decimal(0.2)), at(9, 2));
    assert!(matches!(hidden, Err(Error::State(_))));
    s.answer(&mut store, "head_occupation", choice("farmer"), at(9, 2))
        .unwrap();
    s.answer(&mut store, "land_ha", Some(Answer::Decimal(0.2)), at(9, 2))
        .unwrap();
    s.answer(&mut store, "head_occupation", choice("trader"), at(9, 3))
        .unwrap();
    s.answer(
        &mut store,
        "head_income",
        Some(Answer::Integer(2_000_000)),
        at(9, 3),
    )
    .unwrap();
    let livelihood = s
        .summary()
        .criteria
        .into_iter()
        .find(|c| c.outcome.number == 10)
        .unwrap();
    assert_eq!(
        livelihood.outcome.status,
        CriterionStatus::NotMet,
        "land of a non-farmer no longer counts"
    );
}

#[test]
fn pages_move_forward_back_and_jump_and_survive_a_restart() {
    let (dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    s.next(&mut store, at(9, 2)).unwrap();
    s.next(&mut store, at(9, 2)).unwrap();
    s.back(&mut store, at(9, 2)).unwrap();
    s.answer(&mut store, "protein_per_week", choice("more"), at(9, 3))
        .unwrap();
    let id = s.id().to_owned();
    drop(s);
    drop(store);
    let store = Store::open(&dir.path().join("pandu.db"), &key()).unwrap();
    let mut store = store;
    let mut s = FormSession::resume(&store, &id).unwrap();
    let Screen::Page(page) = s.screen() else {
        panic!()
    };
    assert_eq!(page.section_id, "pangan");
    assert_eq!(
        s.answers().get("protein_per_week"),
        Some(&Answer::Choice("more".into()))
    );
    s.jump(&mut store, "aset", at(9, 4)).unwrap();
    assert!(matches!(s.screen(), Screen::Page(ref p) if p.section_id == "aset" && p.number == 4));
    s.next(&mut store, at(9, 4)).unwrap();
    assert!(matches!(s.screen(), Screen::Summary(_)));
    assert!(matches!(
        s.jump(&mut store, "nowhere", at(9, 4)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn finishing_needs_every_required_answer_and_photo() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    let mut answers = poor_answers();
    answers.retain(|(q, _)| *q != "toilet_photo" && *q != "meals_per_day");
    answer_all(&mut s, &mut store, answers);
    let Error::Invalid(problems) = s.finish(&mut store, sign_off(), at(10, 0)).unwrap_err() else {
        panic!()
    };
    let codes: Vec<_> = problems
        .iter()
        .map(|p| (p.code.as_str(), p.field.as_deref()))
        .collect();
    assert!(
        codes.contains(&("evidence.missing", Some("toilet_photo"))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("answer.required", Some("meals_per_day"))),
        "{codes:?}"
    );
    let summary = s.summary();
    assert!(summary.criteria[3].evidence_missing);
    assert_eq!(summary.progress.missing_evidence, vec!["toilet_photo"]);
    assert_eq!(record::outbox_count(store.reader()).unwrap(), 0);
    assert_eq!(FormSession::drafts(&store).unwrap().len(), 1);
}

#[test]
fn a_finished_poor_unregistered_family_is_path_b_with_an_exclusion_error() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    answer_all(&mut s, &mut store, poor_answers());
    let summary = s.summary();
    assert!(summary.blocking.is_empty(), "{:?}", summary.blocking);
    assert!(summary
        .criteria
        .iter()
        .all(|c| c.outcome.status == CriterionStatus::Met));
    let refused = s.finish(
        &mut store,
        SignOff {
            officer: "peksos-1".into(),
            confirmed: false,
        },
        at(10, 0),
    );
    assert!(matches!(refused, Err(Error::Invalid(ref p)) if p[0].code == "signoff.missing"));
    let done = s.finish(&mut store, sign_off(), at(10, 0)).unwrap();
    let rec = record::load(store.reader(), &done.record_id).unwrap();
    assert_eq!(rec.sha256, done.sha256);
    let assessment = rec.body.assessment.unwrap();
    assert_eq!((assessment.path, assessment.score.met), (Path::B, 12));
    assert!(assessment.exclusion_error && !assessment.inclusion_error);
    assert_eq!(rec.body.consent.unwrap().basis, "consent");
    assert_eq!(record::outbox_count(store.reader()).unwrap(), 1);
    assert_eq!(
        record::for_household(store.reader(), "h1").unwrap(),
        vec![done.record_id]
    );
    assert!(matches!(
        s.answer(&mut store, "toilet", None, at(10, 1)),
        Err(Error::State(_))
    ));
    assert!(matches!(
        s.finish(&mut store, sign_off(), at(10, 1)),
        Err(Error::State(_))
    ));
}

#[test]
fn a_registered_family_that_is_not_poor_is_an_inclusion_error() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, true, Some("KPS-0042"));
    let mut answers = poor_answers();
    for (q, a) in answers.iter_mut() {
        match *q {
            "floor_material" => *a = choice("tiles"),
            "wall_material" => *a = choice("plastered_brick"),
            "toilet" => *a = choice("own"),
            "lighting" => *a = choice("pln_meter"),
            "savings_500k" => *a = choice("yes"),
            _ => {}
        }
    }
    answer_all(&mut s, &mut store, answers);
    let assessment = s.summary().assessment.unwrap();
    assert_eq!(
        (assessment.path, assessment.score.met),
        (Path::NotEligible, 7)
    );
    assert!(assessment.inclusion_error);
}

#[test]
fn an_urgent_need_points_to_the_letter_and_asks_for_a_description() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    let mut answers = poor_answers();
    answers.retain(|(q, _)| {
        ![
            "floor_material",
            "wall_material",
            "toilet",
            "lighting",
            "urgent_need",
        ]
        .contains(q)
    });
    answers.extend([
        ("floor_material", choice("tiles")),
        ("wall_material", choice("plastered_brick")),
        ("toilet", choice("own")),
        ("lighting", choice("pln_meter")),
        ("urgent_need", choice("disaster")),
    ]);
    answer_all(&mut s, &mut store, answers);
    let summary = s.summary();
    assert_eq!(summary.assessment.unwrap().path, Path::C);
    assert_eq!(summary.blocking[0].field.as_deref(), Some("urgent_note"));
}

#[test]
fn an_rtrw_report_is_a_short_session_of_the_same_kind() {
    let (_dir, mut store) = open_store();
    let mut s = FormSession::start_report(&mut store, None, at(8, 0)).unwrap();
    assert!(matches!(s.screen(), Screen::Page(ref p) if p.section_id == "laporan"));
    answer_all(
        &mut s,
        &mut store,
        vec![
            ("report_type", choice("event")),
            ("event_kind", choice("disaster")),
            ("family_name", Some(Answer::Text("  Bapak Yusuf  ".into()))),
            (
                "address",
                Some(Answer::Text("Jl. Tan Malaka, RT 3 RW 2".into())),
            ),
            ("urgency", choice("emergency")),
            (
                "description",
                Some(Answer::Text("Rumah terbakar tadi malam.".into())),
            ),
        ],
    );
    let done = s.finish(&mut store, sign_off(), at(8, 5)).unwrap();
    let rec = record::load(store.reader(), &done.record_id).unwrap();
    assert_eq!(rec.body.kind, RecordKind::Report);
    assert_eq!(
        rec.body.answers.get("family_name"),
        Some(&Answer::Text("Bapak Yusuf".into()))
    );
    assert!(rec.body.assessment.is_none());
}

#[test]
fn a_second_family_in_a_recently_visited_house_reuses_the_dwelling_answers() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    answer_all(&mut s, &mut store, poor_answers());
    let first = s.finish(&mut store, sign_off(), at(10, 0)).unwrap();
    let mut second_family = household("h2", false, None);
    second_family.dwelling_id = "d-h1".into();
    second_family.members.truncate(1);
    second_family.members[0].id = "h2-m1".into();
    second_family.members[0].nik = Some("1376015705800002".into());
    add_household(&mut store, &second_family);
    let mut s2 = FormSession::start_visit(&mut store, "h2", at(11, 0)).unwrap();
    assert_eq!(s2.answers().get("floor_photo"), Some(&photo(1)));
    assert_eq!(
        s2.answers().get("dwelling_people"),
        Some(&Answer::Integer(5))
    );
    assert!(
        !s2.answers().contains_key("meals_per_day"),
        "family answers are never reused"
    );
    s2.give_consent(&mut store, "consent", at(11, 1)).unwrap();
    let mut family_only = poor_answers();
    family_only.retain(|(q, _)| !s2.answers().contains_key(*q));
    answer_all(&mut s2, &mut store, family_only);
    let done = s2.finish(&mut store, sign_off(), at(11, 30)).unwrap();
    let rec = record::load(store.reader(), &done.record_id).unwrap();
    assert_eq!(rec.body.dwelling_from, Some(first.record_id));
}

#[test]
fn a_record_whose_stored_text_was_altered_is_reported_damaged() {
    let (_dir, mut store) = open_store();
    let mut s = started_visit(&mut store, false, None);
    answer_all(&mut s, &mut store, poor_answers());
    let done = s.finish(&mut store, sign_off(), at(10, 0)).unwrap();
    let (text, _) =
        record::canonical(&record::load(store.reader(), &done.record_id).unwrap().body).unwrap();
    store
        .write(|tx| {
            let altered = text.replace(
                "\"meals_per_day\":{\"integer\":2}",
                "\"meals_per_day\":{\"integer\":3}",
            );
            assert_ne!(altered, text);
            tx.execute(
                "UPDATE record SET body = ?1 WHERE id = ?2",
                (altered, &done.record_id),
            )?;
            Ok(())
        })
        .unwrap();
    assert!(matches!(
        record::load(store.reader(), &done.record_id),
        Err(Error::Corrupt(_))
    ));
}
