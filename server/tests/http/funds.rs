//! The partner fund pages over real HTTP on both databases: money in and corrections through the
//! forms, balances that always equal the sum of the entries, reported figures set against the
//! ledger, roles, CSRF, and bad amounts and dates refused with a reason and nothing kept. The
//! world here (a supervisor, a peksos, a volunteer, a household with a card) serves the
//! assistance tests too.

use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;

use crate::fixtures::household;
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};
use crate::web::{csrf_in, Browser, Page};
use crate::web_queue::{assessed_visit, send};

/// A server with sri (supervisor, KEL_A), budi (peksos, KEL_A, with a phone), rt (volunteer),
/// households h-a and h-b in KEL_A and h-c in KEL_B.
pub struct World {
    /// The running server.
    pub server: Server,
    /// Budi's phone, which sends the visits cards rest on.
    pub budi: Device,
}

/// The world, started on `backend`.
pub fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    let sri = server.account("sri", "supervisor", KEL_A);
    let zed = server.account("zed", "supervisor", KEL_B);
    for (who, id, kel) in [
        (&sri, "h-a", KEL_A),
        (&sri, "h-b", KEL_A),
        (&zed, "h-c", KEL_B),
    ] {
        let path = format!("/api/v1/households/{id}");
        let put = server.send("PUT", &path, Some(&who.token), Some(household(id, kel)));
        assert_eq!(put.status, 204, "{}", put.json);
    }
    server.user("admin", "admin", "all");
    server.user("rt", "volunteer", KEL_A);
    server.user("ani", "peksos", KEL_B);
    let budi = server.account("budi", "peksos", KEL_A);
    World { server, budi }
}

/// Today in Payakumbuh, as the server counts days.
pub fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

/// `who` signed in; the browser and a CSRF token.
pub fn signed_in<'a>(server: &'a Server, who: &str) -> (Browser<'a>, String) {
    let mut b = Browser::new(server);
    let csrf = b.sign_in(who);
    (b, csrf)
}

/// POST `fields` (with the CSRF token) to `path` as `who`.
pub fn post_as(server: &Server, who: &str, path: &str, fields: &[(&str, &str)]) -> Page {
    let (mut b, csrf) = signed_in(server, who);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    b.post(path, &form)
}

/// A card (or, with a mayor's reference, a letter) for `household` decided by sri on a new
/// visit; its number.
pub fn document(w: &World, household: &str, kind: &str) -> String {
    let visit = send(
        &w.server,
        &w.budi,
        assessed_visit(household, "b", json!([]), &[]),
    );
    let mut fields = vec![("kind", kind)];
    if kind == "letter" {
        fields.push(("mayor_ref", "WK/7/2026"));
    }
    let done = post_as(
        &w.server,
        "sri",
        &format!("/office/visits/{visit}/decisions"),
        &fields,
    );
    assert_eq!(done.status, 303, "{}", done.html);
    done.location.rsplit('/').next().unwrap().to_owned()
}

/// Record money in for partner `partner` as sri.
pub fn money_in(server: &Server, partner: i64, amount: &str, on: &str) -> Page {
    let path = format!("/office/funds/{partner}/in");
    post_as(
        server,
        "sri",
        &path,
        &[("date", on), ("amount", amount), ("note", "zakat ASN")],
    )
}

/// One text column of `sql`.
pub fn column(server: &Server, sql: &str) -> Vec<String> {
    server
        .query(sql)
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect()
}

/// The ledger's sum of entries and its count, as text.
pub fn ledger_sum(server: &Server) -> (String, String) {
    let row = server.query(
        "SELECT CAST(coalesce(sum(amount), 0) AS TEXT), CAST(count(*) AS TEXT) FROM ledger_entry",
    );
    (row[0][0].clone(), row[0][1].clone())
}

/// The balance cell of partner `partner` (or the total row) on the overview, as shown.
pub fn shown_balance(page: &Page, row: &str) -> String {
    let at = page
        .html
        .find(row)
        .unwrap_or_else(|| panic!("no {row} in {}", page.html));
    let cell = page.html[at..].find("balance\">").unwrap() + at + 9;
    page.html[cell..].split('<').next().unwrap().to_owned()
}

fn money_in_shows_in_the_balances_and_the_books_balance(backend: Backend) {
    let w = world(backend);
    let day = today().to_string();
    assert_eq!(money_in(&w.server, 1, "Rp 1.250.000", &day).status, 303);
    assert_eq!(money_in(&w.server, 3, "2,000,000", &day).status, 303);
    let (mut sri, _) = signed_in(&w.server, "sri");
    let page = sri.get("/office/funds");
    assert_eq!(page.status, 200, "{}", page.html);
    assert_eq!(shown_balance(&page, "data-partner=\"1\""), "Rp 1.250.000");
    assert_eq!(shown_balance(&page, "id=\"total\""), "Rp 3.250.000");
    let english = sri.get("/office/funds?lang=en");
    assert_eq!(shown_balance(&english, "id=\"total\""), "Rp 3,250,000");
    let yesterday = (today() - Duration::days(1)).to_string();
    let before = sri.get(&format!("/office/funds?on={yesterday}"));
    assert_eq!(shown_balance(&before, "id=\"total\""), "Rp 0");
    let unreadable = sri.get("/office/funds?on=31-12-2015");
    assert!(
        unreadable.html.contains("31-12-2015&quot; cannot be read"),
        "{}",
        unreadable.html
    );
    assert_eq!(
        shown_balance(&unreadable, "id=\"total\""),
        "Rp 3,250,000",
        "today's, said so"
    );
    assert_eq!(ledger_sum(&w.server), ("3250000".into(), "2".into()));
    let audit = column(
        &w.server,
        "SELECT action FROM audit_log WHERE action LIKE 'web.write.%'",
    );
    assert_eq!(audit, ["web.write.money_in", "web.write.money_in"]);
}

fn bad_amounts_and_dates_are_refused_with_a_reason_and_nothing_kept(backend: Backend) {
    let w = world(backend);
    let day = today().to_string();
    let typo_year = (today() + chrono::Months::new(12 * 36)).to_string();
    let cases = [
        ("abc", day.as_str(), "tidak terbaca"),
        ("-5.000", &day, "tidak boleh negatif"),
        ("1.000.000.000.000", &day, "terlalu besar"),
        ("1.250,50", &day, "rupiah bulat"),
        ("0", &day, "tidak boleh nol"),
        ("", &day, "belum diisi"),
        ("1.000", "2015-13-45", "2015-13-45&quot; tidak terbaca"),
        ("1.000", "kemarin", "tidak terbaca"),
        ("1.000", &typo_year, "belum tiba"),
    ];
    for (amount, on, reason) in cases {
        let page = money_in(&w.server, 1, amount, on);
        assert_eq!(page.status, 422, "{amount} {on}: {}", page.html);
        assert!(page.html.contains(reason), "{amount} {on}: {}", page.html);
    }
    let no_note = post_as(
        &w.server,
        "sri",
        "/office/funds/1/in",
        &[("date", &day), ("amount", "5")],
    );
    assert_eq!(no_note.status, 422);
    assert_eq!(money_in(&w.server, 99, "5", &day).status, 404);
    assert_eq!(ledger_sum(&w.server), ("0".into(), "0".into()));
}

fn corrections_are_new_entries_and_the_rules_hold(backend: Backend) {
    let w = world(backend);
    let day = today().to_string();
    money_in(&w.server, 1, "1.000.000", &day);
    let first = column(&w.server, "SELECT CAST(id AS TEXT) FROM ledger_entry")[0].clone();
    let correct = |partner: i64, corrects: &str, amount: &str, on: &str| {
        let path = format!("/office/funds/{partner}/corrections");
        let fields = [
            ("corrects", corrects),
            ("date", on),
            ("amount", amount),
            ("reason", "salah ketik"),
        ];
        post_as(&w.server, "sri", &path, &fields)
    };
    assert_eq!(correct(1, &first, "-100.000", &day).status, 303);
    let fix = column(
        &w.server,
        "SELECT CAST(id AS TEXT) FROM ledger_entry WHERE kind = 'correction'",
    )[0]
    .clone();
    let twice = correct(1, &fix, "5", &day);
    assert_eq!(twice.status, 422);
    assert!(twice.html.contains("Koreksi tidak dapat dikoreksi"));
    let past_zero = correct(1, &first, "-900.001", &day);
    assert!(
        past_zero.status == 422 && past_zero.html.contains("melewati nol"),
        "{}",
        past_zero.html
    );
    let before = (today() - Duration::days(1)).to_string();
    assert_eq!(correct(1, &first, "5", &before).status, 422);
    assert_eq!(
        correct(2, &first, "5", &day).status,
        422,
        "another partner's entry"
    );
    assert_eq!(ledger_sum(&w.server), ("900000".into(), "2".into()));
    let (mut sri, _) = signed_in(&w.server, "sri");
    let page = sri.get("/office/funds/1");
    assert!(
        page.html.contains(&format!("href=\"#entry-{fix}\"")),
        "the original links its correction"
    );
    assert!(page.html.contains("Rp 900.000"));
}

fn reported_figures_show_how_far_they_are_from_the_ledger(backend: Backend) {
    let w = world(backend);
    let day = today().to_string();
    money_in(&w.server, 1, "202.615.628", &day);
    let figure =
        |fields: &[(&str, &str)]| post_as(&w.server, "sri", "/office/funds/1/figures", fields);
    let balance = [
        ("scope", "all"),
        ("kind", "balance"),
        ("to", &day),
        ("amount", "95.625.000"),
        ("note", "laporan LKS"),
    ];
    assert_eq!(figure(&balance).status, 303);
    let collected = [
        ("scope", "partner"),
        ("kind", "collected"),
        ("from", &day),
        ("to", &day),
        ("amount", "202.615.628"),
        ("note", "laporan"),
    ];
    assert_eq!(figure(&collected).status, 303);
    let backwards = [
        ("kind", "collected"),
        ("from", "2015-10-31"),
        ("to", "2015-05-01"),
        ("amount", "1"),
        ("note", "x"),
    ];
    assert_eq!(figure(&backwards).status, 422);
    let (mut sri, _) = signed_in(&w.server, "sri");
    let page = sri.get("/office/funds");
    assert!(
        page.html.contains("data-difference=\"-106990628\""),
        "{}",
        page.html
    );
    assert!(page.html.contains("data-difference=\"0\""));
    assert!(page.html.contains("-Rp 106.990.628"));
}

fn roles_and_csrf_guard_every_fund_form(backend: Backend) {
    let w = world(backend);
    let day = today().to_string();
    let fields = [("date", day.as_str()), ("amount", "5"), ("note", "x")];
    assert_eq!(
        post_as(&w.server, "budi", "/office/funds/1/in", &fields).status,
        403
    );
    assert_eq!(
        post_as(&w.server, "rt", "/office/funds/1/in", &fields).status,
        403
    );
    let (mut sri, _) = signed_in(&w.server, "sri");
    let no_csrf = sri.post("/office/funds/1/in", &fields);
    assert_eq!(no_csrf.status, 403);
    let (mut budi, _) = signed_in(&w.server, "budi");
    let read = budi.get("/office/funds/1");
    assert_eq!(read.status, 200);
    assert!(
        !read.html.contains("money-in-form"),
        "a peksos reads but has no forms"
    );
    let (mut rt, _) = signed_in(&w.server, "rt");
    assert_eq!(rt.get("/office/funds").status, 403);
    assert_eq!(
        post_as(
            &w.server,
            "sri",
            "/office/funds/partners",
            &[("name", "Bank Nagari")]
        )
        .status,
        403
    );
    let added = post_as(
        &w.server,
        "admin",
        "/office/funds/partners",
        &[("name", "Bank Nagari")],
    );
    assert_eq!(added.status, 303);
    let again = post_as(
        &w.server,
        "admin",
        "/office/funds/partners",
        &[("name", "Bank Nagari")],
    );
    assert_eq!(again.status, 422);
    assert_eq!(
        column(&w.server, "SELECT name FROM partner ORDER BY id").len(),
        5
    );
    assert_eq!(ledger_sum(&w.server), ("0".into(), "0".into()));
    let (mut admin, _) = signed_in(&w.server, "admin");
    let page = admin.get("/office/funds");
    assert!(page.html.contains("Bank Nagari") && csrf_in(&page.html).len() > 10);
}

fn a_broken_services_file_stops_the_server_with_a_clear_message(backend: Backend) {
    let server = Server::start(backend);
    let path = server.data_dir().join("services.json");
    std::fs::write(
        &path,
        r#"{"ranges": [{"kind": "health", "min": 5, "max": 1}]}"#,
    )
    .unwrap();
    let (ok, out) = server.cli(&["--services-config", path.to_str().unwrap(), "serve"], "");
    assert!(!ok, "{out}");
    assert!(
        out.contains("Berkas layanan") && out.contains("range health must have 0 < min <= max"),
        "{out}"
    );
}

on_both!(
    a_broken_services_file_stops_the_server_with_a_clear_message,
    money_in_shows_in_the_balances_and_the_books_balance,
    bad_amounts_and_dates_are_refused_with_a_reason_and_nothing_kept,
    corrections_are_new_entries_and_the_rules_hold,
    reported_figures_show_how_far_they_are_from_the_ledger,
    roles_and_csrf_guard_every_fund_form,
);
