//! Assistance over real HTTP on both databases: help recorded from a card pays out of the chosen
//! partner's fund in the same write; it is refused without a valid entitlement (no document,
//! expired, not yet valid, revoked by then, another household's, a letter past its month) or
//! money, and outside the configured range without a reason; help given before a revocation
//! day is still recorded; a correction voids it; the list narrows by filters and by the
//! reader's area.

use chrono::Duration;

use crate::funds::{column, document, ledger_sum, money_in, post_as, signed_in, today, world};
use crate::harness::{on_both, Backend, Server, PASSWORD};
use crate::web::Page;

/// Record help against `number` as `who` with `fields` over the defaults (SD, Rp 350.000,
/// today, partner 1).
fn give(server: &Server, who: &str, number: &str, fields: &[(&str, &str)]) -> Page {
    let day = today().to_string();
    let mut form: Vec<(&str, &str)> = vec![
        ("kind", "education"),
        ("level", "sd"),
        ("amount", "350.000"),
        ("given_on", &day),
        ("partner", "1"),
    ];
    for (k, v) in fields {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    post_as(
        server,
        who,
        &format!("/office/documents/{number}/assistance"),
        &form,
    )
}

fn help_from_a_card_pays_out_of_the_fund_in_the_same_write(backend: Backend) {
    let w = world(backend);
    let card = document(&w, "h-a", "card");
    money_in(&w.server, 1, "1.000.000", &today().to_string());
    let (mut sri, _) = signed_in(&w.server, "sri");
    let doc_page = sri.get(&format!("/office/documents/{card}"));
    assert!(doc_page
        .html
        .contains(&format!("/office/documents/{card}/assistance")));
    let form = sri.get(&format!("/office/documents/{card}/assistance"));
    assert_eq!(form.status, 200, "{}", form.html);
    assert!(
        form.html.contains("Rp 350.000 – Rp 400.000"),
        "the ranges are shown"
    );
    let done = give(&w.server, "sri", &card, &[]);
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(done.location, "/office/assistance?household=h-a");
    let kept = w.server.query(
        "SELECT a.household_id, a.kind, a.school_level, CAST(a.amount AS TEXT), a.document_number, a.kelurahan,
         CAST(e.amount AS TEXT) FROM assistance a JOIN ledger_entry e ON e.assistance_id = a.id",
    );
    assert_eq!(
        kept,
        [[
            "h-a",
            "education",
            "sd",
            "350000",
            card.as_str(),
            crate::harness::KEL_A,
            "-350000"
        ]]
    );
    assert_eq!(ledger_sum(&w.server), ("650000".into(), "2".into()));
    let list = sri.get(&done.location);
    assert!(list.html.contains(&card) && list.html.contains("Rp 350.000"));
    let funds = sri.get("/office/funds");
    assert!(funds.html.contains("Rp 650.000"));
    let audit = column(
        &w.server,
        "SELECT action FROM audit_log WHERE action LIKE 'web.%.assistance' ORDER BY id",
    );
    assert_eq!(audit, ["web.write.assistance", "web.read.assistance"]);
}

fn help_without_a_valid_entitlement_is_refused_and_nothing_kept(backend: Backend) {
    let w = world(backend);
    let card = document(&w, "h-a", "card");
    let letter = document(&w, "h-b", "letter");
    money_in(
        &w.server,
        1,
        "10.000.000",
        &(today() - Duration::days(400)).to_string(),
    );
    // Expired cards and letters: the 2015 seed cards in `help_given_before_a_revocation_is_…`
    // (an office-made one is valid from today, and help is never dated after today).
    let tomorrow = (today() + Duration::days(1)).to_string();
    let before = (today() - Duration::days(1)).to_string();
    let cases = [
        (
            card.as_str(),
            vec![("given_on", tomorrow.as_str())],
            "belum tiba",
        ),
        (
            card.as_str(),
            vec![("given_on", before.as_str())],
            "baru berlaku mulai",
        ),
        (
            card.as_str(),
            vec![("household", "h-b")],
            "milik keluarga lain",
        ),
        (
            letter.as_str(),
            vec![("given_on", before.as_str())],
            "baru berlaku mulai",
        ),
    ];
    for (number, fields, reason) in cases {
        let page = give(&w.server, "sri", number, &fields);
        assert_eq!(page.status, 422, "{fields:?}: {}", page.html);
        assert!(page.html.contains(reason), "{fields:?}: {}", page.html);
    }
    assert_eq!(
        give(&w.server, "sri", "PKU-2026-999999", &[]).status,
        404,
        "no such document"
    );
    assert_eq!(
        give(&w.server, "sri", &card, &[("household", "h-c")]).status,
        404,
        "outside the area"
    );
    let revoke = post_as(
        &w.server,
        "sri",
        &format!("/office/documents/{card}/revoke"),
        &[("reason", "pindah")],
    );
    assert_eq!(revoke.status, 303);
    let revoked = give(&w.server, "sri", &card, &[]);
    assert!(
        revoked.status == 422 && revoked.html.contains("sudah dicabut"),
        "{}",
        revoked.html
    );
    let (mut en, csrf) = signed_in(&w.server, "sri");
    en.get("/office?lang=en");
    let day = today().to_string();
    let english = en.post(
        &format!("/office/documents/{card}/assistance"),
        &[
            ("csrf", &csrf),
            ("kind", "health"),
            ("amount", "1.000.000"),
            ("given_on", &day),
            ("partner", "1"),
        ],
    );
    assert!(
        english.html.contains(&format!(
            "That card or letter was revoked on {day}; help from that day on cannot be recorded."
        )),
        "{}",
        english.html
    );
    assert!(w.server.query("SELECT id FROM assistance").is_empty());
    assert_eq!(ledger_sum(&w.server), ("10000000".into(), "1".into()));
    let refusals = column(
        &w.server,
        "SELECT subject FROM audit_log WHERE action = 'web.refused.assistance' ORDER BY id",
    );
    assert!(
        refusals.iter().any(|s| s.ends_with("revoked"))
            && refusals.iter().any(|s| s.ends_with("other_household"))
    );
}

fn help_needs_money_a_reason_outside_its_range_and_sound_fields(backend: Backend) {
    let w = world(backend);
    let card = document(&w, "h-a", "card");
    let none = give(&w.server, "sri", &card, &[]);
    assert!(
        none.status == 422 && none.html.contains("Saldo mitra tidak cukup"),
        "{}",
        none.html
    );
    money_in(&w.server, 1, "5.000.000", &today().to_string());
    let high = give(&w.server, "sri", &card, &[("amount", "900.000")]);
    assert!(
        high.status == 422
            && high
                .html
                .contains("di luar rentang Rp 350.000 – Rp 400.000"),
        "{}",
        high.html
    );
    let bad = [
        vec![("amount", "3,5")],
        vec![("amount", "-350.000")],
        vec![("amount", "99999999999999")],
        vec![("given_on", "31/12/2026")],
        vec![("kind", "education"), ("level", "")],
        vec![("kind", "health"), ("level", "sd")],
        vec![("kind", "food")],
        vec![("partner", "x")],
        vec![("partner", "99")],
    ];
    for fields in bad {
        let page = give(&w.server, "sri", &card, &fields);
        assert_eq!(page.status, 422, "{fields:?}: {}", page.html);
    }
    assert!(w.server.query("SELECT id FROM assistance").is_empty());
    let reasoned = give(
        &w.server,
        "sri",
        &card,
        &[("amount", "900.000"), ("reason", "dua anak SD")],
    );
    assert_eq!(reasoned.status, 303, "{}", reasoned.html);
    let (mut sri, _) = signed_in(&w.server, "sri");
    let list = sri.get("/office/assistance");
    assert!(list.html.contains("Di luar rentang: dua anak SD"));
    assert_eq!(ledger_sum(&w.server), ("4100000".into(), "2".into()));
}

fn a_correction_voids_help_and_the_list_narrows_by_filter_and_area(backend: Backend) {
    let w = world(backend);
    let card = document(&w, "h-a", "card");
    let day = today().to_string();
    money_in(&w.server, 1, "5.000.000", &day);
    money_in(&w.server, 3, "5.000.000", &day);
    assert_eq!(give(&w.server, "sri", &card, &[]).status, 303);
    let health = [
        ("kind", "health"),
        ("level", ""),
        ("amount", "1.000.000"),
        ("partner", "3"),
    ];
    assert_eq!(give(&w.server, "sri", &card, &health).status, 303);
    let out = column(
        &w.server,
        "SELECT CAST(id AS TEXT) FROM ledger_entry WHERE kind = 'out' ORDER BY id",
    )[0]
    .clone();
    let void = [
        ("corrects", out.as_str()),
        ("date", &day),
        ("amount", "350.000"),
        ("reason", "dobel"),
    ];
    assert_eq!(
        post_as(&w.server, "sri", "/office/funds/1/corrections", &void).status,
        303
    );
    let (mut sri, _) = signed_in(&w.server, "sri");
    let all = sri.get("/office/assistance");
    assert!(all.html.contains("Dibatalkan") && all.html.contains("data-net=\"0\""));
    assert!(
        all.html.contains(r#"data-count="2" data-total="1000000""#),
        "net total of both rows"
    );
    let baznas = sri.get("/office/assistance?partner=3");
    assert!(baznas.html.contains(r#"data-count="1""#) && !baznas.html.contains("Dibatalkan"));
    let health_only = sri.get(&format!(
        "/office/assistance?kind=health&from={day}&to={day}"
    ));
    assert!(health_only.html.contains(r#"data-count="1""#));
    let elsewhere = sri.get("/office/assistance?kelurahan=13.76.05.1001");
    assert!(elsewhere.html.contains(r#"data-count="0""#));
    let (mut budi, _) = signed_in(&w.server, "budi");
    assert!(
        budi.get("/office/assistance")
            .html
            .contains(r#"data-count="2""#),
        "a peksos reads his area"
    );
    let (mut ani, _) = signed_in(&w.server, "ani");
    assert!(
        ani.get("/office/assistance")
            .html
            .contains(r#"data-count="0""#),
        "another area's peksos reads none"
    );
    assert_eq!(
        give(&w.server, "budi", &card, &[]).status,
        403,
        "a peksos does not record help"
    );
    let (mut rt, _) = signed_in(&w.server, "rt");
    assert_eq!(rt.get("/office/assistance").status, 403);
    assert_eq!(ledger_sum(&w.server), ("9000000".into(), "5".into()));
    let balance = sri.get("/office/funds");
    assert!(balance.html.contains("Rp 9.000.000"));
}

fn concurrent_payments_never_overdraw_a_partner(backend: Backend) {
    let w = world(backend);
    let card = document(&w, "h-a", "card");
    money_in(&w.server, 1, "1.000.000", &today().to_string());
    let mut browsers: Vec<_> = (0..6).map(|_| signed_in(&w.server, "sri")).collect();
    let path = format!("/office/documents/{card}/assistance");
    let day = today().to_string();
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = browsers
            .iter_mut()
            .map(|(b, csrf)| {
                let form = [
                    ("csrf", csrf.as_str()),
                    ("kind", "education"),
                    ("level", "sd"),
                    ("amount", "400.000"),
                    ("given_on", &day),
                    ("partner", "1"),
                ];
                let path = &path;
                s.spawn(move || b.post(path, &form).status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        4,
        "{statuses:?}"
    );
    assert_eq!(ledger_sum(&w.server), ("200000".into(), "3".into()));
}

/// A 2015 seed card: help dated today is refused, the card ran out in 2016; once it is revoked
/// today, help given in 2015, while it was valid, is still recorded late, and help dated on the
/// revocation day is refused.
fn help_given_before_a_revocation_is_recorded_late(backend: Backend) {
    let server = Server::start(backend);
    let (ok, out) = server.cli(&["seed-demo"], "");
    assert!(ok, "{out}");
    server.create_user("sri", "supervisor", &["all"], PASSWORD);
    let card = server.query(
        "SELECT number, CAST(valid_until AS TEXT) FROM document WHERE household_id = 'seed-2015-001'",
    );
    let (card, until) = (card[0][0].clone(), card[0][1].clone());
    assert!(until.as_str() >= "2016-05-01", "valid a year: {until}");
    let expired = give(&server, "sri", &card, &[]);
    assert!(
        expired.status == 422 && expired.html.contains(&format!("hanya sampai {until}")),
        "help today on a 2015 card: {}",
        expired.html
    );
    let revoke = post_as(
        &server,
        "sri",
        &format!("/office/documents/{card}/revoke"),
        &[("reason", "pindah")],
    );
    assert_eq!(revoke.status, 303, "{}", revoke.html);
    let late = give(&server, "sri", &card, &[("given_on", "2015-11-30")]);
    assert_eq!(late.status, 303, "{}", late.html);
    let day = today().to_string();
    let refused = give(&server, "sri", &card, &[]);
    assert!(
        refused.status == 422 && refused.html.contains(&format!("sudah dicabut pada {day}")),
        "{}",
        refused.html
    );
    let kept = server.query(&format!(
        "SELECT CAST(given_on AS TEXT), CAST(amount AS TEXT) FROM assistance
         WHERE document_number = '{card}' ORDER BY id"
    ));
    assert_eq!(kept.len(), 2, "the seed's help and the late one: {kept:?}");
    assert_eq!(kept[1], ["2015-11-30", "350000"]);
}

on_both!(
    help_given_before_a_revocation_is_recorded_late,
    concurrent_payments_never_overdraw_a_partner,
    help_from_a_card_pays_out_of_the_fund_in_the_same_write,
    help_without_a_valid_entitlement_is_refused_and_nothing_kept,
    help_needs_money_a_reason_outside_its_range_and_sound_fields,
    a_correction_voids_help_and_the_list_narrows_by_filter_and_area,
);
