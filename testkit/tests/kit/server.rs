//! The server handle on both databases: start, subcommands, database reads, kill and restart on
//! the same port with the data kept.

use std::net::TcpStream;

use pandu_testkit::{Backend, Server};

use crate::http::{exchange, request, status};

fn keys_status(server: &Server) -> u16 {
    status(&exchange(server.addr(), &request("GET", "/api/v1/keys", "")).unwrap())
}

fn usernames(server: &Server) -> Vec<Vec<String>> {
    server.query("SELECT username FROM app_user ORDER BY username")
}

fn start_kill_and_restart(backend: Backend) {
    let mut server = Server::start(backend);
    assert_eq!(
        server.url(),
        format!("http://{}", server.addr()),
        "{backend:?}"
    );
    assert_eq!(keys_status(&server), 200);
    server.create_user(
        "ani",
        "peksos",
        &["13.76.01.1002", "13.76.05.1001"],
        "rahasia-panjang",
    );
    server.create_user("admin", "admin", &["all"], "rahasia-panjang");
    assert_eq!(usernames(&server), [["admin"], ["ani"]]);
    assert_eq!((server.record_count(), server.record_ids()), (0, vec![]));
    let (ok, out) = server.cli(&["migrate"], "");
    assert!(ok && out.contains("0 migrations applied"), "{out}");

    let url = server.url().to_owned();
    server.kill();
    assert!(TcpStream::connect(server.addr()).is_err(), "killed");
    assert_eq!(usernames(&server).len(), 2, "readable after a kill");
    server.restart();
    assert_eq!(server.url(), url, "the same port");
    assert_eq!(keys_status(&server), 200);
    assert_eq!(usernames(&server).len(), 2, "the data kept");
}

#[test]
fn start_kill_and_restart_on_sqlite() {
    start_kill_and_restart(Backend::Sqlite);
}

#[test]
fn start_kill_and_restart_on_postgres() {
    if Backend::Postgres.available() {
        start_kill_and_restart(Backend::Postgres);
    }
}

#[test]
fn photos_are_looked_for_where_the_server_keeps_them() {
    let server = Server::start(Backend::Sqlite);
    let sha256 = "ab".repeat(32);
    assert_eq!(
        server.media_path(&sha256),
        server.data_dir().join("media").join("ab").join(&sha256)
    );
    assert_eq!(server.database_url(), None);
}
