//! Pandu's only native library: a thin uniffi façade over `pandu-core` for the Android (Kotlin),
//! iOS (Swift) and Python shells. One [`PanduCore`] object per process, opened with the data
//! folder and the key; sessions, sync handles and view models come from it. Every call is
//! synchronous (the shell calls it off its UI thread); long work runs on a Rust thread and
//! reports through a listener. Errors are one small enum, [`PanduError`], with bilingual texts.
//!
//! Modules by area: `facade` (the core object), `households`, `session`, `photos`, `sync`,
//! `outbox`, with `convert` (shared small types) and `error`.

uniffi::setup_scaffolding!();

mod convert;
mod error;
mod facade;
mod households;
mod office;
mod outbox;
mod photos;
mod session;
mod sync;
#[cfg(feature = "test-hooks")]
mod test_hooks;

pub use convert::{Answer, BilingualText, FormKind, GpsPoint, Problem, RecordKind, Severity};
pub use error::PanduError;
pub use facade::PanduCore;
pub use households::{
    DraftRow, HistoryRow, HomeScreen, HouseholdHit, HouseholdPage, HouseholdQuery, MemberRow,
    OutboxSummary,
};
pub use outbox::{OutboxEntry, OutboxState, Receipt};
pub use photos::{EvidenceView, PhotoCapture, PhotoFix};
pub use session::{
    Assessment, ChoiceView, ConsentView, CriterionStatus, CriterionView, EligibilityPath,
    FinishedRecord, FormProgress, PageView, QuestionAnswer, QuestionKind, QuestionView, Score,
    Screen, Session, SignOff, SummaryView,
};
pub use sync::{
    AccountInfo, Credential, ListenerError, SignInRequest, SyncHandle, SyncListener, SyncOutcome,
    SyncProgress, SyncReport, SyncSettings, SyncStage,
};
