//! `pandu-server`: the office server. Without a subcommand it serves with zero set-up (SQLite and
//! photos under `./pandu-data`, 127.0.0.1:8080); the subcommands prepare the database, accounts
//! and receipt keys.

mod accounts;
mod api;
mod assistance;
mod casework;
mod cli;
mod commands;
mod decision;
mod document;
mod enrolment;
mod error;
mod export;
mod ingest;
mod ledger;
mod media;
mod model;
mod password;
mod ratelimit;
mod receipt;
mod registry_import;
mod reports;
mod review;
mod rupiah;
mod scope;
mod secret;
mod seed_demo;
mod services;
mod store;
mod web;

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{} / {}", message.id, message.en);
            std::process::ExitCode::FAILURE
        }
    }
}
