//! HTTP/1.1 exchanges written by hand on a fresh TCP connection, so a test sees exactly what
//! arrives — every byte, the orderly end or the reset — with nothing retried or pooled.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A request for `path` with a JSON `body` (may be empty) that asks the server to close after
/// answering.
pub fn request(method: &str, path: &str, body: &str) -> Vec<u8> {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: pandu.test\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Send `request` on a new connection to `addr`, then read until the other side closes: every
/// byte received, or the error that ended the exchange.
pub fn exchange(addr: SocketAddr, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(request)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(answer)
}

/// The status code of a complete answer.
pub fn status(answer: &[u8]) -> u16 {
    let text = String::from_utf8_lossy(answer);
    let code = text.split_whitespace().nth(1).and_then(|s| s.parse().ok());
    code.unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"))
}

/// Assert that `result` ended with a TCP reset.
pub fn assert_reset(result: &std::io::Result<Vec<u8>>) {
    let kind = result.as_ref().err().map(std::io::Error::kind);
    assert_eq!(
        kind,
        Some(std::io::ErrorKind::ConnectionReset),
        "{result:?}"
    );
}
