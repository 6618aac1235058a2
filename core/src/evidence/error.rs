//! Why a photo was refused. Each case is typed so the shell can act on it, and each says what
//! happened in Indonesian and English; none carries a file name or personal data.

use crate::error::Error;
use crate::i18n::{Problem, Text};

/// The largest camera file accepted, in bytes (40 MB).
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;

/// The largest picture accepted, in pixels (50 megapixels), checked from the header before decoding.
pub const MAX_PIXELS: u64 = 50_000_000;

/// A photo the pipeline could not take in. Nothing was stored when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// No file at the path the shell gave (or it vanished before it could be opened).
    #[error("the photo file does not exist")]
    Missing,
    /// The path is a folder, a pipe or a device, not a plain file.
    #[error("the path is not a plain file")]
    NotAFile,
    /// The file has no bytes.
    #[error("the photo file is empty")]
    Empty,
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the photo file has {bytes} bytes, more than allowed")]
    TooLarge {
        /// Size of the file.
        bytes: u64,
    },
    /// The header claims more than [`MAX_PIXELS`].
    #[error("the photo claims {width}x{height} pixels, more than allowed")]
    TooManyPixels {
        /// Width claimed by the header.
        width: u64,
        /// Height claimed by the header.
        height: u64,
    },
    /// A HEIC/HEIF file: the shell must ask the camera for JPEG.
    #[error("HEIC/HEIF photos are not accepted; the camera must hand over JPEG")]
    Heic,
    /// Not a JPEG or PNG image.
    #[error("the file is not a JPEG or PNG image")]
    NotAnImage,
    /// The image data is truncated or damaged.
    #[error("the image is damaged or incomplete: {0}")]
    Corrupt(String),
    /// The file changed size or could not be read to its end while it was being read.
    #[error("the photo file changed or disappeared while it was read")]
    Vanished,
    /// Resizing or encoding failed (a bug or an exhausted device).
    #[error("the photo could not be processed: {0}")]
    Processing(String),
}

impl PhotoError {
    /// A stable machine-readable code, e.g. `photo.heic`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "photo.missing",
            Self::NotAFile => "photo.not_a_file",
            Self::Empty => "photo.empty",
            Self::TooLarge { .. } => "photo.too_large",
            Self::TooManyPixels { .. } => "photo.too_many_pixels",
            Self::Heic => "photo.heic",
            Self::NotAnImage => "photo.not_an_image",
            Self::Corrupt(_) => "photo.corrupt",
            Self::Vanished => "photo.vanished",
            Self::Processing(_) => "photo.processing",
        }
    }

    /// What to tell the user, in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            Self::Missing => Text::new(
                "Berkas foto tidak ditemukan. Ambil foto lagi.",
                "The photo file was not found. Take the photo again.",
            ),
            Self::NotAFile => Text::new(
                "Yang diberikan bukan berkas foto biasa.",
                "What was given is not a plain photo file.",
            ),
            Self::Empty => Text::new(
                "Berkas foto kosong. Ambil foto lagi.",
                "The photo file is empty. Take the photo again.",
            ),
            Self::TooLarge { .. } => Text::new(
                "Berkas foto terlalu besar (lebih dari 40 MB).",
                "The photo file is too large (over 40 MB).",
            ),
            Self::TooManyPixels { .. } => Text::new(
                "Foto terlalu besar (lebih dari 50 megapiksel).",
                "The photo is too large (over 50 megapixels).",
            ),
            Self::Heic => Text::new(
                "Foto HEIC/HEIF tidak diterima. Aplikasi harus menyerahkan foto JPEG; ubah format kamera ke JPEG.",
                "HEIC/HEIF photos are not accepted. The app must hand over a JPEG; set the camera format to JPEG.",
            ),
            Self::NotAnImage => Text::new(
                "Berkas ini bukan foto JPEG atau PNG.",
                "This file is not a JPEG or PNG photo.",
            ),
            Self::Corrupt(_) => Text::new(
                "Foto rusak atau tidak lengkap. Ambil foto lagi.",
                "The photo is damaged or incomplete. Take the photo again.",
            ),
            Self::Vanished => Text::new(
                "Berkas foto berubah atau hilang saat dibaca. Ambil foto lagi.",
                "The photo file changed or disappeared while it was read. Take the photo again.",
            ),
            Self::Processing(_) => Text::new(
                "Foto tidak dapat diproses. Coba lagi atau laporkan ke admin.",
                "The photo could not be processed. Try again or report it to the admin.",
            ),
        }
    }
}

/// A refused photo is refused input: the shell shows the message and asks for another photo.
impl From<PhotoError> for Error {
    fn from(e: PhotoError) -> Self {
        Error::invalid(Problem::error(e.code(), e.text()))
    }
}
