//! Every role against every endpoint, as one table: what each of volunteer, peksos, supervisor
//! and admin gets, and that nothing but sign-in, keys and the API document answers without a token.

use serde_json::{json, Value};

use crate::fixtures::{batch, household, item, jpeg, report};
use crate::harness::{on_both, Backend, Device, Server, KEL_A, KEL_B};

const ROLES: [&str; 4] = ["volunteer", "peksos", "supervisor", "admin"];

/// What a row checks: the HTTP status and, for record batches, the item status or problem code.
type Outcome = (u16, String);

struct World {
    server: Server,
    devices: Vec<Device>,
    volunteer_record: String,
    peksos_record: String,
    victims: Vec<i64>,
}

fn world(backend: Backend) -> World {
    let server = Server::start(backend);
    let devices: Vec<Device> = ROLES
        .iter()
        .map(|role| {
            let scope = if *role == "admin" { "all" } else { KEL_A };
            server.account(role, role, scope)
        })
        .collect();
    let admin = &devices[3];
    for (id, kel) in [("h-a", KEL_A), ("h-b", KEL_B)] {
        let path = format!("/api/v1/households/{id}");
        assert_eq!(
            server
                .send("PUT", &path, Some(&admin.token), Some(household(id, kel)))
                .status,
            204
        );
    }
    let volunteer_record = send_report(&server, &devices[0], "h-a");
    let peksos_record = send_report(&server, &devices[1], "h-a");
    server.user("korban", "volunteer", KEL_A);
    let victims = ROLES.iter().map(|_| server.enrol("korban").id).collect();
    World {
        server,
        devices,
        volunteer_record,
        peksos_record,
        victims,
    }
}

fn send_report(server: &Server, device: &Device, household: &str) -> String {
    let body = report(Some(household));
    let reply = server.send(
        "POST",
        "/api/v1/records",
        Some(&device.token),
        Some(batch(vec![item(device, &body, &[])])),
    );
    assert_eq!(
        reply.json["results"][0]["status"], "accepted",
        "{}",
        reply.json
    );
    body["id"].as_str().unwrap().to_owned()
}

fn status(reply: crate::harness::Reply) -> Outcome {
    (reply.status, String::new())
}

fn record_outcome(reply: crate::harness::Reply) -> Outcome {
    let result = &reply.json["results"][0];
    let detail = match result["problems"][0]["code"].as_str() {
        Some(code) => code.to_owned(),
        None => result["status"].as_str().unwrap_or("").to_owned(),
    };
    (reply.status, detail)
}

fn households_seen(reply: crate::harness::Reply) -> Outcome {
    let changes = reply.json["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let ids: std::collections::BTreeSet<&str> = changes
        .iter()
        .filter(|c| c["kind"] == "household")
        .filter_map(|c| c["data"]["id"].as_str())
        .collect();
    let n = ids.len();
    (reply.status, format!("{n} households"))
}

type Row = (
    &'static str,
    Box<dyn Fn(&World, usize) -> Outcome>,
    [(u16, &'static str); 4],
);

fn rows() -> Vec<Row> {
    let post_report = |household: &'static str| {
        move |w: &World, r: usize| {
            let d = &w.devices[r];
            let body = batch(vec![item(d, &report(Some(household)), &[])]);
            record_outcome(
                w.server
                    .send("POST", "/api/v1/records", Some(&d.token), Some(body)),
            )
        }
    };
    let read = |pick: fn(&World) -> &String| {
        move |w: &World, r: usize| {
            let path = format!("/api/v1/records/{}", pick(w));
            status(w.server.send("GET", &path, Some(&w.devices[r].token), None))
        }
    };
    vec![
        (
            "openapi",
            Box::new(|w, r| {
                status(w.server.send(
                    "GET",
                    "/api/v1/openapi.json",
                    Some(&w.devices[r].token),
                    None,
                ))
            }),
            [(200, ""); 4],
        ),
        (
            "keys",
            Box::new(|w, r| {
                status(
                    w.server
                        .send("GET", "/api/v1/keys", Some(&w.devices[r].token), None),
                )
            }),
            [(200, ""); 4],
        ),
        (
            "enrolment code",
            Box::new(|w, r| {
                status(w.server.send(
                    "POST",
                    "/api/v1/enrolment-codes",
                    Some(&w.devices[r].token),
                    Some(json!({"username": "korban"})),
                ))
            }),
            [(403, ""), (403, ""), (403, ""), (201, "")],
        ),
        (
            "revoke",
            Box::new(|w, r| {
                status(w.server.send(
                    "DELETE",
                    &format!("/api/v1/devices/{}", w.victims[r]),
                    Some(&w.devices[r].token),
                    None,
                ))
            }),
            [(403, ""), (403, ""), (403, ""), (204, "")],
        ),
        (
            "household in area",
            Box::new(|w, r| {
                status(w.server.send(
                    "PUT",
                    "/api/v1/households/h-a",
                    Some(&w.devices[r].token),
                    Some(household("h-a", KEL_A)),
                ))
            }),
            [(403, ""), (403, ""), (204, ""), (204, "")],
        ),
        (
            "household outside area",
            Box::new(|w, r| {
                status(w.server.send(
                    "PUT",
                    "/api/v1/households/h-b",
                    Some(&w.devices[r].token),
                    Some(household("h-b", KEL_B)),
                ))
            }),
            [(403, ""), (403, ""), (403, ""), (204, "")],
        ),
        (
            "media head",
            Box::new(|w, r| {
                status(w.server.raw(
                    "HEAD",
                    &format!("/api/v1/media/{}", "0".repeat(64)),
                    Some(&w.devices[r].token),
                    &[],
                    None,
                ))
            }),
            [(404, ""); 4],
        ),
        (
            "media put",
            Box::new(|w, r| {
                let (bytes, hash) = jpeg(ROLES[r]);
                status(w.server.raw(
                    "PUT",
                    &format!("/api/v1/media/{hash}"),
                    Some(&w.devices[r].token),
                    &[],
                    Some(("image/jpeg", bytes)),
                ))
            }),
            [(201, ""); 4],
        ),
        (
            "report in area",
            Box::new(post_report("h-a")),
            [
                (200, "accepted"),
                (200, "accepted"),
                (200, "accepted"),
                (200, "scope.record_kind"),
            ],
        ),
        (
            "report outside area",
            Box::new(post_report("h-b")),
            [
                (200, "scope.household"),
                (200, "scope.household"),
                (200, "scope.household"),
                (200, "scope.record_kind"),
            ],
        ),
        (
            "read volunteer's record",
            Box::new(read(|w| &w.volunteer_record)),
            [(200, ""); 4],
        ),
        (
            "read peksos's record",
            Box::new(read(|w| &w.peksos_record)),
            [(403, ""), (200, ""), (200, ""), (200, "")],
        ),
        (
            "changes",
            Box::new(|w, r| {
                households_seen(w.server.send(
                    "GET",
                    "/api/v1/changes",
                    Some(&w.devices[r].token),
                    None,
                ))
            }),
            [
                (200, "0 households"),
                (200, "1 households"),
                (200, "1 households"),
                (200, "2 households"),
            ],
        ),
    ]
}

fn every_role_against_every_endpoint(backend: Backend) {
    let world = world(backend);
    let mut failures = Vec::new();
    for (name, call, expected) in rows() {
        for (r, role) in ROLES.iter().enumerate() {
            let got = call(&world, r);
            let want = (expected[r].0, expected[r].1.to_owned());
            if got != want {
                failures.push(format!("{name} as {role}: got {got:?}, want {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn without_a_token_only_public_endpoints_answer(backend: Backend) {
    let server = Server::start(backend);
    let hash = "0".repeat(64);
    let calls: [(&str, String, Option<Value>); 8] = [
        (
            "POST",
            "/api/v1/enrolment-codes".into(),
            Some(json!({"username": "x"})),
        ),
        ("DELETE", "/api/v1/devices/1".into(), None),
        (
            "PUT",
            "/api/v1/households/h".into(),
            Some(household("h", KEL_A)),
        ),
        ("HEAD", format!("/api/v1/media/{hash}"), None),
        ("PUT", format!("/api/v1/media/{hash}"), Some(json!({}))),
        ("POST", "/api/v1/records".into(), Some(batch(vec![]))),
        ("GET", "/api/v1/records/x".into(), None),
        ("GET", "/api/v1/changes".into(), None),
    ];
    for (method, path, body) in calls {
        let reply = server.send(method, &path, None, body);
        assert_eq!(reply.status, 401, "{method} {path}");
    }
    for path in ["/api/v1/openapi.json", "/api/v1/keys"] {
        assert_eq!(server.send("GET", path, None, None).status, 200, "{path}");
    }
}

on_both!(
    every_role_against_every_endpoint,
    without_a_token_only_public_endpoints_answer
);
