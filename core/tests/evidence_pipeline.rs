//! The photo pipeline on its own: orientation, metadata stripping, EXIF reading, hash stability,
//! near-duplicate detection and every kind of bad input.

mod support;

use chrono::{FixedOffset, TimeZone};
use image::{imageops, Rgb, RgbImage};
use pandu_core::evidence::{
    hamming, process_bytes, process_file, PhotoError, ProcessOptions, NEAR_DUPLICATE_BITS,
};
use support::camera::{self, Exif};

fn options() -> ProcessOptions {
    ProcessOptions::default()
}

/// An upright picture no rotation or mirror maps onto itself: four coloured quadrants and a
/// bright bar near the top-left corner.
fn upright() -> RgbImage {
    RgbImage::from_fn(240, 160, |x, y| {
        if y < 20 && x < 80 {
            return Rgb([250, 250, 250]);
        }
        match (x < 120, y < 80) {
            (true, true) => Rgb([200, 40, 40]),
            (false, true) => Rgb([40, 180, 40]),
            (true, false) => Rgb([40, 40, 200]),
            (false, false) => Rgb([220, 200, 40]),
        }
    })
}

/// What a camera stores so that EXIF orientation `o` displays `img` upright.
fn stored_for(img: &RgbImage, o: u16) -> RgbImage {
    match o {
        2 => imageops::flip_horizontal(img),
        3 => imageops::rotate180(img),
        4 => imageops::flip_vertical(img),
        5 => imageops::flip_horizontal(&imageops::rotate90(img)),
        6 => imageops::rotate270(img),
        7 => imageops::flip_vertical(&imageops::rotate90(img)),
        8 => imageops::rotate90(img),
        _ => img.clone(),
    }
}

fn mean_abs_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory(jpeg).unwrap().into_rgb8()
}

#[test]
fn every_orientation_gives_the_same_upright_picture() {
    let original = upright();
    for o in 1..=8 {
        let exif = Exif {
            orientation: o,
            ..Exif::default()
        };
        let bytes = camera::with_exif(&camera::jpeg(&stored_for(&original, o), 95), &exif);
        let photo = process_bytes(&bytes, &options()).unwrap();
        let out = decode(&photo.jpeg);
        let diff = mean_abs_diff(&out, &original);
        assert!(diff < 4.0, "orientation {o}: mean difference {diff}");
        assert!(mean_abs_diff(&out, &imageops::flip_horizontal(&original)) > 40.0);
        assert_eq!(photo.params.orientation, o);
    }
}

#[test]
fn the_output_has_no_metadata_segment_at_all() {
    let bytes = support::camera_jpeg(3, 800, 600, Some((-0.227, 100.632)));
    assert!(
        support::header_markers(&bytes).contains(&0xE1),
        "the input has EXIF"
    );
    let photo = process_bytes(&bytes, &options()).unwrap();
    for jpeg in [&photo.jpeg, &photo.thumbnail] {
        let markers = support::header_markers(jpeg);
        let metadata: Vec<_> = markers
            .iter()
            .filter(|m| (0xE0..=0xEF).contains(*m) || **m == 0xFE)
            .collect();
        assert!(metadata.is_empty(), "metadata markers {metadata:x?}");
        assert!(!jpeg.windows(4).any(|w| w == b"Exif" || w == b"JFIF"));
    }
}

#[test]
fn gps_time_and_camera_are_read_from_exif() {
    let exif = Exif {
        datetime: "2026:03:14 10:15:30".into(),
        gps: Some((-0.2270, 100.6320)),
        ..Exif::default()
    };
    let bytes = camera::with_exif(&camera::jpeg(&upright(), 90), &exif);
    let meta = process_bytes(&bytes, &options()).unwrap().meta;
    let wib = FixedOffset::east_opt(7 * 3600).unwrap();
    let expected = wib.with_ymd_and_hms(2026, 3, 14, 10, 15, 30).unwrap();
    assert_eq!(meta.captured_at, Some(expected));
    let position = meta.position.unwrap();
    assert!((position.lat + 0.2270).abs() < 1e-6, "{position:?}");
    assert!((position.lon - 100.6320).abs() < 1e-6, "{position:?}");
    assert_eq!(meta.camera.as_deref(), Some("samsung SM-A135F"));
}

#[test]
fn a_capture_time_without_offset_uses_the_fallback() {
    let exif = Exif {
        datetime: "2026:03:14 10:15:30".into(),
        offset: None,
        gps: None,
        ..Exif::default()
    };
    let bytes = camera::with_exif(&camera::jpeg(&upright(), 90), &exif);
    let utc8 = FixedOffset::east_opt(8 * 3600).unwrap();
    let opts = ProcessOptions {
        fallback_offset: utc8,
        ..options()
    };
    let meta = process_bytes(&bytes, &opts).unwrap().meta;
    assert_eq!(
        meta.captured_at,
        utc8.with_ymd_and_hms(2026, 3, 14, 10, 15, 30).single()
    );
    assert_eq!(meta.position, None);
}

#[test]
fn large_photos_are_scaled_to_the_limit_in_the_dct_and_hashes_are_stable() {
    let bytes = support::camera_jpeg(5, 4000, 3000, None);
    let a = process_bytes(&bytes, &options()).unwrap();
    let b = process_bytes(&bytes, &options()).unwrap();
    assert_eq!(a.jpeg, b.jpeg);
    assert_eq!(a.phash, b.phash);
    assert_eq!(a.params.size, (1600, 1200));
    assert_eq!(a.params.decode_scale, 2);
    assert!(a.jpeg.len() <= 250 * 1024, "{} bytes", a.jpeg.len());
    let thumb = decode(&a.thumbnail);
    assert_eq!(thumb.dimensions(), (256, 192));
    let small = ProcessOptions {
        max_long_side: 640,
        ..options()
    };
    let c = process_bytes(&bytes, &small).unwrap();
    assert_eq!((c.params.size, c.params.decode_scale), ((640, 480), 4));
}

/// The same room re-compressed at low quality and cropped by 4% on every side.
fn recompressed_and_cropped(seed: u64) -> Vec<u8> {
    let scene = camera::scene(seed, 1600, 1200);
    let cropped = imageops::crop_imm(&scene, 64, 48, 1600 - 128, 1200 - 96).to_image();
    camera::jpeg(&cropped, 60)
}

#[test]
fn a_recompressed_cropped_copy_is_near_but_other_rooms_are_not() {
    let hash = |bytes: &[u8]| process_bytes(bytes, &options()).unwrap().phash;
    let rooms: Vec<u64> = (0..10)
        .map(|seed| hash(&camera::jpeg(&camera::scene(seed, 1600, 1200), 90)))
        .collect();
    for (seed, room) in rooms.iter().enumerate() {
        let copy = hash(&recompressed_and_cropped(seed as u64));
        let bits = hamming(*room, copy);
        assert!(
            bits <= NEAR_DUPLICATE_BITS,
            "room {seed}: copy differs by {bits} bits"
        );
    }
    for (i, a) in rooms.iter().enumerate() {
        for (j, b) in rooms.iter().enumerate().skip(i + 1) {
            let bits = hamming(*a, *b);
            assert!(
                bits > NEAR_DUPLICATE_BITS,
                "rooms {i} and {j} differ by only {bits} bits"
            );
        }
    }
}

#[test]
fn png_is_accepted() {
    let mut png = Vec::new();
    upright()
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let photo = process_bytes(&png, &options()).unwrap();
    assert_eq!(photo.params.source_format, "png");
    assert!(mean_abs_diff(&decode(&photo.jpeg), &upright()) < 4.0);
}

fn refused(bytes: &[u8]) -> PhotoError {
    process_bytes(bytes, &options()).unwrap_err()
}

#[test]
fn bad_bytes_are_refused_with_typed_errors() {
    assert_eq!(refused(b""), PhotoError::NotAnImage);
    assert_eq!(
        refused(b"this is a text file, not a photo"),
        PhotoError::NotAnImage
    );
    let jpeg = camera::jpeg(&camera::scene(1, 640, 480), 90);
    assert!(matches!(
        refused(&jpeg[..jpeg.len() / 2]),
        PhotoError::Corrupt(_)
    ));
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.resize(4096, 0);
    assert_eq!(refused(&heic), PhotoError::Heic);
}

#[test]
fn huge_headers_are_refused_before_decoding() {
    let mut jpeg = camera::jpeg(&upright(), 90);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0x27, 0x10, 0x27, 0x10]); // 10000 × 10000
    assert_eq!(
        refused(&jpeg),
        PhotoError::TooManyPixels {
            width: 10_000,
            height: 10_000
        }
    );
    assert_eq!(
        refused(&png_claiming(20_000, 20_000)),
        PhotoError::TooManyPixels {
            width: 20_000,
            height: 20_000
        }
    );
}

/// A PNG whose valid IHDR claims `width × height`, followed by an empty IDAT and IEND.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr[..]), (b"IDAT", &[]), (b"IEND", &[])] {
        let body = [kind.as_slice(), data].concat();
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn bad_files_are_refused_with_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    assert_eq!(
        process_file(&at("missing.jpg"), &options()).unwrap_err(),
        PhotoError::Missing
    );
    std::fs::write(at("empty.jpg"), b"").unwrap();
    assert_eq!(
        process_file(&at("empty.jpg"), &options()).unwrap_err(),
        PhotoError::Empty
    );
    assert_eq!(
        process_file(dir.path(), &options()).unwrap_err(),
        PhotoError::NotAFile
    );
    let fifo = at("fifo.jpg");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    assert_eq!(
        process_file(&fifo, &options()).unwrap_err(),
        PhotoError::NotAFile
    );
    let big = std::fs::File::create(at("big.jpg")).unwrap();
    big.set_len(pandu_core::evidence::MAX_FILE_BYTES + 1)
        .unwrap();
    assert!(matches!(
        process_file(&at("big.jpg"), &options()).unwrap_err(),
        PhotoError::TooLarge { .. }
    ));
}

#[test]
fn every_refusal_speaks_both_languages() {
    let errors = [
        PhotoError::Missing,
        PhotoError::NotAFile,
        PhotoError::Empty,
        PhotoError::TooLarge { bytes: 1 },
        PhotoError::TooManyPixels {
            width: 1,
            height: 1,
        },
        PhotoError::Heic,
        PhotoError::NotAnImage,
        PhotoError::Corrupt(String::new()),
        PhotoError::Vanished,
        PhotoError::Processing(String::new()),
    ];
    for e in errors {
        let text = e.text();
        assert!(!text.is_incomplete() && text.id != text.en, "{e:?}");
        assert!(e.code().starts_with("photo."));
    }
    assert!(PhotoError::Heic.text().en.contains("JPEG"));
}

#[test]
fn odd_sizes_survive_every_step() {
    for (w, h) in [(641, 481), (481, 641), (1, 1), (3, 2)] {
        let bytes = camera::jpeg(&camera::scene(4, w, h), 90);
        let photo = process_bytes(&bytes, &options()).unwrap();
        assert_eq!(decode(&photo.jpeg).dimensions(), (w, h));
        let odd = ProcessOptions {
            max_long_side: 333,
            ..options()
        };
        let scaled = decode(&process_bytes(&bytes, &odd).unwrap().jpeg);
        assert_eq!(scaled.width().max(scaled.height()), 333.min(w.max(h)));
    }
}

/// Compress raw `pixels` of `format` with libjpeg-turbo.
fn turbo(
    pixels: &[u8],
    w: usize,
    h: usize,
    format: turbojpeg::PixelFormat,
    subsamp: turbojpeg::Subsamp,
) -> Vec<u8> {
    let image = turbojpeg::Image {
        pixels,
        width: w,
        pitch: w * format.size(),
        height: h,
        format,
    };
    turbojpeg::compress(image, 90, subsamp).unwrap().to_vec()
}

#[test]
fn greyscale_and_cmyk_jpegs_are_accepted() {
    let grey = image::DynamicImage::ImageRgb8(upright()).into_luma8();
    let jpeg = turbo(
        grey.as_raw(),
        240,
        160,
        turbojpeg::PixelFormat::GRAY,
        turbojpeg::Subsamp::Gray,
    );
    let photo = process_bytes(&jpeg, &options()).unwrap();
    let out = image::load_from_memory(&photo.jpeg).unwrap();
    assert_eq!(out.color(), image::ColorType::L8);
    assert_eq!((out.width(), out.height()), (240, 160));

    let cmyk: Vec<u8> = upright()
        .pixels()
        .flat_map(|p| [255 - p[0], 255 - p[1], 255 - p[2], 0])
        .collect();
    let jpeg = turbo(
        &cmyk,
        240,
        160,
        turbojpeg::PixelFormat::CMYK,
        turbojpeg::Subsamp::None,
    );
    let photo = process_bytes(&jpeg, &options()).unwrap();
    assert_eq!(decode(&photo.jpeg).dimensions(), (240, 160));
}
