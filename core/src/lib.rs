//! Pandu's shared core: every rule of the field app lives here — the questionnaire, households and
//! people, the home-visit session, eligibility, the registry and the encrypted store — and the
//! phone shells only render what it computes.

pub mod eligibility;
pub mod error;
pub mod evidence;
pub mod form;
pub mod i18n;
pub mod screens;
pub mod search_text;
pub mod session;
pub mod store;
pub mod sync;
pub mod wilayah;

pub use error::{Error, Result};
pub use i18n::{Lang, Problem, Severity, Text};
pub mod household;
pub mod identity;
pub mod registry;
