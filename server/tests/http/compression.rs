//! Gzip bodies both ways: a compressed batch is taken in, a gzip bomb is refused by its
//! decompressed size without the server's memory growing, other encodings are refused with a code,
//! and JSON answers come compressed when the client asks for it.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;

use crate::fixtures::{batch, item, report};
use crate::harness::{on_both, Backend, Reply, Server, KEL_A};

/// `bytes` gzip-compressed.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

/// Post `body` bytes to the records endpoint with extra `headers`.
fn post(server: &Server, token: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
    server.raw(
        "POST",
        "/api/v1/records",
        Some(token),
        headers,
        Some(("application/json", body)),
    )
}

const GZIP_BODY: (&str, &str) = ("content-encoding", "gzip");

fn a_gzip_batch_is_taken_in(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let bodies = [report(None), report(None)];
    let items = bodies.iter().map(|b| item(&device, b, &[])).collect();
    let json = batch(items).to_string();
    let reply = post(&server, &device.token, &[GZIP_BODY], gzip(json.as_bytes()));
    assert_eq!(reply.status, 200, "{}", reply.json);
    assert_eq!(reply.header("x-pandu-protocol"), Some("1"));
    let results = reply.json["results"].as_array().unwrap();
    for (result, body) in results.iter().zip(&bodies) {
        assert_eq!(result["status"], "accepted", "{result}");
        assert_eq!(result["id"], body["id"]);
    }
    let upper = post(
        &server,
        &device.token,
        &[("content-encoding", "GZIP")],
        gzip(json.as_bytes()),
    );
    assert_eq!(upper.json["results"][0]["status"], "duplicate");
}

fn a_gzip_bomb_is_refused_by_its_decompressed_size(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let before = server.peak_memory_kib();
    let bomb = gzip(&vec![b' '; 64 * 1024 * 1024]);
    assert!(bomb.len() < 256 * 1024, "{} bytes", bomb.len());
    // On a bare connection: the server answers after reading only the first few kilobytes, and
    // a client still sending the rest would see the connection closed rather than the answer.
    let length = bomb.len().to_string();
    let headers = [GZIP_BODY, ("content-length", &length)];
    let reply = server.over_tcp("POST", "/api/v1/records", &device.token, &headers, &bomb);
    assert_eq!((reply.status, reply.code()), (413, "request.too_large"));
    assert_eq!(reply.header("x-pandu-protocol"), Some("1"));
    let grown = server.peak_memory_kib().saturating_sub(before);
    assert!(grown < 32 * 1024, "the server grew by {grown} KiB");
    let fine = post(
        &server,
        &device.token,
        &[],
        batch(vec![]).to_string().into_bytes(),
    );
    assert_eq!(fine.status, 200, "the server still answers");
}

fn other_encodings_and_broken_gzip_are_refused(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let body = report(None);
    let json = batch(vec![item(&device, &body, &[])]).to_string();
    for encoding in ["br", "deflate", "gzip, gzip", "zstd"] {
        let reply = post(
            &server,
            &device.token,
            &[("content-encoding", encoding)],
            json.clone().into_bytes(),
        );
        assert_eq!(
            (reply.status, reply.code()),
            (415, "request.unsupported_encoding"),
            "{encoding}"
        );
        assert_eq!(reply.header("x-pandu-protocol"), Some("1"));
        assert_eq!(reply.header("accept-encoding"), Some("gzip"));
        let message = &reply.json["message"];
        assert!(message["id"].is_string() && message["en"].is_string());
    }
    let mut cut = gzip(json.as_bytes());
    cut.truncate(cut.len() / 2);
    let reply = post(&server, &device.token, &[GZIP_BODY], cut);
    assert_eq!((reply.status, reply.code()), (400, "request.body"));
    let reply = post(&server, &device.token, &[GZIP_BODY], json.into_bytes());
    assert_eq!((reply.status, reply.code()), (400, "request.body"));
    let path = format!("/api/v1/records/{}", body["id"].as_str().unwrap());
    let read = server.send("GET", &path, Some(&device.token), None);
    assert_eq!(read.status, 404, "nothing was kept");
}

fn answers_are_compressed_when_asked(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("relawan", "volunteer", KEL_A);
    let items = (0..20).map(|_| item(&device, &report(None), &[])).collect();
    let json = batch(items).to_string().into_bytes();
    let reply = post(&server, &device.token, &[("accept-encoding", "gzip")], json);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(reply.header("x-pandu-protocol"), Some("1"));
    let mut text = String::new();
    GzDecoder::new(&reply.body[..])
        .read_to_string(&mut text)
        .expect("a gzip answer");
    let answer: Value = serde_json::from_str(&text).expect("JSON inside");
    assert_eq!(answer["results"].as_array().unwrap().len(), 20);
    assert!(reply.body.len() < text.len());
    let plain = server.send("GET", "/api/v1/openapi.json", None, None);
    assert_eq!(plain.header("content-encoding"), None, "only when asked");
    assert!(plain.json.is_object());
}

on_both!(
    a_gzip_batch_is_taken_in,
    a_gzip_bomb_is_refused_by_its_decompressed_size,
    other_encodings_and_broken_gzip_are_refused,
    answers_are_compressed_when_asked,
);
