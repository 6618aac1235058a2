//! Reading the camera's file and telling what it is, before any pixel is decoded: refuse what is
//! missing, empty, too large, not a plain file, HEIC or not an image, and notice a file that
//! changes or disappears while it is read.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::error::{PhotoError, MAX_FILE_BYTES};

/// The formats the pipeline decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// JPEG, the camera's format: decoded by libjpeg-turbo, scaled in the DCT domain.
    Jpeg,
    /// PNG, e.g. a screenshot of a document: decoded by the `image` crate.
    Png,
}

impl Format {
    /// The lowercase name kept in the processing parameters.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
        }
    }
}

/// Read the whole file at `path`, refusing anything that is not a plain, non-empty file of at
/// most [`MAX_FILE_BYTES`].
pub(crate) fn read_photo(path: &Path) -> Result<Vec<u8>, PhotoError> {
    let meta = std::fs::metadata(path).map_err(open_error)?;
    if !meta.is_file() {
        return Err(PhotoError::NotAFile);
    }
    check_size(meta.len())?;
    let file = File::open(path).map_err(open_error)?;
    read_exactly(file, meta.len())
}

/// Read `expected` bytes from `reader`; a read error or a length other than `expected` means the
/// file changed or disappeared while it was read.
pub(crate) fn read_exactly(reader: impl Read, expected: u64) -> Result<Vec<u8>, PhotoError> {
    let mut bytes = Vec::with_capacity(expected as usize);
    reader
        .take(expected + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| PhotoError::Vanished)?;
    if bytes.len() as u64 != expected {
        return Err(PhotoError::Vanished);
    }
    Ok(bytes)
}

/// Tell the format from the first bytes; HEIC/HEIF is recognised by its `ftyp` box.
pub(crate) fn detect_format(bytes: &[u8]) -> Result<Format, PhotoError> {
    if is_heif(bytes) {
        return Err(PhotoError::Heic);
    }
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(image::ImageFormat::Png) => Ok(Format::Png),
        _ => Err(PhotoError::NotAnImage),
    }
}

fn check_size(len: u64) -> Result<(), PhotoError> {
    match len {
        0 => Err(PhotoError::Empty),
        n if n > MAX_FILE_BYTES => Err(PhotoError::TooLarge { bytes: n }),
        _ => Ok(()),
    }
}

fn open_error(e: std::io::Error) -> PhotoError {
    match e.kind() {
        ErrorKind::NotFound => PhotoError::Missing,
        _ => PhotoError::Vanished,
    }
}

/// An ISO-BMFF file whose major or compatible brands name HEIF/HEIC (or AVIF, its sibling).
fn is_heif(bytes: &[u8]) -> bool {
    const BRANDS: [&[u8; 4]; 9] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif",
    ];
    if bytes.len() < 12 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let box_len = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let end = box_len.clamp(12, bytes.len());
    bytes[8..end]
        .chunks_exact(4)
        .any(|brand| BRANDS.iter().any(|b| b.as_slice() == brand))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that fails after some bytes, as a file on removable storage does when pulled.
    struct FailingReader(usize);

    impl Read for FailingReader {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("gone"));
            }
            let n = self.0.min(buf.len());
            buf[..n].fill(0xFF);
            self.0 -= n;
            Ok(n)
        }
    }

    #[test]
    fn a_read_error_midway_is_vanished() {
        assert_eq!(
            read_exactly(FailingReader(100), 1000),
            Err(PhotoError::Vanished)
        );
    }

    #[test]
    fn a_file_shorter_or_longer_than_announced_is_vanished() {
        assert_eq!(read_exactly(&[1u8; 10][..], 20), Err(PhotoError::Vanished));
        assert_eq!(read_exactly(&[1u8; 30][..], 20), Err(PhotoError::Vanished));
        assert_eq!(read_exactly(&[1u8; 20][..], 20).unwrap().len(), 20);
    }

    #[test]
    fn heif_brands_are_recognised() {
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypmif1\0\0\0\0mif1heic");
        assert_eq!(detect_format(&heic), Err(PhotoError::Heic));
        let mut mp4 = vec![0, 0, 0, 16];
        mp4.extend_from_slice(b"ftypisom\0\0\0\0");
        assert_eq!(detect_format(&mp4), Err(PhotoError::NotAnImage));
    }
}
