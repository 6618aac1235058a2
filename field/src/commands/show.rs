//! Commands that show what the device holds: status, households, inbox, outbox and receipts.

use clap::Args;
use pandu_core::registry::{self, SearchQuery};
use pandu_core::screens::home;
use pandu_core::screens::office::{OutcomeRow, TaskRow};
use pandu_core::sync::{account, inbox, outbox};
use pandu_core::Lang;
use serde::Serialize;

use super::print_json;
use crate::device::Device;
use crate::failure::Failure;

/// Print JSON instead of text.
#[derive(Args)]
pub struct JsonFlag {
    /// One JSON value on standard output.
    #[arg(long)]
    json: bool,
}

/// `households` options.
#[derive(Args)]
pub struct HouseholdArgs {
    /// Name words of a member.
    #[arg(long)]
    name: Option<String>,
    /// Kemendagri kelurahan code.
    #[arg(long)]
    kelurahan: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

/// `inbox` options.
#[derive(Args)]
pub struct InboxArgs {
    /// `assignment`, `decision` or `form`.
    #[arg(long, default_value = "assignment")]
    kind: String,
}

/// What `status --json` prints.
#[derive(Serialize)]
struct Status {
    server_url: Option<String>,
    username: Option<String>,
    role: Option<String>,
    signed_in: bool,
    outbox: outbox::OutboxSummary,
    drafts: usize,
    tasks: Vec<TaskRow>,
    outcomes: Vec<OutcomeRow>,
}

/// Account, outbox counts, drafts, and the office's open tasks and outcomes.
pub fn status(device: &Device, args: JsonFlag, lang: Lang) -> Result<(), Failure> {
    let conn = device.store.reader();
    let account = account::current(conn)?;
    let home = home::home(&device.store)?;
    let status = Status {
        server_url: account.as_ref().map(|a| a.server_url.clone()),
        username: account.as_ref().map(|a| a.username.clone()),
        role: account.as_ref().map(|a| a.role.clone()),
        signed_in: account.as_ref().is_some_and(|a| a.token.is_some()),
        outbox: home.outbox,
        drafts: home.drafts.len(),
        tasks: home.tasks,
        outcomes: home.outcomes,
    };
    if args.json {
        return print_json(&status);
    }
    let (to_send, waiting, aside, sent) = match lang {
        Lang::Id => ("akan dikirim", "menunggu foto", "disisihkan", "terkirim"),
        Lang::En => ("to send", "waiting for photos", "set aside", "sent"),
    };
    println!(
        "{} {} · {to_send}: {} · {waiting}: {} · {aside}: {} · {sent}: {}",
        status.server_url.as_deref().unwrap_or("-"),
        status.username.as_deref().unwrap_or("-"),
        status.outbox.to_send,
        status.outbox.waiting_for_media,
        status.outbox.set_aside,
        status.outbox.sent
    );
    for task in &status.tasks {
        let family = task
            .household_name
            .as_deref()
            .or(task.household_id.as_deref());
        println!(
            "{}: {} {}",
            task.title.get(lang),
            family.unwrap_or("-"),
            task.note.as_deref().unwrap_or("")
        );
    }
    for outcome in &status.outcomes {
        println!("{}: {}", outcome.title.get(lang), outcome.record_id);
    }
    Ok(())
}

/// Households on the device, one line each: id, head, address.
pub fn households(device: &Device, args: HouseholdArgs) -> Result<(), Failure> {
    let query = SearchQuery {
        text: args.name,
        kelurahan_code: args.kelurahan,
        ..SearchQuery::default()
    };
    for hit in registry::search(device.store.reader(), &query, args.limit)? {
        println!(
            "{}\t{}\t{} RT {} RW {}\t{}",
            hit.household_id,
            hit.head_name.as_deref().unwrap_or("-"),
            hit.address,
            hit.rt,
            hit.rw,
            hit.kelurahan_code
        );
    }
    Ok(())
}

/// Inbox entries of one kind, as JSON lines.
pub fn inbox(device: &Device, args: InboxArgs) -> Result<(), Failure> {
    for entry in inbox::inbox(device.store.reader(), &args.kind)? {
        print_json(&entry)?;
    }
    Ok(())
}

/// Every outbox entry.
pub fn outbox(device: &Device, args: JsonFlag, lang: Lang) -> Result<(), Failure> {
    let entries = outbox::entries(device.store.reader())?;
    if args.json {
        return print_json(&entries);
    }
    for e in entries {
        let reasons: Vec<&str> = e.problems.iter().map(|p| p.text.get(lang)).collect();
        println!(
            "{}\t{}\t{:?}\t{}",
            e.record_id,
            e.kind,
            e.state,
            reasons.join("; ")
        );
    }
    Ok(())
}

/// The receipts kept.
pub fn receipts(device: &Device, args: JsonFlag) -> Result<(), Failure> {
    let receipts: Vec<_> = outbox::entries(device.store.reader())?
        .into_iter()
        .filter_map(|e| e.receipt)
        .collect();
    if args.json {
        return print_json(&receipts);
    }
    for r in receipts {
        println!(
            "{}\t{}\t{}\t{}",
            r.record_id,
            r.accepted_at,
            r.key_id,
            r.media.len()
        );
    }
    Ok(())
}
