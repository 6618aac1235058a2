//! Sync under faults, end to end: the real `pandu-field` device process and the real
//! `pandu-server` binary over real TCP on 127.0.0.1, with a fault-injecting proxy between them,
//! on SQLite and on PostgreSQL. Whatever breaks — a connection dropped mid-body, a reset, delays,
//! a truncated answer, an answer lost after the server committed, the server killed mid-batch,
//! the device killed mid-sync — one clean sync afterwards must leave every finished visit on the
//! server exactly once, every photo byte-identical, nothing lost on the device, receipts for all.

mod support;

use std::process::Child;
use std::time::{Duration, Instant};

use pandu_testkit::{Backend, Fault};
use support::{on_both, text, Rig};

/// Visits per case (each with 4 photos), plus one report.
const VISITS: usize = 3;

on_both!(
    clean_sync_delivers_everything_once,
    photos_wait_for_wifi,
    connections_dropped_mid_body,
    connections_reset,
    slow_network,
    answers_truncated,
    answers_lost_after_the_server_committed,
    server_killed_mid_batch_and_restarted,
    device_killed_mid_sync_and_restarted,
    sync_cancelled_midway_then_resumed,
);

fn rig(backend: Backend) -> Option<Rig> {
    let mut rig = Rig::new(backend)?;
    rig.make_work(VISITS);
    Some(rig)
}

fn clean_sync_delivers_everything_once(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    let out = rig.sync();
    assert!(out.status.success(), "{}", text(&out));
    let report = support::last_json_line(&out);
    assert_eq!(report["sent"], VISITS + 1, "{report}");
    let progress: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let photos_done = progress
        .iter()
        .filter(|p| p["stage"] == "media")
        .map(|p| p["bytes_done"].as_u64().unwrap())
        .max();
    assert_eq!(
        photos_done,
        report["photo_bytes"].as_u64(),
        "progress in bytes"
    );
    assert!(progress
        .iter()
        .any(|p| p["stage"] == "records" && p["items_done"] == VISITS + 1));
    assert_eq!(report["photos_sent"], VISITS * 4, "{report}");
    rig.assert_all_delivered();
    let full_copies = std::fs::read_dir(rig.home().join("evidence"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "full")
        })
        .count();
    assert_eq!(
        full_copies, 0,
        "full-size photos freed once the office holds them"
    );
    let again = rig.sync_ok();
    assert_eq!(again["sent"], 0, "nothing is sent twice: {again}");
}

fn photos_wait_for_wifi(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    let out = rig.field(&["sync", "--json", "--metered"]);
    assert!(out.status.success(), "{}", text(&out));
    let report = support::last_json_line(&out);
    assert_eq!(report["sent"], 1, "the report has no photos: {report}");
    assert_eq!(report["photos_sent"], 0, "{report}");
    assert_eq!(report["media_deferred"], true, "{report}");
    assert_eq!(report["waiting_for_media"], VISITS, "{report}");
    let waiting = rig
        .outbox()
        .iter()
        .filter(|e| e["state"] == "waiting_media")
        .count();
    assert_eq!(waiting, VISITS);
    rig.assert_all_delivered();
}

/// Faults on the next connections, then one sync (which may or may not get through), then the
/// final check.
fn faulty_then_clean(backend: Backend, connections: usize, fault: Fault) {
    let Some(rig) = rig(backend) else { return };
    rig.proxy.fail_next(connections, fault);
    let first = rig.sync();
    assert!(
        matches!(first.status.code(), Some(0 | 3)),
        "a faulty network ends in success or 'try again': {}",
        text(&first)
    );
    assert!(rig.proxy.faults_injected() > 0, "the fault happened");
    rig.assert_all_delivered();
}

fn connections_dropped_mid_body(backend: Backend) {
    faulty_then_clean(backend, 4, Fault::DropRequestAfter(20_000));
}

fn connections_reset(backend: Backend) {
    faulty_then_clean(backend, 4, Fault::Reset(2_000));
}

fn slow_network(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    rig.proxy
        .fail_next(8, Fault::Delay(Duration::from_millis(30)));
    rig.sync_ok();
    rig.assert_all_delivered();
}

fn answers_truncated(backend: Backend) {
    faulty_then_clean(backend, 4, Fault::TruncateResponse(120));
}

fn answers_lost_after_the_server_committed(backend: Backend) {
    faulty_then_clean(backend, 4, Fault::LoseResponseAfter(1_500));
}

fn server_killed_mid_batch_and_restarted(backend: Backend) {
    let Some(mut rig) = rig(backend) else { return };
    let device = slow_sync_under_way(&rig);
    rig.server.kill();
    std::thread::sleep(Duration::from_millis(300));
    rig.server.restart();
    let out = device.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "device run ended: {}",
        text(&out)
    );
    rig.assert_all_delivered();
}

fn device_killed_mid_sync_and_restarted(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    let mut device = slow_sync_under_way(&rig);
    device.kill().unwrap(); // SIGKILL
    device.wait().unwrap();
    rig.assert_all_delivered();
}

fn sync_cancelled_midway_then_resumed(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    let device = slow_sync_under_way(&rig);
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &device.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = device.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "cancelled: {}", text(&out));
    assert!(text(&out).contains("cancelled"), "{}", text(&out));
    let cut = support::last_json_line(&out);
    rig.proxy.pass_all();
    let resumed = rig.sync_ok();
    let photos = |r: &serde_json::Value| r["photos_sent"].as_u64().unwrap();
    assert!(
        photos(&cut) > 0,
        "some photos went up before the cut: {cut}"
    );
    assert_eq!(
        photos(&cut) + photos(&resumed),
        VISITS as u64 * 4,
        "no photo uploaded twice: {cut} then {resumed}"
    );
    rig.assert_all_delivered();
}

/// A device sync on a slow link, returned once some 400 KB have gone up (records sent, a few
/// photos up, more on their way).
fn slow_sync_under_way(rig: &Rig) -> Child {
    rig.proxy
        .fail_next(1000, Fault::Delay(Duration::from_millis(20)));
    let device = rig.spawn_sync();
    wait_for(|| rig.proxy.bytes_up() > 400_000);
    device
}

/// Wait (at most 60 s) until `ready`.
fn wait_for(ready: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < until, "timed out waiting");
        std::thread::sleep(Duration::from_millis(10));
    }
}
