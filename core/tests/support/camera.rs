//! A fake phone camera for tests and the benchmark: deterministic synthetic scenes that look like
//! rooms (planks or bricks, light falloff, sensor noise), and JPEGs carrying the EXIF a phone
//! writes (orientation, capture time with offset, GPS, make and model), built byte by byte so the
//! tests do not depend on the code they check.

use image::{Rgb, RgbImage};

/// What the fake camera writes into EXIF.
#[derive(Clone, Debug)]
pub struct Exif {
    pub orientation: u16,
    /// `YYYY:MM:DD HH:MM:SS`.
    pub datetime: String,
    /// `+07:00`.
    pub offset: Option<String>,
    /// Latitude and longitude in degrees.
    pub gps: Option<(f64, f64)>,
    pub make: String,
    pub model: String,
}

impl Default for Exif {
    fn default() -> Self {
        Self {
            orientation: 1,
            datetime: "2026:03:14 10:15:00".into(),
            offset: Some("+07:00".into()),
            gps: Some((-0.2270, 100.6320)),
            make: "samsung".into(),
            model: "SM-A135F".into(),
        }
    }
}

/// A small deterministic generator (xorshift64*), so scenes are the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0.0..1.0`.
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A room-like scene: wooden planks (even seeds) or bricks (odd seeds) in the seed's colours,
/// a few dark objects, light falling off from a window, and sensor noise.
pub fn scene(seed: u64, width: u32, height: u32) -> RgbImage {
    let mut rng = Rng::new(seed);
    let base = [
        80.0 + 120.0 * rng.unit(),
        60.0 + 100.0 * rng.unit(),
        40.0 + 90.0 * rng.unit(),
    ];
    let unit = 20.0 + 60.0 * rng.unit();
    let window = (rng.unit() * width as f32, rng.unit() * height as f32 * 0.5);
    let objects: Vec<[f32; 4]> = (0..4)
        .map(|_| {
            [
                rng.unit() * width as f32,
                rng.unit() * height as f32,
                0.05 + 0.2 * rng.unit(),
                0.05 + 0.2 * rng.unit(),
            ]
        })
        .collect();
    let diag = ((width * width + height * height) as f32).sqrt();
    let scale = width as f32 / 1000.0;
    let mut noise = Rng::new(seed ^ 0xA5A5);
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / scale, y as f32 / scale);
        let texture = if seed % 2 == 0 {
            let plank = (fy / unit).floor();
            0.8 + 0.2 * ((fx * 0.05 + plank * 7.0).sin() * (fx * 0.011 + plank).cos())
                - if (fy % unit) < 1.5 { 0.4 } else { 0.0 }
        } else {
            let row = (fy / unit).floor();
            let shift = if row as i64 % 2 == 0 { 0.0 } else { unit };
            let mortar = (fy % unit) < 2.0 || ((fx + shift) % (2.0 * unit)) < 2.0;
            if mortar {
                1.3
            } else {
                0.85 + 0.1 * (row * 3.7).sin()
            }
        };
        let inside = objects.iter().any(|o| {
            ((x as f32 - o[0]) / (o[2] * width as f32)).abs() < 0.5
                && ((y as f32 - o[1]) / (o[3] * height as f32)).abs() < 0.5
        });
        let d = ((x as f32 - window.0).powi(2) + (y as f32 - window.1).powi(2)).sqrt() / diag;
        let light = 1.25 - d * 0.9;
        let shade = if inside { 0.35 } else { texture } * light;
        let n = (noise.unit() - 0.5) * 18.0;
        Rgb(base.map(|c| (c * shade + n).clamp(0.0, 255.0) as u8))
    })
}

/// Encode `img` as a 4:2:0 baseline JPEG at `quality`, as phone cameras do (JFIF, no EXIF).
pub fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let image = turbojpeg::Image {
        pixels: img.as_raw().as_slice(),
        width: img.width() as usize,
        pitch: img.width() as usize * 3,
        height: img.height() as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    turbojpeg::compress(image, i32::from(quality), turbojpeg::Subsamp::Sub2x2)
        .unwrap()
        .to_vec()
}

/// `jpeg` with an EXIF APP1 segment inserted right after SOI.
pub fn with_exif(jpeg: &[u8], exif: &Exif) -> Vec<u8> {
    let tiff = tiff(exif);
    let len = (2 + 6 + tiff.len()) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// One IFD entry: tag, TIFF type, count, value bytes (little endian).
struct Entry(u16, u16, u32, Vec<u8>);

const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;
const BYTE: u16 = 1;

fn ascii(tag: u16, text: &str) -> Entry {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    Entry(tag, ASCII, bytes.len() as u32, bytes)
}

fn dms(tag: u16, degrees: f64) -> Entry {
    let d = degrees.abs();
    let (deg, min) = (d.trunc(), (d.fract() * 60.0).trunc());
    let sec = ((d * 3600.0) - deg * 3600.0 - min * 60.0) * 10_000.0;
    let parts = [
        (deg as u32, 1u32),
        (min as u32, 1),
        (sec.round() as u32, 10_000),
    ];
    let bytes = parts
        .iter()
        .flat_map(|(n, d)| [n.to_le_bytes(), d.to_le_bytes()].concat())
        .collect();
    Entry(tag, RATIONAL, 3, bytes)
}

/// The TIFF body of an EXIF segment: IFD0 → Exif IFD → GPS IFD, laid out one after another.
fn tiff(exif: &Exif) -> Vec<u8> {
    let mut sub = vec![ascii(0x9003, &exif.datetime)];
    if let Some(offset) = &exif.offset {
        sub.push(ascii(0x9011, offset));
    }
    let gps = exif.gps.map(|(lat, lon)| {
        vec![
            Entry(0x0000, BYTE, 4, vec![2, 3, 0, 0]),
            ascii(0x0001, if lat < 0.0 { "S" } else { "N" }),
            dms(0x0002, lat),
            ascii(0x0003, if lon < 0.0 { "W" } else { "E" }),
            dms(0x0004, lon),
        ]
    });
    let mut ifd0 = vec![
        ascii(0x010F, &exif.make),
        ascii(0x0110, &exif.model),
        Entry(0x0112, SHORT, 1, exif.orientation.to_le_bytes().to_vec()),
        Entry(0x8769, LONG, 1, vec![0; 4]),
    ];
    if gps.is_some() {
        ifd0.push(Entry(0x8825, LONG, 1, vec![0; 4]));
    }
    let exif_at = 8 + ifd_len(&ifd0);
    let gps_at = exif_at + ifd_len(&sub);
    ifd0[3].3 = (exif_at as u32).to_le_bytes().to_vec();
    if gps.is_some() {
        ifd0[4].3 = (gps_at as u32).to_le_bytes().to_vec();
    }
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    write_ifd(&mut out, &ifd0);
    write_ifd(&mut out, &sub);
    if let Some(gps) = gps {
        write_ifd(&mut out, &gps);
    }
    out
}

fn padded(n: usize) -> usize {
    n + n % 2
}

fn ifd_len(entries: &[Entry]) -> usize {
    2 + 12 * entries.len()
        + 4
        + entries
            .iter()
            .filter(|e| e.3.len() > 4)
            .map(|e| padded(e.3.len()))
            .sum::<usize>()
}

/// Append an IFD at the current end of `out`, its long values right after it.
fn write_ifd(out: &mut Vec<u8>, entries: &[Entry]) {
    let start = out.len();
    let mut data_at = start + 2 + 12 * entries.len() + 4;
    let mut data = Vec::new();
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for Entry(tag, kind, count, value) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        if value.len() <= 4 {
            let mut inline = value.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&(data_at as u32).to_le_bytes());
            data.extend_from_slice(value);
            data.resize(padded(data.len()), 0);
            data_at = start + 2 + 12 * entries.len() + 4 + data.len();
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&data);
}
