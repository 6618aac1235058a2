//! A progress bar on standard error for a sync run (or one JSON line per update with `--json`),
//! so a trainer sees the two lanes move and a test can follow a run.

use std::io::Write;
use std::sync::Mutex;

use pandu_core::sync::{Progress, Stage, SyncObserver};
use pandu_core::Lang;

/// Draws progress on standard error.
pub struct Bar {
    lang: Lang,
    json: bool,
    last: Mutex<Option<(Stage, u64, u64)>>,
}

impl Bar {
    /// A bar in `lang`, or JSON lines when `json`.
    pub fn new(lang: Lang, json: bool) -> Self {
        Self {
            lang,
            json,
            last: Mutex::new(None),
        }
    }

    fn label(&self, stage: Stage) -> &'static str {
        match (stage, self.lang) {
            (Stage::Pull, Lang::Id) => "ambil perubahan",
            (Stage::Pull, Lang::En) => "pulling changes",
            (Stage::Records, Lang::Id) => "kirim catatan",
            (Stage::Records, Lang::En) => "sending records",
            (Stage::Media, Lang::Id) => "kirim foto",
            (Stage::Media, Lang::En) => "sending photos",
            (Stage::Archive, Lang::Id) => "rapikan foto terkirim",
            (Stage::Archive, Lang::En) => "tidying sent photos",
        }
    }
}

impl SyncObserver for Bar {
    fn progress(&self, p: &Progress) {
        if p.items_total == 0 && p.stage != Stage::Pull {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let key = (p.stage, p.items_done, p.bytes_done / (64 * 1024));
        if *last == Some(key) {
            return;
        }
        *last = Some(key);
        let mut err = std::io::stderr().lock();
        if self.json {
            let line = serde_json::to_string(p).unwrap_or_default();
            let _ = writeln!(err, "{line}");
            return;
        }
        let width = 30;
        let filled = match p.items_total {
            0 => width,
            total => (p.items_done.min(total) * width / total) as usize as u64,
        } as usize;
        let _ = write!(
            err,
            "\r{:<22} [{}{}] {}/{} {} KB   ",
            self.label(p.stage),
            "#".repeat(filled),
            "-".repeat(width as usize - filled),
            p.items_done,
            p.items_total,
            p.bytes_done / 1024
        );
        if p.items_total == 0 || p.items_done >= p.items_total {
            let _ = writeln!(err);
        }
    }
}
