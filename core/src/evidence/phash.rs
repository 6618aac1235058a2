//! The perceptual hash used to find recycled photos: a DCT hash ("pHash") of the luma. The
//! picture is reduced to 32×32, transformed with a 2-D DCT-II, and the 8×8 lowest frequencies
//! (without the DC term) are compared to their median, giving 64 bits. Re-compressing, resizing
//! or slightly cropping a photo changes few bits; a different scene changes about half. Unlike
//! the average hash, the DCT hash does not collide for every dim, evenly lit room.

use std::f64::consts::PI;

use fast_image_resize::FilterType;

use super::error::PhotoError;
use super::planes::{Picture, Plane};

/// Side of the reduced picture.
const N: usize = 32;
/// Side of the low-frequency block kept.
const K: usize = 8;

/// Two hashes at most this many bits apart are the same scene. Tuned by the evidence tests: a
/// copy re-compressed at quality 60 and cropped by 4% on every side lands within 14 bits of the
/// original; different rooms stay 22 bits or more apart.
pub const NEAR_DUPLICATE_BITS: u32 = 18;

/// Number of differing bits between two hashes.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The 64-bit DCT hash of `picture`'s luma.
pub(crate) fn phash(picture: &Picture) -> Result<u64, PhotoError> {
    let small = Picture {
        y: picture.y.clone(),
        chroma: None,
    }
    .resized(N as u32, N as u32, FilterType::Hamming)?;
    Ok(hash_of(&low_frequencies(&small.y)))
}

/// The top-left `K × K` block of the 2-D DCT-II of a 32×32 plane.
fn low_frequencies(plane: &Plane) -> [f64; K * K] {
    let cos = cosine_table();
    let pixel = |x: usize, y: usize| f64::from(plane.data[y * N + x]);
    let mut rows = [[0.0; K]; N];
    for (y, row) in rows.iter_mut().enumerate() {
        for (u, out) in row.iter_mut().enumerate() {
            *out = (0..N).map(|x| pixel(x, y) * cos[u][x]).sum();
        }
    }
    let mut block = [0.0; K * K];
    for v in 0..K {
        for u in 0..K {
            block[v * K + u] = (0..N).map(|y| rows[y][u] * cos[v][y]).sum();
        }
    }
    block
}

/// `cos[u][x] = cos((2x + 1) uπ / 2N)` for the first `K` frequencies.
fn cosine_table() -> [[f64; N]; K] {
    let mut table = [[0.0; N]; K];
    for (u, row) in table.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            *c = ((2 * x + 1) as f64 * u as f64 * PI / (2 * N) as f64).cos();
        }
    }
    table
}

/// One bit per coefficient: above the median of the AC coefficients or not.
fn hash_of(block: &[f64; K * K]) -> u64 {
    let mut ac: Vec<f64> = block[1..].to_vec();
    ac.sort_by(f64::total_cmp);
    let median = (ac[ac.len() / 2 - 1] + ac[ac.len() / 2]) / 2.0;
    block
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| **c > median)
        .fold(0u64, |bits, (i, _)| bits | (1 << i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(f: impl Fn(u32, u32) -> u8) -> Picture {
        let (w, h) = (200, 150);
        let data = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| f(x, y))
            .collect();
        Picture {
            y: Plane::new(w, h, data),
            chroma: None,
        }
    }

    #[test]
    fn the_hash_is_stable_and_separates_patterns() {
        let stripes = picture(|x, _| if (x / 20) % 2 == 0 { 30 } else { 220 });
        let ramp = picture(|x, y| ((x + y) % 256) as u8);
        let a = phash(&stripes).unwrap();
        assert_eq!(a, phash(&stripes).unwrap());
        assert!(hamming(a, phash(&ramp).unwrap()) > NEAR_DUPLICATE_BITS);
    }
}
