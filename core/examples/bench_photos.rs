//! Pandu's side of `scripts/bench-photos`: runs the evidence pipeline (the same code `ingest`
//! runs, without the database and encryption) on each file given, on one thread, writes the
//! stored JPEG to OUT_DIR, and prints `file milliseconds output_bytes` per photo.
//! Usage: `bench_photos OUT_DIR FILE...`.

use std::path::PathBuf;
use std::time::Instant;

use pandu_core::evidence::{process_file, ProcessOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: bench_photos OUT_DIR FILE..."));
    let options = ProcessOptions::default();
    for file in args.map(PathBuf::from) {
        let start = Instant::now();
        let photo = process_file(&file, &options).expect("photo processed");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let name = file.file_name().expect("a file name");
        std::fs::write(out.join(name), &photo.jpeg).expect("write output");
        println!("{} {ms:.2} {}", file.display(), photo.jpeg.len());
    }
}
