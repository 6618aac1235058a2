//! Photo evidence for home visits. Photos of the floor, walls, toilet and lighting decide a
//! family's card, show the inside of people's homes and travel over costly mobile data, so the
//! core takes the camera's file, makes it small, upright and free of metadata, identifies it by
//! the SHA-256 of what it stores, checks it against every photo on the device and against the
//! visit's place and time, and keeps it encrypted.
//!
//! The pipeline (`source` → `decode` → `planes` → `encode`, with `meta` and `phash`) is pure;
//! `vault` seals files; `rows` holds the SQL; `ingest` and `access` are what the visit session
//! calls.

mod access;
mod decode;
mod encode;
mod error;
mod flags;
mod geofence;
mod ingest;
mod meta;
mod phash;
mod pipeline;
mod planes;
mod rows;
mod source;
mod vault;

pub use access::{
    clear_views, discard_full, for_draft, full_bytes, open_full_to_temp, recover, remove,
    thumbnail_bytes,
};
pub use error::{PhotoError, MAX_FILE_BYTES, MAX_PIXELS};
pub use flags::Flag;
pub use geofence::{distance_m, DeviceFix, MAX_ACCURACY_M, WINDOW_TOLERANCE_MINUTES};
pub use ingest::{ingest, IngestRequest, DEFAULT_GEOFENCE_RADIUS_M};
pub use meta::CameraMeta;
pub use phash::{hamming, NEAR_DUPLICATE_BITS};
pub use pipeline::{
    process_bytes, process_file, ProcessOptions, ProcessedPhoto, ProcessingParams, PHOTO_QUALITY,
    THUMBNAIL_LONG_SIDE, THUMBNAIL_QUALITY,
};
pub use rows::Evidence;
