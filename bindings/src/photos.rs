//! Photo evidence across the boundary: the shell's camera writes a JPEG into the app's private
//! folder and hands over its **path** (never the bytes); the core processes, checks and seals it.
//! Thumbnails come back as small byte arrays for lists, full photos as a temporary private file.

use std::io::ErrorKind;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use pandu_core::evidence::{self, DeviceFix, Evidence};
use pandu_core::session::PhotoCapture as CorePhotoCapture;
use pandu_core::{Error, Text};

use crate::convert::{all, BilingualText};
use crate::error::PanduError;
use crate::facade::PanduCore;
use crate::session::Session;

/// A photo as the camera wrote it.
#[derive(Clone, Debug, uniffi::Record)]
pub struct PhotoCapture {
    /// The JPEG file in the app's private folder.
    pub path: String,
    /// The phone's own GPS fix when the photo was taken.
    #[uniffi(default = None)]
    pub fix: Option<PhotoFix>,
    /// Keep the camera's file after ingest (by default it is deleted).
    #[uniffi(default = false)]
    pub keep_original: bool,
}

/// The phone's position when a photo was taken, as the platform reported it.
#[derive(Clone, Copy, Debug, uniffi::Record)]
pub struct PhotoFix {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Horizontal accuracy in metres.
    pub accuracy_m: f64,
    /// The platform said it is a mock location.
    pub mock: bool,
    /// When the fix was taken.
    pub at: SystemTime,
}

/// A photo attached to a question, with what the office should look at.
#[derive(Clone, Debug, uniffi::Record)]
pub struct EvidenceView {
    /// This attachment's id.
    pub evidence_id: String,
    /// The question it answers.
    pub question_id: String,
    /// The photo's id (SHA-256 hex of the stored JPEG), for its thumbnail.
    pub photo_id: String,
    /// The camera's capture time (RFC 3339), when it gave one.
    pub captured_at: Option<String>,
    /// Distance from the photo's position to the house, metres, when both are known.
    pub distance_m: Option<f64>,
    /// Findings for the office (far from the house, recycled photo, …), in words.
    pub flags: Vec<BilingualText>,
}

impl From<&Evidence> for EvidenceView {
    fn from(e: &Evidence) -> Self {
        Self {
            evidence_id: e.id.clone(),
            question_id: e.question_id.clone(),
            photo_id: e.photo_id.clone(),
            captured_at: e.captured_at.map(|t| t.to_rfc3339()),
            distance_m: e.distance_m,
            flags: all(e.flags.iter().map(|f| f.text())),
        }
    }
}

impl From<PhotoCapture> for CorePhotoCapture {
    fn from(c: PhotoCapture) -> Self {
        Self {
            source_path: c.path.into(),
            device_fix: c.fix.map(|f| DeviceFix {
                lat: f.lat,
                lon: f.lon,
                accuracy_m: f.accuracy_m,
                mock: f.mock,
                at: DateTime::<Utc>::from(f.at),
            }),
            keep_original: c.keep_original,
        }
    }
}

#[uniffi::export]
impl Session {
    /// Take the photo at `capture.path` as the answer to photo question `question_id` (replacing
    /// an earlier one). A missing file, a folder, a non-JPEG or a damaged picture gives
    /// [`PanduError::Invalid`] and leaves nothing behind.
    pub fn attach_photo(
        &self,
        question_id: String,
        capture: PhotoCapture,
    ) -> Result<EvidenceView, PanduError> {
        let place = &self.shared.place;
        self.with(|s, store| {
            let taken = s.attach_photo(
                store,
                &place.key,
                &place.media,
                &question_id,
                capture.into(),
                Utc::now(),
            )?;
            Ok(EvidenceView::from(&taken))
        })
    }

    /// Remove the photo of `question_id` (to retake it later).
    pub fn remove_photo(&self, question_id: String) -> Result<(), PanduError> {
        let place = &self.shared.place;
        self.with(|s, store| {
            Ok(s.remove_photo(store, &place.key, &place.media, &question_id, Utc::now())?)
        })
    }

    /// The photos that are this session's answers now.
    pub fn evidence(&self) -> Result<Vec<EvidenceView>, PanduError> {
        self.with(|s, _| Ok(s.evidence().map(EvidenceView::from).collect()))
    }
}

#[uniffi::export]
impl PanduCore {
    /// The JPEG thumbnail (256 px, about 10–20 KB) of photo `photo_id`, for lists.
    pub fn thumbnail(&self, photo_id: String) -> Result<Vec<u8>, PanduError> {
        check_photo_id(&photo_id)?;
        let place = &self.shared.place;
        self.shared.with_store(|_| {
            evidence::thumbnail_bytes(&place.key, &place.media, &photo_id).map_err(not_found)
        })
    }

    /// Decrypt photo `photo_id` to a private temporary file and return its path, to show it
    /// full size; [`PanduCore::clear_photo_files`] deletes such files (and opening the core
    /// does).
    pub fn open_photo_file(&self, photo_id: String) -> Result<String, PanduError> {
        check_photo_id(&photo_id)?;
        let place = &self.shared.place;
        self.shared.with_store(|_| {
            let path = evidence::open_full_to_temp(&place.key, &place.media, &photo_id)
                .map_err(not_found)?;
            Ok(path.display().to_string())
        })
    }

    /// Delete every file [`PanduCore::open_photo_file`] made.
    pub fn clear_photo_files(&self) -> Result<(), PanduError> {
        let place = &self.shared.place;
        self.shared
            .with_store(|_| Ok(evidence::clear_views(&place.media)?))
    }
}

/// A photo id is 64 lowercase hex digits; anything else (a path, say) is refused.
fn check_photo_id(photo_id: &str) -> Result<(), PanduError> {
    let hex = photo_id.len() == 64
        && photo_id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hex {
        return Ok(());
    }
    Err(PanduError::invalid(
        "photo.bad_id",
        Text::new("Kode foto tidak sah.", "Not a valid photo id."),
    ))
}

/// A photo file that is not there is a photo not found (e.g. its full size was freed after
/// the office received it).
fn not_found(e: Error) -> PanduError {
    match e {
        Error::Io(io) if io.kind() == ErrorKind::NotFound => PanduError::NotFound {
            kind: "photo".into(),
            text: Text::new("Foto tidak ditemukan.", "Photo not found.").into(),
        },
        other => other.into(),
    }
}
