//! The review part of the office on both databases: NIKs masked and revealed one at a time with
//! an audit line that holds no NIK, per-criterion verdicts kept with who and when, the review
//! status and NIK-warning filters of the queue, the photo plot and the household's other
//! visits; wrong roles and forms without the CSRF token refused.

use serde_json::{json, Value};

use crate::fixtures::household;
use crate::harness::{on_both, Backend, Server, KEL_A};
use crate::web::{csrf_in, Browser};
use crate::web_queue::{assessed_visit, listed, send};

/// A NIK the core finds sound (Payakumbuh, a woman born 5 June 1985).
pub const SOUND_NIK: &str = "1376014506850003";
/// A NIK of an unknown region: the core warns.
pub const ODD_NIK: &str = "9901014506850004";

/// A household of KEL_A with a house point and one member holding `nik`.
pub fn household_with(id: &str, nik: &str) -> Value {
    let mut h = household(id, KEL_A);
    h["point"] = json!({"lat": -0.22, "lon": 100.63});
    h["members"] = json!([{
        "id": format!("m-{id}"), "nik": nik, "name": "Siti Rahmah", "sex": "P",
        "birth_date": "1985-06-05", "relation": "head", "education": null,
        "school_level": null, "disability": false, "chronic_illness": false
    }]);
    h
}

/// A visit of `household` with the 12 criteria decided and a located photo 30 m north.
fn located_visit(household: &str) -> Value {
    let mut body = assessed_visit(household, "b", json!([]), &[]);
    body["criteria"] = (1..=12)
        .map(|n| json!({"number": n, "status": if n % 2 == 0 { "met" } else { "not_met" }}))
        .collect();
    body["evidence"][0]["device_fix"] = json!({
        "lat": -0.22 + 30.0 / 111_195.0, "lon": 100.63, "accuracy_m": 8.0, "mock": false,
        "at": body["finished_at"]
    });
    body
}

struct World {
    server: Server,
    sound: String,
    odd: String,
}

fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    server.user("sri", "supervisor", KEL_A);
    let sri = server.enrol("sri");
    let budi = server.account("budi", "peksos", KEL_A);
    for (id, nik) in [("h-sound", SOUND_NIK), ("h-odd", ODD_NIK)] {
        let path = format!("/api/v1/households/{id}");
        let put = server.send(
            "PUT",
            &path,
            Some(&sri.token),
            Some(household_with(id, nik)),
        );
        assert_eq!(put.status, 204, "{}", put.json);
    }
    let sound = send(&server, &budi, located_visit("h-sound"));
    let odd = send(&server, &budi, located_visit("h-odd"));
    World { server, sound, odd }
}

fn a_nik_is_masked_and_revealed_once_with_an_audit_line_without_it(backend: Backend) {
    let w = world(backend);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let visit = format!("/office/visits/{}", w.sound);
    let page = sri.get(&visit);
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(
        page.html.contains("************0003"),
        "masked but for 4 digits"
    );
    assert!(
        !page.html.contains(SOUND_NIK),
        "the full NIK is not on the page"
    );
    let csrf = csrf_in(&page.html);
    let reveal = format!("{visit}/reveal");
    let forged = sri.post(&reveal, &[("member", "m-h-sound"), ("csrf", "wrong")]);
    assert_eq!(forged.status, 403, "a form without the right token");
    let stranger = sri.post(&reveal, &[("member", "m-h-odd"), ("csrf", &csrf)]);
    assert_eq!(stranger.status, 404, "a member of another household");
    let shown = sri.post(&reveal, &[("member", "m-h-sound"), ("csrf", &csrf)]);
    assert_eq!(shown.status, 200, "{}", shown.html);
    assert!(shown.html.contains(SOUND_NIK), "revealed for this view");
    assert!(
        !sri.get(&visit).html.contains(SOUND_NIK),
        "only for that view"
    );
    let log = w.server.audit_log();
    let reveals: Vec<_> = log.iter().filter(|l| l.0 == "web.reveal.nik").collect();
    assert_eq!(
        reveals.len(),
        1,
        "the forged and the stranger's forms wrote nothing"
    );
    assert_eq!(reveals[0].1, format!("{} member m-h-sound", w.sound));
    assert!(
        log.iter().all(|l| !l.1.contains(SOUND_NIK)),
        "never the NIK in the log"
    );
    let odd = sri.get(&format!("/office/visits/{}", w.odd));
    assert!(odd.html.contains("************0004"));
    assert!(
        odd.html.contains("Kode wilayah") || odd.html.contains("wilayah"),
        "the core's warning"
    );
}

fn verdicts_are_kept_with_who_and_when_and_move_the_status(backend: Backend) {
    let w = world(backend);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let visit = format!("/office/visits/{}", w.sound);
    let page = sri.get(&visit);
    assert!(page.html.contains("Menunggu tinjauan"), "awaiting at first");
    assert_eq!(page.html.matches("data-criterion=").count(), 12);
    assert!(
        page.html.contains("class=\"thumb\""),
        "the floor photo beside criterion 2"
    );
    let csrf = csrf_in(&page.html);
    let verdicts = format!("{visit}/verdicts");
    let lacking = sri.post(
        &verdicts,
        &[("csrf", &csrf), ("v3", "revisit"), ("c3", " ")],
    );
    assert_eq!(lacking.status, 400, "a re-visit needs a reason");
    assert!(lacking.html.contains("wajib diberi alasan"));
    assert!(
        lacking.html.contains("<option value=\"revisit\" selected"),
        "nothing typed is lost"
    );
    let form = [
        ("csrf", csrf.as_str()),
        ("v1", "accept"),
        ("v3", "revisit"),
        ("c3", "Foto dinding buram"),
    ];
    assert_eq!(sri.post(&verdicts, &form[1..]).status, 403, "no CSRF token");
    let saved = sri.post(&verdicts, &form);
    assert_eq!(saved.status, 303, "{}", saved.html);
    let kept = w.server.query(&format!(
        "SELECT CAST(v.criterion AS TEXT), v.verdict, v.comment, u.username FROM review_verdict v
         JOIN app_user u ON u.id = v.user_id WHERE v.record_id = '{}' ORDER BY v.criterion",
        w.sound
    ));
    assert_eq!(
        kept,
        [
            ["1", "accept", "", "sri"],
            ["3", "revisit", "Foto dinding buram", "sri"]
        ]
    );
    let shown = sri.get(&visit);
    assert!(shown.html.contains("Foto dinding buram") && shown.html.contains("Sudah ditinjau"));
    assert!(shown.html.contains("sri · "), "who gave the verdict");
    let audited = w.server.audit_log();
    assert!(audited.contains(&(
        "web.write.verdict".into(),
        format!("{} criteria 1,3", w.sound)
    )));
    assert_eq!(
        listed(&mut sri, "/office/visits?status=reviewed"),
        [w.sound.as_str()]
    );
    assert_eq!(
        listed(&mut sri, "/office/visits?status=awaiting"),
        [w.odd.as_str()]
    );
    assert!(listed(&mut sri, "/office/visits?status=decided").is_empty());
    let mut budi = Browser::new(&w.server);
    let budi_csrf = budi.sign_in("budi");
    let own = budi.get(&visit);
    assert_eq!(own.status, 200, "a peksos reads their own visit");
    assert!(
        !own.html.contains("name=\"v1\""),
        "but gets no verdict fields"
    );
    let refused = budi.post(&verdicts, &[("csrf", &budi_csrf), ("v2", "accept")]);
    assert_eq!(refused.status, 403, "a peksos may not give verdicts");
}

fn the_queue_filters_on_nik_warnings_kept_current_by_registry_writes(backend: Backend) {
    let w = world(backend);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    assert_eq!(listed(&mut sri, "/office/visits?nik=1"), [w.odd.as_str()]);
    let queue = sri.get("/office/visits");
    assert!(queue.html.contains("Peringatan NIK"));
    let token = w.server.enrol("sri").token;
    let fixed = household_with("h-odd", SOUND_NIK);
    let put = w
        .server
        .send("PUT", "/api/v1/households/h-odd", Some(&token), Some(fixed));
    assert_eq!(put.status, 204);
    assert!(
        listed(&mut sri, "/office/visits?nik=1").is_empty(),
        "corrected NIK"
    );
    let broken = household_with("h-sound", "0000000000000000");
    let put = w.server.send(
        "PUT",
        "/api/v1/households/h-sound",
        Some(&token),
        Some(broken),
    );
    assert_eq!(put.status, 204);
    assert_eq!(
        listed(&mut sri, "/office/visits?nik=1&status=awaiting"),
        [w.sound.as_str()]
    );
}

fn the_page_plots_the_photos_and_links_the_other_visits(backend: Backend) {
    let w = world(backend);
    let budi_device = w.server.enrol("budi");
    let again = send(&w.server, &budi_device, located_visit("h-sound"));
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get(&format!("/office/visits/{again}"));
    assert!(page.html.contains("<svg id=\"plot\""), "{}", page.html);
    assert!(
        page.html.contains(">50 m<"),
        "a 50 m ring holds a photo 30 m away ±8 m"
    );
    assert!(page
        .html
        .contains(&format!("href=\"/office/visits/{}\"", w.sound)));
    assert!(!page
        .html
        .contains(&format!("href=\"/office/visits/{}\"", w.odd)));
}

/// Run `sql` (no rows back) on the stopped server's database.
fn execute(server: &Server, sql: &str) {
    match server.database_url() {
        None => {
            let path = server.data_dir().join("pandu.sqlite3");
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.execute_batch(sql).unwrap();
        }
        Some(_) => {
            server.query(&format!("{sql} RETURNING 'done'"));
        }
    }
}

fn facts_lost_by_a_stop_are_caught_up_at_start(backend: Backend) {
    let mut w = world(backend);
    w.server.kill();
    execute(&w.server, "DELETE FROM review_record");
    execute(&w.server, "DELETE FROM household_check");
    w.server.restart();
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    assert_eq!(
        listed(&mut sri, "/office/visits"),
        [w.odd.as_str(), &w.sound]
    );
    assert_eq!(listed(&mut sri, "/office/visits?nik=1"), [w.odd.as_str()]);
    assert_eq!(listed(&mut sri, "/office/visits?status=awaiting").len(), 2);
}

on_both!(
    facts_lost_by_a_stop_are_caught_up_at_start,
    a_nik_is_masked_and_revealed_once_with_an_audit_line_without_it,
    verdicts_are_kept_with_who_and_when_and_move_the_status,
    the_queue_filters_on_nik_warnings_kept_current_by_registry_writes,
    the_page_plots_the_photos_and_links_the_other_visits,
);
