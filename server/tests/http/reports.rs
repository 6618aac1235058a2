//! The office reports over real HTTP on both databases: each report's numbers against counts
//! worked out by hand from the fixture below, the CSV and XLSX downloads re-read and compared
//! with the page's table, the audit line, the reader's area and the roles.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::json;

use crate::fixtures::household;
use crate::harness::{on_both, Backend, Server, KEL_A, KEL_B, PASSWORD};
use crate::web::Browser;
use crate::web_queue::{assessed_visit, send};

/// The fixture: sri supervises both kelurahan; budi (KEL_A) visits h-a twice (first an
/// exclusion error, then none) and h-c once (an inclusion error); ani (KEL_B) visits h-b once
/// (an exclusion error). sri gives h-c's visit a card and rejects h-b's.
struct World {
    server: Server,
    /// The card's number and last valid day.
    card: (String, String),
}

fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    server.create_user("sri", "supervisor", &[KEL_A, KEL_B], PASSWORD);
    let sri = server.enrol("sri");
    for (id, kel) in [("h-a", KEL_A), ("h-b", KEL_B), ("h-c", KEL_A)] {
        let path = format!("/api/v1/households/{id}");
        let put = server.send("PUT", &path, Some(&sri.token), Some(household(id, kel)));
        assert_eq!(put.status, 204, "{}", put.json);
    }
    server.user("rt", "volunteer", KEL_A);
    let budi = server.account("budi", "peksos", KEL_A);
    let ani = server.account("ani", "peksos", KEL_B);
    let visit = |household, errors: &[&str]| assessed_visit(household, "b", json!([]), errors);
    send(&server, &budi, visit("h-a", &["exclusion_error"]));
    send(&server, &budi, visit("h-a", &[]));
    let carded = send(&server, &budi, visit("h-c", &["inclusion_error"]));
    let rejected = send(&server, &ani, visit("h-b", &["exclusion_error"]));
    let mut office = Browser::new(&server);
    let csrf = office.sign_in("sri");
    for (record, fields) in [
        (carded, vec![("kind", "card")]),
        (rejected, vec![("kind", "reject"), ("reason", "mampu")]),
    ] {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend(fields);
        let done = office.post(&format!("/office/visits/{record}/decisions"), &form);
        assert_eq!(done.status, 303, "{}", done.html);
    }
    let card = server.query("SELECT number, CAST(valid_until AS TEXT) FROM document");
    World {
        server,
        card: (card[0][0].clone(), card[0][1].clone()),
    }
}

/// The rows of a report page's table as its cells' texts.
pub fn page_rows(html: &str) -> Vec<Vec<String>> {
    let body = html.split("<tbody>").nth(1).unwrap_or_default();
    let body = body.split("</tbody>").next().unwrap_or_default();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let text = cell.split_once('>').map_or("", |(_, rest)| rest);
                    text.split("</td>").next().unwrap_or_default().to_owned()
                })
                .collect()
        })
        .collect()
}

/// The rows of a CSV download (BOM checked and dropped; no field of these reports is quoted).
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// The rows of the first sheet of an XLSX download, numbers as integers.
pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    sheet
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) => format!("{}", *f as i64),
                    Data::Int(i) => i.to_string(),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .map(|t| t.date().to_string())
                        .unwrap_or_default(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A page cell as the files write it: rupiah without `Rp` and separators (`.` in Indonesian, `,`
/// in English).
fn raw(cell: &str) -> String {
    let (sign, unsigned) = cell
        .strip_prefix('-')
        .map_or(("", cell), |rest| ("-", rest));
    match unsigned.strip_prefix("Rp ") {
        Some(amount) => format!("{sign}{}", amount.replace(['.', ','], "")),
        None => cell.to_owned(),
    }
}

/// Open `path` as `who`; the page's rows after checking the CSV and XLSX downloads hold the
/// same rows under the same header.
pub fn report_rows(server: &Server, who: &str, path: &str) -> Vec<Vec<String>> {
    let mut browser = Browser::new(server);
    browser.sign_in(who);
    let page = browser.get(path);
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("<svg") && page.html.contains("<title id=\"chart-title\">"));
    let rows = page_rows(&page.html);
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| raw(c)).collect())
        .collect();
    let sep = if path.contains('?') { '&' } else { '?' };
    let csv = browser.get(&format!("{path}{sep}format=csv"));
    assert_eq!(csv.status, 200);
    let csv = csv_rows(&csv.bytes);
    let xlsx = browser.get(&format!("{path}{sep}format=xlsx"));
    assert_eq!(xlsx.status, 200);
    let xlsx = xlsx_rows(&xlsx.bytes);
    assert_eq!(csv[0], xlsx[0], "the same header");
    if !expected.is_empty() && expected[0].len() > 1 {
        assert_eq!(csv[1..], expected[..], "the CSV holds the page's rows");
        assert_eq!(xlsx[1..], expected[..], "the XLSX holds the page's rows");
    }
    rows
}

/// Today's period as a query (the fixture was made today, UTC).
fn today() -> String {
    let day = chrono::Utc::now().date_naive();
    format!("from={day}&to={day}")
}

fn visits_and_decisions_are_counted_per_author(backend: Backend) {
    let w = world(backend);
    let rows = report_rows(
        &w.server,
        "sri",
        &format!("/office/reports/visits-decisions?{}", today()),
    );
    // author, visits, refused, approve, card, letter, sent back, rejected, decisions in all
    assert_eq!(
        rows,
        vec![
            vec!["ani", "1", "0", "0", "0", "0", "0", "1", "1"],
            vec!["budi", "3", "0", "0", "1", "0", "0", "0", "1"],
        ]
    );
    let audited = w
        .server
        .query("SELECT subject FROM audit_log WHERE action = 'report.visits_decisions'");
    assert_eq!(audited.len(), 3, "the page and both downloads");
    assert!(audited[0][0].contains("format=page") && audited[1][0].contains("format=csv"));
}

fn inclusion_and_exclusion_errors_count_each_household_by_its_latest_visit(backend: Backend) {
    let w = world(backend);
    let rows = report_rows(
        &w.server,
        "sri",
        &format!("/office/reports/ppls-errors?{}", today()),
    );
    // h-a: latest visit clean; h-c: inclusion; h-b: exclusion.
    assert_eq!(
        rows,
        vec![
            vec![KEL_A, name_of(KEL_A).as_str(), "2", "1", "0"],
            vec![KEL_B, name_of(KEL_B).as_str(), "1", "0", "1"],
        ]
    );
    let own = report_rows(
        &w.server,
        "budi",
        &format!("/office/reports/ppls-errors?{}", today()),
    );
    assert_eq!(own.len(), 1, "a peksos reads only their area");
    assert_eq!(own[0][0], KEL_A);
}

fn cards_expiring_are_listed_in_their_month(backend: Backend) {
    let w = world(backend);
    let (number, until) = &w.card;
    let path = format!("/office/reports/expiring?from={until}&to={until}");
    let rows = report_rows(&w.server, "sri", &path);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0][0].as_str(), rows[0][1].as_str()),
        (until.as_str(), number.as_str())
    );
    assert_eq!(rows[0][5], "h-c");
    let none = report_rows(
        &w.server,
        "sri",
        &format!("/office/reports/expiring?{}", today()),
    );
    assert_eq!(none.len(), 1, "one row saying there is nothing");
    assert_eq!(none[0].len(), 1);
}

fn roles_areas_and_bad_queries_are_refused_clearly(backend: Backend) {
    let w = world(backend);
    let mut rt = Browser::new(&w.server);
    rt.sign_in("rt");
    assert_eq!(rt.get("/office/reports").status, 403);
    assert_eq!(rt.get("/office/reports/ppls-errors").status, 403);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    let index = budi.get("/office/reports");
    assert_eq!(index.status, 200);
    assert!(index.html.contains("/office/reports/expiring"));
    let other = budi.get(&format!("/office/reports/ppls-errors?kelurahan={KEL_B}"));
    assert_eq!(other.status, 400);
    assert!(other.html.contains("tidak ada di wilayah Anda"));
    let bad = budi.get("/office/reports/ppls-errors?from=2026-13-01&lang=en");
    assert_eq!(bad.status, 400);
    assert!(bad.html.contains("Invalid period"));
    let backwards = budi.get("/office/reports/ppls-errors?from=2026-02-01&to=2026-01-01");
    assert_eq!(backwards.status, 400);
    assert_eq!(
        budi.get("/office/reports/ppls-errors?format=pdf").status,
        400
    );
    assert_eq!(budi.get("/office/reports/nope").status, 404);
}

fn help_and_money_are_reported_as_worked_out_by_hand(backend: Backend) {
    let w = crate::funds::world(backend);
    let day = crate::funds::today().to_string();
    for (partner, amount) in [(1, "2.000.000"), (3, "500.000")] {
        assert_eq!(
            crate::funds::money_in(&w.server, partner, amount, &day).status,
            303
        );
    }
    let cards = [
        ("h-a", crate::funds::document(&w, "h-a", "card")),
        ("h-b", crate::funds::document(&w, "h-b", "card")),
    ];
    let gifts = [
        (&cards[0].1, "education", "sd", "350.000", "1"),
        (&cards[0].1, "health", "", "1.000.000", "1"),
        (&cards[1].1, "education", "smp", "375.000", "3"),
    ];
    for (card, kind, level, amount, partner) in gifts {
        let fields = [
            ("kind", kind),
            ("level", level),
            ("amount", amount),
            ("given_on", &day),
            ("partner", partner),
        ];
        let done = crate::funds::post_as(
            &w.server,
            "sri",
            &format!("/office/documents/{card}/assistance"),
            &fields,
        );
        assert_eq!(done.status, 303, "{}", done.html);
    }
    let period = format!("from={day}&to={day}");
    // Health: h-a once, Rp 1,000,000. Education: h-a and h-b, Rp 725,000. Two families in all.
    let by_kind = report_rows(
        &w.server,
        "sri",
        &format!("/office/reports/served-by-kind?{period}"),
    );
    assert_eq!(
        by_kind,
        vec![
            vec!["Kesehatan (obat)", "1", "1", "Rp 1.000.000"],
            vec!["Pendidikan", "2", "2", "Rp 725.000"],
            vec!["Jumlah", "2", "3", "Rp 1.725.000"],
        ]
    );
    let english = report_rows(
        &w.server,
        "sri",
        &format!("/office/reports/served-by-kind?{period}&lang=en"),
    );
    let labels: Vec<&str> = english.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(labels, ["Health (medicine)", "Education", "Total"]);
    let own = report_rows(
        &w.server,
        "budi",
        &format!("/office/reports/served-by-kelurahan?{period}"),
    );
    assert_eq!(
        own[0][1..],
        ["2", "3", "Rp 1.725.000"],
        "budi's area holds both"
    );
    // LKS: in 2,000,000, out 1,350,000; Baznas: in 500,000, out 375,000; nothing reported.
    let fund = report_rows(
        &w.server,
        "sri",
        &format!("/office/reports/fund-partners?{period}"),
    );
    let money = |row: &Vec<String>| row[1..4].to_vec();
    assert_eq!(
        money(&fund[0]),
        ["Rp 2.000.000", "Rp 1.350.000", "Rp 650.000"]
    );
    assert_eq!(money(&fund[2]), ["Rp 500.000", "Rp 375.000", "Rp 125.000"]);
    assert_eq!(
        fund[4][1..],
        ["Rp 2.500.000", "Rp 1.725.000", "Rp 775.000", "—", "—"]
    );
}

/// The seed set's months.
const SEED_PERIOD: &str = "from=2015-05-01&to=2015-11-30";

fn the_2015_seed_set_reproduces_the_figures_it_was_built_from(backend: Backend) {
    let server = Server::start(backend);
    let (ok, out) = server.cli(&["seed-demo"], "");
    assert!(ok, "{out}");
    let (again, out) = server.cli(&["seed-demo"], "");
    assert!(!again && out.contains("already in this database"), "{out}");
    server.create_user("sri", "supervisor", &["all"], PASSWORD);
    let total = vec!["Jumlah", "438", "438", "Rp 107.350.124"];
    for by in ["month", "kind", "kelurahan"] {
        let path = format!("/office/reports/served-by-{by}?{SEED_PERIOD}");
        let rows = report_rows(&server, "sri", &path);
        assert_eq!(rows.last().unwrap(), &total, "{by}");
    }
    // The families by kind: health 15 and education 99 in range, 320 partial SD/SMP packages,
    // 2 house repairs and 2 elderly stipends.
    let by_kind = report_rows(
        &server,
        "sri",
        &format!("/office/reports/served-by-kind?{SEED_PERIOD}"),
    );
    let families: Vec<[&str; 2]> = by_kind
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str()])
        .collect();
    assert_eq!(
        families,
        [
            ["Kesehatan (obat)", "15"],
            ["Pendidikan", "419"],
            ["Rutilahu (bedah rumah)", "2"],
            ["Lansia terlantar", "2"],
            ["Jumlah", "438"],
        ]
    );
    let by_month = report_rows(
        &server,
        "sri",
        &format!("/office/reports/served-by-month?{SEED_PERIOD}"),
    );
    assert_eq!(by_month.len(), 8, "May to November, and the total");
    let by_kelurahan = report_rows(
        &server,
        "sri",
        &format!("/office/reports/served-by-kelurahan?{SEED_PERIOD}"),
    );
    assert_eq!(by_kelurahan.len(), 48, "47 kelurahan and the total");
    let fund = report_rows(
        &server,
        "sri",
        &format!("/office/reports/fund-partners?{SEED_PERIOD}"),
    );
    assert_eq!(
        fund.last().unwrap(),
        &vec![
            "Seluruh dana",
            "Rp 202.615.628",
            "Rp 107.350.124",
            "Rp 95.265.504",
            "Rp 95.625.000",
            "Rp 359.496",
        ],
        "the reported balance is Rp 359,496 more than the ledger holds"
    );
    let ends = report_rows(
        &server,
        "sri",
        &format!("/office/reports/fund-balance?{SEED_PERIOD}"),
    );
    assert_eq!(
        ends.len(),
        7 * 5,
        "seven month ends, four partners and the fund"
    );
    assert_eq!(
        ends.last().unwrap()[..],
        [
            "2015-11-30",
            "Seluruh dana",
            "Rp 202.615.628",
            "Rp 107.350.124",
            "Rp 95.265.504"
        ]
    );
    let cards =
        server.query("SELECT CAST(count(*) AS TEXT) FROM document WHERE number LIKE 'PKU-2015-%'");
    assert_eq!(cards[0][0], "438");
    seed_visits_and_decisions_are_dated_in_2015(&server);
}

/// The seed set's 438 visits and card decisions fall in May–November 2015, as the visit reports
/// read them.
fn seed_visits_and_decisions_are_dated_in_2015(server: &Server) {
    // author, visits, refused, approve, card, letter, sent back, rejected, decisions in all
    let work = report_rows(
        server,
        "sri",
        &format!("/office/reports/visits-decisions?{SEED_PERIOD}"),
    );
    assert_eq!(
        work,
        [["seed-2015", "438", "0", "0", "438", "0", "0", "0", "438"]]
    );
    // code, name, households visited, inclusion errors, exclusion errors
    let errors = report_rows(
        server,
        "sri",
        &format!("/office/reports/ppls-errors?{SEED_PERIOD}"),
    );
    assert_eq!(errors.len(), 47, "every kelurahan");
    let column = |c: usize| {
        errors
            .iter()
            .map(|r| r[c].parse::<i64>().unwrap())
            .sum::<i64>()
    };
    assert_eq!((column(2), column(3), column(4)), (438, 0, 0));
    let now = report_rows(
        server,
        "sri",
        &format!("/office/reports/visits-decisions?{}", today()),
    );
    assert_eq!(
        now.concat().len(),
        1,
        "nothing is dated today, only the row saying so: {now:?}"
    );
}

/// The name of kelurahan `code` as the wilayah list has it.
fn name_of(code: &str) -> String {
    pandu_core::wilayah::kelurahan(code).unwrap().name.clone()
}

on_both!(
    visits_and_decisions_are_counted_per_author,
    inclusion_and_exclusion_errors_count_each_household_by_its_latest_visit,
    cards_expiring_are_listed_in_their_month,
    roles_areas_and_bad_queries_are_refused_clearly,
    the_2015_seed_set_reproduces_the_figures_it_was_built_from,
    help_and_money_are_reported_as_worked_out_by_hand,
);
