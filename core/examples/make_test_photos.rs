//! Writes the benchmark's photo set: `make_test_photos OUT_DIR [COUNT] [WIDTH] [HEIGHT]` makes
//! COUNT (default 12) deterministic 4000×3000 room-like JPEGs at quality 92 with EXIF orientation
//! (cycling 1–8), capture time and GPS around Payakumbuh, like a phone camera's output.

#[path = "../tests/support/camera.rs"]
mod camera;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(
        args.first()
            .expect("usage: make_test_photos OUT_DIR [COUNT] [W] [H]"),
    );
    let arg = |i: usize, default: u32| {
        args.get(i)
            .map_or(default, |a| a.parse().expect("a number"))
    };
    let (count, width, height) = (arg(1, 12), arg(2, 4000), arg(3, 3000));
    std::fs::create_dir_all(&out).expect("output folder");
    for i in 0..count {
        let exif = camera::Exif {
            orientation: (i % 8 + 1) as u16,
            datetime: format!("2026:03:14 10:{:02}:00", i % 60),
            gps: Some((
                -0.2270 + f64::from(i) * 0.0001,
                100.6320 + f64::from(i) * 0.0001,
            )),
            ..camera::Exif::default()
        };
        let scene = camera::scene(u64::from(i), width, height);
        let bytes = camera::with_exif(&camera::jpeg(&scene, 92), &exif);
        let path = out.join(format!("photo-{i:02}.jpg"));
        std::fs::write(&path, bytes).expect("write photo");
        println!("{}", path.display());
    }
}
