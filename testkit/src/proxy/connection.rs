//! One proxied connection: connect to the server, then copy bytes both ways under the
//! connection's fault, closing or resetting the sockets where the fault says.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::{Fault, Shared};

/// How long a client may stay silent before [`Fault::Reset`] resets it anyway.
const RESET_QUIET: Duration = Duration::from_millis(500);

/// Bytes read from one socket in one go.
const CHUNK: usize = 16 * 1024;

/// Carry `client`'s connection to the server under `fault`. When the server cannot be reached
/// the client is reset, as close as a proxy gets to "connection refused".
pub(super) fn serve(client: TcpStream, fault: Fault, shared: &Shared) {
    if fault == Fault::Reset(0) {
        return reset(client);
    }
    let Ok(server) = TcpStream::connect(shared.target) else {
        return reset(client);
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    match fault {
        Fault::Reset(limit) => forward_then_reset(client, &server, limit, shared),
        other => relay(&client, &server, &Limits::of(other), shared),
    }
}

/// How a relayed connection is held back.
#[derive(Default)]
struct Limits {
    delay: Duration,
    up: Option<u64>,
    down: Option<u64>,
    /// Lose the answers once more than this many bytes went up this connection.
    lose_after_up: Option<u64>,
}

impl Limits {
    fn of(fault: Fault) -> Self {
        match fault {
            Fault::Pass | Fault::Reset(_) => Self::default(),
            Fault::Delay(delay) => Self {
                delay,
                ..Self::default()
            },
            Fault::DropRequestAfter(bytes) => Self {
                up: Some(bytes),
                ..Self::default()
            },
            Fault::TruncateResponse(bytes) => Self {
                down: Some(bytes),
                ..Self::default()
            },
            Fault::LoseResponse => Self {
                down: Some(0),
                ..Self::default()
            },
            Fault::LoseResponseAfter(bytes) => Self {
                lose_after_up: Some(bytes),
                ..Self::default()
            },
        }
    }
}

/// One direction of a connection.
struct Leg<'a> {
    from: &'a TcpStream,
    to: &'a TcpStream,
    /// Close both sides once this many bytes went through (checked after each read).
    limit: Option<u64>,
    delay: Duration,
    forwarded: &'a AtomicU64,
    /// This connection's bytes in this direction.
    sent: &'a AtomicU64,
    /// End (without forwarding) once the counter has passed the number.
    cut_after: Option<(&'a AtomicU64, u64)>,
}

/// How a copy ended without an error.
enum End {
    /// The sender finished sending.
    Eof,
    /// The leg's limit was reached.
    Limit,
}

/// Copy both directions at once until both end.
fn relay(client: &TcpStream, server: &TcpStream, limits: &Limits, shared: &Shared) {
    let counters = &shared.counters;
    let (sent_up, sent_down) = (AtomicU64::new(0), AtomicU64::new(0));
    std::thread::scope(|scope| {
        scope.spawn(|| {
            run(&Leg {
                from: server,
                to: client,
                limit: limits.down,
                delay: limits.delay,
                forwarded: &counters.down,
                sent: &sent_down,
                cut_after: limits.lose_after_up.map(|n| (&sent_up, n)),
            })
        });
        run(&Leg {
            from: client,
            to: server,
            limit: limits.up,
            delay: limits.delay,
            forwarded: &counters.up,
            sent: &sent_up,
            cut_after: None,
        });
    });
}

/// Copy one direction; at its sender's end pass the end on (half-close), at its limit or on an
/// error close both sockets so the other direction ends too.
fn run(leg: &Leg<'_>) {
    match copy(leg) {
        Ok(End::Eof) => {
            let _ = leg.to.shutdown(Shutdown::Write);
        }
        Ok(End::Limit) | Err(_) => {
            let _ = leg.from.shutdown(Shutdown::Both);
            let _ = leg.to.shutdown(Shutdown::Both);
        }
    }
}

/// Forward chunks from `leg.from` to `leg.to` until the end, the limit or an error.
fn copy(leg: &Leg<'_>) -> std::io::Result<End> {
    let mut buf = vec![0; CHUNK];
    let (mut from, mut to) = (leg.from, leg.to);
    let mut left = leg.limit.unwrap_or(u64::MAX);
    loop {
        let read = from.read(&mut buf)?;
        if read == 0 {
            return Ok(End::Eof);
        }
        if leg
            .cut_after
            .is_some_and(|(counter, n)| counter.load(Ordering::SeqCst) > n)
        {
            return Ok(End::Limit);
        }
        let take = usize::try_from(left).map_or(read, |left| left.min(read));
        std::thread::sleep(leg.delay);
        // Counted before the write, so whoever receives the bytes already sees them counted.
        leg.forwarded.fetch_add(take as u64, Ordering::SeqCst);
        leg.sent.fetch_add(take as u64, Ordering::SeqCst);
        to.write_all(&buf[..take])?;
        left -= take as u64;
        if leg.limit.is_some() && left == 0 {
            return Ok(End::Limit);
        }
    }
}

/// [`Fault::Reset`] after `limit` bytes: forward that much of the request, then reset.
fn forward_then_reset(client: TcpStream, server: &TcpStream, limit: u64, shared: &Shared) {
    let _ = client.set_read_timeout(Some(RESET_QUIET));
    let sent = AtomicU64::new(0);
    let _ = copy(&Leg {
        from: &client,
        to: server,
        limit: Some(limit),
        delay: Duration::ZERO,
        forwarded: &shared.counters.up,
        sent: &sent,
        cut_after: None,
    });
    reset(client);
}

/// Close `stream` with a TCP RST instead of the orderly FIN (SO_LINGER with a zero timeout).
fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}
