//! Complaints (pengaduan) over real HTTP on both databases: taken at the desk (a bad NIK refused,
//! a doubtful one kept with a warning, the NIK masked and every read audited), linked to a
//! registry household found by name or NIK, moved through its statuses, made a visit task that
//! reaches the peksos's phone, and a referral; roles and CSRF.

use crate::harness::{on_both, Backend, Server, KEL_A};
use crate::referrals::{days_ago, post_as, world, World};
use crate::review::{ODD_NIK, SOUND_NIK};
use crate::web::{Browser, Page};

/// sri takes a complaint from Ibu Ros with `nik`.
fn take(server: &Server, nik: &str, lang: &str) -> Page {
    post_as(
        server,
        "sri",
        &format!("/office/complaints{lang}"),
        &[
            ("name", "Ibu Ros"),
            ("contact", "0812-0000-1111"),
            ("nik", nik),
            ("category", "aid_not_received"),
            ("details", "Bantuan sekolah belum diterima."),
        ],
    )
}

/// sri takes a complaint and links it to `h-sound`; its id.
fn linked(w: &World) -> String {
    let taken = take(&w.server, "", "");
    assert_eq!(taken.status, 303, "{}", taken.html);
    let id = taken.location.rsplit('/').next().unwrap().to_owned();
    let path = format!("/office/complaints/{id}/household");
    let done = post_as(&w.server, "sri", &path, &[("household_id", "h-sound")]);
    assert_eq!(done.status, 303, "{}", done.html);
    id
}

fn a_complaint_is_taken_with_its_nik_checked_masked_and_its_reads_audited(backend: Backend) {
    let w = world(backend);
    let bad = take(&w.server, "1234567890", "");
    assert_eq!(bad.status, 422);
    assert!(bad.html.contains("NIK pengadu ditolak"), "{}", bad.html);
    let english = take(&w.server, "1234567890", "?lang=en");
    assert!(
        english
            .html
            .contains("The complainant&#39;s NIK is refused")
            || english.html.contains("The complainant's NIK is refused"),
        "{}",
        english.html
    );
    assert!(
        w.server
            .query("SELECT CAST(id AS TEXT) FROM complaint")
            .is_empty(),
        "nothing written"
    );
    let taken = take(&w.server, SOUND_NIK, "");
    assert_eq!(
        (taken.status, taken.location.as_str()),
        (303, "/office/complaints/1")
    );
    let odd = take(&w.server, ODD_NIK, "");
    assert_eq!(odd.status, 303, "a doubtful NIK is kept");
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get("/office/complaints/1");
    assert!(page.html.contains("Ibu Ros") && page.html.contains("************0003"));
    assert!(!page.html.contains(SOUND_NIK), "the NIK is masked");
    let warned = sri.get("/office/complaints/2");
    assert!(warned.html.contains("nik-warning"), "the doubt is shown");
    let list = sri.get("/office/complaints");
    assert!(list.html.contains("data-complaint=\"1\"") && !list.html.contains("Ibu Ros"));
    let english = sri.get("/office/complaints/1?lang=en");
    assert!(english.html.contains("Complainant") && english.html.contains("Aid not received"));
    assert!(sri
        .get("/office/complaints?lang=en")
        .html
        .contains("Take a new complaint"));
    let audit = w.server.audit_log();
    let reads = audit
        .iter()
        .filter(|(a, _)| a == "web.read.complaint")
        .count();
    assert_eq!(reads, 3, "each opening of a complaint");
    assert!(audit
        .iter()
        .all(|(_, s)| !s.contains(SOUND_NIK) && !s.contains("Ros")));
    assert_eq!(
        audit
            .iter()
            .filter(|(a, _)| a == "web.write.complaint")
            .count(),
        2
    );
}

fn a_complaint_is_linked_to_a_household_found_by_name_or_nik(backend: Backend) {
    let w = world(backend);
    assert_eq!(take(&w.server, "", "").status, 303);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    assert_eq!(
        budi.get("/office/complaints/1").status,
        404,
        "unlinked: office only"
    );
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    for term in ["rahmah", SOUND_NIK] {
        let found = sri.get(&format!("/office/complaints/1?q={term}"));
        assert!(
            found.html.contains("data-household=\"h-sound\""),
            "{term}: {}",
            found.html
        );
    }
    assert!(sri
        .get("/office/complaints/1?q=nobody")
        .html
        .contains("no-hits"));
    let searches = w
        .server
        .query("SELECT subject FROM audit_log WHERE action = 'web.read.household_search'");
    assert!(searches
        .iter()
        .all(|s| !s[0].contains("rahmah") && !s[0].contains(SOUND_NIK)));
    let outside = post_as(
        &w.server,
        "sri",
        "/office/complaints/1/household",
        &[("household_id", "h-b")],
    );
    assert_eq!(outside.status, 404, "a household outside the area");
    assert_eq!(linked_again(&w), 303);
    assert_eq!(linked_again(&w), 422, "linked once");
    assert_eq!(
        budi.get("/office/complaints/1").status,
        200,
        "now in the peksos's area"
    );
    let kept = w
        .server
        .query("SELECT household_id, kelurahan FROM complaint");
    assert_eq!(kept, vec![vec!["h-sound".to_owned(), KEL_A.to_owned()]]);
}

fn linked_again(w: &World) -> u16 {
    post_as(
        &w.server,
        "sri",
        "/office/complaints/1/household",
        &[("household_id", "h-sound")],
    )
    .status
}

fn a_complaint_moves_through_its_statuses_and_a_rejection_needs_a_reason(backend: Backend) {
    let w = world(backend);
    let id = linked(&w);
    let path = format!("/office/complaints/{id}/status");
    let go = |to: &str, ago: i64, note: &str| {
        post_as(
            &w.server,
            "sri",
            &path,
            &[("to", to), ("on", &days_ago(ago)), ("note", note)],
        )
    };
    assert_eq!(
        go("resolved", 0, "").status,
        422,
        "not straight to resolved"
    );
    assert_eq!(go("in_progress", -2, "").status, 422, "not in the future");
    let reject = go("rejected", 0, "");
    assert_eq!(reject.status, 422);
    assert!(reject.html.contains("Tuliskan alasannya"));
    assert_eq!(go("in_progress", 0, "Dicek ke sekolah").status, 303);
    assert_eq!(go("resolved", 0, "Bantuan sudah diserahkan").status, 303);
    assert_eq!(go("rejected", 0, "x").status, 422, "done is done");
    let steps = w.server.query(&format!(
        "SELECT status FROM case_event WHERE case_kind = 'complaint' AND case_id = {id} ORDER BY id"
    ));
    let steps: Vec<&str> = steps.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(steps, ["received", "in_progress", "resolved"]);
}

fn a_complaint_becomes_a_visit_task_on_the_peksos_phone_and_a_referral(backend: Backend) {
    let w = world(backend);
    let id = linked(&w);
    let task = format!("/office/complaints/{id}/task");
    let wrong = post_as(&w.server, "sri", &task, &[("peksos", "zed")]);
    assert_eq!(wrong.status, 422, "not a peksos of the area");
    let made = post_as(
        &w.server,
        "sri",
        &task,
        &[("peksos", "budi"), ("note", "Cek bantuan sekolah")],
    );
    assert_eq!(made.status, 303, "{}", made.html);
    assert_eq!(
        post_as(&w.server, "sri", &task, &[("peksos", "budi")]).status,
        422,
        "once"
    );
    let feed = w.server.send(
        "GET",
        "/api/v1/changes?since=0&limit=500",
        Some(&w.budi.token),
        None,
    );
    let tasks: Vec<_> = feed.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "assignment")
        .map(|c| c["data"].clone())
        .collect();
    assert_eq!(tasks.len(), 1, "{}", feed.json);
    assert_eq!(tasks[0]["task"], "visit");
    assert_eq!(tasks[0]["household_id"], "h-sound");
    assert_eq!(tasks[0]["complaint_id"].as_i64(), id.parse().ok());
    assert_eq!(tasks[0]["note"], "Cek bantuan sekolah");
    let referral = post_as(
        &w.server,
        "sri",
        "/office/referrals",
        &[
            ("household_id", "h-sound"),
            ("origin_kind", "complaint"),
            ("origin_id", &id),
            ("agency", "Dinas Pendidikan"),
            ("need", "Bantuan perlengkapan sekolah"),
            ("sent_on", &days_ago(0)),
        ],
    );
    assert_eq!(referral.status, 303, "{}", referral.html);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get(&format!("/office/complaints/{id}"));
    assert!(page.html.contains("Dinas Pendidikan") && page.html.contains("task-for"));
    assert!(
        page.html.contains("Siti Rahmah"),
        "the linked family is named"
    );
}

fn volunteers_peksos_and_forms_without_the_token_may_not_write(backend: Backend) {
    let w = world(backend);
    let id = linked(&w);
    let mut rt = Browser::new(&w.server);
    rt.sign_in("rt");
    assert_eq!(rt.get("/office/complaints").status, 403);
    assert_eq!(rt.get(&format!("/office/complaints/{id}")).status, 403);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    let list = budi.get("/office/complaints");
    assert!(list.html.contains("data-complaint") && !list.html.contains("complaint-form"));
    let by_peksos = post_as(&w.server, "budi", "/office/complaints", &[("name", "X")]);
    assert_eq!(by_peksos.status, 403);
    let step = format!("/office/complaints/{id}/status");
    assert_eq!(
        post_as(&w.server, "budi", &step, &[("to", "in_progress")]).status,
        403
    );
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let forged = sri.post(
        "/office/complaints",
        &[
            ("csrf", "nope"),
            ("name", "X"),
            ("contact", "Y"),
            ("category", "other"),
            ("details", "Z"),
        ],
    );
    assert_eq!(forged.status, 403);
    assert_eq!(
        w.server
            .query("SELECT CAST(id AS TEXT) FROM complaint")
            .len(),
        1,
        "nothing written"
    );
}

fn the_list_filters_by_status_category_and_kelurahan(backend: Backend) {
    let w = world(backend);
    let first = linked(&w);
    assert_eq!(take(&w.server, "", "").status, 303);
    let other = post_as(
        &w.server,
        "sri",
        "/office/complaints",
        &[
            ("name", "Pak Udin"),
            ("contact", "Jl. Sudirman 3"),
            ("category", "service"),
            ("details", "Antrean terlalu lama."),
        ],
    );
    assert_eq!(other.status, 303);
    let step = format!("/office/complaints/{first}/status");
    let moved = post_as(
        &w.server,
        "sri",
        &step,
        &[("to", "in_progress"), ("on", &days_ago(0))],
    );
    assert_eq!(moved.status, 303, "{}", moved.html);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let mut listed = |q: &str| -> Vec<String> {
        let page = sri.get(&format!("/office/complaints{q}"));
        assert_eq!(page.status, 200, "{}", page.html);
        page.html
            .split("data-complaint=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed(""), ["3", "2", "1"]);
    assert_eq!(listed("?status=in_progress"), ["1"]);
    assert_eq!(listed("?category=service"), ["3"]);
    assert_eq!(listed(&format!("?kelurahan={KEL_A}")), ["1"]);
    assert_eq!(listed("?status=received&category=aid_not_received"), ["2"]);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    let seen = budi.get("/office/complaints").html;
    assert!(
        seen.contains("data-complaint=\"1\"") && !seen.contains("data-complaint=\"2\""),
        "a peksos: linked ones of the area only"
    );
}

on_both!(
    the_list_filters_by_status_category_and_kelurahan,
    a_complaint_is_taken_with_its_nik_checked_masked_and_its_reads_audited,
    a_complaint_is_linked_to_a_household_found_by_name_or_nik,
    a_complaint_moves_through_its_statuses_and_a_rejection_needs_a_reason,
    a_complaint_becomes_a_visit_task_on_the_peksos_phone_and_a_referral,
    volunteers_peksos_and_forms_without_the_token_may_not_write,
);
