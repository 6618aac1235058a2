//! Decisions, cards and letters, report outcomes and `/verify` over real HTTP on both
//! databases: who/when/SHA-256 kept, the renewal rule, the letter's mayor reference, roles and
//! CSRF, feed entries reaching only the right phone, and genuine, expired, revoked and forged
//! documents told apart (also by `pandu-server verify`).

use serde_json::{json, Value};

use crate::fixtures::{household, report};
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};
use crate::web::{race, Browser, Page};
use crate::web_queue::{assessed_visit, listed, send};

struct World {
    server: Server,
    budi: Device,
    ani: Device,
    rt: Device,
    visit: String,
}

fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    let sri = server.account("sri", "supervisor", KEL_A);
    let zed = server.account("zed", "supervisor", KEL_B);
    for (who, id, kel) in [(&sri, "h-a", KEL_A), (&zed, "h-b", KEL_B)] {
        let path = format!("/api/v1/households/{id}");
        let put = server.send("PUT", &path, Some(&who.token), Some(household(id, kel)));
        assert_eq!(put.status, 204, "{}", put.json);
    }
    let budi = server.account("budi", "peksos", KEL_A);
    let ani = server.account("ani", "peksos", KEL_A);
    let rt = server.account("rt", "volunteer", KEL_A);
    let visit = new_visit(&server, &budi);
    World {
        server,
        budi,
        ani,
        rt,
        visit,
    }
}

/// A new visit of household `h-a` by `device`; its record id.
fn new_visit(server: &Server, device: &Device) -> String {
    send(server, device, assessed_visit("h-a", "b", json!([]), &[]))
}

/// Sign in as `who` and send the decision form on `record` with `fields`.
fn decide(w: &World, who: &str, record: &str, fields: &[(&str, &str)]) -> Page {
    let mut browser = Browser::new(&w.server);
    let csrf = browser.sign_in(who);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser.post(&format!("/office/visits/{record}/decisions"), &form)
}

/// The feed entries of `kind` the device's account receives.
fn feed(server: &Server, device: &Device, kind: &str) -> Vec<Value> {
    let reply = server.send(
        "GET",
        "/api/v1/changes?since=0&limit=500",
        Some(&device.token),
        None,
    );
    assert_eq!(reply.status, 200, "{}", reply.json);
    reply.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .map(|c| c["data"].clone())
        .collect()
}

fn decisions_keep_who_when_and_the_evidence_version(backend: Backend) {
    let w = world(backend);
    let done = decide(&w, "sri", &w.visit, &[("kind", "approve")]);
    assert_eq!(done.status, 303, "{}", done.html);
    let kept = w.server.query(
        "SELECT d.record_id, CASE WHEN d.record_sha256 = r.sha256 THEN 'same' ELSE 'other' END, u.username, CAST(d.decided_at AS TEXT)
         FROM decision d JOIN record r ON r.id = d.record_id JOIN app_user u ON u.id = d.decided_by",
    );
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0][0], w.visit);
    assert!(kept[0][1] == "same", "the record's SHA-256 is kept");
    assert_eq!(kept[0][2], "sri");
    assert!(kept[0][3].starts_with("20"));
    let told = feed(&w.server, &w.budi, "decision");
    assert_eq!(told.len(), 1, "the author is told");
    assert_eq!(
        (told[0]["decision"].as_str(), told[0]["record_id"].as_str()),
        (Some("approve"), Some(w.visit.as_str()))
    );
    assert!(
        feed(&w.server, &w.ani, "decision").is_empty(),
        "nobody else is"
    );
    let audited = w
        .server
        .query("SELECT subject FROM audit_log WHERE action = 'web.decide'");
    assert!(audited[0][0].contains(&w.visit));
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get(&format!("/office/visits/{}", w.visit));
    assert!(page.html.contains("data-decision=\"approve\"") && page.html.contains("decision-form"));
}

fn a_card_is_renewed_only_on_a_newer_visit(backend: Backend) {
    let w = world(backend);
    let first = decide(&w, "sri", &w.visit, &[("kind", "card")]);
    assert_eq!(first.status, 303, "{}", first.html);
    let year = (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%Y")
        .to_string(); // WIB
    assert_eq!(
        first.location,
        format!("/office/documents/PKU-{year}-000001")
    );
    let again = decide(&w, "sri", &w.visit, &[("kind", "card")]);
    assert_eq!(again.status, 422);
    assert!(
        again.html.contains("kunjungan verifikasi yang lebih baru"),
        "{}",
        again.html
    );
    let mut en = Browser::new(&w.server);
    let csrf = en.sign_in("sri");
    let path = format!("/office/visits/{}/decisions?lang=en", w.visit);
    let english = en.post(&path, &[("csrf", &csrf), ("kind", "card")]);
    assert!(english
        .html
        .contains("A renewal needs a verification visit newer than the last card"));
    let newer = new_visit(&w.server, &w.budi);
    let renewed = decide(&w, "sri", &newer, &[("kind", "card")]);
    assert_eq!(
        renewed.location,
        format!("/office/documents/PKU-{year}-000002")
    );
    let cards = w
        .server
        .query("SELECT number FROM document WHERE kind = 'card' ORDER BY number");
    assert_eq!(cards.len(), 2);
}

fn concurrent_card_requests_on_one_visit_issue_one_card(backend: Backend) {
    let w = world(backend);
    let path = format!("/office/visits/{}/decisions", w.visit);
    let statuses = race(&w.server, "sri", 6, &path, &[("kind", "card")]);
    assert_eq!(statuses, [303, 422, 422, 422, 422, 422]);
    assert_eq!(w.server.query("SELECT number FROM document").len(), 1);
}

fn a_letter_needs_the_mayors_reference_and_a_rejection_its_reason(backend: Backend) {
    let w = world(backend);
    let missing = decide(
        &w,
        "sri",
        &w.visit,
        &[("kind", "letter"), ("mayor_ref", "  ")],
    );
    assert_eq!(missing.status, 422);
    assert!(missing.html.contains("nomor persetujuan Walikota"));
    let reject = decide(&w, "sri", &w.visit, &[("kind", "reject")]);
    assert_eq!(reject.status, 422);
    assert!(reject.html.contains("Tuliskan alasannya"));
    let unknown = decide(&w, "sri", &w.visit, &[("kind", "grant-everything")]);
    assert_eq!(unknown.status, 422);
    assert!(
        w.server.query("SELECT id FROM decision").is_empty(),
        "nothing kept"
    );
    let letter = decide(
        &w,
        "sri",
        &w.visit,
        &[("kind", "letter"), ("mayor_ref", "WK/123/2026")],
    );
    assert_eq!(letter.status, 303, "{}", letter.html);
    assert!(letter.location.contains("/office/documents/REK-"));
    let kept = w.server.query(
        "SELECT mayor_ref, CAST(valid_from AS TEXT), CAST(valid_until AS TEXT) FROM document",
    );
    assert_eq!(kept[0][0], "WK/123/2026");
    let from: chrono::NaiveDate = kept[0][1].parse().unwrap();
    let until: chrono::NaiveDate = kept[0][2].parse().unwrap();
    assert!(
        (27..=30).contains(&(until - from).num_days()),
        "one month: {from} – {until}"
    );
}

fn wrong_roles_other_areas_and_forms_without_csrf_are_refused(backend: Backend) {
    let w = world(backend);
    w.server.user("zed2", "supervisor", KEL_B);
    assert_eq!(
        decide(&w, "budi", &w.visit, &[("kind", "approve")]).status,
        403
    );
    assert_eq!(
        decide(&w, "zed2", &w.visit, &[("kind", "approve")]).status,
        404
    );
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let path = format!("/office/visits/{}/decisions", w.visit);
    let no_csrf = sri.post(&path, &[("kind", "approve")]);
    assert_eq!(no_csrf.status, 403);
    assert!(no_csrf.html.contains("token keamanan"));
    let wrong = sri.post(&path, &[("kind", "approve"), ("csrf", "not-the-token")]);
    assert_eq!(wrong.status, 403);
    let mut budi = Browser::new(&w.server);
    budi.sign_in("budi");
    let page = budi.get(&format!("/office/visits/{}", w.visit));
    assert!(
        !page.html.contains("decision-form"),
        "a peksos sees no decision form"
    );
    assert!(w.server.query("SELECT id FROM decision").is_empty());
}

fn a_send_back_becomes_a_task_on_the_authors_phone_only(backend: Backend) {
    let w = world(backend);
    let fields = [("kind", "send_back"), ("reason", "Foto lantai kabur")];
    assert_eq!(decide(&w, "sri", &w.visit, &fields).status, 303);
    let tasks = feed(&w.server, &w.budi, "assignment");
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task["task"], "revisit");
    assert_eq!(task["household_id"], "h-a");
    assert_eq!(task["reason"], "Foto lantai kabur");
    assert_eq!(task["record_id"], w.visit.as_str());
    assert_eq!(task["record_sha256"].as_str().unwrap().len(), 64);
    assert!(feed(&w.server, &w.ani, "assignment").is_empty());
    assert!(feed(&w.server, &w.rt, "assignment").is_empty());
}

fn a_card_is_announced_to_the_phones_of_its_kelurahan_and_again_when_revoked(backend: Backend) {
    let w = world(backend);
    let other_area = w.server.account("bob", "peksos", KEL_B);
    let done = decide(&w, "sri", &w.visit, &[("kind", "card")]);
    assert_eq!(done.status, 303, "{}", done.html);
    let number = done.location.rsplit('/').next().unwrap().to_owned();
    let announced = feed(&w.server, &w.ani, "document");
    assert_eq!(announced.len(), 1, "{announced:?}");
    let card = &announced[0];
    assert_eq!(card["number"], number.as_str());
    assert_eq!(
        (card["kind"].as_str(), card["household_id"].as_str()),
        (Some("card"), Some("h-a"))
    );
    assert_eq!(card["revoked"], false);
    assert_eq!(
        card["valid_until"].as_str().map(str::len),
        Some(10),
        "a date: {card}"
    );
    assert!(
        feed(&w.server, &other_area, "document").is_empty(),
        "another kelurahan"
    );
    assert!(
        feed(&w.server, &w.rt, "document").is_empty(),
        "volunteers get no cards"
    );

    let mut sri = Browser::new(&w.server);
    let csrf = sri.sign_in("sri");
    let revoke = format!("{}/revoke", done.location);
    let revoked = sri.post(&revoke, &[("csrf", &csrf), ("reason", "Pindah")]);
    assert_eq!(revoked.status, 303, "{}", revoked.html);
    let announced = feed(&w.server, &w.ani, "document");
    assert_eq!(announced.len(), 2);
    assert_eq!(
        (&announced[1]["number"], &announced[1]["revoked"]),
        (&json!(number), &json!(true))
    );
}

fn a_decision_moves_the_visit_in_the_review_queue(backend: Backend) {
    let w = world(backend);
    let carded = new_visit(&w.server, &w.budi);
    let fields = [("kind", "send_back"), ("reason", "Foto lantai kabur")];
    assert_eq!(decide(&w, "sri", &w.visit, &fields).status, 303);
    assert_eq!(decide(&w, "sri", &carded, &[("kind", "card")]).status, 303);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    assert_eq!(
        listed(&mut sri, "/office/visits?status=sent_back"),
        [w.visit.as_str()]
    );
    assert_eq!(
        listed(&mut sri, "/office/visits?status=decided"),
        [carded.as_str()]
    );
    assert!(listed(&mut sri, "/office/visits?status=awaiting").is_empty());
}

fn a_report_becomes_a_task_and_the_reporter_hears_only_the_outcome(backend: Backend) {
    let w = world(backend);
    let report_id = send(&w.server, &w.rt, report(Some("h-a")));
    let mut sri = Browser::new(&w.server);
    let csrf = sri.sign_in("sri");
    let page = sri.get(&format!("/office/visits/{report_id}"));
    assert!(page.html.contains("outcome-form") && page.html.contains("value=\"budi\""));
    let path = format!("/office/visits/{report_id}/outcome");
    let closing = sri.post(&path, &[("csrf", &csrf), ("action", "close")]);
    assert_eq!(closing.status, 422, "closing needs a reason");
    let nobody = sri.post(
        &path,
        &[("csrf", &csrf), ("action", "assign"), ("peksos", "rt")],
    );
    assert_eq!(nobody.status, 422, "only a peksos can be assigned");
    let done = sri.post(
        &path,
        &[
            ("csrf", &csrf),
            ("action", "assign"),
            ("peksos", "budi"),
            ("reason", "Segera"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.html);
    let again = sri.post(
        &path,
        &[("csrf", &csrf), ("action", "close"), ("reason", "x")],
    );
    assert_eq!(again.status, 422, "settled once");
    let tasks = feed(&w.server, &w.budi, "assignment");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["task"], "visit");
    assert_eq!(tasks[0]["report"]["family_name"]["text"], "Keluarga Uji");
    assert!(feed(&w.server, &w.ani, "assignment").is_empty());
    let heard = feed(&w.server, &w.rt, "decision");
    assert_eq!(heard.len(), 1);
    let keys: Vec<&str> = heard[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["decided_at", "outcome", "reason", "report_id"],
        "the outcome alone"
    );
    assert_eq!(heard[0]["outcome"], "assigned");
    assert_eq!(
        heard[0]["reason"],
        Value::Null,
        "the note is for the peksos"
    );
    let shown = sri.get(&format!("/office/visits/{report_id}"));
    assert!(shown.html.contains("data-outcome=\"assigned\""));
    let unregistered = send(&w.server, &w.rt, report(None));
    let reports = listed(&mut sri, "/office/visits?kind=report");
    assert!(
        reports.contains(&unregistered),
        "a report about an unregistered family is filed under the reporter's kelurahan: {reports:?}"
    );
    let opened = sri.get(&format!("/office/visits/{unregistered}"));
    assert_eq!(opened.status, 200, "{}", opened.html);
    assert!(opened.html.contains("outcome-form"));
    let path = format!("/office/visits/{unregistered}/outcome");
    let form = [
        ("csrf", csrf.as_str()),
        ("action", "assign"),
        ("peksos", "ani"),
    ];
    assert_eq!(
        sri.post(&path, &form).status,
        303,
        "a family not yet registered: the reporter's area"
    );
    assert_eq!(
        feed(&w.server, &w.ani, "assignment")[0]["household_id"],
        Value::Null
    );
}

/// Issue a card on the world's visit; the payload its page shows.
fn issued_card(w: &World) -> (String, String) {
    let done = decide(w, "sri", &w.visit, &[("kind", "card")]);
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get(&done.location);
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("<svg") && page.html.contains("KARTU"));
    let start = page.html.find("data-payload=\"").expect("a payload") + 14;
    let payload = page.html[start..].split('"').next().unwrap().to_owned();
    (done.location, payload)
}

/// The verdict `/verify` gives `payload`, asked without signing in.
fn verdict(server: &Server, payload: &str) -> String {
    let page = Browser::new(server).post("/verify", &[("payload", payload)]);
    assert_eq!(page.status, 200, "{}", page.html);
    let start = page.html.find("data-verdict=\"").expect("a verdict") + 14;
    page.html[start..].split('"').next().unwrap().to_owned()
}

/// Run `sql` on the server's database, writing (the harness only reads).
fn execute(server: &Server, sql: &str) {
    match server.database_url() {
        None => {
            let db = rusqlite::Connection::open(server.data_dir().join("pandu.sqlite3")).unwrap();
            db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            db.execute_batch(sql).unwrap();
        }
        Some(url) => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(conn);
                client.batch_execute(sql).await.unwrap();
            });
        }
    }
}

/// A payload of `claims` signed with a new key that is not the server's.
fn signed_by_stranger(claims: &Value) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine;
    use ed25519_dalek::{Signer, SigningKey};
    let key = SigningKey::from_bytes(&crate::harness::rand_bytes());
    let json = serde_json::to_vec(claims).unwrap();
    let signature = key.sign(&[b"pandu-document/1\n".as_slice(), &json].concat());
    format!(
        "PANDU1.{}.{}",
        B64.encode(&json),
        B64.encode(signature.to_bytes())
    )
}

/// The claims inside a payload.
fn claims_of(payload: &str) -> Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine;
    let part = payload.split('.').nth(1).unwrap();
    serde_json::from_slice(&B64.decode(part).unwrap()).unwrap()
}

fn verify_tells_valid_expired_revoked_and_forged_apart(backend: Backend) {
    let w = world(backend);
    let (location, payload) = issued_card(&w);
    assert_eq!(verdict(&w.server, &payload), "valid");
    let mut claims = claims_of(&payload);
    let stranger = signed_by_stranger(&claims);
    assert_eq!(
        verdict(&w.server, &stranger),
        "forged",
        "signed by another key"
    );
    claims["valid_until"] = json!("2099-12-31");
    let mut parts: Vec<String> = payload.split('.').map(str::to_owned).collect();
    parts[1] = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(&claims).unwrap())
    };
    assert_eq!(verdict(&w.server, &parts.join(".")), "forged", "tampered");
    assert_eq!(verdict(&w.server, "not a code"), "forged");
    let (ok, out) = w.server.cli(&["verify", &payload], "");
    assert!(ok && out.contains("VALID"), "{out}");
    let keys = w.server.send("GET", "/api/v1/keys", None, None);
    let public = keys.json["keys"][0]["public_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let (ok, out) = w
        .server
        .cli(&["verify", &payload, "--public-key", &public], "");
    assert!(ok && out.contains("offline"), "{out}");
    let (ok, out) = w
        .server
        .cli(&["verify", &stranger, "--public-key", &public], "");
    assert!(!ok && out.contains("FORGED"), "{out}");
    let mut sri = Browser::new(&w.server);
    let csrf = sri.sign_in("sri");
    let revoke = format!("{location}/revoke");
    assert_eq!(
        sri.post(&revoke, &[("csrf", &csrf), ("reason", "")]).status,
        422
    );
    let done = sri.post(
        &revoke,
        &[("csrf", &csrf), ("reason", "Pindah ke luar kota")],
    );
    assert_eq!(done.status, 303, "{}", done.html);
    assert_eq!(verdict(&w.server, &payload), "revoked");
    let (ok, out) = w.server.cli(&["verify", &payload], "");
    assert!(
        !ok && out.contains("REVOKED") && out.contains("Pindah ke luar kota"),
        "{out}"
    );
    assert!(sri.get(&location).html.contains("DICABUT"));
}

fn an_expired_card_is_told_apart(backend: Backend) {
    let w = world(backend);
    let (location, _) = issued_card(&w);
    execute(
        &w.server,
        "UPDATE document SET valid_from = '2024-01-01', valid_until = '2024-12-31'",
    );
    let mut sri = Browser::new(&w.server);
    sri.sign_in("sri");
    let page = sri.get(&location);
    let start = page.html.find("data-payload=\"").unwrap() + 14;
    let payload = page.html[start..].split('"').next().unwrap();
    assert_eq!(verdict(&w.server, payload), "expired");
    let (ok, out) = w.server.cli(&["verify", payload], "");
    assert!(
        !ok && out.contains("EXPIRED") && out.contains("KEDALUWARSA"),
        "{out}"
    );
}

on_both!(
    decisions_keep_who_when_and_the_evidence_version,
    a_card_is_renewed_only_on_a_newer_visit,
    concurrent_card_requests_on_one_visit_issue_one_card,
    a_letter_needs_the_mayors_reference_and_a_rejection_its_reason,
    wrong_roles_other_areas_and_forms_without_csrf_are_refused,
    a_send_back_becomes_a_task_on_the_authors_phone_only,
    a_decision_moves_the_visit_in_the_review_queue,
    a_card_is_announced_to_the_phones_of_its_kelurahan_and_again_when_revoked,
    a_report_becomes_a_task_and_the_reporter_hears_only_the_outcome,
    verify_tells_valid_expired_revoked_and_forged_apart,
    an_expired_card_is_told_apart,
);
