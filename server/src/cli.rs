//! The command line: global options (data folder, database URL, listen address, each also an
//! environment variable) and the subcommands.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::model::Role;

/// Pandu office server.
#[derive(Parser)]
#[command(
    version,
    about = "Pandu office server: accounts, devices and the offline-sync API"
)]
pub struct Cli {
    /// Folder for the SQLite database and the photos.
    #[arg(
        long,
        env = "PANDU_DATA_DIR",
        default_value = "pandu-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// PostgreSQL URL (postgres://…); without it the SQLite file in the data folder is used.
    #[arg(long, env = "PANDU_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(
        long,
        env = "PANDU_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,
    /// Mark the office pages' cookies `Secure` (set this when users reach the server by HTTPS).
    #[arg(long, env = "PANDU_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,
    /// A JSON file of amount ranges per kind of help, replacing the built-in ones (see
    /// server/README.md, "Assistance and the partner fund ledger").
    #[arg(long, env = "PANDU_SERVICES_CONFIG", global = true)]
    pub services_config: Option<PathBuf>,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create an account.
    CreateUser {
        /// Sign-in name.
        #[arg(long)]
        username: String,
        /// volunteer, peksos, supervisor or admin.
        #[arg(long)]
        role: Role,
        /// Kelurahan codes (Kemendagri, e.g. 13.76.01.1001), comma-separated; `all` for every one.
        #[arg(long, value_delimiter = ',')]
        kelurahan: Vec<String>,
        /// Password; when absent it is read from the first line of standard input.
        #[arg(long)]
        password: Option<String>,
    },
    /// Make a new receipt signing key; old public keys are kept so old receipts still verify.
    RotateKeys,
    /// Make a one-time enrolment code (valid 24 h) for a user's new device and print it.
    EnrolmentCode {
        /// The account's sign-in name.
        #[arg(long)]
        username: String,
    },
    /// Revoke a device: its token is refused from its next request on.
    RevokeDevice {
        /// The device's id (printed at sign-in, and in the audit log).
        device_id: i64,
    },
    /// Check a card's or letter's QR code: signature and dates, and revocation from the database.
    /// Exits 0 only when the document is valid today.
    Verify {
        /// The code the QR carries (`PANDU1.…`).
        payload: String,
        /// Check offline with this public key (hex, as listed by `/api/v1/keys` or printed),
        /// without the database; revocation is then not known.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Import the PPLS registry CSV and publish its households to the devices of their kelurahan.
    ImportRegistry {
        /// The registry CSV file (format: pandu-core's `registry` module).
        file: PathBuf,
    },
    /// Write the 2015 demonstration data set (438 families, Rp 107,350,124 paid out, partner
    /// money in and the reported balance) into a database that does not hold it yet.
    SeedDemo,
}
