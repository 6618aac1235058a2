//! Sync under faults, end to end: the real `pandu-field` device process and the real
//! `pandu-server` binary over real TCP on 127.0.0.1, with a fault-injecting proxy between them,
//! on SQLite and on PostgreSQL. Whatever breaks — a connection dropped mid-body, a reset, delays,
//! a truncated answer, an answer lost after the server committed, the server killed mid-batch,
//! the device killed mid-sync — one clean sync afterwards must leave every finished visit on the
//! server exactly once, every photo byte-identical, nothing lost on the device, receipts for all.

mod support;

use std::time::{Duration, Instant};

use pandu_testkit::{Backend, Fault};
use support::{text, Rig};

/// Visits per case (each with 4 photos), plus one report.
const VISITS: usize = 3;

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(pandu_testkit::Backend::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() { super::$name(pandu_testkit::Backend::Postgres) })*
        }
    };
}

on_both!(
    clean_sync_delivers_everything_once,
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
    let report = rig.sync_ok();
    assert_eq!(report["sent"], VISITS + 1, "{report}");
    assert_eq!(report["photos_sent"], VISITS * 4, "{report}");
    rig.assert_all_delivered();
    let again = rig.sync_ok();
    assert_eq!(again["sent"], 0, "nothing is sent twice: {again}");
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
    rig.proxy
        .fail_next(1000, Fault::Delay(Duration::from_millis(20)));
    let mut device = rig.spawn_sync();
    wait_for(|| rig.proxy.bytes_up() > 60_000);
    rig.server.kill();
    std::thread::sleep(Duration::from_millis(300));
    rig.server.restart();
    let status = device.wait().unwrap();
    assert!(
        matches!(status.code(), Some(0 | 3)),
        "device run ended: {status:?}"
    );
    rig.assert_all_delivered();
}

fn device_killed_mid_sync_and_restarted(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    rig.proxy
        .fail_next(1000, Fault::Delay(Duration::from_millis(20)));
    let mut device = rig.spawn_sync();
    wait_for(|| rig.proxy.bytes_up() > 60_000);
    device.kill().unwrap(); // SIGKILL
    device.wait().unwrap();
    rig.assert_all_delivered();
}

fn sync_cancelled_midway_then_resumed(backend: Backend) {
    let Some(rig) = rig(backend) else { return };
    rig.proxy
        .fail_next(1000, Fault::Delay(Duration::from_millis(20)));
    let device = rig.spawn_sync();
    wait_for(|| rig.proxy.bytes_up() > 60_000);
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &device.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = device.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "cancelled: {}", text(&out));
    assert!(text(&out).contains("cancelled"), "{}", text(&out));
    rig.assert_all_delivered();
}

/// Wait (at most 60 s) until `ready`.
fn wait_for(ready: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < until, "timed out waiting");
        std::thread::sleep(Duration::from_millis(10));
    }
}
