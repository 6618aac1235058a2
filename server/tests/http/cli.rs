//! The subcommands: create-user checks, migrate, rotate-keys keeping old public keys.

use serde_json::Value;

use crate::fixtures::{batch, item, report};
use crate::harness::{on_both, Backend, Server, KEL_A};

fn create_user_checks_its_input(backend: Backend) {
    let server = Server::start(backend);
    server.user("ani", "peksos", KEL_A);
    let (ok, out) = server.cli(
        &[
            "create-user",
            "--username",
            "ani",
            "--role",
            "peksos",
            "--kelurahan",
            KEL_A,
            "--password",
            "panjang-sekali",
        ],
        "",
    );
    assert!(!ok && out.contains("User name ani is taken"), "{out}");
    let (ok, out) = server.cli(
        &[
            "create-user",
            "--username",
            "b",
            "--role",
            "peksos",
            "--kelurahan",
            "99.99",
        ],
        "rahasia-panjang\n",
    );
    assert!(!ok && out.contains("Unknown kelurahan code"), "{out}");
    let (ok, out) = server.cli(
        &[
            "create-user",
            "--username",
            "c",
            "--role",
            "boss",
            "--kelurahan",
            KEL_A,
        ],
        "",
    );
    assert!(!ok && out.contains("unknown role"), "{out}");
    let (ok, out) = server.cli(
        &[
            "create-user",
            "--username",
            "d",
            "--role",
            "admin",
            "--kelurahan",
            "all",
        ],
        "pendek\n",
    );
    assert!(!ok && out.contains("at least 8"), "{out}");
    let (ok, out) = server.cli(&["migrate"], "");
    assert!(ok && out.contains("0 migrations applied"), "{out}");
}

fn rotated_keys_sign_new_receipts_and_old_keys_stay_published(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let post = |body: &Value| {
        let reply = server.send(
            "POST",
            "/api/v1/records",
            Some(&device.token),
            Some(batch(vec![item(&device, body, &[])])),
        );
        reply.json["results"][0]["receipt"]["key_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let old = post(&report(None));
    let (ok, out) = server.cli(&["rotate-keys"], "");
    assert!(ok, "{out}");
    let new = post(&report(None));
    assert_ne!(old, new);
    let keys = server.send("GET", "/api/v1/keys", None, None).json;
    let listed: Vec<(&str, bool)> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["key_id"].as_str().unwrap(),
                k["active"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, [(old.as_str(), false), (new.as_str(), true)]);
}

fn registry_households(server: &Server, token: &str) -> std::collections::BTreeSet<String> {
    let reply = server.send("GET", "/api/v1/changes?limit=1000", Some(token), None);
    let changes = reply.json["changes"].as_array().unwrap().clone();
    changes
        .iter()
        .filter(|c| c["kind"] == "household")
        .map(|c| c["data"]["id"].as_str().unwrap().to_owned())
        .collect()
}

fn the_registry_import_publishes_households_and_a_second_import_updates_them(backend: Backend) {
    let server = Server::start(backend);
    let admin = server.account("admin", "admin", "all");
    let file = tempfile::NamedTempFile::new().unwrap();
    pandu_core::registry::write_synthetic_registry(file.as_file(), 30, 7).unwrap();
    let path = file.path().to_str().unwrap();
    let (ok, out) = server.cli(&["import-registry", path], "");
    assert!(ok && out.contains("30 households published"), "{out}");
    let first = registry_households(&server, &admin.token);
    assert_eq!(first.len(), 30);
    let (ok, out) = server.cli(&["import-registry", path], "");
    assert!(ok, "{out}");
    assert_eq!(
        registry_households(&server, &admin.token),
        first,
        "the same households, updated"
    );
    let (ok, out) = server.cli(&["import-registry", "/nonexistent.csv"], "");
    assert!(!ok && out.contains("Registry import failed"), "{out}");
}

on_both!(
    create_user_checks_its_input,
    rotated_keys_sign_new_receipts_and_old_keys_stay_published,
    the_registry_import_publishes_households_and_a_second_import_updates_them,
);
