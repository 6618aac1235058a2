//! `bench_sync`: the sync benchmark behind `scripts/bench-sync`. Real devices (the core's store,
//! sessions and sync, exactly as a phone shell drives them) sync with the real release
//! `pandu-server` on 127.0.0.1 (started through `pandu-testkit`), each device through its own
//! counting TCP proxy, on SQLite and — under `scripts/with-postgres` — on PostgreSQL.
//!
//! Scenarios (see `scenario`): one device with 1,000 finished visits of 4 photos each syncs
//! everything; its records alone posted to the office (photos uploaded before), timing only the
//! HTTP exchanges; the full sync cut at half the photo bytes and resumed; 20 devices with 50 visits
//! each sync at once; the same 20 send only their records (photos uploaded before). Figures:
//! visits per second end to end, the records lane's time, records per second and bytes per visit
//! (request + answer TCP payload), bytes in all, the server's peak memory (VmHWM), the resumed
//! run's time and what was sent twice.
//!
//! The devices are made once and cached under `--work` (see `fixture`); every run works on
//! copies. `scripts/bench-sync` builds everything, starts a throwaway PostgreSQL cluster and runs
//! this; `--json` prints one `{"metric", "value", "unit"}` object per line.

#[path = "../../../core/tests/support/camera.rs"]
mod camera;
#[path = "../../../core/tests/common/mod.rs"]
mod common;
#[path = "../../src/device.rs"]
mod device;
mod fixture;
mod registry;
mod report;
mod scenario;
mod timeline;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use fixture::{Fixture, Spec};
use pandu_testkit::{postgres_available, Backend};
use registry::Registry;
use report::Metric;
use scenario::Bench;

/// The bench's error type: anything, with its message.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The synthetic registry's seed.
const REGISTRY_SEED: u64 = 2026;

/// Sync benchmark: devices against a local release pandu-server.
#[derive(Parser)]
struct Args {
    /// The pandu-server binary.
    #[arg(long, default_value = "target/release/pandu-server")]
    server: PathBuf,
    /// Cache of the registry and the devices, and scratch space.
    #[arg(long, default_value = "target/bench-sync")]
    work: PathBuf,
    /// Visits on the single device.
    #[arg(long, default_value_t = 1000)]
    visits: usize,
    /// Devices in the fleet.
    #[arg(long, default_value_t = 20)]
    devices: usize,
    /// Visits on each fleet device.
    #[arg(long, default_value_t = 50)]
    device_visits: usize,
    /// Width of the camera's JPEGs. At 1440×1080 (kept as they are: the form scales down only
    /// past 1600 px) the stored photos of these noisy scenes come to about 200 KB.
    #[arg(long, default_value_t = 1440)]
    camera_width: u32,
    /// Height of the camera's JPEGs.
    #[arg(long, default_value_t = 1080)]
    camera_height: u32,
    /// Rounds of every scenario; figures are medians.
    #[arg(long, default_value_t = 1)]
    rounds: usize,
    /// Scenarios to run (comma-separated): one_device, resume, fleet, fleet_records.
    #[arg(long, value_delimiter = ',', default_values_t = scenario::ALL.map(String::from))]
    only: Vec<String>,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match bench(&args) {
        Ok(metrics) if args.json => report::print_json(&metrics),
        Ok(metrics) => report::print_table(&metrics),
        Err(e) => {
            eprintln!("bench-sync: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn bench(args: &Args) -> Result<Vec<Metric>> {
    let bench = prepare(args)?;
    let mut backends = vec![Backend::Sqlite];
    if postgres_available() {
        backends.push(Backend::Postgres);
    }
    let mut rounds = Vec::new();
    for round in 1..=args.rounds {
        eprintln!("bench-sync: round {round}/{}", args.rounds);
        let mut metrics = Vec::new();
        for backend in &backends {
            for name in &args.only {
                metrics.extend(bench.run(name, *backend)?);
            }
        }
        rounds.push(metrics);
    }
    Ok(report::medians(&rounds))
}

/// The cached registry and devices (made when missing).
fn prepare(args: &Args) -> Result<Bench> {
    let households = args.visits.max(args.devices * args.device_visits);
    let registry = Registry::prepare(&args.work, households, REGISTRY_SEED, &args.server)?;
    let camera = (args.camera_width, args.camera_height);
    let one = Spec {
        devices: 1,
        visits: args.visits,
        camera,
        seed: 1 << 32,
    };
    let fleet = Spec {
        devices: args.devices,
        visits: args.device_visits,
        camera,
        seed: 2 << 32,
    };
    Ok(Bench {
        server: args.server.clone(),
        scratch: args.work.join("run"),
        one: Fixture::prepare(&registry, one)?,
        fleet: Fixture::prepare(&registry, fleet)?,
        registry,
    })
}
