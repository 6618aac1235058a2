//! Each fault of the proxy, byte for byte, in front of a recording server that answers a known
//! request with a known answer and reports what reached it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pandu_testkit::{Fault, FaultProxy};

use crate::http::{assert_reset, exchange};

/// The request every test sends (100 bytes).
const REQUEST: &[u8] = &[b'q'; 100];
/// The recording server's answer to a whole request (60 bytes).
const ANSWER: &[u8] = &[b'a'; 60];
/// Long enough for a connection the recorder never saw.
const NOTHING_CAME: Duration = Duration::from_millis(300);

/// A server that reads up to a whole [`REQUEST`], answers [`ANSWER`] if it all came, then
/// reports what it read.
struct Recorder {
    addr: SocketAddr,
    received: mpsc::Receiver<Vec<u8>>,
}

impl Recorder {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (report, received) = mpsc::channel();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().map_while(Result::ok) {
                let mut got = Vec::new();
                let _ = (&mut stream)
                    .take(REQUEST.len() as u64)
                    .read_to_end(&mut got);
                if got == REQUEST {
                    let _ = stream.write_all(ANSWER);
                }
                if report.send(got).is_err() {
                    return;
                }
            }
        });
        Self { addr, received }
    }

    /// What reached the server on the next connection it saw.
    fn next(&self) -> Vec<u8> {
        self.received
            .recv_timeout(Duration::from_secs(10))
            .expect("the server saw a connection")
    }

    /// True when no connection reached the server.
    fn saw_nothing(&self) -> bool {
        self.received.recv_timeout(NOTHING_CAME).is_err()
    }
}

fn proxy_with(fault: Fault) -> (Recorder, FaultProxy) {
    let recorder = Recorder::start();
    let proxy = FaultProxy::start(recorder.addr);
    proxy.fail_next(1, fault);
    (recorder, proxy)
}

#[test]
fn pass_forwards_everything_and_counts_it() {
    let (recorder, proxy) = proxy_with(Fault::Pass);
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), ANSWER);
    assert_eq!(recorder.next(), REQUEST);
    assert_eq!(
        (proxy.connections(), proxy.faults_injected()),
        (1, 0),
        "Pass is no fault"
    );
    assert_eq!((proxy.bytes_up(), proxy.bytes_down()), (100, 60));
    proxy.reset_counters();
    assert_eq!(
        [proxy.connections(), proxy.bytes_up(), proxy.bytes_down()],
        [0; 3]
    );
}

#[test]
fn delay_slows_each_chunk_and_changes_nothing_else() {
    let (recorder, proxy) = proxy_with(Fault::Delay(Duration::from_millis(150)));
    let started = Instant::now();
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), ANSWER);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "one delayed chunk each way"
    );
    assert_eq!(recorder.next(), REQUEST);
}

#[test]
fn drop_request_after_cuts_the_request_and_nothing_answers() {
    let (recorder, proxy) = proxy_with(Fault::DropRequestAfter(40));
    let answer = exchange(proxy.addr(), REQUEST);
    assert!(answer.as_ref().map_or(true, Vec::is_empty), "{answer:?}");
    assert_eq!(recorder.next(), &REQUEST[..40]);
    assert_eq!((proxy.bytes_up(), proxy.bytes_down()), (40, 0));
}

#[test]
fn reset_after_bytes_forwards_them_then_resets_the_client() {
    let (recorder, proxy) = proxy_with(Fault::Reset(40));
    assert_reset(&exchange(proxy.addr(), REQUEST));
    assert_eq!(recorder.next(), &REQUEST[..40]);
}

#[test]
fn reset_at_once_never_reaches_the_server() {
    let (recorder, proxy) = proxy_with(Fault::Reset(0));
    assert_reset(&exchange(proxy.addr(), REQUEST));
    assert!(recorder.saw_nothing());
    assert_eq!(proxy.faults_injected(), 1);
}

#[test]
fn a_quiet_client_is_reset_without_sending_the_bytes_planned() {
    let (recorder, proxy) = proxy_with(Fault::Reset(1000));
    assert_reset(&exchange(proxy.addr(), REQUEST));
    assert_eq!(recorder.next(), REQUEST, "the server got all there was");
}

#[test]
fn truncate_response_forwards_only_the_first_bytes() {
    let (recorder, proxy) = proxy_with(Fault::TruncateResponse(10));
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), &ANSWER[..10]);
    assert_eq!(recorder.next(), REQUEST);
}

#[test]
fn lose_response_lets_the_server_answer_but_the_client_hears_nothing() {
    let (recorder, proxy) = proxy_with(Fault::LoseResponse);
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), b"");
    assert_eq!(
        recorder.next(),
        REQUEST,
        "the whole request reached the server"
    );
    assert_eq!((proxy.bytes_up(), proxy.bytes_down()), (100, 0));
}

#[test]
fn lose_response_after_loses_only_answers_once_enough_went_up() {
    let (recorder, proxy) = proxy_with(Fault::LoseResponseAfter(100));
    assert_eq!(
        exchange(proxy.addr(), REQUEST).unwrap(),
        ANSWER,
        "100 up: not past"
    );
    assert_eq!(recorder.next(), REQUEST);
    proxy.fail_next(1, Fault::LoseResponseAfter(99));
    assert_eq!(
        exchange(proxy.addr(), REQUEST).unwrap(),
        b"",
        "100 up: past 99"
    );
    assert_eq!(recorder.next(), REQUEST, "the server still got it all");
}

#[test]
fn planned_faults_come_in_order_then_connections_pass() {
    let (_recorder, proxy) = proxy_with(Fault::Reset(0));
    proxy.fail_next(1, Fault::TruncateResponse(5));
    assert_reset(&exchange(proxy.addr(), REQUEST));
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), &ANSWER[..5]);
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), ANSWER);
    assert_eq!((proxy.connections(), proxy.faults_injected()), (3, 2));
    proxy.fail_next(3, Fault::Reset(0));
    proxy.pass_all();
    assert_eq!(exchange(proxy.addr(), REQUEST).unwrap(), ANSWER);
}

/// Which of 30 connections fail when each fails with probability ½ from `seed`.
fn random_failures(seed: u64) -> Vec<bool> {
    let (_recorder, proxy) = proxy_with(Fault::Pass);
    proxy.fail_randomly(0.5, Fault::Reset(0), seed);
    let failed: Vec<bool> = (0..30)
        .map(|_| exchange(proxy.addr(), REQUEST).is_err())
        .collect();
    let count = failed.iter().filter(|f| **f).count() as u64;
    assert_eq!(proxy.faults_injected(), count);
    failed
}

#[test]
fn random_faults_repeat_with_the_same_seed() {
    let first = random_failures(7);
    assert!(first.contains(&true) && first.contains(&false), "{first:?}");
    assert_eq!(random_failures(7), first);
    assert_ne!(random_failures(8), first);
}
