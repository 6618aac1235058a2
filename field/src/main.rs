//! `pandu-field`: a Pandu device on the command line. It drives the core exactly as a phone shell
//! does — sign in, list assignments and households, run a visit from an answers file and photo
//! files, send an RT/RW report, sync with a progress bar, show the outbox and receipts. The fault
//! tests use it as the real device process; trainers use it to show the whole loop on a laptop.

mod commands;
mod device;
mod failure;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pandu_core::Lang;

/// A Pandu device on the command line.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The device's folder (encrypted store, photos, store key).
    #[arg(
        long,
        env = "PANDU_FIELD_HOME",
        default_value = "pandu-field-data",
        global = true
    )]
    home: PathBuf,
    /// Language of messages: `id` (Bahasa Indonesia) or `en`.
    #[arg(
        long,
        env = "PANDU_LANG",
        value_enum,
        default_value = "id",
        global = true
    )]
    lang: LangArg,
    #[command(subcommand)]
    command: commands::Command,
}

/// The languages of messages.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Id => Lang::Id,
        LangArg::En => Lang::En,
    };
    match commands::run(&cli.home, cli.command, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.text.get(lang));
            if let Some(detail) = &failure.detail {
                eprintln!("  ({detail})");
            }
            ExitCode::from(failure.exit_code)
        }
    }
}
