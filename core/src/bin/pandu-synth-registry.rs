//! Writes a made-up PPLS registry file to standard output, for tests, benchmarks and demos:
//! `pandu-synth-registry --households N --seed S > registry.csv`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use pandu_core::registry::write_synthetic_registry;
use pandu_core::Text;

fn main() -> ExitCode {
    let Some((households, seed)) = parse_args(std::env::args().skip(1)) else {
        let usage = Text::new(
            "Pakai: pandu-synth-registry --households N --seed S > berkas.csv",
            "Usage: pandu-synth-registry --households N --seed S > file.csv",
        );
        eprintln!("{}\n{}", usage.id, usage.en);
        return ExitCode::from(2);
    };
    match write(households, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Gagal menulis / could not write: {error}");
            ExitCode::FAILURE
        }
    }
}

fn write(households: usize, seed: u64) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    write_synthetic_registry(&mut out, households, seed)?;
    out.flush()
}

/// `--households N --seed S`, in either order; `None` when anything else is given.
fn parse_args(mut args: impl Iterator<Item = String>) -> Option<(usize, u64)> {
    let (mut households, mut seed) = (None, None);
    while let Some(flag) = args.next() {
        let value = args.next()?;
        match flag.as_str() {
            "--households" => households = Some(value.parse().ok()?),
            "--seed" => seed = Some(value.parse().ok()?),
            _ => return None,
        }
    }
    Some((households?, seed?))
}
