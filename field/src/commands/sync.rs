//! `sync`: one sync run with a progress bar, ending with what was done (as text, or one JSON
//! object with `--json`) and an exit code that says whether to run it again.

use clap::Args;
use pandu_core::sync::{self, Cancel, Network, SyncOptions};
use pandu_core::Lang;

use super::print_json;
use crate::device::Device;
use crate::failure::Failure;
use crate::progress::Bar;

/// `sync` options.
#[derive(Args)]
pub struct SyncArgs {
    /// The device is on mobile data: photos wait for Wi-Fi unless `--media-on-metered`.
    #[arg(long)]
    metered: bool,
    /// Send photos on mobile data too.
    #[arg(long)]
    media_on_metered: bool,
    /// Records per batch (1–500).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u16).range(1..=500))]
    batch_size: u16,
    /// Tries per request before the run stops (1 or more).
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..))]
    attempts: u32,
    /// Bytes per photo chunk (a cut upload resumes at the last whole chunk).
    #[arg(long, default_value_t = 256 * 1024, value_parser = clap::value_parser!(u32).range(1024..))]
    chunk_bytes: u32,
    /// Print progress and the result as JSON lines.
    #[arg(long)]
    json: bool,
}

/// Run one sync.
pub fn run(device: &mut Device, args: SyncArgs, lang: Lang) -> Result<(), Failure> {
    let mut options = SyncOptions {
        network: if args.metered {
            Network::Metered
        } else {
            Network::Unmetered
        },
        media_on_metered: args.media_on_metered,
        batch_size: args.batch_size.into(),
        chunk_bytes: args.chunk_bytes as usize,
        ..SyncOptions::default()
    };
    options.retry.attempts = args.attempts;
    let bar = Bar::new(lang, args.json);
    let photos = sync::PhotoFolder {
        key: &device.key,
        dir: &device.evidence_dir,
    };
    let cancel = cancel_on_interrupt();
    let report = sync::sync(&mut device.store, &photos, &options, &bar, &cancel);
    if args.json {
        print_json(&report)?;
    } else {
        print_report(&report, lang);
    }
    match report.stopped {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// A cancel switch flipped by Ctrl-C or SIGTERM, so the run stops at its next safe point with
/// everything so far kept (a second Ctrl-C quits at once).
fn cancel_on_interrupt() -> Cancel {
    let cancel = Cancel::new();
    let switch = cancel.clone();
    let installed = ctrlc::set_handler(move || {
        if switch.is_cancelled() {
            std::process::exit(130);
        }
        switch.cancel();
    });
    if let Err(e) = installed {
        eprintln!("(Ctrl-C will not cancel cleanly: {e})");
    }
    cancel
}

fn print_report(report: &sync::SyncReport, lang: Lang) {
    let words = match lang {
        Lang::Id => [
            "diterima",
            "terkirim",
            "menunggu foto",
            "disisihkan",
            "foto terkirim",
        ],
        Lang::En => [
            "pulled",
            "sent",
            "waiting for photos",
            "set aside",
            "photos sent",
        ],
    };
    println!(
        "{}: {} · {}: {} · {}: {} · {}: {} · {}: {} ({} KB)",
        words[0],
        report.pulled,
        words[1],
        report.sent,
        words[2],
        report.waiting_for_media,
        words[3],
        report.set_aside,
        words[4],
        report.photos_sent,
        report.photo_bytes / 1024
    );
}
