//! The photo pipeline from the camera's file to what Pandu stores: read and check the file, read
//! its EXIF, decode only as many pixels as the target needs, resize, turn upright, encode without
//! metadata, and derive the thumbnail and the perceptual hash. It touches no database and no
//! key, so the benchmark runs exactly this.

use std::path::Path;

use chrono::FixedOffset;
use serde::{Deserialize, Serialize};

use super::decode::decode;
use super::encode::encode;
use fast_image_resize::FilterType;

use super::error::PhotoError;
use super::meta::{read_meta, CameraMeta};
use super::phash::phash;
use super::planes::Picture;
use super::source::{detect_format, read_photo};

/// Long side of list thumbnails, in pixels.
pub const THUMBNAIL_LONG_SIDE: u32 = 256;
/// JPEG quality of stored photos.
pub const PHOTO_QUALITY: u8 = 80;
/// JPEG quality of thumbnails.
pub const THUMBNAIL_QUALITY: u8 = 75;

/// What the pipeline is asked to do.
#[derive(Clone, Copy, Debug)]
pub struct ProcessOptions {
    /// Largest long side of the stored photo, in pixels (the form's limit, default 1600).
    pub max_long_side: u32,
    /// UTC offset for an EXIF capture time that has none (Payakumbuh is UTC+7).
    pub fallback_offset: FixedOffset,
}

impl Default for ProcessOptions {
    fn default() -> Self {
        Self {
            max_long_side: 1600,
            fallback_offset: FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset"),
        }
    }
}

/// How a stored photo was made; kept with the evidence so the office can judge it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingParams {
    /// `jpeg` or `png`.
    pub source_format: String,
    /// Width × height of the camera's file as stored (before orientation).
    pub source_size: (u32, u32),
    /// EXIF orientation applied (1–8).
    pub orientation: u16,
    /// DCT scale denominator used while decoding (1, 2, 4 or 8).
    pub decode_scale: u32,
    /// The long-side limit asked for.
    pub max_long_side: u32,
    /// Width × height of the stored photo (upright).
    pub size: (u32, u32),
    /// JPEG quality of the stored photo.
    pub quality: u8,
    /// Camera make and model from EXIF, when given.
    pub camera: Option<String>,
}

/// The pipeline's result: stored photo, thumbnail, hash and what EXIF said.
#[derive(Clone, Debug)]
pub struct ProcessedPhoto {
    /// The stored photo: upright, at most `max_long_side`, JPEG without any metadata segment.
    pub jpeg: Vec<u8>,
    /// The list thumbnail (long side [`THUMBNAIL_LONG_SIDE`]), also without metadata.
    pub thumbnail: Vec<u8>,
    /// 64-bit DCT perceptual hash of the stored photo.
    pub phash: u64,
    /// What the camera's EXIF said.
    pub meta: CameraMeta,
    /// How the photo was made.
    pub params: ProcessingParams,
}

/// Run the whole pipeline on the file at `path`. Nothing is written anywhere.
pub fn process_file(path: &Path, options: &ProcessOptions) -> Result<ProcessedPhoto, PhotoError> {
    let bytes = read_photo(path)?;
    process_bytes(&bytes, options)
}

/// Run the pipeline on a file already in memory.
pub fn process_bytes(bytes: &[u8], options: &ProcessOptions) -> Result<ProcessedPhoto, PhotoError> {
    let format = detect_format(bytes)?;
    let decoded = decode(bytes, format, options.max_long_side)?;
    let meta = read_meta(bytes, options.fallback_offset);
    let (w, h) = fit(decoded.picture.size(), options.max_long_side);
    let photo = decoded
        .picture
        .resized(w, h, FilterType::CatmullRom)?
        .oriented(meta.orientation);
    let thumbnail = thumbnail_of(&photo)?;
    let params = ProcessingParams {
        source_format: format.name().to_owned(),
        source_size: decoded.source_size,
        orientation: meta.orientation,
        decode_scale: decoded.scale_denom,
        max_long_side: options.max_long_side,
        size: photo.size(),
        quality: PHOTO_QUALITY,
        camera: meta.camera.clone(),
    };
    Ok(ProcessedPhoto {
        jpeg: encode(&photo, PHOTO_QUALITY)?,
        thumbnail: encode(&thumbnail, THUMBNAIL_QUALITY)?,
        phash: phash(&thumbnail)?,
        meta,
        params,
    })
}

/// The thumbnail, which also feeds the perceptual hash (it needs only 32×32 of luma).
fn thumbnail_of(photo: &Picture) -> Result<Picture, PhotoError> {
    let (w, h) = fit(photo.size(), THUMBNAIL_LONG_SIDE);
    photo.resized(w, h, FilterType::Hamming)
}

/// `size` scaled so its long side is at most `long_side`, keeping the aspect ratio.
fn fit((w, h): (u32, u32), long_side: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= long_side {
        return (w, h);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(long_side) + u64::from(long) / 2) / u64::from(long)).max(1)
            as u32
    };
    (scale(w), scale(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_aspect_and_never_enlarges() {
        assert_eq!(fit((4000, 3000), 1600), (1600, 1200));
        assert_eq!(fit((2000, 4000), 1600), (800, 1600));
        assert_eq!(fit((800, 600), 1600), (800, 600));
        assert_eq!(fit((5000, 1), 100), (100, 1));
    }
}
