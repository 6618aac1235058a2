//! The proxy in front of the real `pandu-server`: what a client sees under each fault, that a
//! lost answer still left the server's work done, and that a restarted server is reached again.

use ed25519_dalek::SigningKey;
use pandu_testkit::{Backend, Fault, FaultProxy, Server};

use crate::http::{assert_reset, exchange, request, status};

const PASSWORD: &str = "kata-sandi-uji";

fn keys() -> Vec<u8> {
    request("GET", "/api/v1/keys", "")
}

/// A device sign-in for `ani`, which creates a row in the server's `device` table.
fn sign_in() -> Vec<u8> {
    let key = SigningKey::from_bytes(&[7; 32]).verifying_key();
    let body = format!(
        r#"{{"username":"ani","password":"{PASSWORD}","device_name":"HP uji","public_key":"{}"}}"#,
        hex::encode(key.to_bytes())
    );
    request("POST", "/api/v1/devices", &body)
}

fn devices(server: &Server) -> usize {
    server.query("SELECT name FROM device").len()
}

#[test]
fn each_fault_shows_on_a_real_request() {
    let server = Server::start(Backend::Sqlite);
    let proxy = FaultProxy::start(server.addr());
    let whole = exchange(proxy.addr(), &keys()).unwrap();
    assert_eq!(status(&whole), 200);
    assert_eq!(proxy.bytes_down(), whole.len() as u64);
    proxy.fail_next(1, Fault::TruncateResponse(20));
    proxy.fail_next(1, Fault::Reset(0));
    proxy.fail_next(1, Fault::DropRequestAfter(10));
    assert_eq!(exchange(proxy.addr(), &keys()).unwrap(), &whole[..20]);
    assert_reset(&exchange(proxy.addr(), &keys()));
    let dropped = exchange(proxy.addr(), &keys());
    assert!(dropped.as_ref().map_or(true, Vec::is_empty), "{dropped:?}");
    assert_eq!(status(&exchange(proxy.addr(), &keys()).unwrap()), 200);
}

#[test]
fn a_lost_answer_leaves_the_server_work_done_and_a_dropped_request_none() {
    let server = Server::start(Backend::Sqlite);
    server.create_user("ani", "peksos", &["13.76.01.1002"], PASSWORD);
    let proxy = FaultProxy::start(server.addr());
    let sign_in = sign_in();
    proxy.fail_next(1, Fault::DropRequestAfter(sign_in.len() as u64 - 5));
    proxy.fail_next(1, Fault::LoseResponse);
    let dropped = exchange(proxy.addr(), &sign_in);
    assert!(dropped.as_ref().map_or(true, Vec::is_empty), "{dropped:?}");
    assert_eq!(devices(&server), 0, "a request cut short changes nothing");
    assert_eq!(exchange(proxy.addr(), &sign_in).unwrap(), b"");
    assert_eq!(devices(&server), 1, "the server signed the device in");
    assert_eq!(status(&exchange(proxy.addr(), &sign_in).unwrap()), 201);
}

#[test]
fn the_proxy_reaches_a_server_restarted_behind_it() {
    let mut server = Server::start(Backend::Sqlite);
    let proxy = FaultProxy::start(server.addr());
    server.kill();
    assert_reset(&exchange(proxy.addr(), &keys()));
    server.restart();
    assert_eq!(status(&exchange(proxy.addr(), &keys()).unwrap()), 200);
}
