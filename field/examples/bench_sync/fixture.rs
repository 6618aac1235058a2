//! The devices' folders, made once and cached: each device holds its households (from the cached
//! registry) and finished home visits made through the real session — consent, the answers of a
//! poor family (a few varied per visit), four photos taken through `attach_photo` from
//! deterministic camera-like JPEGs (every photo distinct), sign-off. Making them is slow (the
//! photo pipeline runs 4 times per visit), so they are kept under the registry's folder, keyed by
//! their parameters, and each measured run works on a copy.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use chrono::{FixedOffset, Utc};
use pandu_core::evidence::DeviceFix;
use pandu_core::form::{Answer, Fix};
use pandu_core::household::{repo, Household};
use pandu_core::session::record::SignOff;
use pandu_core::session::{FormSession, PhotoCapture};

use crate::camera;
use crate::common::poor_answers;
use crate::device::Device;
use crate::registry::Registry;
use crate::Result;

/// Photos per visit (floor, wall, toilet, lighting).
pub const PHOTOS_PER_VISIT: usize = 4;
/// Written last: a folder without it is a build that did not finish.
const COMPLETE: &str = "complete";

/// What a set of devices holds.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// Devices.
    pub devices: usize,
    /// Finished visits per device.
    pub visits: usize,
    /// Width and height of the camera's JPEGs.
    pub camera: (u32, u32),
    /// The first photo's seed; photo `i` of the set uses `seed + i`.
    pub seed: u64,
}

/// A cached set of devices.
pub struct Fixture {
    /// What it holds.
    pub spec: Spec,
    dir: PathBuf,
}

/// The account name of device `n`.
pub fn user_name(n: usize) -> String {
    format!("peksos{n:02}")
}

impl Fixture {
    /// The devices of `spec` over `registry`'s households, made if not cached yet.
    pub fn prepare(registry: &Registry, spec: Spec) -> Result<Self> {
        let (w, h) = spec.camera;
        let name = format!(
            "devices-{}x{}-camera{w}x{h}-seed{}",
            spec.devices, spec.visits, spec.seed
        );
        let fixture = Self {
            spec,
            dir: registry.dir.join(name),
        };
        if !fixture.dir.join(COMPLETE).is_file() {
            let _ = fs::remove_dir_all(&fixture.dir);
            fixture.build(&registry.households()?)?;
            fs::write(fixture.dir.join(COMPLETE), "")?;
        }
        Ok(fixture)
    }

    /// Fresh copies of every device under `dest`, in device order. The stores are copied; photo
    /// files, which a run only reads or deletes, are hard links.
    pub fn copy_to(&self, dest: &Path) -> Result<Vec<PathBuf>> {
        (0..self.spec.devices)
            .map(|n| {
                let to = dest.join(device_dir(n));
                clone_tree(&self.dir.join(device_dir(n)), &to)?;
                Ok(to)
            })
            .collect()
    }

    fn build(&self, households: &[Household]) -> Result<()> {
        let Spec {
            devices, visits, ..
        } = self.spec;
        if households.len() < devices * visits {
            return Err(format!(
                "{} households for {devices}×{visits} visits",
                households.len()
            )
            .into());
        }
        for (n, mine) in households.chunks(visits).take(devices).enumerate() {
            eprintln!(
                "bench-sync: making device {}/{devices} ({visits} visits with {PHOTOS_PER_VISIT} photos each) in {}",
                n + 1,
                self.dir.display()
            );
            let mut device = Device::open(&self.dir.join(device_dir(n)))?;
            device
                .store
                .write(|tx| mine.iter().try_for_each(|h| repo::insert(tx, h)))?;
            let first_seed = self.spec.seed + (n * visits * PHOTOS_PER_VISIT) as u64;
            self.visits(&mut device, mine, &user_name(n), first_seed)?;
        }
        Ok(())
    }

    /// One finished visit per household; the camera's JPEGs are made on a second thread while
    /// this one runs the sessions.
    fn visits(
        &self,
        device: &mut Device,
        households: &[Household],
        officer: &str,
        first_seed: u64,
    ) -> Result<()> {
        let count = (households.len() * PHOTOS_PER_VISIT) as u64;
        let size = self.spec.camera;
        let (tx, rx) = mpsc::sync_channel(2 * PHOTOS_PER_VISIT);
        thread::scope(|scope| {
            scope.spawn(move || {
                (0..count).all(|i| {
                    let fix = fix_near(i / PHOTOS_PER_VISIT as u64);
                    tx.send(camera_jpeg(first_seed + i, &fix, size)).is_ok()
                })
            });
            // Takes the receiver, so on an error the camera thread's next send fails and it ends.
            Camera {
                dir: self.dir.join("camera"),
                shots: rx,
            }
            .visits(device, households, officer)
        })
    }
}

/// The camera thread's JPEGs as files, one visit's worth at a time.
struct Camera {
    dir: PathBuf,
    shots: mpsc::Receiver<Vec<u8>>,
}

impl Camera {
    fn visits(self, device: &mut Device, households: &[Household], officer: &str) -> Result<()> {
        fs::create_dir_all(&self.dir)?;
        for (n, household) in households.iter().enumerate() {
            visit(device, household, officer, n as u64, self.photos()?)?;
            if (n + 1) % 100 == 0 {
                eprintln!("bench-sync:   {} visits", n + 1);
            }
        }
        Ok(())
    }

    /// The camera files of one visit.
    fn photos(&self) -> Result<Vec<PathBuf>> {
        (0..PHOTOS_PER_VISIT)
            .map(|q| {
                let path = self.dir.join(format!("photo-{q}.jpg"));
                fs::write(&path, self.shots.recv()?)?;
                Ok(path)
            })
            .collect()
    }
}

/// A home visit to `household` with the camera files `photos`, to the end.
fn visit(
    device: &mut Device,
    household: &Household,
    officer: &str,
    n: u64,
    photos: Vec<PathBuf>,
) -> Result<()> {
    let store = &mut device.store;
    let mut session = FormSession::start_visit(store, &household.id, Utc::now())?;
    session.give_consent(store, "consent", Utc::now())?;
    let mut photos = photos.into_iter();
    for (question, answer) in answers(n) {
        let Some(Answer::Photo(_)) = answer else {
            session.answer(&mut device.store, question, answer, Utc::now())?;
            continue;
        };
        let capture = PhotoCapture {
            source_path: photos.next().ok_or("fewer photos than photo questions")?,
            device_fix: Some(fix_near(n)),
            keep_original: false,
        };
        let (store, key, dir) = (&mut device.store, &device.key, &device.evidence_dir);
        session.attach_photo(store, key, dir, question, capture, Utc::now())?;
    }
    let sign_off = SignOff {
        officer: officer.to_owned(),
        confirmed: true,
    };
    session.finish(&mut device.store, sign_off, Utc::now())?;
    Ok(())
}

/// The answers of the tests' poor family, with the numbers and the house's position varied by
/// `n` so that visits are not all alike. Photo answers stand for the photos to take.
fn answers(n: u64) -> Vec<(&'static str, Option<Answer>)> {
    let mut rng = camera::Rng::new(n);
    let mut pick = |low: f64, high: f64| low + (high - low) * f64::from(rng.unit());
    let varied: Vec<(&str, Answer)> = vec![
        (
            "floor_area_m2",
            Answer::Decimal((pick(12.0, 60.0) * 2.0).round() / 2.0),
        ),
        ("dwelling_people", Answer::Integer(pick(2.0, 9.0) as i64)),
        ("meals_per_day", Answer::Integer(pick(1.0, 4.0) as i64)),
        (
            "land_ha",
            Answer::Decimal((pick(0.0, 1.0) * 10.0).round() / 10.0),
        ),
        (
            "head_income",
            Answer::Integer(pick(20.0, 200.0) as i64 * 10_000),
        ),
        ("house_point", Answer::Point(point(&fix_near(n)))),
    ];
    poor_answers()
        .into_iter()
        .map(|(question, answer)| {
            let other = varied.iter().find(|(q, _)| *q == question);
            (question, other.map_or(answer, |(_, a)| Some(a.clone())))
        })
        .collect()
}

/// A GPS fix near visit `n`'s house, in Payakumbuh.
fn fix_near(n: u64) -> DeviceFix {
    let mut rng = camera::Rng::new(n ^ 0x5EED);
    DeviceFix {
        lat: -0.24 + 0.04 * f64::from(rng.unit()),
        lon: 100.60 + 0.06 * f64::from(rng.unit()),
        accuracy_m: (3.0 + 12.0 * f64::from(rng.unit())).round(),
        mock: false,
        at: Utc::now(),
    }
}

/// `fix` as a geopoint answer.
fn point(fix: &DeviceFix) -> Fix {
    Fix {
        lat: fix.lat,
        lon: fix.lon,
        accuracy_m: fix.accuracy_m,
        mock: fix.mock,
    }
}

/// A phone camera's JPEG of scene `seed` taken at `fix`: quality 92, EXIF with the capture time
/// (now, WIB) and the position.
fn camera_jpeg(seed: u64, fix: &DeviceFix, (width, height): (u32, u32)) -> Vec<u8> {
    let wib = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    let exif = camera::Exif {
        datetime: Utc::now()
            .with_timezone(&wib)
            .format("%Y:%m:%d %H:%M:%S")
            .to_string(),
        gps: Some((fix.lat, fix.lon)),
        ..camera::Exif::default()
    };
    let scene = camera::scene(seed, width, height);
    camera::with_exif(&camera::jpeg(&scene, 92), &exif)
}

fn device_dir(n: usize) -> String {
    format!("device-{n:02}")
}

/// Copy the tree `from` to `to`: the store's files (`pandu.db*`) as copies, the rest as links.
fn clone_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            clone_tree(&src, &dst)?;
        } else if entry.file_name().to_string_lossy().starts_with("pandu.db") {
            fs::copy(&src, &dst)?;
        } else {
            fs::hard_link(&src, &dst)?;
        }
    }
    Ok(())
}
