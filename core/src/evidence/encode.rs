//! From planes to JPEG bytes that carry no metadata at all: libjpeg-turbo compresses the planes
//! directly (no colour conversion), then every APPn and COM segment it wrote (the JFIF header)
//! is cut, so the stored file says nothing about the device, the place or the time.

use turbojpeg::{Compressor, Image, PixelFormat, Subsamp, YuvPlanesImage};

use super::error::PhotoError;
use super::planes::Picture;

/// Encode `picture` (4:2:0 or greyscale, tightly packed) as a baseline JPEG at `quality`.
pub(crate) fn encode(picture: &Picture, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let failed = |e: turbojpeg::Error| PhotoError::Processing(e.to_string());
    let mut compressor = Compressor::new().map_err(failed)?;
    compressor.set_quality(i32::from(quality)).map_err(failed)?;
    let jpeg = match &picture.chroma {
        Some([u, v]) => {
            let y = picture.y.even();
            let planes = YuvPlanesImage {
                y_plane: y.data.as_slice(),
                u_plane: u.data.as_slice(),
                v_plane: v.data.as_slice(),
                width: y.width as usize,
                height: y.height as usize,
                y_stride: y.stride as usize,
                u_stride: u.stride as usize,
                v_stride: v.stride as usize,
                subsamp: Subsamp::Sub2x2,
            };
            compressor.compress_yuv_planes_to_vec(&planes)
        }
        None => encode_grey(&mut compressor, picture),
    }
    .map_err(failed)?;
    Ok(strip_metadata(&jpeg))
}

fn encode_grey(compressor: &mut Compressor, picture: &Picture) -> turbojpeg::Result<Vec<u8>> {
    compressor.set_subsamp(Subsamp::Gray)?;
    let y = &picture.y;
    let image = Image {
        pixels: y.data.as_slice(),
        width: y.width as usize,
        pitch: y.stride as usize,
        height: y.height as usize,
        format: PixelFormat::GRAY,
    };
    compressor.compress_to_vec(image)
}

/// `jpeg` without the APPn (0xE0–0xEF) and COM (0xFE) segments that precede the frame.
fn strip_metadata(jpeg: &[u8]) -> Vec<u8> {
    let mut pos = 2;
    let mut out = Vec::with_capacity(jpeg.len());
    out.extend_from_slice(&jpeg[..2]);
    while pos + 4 <= jpeg.len() && jpeg[pos] == 0xFF {
        let marker = jpeg[pos + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
        let is_metadata = (0xE0..=0xEF).contains(&marker) || marker == 0xFE;
        if !is_metadata {
            break;
        }
        pos += 2 + len;
    }
    out.extend_from_slice(&jpeg[pos.min(jpeg.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_app_and_comment_segments_are_cut() {
        let jpeg = [
            0xFF, 0xD8, // SOI
            0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB, // APP0
            0xFF, 0xFE, 0x00, 0x03, 0xCC, // COM
            0xFF, 0xDB, 0x00, 0x02, // DQT (kept)
            0xFF, 0xD9,
        ];
        assert_eq!(
            strip_metadata(&jpeg),
            vec![0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x02, 0xFF, 0xD9]
        );
    }
}
