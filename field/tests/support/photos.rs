//! Camera stand-ins: distinct, deterministic JPEG files with room-like texture, so every photo of
//! every visit has its own content hash (the camera is the one boundary a test cannot reach).

use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

/// Write a `width`×`height` JPEG unique to `seed` into `dir`; returns its path.
pub fn write_photo(dir: &Path, seed: u32, width: u32, height: u32) -> PathBuf {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let image = RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state & 0x1f) as u8;
        let base = ((x / 7 + y / 5 + seed) % 160) as u8;
        Rgb([base + noise, base / 2 + noise, 90 + noise])
    });
    let path = dir.join(format!("camera-{seed}.jpg"));
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&image)
        .expect("encode a test photo");
    std::fs::write(&path, bytes).expect("write a test photo");
    path
}
