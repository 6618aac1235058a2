//! Taking a camera photo into a visit: run the pipeline, compare it with every photo already on
//! the device, judge place and time, then store it so that rows and files always agree — the
//! sealed files are written and synced under their final names first, then the rows are written
//! in one transaction; if that fails the new files are removed, and if the process is killed in
//! between, [`super::recover`] removes the files no row names.

use std::path::{Path, PathBuf};

use chrono::Utc;
use sha2::{Digest, Sha256};

use super::flags::Flag;
use super::geofence::{distance_m, photo_position, position_flags, time_flags, DeviceFix};
use super::phash::{hamming, NEAR_DUPLICATE_BITS};
use super::pipeline::{process_file, ProcessOptions, ProcessedPhoto};
use super::rows::{self, Evidence, Known, VisitContext};
use super::vault::{Kind, Vault};
use crate::error::Result;
use crate::store::{Store, StoreKey};

/// Default radius around the dwelling within which photos are expected, metres.
pub const DEFAULT_GEOFENCE_RADIUS_M: f64 = 100.0;

/// A photo the shell's camera wrote, to attach to a question of an open visit.
#[derive(Clone, Debug)]
pub struct IngestRequest {
    /// The open visit (draft) id.
    pub draft_id: String,
    /// The question or criterion the photo is evidence for.
    pub question_id: String,
    /// The camera's file, in the app's private storage.
    pub source_path: PathBuf,
    /// The form's long-side limit, pixels (default 1600).
    pub max_long_side: u32,
    /// The shell's GPS fix at capture, if it had one.
    pub device_fix: Option<DeviceFix>,
    /// Keep the camera's file after a successful ingest (default: it is deleted).
    pub keep_original: bool,
    /// Radius around the dwelling, metres (default 100).
    pub geofence_radius_m: f64,
}

impl IngestRequest {
    /// A request with the defaults: 1600 px, no fix, original deleted, 100 m radius.
    pub fn new(
        draft_id: impl Into<String>,
        question_id: impl Into<String>,
        source_path: impl Into<PathBuf>,
    ) -> Self {
        Self {
            draft_id: draft_id.into(),
            question_id: question_id.into(),
            source_path: source_path.into(),
            max_long_side: ProcessOptions::default().max_long_side,
            device_fix: None,
            keep_original: false,
            geofence_radius_m: DEFAULT_GEOFENCE_RADIUS_M,
        }
    }
}

/// Process the photo at `req.source_path` and attach it to the visit. On any error nothing is
/// stored and the camera's file is left as it was. An EXIF capture time without an offset is
/// read as WIB (UTC+7), Payakumbuh's time; the visit window is the draft's `started_at` (RFC 3339)
/// to now, widened by [`super::WINDOW_TOLERANCE_MINUTES`]. The camera's file is deleted after success
/// unless `keep_original`; if that deletion fails the evidence is still kept (the file stays in
/// the app's private camera folder).
pub fn ingest(
    store: &mut Store,
    key: &StoreKey,
    media_dir: &Path,
    req: IngestRequest,
) -> Result<Evidence> {
    let visit = rows::visit_context(store.reader(), &req.draft_id)?;
    let options = ProcessOptions {
        max_long_side: req.max_long_side,
        ..ProcessOptions::default()
    };
    let photo = process_file(&req.source_path, &options)?;
    let photo_id = hex::encode(Sha256::digest(&photo.jpeg));
    let known = rows::known_photos(store.reader())?;
    let evidence = build_evidence(&req, &visit, &photo, &photo_id, &known);
    let vault = Vault::open(key, media_dir)?;
    let stored = store_photo(
        store,
        &vault,
        &photo,
        &evidence,
        visit.dwelling_id.as_deref(),
    )?;
    if !req.keep_original {
        let _ = std::fs::remove_file(&req.source_path);
    }
    Ok(stored)
}

fn build_evidence(
    req: &IngestRequest,
    visit: &VisitContext,
    photo: &ProcessedPhoto,
    photo_id: &str,
    known: &[Known],
) -> Evidence {
    let now = Utc::now();
    let position = photo_position(req.device_fix.as_ref(), photo.meta.position);
    let mut flags = duplicate_flags(visit, photo_id, photo.phash, known);
    flags.extend(position_flags(
        position,
        visit.house,
        req.device_fix.as_ref(),
        req.geofence_radius_m,
    ));
    flags.extend(time_flags(photo.meta.captured_at, visit.started_at, now));
    Evidence {
        id: uuid::Uuid::now_v7().to_string(),
        draft_id: req.draft_id.clone(),
        question_id: req.question_id.clone(),
        photo_id: photo_id.to_owned(),
        household_id: visit.household_id.clone(),
        captured_at: photo.meta.captured_at,
        exif_position: photo.meta.position,
        device_fix: req.device_fix,
        distance_m: position
            .zip(visit.house)
            .map(|(p, h)| distance_m(p, h).round()),
        params: photo.params.clone(),
        flags,
        created_at: now,
    }
}

/// Exact reuse and near duplicates among photos of other dwellings (families sharing a dwelling
/// may share its photos), at most one flag of each kind: the closest match.
fn duplicate_flags(visit: &VisitContext, photo_id: &str, phash: u64, known: &[Known]) -> Vec<Flag> {
    let elsewhere = |k: &&Known| !same_place(visit, k);
    let exact = known
        .iter()
        .filter(elsewhere)
        .find(|k| k.photo_id == photo_id);
    let near = known
        .iter()
        .filter(elsewhere)
        .filter(|k| k.photo_id != photo_id)
        .map(|k| (hamming(k.phash, phash), k))
        .filter(|(bits, _)| *bits <= NEAR_DUPLICATE_BITS)
        .min_by_key(|(bits, _)| *bits);
    let mut flags = Vec::new();
    if let Some(k) = exact {
        flags.push(Flag::ExactReuse {
            household_id: k.household_id.clone(),
            taken_on: k.taken_on,
        });
    }
    if let Some((bits, k)) = near {
        flags.push(Flag::NearDuplicate {
            household_id: k.household_id.clone(),
            taken_on: k.taken_on,
            distance_bits: bits,
        });
    }
    flags
}

/// Same dwelling when both are known, otherwise same household.
fn same_place(visit: &VisitContext, k: &Known) -> bool {
    match (&visit.dwelling_id, &k.dwelling_id) {
        (Some(a), Some(b)) => a == b,
        _ => visit.household_id.is_some() && visit.household_id == k.household_id,
    }
}

/// Files first (only when the photo is new), then both rows in one transaction; new files are
/// removed again if the transaction fails.
fn store_photo(
    store: &mut Store,
    vault: &Vault,
    photo: &ProcessedPhoto,
    evidence: &Evidence,
    dwelling_id: Option<&str>,
) -> Result<Evidence> {
    let id = evidence.photo_id.as_str();
    let is_new = !rows::photo_exists(store.reader(), id)?;
    let written = if is_new {
        write_files(vault, id, photo)?
    } else {
        Vec::new()
    };
    let saved = store.write(|tx| {
        rows::insert_photo(tx, id, photo.phash, &photo.params, photo.jpeg.len())?;
        rows::insert_evidence(tx, evidence, dwelling_id)
    });
    if saved.is_err() {
        written.iter().for_each(|p| {
            let _ = std::fs::remove_file(p);
        });
    }
    saved
}

fn write_files(vault: &Vault, id: &str, photo: &ProcessedPhoto) -> Result<Vec<PathBuf>> {
    let full = vault.write(id, Kind::Full, &photo.jpeg)?;
    match vault.write(id, Kind::Thumb, &photo.thumbnail) {
        Ok(thumb) => Ok(vec![full, thumb]),
        Err(e) => {
            let _ = std::fs::remove_file(full);
            Err(e)
        }
    }
}
