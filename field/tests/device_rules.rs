//! What the device does with answers that are not a plain success, end to end against the real
//! `pandu-server`: a record the office refuses is set aside with its reasons and never sent again;
//! a Wi-Fi login page that answers 200 with HTML is "not connected", not a server.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

use pandu_testkit::Backend;
use support::{on_both, run_field, text, Rig};

on_both!(
    refused_records_are_set_aside_with_reasons_and_not_sent_again,
    enrolment_codes_and_revoked_devices,
);

fn refused_records_are_set_aside_with_reasons_and_not_sent_again(backend: Backend) {
    // An admin account may not send field records: the office refuses them.
    let Some(mut rig) = Rig::signed_in_as(backend, "admin") else {
        return;
    };
    rig.make_report();
    let report = rig.sync_ok();
    assert_eq!(report["set_aside"], 1, "{report}");
    let entry = &rig.outbox()[0];
    assert_eq!(entry["state"], "rejected", "{entry}");
    assert_eq!(entry["problems"][0]["code"], "scope.record_kind", "{entry}");
    assert!(entry["problems"][0]["text"]["id"].as_str().unwrap().len() > 10);
    let again = rig.sync_ok();
    assert_eq!(again["set_aside"], 0, "not sent again: {again}");
    assert_eq!(rig.outbox()[0]["attempts"], 1, "sent once only");
    assert!(rig.server.record_ids().is_empty());
    let status = rig.field(&["status"]);
    assert!(text(&status).contains("set aside: 1"), "{}", text(&status));
}

fn enrolment_codes_and_revoked_devices(backend: Backend) {
    let Some(mut rig) = Rig::new(backend) else {
        return;
    };
    let (ok, out) = rig
        .server
        .cli(&["enrolment-code", "--username", "rina"], "");
    assert!(ok, "{out}");
    let code = out.lines().next().unwrap().trim().to_owned();
    let phone = tempfile::tempdir().unwrap();
    let url = rig.proxy.url();
    let typed = code.to_lowercase().replace('-', " ");
    let args = [
        "enrol",
        "--server",
        &url,
        "--username",
        "rina",
        "--code",
        &typed,
    ];
    let enrolled = run_field(phone.path(), &args, "");
    assert!(enrolled.status.success(), "{}", text(&enrolled));
    let reused = run_field(tempfile::tempdir().unwrap().path(), &args, "");
    assert_eq!(
        reused.status.code(),
        Some(5),
        "a code works once: {}",
        text(&reused)
    );

    rig.make_report();
    let (ok, out) = rig.server.cli(&["revoke-device", "1"], "");
    assert!(ok, "{out}");
    let refused = rig.sync();
    assert_eq!(refused.status.code(), Some(4), "{}", text(&refused));
    assert!(
        text(&refused).contains("sign in again"),
        "{}",
        text(&refused)
    );
    let status = rig.field(&["status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["signed_in"], false);
    assert_eq!(
        status["outbox"]["to_send"], 1,
        "the report waits on the device"
    );

    let again = rig.field_with_input(
        &["enrol", "--server", &url, "--username", "rina"],
        &format!("{}\n", support::PASSWORD),
    );
    assert!(again.status.success(), "{}", text(&again));
    rig.assert_all_delivered();
}

#[test]
fn a_wifi_login_page_is_not_connected() {
    let portal = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", portal.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in portal.incoming() {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let page = "<html><body>Login Wi-Fi Kantor</body></html>";
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pandu-field"))
        .arg("--home")
        .arg(home.path())
        .args([
            "--lang",
            "en",
            "enrol",
            "--server",
            &url,
            "--username",
            "rina",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"kata-sandi-uji-1\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("Not connected"), "{}", text(&out));
}
