//! The core's one error type. Each variant is something a caller can act on, and each can say
//! what happened in Indonesian and English without naming a person.

use crate::i18n::{Problem, Text};

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be opened with the key given: wrong key, or not a Pandu store.
    #[error("the store is locked: wrong key or not a Pandu store")]
    WrongKey,
    /// The store was written by a newer version of Pandu.
    #[error("the store has schema version {found}, newer than this app's {supported}")]
    StoreTooNew {
        /// Version found in the file.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// The input was refused; nothing was saved. Each problem names its field.
    #[error("invalid input: {}", .0.iter().map(|p| p.code.as_str()).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<Problem>),
    /// A form definition was refused on load; `place` names where (e.g. `questions[3].relevant`).
    #[error("form definition {form}: {place}: {reason}")]
    Definition {
        /// The definition file or id.
        form: String,
        /// Where in the definition.
        place: String,
        /// What is wrong.
        reason: String,
    },
    /// The thing asked for does not exist (kind and id, never personal data).
    #[error("not found: {kind} {id}")]
    NotFound {
        /// What kind of thing, e.g. `household`.
        kind: &'static str,
        /// Its internal id.
        id: String,
    },
    /// The action does not fit the current state, e.g. answering a finished visit.
    #[error("not allowed now: {0}")]
    State(&'static str),
    /// The database failed.
    #[error("storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// Stored data could not be decoded (corruption or a bug).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A refusal carrying one problem.
    pub fn invalid(problem: Problem) -> Self {
        Self::Invalid(vec![problem])
    }

    /// What to tell the user, in both languages. Never contains names or NIKs.
    pub fn text(&self) -> Text {
        match self {
            Self::WrongKey => Text::new(
                "Data terkunci: kunci salah atau berkas bukan data Pandu.",
                "The data is locked: wrong key or not a Pandu data file.",
            ),
            Self::StoreTooNew { .. } => Text::new(
                "Data dibuat oleh versi Pandu yang lebih baru. Perbarui aplikasi.",
                "The data was made by a newer version of Pandu. Update the app.",
            ),
            Self::Invalid(problems) => join_problems(problems),
            Self::Definition {
                form,
                place,
                reason,
            } => Text::new(
                format!("Definisi formulir {form} salah di {place}: {reason}"),
                format!("Form definition {form} is wrong at {place}: {reason}"),
            ),
            Self::NotFound { kind, .. } => Text::new(
                format!("Data tidak ditemukan ({kind})."),
                format!("Not found ({kind})."),
            ),
            Self::State(what) => Text::new(
                format!("Tindakan ini tidak bisa dilakukan sekarang ({what})."),
                format!("This cannot be done now ({what})."),
            ),
            Self::Storage(_) | Self::Io(_) | Self::Corrupt(_) => Text::new(
                "Gagal menyimpan atau membaca data di perangkat. Laporkan ke admin.",
                "Could not store or read data on the device. Report it to the admin.",
            ),
        }
    }
}

fn join_problems(problems: &[Problem]) -> Text {
    let id = problems
        .iter()
        .map(|p| p.text.id.as_str())
        .collect::<Vec<_>>();
    let en = problems
        .iter()
        .map(|p| p.text.en.as_str())
        .collect::<Vec<_>>();
    Text::new(id.join(" "), en.join(" "))
}
