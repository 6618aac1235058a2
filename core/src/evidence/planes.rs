//! The picture between decoding and encoding, kept as YCbCr planes (luma full size, chroma at
//! half width and height), because that is what a JPEG stores: working on planes skips the colour
//! conversion and chroma up/down-sampling that an RGB pipeline pays twice.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use super::error::PhotoError;

/// One 8-bit plane. `data` holds `stride × rows` bytes; only `width × height` of it is picture
/// (decoders pad planes to whole blocks).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Plane {
    /// Width of the picture part, pixels.
    pub width: u32,
    /// Height of the picture part, rows.
    pub height: u32,
    /// Bytes from one row to the next.
    pub stride: u32,
    /// The samples, row after row.
    pub data: Vec<u8>,
}

/// A picture: luma and, unless it is greyscale, two chroma planes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Picture {
    /// Luma (Y).
    pub y: Plane,
    /// Blue and red difference (Cb, Cr); `None` for greyscale.
    pub chroma: Option<[Plane; 2]>,
}

impl Plane {
    /// A tightly packed plane.
    pub(crate) fn new(width: u32, height: u32, data: Vec<u8>) -> Self {
        Self {
            width,
            height,
            stride: width,
            data,
        }
    }

    /// The plane grown to whole 2×2 sampling units by repeating its last column and row, as the
    /// 4:2:0 encoder needs; borrowed when the size is already even.
    pub(crate) fn even(&self) -> std::borrow::Cow<'_, Plane> {
        let (w, h) = (
            self.width.next_multiple_of(2),
            self.height.next_multiple_of(2),
        );
        if (w, h) == (self.width, self.height) {
            return std::borrow::Cow::Borrowed(self);
        }
        let tight = self.tight();
        let mut data = Vec::with_capacity((w * h) as usize);
        for row in tight.data.chunks(self.width as usize) {
            data.extend_from_slice(row);
            data.resize(data.len() + (w - self.width) as usize, row[row.len() - 1]);
        }
        if h != self.height {
            data.extend_from_within(data.len() - w as usize..);
        }
        std::borrow::Cow::Owned(Plane {
            stride: w,
            ..Plane::new(self.width, self.height, data)
        })
    }

    /// The plane without padding: borrowed when already tight, else copied row by row.
    fn tight(&self) -> std::borrow::Cow<'_, Plane> {
        if self.stride == self.width && self.data.len() == (self.width * self.height) as usize {
            return std::borrow::Cow::Borrowed(self);
        }
        let rows = self
            .data
            .chunks(self.stride as usize)
            .take(self.height as usize);
        let data = rows
            .flat_map(|r| &r[..self.width as usize])
            .copied()
            .collect();
        std::borrow::Cow::Owned(Plane::new(self.width, self.height, data))
    }
}

impl Picture {
    /// Width and height of the luma plane.
    pub(crate) fn size(&self) -> (u32, u32) {
        (self.y.width, self.y.height)
    }

    /// A tightly packed 4:2:0 (or greyscale) copy resized to `width × height`.
    pub(crate) fn resized(
        &self,
        width: u32,
        height: u32,
        filter: FilterType,
    ) -> Result<Picture, PhotoError> {
        let mut resizer = Resizer::new();
        let (cw, ch) = chroma_size(width, height);
        let chroma = match &self.chroma {
            Some([u, v]) => Some([
                resize_plane(&mut resizer, u, cw, ch, filter)?,
                resize_plane(&mut resizer, v, cw, ch, filter)?,
            ]),
            None => None,
        };
        Ok(Picture {
            y: resize_plane(&mut resizer, &self.y, width, height, filter)?,
            chroma,
        })
    }

    /// The picture turned upright according to EXIF `orientation` (1–8).
    pub(crate) fn oriented(self, orientation: u16) -> Picture {
        if orientation <= 1 || orientation > 8 {
            return self;
        }
        Picture {
            y: orient_plane(&self.y, orientation),
            chroma: self
                .chroma
                .map(|[u, v]| [orient_plane(&u, orientation), orient_plane(&v, orientation)]),
        }
    }
}

/// Chroma plane size for a 4:2:0 picture of `width × height`.
fn chroma_size(width: u32, height: u32) -> (u32, u32) {
    (width.div_ceil(2), height.div_ceil(2))
}

fn resize_plane(
    resizer: &mut Resizer,
    src: &Plane,
    width: u32,
    height: u32,
    filter: FilterType,
) -> Result<Plane, PhotoError> {
    let failed = |e: &dyn std::fmt::Display| PhotoError::Processing(e.to_string());
    let tight = src.tight();
    let view = ImageRef::new(tight.width, tight.height, &tight.data, PixelType::U8)
        .map_err(|e| failed(&e))?;
    let mut dst = Image::new(width, height, PixelType::U8);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter));
    resizer
        .resize(&view, &mut dst, &options)
        .map_err(|e| failed(&e))?;
    Ok(Plane::new(width, height, dst.into_vec()))
}

/// Apply EXIF orientation `o`: the stored image transformed so that it displays upright.
/// Output pixel (x, y) reads source index `base + x·ax + y·ay`; tiles keep both sides in cache.
fn orient_plane(src: &Plane, o: u16) -> Plane {
    const TILE: u32 = 32;
    let (w, h) = if o >= 5 {
        (src.height, src.width)
    } else {
        (src.width, src.height)
    };
    let (base, ax, ay) = walk(src, o);
    let mut data = vec![0u8; (w * h) as usize];
    for ty in (0..h).step_by(TILE as usize) {
        for tx in (0..w).step_by(TILE as usize) {
            for y in ty..(ty + TILE).min(h) {
                let row = base + i64::from(y) * ay;
                let out = &mut data[(y * w) as usize..][..w as usize];
                for x in tx..(tx + TILE).min(w) {
                    out[x as usize] = src.data[(row + i64::from(x) * ax) as usize];
                }
            }
        }
    }
    Plane::new(w, h, data)
}

/// Start index and steps per output column and row that realise orientation `o` on `src`.
fn walk(src: &Plane, o: u16) -> (i64, i64, i64) {
    let s = i64::from(src.stride);
    let right = i64::from(src.width) - 1;
    let bottom = (i64::from(src.height) - 1) * s;
    match o {
        2 => (right, -1, s),
        3 => (bottom + right, -1, -s),
        4 => (bottom, 1, -s),
        5 => (0, s, 1),
        6 => (bottom, -s, 1),
        7 => (bottom + right, -s, -1),
        8 => (right, s, -1),
        _ => (0, 1, s),
    }
}

/// Convert interleaved RGB (8-bit, `width × height`) to 4:2:0 planes with the JPEG (full-range
/// BT.601) matrix. Used only for the rare non-camera inputs (PNG, CMYK JPEG).
pub(crate) fn from_rgb(rgb: &[u8], width: u32, height: u32) -> Picture {
    let n = (width * height) as usize;
    let (mut y, mut cb, mut cr) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for px in rgb.chunks_exact(3) {
        let (r, g, b) = (f32::from(px[0]), f32::from(px[1]), f32::from(px[2]));
        y.push(clamp(0.299 * r + 0.587 * g + 0.114 * b));
        cb.push(clamp(128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b));
        cr.push(clamp(128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b));
    }
    Picture {
        y: Plane::new(width, height, y),
        chroma: Some([Plane::new(width, height, cb), Plane::new(width, height, cr)]),
    }
}

fn clamp(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 3×2 plane with distinct values: 0 1 2 / 3 4 5.
    fn sample() -> Plane {
        Plane::new(3, 2, (0..6).collect())
    }

    #[test]
    fn rotations_move_pixels_where_exif_says() {
        assert_eq!(orient_plane(&sample(), 6).data, vec![3, 0, 4, 1, 5, 2]);
        assert_eq!(orient_plane(&sample(), 8).data, vec![2, 5, 1, 4, 0, 3]);
        assert_eq!(orient_plane(&sample(), 3).data, vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(orient_plane(&sample(), 5).data, vec![0, 3, 1, 4, 2, 5]);
    }

    #[test]
    fn odd_planes_are_padded_with_their_edges() {
        let plane = sample();
        let even = plane.even();
        assert_eq!((even.width, even.height, even.stride), (3, 2, 4));
        assert_eq!(even.data, vec![0, 1, 2, 2, 3, 4, 5, 5]);
        let tall = Plane::new(2, 1, vec![7, 8]).even().into_owned();
        assert_eq!((tall.stride, tall.data), (2, vec![7, 8, 7, 8]));
    }

    #[test]
    fn resizing_respects_the_visible_area() {
        let padded = Plane {
            width: 2,
            height: 2,
            stride: 4,
            data: vec![10, 10, 99, 99, 10, 10, 99, 99],
        };
        let mut resizer = Resizer::new();
        let out = resize_plane(&mut resizer, &padded, 1, 1, FilterType::Lanczos3).unwrap();
        assert_eq!(out.data, vec![10]);
    }
}
