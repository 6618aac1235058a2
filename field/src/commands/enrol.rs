//! `enrol`: sign the device in with a password (read from standard input, never a flag a process
//! list would show) or a one-time enrolment code.

use std::io::BufRead;

use clap::Args;
use pandu_core::sync::{self, Credential, SignIn};
use pandu_core::Text;

use crate::device::Device;
use crate::failure::Failure;

/// `enrol` options.
#[derive(Args)]
pub struct EnrolArgs {
    /// The office server, e.g. `http://127.0.0.1:8080`.
    #[arg(long)]
    server: String,
    /// The account's user name.
    #[arg(long)]
    username: String,
    /// A one-time enrolment code instead of the password.
    #[arg(long)]
    code: Option<String>,
    /// A name for this device, shown to the admin.
    #[arg(long, default_value = "pandu-field")]
    device_name: String,
}

/// Sign in and print the account.
pub fn run(device: &mut Device, args: EnrolArgs) -> Result<(), Failure> {
    let credential = match args.code {
        Some(code) => Credential::EnrolmentCode(code),
        None => Credential::Password(read_password()?),
    };
    let account = sync::sign_in(
        &mut device.store,
        &SignIn {
            server_url: args.server,
            username: args.username,
            credential,
            device_name: args.device_name,
        },
    )?;
    println!(
        "{} {} ({}) device {} {}",
        account.server_url,
        account.username,
        account.role,
        account.device_id,
        account.kelurahan.join(",")
    );
    Ok(())
}

fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Failure::local(Text::new(
            "Kata sandi dibaca dari baris pertama input standar; input kosong.",
            "The password is read from the first line of standard input; it was empty.",
        )));
    }
    Ok(password)
}
