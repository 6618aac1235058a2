//! The small shared types of the boundary and their mapping from the core: bilingual texts,
//! problems, answers and the kinds of forms and records. Everything else maps in its own area's
//! module.

use chrono::NaiveDate;
use pandu_core::form::{self, Fix};
use pandu_core::session::record::RecordKind as CoreRecordKind;
use pandu_core::{Severity as CoreSeverity, Text};

use crate::error::PanduError;

/// A text for the user in Bahasa Indonesia (`id`) and English (`en`).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct BilingualText {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl From<Text> for BilingualText {
    fn from(t: Text) -> Self {
        Self { id: t.id, en: t.en }
    }
}

/// Map every item of `items` into the boundary's type.
pub(crate) fn all<T, U: From<T>>(items: impl IntoIterator<Item = T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum Severity {
    /// Blocks the action until fixed.
    Error,
    /// Shown; the action may go on.
    Warning,
}

/// One finding about input: a stable code, the field it is about, and the text.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Problem {
    /// Stable machine-readable code, e.g. `answer.constraint`.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// The question or field it is about, when there is one.
    pub field: Option<String>,
    /// What to tell the user.
    pub text: BilingualText,
}

impl From<pandu_core::Problem> for Problem {
    fn from(p: pandu_core::Problem) -> Self {
        Self {
            code: p.code,
            severity: match p.severity {
                CoreSeverity::Error => Severity::Error,
                CoreSeverity::Warning => Severity::Warning,
            },
            field: p.field,
            text: p.text.into(),
        }
    }
}

/// A GPS position as an answer (the shell's fix of the house).
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Record)]
pub struct GpsPoint {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Horizontal accuracy in metres.
    pub accuracy_m: f64,
    /// The platform said it is a mock location.
    #[uniffi(default = false)]
    pub mock: bool,
}

/// One answer, as the questions' kinds take them.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum Answer {
    /// Free text.
    Text {
        /// The text.
        value: String,
    },
    /// A whole number.
    Integer {
        /// The number.
        value: i64,
    },
    /// A number with decimals.
    Decimal {
        /// The number.
        value: f64,
    },
    /// The value of one choice.
    Choice {
        /// The choice's value.
        value: String,
    },
    /// The values of several choices.
    Choices {
        /// The choices' values.
        values: Vec<String>,
    },
    /// A calendar date, `YYYY-MM-DD`.
    Date {
        /// The date.
        value: String,
    },
    /// A GPS position.
    Point {
        /// The position.
        point: GpsPoint,
    },
    /// A photo held as evidence (set by attaching a photo, not by hand).
    Photo {
        /// The photo's id (SHA-256 hex).
        photo_id: String,
    },
}

impl From<form::Answer> for Answer {
    fn from(a: form::Answer) -> Self {
        match a {
            form::Answer::Text(value) => Self::Text { value },
            form::Answer::Integer(value) => Self::Integer { value },
            form::Answer::Decimal(value) => Self::Decimal { value },
            form::Answer::Choice(value) => Self::Choice { value },
            form::Answer::Choices(values) => Self::Choices { values },
            form::Answer::Date(d) => Self::Date {
                value: d.to_string(),
            },
            form::Answer::Point(f) => Self::Point {
                point: GpsPoint {
                    lat: f.lat,
                    lon: f.lon,
                    accuracy_m: f.accuracy_m,
                    mock: f.mock,
                },
            },
            form::Answer::Photo(photo_id) => Self::Photo { photo_id },
        }
    }
}

impl TryFrom<Answer> for form::Answer {
    type Error = PanduError;

    /// The core's answer; a date that is not `YYYY-MM-DD` is refused as invalid input.
    fn try_from(a: Answer) -> Result<Self, PanduError> {
        Ok(match a {
            Answer::Text { value } => Self::Text(value),
            Answer::Integer { value } => Self::Integer(value),
            Answer::Decimal { value } => Self::Decimal(value),
            Answer::Choice { value } => Self::Choice(value),
            Answer::Choices { values } => Self::Choices(values),
            Answer::Date { value } => Self::Date(parse_date(&value)?),
            Answer::Point { point: p } => Self::Point(Fix {
                lat: p.lat,
                lon: p.lon,
                accuracy_m: p.accuracy_m,
                mock: p.mock,
            }),
            Answer::Photo { photo_id } => Self::Photo(photo_id),
        })
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, PanduError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        PanduError::invalid(
            "answer.bad_date",
            Text::new(
                "Tanggal harus ditulis TTTT-BB-HH, misalnya 2026-03-14.",
                "A date must be written YYYY-MM-DD, e.g. 2026-03-14.",
            ),
        )
    })
}

/// Which questionnaire a session or draft uses.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum FormKind {
    /// The Peksos' home visit.
    Visit,
    /// The RT/RW volunteer's report.
    Report,
}

impl From<form::FormKind> for FormKind {
    fn from(k: form::FormKind) -> Self {
        match k {
            form::FormKind::Visit => Self::Visit,
            form::FormKind::Report => Self::Report,
        }
    }
}

/// What kind of finished record.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum RecordKind {
    /// A home visit.
    Visit,
    /// A visit the household refused (only the refusal is kept).
    VisitRefused,
    /// An RT/RW report.
    Report,
}

impl From<CoreRecordKind> for RecordKind {
    fn from(k: CoreRecordKind) -> Self {
        match k {
            CoreRecordKind::Visit => Self::Visit,
            CoreRecordKind::VisitRefused => Self::VisitRefused,
            CoreRecordKind::Report => Self::Report,
        }
    }
}

impl RecordKind {
    /// The kind from its stored word (`visit`, `visit_refused`, `report`).
    pub(crate) fn parse(word: &str) -> Result<Self, PanduError> {
        match word {
            "visit" => Ok(Self::Visit),
            "visit_refused" => Ok(Self::VisitRefused),
            "report" => Ok(Self::Report),
            _ => Err(pandu_core::Error::Corrupt("record kind".into()).into()),
        }
    }
}
