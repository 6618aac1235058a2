//! Referrals (rujukan) over real HTTP on both databases: made from a visit and from a decision,
//! moved through sent → received → acted on → closed with dates, refused moves and dates told
//! in both languages with nothing written, the list's filters and overdue mark, roles and CSRF.

use chrono::{Duration, Utc};
use serde_json::json;

use crate::fixtures::household;
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};
use crate::review::{household_with, SOUND_NIK};
use crate::web::{race, Browser, Page};
use crate::web_queue::{assessed_visit, send};

/// A server with supervisors of two areas, a peksos and a volunteer of KEL_A, households
/// `h-sound` (KEL_A, one member) and `h-b` (KEL_B), and a visit of `h-sound` by the peksos.
pub struct World {
    /// The server.
    pub server: Server,
    /// The peksos's device.
    pub budi: Device,
    /// The visit's record id.
    pub visit: String,
}

/// The world every casework test starts from.
pub fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    let sri = server.account("sri", "supervisor", KEL_A);
    let zed = server.account("zed", "supervisor", KEL_B);
    for (who, body) in [
        (&sri, household_with("h-sound", SOUND_NIK)),
        (&zed, household("h-b", KEL_B)),
    ] {
        let path = format!("/api/v1/households/{}", body["id"].as_str().unwrap());
        let put = server.send("PUT", &path, Some(&who.token), Some(body));
        assert_eq!(put.status, 204, "{}", put.json);
    }
    let budi = server.account("budi", "peksos", KEL_A);
    server.account("rt", "volunteer", KEL_A);
    let visit = send(
        &server,
        &budi,
        assessed_visit("h-sound", "b", json!([]), &[]),
    );
    World {
        server,
        budi,
        visit,
    }
}

/// A day `ago` days before today in Payakumbuh (WIB), as `YYYY-MM-DD`.
pub fn days_ago(ago: i64) -> String {
    ((Utc::now() + Duration::hours(7)).date_naive() - Duration::days(ago)).to_string()
}

/// Sign in as `who` and post `fields` (with the CSRF token) to `path`.
pub fn post_as(server: &Server, who: &str, path: &str, fields: &[(&str, &str)]) -> Page {
    let mut browser = Browser::new(server);
    let csrf = browser.sign_in(who);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post(path, &form)
}

/// A referral of `h-sound` to `agency` sent `ago` days ago, made by sri from `origin`.
fn refer(w: &World, origin: (&str, &str), agency: &str, ago: i64) -> Page {
    let sent_on = days_ago(ago);
    post_as(
        &w.server,
        "sri",
        "/office/referrals",
        &[
            ("household_id", "h-sound"),
            ("member_id", "m-h-sound"),
            ("origin_kind", origin.0),
            ("origin_id", origin.1),
            ("agency", agency),
            ("need", "Pemeriksaan kesehatan lansia"),
            ("sent_on", &sent_on),
        ],
    )
}

/// Move referral `id` to `to` on the day `ago` days back, with `note`; as sri.
fn step(w: &World, id: &str, to: &str, ago: i64, note: &str) -> Page {
    let path = format!("/office/referrals/{id}/status");
    let on = days_ago(ago);
    post_as(
        &w.server,
        "sri",
        &path,
        &[("to", to), ("on", &on), ("note", note)],
    )
}

/// The referral's (status, status_on) and its kept steps (status, day), oldest first.
fn kept(server: &Server, id: &str) -> (Vec<String>, Vec<(String, String)>) {
    let now = server.query(&format!(
        "SELECT status, CAST(status_on AS TEXT) FROM referral WHERE id = {id}"
    ));
    let steps = server.query(&format!(
        "SELECT status, CAST(on_date AS TEXT) FROM case_event
         WHERE case_kind = 'referral' AND case_id = {id} ORDER BY id"
    ));
    let steps = steps
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    (now.into_iter().next().unwrap_or_default(), steps)
}

fn a_referral_from_a_visit_moves_through_its_statuses_with_dates(backend: Backend) {
    let w = world(backend);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let visit_page = sri.get(&format!("/office/visits/{}", w.visit));
    assert!(
        visit_page.html.contains("Rujuk dari kunjungan ini"),
        "the visit page offers it"
    );
    let made = refer(&w, ("visit", &w.visit), "Dinas Kesehatan / Puskesmas", 10);
    assert_eq!(made.status, 303, "{}", made.html);
    assert_eq!(made.location, "/office/referrals/1");
    for (to, ago, note) in [
        ("received", 8, ""),
        ("acted_on", 3, "Sudah diperiksa"),
        ("closed", 0, ""),
    ] {
        let moved = step(&w, "1", to, ago, note);
        assert_eq!(moved.status, 303, "{to}: {}", moved.html);
    }
    let (now, steps) = kept(&w.server, "1");
    assert_eq!(now, vec!["closed".to_owned(), days_ago(0)]);
    let expected: Vec<(String, String)> = [
        ("sent", 10),
        ("received", 8),
        ("acted_on", 3),
        ("closed", 0),
    ]
    .iter()
    .map(|(s, ago)| ((*s).to_owned(), days_ago(*ago)))
    .collect();
    assert_eq!(steps, expected);
    let shown = sri.get("/office/referrals/1");
    assert!(
        shown.html.matches("Siti Rahmah").count() == 2,
        "the head and the member referred are named"
    );
    assert!(
        shown.html.contains("Sudah diperiksa") && shown.html.contains("Kasus ini sudah selesai")
    );
    assert!(shown
        .html
        .contains(&format!("href=\"/office/visits/{}\"", w.visit)));
    let actions: Vec<String> = w.server.audit_log().into_iter().map(|(a, _)| a).collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "web.write.referral")
            .count(),
        1
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "web.write.referral_status")
            .count(),
        3
    );
    assert!(actions.iter().any(|a| a == "web.read.referral"));
}

fn a_referral_from_a_decision_must_name_one_of_the_households_decisions(backend: Backend) {
    let w = world(backend);
    let decided = post_as(
        &w.server,
        "sri",
        &format!("/office/visits/{}/decisions", w.visit),
        &[("kind", "approve")],
    );
    assert_eq!(decided.status, 303, "{}", decided.html);
    let id = w.server.query("SELECT CAST(id AS TEXT) FROM decision")[0][0].clone();
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let panel = sri.get(&format!("/office/visits/{}", w.visit));
    assert!(
        panel.html.contains("Rujuk berdasarkan keputusan"),
        "the decision panel offers it"
    );
    let wrong = refer(&w, ("decision", "9999"), "Baznas", 0);
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.html.contains("tidak cocok dengan keluarga ini"),
        "{}",
        wrong.html
    );
    let made = refer(&w, ("decision", &id), "Baznas", 0);
    assert_eq!(made.status, 303, "{}", made.html);
    let origin = w
        .server
        .query("SELECT origin_kind, origin_id, agency FROM referral");
    assert_eq!(
        origin,
        vec![vec!["decision".to_owned(), id, "Baznas".to_owned()]]
    );
}

fn refused_moves_and_dates_are_told_in_both_languages_and_nothing_is_written(backend: Backend) {
    let w = world(backend);
    assert_eq!(refer(&w, ("visit", &w.visit), "Baznas", 5).status, 303);
    let future = refer(&w, ("visit", &w.visit), "Baznas", -1);
    assert_eq!(future.status, 422);
    assert!(future.html.contains("Tanggal tidak boleh di masa depan"));
    let nameless = post_as(
        &w.server,
        "sri",
        "/office/referrals?lang=en",
        &[
            ("household_id", "h-sound"),
            ("origin_kind", "visit"),
            ("origin_id", &w.visit),
            ("agency", "other"),
            ("need", "x"),
            ("sent_on", &days_ago(0)),
        ],
    );
    assert!(
        nameless.html.contains("Write the name of the other agency"),
        "{}",
        nameless.html
    );
    let stranger = post_as(
        &w.server,
        "sri",
        "/office/referrals",
        &[
            ("household_id", "h-sound"),
            ("member_id", "m-nobody"),
            ("origin_kind", "visit"),
            ("origin_id", &w.visit),
            ("agency", "Baznas"),
            ("need", "x"),
            ("sent_on", &days_ago(0)),
        ],
    );
    assert_eq!(stranger.status, 422);
    assert!(
        stranger.html.contains("bukan anggota keluarga"),
        "{}",
        stranger.html
    );
    let cases = [
        (
            "acted_on",
            1,
            "",
            "tidak diizinkan dari status sekarang",
            "not allowed from the current status",
        ),
        (
            "received",
            -1,
            "",
            "di masa depan",
            "may not be in the future",
        ),
        (
            "received",
            6,
            "",
            "sebelum langkah sebelumnya",
            "before the previous step",
        ),
        ("closed", 1, " ", "Tuliskan alasannya", "Write the reason"),
        ("sent", 1, "", "tidak diizinkan", "not allowed"),
    ];
    for (to, ago, note, id_text, en_text) in cases {
        let refused = step(&w, "1", to, ago, note);
        assert_eq!(refused.status, 422, "{to}");
        assert!(refused.html.contains(id_text), "{to}: {}", refused.html);
        let path = "/office/referrals/1/status?lang=en";
        let on = days_ago(ago);
        let english = post_as(
            &w.server,
            "sri",
            path,
            &[("to", to), ("on", &on), ("note", note)],
        );
        assert!(english.html.contains(en_text), "{to}: {}", english.html);
    }
    let bad_date = step(&w, "1", "received", 0, "");
    assert_eq!(bad_date.status, 303, "a sound step still goes through");
    let (_, steps) = kept(&w.server, "1");
    assert_eq!(steps.len(), 2, "only the sound step was kept: {steps:?}");
    assert_eq!(
        w.server
            .query("SELECT CAST(id AS TEXT) FROM referral")
            .len(),
        1
    );
}

fn the_list_filters_by_status_agency_kelurahan_and_marks_the_overdue(backend: Backend) {
    let w = world(backend);
    assert_eq!(refer(&w, ("visit", &w.visit), "Baznas", 20).status, 303);
    assert_eq!(
        refer(&w, ("visit", &w.visit), "Dinas Sosial", 2).status,
        303
    );
    assert_eq!(step(&w, "2", "received", 1, "").status, 303);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let listed = |b: &mut Browser, q: &str| -> Vec<String> {
        let page = b.get(&format!("/office/referrals{q}"));
        assert_eq!(page.status, 200, "{}", page.html);
        page.html
            .split("data-referral=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed(&mut sri, ""), ["2", "1"]);
    assert_eq!(listed(&mut sri, "?overdue=1"), ["1"]);
    assert_eq!(listed(&mut sri, "?agency=Dinas+Sosial"), ["2"]);
    assert_eq!(listed(&mut sri, "?status=received"), ["2"]);
    assert_eq!(
        listed(&mut sri, "?status=sent&kelurahan=13.76.01.1002"),
        ["1"]
    );
    assert!(listed(&mut sri, &format!("?kelurahan={KEL_B}")).is_empty());
    let page = sri.get("/office/referrals");
    assert_eq!(
        page.html.matches("class=\"error overdue\"").count(),
        1,
        "one overdue mark"
    );
    let english = sri.get("/office/referrals?lang=en");
    assert!(english.html.contains(">Overdue<") && english.html.contains("Only overdue"));
    let detail = sri.get("/office/referrals/2?lang=en");
    assert!(detail.html.contains("Status history") && detail.html.contains("Save the status"));
    let english = sri.get("/office/referrals?lang=en");
    assert!(english.html.contains(">Overdue<") && english.html.contains("Only overdue"));
    let detail = sri.get("/office/referrals/2?lang=en");
    assert!(detail.html.contains("Status history") && detail.html.contains("Save the status"));
}

fn peksos_read_their_area_volunteers_and_forms_without_the_token_are_refused(backend: Backend) {
    let w = world(backend);
    assert_eq!(refer(&w, ("visit", &w.visit), "Baznas", 0).status, 303);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    assert_eq!(budi.get("/office/referrals").status, 200);
    let page = budi.get("/office/referrals/1");
    assert_eq!(page.status, 200);
    assert!(!page.html.contains("step-form"), "a peksos only reads");
    assert_eq!(
        post_as(
            &w.server,
            "budi",
            "/office/referrals/1/status",
            &[("to", "received"), ("on", &days_ago(0))]
        )
        .status,
        403
    );
    assert_eq!(
        post_as(
            &w.server,
            "budi",
            "/office/referrals",
            &[("household_id", "h-sound")]
        )
        .status,
        403
    );
    let mut zed = Browser::new(&w.server);
    zed.sign_in("zed");
    assert_eq!(zed.get("/office/referrals/1").status, 404, "another area's");
    assert!(!zed.get("/office/referrals").html.contains("data-referral"));
    let outside = post_as(
        &w.server,
        "zed",
        "/office/referrals",
        &[
            ("household_id", "h-sound"),
            ("origin_kind", "visit"),
            ("origin_id", &w.visit),
            ("agency", "Baznas"),
            ("need", "x"),
            ("sent_on", &days_ago(0)),
        ],
    );
    assert_eq!(outside.status, 422, "a household outside the area");
    let mut rt = Browser::new(&w.server);
    rt.sign_in("rt");
    assert_eq!(rt.get("/office/referrals").status, 403);
    assert_eq!(rt.get("/office/referrals/1").status, 403);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let forged = sri.post(
        "/office/referrals/1/status",
        &[("csrf", "forged"), ("to", "received"), ("on", &days_ago(0))],
    );
    assert_eq!(forged.status, 403);
    let (now, steps) = kept(&w.server, "1");
    assert_eq!(
        (now[0].as_str(), steps.len()),
        ("sent", 1),
        "nothing written"
    );
}

/// Run `sql` straight on the server's database, as someone with the database's password could;
/// the database's own error message when it refuses.
fn write_directly(server: &Server, sql: &str) -> Result<u64, String> {
    let Some(url) = server.database_url() else {
        let conn = rusqlite::Connection::open(server.data_dir().join("pandu.sqlite3"));
        let done = conn.and_then(|c| c.execute(sql, []));
        return done.map(|n| n as u64).map_err(|e| e.to_string());
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .expect("connect");
        tokio::spawn(connection);
        client.execute(sql, &[]).await.map_err(|e| {
            e.as_db_error()
                .map_or(e.to_string(), |d| d.message().to_owned())
        })
    })
}

fn the_history_cannot_be_rewritten_even_in_the_database(backend: Backend) {
    let w = world(backend);
    assert_eq!(refer(&w, ("visit", &w.visit), "Baznas", 3).status, 303);
    assert_eq!(step(&w, "1", "received", 1, "").status, 303);
    for sql in [
        "UPDATE case_event SET note = 'rewritten'",
        "DELETE FROM case_event",
    ] {
        let refused = write_directly(&w.server, sql).expect_err(sql);
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
    assert_eq!(kept(&w.server, "1").1.len(), 2);
}

fn a_step_raced_from_four_browsers_is_kept_once(backend: Backend) {
    let w = world(backend);
    assert_eq!(refer(&w, ("visit", &w.visit), "Baznas", 3).status, 303);
    let on = days_ago(1);
    let form = [("to", "received"), ("on", on.as_str())];
    let statuses = race(&w.server, "sri", 4, "/office/referrals/1/status", &form);
    assert_eq!(statuses, [303, 422, 422, 422]);
    assert_eq!(kept(&w.server, "1").1.len(), 2);
}

on_both!(
    the_history_cannot_be_rewritten_even_in_the_database,
    a_step_raced_from_four_browsers_is_kept_once,
    a_referral_from_a_visit_moves_through_its_statuses_with_dates,
    a_referral_from_a_decision_must_name_one_of_the_households_decisions,
    refused_moves_and_dates_are_told_in_both_languages_and_nothing_is_written,
    the_list_filters_by_status_agency_kelurahan_and_marks_the_overdue,
    peksos_read_their_area_volunteers_and_forms_without_the_token_are_refused,
);
