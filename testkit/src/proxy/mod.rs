//! A fault-injecting TCP proxy for sync tests: it stands between a device and the server on
//! 127.0.0.1 and, following a plan the test may change at any time, lets a connection through,
//! slows it, drops it mid-request, resets it, truncates the answer or loses the answer after the
//! server has handled the request. It counts connections and bytes for "bytes on the wire".
//!
//! Faults apply to whole TCP connections, never to single requests: the proxy does not parse
//! HTTP, so on a kept-alive connection a fault hits whatever requests travel on it. A client under
//! test must open a new connection after a failure (HTTP clients drop a broken connection from
//! their pool), and a test that wants one fault per request should make its client use one
//! connection per request.
//!
//! Plain threads, blocking sockets: one thread accepts, two per connection copy bytes.

mod connection;

use std::collections::VecDeque;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What happens to one connection through the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forward everything both ways.
    Pass,
    /// Wait this long before forwarding each chunk read, in both directions: a slow link.
    Delay(Duration),
    /// Forward this many bytes from the client to the server, then close both sides: the
    /// connection drops mid-request (mid-body for a longer body). The count runs over the whole
    /// connection; the client sees the connection closed or reset without an answer.
    DropRequestAfter(u64),
    /// Forward this many bytes from the client, then reset the client's connection with a TCP
    /// RST (0: right after accept, before the server is even contacted). Nothing of the answer is
    /// forwarded. A client that sends fewer bytes and then waits is reset after 500 ms of quiet.
    Reset(u64),
    /// Forward only this many bytes of the server's answer, then close both sides.
    TruncateResponse(u64),
    /// Forward the whole request; when the server starts to answer — so it has handled the
    /// request and committed what it does — close both sides without forwarding any of the
    /// answer: the server did the work but the device never heard. Same as `TruncateResponse(0)`.
    LoseResponse,
    /// Like `LoseResponse`, but only for the answer to the request during which more than this
    /// many bytes in all have gone up the connection: earlier answers on a kept-alive connection
    /// (a small `GET` before a large `POST`) get through, and the big request's answer is lost
    /// after the server handled it.
    LoseResponseAfter(u64),
}

/// Faults for connections still to come.
#[derive(Default)]
struct Plan {
    /// Faults for the next connections, one each, in order.
    next: VecDeque<Fault>,
    /// After those: a fault for each connection with a probability.
    random: Option<RandomFault>,
}

/// `fault` for a connection with `probability`, drawn from a seeded generator.
struct RandomFault {
    probability: f64,
    fault: Fault,
    rng: StdRng,
}

impl Plan {
    /// The fault for the connection just accepted.
    fn draw(&mut self) -> Fault {
        if let Some(fault) = self.next.pop_front() {
            return fault;
        }
        let Some(random) = &mut self.random else {
            return Fault::Pass;
        };
        if random.rng.random_bool(random.probability) {
            random.fault
        } else {
            Fault::Pass
        }
    }
}

/// Counts since the start or the last [`FaultProxy::reset_counters`].
#[derive(Default)]
struct Counters {
    connections: AtomicU64,
    faults: AtomicU64,
    up: AtomicU64,
    down: AtomicU64,
}

impl Counters {
    fn all(&self) -> [&AtomicU64; 4] {
        [&self.connections, &self.faults, &self.up, &self.down]
    }
}

/// What the accepting thread, the connection threads and the test share.
struct Shared {
    target: SocketAddr,
    plan: Mutex<Plan>,
    counters: Counters,
    stopping: AtomicBool,
}

impl Shared {
    /// The fault for a new connection, counted.
    fn admit(&self) -> Fault {
        let fault = lock(&self.plan).draw();
        self.counters.connections.fetch_add(1, Ordering::SeqCst);
        if fault != Fault::Pass {
            self.counters.faults.fetch_add(1, Ordering::SeqCst);
        }
        fault
    }
}

/// A TCP proxy on 127.0.0.1 forwarding to one address, with a changeable fault plan; stops
/// accepting when dropped (connections already open run to their end).
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl FaultProxy {
    /// Start a proxy on a free port of 127.0.0.1 that forwards every connection to `target`,
    /// connecting anew each time (so a server restarted on the same port is reached again; while
    /// nothing listens there, clients are reset). Every connection passes until a fault is
    /// planned.
    pub fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let shared = Arc::new(Shared {
            target,
            plan: Mutex::default(),
            counters: Counters::default(),
            stopping: AtomicBool::new(false),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept(&listener, &shared))
        };
        Self {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// The proxy's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` of the proxy.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The next `count` connections get `fault`, after any faults planned before.
    pub fn fail_next(&self, count: usize, fault: Fault) {
        let mut plan = lock(&self.shared.plan);
        plan.next.extend(std::iter::repeat_n(fault, count));
    }

    /// Once the faults of [`Self::fail_next`] are used up, every connection gets `fault` with
    /// `probability` (0 to 1), drawn from a generator seeded with `seed` so a run can be
    /// repeated. Replaces an earlier random plan; probability 1 gives every connection `fault`.
    pub fn fail_randomly(&self, probability: f64, fault: Fault, seed: u64) {
        assert!((0.0..=1.0).contains(&probability), "a probability");
        lock(&self.shared.plan).random = Some(RandomFault {
            probability,
            fault,
            rng: StdRng::seed_from_u64(seed),
        });
    }

    /// Forget every planned fault: from now on every new connection passes.
    pub fn pass_all(&self) {
        *lock(&self.shared.plan) = Plan::default();
    }

    /// Connections accepted.
    pub fn connections(&self) -> u64 {
        self.shared.counters.connections.load(Ordering::SeqCst)
    }

    /// Connections that were given a fault other than [`Fault::Pass`].
    pub fn faults_injected(&self) -> u64 {
        self.shared.counters.faults.load(Ordering::SeqCst)
    }

    /// Bytes forwarded from clients to the server (counted as they are handed on).
    pub fn bytes_up(&self) -> u64 {
        self.shared.counters.up.load(Ordering::SeqCst)
    }

    /// Bytes forwarded from the server to clients (counted as they are handed on).
    pub fn bytes_down(&self) -> u64 {
        self.shared.counters.down.load(Ordering::SeqCst)
    }

    /// Set every counter back to zero.
    pub fn reset_counters(&self) {
        for counter in self.shared.counters.all() {
            counter.store(0, Ordering::SeqCst);
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the accepting thread, which then sees it must stop.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Accept connections until the proxy stops, each on its own thread with its fault.
fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for client in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        let fault = shared.admit();
        let shared = Arc::clone(shared);
        std::thread::spawn(move || connection::serve(client, fault, &shared));
    }
}

/// The plan even if a test thread panicked while holding it.
fn lock(plan: &Mutex<Plan>) -> MutexGuard<'_, Plan> {
    plan.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
