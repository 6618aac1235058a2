//! The end-to-end rig: the real `pandu-server` (SQLite or PostgreSQL) with a registry imported,
//! a fault-injecting TCP proxy in front of it, and the real `pandu-field` device process signed
//! in through the proxy — plus the final check every fault case ends with.
#![allow(dead_code)]

pub mod photos;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use pandu_testkit::{Backend, FaultProxy, Server};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One `#[test]` per database for each `fn name(backend: Backend)`.
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
pub(crate) use on_both;

/// The password of the test account.
pub const PASSWORD: &str = "kata-sandi-uji-1";
/// Photo chunk size the device uses in these tests, so photos go in several chunks.
pub const CHUNK_BYTES: &str = "16384";

/// A server, a proxy in front of it, and one signed-in device with finished work.
pub struct Rig {
    /// The real office server.
    pub server: Server,
    /// The proxy the device talks through.
    pub proxy: FaultProxy,
    home: tempfile::TempDir,
    camera: tempfile::TempDir,
    /// Ids of every record finished on the device.
    pub records: Vec<String>,
}

impl Rig {
    /// A server on `backend` with 12 registry households, and a peksos device that has pulled
    /// them; `None` when `backend` cannot run here (PostgreSQL outside CI without a cluster).
    pub fn new(backend: Backend) -> Option<Self> {
        Self::signed_in_as(backend, "peksos")
    }

    /// Like [`Rig::new`], with the device's account in `role`.
    pub fn signed_in_as(backend: Backend, role: &str) -> Option<Self> {
        if !backend.available() {
            return None;
        }
        let server = Server::start(backend);
        let camera = tempfile::tempdir().unwrap();
        let csv = camera.path().join("registry.csv");
        let file = std::fs::File::create(&csv).unwrap();
        pandu_core::registry::write_synthetic_registry(file, 12, 7).unwrap();
        let (ok, out) = server.cli(&["import-registry", csv.to_str().unwrap()], "");
        assert!(ok, "import-registry: {out}");
        server.create_user("rina", role, &["all"], PASSWORD);
        let proxy = FaultProxy::start(server.addr());
        let rig = Self {
            server,
            proxy,
            home: tempfile::tempdir().unwrap(),
            camera,
            records: Vec::new(),
        };
        let url = rig.proxy.url();
        let enrol = rig.field_with_input(
            &["enrol", "--server", &url, "--username", "rina"],
            &format!("{PASSWORD}\n"),
        );
        assert!(enrol.status.success(), "enrol: {}", text(&enrol));
        rig.sync_ok();
        Some(rig)
    }

    /// Run `pandu-field` with `args` (English messages).
    pub fn field(&self, args: &[&str]) -> Output {
        self.field_with_input(args, "")
    }

    /// Run `pandu-field` with `args`, `input` on its standard input.
    pub fn field_with_input(&self, args: &[&str], input: &str) -> Output {
        run_field(self.home.path(), args, input)
    }

    fn command(&self, args: &[&str]) -> Command {
        field_command(self.home.path(), args)
    }

    /// Start a sync as a child process (to kill it midway).
    pub fn spawn_sync(&self) -> Child {
        self.command(&sync_args()).spawn().unwrap()
    }

    /// Run one sync; returns its output whatever happened.
    pub fn sync(&self) -> Output {
        self.field(&sync_args())
    }

    /// Run one sync that must succeed.
    pub fn sync_ok(&self) -> Value {
        let out = self.sync();
        assert!(out.status.success(), "sync failed: {}", text(&out));
        last_json_line(&out)
    }

    /// Finish `visits` home visits (4 distinct photos each) and one RT/RW report.
    pub fn make_work(&mut self, visits: usize) {
        let households = self.field(&["households", "--limit", "100"]);
        let ids: Vec<String> = String::from_utf8_lossy(&households.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_owned())
            .collect();
        assert!(ids.len() >= visits, "households pulled: {}", ids.len());
        for (n, household) in ids.iter().take(visits).enumerate() {
            let record = self.visit(household, n as u32);
            self.records.push(record);
        }
        self.make_report();
    }

    /// Finish one RT/RW report.
    pub fn make_report(&mut self) {
        let report = self.field(&["report", "--answers", &example("report-answers.json")]);
        self.records.push(record_id(&report));
    }

    /// The device's outbox entries.
    pub fn outbox(&self) -> Vec<Value> {
        let outbox = self.field(&["outbox", "--json"]);
        assert!(outbox.status.success(), "outbox: {}", text(&outbox));
        serde_json::from_slice(&outbox.stdout).unwrap()
    }

    fn visit(&self, household: &str, n: u32) -> String {
        let photos: Vec<String> = [
            "floor_photo",
            "wall_photo",
            "toilet_photo",
            "lighting_photo",
        ]
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let path = photos::write_photo(self.camera.path(), n * 4 + i as u32, 900, 700);
            format!("{q}={}", path.display())
        })
        .collect();
        let answers = example("visit-answers.json");
        let mut args = vec!["visit", "--household", household, "--answers", &answers];
        for p in &photos {
            args.extend(["--photo", p.as_str()]);
        }
        record_id(&self.field(&args))
    }

    /// The final state every case must reach after a clean sync: every finished record on the
    /// server exactly once, every photo byte-identical there, every record still on the device
    /// with a verified receipt.
    pub fn assert_all_delivered(&self) {
        self.proxy.pass_all();
        self.sync_ok();
        let entries = self.outbox();
        let on_device: BTreeSet<&str> = entries
            .iter()
            .map(|e| e["record_id"].as_str().unwrap())
            .collect();
        let expected: BTreeSet<&str> = self.records.iter().map(String::as_str).collect();
        assert_eq!(
            on_device, expected,
            "every finished record is still on the device"
        );
        for e in &entries {
            assert_eq!(e["state"], "done", "{e}");
            assert!(e["receipt"].is_object(), "a receipt for {e}");
        }
        let on_server: Vec<String> = self.server.record_ids();
        assert_eq!(
            on_server.len(),
            expected.len(),
            "each record once on the server"
        );
        assert_eq!(
            on_server
                .iter()
                .map(String::as_str)
                .collect::<BTreeSet<_>>(),
            expected
        );
        for e in &entries {
            for sha in e["receipt"]["media"].as_array().unwrap() {
                let sha = sha.as_str().unwrap();
                let bytes = std::fs::read(self.server.media_path(sha)).unwrap();
                assert_eq!(
                    hex(&Sha256::digest(&bytes)),
                    sha,
                    "photo {sha} byte-identical"
                );
            }
        }
    }

    /// The device folder.
    pub fn home(&self) -> &Path {
        self.home.path()
    }
}

/// The `pandu-field` command for the device in `home` (English messages).
pub fn field_command(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pandu-field"));
    command
        .arg("--home")
        .arg(home)
        .args(["--lang", "en"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Run `pandu-field` on the device in `home` with `input` on its standard input.
pub fn run_field(home: &Path, args: &[&str], input: &str) -> Output {
    let mut child = field_command(home, args)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn sync_args() -> Vec<&'static str> {
    vec![
        "sync",
        "--json",
        "--chunk-bytes",
        CHUNK_BYTES,
        "--attempts",
        "4",
    ]
}

/// The path of an example answers file of `pandu-field`.
pub fn example(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "examples", name]
        .iter()
        .collect();
    path.display().to_string()
}

fn record_id(out: &Output) -> String {
    assert!(out.status.success(), "field work failed: {}", text(out));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Standard output and error of a finished process.
pub fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The last JSON line on standard output (a sync's report).
pub fn last_json_line(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or("null");
    serde_json::from_str(line).unwrap_or(Value::Null)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
