//! The server's integration tests: the real binary on 127.0.0.1, real HTTP, every test on SQLite
//! and on PostgreSQL (`scripts/with-postgres`).

mod fixtures;
mod harness;

mod assistance;
mod audit;
mod changes;
mod cli;
mod complaints;
mod compression;
mod decisions;
mod devices;
mod exports;
mod funds;
mod media;
mod records;
mod referrals;
mod reports;
mod review;
mod review_admin;
mod roles;
mod web;
mod web_queue;
