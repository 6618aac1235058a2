//! Shared fixtures of the evidence tests: a store with a dwelling, a household and an open visit,
//! photo files written by the fake camera, and a JPEG marker reader.
#![allow(dead_code)] // each test binary uses a different part

pub mod camera;

use std::path::{Path, PathBuf};

use chrono::{Duration, FixedOffset, Utc};
use pandu_core::store::{Store, StoreKey};

/// Payakumbuh's WIB offset.
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

/// The key every test store uses.
pub fn key() -> StoreKey {
    StoreKey::from_bytes([42; 32])
}

/// A test world: the store, its key and the evidence folder, all under one temporary folder.
pub struct World {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub key: StoreKey,
}

impl World {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("pandu.db"), &key()).unwrap();
        Self {
            dir,
            store,
            key: key(),
        }
    }

    pub fn media(&self) -> PathBuf {
        self.dir.path().join("evidence")
    }

    /// Add dwelling `dwelling` at (lat, lon) if new, household `household` in it, and an open
    /// visit `draft` of that household that started an hour ago.
    pub fn visit(
        &mut self,
        draft: &str,
        household: &str,
        dwelling: &str,
        house: Option<(f64, f64)>,
    ) {
        add_visit(&mut self.store, draft, household, dwelling, house);
    }

    /// Write `bytes` as a camera file in the world's camera folder.
    pub fn camera_file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let dir = self.dir.path().join("camera");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Names of the files in the evidence folder (without `.nomedia`).
    pub fn media_files(&self) -> Vec<String> {
        list(&self.media())
    }

    /// Number of evidence and photo rows.
    pub fn row_counts(&self) -> (i64, i64) {
        row_counts(&self.store)
    }
}

/// Number of evidence and photo rows in `store`.
pub fn row_counts(store: &Store) -> (i64, i64) {
    let count = |table: &str| {
        store
            .reader()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    (count("evidence"), count("photo"))
}

/// The visit rows of [`World::visit`], for a store opened elsewhere.
pub fn add_visit(
    store: &mut Store,
    draft: &str,
    household: &str,
    dwelling: &str,
    house: Option<(f64, f64)>,
) {
    let now = Utc::now();
    let started = (now - Duration::hours(1)).to_rfc3339();
    store
        .write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO dwelling (id, kelurahan_code, rt, rw, address, address_norm, lat, lon)
                 VALUES (?1, '13.76.01.1001', 1, 1, 'Jl. Sudirman', 'jl sudirman', ?2, ?3)",
                rusqlite::params![dwelling, house.map(|h| h.0), house.map(|h| h.1)],
            )?;
            tx.execute(
                "INSERT INTO household (id, dwelling_id, source, created_at, updated_at)
                 VALUES (?1, ?2, 'field', ?3, ?3)",
                rusqlite::params![household, dwelling, now.to_rfc3339()],
            )?;
            tx.execute(
                "INSERT INTO draft (id, kind, household_id, form_id, form_version, state, started_at, updated_at)
                 VALUES (?1, 'visit', ?2, 'verifikasi', 1, 'open', ?3, ?3)",
                rusqlite::params![draft, household, started],
            )?;
            Ok(())
        })
        .unwrap();
}

/// File names in `dir`, sorted, without `.nomedia`.
pub fn list(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".nomedia")
        .collect();
    names.sort();
    names
}

/// EXIF capture time for "now" in WIB, as the camera writes it.
pub fn exif_now() -> String {
    Utc::now()
        .with_timezone(&wib())
        .format("%Y:%m:%d %H:%M:%S")
        .to_string()
}

/// A camera JPEG of scene `seed` (`width × height`) taken now, at the given place.
pub fn camera_jpeg(seed: u64, width: u32, height: u32, gps: Option<(f64, f64)>) -> Vec<u8> {
    let exif = camera::Exif {
        datetime: exif_now(),
        gps,
        ..camera::Exif::default()
    };
    camera::with_exif(
        &camera::jpeg(&camera::scene(seed, width, height), 92),
        &exif,
    )
}

/// The markers of a JPEG's header segments, from SOI up to and including SOS.
pub fn header_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut markers = Vec::new();
    let mut pos = 2;
    while pos + 4 <= jpeg.len() {
        assert_eq!(jpeg[pos], 0xFF, "segment does not start with 0xFF at {pos}");
        let marker = jpeg[pos + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        pos += 2 + usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
    }
    markers
}
