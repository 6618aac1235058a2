//! From file bytes to planes, decoding no more pixels than needed: a JPEG is decoded by
//! libjpeg-turbo straight to YCbCr planes at the smallest DCT scale (1/8, 1/4, 1/2) that still
//! covers the target size; PNG and unusual JPEGs (CMYK) go through the `image` crate. Sizes are
//! checked from the header before any decoding.

use std::io::Cursor;

use turbojpeg::{Colorspace, Decompressor, ScalingFactor, Subsamp, YuvImage};

use super::error::{PhotoError, MAX_PIXELS};
use super::planes::{from_rgb, Picture, Plane};
use super::source::Format;

/// A decoded picture and how it was obtained.
pub(crate) struct Decoded {
    /// The planes, possibly already scaled down.
    pub picture: Picture,
    /// Width × height of the source as stored.
    pub source_size: (u32, u32),
    /// The DCT scale denominator used (1, 2, 4 or 8).
    pub scale_denom: u32,
}

/// Decode `bytes` of `format` so that the long side is at least `target` (or full size when the
/// source is smaller).
pub(crate) fn decode(bytes: &[u8], format: Format, target: u32) -> Result<Decoded, PhotoError> {
    match format {
        Format::Jpeg => decode_jpeg(bytes, target),
        Format::Png => decode_with_image(bytes, image::ImageFormat::Png),
    }
}

fn check_pixels(width: u64, height: u64) -> Result<(), PhotoError> {
    if width * height > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    Ok(())
}

/// The largest of 8, 4, 2, 1 that keeps the long side at least `target`.
pub(crate) fn scale_denom(long_side: u32, target: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|d| long_side.div_ceil(*d) >= target)
        .unwrap_or(1)
}

fn corrupt(e: turbojpeg::Error) -> PhotoError {
    PhotoError::Corrupt(e.to_string())
}

fn decode_jpeg(bytes: &[u8], target: u32) -> Result<Decoded, PhotoError> {
    let mut decompressor = Decompressor::new().map_err(corrupt)?;
    let header = decompressor.read_header(bytes).map_err(corrupt)?;
    check_pixels(header.width as u64, header.height as u64)?;
    let source_size = (header.width as u32, header.height as u32);
    let planar = matches!(header.colorspace, Colorspace::YCbCr | Colorspace::Gray)
        && header.subsamp != Subsamp::Unknown;
    if !planar {
        return decode_with_image(bytes, image::ImageFormat::Jpeg);
    }
    let denom = scale_denom(source_size.0.max(source_size.1), target);
    let factor = ScalingFactor::new(1, denom as usize);
    decompressor.set_scaling_factor(factor).map_err(corrupt)?;
    let scaled = header.scaled(factor);
    let picture = decode_yuv(
        &mut decompressor,
        bytes,
        scaled.width,
        scaled.height,
        header.subsamp,
    )?;
    Ok(Decoded {
        picture,
        source_size,
        scale_denom: denom,
    })
}

fn decode_yuv(
    decompressor: &mut Decompressor,
    bytes: &[u8],
    width: usize,
    height: usize,
    subsamp: Subsamp,
) -> Result<Picture, PhotoError> {
    let len = turbojpeg::yuv_pixels_len(width, 1, height, subsamp).map_err(corrupt)?;
    let mut image = YuvImage {
        pixels: vec![0u8; len],
        width,
        align: 1,
        height,
        subsamp,
    };
    decompressor
        .decompress_to_yuv(bytes, image.as_deref_mut())
        .map_err(corrupt)?;
    Ok(split_planes(image))
}

/// Cut the single YUV buffer (Y, then U, then V; rows padded to whole sampling units) into planes.
fn split_planes(image: YuvImage<Vec<u8>>) -> Picture {
    let (yw, yh) = image.y_size();
    let (cw, ch) = image.uv_size();
    let (sx, sy) = (image.subsamp.width(), image.subsamp.height());
    let y_plane = |data| Plane {
        width: image.width as u32,
        height: image.height as u32,
        stride: yw as u32,
        data,
    };
    let mut data = image.pixels;
    if image.subsamp == Subsamp::Gray {
        data.truncate(yw * yh);
        return Picture {
            y: y_plane(data),
            chroma: None,
        };
    }
    let mut u = data.split_off(yw * yh);
    let v = u.split_off(cw * ch);
    let chroma_plane = |data| Plane {
        width: image.width.div_ceil(sx) as u32,
        height: image.height.div_ceil(sy) as u32,
        stride: cw as u32,
        data,
    };
    Picture {
        y: y_plane(data),
        chroma: Some([chroma_plane(u), chroma_plane(v)]),
    }
}

/// The general path: header size check, then a full decode with allocation limits.
fn decode_with_image(bytes: &[u8], format: image::ImageFormat) -> Result<Decoded, PhotoError> {
    let reader = || image::ImageReader::with_format(Cursor::new(bytes), format);
    let (w, h) = reader()
        .into_dimensions()
        .map_err(|e| PhotoError::Corrupt(e.to_string()))?;
    check_pixels(u64::from(w), u64::from(h))?;
    let mut limited = reader();
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    limited.limits(limits);
    let rgb = limited
        .decode()
        .map_err(|e| PhotoError::Corrupt(e.to_string()))?
        .into_rgb8();
    Ok(Decoded {
        picture: from_rgb(rgb.as_raw(), w, h),
        source_size: (w, h),
        scale_denom: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_keeps_the_long_side_at_least_the_target() {
        assert_eq!(scale_denom(4000, 1600), 2);
        assert_eq!(scale_denom(4000, 1000), 4);
        assert_eq!(scale_denom(4000, 256), 8);
        assert_eq!(scale_denom(1600, 1600), 1);
        assert_eq!(scale_denom(1000, 1600), 1);
        assert_eq!(scale_denom(3201, 1600), 2);
    }
}
