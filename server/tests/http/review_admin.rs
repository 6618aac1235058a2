//! The registry import page and the users-and-devices page on both databases: a dry run that
//! changes nothing and an apply that does, problems by line, the area check; accounts created
//! and moved to another kelurahan by an admin only, and a revoked phone refused at its next
//! request; forms without the CSRF token refused.

use crate::harness::{on_both, Backend, Server, KEL_A, KEL_B};
use crate::web::Browser;

/// A synthetic PPLS file of `households` households.
fn registry(households: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    pandu_core::registry::write_synthetic_registry(&mut out, households, seed).unwrap();
    out
}

fn count(server: &Server, sql: &str) -> usize {
    server.query(sql)[0][0].parse().unwrap()
}

fn a_dry_run_changes_nothing_and_apply_imports(backend: Backend) {
    let server = Server::start(backend);
    server.user("sri", "supervisor", "all");
    server.user("zed", "supervisor", KEL_B);
    server.user("budi", "peksos", "all");
    let file = registry(8, 3);
    let mut sri = Browser::new(&server);
    let csrf = sri.sign_in("sri");
    let no_token = sri.post_multipart("/office/registry", &[], ("file", &file));
    assert_eq!(no_token.status, 403, "no CSRF token");
    let dry = sri.post_multipart("/office/registry", &[("csrf", &csrf)], ("file", &file));
    assert_eq!(dry.status, 200, "{}", dry.html);
    assert!(dry.html.contains("Uji coba: belum ada yang diubah"));
    assert!(dry.html.contains("<dd id=\"new\">8</dd>"), "{}", dry.html);
    let none = "SELECT CAST(count(*) AS TEXT) FROM household";
    assert_eq!(count(&server, none), 0, "the dry run changed nothing");
    let upload = dry.html.split("name=\"upload\" value=\"").nth(1).unwrap();
    let upload = upload.split('"').next().unwrap().to_owned();
    let mut budi = Browser::new(&server);
    let budi_csrf = budi.sign_in("budi");
    let apply = [("csrf", budi_csrf.as_str()), ("upload", &upload)];
    assert_eq!(
        budi.post("/office/registry/apply", &apply).status,
        403,
        "a peksos may not"
    );
    let applied = sri.post(
        "/office/registry/apply",
        &[("csrf", &csrf), ("upload", &upload)],
    );
    assert_eq!(applied.status, 200, "{}", applied.html);
    assert!(applied.html.contains("Registri diimpor"));
    assert_eq!(count(&server, none), 8);
    let again = sri.post(
        "/office/registry/apply",
        &[("csrf", &csrf), ("upload", &upload)],
    );
    assert_eq!(again.status, 404, "an upload is applied once");
    let same = sri.post_multipart("/office/registry", &[("csrf", &csrf)], ("file", &file));
    assert!(
        same.html.contains("<dd id=\"unchanged\">8</dd>"),
        "{}",
        same.html
    );
    let audited = server.audit_log();
    assert!(audited.contains(&(
        "web.write.registry".into(),
        "households new 8 changed 0".into()
    )));
    let mut zed = Browser::new(&server);
    let zed_csrf = zed.sign_in("zed");
    let outside = zed.post_multipart("/office/registry", &[("csrf", &zed_csrf)], ("file", &file));
    assert_eq!(outside.status, 400, "households outside the area");
    assert!(outside.html.contains("di luar wilayah Anda"));
}

fn a_bad_file_shows_its_problems_by_line(backend: Backend) {
    let server = Server::start(backend);
    server.user("sri", "supervisor", "all");
    let mut file = String::from_utf8(registry(30, 5)).unwrap();
    let second = file.lines().nth(2).unwrap().to_owned();
    let mut columns: Vec<&str> = second.split(',').collect();
    columns[2] = "0000000000000000";
    let broken = columns.join(",");
    file = file.replacen(&second, &broken, 1);
    let mut sri = Browser::new(&server);
    let csrf = sri.sign_in("sri");
    let dry = sri.post_multipart(
        "/office/registry",
        &[("csrf", &csrf)],
        ("file", file.as_bytes()),
    );
    assert_eq!(dry.status, 200, "{}", dry.html);
    let problems = dry
        .html
        .split("id=\"problems\"")
        .nth(1)
        .expect("a problem table");
    assert!(
        problems.contains("<td>3</td>"),
        "line 3 is named: {problems}"
    );
    let empty = sri.post_multipart("/office/registry", &[("csrf", &csrf)], ("file", b""));
    assert_eq!(empty.status, 400);
    assert!(empty.html.contains("Pilih berkas CSV"));
}

fn an_admin_manages_users_and_revokes_a_lost_phone(backend: Backend) {
    let server = Server::start(backend);
    server.user("admin", "admin", "all");
    server.user("sri", "supervisor", KEL_A);
    let rina = server.account("rina", "peksos", KEL_A);
    let mut admin = Browser::new(&server);
    let csrf = admin.sign_in("admin");
    let list = admin.get("/office/users");
    assert_eq!(list.status, 200);
    assert!(list.html.contains("data-user=\"rina\""));
    let new = [
        ("csrf", csrf.as_str()),
        ("username", "dewi"),
        ("role", "peksos"),
        ("kelurahan", KEL_A),
        ("password", "pendek"),
    ];
    let short = admin.post("/office/users", &new);
    assert_eq!(short.status, 400);
    assert!(short.html.contains("paling sedikit 8 huruf") && short.html.contains("value=\"dewi\""));
    let mut good = new;
    good[4].1 = "kata-sandi-dewi";
    assert_eq!(
        admin.post("/office/users", &good[1..]).status,
        403,
        "no CSRF token"
    );
    let made = admin.post("/office/users", &good);
    assert_eq!(made.status, 303, "{}", made.html);
    let taken = admin.post("/office/users", &good);
    assert!(taken.html.contains("sudah dipakai"));
    let rina_id =
        &server.query("SELECT CAST(id AS TEXT) FROM app_user WHERE username = 'rina'")[0][0];
    let page = admin.get(&format!("/office/users/{rina_id}"));
    assert!(page.html.contains(&format!("data-device=\"{}\"", rina.id)));
    let moved = admin.post(
        &format!("/office/users/{rina_id}/kelurahan"),
        &[("csrf", &csrf), ("kelurahan", KEL_B)],
    );
    assert_eq!(moved.status, 303);
    let scope = server.query("SELECT CAST(scope AS TEXT) FROM app_user WHERE username = 'rina'");
    assert!(
        scope[0][0].contains(KEL_B) && !scope[0][0].contains(KEL_A),
        "{scope:?}"
    );
    let mut sri = Browser::new(&server);
    let sri_csrf = sri.sign_in("sri");
    let revoke = format!("/office/users/{rina_id}/devices/{}/revoke", rina.id);
    assert_eq!(sri.get("/office/users").status, 403, "a supervisor may not");
    assert_eq!(sri.post(&revoke, &[("csrf", &sri_csrf)]).status, 403);
    assert_eq!(admin.post(&revoke, &[]).status, 403, "no CSRF token");
    let before = server.send("GET", "/api/v1/changes", Some(&rina.token), None);
    assert_eq!(before.status, 200);
    assert_eq!(admin.post(&revoke, &[("csrf", &csrf)]).status, 303);
    let after = server.send("GET", "/api/v1/changes", Some(&rina.token), None);
    assert_eq!((after.status, after.code()), (401, "auth.revoked"));
    assert!(admin
        .get(&format!("/office/users/{rina_id}"))
        .html
        .contains("Dicabut"));
    let log = server.audit_log();
    assert!(log.contains(&(
        "web.write.device.revoke".into(),
        format!("device {}", rina.id)
    )));
    assert!(log.iter().any(|l| l.0 == "web.write.user"));
}

on_both!(
    a_dry_run_changes_nothing_and_apply_imports,
    a_bad_file_shows_its_problems_by_line,
    an_admin_manages_users_and_revokes_a_lost_phone,
);
