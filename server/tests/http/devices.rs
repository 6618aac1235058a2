//! Sign-in with a password or an enrolment code, rate limiting, bad keys, revocation.

use serde_json::json;

use crate::harness::{on_both, rand_bytes, Backend, Server, KEL_A, PASSWORD};

fn enrol_request(username: &str, credential: (&str, &str)) -> serde_json::Value {
    let key = ed25519_dalek::SigningKey::from_bytes(&rand_bytes());
    let mut body = json!({
        "username": username,
        "device_name": "HP",
        "public_key": hex::encode(key.verifying_key().to_bytes()),
    });
    body[credential.0] = json!(credential.1);
    body
}

fn sign_in_returns_token_scope_and_receipt_keys(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("ani", "peksos", KEL_A);
    let enrolled = &device.enrolled;
    assert_eq!(enrolled["user"]["role"], "peksos");
    assert_eq!(enrolled["user"]["kelurahan"], json!([KEL_A]));
    assert_eq!(enrolled["token"].as_str().unwrap().len(), 64);
    let keys = enrolled["receipt_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["active"], true);
    let reply = server.send("GET", "/api/v1/changes", Some(&device.token), None);
    assert_eq!(reply.status, 200);
}

fn wrong_passwords_are_refused_then_rate_limited(backend: Backend) {
    let server = Server::start(backend);
    server.user("budi", "volunteer", KEL_A);
    for _ in 0..5 {
        let reply = server.send(
            "POST",
            "/api/v1/devices",
            None,
            Some(enrol_request("budi", ("password", "salah-salah"))),
        );
        assert_eq!((reply.status, reply.code()), (401, "auth.bad_credentials"));
        assert!(reply.json["message"]["id"].as_str().is_some());
        assert!(reply.json["message"]["en"].as_str().is_some());
    }
    let reply = server.send(
        "POST",
        "/api/v1/devices",
        None,
        Some(enrol_request("budi", ("password", PASSWORD))),
    );
    assert_eq!((reply.status, reply.code()), (429, "auth.rate_limited"));
}

fn enrolment_codes_work_once(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    server.user("citra", "volunteer", KEL_A);
    let reply = server.send(
        "POST",
        "/api/v1/enrolment-codes",
        Some(&admin.token),
        Some(json!({"username": "citra"})),
    );
    assert_eq!(reply.status, 201, "{}", reply.json);
    let code = reply.json["code"].as_str().unwrap().to_lowercase();
    let reply = server.send(
        "POST",
        "/api/v1/devices",
        None,
        Some(enrol_request("citra", ("enrolment_code", &code))),
    );
    assert_eq!(reply.status, 201, "{}", reply.json);
    let again = server.send(
        "POST",
        "/api/v1/devices",
        None,
        Some(enrol_request("citra", ("enrolment_code", &code))),
    );
    assert_eq!((again.status, again.code()), (401, "auth.bad_credentials"));
}

fn bad_device_keys_and_names_are_refused(backend: Backend) {
    let server = Server::start(backend);
    server.user("dedi", "peksos", KEL_A);
    let mut body = enrol_request("dedi", ("password", PASSWORD));
    body["public_key"] = json!("abcd");
    let reply = server.send("POST", "/api/v1/devices", None, Some(body));
    assert_eq!((reply.status, reply.code()), (400, "device.bad_public_key"));
    let mut body = enrol_request("dedi", ("password", PASSWORD));
    body["device_name"] = json!("  ");
    let reply = server.send("POST", "/api/v1/devices", None, Some(body));
    assert_eq!((reply.status, reply.code()), (400, "device.bad_name"));
}

fn a_revoked_device_is_refused_at_its_next_request(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    let peksos = server.account("eka", "peksos", KEL_A);
    let path = format!("/api/v1/devices/{}", peksos.id);
    assert_eq!(
        server
            .send("DELETE", &path, Some(&admin.token), None)
            .status,
        204
    );
    let reply = server.send("GET", "/api/v1/changes", Some(&peksos.token), None);
    assert_eq!((reply.status, reply.code()), (401, "auth.revoked"));
    let reply = server.send("GET", "/api/v1/changes", Some("0000"), None);
    assert_eq!((reply.status, reply.code()), (401, "auth.invalid_token"));
    let reply = server.send("GET", "/api/v1/changes", None, None);
    assert_eq!((reply.status, reply.code()), (401, "auth.missing_token"));
    let reply = server.send("DELETE", "/api/v1/devices/999999", Some(&admin.token), None);
    assert_eq!((reply.status, reply.code()), (404, "device.unknown"));
}

on_both!(
    sign_in_returns_token_scope_and_receipt_keys,
    wrong_passwords_are_refused_then_rate_limited,
    enrolment_codes_work_once,
    bad_device_keys_and_names_are_refused,
    a_revoked_device_is_refused_at_its_next_request,
);
