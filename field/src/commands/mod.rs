//! The commands of `pandu-field`, one module per kind of work: signing in, field work (visits and
//! reports), syncing, and showing what the device holds.

mod enrol;
mod show;
mod sync;
mod work;

use std::path::Path;

use clap::Subcommand;
use pandu_core::Lang;

use crate::device::Device;
use crate::failure::Failure;

/// What to do.
#[derive(Subcommand)]
pub enum Command {
    /// Sign this device in to an office server (password on standard input, or an enrolment code).
    Enrol(enrol::EnrolArgs),
    /// The account, the outbox counts and the last sync.
    Status(show::JsonFlag),
    /// Households on the device (from the office's registry or created in the field).
    Households(show::HouseholdArgs),
    /// Assignments, decisions and form versions received from the office.
    Inbox(show::InboxArgs),
    /// Run a home visit from an answers file and photo files; prints the record id.
    Visit(work::VisitArgs),
    /// Send an RT/RW report from an answers file; prints the record id.
    Report(work::ReportArgs),
    /// Sync with the office: pull changes, send records, send photos, keep receipts.
    Sync(sync::SyncArgs),
    /// Every record in the outbox and what became of it.
    Outbox(show::JsonFlag),
    /// The office's receipts kept on the device.
    Receipts(show::JsonFlag),
}

/// Run `command` on the device in `home`.
pub fn run(home: &Path, command: Command, lang: Lang) -> Result<(), Failure> {
    let mut device = Device::open(home)?;
    match command {
        Command::Enrol(args) => enrol::run(&mut device, args),
        Command::Status(args) => show::status(&device, args, lang),
        Command::Households(args) => show::households(&device, args),
        Command::Inbox(args) => show::inbox(&device, args),
        Command::Visit(args) => work::visit(&mut device, args),
        Command::Report(args) => work::report(&mut device, args),
        Command::Sync(args) => sync::run(&mut device, args, lang),
        Command::Outbox(args) => show::outbox(&device, args, lang),
        Command::Receipts(args) => show::receipts(&device, args),
    }
}

/// Print `value` as one line of JSON.
fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let line =
        serde_json::to_string(value).map_err(|e| pandu_core::Error::Corrupt(e.to_string()))?;
    println!("{line}");
    Ok(())
}
