//! The ledger rules: worked examples, and property tests over random sequences of money in,
//! money out and corrections (appended only when [`check`] admits them), checking that the books
//! always balance and the rules hold whatever the order of events.

use proptest::prelude::*;

use super::*;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 5, 1).unwrap() + chrono::TimeDelta::days(n)
}

fn post(id: i64, partner_id: i64, d: i64, kind: EntryKind, amount: i64) -> Posting {
    Posting {
        id,
        partner_id,
        date: day(d),
        kind,
        amount,
        corrects: None,
    }
}

fn correction(id: i64, of: &Posting, d: i64, amount: i64) -> Posting {
    Posting {
        corrects: Some(of.id),
        ..post(id, of.partner_id, d, EntryKind::Correction, amount)
    }
}

#[test]
fn a_back_dated_out_is_refused_when_later_money_already_spent_it() {
    let book = vec![
        post(1, 1, 0, EntryKind::In, 1_000),
        post(2, 1, 10, EntryKind::Out, -800),
        post(3, 1, 20, EntryKind::In, 5_000),
    ];
    assert_eq!(
        check(&book, &post(4, 1, 5, EntryKind::Out, -300)),
        Err(Refusal::Overdrawn {
            date: day(10),
            balance: 200
        })
    );
    assert_eq!(check(&book, &post(4, 1, 5, EntryKind::Out, -200)), Ok(()));
    assert_eq!(
        check(&book, &post(4, 1, 20, EntryKind::Out, -5_200)),
        Ok(())
    );
    assert!(check(&book, &post(4, 2, 20, EntryKind::Out, -1)).is_err());
}

#[test]
fn corrections_change_an_original_never_past_zero_and_never_a_correction() {
    let book = vec![
        post(1, 1, 0, EntryKind::In, 1_000),
        post(2, 1, 1, EntryKind::Out, -400),
    ];
    let void_out = correction(3, &book[1], 2, 400);
    assert_eq!(check(&book, &void_out), Ok(()));
    assert_eq!(
        check(&book, &correction(3, &book[1], 2, 401)),
        Err(Refusal::PastZero { net: -400 })
    );
    assert_eq!(
        check(&book, &correction(3, &book[1], 0, 1)),
        Err(Refusal::BeforeCorrected)
    );
    assert_eq!(
        check(&book, &correction(3, &book[1], 2, 0)),
        Err(Refusal::WrongSign)
    );
    let mut twice = book.clone();
    twice.push(correction(3, &book[1], 2, 100));
    assert_eq!(check(&twice, &correction(4, &book[1], 3, 300)), Ok(()));
    assert_eq!(
        check(&twice, &correction(4, &twice[2], 3, 1)),
        Err(Refusal::CorrectsCorrection)
    );
    // Lowering money in may not leave the spent money uncovered.
    assert_eq!(
        check(&book, &correction(3, &book[0], 5, -700)),
        Err(Refusal::Overdrawn {
            date: day(5),
            balance: 600
        })
    );
    let t = totals(&twice, None, day(9));
    assert_eq!((t.money_in, t.money_out, t.balance), (1_000, 300, 700));
}

#[test]
fn reported_figures_are_read_from_the_ledger_over_their_period() {
    let book = vec![
        post(1, 1, 0, EntryKind::In, 1_000),
        post(2, 2, 31, EntryKind::In, 500),
        post(3, 1, 40, EntryKind::Out, -300),
    ];
    assert_eq!(
        figure(&book, None, FigureKind::Balance, None, day(40)),
        1_200
    );
    assert_eq!(
        figure(&book, None, FigureKind::Collected, Some(day(31)), day(60)),
        500
    );
    assert_eq!(
        figure(&book, Some(1), FigureKind::PaidOut, Some(day(0)), day(60)),
        300
    );
    assert_eq!(
        figure(&book, Some(2), FigureKind::PaidOut, None, day(60)),
        0
    );
}

#[test]
fn every_refusal_is_told_in_both_languages() {
    let all = [
        Refusal::WrongSign,
        Refusal::NoSuchEntry,
        Refusal::CorrectsCorrection,
        Refusal::BeforeCorrected,
        Refusal::PastZero { net: 5 },
        Refusal::Overdrawn {
            date: day(0),
            balance: 1,
        },
    ];
    for r in all {
        assert!(!r.text().is_incomplete());
    }
}

/// One thing a clerk may try to append.
#[derive(Clone, Debug)]
enum Try {
    In(i64, i64, i64),
    Out(i64, i64, i64),
    Correct(usize, i64, i64),
}

fn tries() -> impl Strategy<Value = Vec<Try>> {
    let one = prop_oneof![
        (1..4i64, 0..60i64, 1..1_000_000i64).prop_map(|(p, d, a)| Try::In(p, d, a)),
        (1..4i64, 0..60i64, 1..1_000_000i64).prop_map(|(p, d, a)| Try::Out(p, d, a)),
        (any::<usize>(), 0..30i64, -1_000_000..1_000_000i64)
            .prop_map(|(t, d, a)| Try::Correct(t, d, a)),
    ];
    prop::collection::vec(one, 1..60)
}

/// The posting `t` would append to `book` as entry `id`.
fn posting(book: &[Posting], id: i64, t: &Try) -> Option<Posting> {
    Some(match *t {
        Try::In(p, d, a) => post(id, p, d, EntryKind::In, a),
        Try::Out(p, d, a) => post(id, p, d, EntryKind::Out, -a),
        Try::Correct(target, later, a) => {
            let of = book.get(target % book.len().max(1))?;
            correction(id, of, (of.date - day(0)).num_days() + later, a)
        }
    })
}

/// Replays `tries`, appending what [`check`] admits; the book, and the refused postings.
fn replay(tries: &[Try]) -> (Vec<Posting>, Vec<(Posting, Refusal)>) {
    let (mut book, mut refused) = (Vec::new(), Vec::new());
    for t in tries {
        let Some(p) = posting(&book, book.len() as i64 + 1, t) else {
            continue;
        };
        match check(&book, &p) {
            Ok(()) => book.push(p),
            Err(r) => refused.push((p, r)),
        }
    }
    (book, refused)
}

/// Every date that matters in `book`, and one before them all.
fn dates(book: &[Posting]) -> Vec<NaiveDate> {
    let mut d: Vec<NaiveDate> = book.iter().map(|e| e.date).collect();
    d.push(day(-1));
    d.sort_unstable();
    d.dedup();
    d
}

/// The lowest balance `partner` ever has in `book`.
fn lowest(book: &[Posting], partner: i64) -> i64 {
    dates(book)
        .into_iter()
        .map(|d| totals(book, Some(partner), d).balance)
        .min()
        .unwrap_or(0)
}

proptest! {
    #[test]
    fn the_books_balance_after_any_sequence(tries in tries()) {
        let (book, _) = replay(&tries);
        for d in dates(&book) {
            let all = totals(&book, None, d);
            let sum: i64 = book.iter().filter(|e| e.date <= d).map(|e| e.amount).sum();
            prop_assert_eq!(all.balance, sum);
            prop_assert_eq!(all.balance, all.money_in - all.money_out);
            let per = (1..4).map(|p| totals(&book, Some(p), d)).fold(Totals::default(), Totals::plus);
            prop_assert_eq!(per, all);
            let upto: Vec<Posting> = book.iter().filter(|e| e.date <= d).cloned().collect();
            prop_assert_eq!(totals(&upto, None, d), all);
        }
    }

    #[test]
    fn no_partner_is_ever_overdrawn_and_refusals_were_needed(tries in tries()) {
        let (book, refused) = replay(&tries);
        for p in 1..4 {
            prop_assert!(lowest(&book, p) >= 0);
        }
        for (posting, why) in refused {
            if let Refusal::Overdrawn { .. } = why {
                let before: Vec<Posting> = book.iter().filter(|e| e.id < posting.id).cloned().collect();
                let mut with = before.clone();
                with.push(posting.clone());
                prop_assert!(lowest(&with, posting.partner_id) < 0);
            }
        }
    }

    #[test]
    fn corrections_net_as_expected(tries in tries()) {
        let (book, _) = replay(&tries);
        for original in book.iter().filter(|e| e.kind != EntryKind::Correction) {
            let fixes: Vec<&Posting> = book.iter().filter(|e| e.corrects == Some(original.id)).collect();
            let net = original.amount + fixes.iter().map(|e| e.amount).sum::<i64>();
            match original.kind {
                EntryKind::In => prop_assert!(net >= 0),
                _ => prop_assert!(net <= 0),
            }
            for f in &fixes {
                prop_assert!(f.date >= original.date && f.partner_id == original.partner_id && f.amount != 0);
            }
        }
        for c in book.iter().filter(|e| e.kind == EntryKind::Correction) {
            let target = book.iter().find(|e| Some(e.id) == c.corrects);
            prop_assert!(target.is_some_and(|t| t.kind != EntryKind::Correction));
        }
        let end = day(200);
        let t = totals(&book, None, end);
        let ins: i64 = book.iter().filter(|e| e.kind == EntryKind::In).map(|e| e.amount).sum();
        let in_fixes: i64 = book
            .iter()
            .filter(|e| e.corrects.is_some_and(|c| book.iter().any(|o| o.id == c && o.kind == EntryKind::In)))
            .map(|e| e.amount)
            .sum();
        prop_assert_eq!(t.money_in, ins + in_fixes);
    }
}
