//! Writes a synthetic PPLS registry CSV for trying the office server by hand or seeding browser
//! tests: `make_registry OUT.csv [HOUSEHOLDS] [SEED]` (defaults 12 and 7), with the core's own
//! generator, so the file has the format `pandu-server import-registry` reads.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .expect("usage: make_registry OUT.csv [HOUSEHOLDS] [SEED]");
    let households = args.get(1).map_or(12, |a| a.parse().expect("a number"));
    let seed = args.get(2).map_or(7, |a| a.parse().expect("a number"));
    let file = std::fs::File::create(out).expect("the output file");
    pandu_core::registry::write_synthetic_registry(std::io::BufWriter::new(file), households, seed)
        .expect("writing the registry");
}
