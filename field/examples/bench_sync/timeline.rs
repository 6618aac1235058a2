//! One timed sync run as the device lives it: the core's progress reports, each stamped with the
//! time and the byte counts of the device's proxy, cut into the stages of the run (pull, records,
//! photos, records again, archive). An optional cut cancels the run partway through the photos.
//!
//! The proxy (`pandu_testkit::FaultProxy`, letting everything pass) counts TCP payload: HTTP
//! request and status lines, headers and bodies as they travel (gzip where the client or the
//! server compressed), not TCP/IP headers. The core reports progress between requests, after an
//! answer was read in full, so the counts at a report belong to the requests before it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use pandu_core::sync::{
    self, Cancel, PhotoFolder, Progress, Stage, SyncObserver, SyncOptions, SyncReport,
};
use pandu_testkit::FaultProxy;

use crate::device::Device;

/// Bytes through a proxy: device → server and server → device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bytes {
    /// Sent by the device (requests).
    pub up: u64,
    /// Received by the device (answers).
    pub down: u64,
}

impl Bytes {
    /// The proxy's counts now.
    pub fn read(proxy: &FaultProxy) -> Self {
        Self {
            up: proxy.bytes_up(),
            down: proxy.bytes_down(),
        }
    }

    /// Both directions.
    pub fn total(self) -> u64 {
        self.up + self.down
    }

    /// The bytes between reading `earlier` and this one.
    pub fn since(self, earlier: Bytes) -> Bytes {
        Bytes {
            up: self.up - earlier.up,
            down: self.down - earlier.down,
        }
    }
}

/// Cancel the run once this fraction of the photo bytes has been sent.
#[derive(Clone, Debug)]
pub struct Cut {
    /// The switch the run watches.
    pub cancel: Cancel,
    /// 0.5 cuts at half.
    pub fraction: f64,
}

/// A progress report with its time and the wire counts then.
#[derive(Clone, Copy, Debug)]
struct Event {
    at: Instant,
    progress: Progress,
    wire: Bytes,
}

/// The observer of one run.
struct Recorder<'a> {
    proxy: &'a FaultProxy,
    events: Mutex<Vec<Event>>,
    cut: Option<Cut>,
}

impl SyncObserver for Recorder<'_> {
    fn progress(&self, progress: &Progress) {
        let event = Event {
            at: Instant::now(),
            progress: *progress,
            wire: Bytes::read(self.proxy),
        };
        self.events.lock().expect("events").push(event);
        if let Some(cut) = &self.cut {
            let threshold = progress.bytes_total as f64 * cut.fraction;
            let photos = progress.stage == Stage::Media && progress.bytes_total > 0;
            if photos && progress.bytes_done as f64 >= threshold {
                cut.cancel.cancel();
            }
        }
    }
}

/// A stretch of the run spent in one stage.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    /// The stage.
    pub stage: Stage,
    /// When it began (for the first span: when `sync` was called).
    pub start: Instant,
    /// When the next stage began (for the last: when `sync` returned).
    pub end: Instant,
    /// Bytes on the wire during the span.
    pub bytes: Bytes,
    /// Items the stage reported done at its end.
    pub items: u64,
}

impl Span {
    /// Its length.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }
}

/// A finished (or cut) run.
pub struct Run {
    /// What the core says it did.
    pub report: SyncReport,
    /// When `sync` was called.
    pub start: Instant,
    /// When it returned.
    pub end: Instant,
    /// Bytes on the wire during the run.
    pub bytes: Bytes,
    /// The run's stages in order.
    pub spans: Vec<Span>,
}

impl Run {
    /// Its length.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }

    /// The `n`-th span (0 first) of `stage`.
    pub fn span(&self, stage: Stage, n: usize) -> Option<&Span> {
        self.spans.iter().filter(|s| s.stage == stage).nth(n)
    }

    /// The records lane proper: the last records pass that sent anything. In a first sync of new
    /// visits that is the pass after the photos (the first pass only learns which photos the
    /// office lacks); when the photos were sent before, it is the first pass.
    pub fn records_lane(&self) -> Option<&Span> {
        self.spans
            .iter()
            .rev()
            .find(|s| s.stage == Stage::Records && s.items > 0)
    }
}

/// Run one sync of `device`, which talks through `proxy`, on the default options (Wi-Fi,
/// batches of 500, 256 KB chunks); with `cut`, cancel it partway.
pub fn sync_run(device: &mut Device, proxy: &FaultProxy, cut: Option<Cut>) -> Run {
    let cancel = cut.as_ref().map_or_else(Cancel::new, |c| c.cancel.clone());
    let recorder = Recorder {
        proxy,
        events: Mutex::default(),
        cut,
    };
    let photos = PhotoFolder {
        key: &device.key,
        dir: &device.evidence_dir,
    };
    let (before, start) = (Bytes::read(proxy), Instant::now());
    let options = SyncOptions::default();
    let report = sync::sync(&mut device.store, &photos, &options, &recorder, &cancel);
    let (end, after) = (Instant::now(), Bytes::read(proxy));
    let events = recorder.events.into_inner().expect("events");
    Run {
        report,
        start,
        end,
        bytes: after.since(before),
        spans: spans(&events, (start, before), (end, after)),
    }
}

/// Cut the events into spans of one stage each; a span ends where the next begins, the first
/// begins at `first` and the last ends at `last` (times and wire readings).
fn spans(events: &[Event], first: (Instant, Bytes), last: (Instant, Bytes)) -> Vec<Span> {
    let mut starts: Vec<Span> = Vec::new();
    for event in events {
        match starts.last_mut() {
            Some(span) if span.stage == event.progress.stage => {
                span.items = event.progress.items_done;
            }
            _ => starts.push(Span {
                stage: event.progress.stage,
                start: event.at,
                end: event.at,
                bytes: event.wire, // the reading at the start, until the span is closed below
                items: event.progress.items_done,
            }),
        }
    }
    if let Some(span) = starts.first_mut() {
        (span.start, span.bytes) = first;
    }
    let ends: Vec<(Instant, Bytes)> = starts
        .iter()
        .skip(1)
        .map(|s| (s.start, s.bytes))
        .chain([last])
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .map(|(span, (end, reading))| Span {
            end,
            bytes: reading.since(span.bytes),
            ..span
        })
        .collect()
}
