//! Every word a user reads exists in Indonesian first and English second; this module is the one
//! type that carries both, so no message can be written in only one language.

use serde::{Deserialize, Serialize};

/// The two languages of Pandu. Indonesian is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia, the users' working language.
    #[default]
    Id,
    /// English, the alternative.
    En,
}

/// A user-facing text in Indonesian (`id`) and English (`en`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its Indonesian and English forms.
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }

    /// True when either language is missing, which a definition file must never allow.
    pub fn is_incomplete(&self) -> bool {
        self.id.trim().is_empty() || self.en.trim().is_empty()
    }
}

/// How serious a [`Problem`] is: errors block saving, warnings are shown and may be accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the action until fixed.
    Error,
    /// Shown to the user; the action may go on (real data has anomalies).
    Warning,
}

/// One finding about user input: a machine-readable code, where it applies, and the bilingual text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Problem {
    /// Stable machine-readable code, e.g. `nik.serial_zero`.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// The question, column or field the problem is about, when there is one.
    pub field: Option<String>,
    /// What to tell the user.
    pub text: Text,
}

impl Problem {
    /// A blocking problem.
    pub fn error(code: &str, text: Text) -> Self {
        Self {
            code: code.to_owned(),
            severity: Severity::Error,
            field: None,
            text,
        }
    }

    /// A non-blocking problem.
    pub fn warning(code: &str, text: Text) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, text)
        }
    }

    /// The same problem, about `field`.
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// True when this problem blocks saving.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any of `problems` blocks saving.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}
