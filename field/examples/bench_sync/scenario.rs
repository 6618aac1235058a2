//! The five scenarios, each on a fresh server and fresh copies of the cached devices:
//!
//! - `one_device`: one device with all its visits syncs everything (records, photos, records
//!   again, archive); the records lane is the pass after the photos.
//! - `resume`: the same, cut (cancelled) once half of the photo bytes are out, then run again.
//! - `fleet`: every fleet device syncs everything at the same moment.
//! - `fleet_records`: the fleet's photos are uploaded first (untimed), then every device sends
//!   its records at the same moment — the records lane alone under concurrency.
//! - `ingest`: the single device's photos are uploaded first (untimed), then its records are
//!   posted in batches of 500 exactly as the records lane builds them, timing only the HTTP
//!   exchanges: the office's ingest rate without the device's own work around each batch.
//!
//! Before the timed part every device signs in (one account each, one device after the other) and
//! pulls the office's feed, as a phone would have done before its visits; sign-in and that pull
//! are not timed, but the server's peak memory includes them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use flate2::write::GzEncoder;
use flate2::Compression;
use pandu_core::evidence;
use pandu_core::sync::outbox::Sendable;
use pandu_core::sync::transport::Upload;
use pandu_core::sync::wire::{Batch, BatchResult, Outcome, OutgoingRecord};
use pandu_core::sync::{
    self, account, feed, outbox, records, Account, Cancel, Credential, OutboxState, SignIn, Stage,
    SyncError, SyncReport,
};
use pandu_testkit::{Backend, FaultProxy, Server};

use crate::device::Device;
use crate::fixture::{user_name, Fixture, PHOTOS_PER_VISIT};
use crate::registry::Registry;
use crate::report::{Metric, Sink};
use crate::timeline::{sync_run, Bytes, Cut, Run};
use crate::Result;

/// The password of every bench account.
const PASSWORD: &str = "bench-sync-sandi";
/// The records endpoint.
const RECORDS: &str = "/api/v1/records";

/// `sqlite` or `postgres`.
pub fn database_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The scenarios by name, in the order they run.
pub const ALL: [&str; 5] = ["one_device", "ingest", "resume", "fleet", "fleet_records"];

/// Everything the scenarios share.
pub struct Bench {
    /// The `pandu-server` binary.
    pub server: PathBuf,
    /// Scratch space for servers and device copies.
    pub scratch: PathBuf,
    /// The registry the servers import.
    pub registry: Registry,
    /// One device with many visits.
    pub one: Fixture,
    /// Many devices with fewer visits each.
    pub fleet: Fixture,
}

impl Bench {
    /// Run scenario `name` on `backend`.
    pub fn run(&self, name: &str, backend: Backend) -> Result<Vec<Metric>> {
        eprintln!("bench-sync: {name} on {}", database_name(backend));
        match name {
            "one_device" => self.one_device(backend),
            "ingest" => self.ingest(backend),
            "resume" => self.resume(backend),
            "fleet" => self.fleet(backend, false),
            "fleet_records" => self.fleet(backend, true),
            other => Err(format!("unknown scenario {other}").into()),
        }
    }

    /// A fresh server with the registry and one account per device of `fixture`, and fresh
    /// copies of those devices for `scenario`.
    fn setup(&self, fixture: &Fixture, scenario: &str, backend: Backend) -> Result<Setup> {
        let dir = self.scratch.join(scenario);
        let _ = std::fs::remove_dir_all(&dir);
        let homes = fixture.copy_to(&dir)?;
        let server = Server::start_with(&self.server, backend);
        self.registry.import_into(&server)?;
        for n in 0..homes.len() {
            server.create_user(&user_name(n), "peksos", &["all"], PASSWORD);
        }
        Ok(Setup { server, homes, dir })
    }

    fn one_device(&self, backend: Backend) -> Result<Vec<Metric>> {
        let setup = self.setup(&self.one, "one_device", backend)?;
        let mut phone = Phone::enrol(&setup.homes[0], &setup.server, 0)?;
        let run = sync_run(&mut phone.device, &phone.proxy, None);
        finished(&run.report)?;
        let visits = self.one.spec.visits;
        setup.check_records(visits)?;
        let mut sink = Sink::new(database_name(backend), "one_device");
        full_run(&mut sink, &run, visits as f64)?;
        sink.add("server_peak_mb", setup.peak_mib(), "MiB");
        Ok(sink.metrics)
    }

    fn ingest(&self, backend: Backend) -> Result<Vec<Metric>> {
        let setup = self.setup(&self.one, "ingest", backend)?;
        let phone = Phone::enrol(&setup.homes[0], &setup.server, 0)?;
        phone.upload_photos()?;
        let before = Bytes::read(&phone.proxy);
        let posts = phone.post_records()?;
        let bytes = Bytes::read(&phone.proxy).since(before);
        let visits = self.one.spec.visits;
        setup.check_records(visits)?;
        let mut sink = Sink::new(database_name(backend), "ingest");
        posted(&mut sink, &posts, bytes, visits as f64);
        sink.add("server_peak_mb", setup.peak_mib(), "MiB");
        Ok(sink.metrics)
    }

    fn resume(&self, backend: Backend) -> Result<Vec<Metric>> {
        let setup = self.setup(&self.one, "resume", backend)?;
        let mut phone = Phone::enrol(&setup.homes[0], &setup.server, 0)?;
        let cut = Cut {
            cancel: Cancel::new(),
            fraction: 0.5,
        };
        let first = sync_run(&mut phone.device, &phone.proxy, Some(cut));
        if !matches!(first.report.stopped, Some(SyncError::Cancelled)) {
            return Err(format!("the cut run was not cut: {:?}", first.report.stopped).into());
        }
        let second = sync_run(&mut phone.device, &phone.proxy, None);
        finished(&second.report)?;
        let visits = self.one.spec.visits;
        setup.check_records(visits)?;
        let mut sink = Sink::new(database_name(backend), "resume");
        cut_and_resumed(&mut sink, &first, &second, visits * PHOTOS_PER_VISIT);
        Ok(sink.metrics)
    }

    /// Every fleet device syncs at once; with `photos_first`, after its photos were uploaded.
    fn fleet(&self, backend: Backend, photos_first: bool) -> Result<Vec<Metric>> {
        let scenario = if photos_first {
            "fleet_records"
        } else {
            "fleet"
        };
        let setup = self.setup(&self.fleet, scenario, backend)?;
        let runs = together(&setup, photos_first)?;
        let visits = runs.len() * self.fleet.spec.visits;
        setup.check_records(visits)?;
        let mut sink = Sink::new(database_name(backend), scenario);
        sink.add("devices", runs.len() as f64, "devices");
        match photos_first {
            true => concurrent_records(&mut sink, &runs, visits as f64)?,
            false => concurrent_runs(&mut sink, &runs, visits as f64)?,
        }
        sink.add("server_peak_mb", setup.peak_mib(), "MiB");
        Ok(sink.metrics)
    }
}

/// A scenario's server and device copies; the copies are removed when it is dropped.
struct Setup {
    server: Server,
    homes: Vec<PathBuf>,
    dir: PathBuf,
}

impl Setup {
    /// The server process's peak resident memory (VmHWM) so far, in MiB.
    fn peak_mib(&self) -> f64 {
        self.server.peak_memory_kib() as f64 / 1024.0
    }

    /// An error unless the server keeps exactly `expected` records.
    fn check_records(&self, expected: usize) -> Result<()> {
        match self.server.record_count() {
            n if n == expected => Ok(()),
            n => Err(format!("the server keeps {n} records, expected {expected}").into()),
        }
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A signed-in device behind its own counting proxy.
struct Phone {
    device: Device,
    proxy: FaultProxy,
}

impl Phone {
    /// Open the device at `home`, sign it in as account `n` through a new proxy, and pull the
    /// office's feed.
    fn enrol(home: &Path, server: &Server, n: usize) -> Result<Self> {
        let mut device = Device::open(home)?;
        let proxy = FaultProxy::start(server.addr());
        let request = SignIn {
            server_url: proxy.url(),
            username: user_name(n),
            credential: Credential::Password(PASSWORD.to_owned()),
            device_name: format!("bench device {n}"),
        };
        let account = sync::sign_in(&mut device.store, &request)?;
        feed::pull(&mut device.store, &account.connect()?, |_| Ok(()))?;
        Ok(Self { device, proxy })
    }

    /// The records waiting to be sent.
    fn queued(&self) -> Result<Vec<Sendable>> {
        let store = self.device.store.reader();
        let (queued, _damaged) = outbox::in_state(store, OutboxState::Pending, 1_000_000)?;
        Ok(queued)
    }

    /// Upload every photo of the queued records, as a run's photo lane would.
    fn upload_photos(&self) -> Result<()> {
        let http = account::require(self.device.store.reader())?.connect()?;
        for id in self.queued()?.iter().flat_map(|r| &r.photos) {
            let (key, dir) = (&self.device.key, &self.device.evidence_dir);
            let jpeg = evidence::full_bytes(key, dir, id)?;
            if http.put_media(id, 0, jpeg.len() as u64, jpeg)? != Upload::Complete {
                return Err(format!("photo {id} not complete after upload").into());
            }
        }
        Ok(())
    }

    /// Post the queued records in batches of the records lane's size, built as the lane builds
    /// them (stored body, hash, device signature, photo list), without keeping the answers on
    /// the device; returns the time of each HTTP exchange. Every record must be accepted.
    fn post_records(&self) -> Result<Vec<Post>> {
        let account = account::require(self.device.store.reader())?;
        let http = account.connect()?;
        let queued = self.queued()?;
        let mut posts = Vec::new();
        for batch in queued.chunks(records::MAX_BATCH) {
            let records = batch
                .iter()
                .map(|r| outgoing(&account, r))
                .collect::<Result<Vec<_>>>()?;
            let batch = Batch { records };
            let (encode, json_bytes) = encode_time(&batch)?;
            let start = Instant::now();
            let (answer, _): (BatchResult, u64) = http.post_json(RECORDS, &batch)?;
            posts.push(Post {
                exchange: start.elapsed(),
                encode,
                json_bytes,
            });
            all_accepted(&answer)?;
        }
        Ok(posts)
    }
}

/// One batch posted.
struct Post {
    /// The HTTP exchange, as the device's client does it: JSON and gzip of the batch, sending,
    /// the office's work, reading and decoding the answer.
    exchange: Duration,
    /// The device's part before sending: the same JSON and gzip, timed on their own.
    encode: Duration,
    /// The batch's JSON before gzip.
    json_bytes: usize,
}

/// The time the client takes to turn `batch` into its gzip-compressed JSON body, and the size of
/// that JSON before compression.
fn encode_time(batch: &Batch<'_>) -> Result<(Duration, usize)> {
    let start = Instant::now();
    let json = serde_json::to_vec(batch)?;
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(&json)?;
    gzip.finish()?;
    Ok((start.elapsed(), json.len()))
}

/// An error unless the office accepted every record of the batch.
fn all_accepted(answer: &BatchResult) -> Result<()> {
    let refused = answer
        .results
        .iter()
        .find(|r| !matches!(r, Outcome::Accepted { .. }));
    match refused {
        Some(r) => Err(format!("a record was not accepted: {r:?}").into()),
        None => Ok(()),
    }
}

/// `record` as the records lane sends it.
fn outgoing<'a>(account: &Account, record: &'a Sendable) -> Result<OutgoingRecord<'a>> {
    Ok(OutgoingRecord {
        body: serde_json::from_str(&record.text)?,
        sha256: &record.sha256,
        device_signature: account.sign_record(&record.sha256),
        media: &record.photos,
    })
}

/// Enrol every device of `setup` one after the other (twenty sign-ins at once would measure the
/// server's password hashing: about 19 MiB each), upload their photos first when `photos_first`
/// (each on its own thread), then start all syncs at the same moment.
fn together(setup: &Setup, photos_first: bool) -> Result<Vec<Run>> {
    let phones = (0..setup.homes.len())
        .map(|n| Phone::enrol(&setup.homes[n], &setup.server, n))
        .collect::<Result<Vec<_>>>()?;
    let barrier = Barrier::new(phones.len());
    thread::scope(|scope| {
        let threads: Vec<_> = phones
            .into_iter()
            .map(|mut phone| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let ready = match photos_first {
                        true => phone.upload_photos(),
                        false => Ok(()),
                    };
                    barrier.wait(); // also when not ready, so the others do not wait forever
                    ready?;
                    let run = sync_run(&mut phone.device, &phone.proxy, None);
                    finished(&run.report)?;
                    Ok(run)
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().map_err(|_| "a device thread panicked")?)
            .collect()
    })
}

/// The figures of one device's full run of `visits` visits.
fn full_run(sink: &mut Sink, run: &Run, visits: f64) -> Result<()> {
    let time = secs(run.duration());
    sink.add("visits", visits, "visits");
    sink.add("end_to_end_s", time, "s");
    sink.add("visits_per_s", visits / time, "visits/s");
    stage_times(sink, run);
    records_lane(sink, run, visits)?;
    let first_pass = run.span(Stage::Records, 0).ok_or("no records pass")?;
    let per_visit = first_pass.bytes.total() as f64 / visits;
    sink.add("first_records_pass_bytes_per_visit", per_visit, "bytes");
    let photo_bytes = run.report.photo_bytes as f64;
    let photo_mean = photo_bytes / run.report.photos_sent as f64 / 1000.0;
    sink.add("photo_mean_kb", photo_mean, "kB");
    sink.add("wire_total_mb", mb(run.bytes.total()), "MB");
    sink.add(
        "wire_per_visit_kb",
        run.bytes.total() as f64 / visits / 1000.0,
        "kB",
    );
    Ok(())
}

/// The time of each stage of a full run (the records lane is reported on its own).
fn stage_times(sink: &mut Sink, run: &Run) {
    let stages = [
        ("pull_s", Stage::Pull),
        ("records_first_pass_s", Stage::Records),
        ("photos_s", Stage::Media),
        ("archive_s", Stage::Archive),
    ];
    for (figure, stage) in stages {
        if let Some(span) = run.span(stage, 0) {
            sink.add(figure, secs(span.duration()), "s");
        }
    }
}

/// Time, rate and bytes of the records lane of `run`.
fn records_lane(sink: &mut Sink, run: &Run, visits: f64) -> Result<()> {
    let lane = run.records_lane().ok_or("no records lane")?;
    let time = secs(lane.duration());
    sink.add("records_lane_s", time, "s");
    sink.add("records_per_s", visits / time, "records/s");
    let bytes = lane.bytes;
    sink.add(
        "records_lane_bytes_per_visit",
        bytes.total() as f64 / visits,
        "bytes",
    );
    sink.add(
        "records_lane_request_bytes_per_visit",
        bytes.up as f64 / visits,
        "bytes",
    );
    sink.add(
        "records_lane_answer_bytes_per_visit",
        bytes.down as f64 / visits,
        "bytes",
    );
    Ok(())
}

/// The figures of records posted in batches `posts`, with `bytes` on the wire. The rate
/// without the client's encoding subtracts the separately timed JSON and gzip of each batch.
fn posted(sink: &mut Sink, posts: &[Post], bytes: Bytes, records: f64) {
    let time = secs(posts.iter().map(|p| p.exchange).sum());
    let encode = secs(posts.iter().map(|p| p.encode).sum());
    sink.add("records", records, "records");
    sink.add("batches", posts.len() as f64, "batches");
    sink.add("post_s", time, "s");
    sink.add("records_per_s", records / time, "records/s");
    sink.add("client_encode_s", encode, "s");
    let without = records / (time - encode);
    sink.add("records_per_s_without_client_encode", without, "records/s");
    sink.add("bytes_per_record", bytes.total() as f64 / records, "bytes");
    let json: usize = posts.iter().map(|p| p.json_bytes).sum();
    sink.add("json_bytes_per_record", json as f64 / records, "bytes");
}

/// The figures of a run cut partway (`first`) and the run that resumed it (`second`), for a
/// device with `photos` distinct photos.
fn cut_and_resumed(sink: &mut Sink, first: &Run, second: &Run, photos: usize) {
    sink.add("cut_run_s", secs(first.duration()), "s");
    let before = first.report.photos_sent as f64;
    sink.add("photos_sent_before_cut", before, "photos");
    sink.add("resumed_run_s", secs(second.duration()), "s");
    sink.add("resumed_wire_mb", mb(second.bytes.total()), "MB");
    let runs = [first, second];
    let receipts: usize = runs.iter().map(|r| r.report.sent).sum();
    sink.add("receipts", receipts as f64, "records");
    sink.add("records_posted", records_posted(&runs) as f64, "records");
    let uploads: usize = runs.iter().map(|r| r.report.photos_sent).sum();
    sink.add("photos_uploaded", uploads as f64, "photos");
    let again = uploads.saturating_sub(photos);
    sink.add("photos_uploaded_twice", again as f64, "photos");
}

/// Devices that ran a full sync at the same moment: the wall time until the last one finished.
fn concurrent_runs(sink: &mut Sink, runs: &[Run], visits: f64) -> Result<()> {
    let start = runs.iter().map(|r| r.start).min().ok_or("no devices")?;
    let end = runs.iter().map(|r| r.end).max().ok_or("no devices")?;
    let wall = secs(end - start);
    sink.add("visits", visits, "visits");
    sink.add("end_to_end_s", wall, "s");
    sink.add("visits_per_s", visits / wall, "visits/s");
    let mut each: Vec<f64> = runs.iter().map(|r| secs(r.duration())).collect();
    each.sort_by(f64::total_cmp);
    sink.add("device_sync_median_s", each[each.len() / 2], "s");
    sink.add("device_sync_max_s", each[each.len() - 1], "s");
    let bytes: u64 = runs.iter().map(|r| r.bytes.total()).sum();
    sink.add("wire_per_visit_kb", bytes as f64 / visits / 1000.0, "kB");
    Ok(())
}

/// Devices that sent only records at the same moment: from the first lane's start to the last
/// lane's end.
fn concurrent_records(sink: &mut Sink, runs: &[Run], visits: f64) -> Result<()> {
    let lanes = runs
        .iter()
        .map(|r| r.records_lane().ok_or("no records lane"))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let start = lanes.iter().map(|l| l.start).min().ok_or("no devices")?;
    let end = lanes.iter().map(|l| l.end).max().ok_or("no devices")?;
    let wall = secs(end - start);
    sink.add("visits", visits, "visits");
    sink.add("records_lane_s", wall, "s");
    sink.add("records_per_s", visits / wall, "records/s");
    let bytes: u64 = lanes.iter().map(|l| l.bytes.total()).sum();
    sink.add(
        "records_lane_bytes_per_visit",
        bytes as f64 / visits,
        "bytes",
    );
    Ok(())
}

/// Records sent over all records passes of `runs`.
fn records_posted(runs: &[&Run]) -> u64 {
    runs.iter()
        .flat_map(|r| &r.spans)
        .filter(|s| s.stage == Stage::Records)
        .map(|s| s.items)
        .sum()
}

/// An error unless the run finished with every record sent.
fn finished(report: &SyncReport) -> Result<()> {
    match &report.stopped {
        None if report.set_aside == 0 && report.waiting_for_media == 0 => Ok(()),
        None => Err(format!("records left behind: {report:?}").into()),
        Some(e) => Err(format!("the sync stopped: {e}").into()),
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
