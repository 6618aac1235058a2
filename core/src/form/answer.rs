//! Answers as typed values, and the check of one answer against its question's type and
//! constraints. Every refusal says why in Indonesian and English.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::definition::{Constraint, Question, QuestionType};
use crate::i18n::{Problem, Text};

/// A GPS fix as the shell reports it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Horizontal accuracy in metres, as the platform reports it.
    pub accuracy_m: f64,
    /// The platform said this is a mock location.
    #[serde(default)]
    pub mock: bool,
}

/// One answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Free text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number with decimals.
    Decimal(f64),
    /// The value of one choice.
    Choice(String),
    /// The values of several choices.
    Choices(Vec<String>),
    /// A calendar date.
    Date(NaiveDate),
    /// A GPS position.
    Point(Fix),
    /// The id (SHA-256 hex) of a photo held as evidence.
    Photo(String),
}

/// The answers of one session, by question id.
pub type Answers = BTreeMap<String, Answer>;

impl Answer {
    /// The answer as a number, for numeric comparisons.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Self::Integer(n) => Some(*n as f64),
            Self::Decimal(x) => Some(*x),
            _ => None,
        }
    }

    /// A short display form for summaries (photo ids shortened).
    pub fn display(&self) -> String {
        match self {
            Self::Text(s) | Self::Choice(s) => s.clone(),
            Self::Integer(n) => n.to_string(),
            Self::Decimal(x) => x.to_string(),
            Self::Choices(v) => v.join(", "),
            Self::Date(d) => d.to_string(),
            Self::Point(f) => format!("{:.6}, {:.6} (±{:.0} m)", f.lat, f.lon, f.accuracy_m),
            Self::Photo(id) => format!("foto {}", &id[..id.len().min(8)]),
        }
    }
}

/// Check `answer` against `question`; `today` is the Asia/Jakarta date. Returns every problem found.
pub fn check(question: &Question, answer: &Answer, today: NaiveDate) -> Vec<Problem> {
    check_type(question, answer)
        .into_iter()
        .chain(check_constraint(question, answer, today))
        .map(|p| p.at(question.id.clone()))
        .collect()
}

fn check_type(question: &Question, answer: &Answer) -> Option<Problem> {
    let fits = matches!(
        (question.kind, answer),
        (QuestionType::Text, Answer::Text(_))
            | (QuestionType::Integer, Answer::Integer(_))
            | (
                QuestionType::Decimal,
                Answer::Decimal(_) | Answer::Integer(_)
            )
            | (QuestionType::SelectOne, Answer::Choice(_))
            | (QuestionType::SelectMany, Answer::Choices(_))
            | (QuestionType::Date, Answer::Date(_))
            | (QuestionType::Geopoint, Answer::Point(_))
            | (QuestionType::Photo, Answer::Photo(_))
    );
    if !fits {
        return Some(Problem::error(
            "answer.wrong_type",
            Text::new(
                "Jenis jawaban tidak sesuai dengan pertanyaan.",
                "The kind of answer does not fit the question.",
            ),
        ));
    }
    check_choices(question, answer).or_else(|| check_point(answer))
}

fn check_choices(question: &Question, answer: &Answer) -> Option<Problem> {
    let known = |v: &String| question.choices.iter().any(|c| &c.value == v);
    let ok = match answer {
        Answer::Choice(v) => known(v),
        Answer::Choices(vs) => vs.iter().all(known),
        _ => true,
    };
    (!ok).then(|| {
        Problem::error(
            "answer.unknown_choice",
            Text::new("Pilihan tidak dikenal.", "Unknown choice."),
        )
    })
}

fn check_point(answer: &Answer) -> Option<Problem> {
    let Answer::Point(fix) = answer else {
        return None;
    };
    let ok = (-90.0..=90.0).contains(&fix.lat)
        && (-180.0..=180.0).contains(&fix.lon)
        && fix.accuracy_m.is_finite()
        && fix.accuracy_m >= 0.0;
    (!ok).then(|| {
        Problem::error(
            "answer.bad_position",
            Text::new(
                "Posisi GPS tidak masuk akal.",
                "The GPS position is not plausible.",
            ),
        )
    })
}

fn check_constraint(question: &Question, answer: &Answer, today: NaiveDate) -> Option<Problem> {
    let c = question.constraint.as_ref()?;
    let broken = match answer {
        Answer::Integer(_) | Answer::Decimal(_) => out_of_range(c, answer.as_number()?),
        Answer::Text(s) => text_breaks(c, s),
        Answer::Date(d) => c.not_future && *d > today,
        _ => None::<()>.is_some(),
    };
    broken.then(|| {
        let text = c.message.clone().unwrap_or_else(|| generic_message(c));
        Problem::error("answer.constraint", text)
    })
}

fn out_of_range(c: &Constraint, x: f64) -> bool {
    !x.is_finite() || c.min.is_some_and(|min| x < min) || c.max.is_some_and(|max| x > max)
}

fn text_breaks(c: &Constraint, s: &str) -> bool {
    let too_long = c.max_length.is_some_and(|n| s.chars().count() > n);
    let mismatch = c.pattern.as_deref().is_some_and(|p| {
        // Patterns are checked when the form loads, so this only fails on a bug.
        regex::Regex::new(&format!("^(?:{p})$")).map_or(true, |re| !re.is_match(s))
    });
    too_long || mismatch
}

fn generic_message(c: &Constraint) -> Text {
    match (c.min, c.max) {
        (Some(min), Some(max)) => Text::new(
            format!("Nilai harus antara {min} dan {max}."),
            format!("The value must be between {min} and {max}."),
        ),
        (Some(min), None) => Text::new(
            format!("Nilai paling kecil {min}."),
            format!("The value must be at least {min}."),
        ),
        (None, Some(max)) => Text::new(
            format!("Nilai paling besar {max}."),
            format!("The value must be at most {max}."),
        ),
        (None, None) if c.not_future => Text::new(
            "Tanggal tidak boleh setelah hari ini.",
            "The date cannot be after today.",
        ),
        (None, None) => Text::new(
            "Jawaban tidak sesuai format yang diminta.",
            "The answer does not have the required form.",
        ),
    }
}
