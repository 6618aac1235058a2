//! Photo upload: idempotent whole uploads, checks of name, hash, type and size, resumable chunks.

use crate::fixtures::jpeg;
use crate::harness::{on_both, Backend, Server, KEL_A};

fn put(
    server: &Server,
    token: &str,
    hash: &str,
    bytes: Vec<u8>,
    headers: &[(&str, &str)],
) -> crate::harness::Reply {
    let path = format!("/api/v1/media/{hash}");
    server.raw(
        "PUT",
        &path,
        Some(token),
        headers,
        Some(("image/jpeg", bytes)),
    )
}

fn whole_uploads_are_idempotent_and_head_tells_presence(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("ani", "peksos", KEL_A);
    let (bytes, hash) = jpeg("foto-1");
    let path = format!("/api/v1/media/{hash}");
    let absent = server.raw("HEAD", &path, Some(&device.token), &[], None);
    assert_eq!(
        (absent.status, absent.header("x-pandu-received")),
        (404, Some("0"))
    );
    assert_eq!(
        put(&server, &device.token, &hash, bytes.clone(), &[]).status,
        201
    );
    assert_eq!(
        put(&server, &device.token, &hash, bytes.clone(), &[]).status,
        200
    );
    assert_eq!(std::fs::read(server.media_path(&hash)).unwrap(), bytes);
    let present = server.raw("HEAD", &path, Some(&device.token), &[], None);
    assert_eq!(
        (present.status, present.header("x-pandu-protocol")),
        (204, Some("1"))
    );
}

fn bad_photos_are_refused_with_codes(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("ani", "peksos", KEL_A);
    let (bytes, hash) = jpeg("foto-2");
    let (_, other) = jpeg("lain");
    let reply = put(&server, &device.token, &other, bytes, &[]);
    assert_eq!((reply.status, reply.code()), (400, "media.hash_mismatch"));
    let text = b"<html>login</html>".to_vec();
    let text_hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&text));
    let reply = put(&server, &device.token, &text_hash, text, &[]);
    assert_eq!((reply.status, reply.code()), (415, "media.not_jpeg"));
    let path = format!("/api/v1/media/{hash}");
    let reply = server.oversized("PUT", &path, &device.token, 8 * 1024 * 1024 + 10);
    assert_eq!((reply.status, reply.code()), (413, "request.too_large"));
    let mixed_case = format!("{}{}", &hash[..32].to_uppercase(), &hash[32..]);
    let names = [
        "abc",
        &hash.to_uppercase(),
        &mixed_case,
        &hash[1..],
        &format!("{hash}0"),
        "..",
        "%2e%2e",
        "%2E%2E",
        "..%2f..%2fetc%2fpasswd",
        "..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%5c%2e%2e%5cwindows",
        &format!("{}%2F{}", &hash[..2], hash),
        &format!("{hash}%00"),
    ];
    for name in names {
        let reply = put(&server, &device.token, name, b"x".to_vec(), &[]);
        assert_eq!(
            (reply.status, reply.code()),
            (400, "media.bad_name"),
            "PUT {name}"
        );
        let path = format!("/api/v1/media/{name}");
        let reply = server.raw("HEAD", &path, Some(&device.token), &[], None);
        assert_eq!(reply.status, 400, "HEAD {name}");
    }
    for path in ["/api/v1/media/../../etc/passwd", "/api/v1/media/ab/cd"] {
        let reply = server.raw("PUT", path, Some(&device.token), &[], None);
        assert_eq!(
            (reply.status, reply.code()),
            (404, "route.unknown"),
            "{path}"
        );
    }
    assert_eq!(
        server
            .raw("HEAD", &path, Some(&device.token), &[], None)
            .status,
        404
    );
}

fn chunked_uploads_resume_after_a_cut(backend: Backend) {
    let server = Server::start(backend);
    let device = server.account("ani", "peksos", KEL_A);
    let (bytes, hash) = jpeg(&"besar".repeat(100));
    let total = bytes.len();
    let range = |a: usize, b: usize| format!("bytes {a}-{}/{total}", b - 1);
    let first = put(
        &server,
        &device.token,
        &hash,
        bytes[..100].to_vec(),
        &[("content-range", &range(0, 100))],
    );
    assert_eq!(
        (first.status, first.header("x-pandu-received")),
        (202, Some("100"))
    );
    let path = format!("/api/v1/media/{hash}");
    let head = server.raw("HEAD", &path, Some(&device.token), &[], None);
    assert_eq!(
        (head.status, head.header("x-pandu-received")),
        (404, Some("100"))
    );
    let wrong = put(
        &server,
        &device.token,
        &hash,
        bytes[50..].to_vec(),
        &[("content-range", &range(50, total))],
    );
    assert_eq!(
        (wrong.status, wrong.code(), wrong.header("x-pandu-received")),
        (409, "media.range_mismatch", Some("100"))
    );
    let bad = put(
        &server,
        &device.token,
        &hash,
        bytes[100..].to_vec(),
        &[("content-range", "bytes 100-5/3")],
    );
    assert_eq!((bad.status, bad.code()), (400, "media.bad_range"));
    let last = put(
        &server,
        &device.token,
        &hash,
        bytes[100..].to_vec(),
        &[("content-range", &range(100, total))],
    );
    assert_eq!(last.status, 201, "{}", last.json);
    assert_eq!(
        server
            .raw("HEAD", &path, Some(&device.token), &[], None)
            .status,
        204
    );
}

on_both!(
    whole_uploads_are_idempotent_and_head_tells_presence,
    bad_photos_are_refused_with_codes,
    chunked_uploads_resume_after_a_cut,
);
