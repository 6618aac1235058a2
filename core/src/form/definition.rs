//! The shape of a questionnaire definition file. Forms are data, versioned and shipped inside the
//! core, so the office can change a question or the scoring rule without a new app build.

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use crate::i18n::Text;

/// What a form is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// The Peksos's home visit with the 12 criteria.
    Visit,
    /// An RT/RW volunteer's report.
    Report,
}

/// A whole questionnaire: identity, optional consent step, sections of questions and, for visits,
/// the 12 criteria with their scoring rule.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    /// Stable id, e.g. `kunjungan-rumah`.
    pub id: String,
    /// Version; a record names the version it was filled in with.
    pub version: u32,
    /// Visit or report.
    pub kind: FormKind,
    /// Title shown at the top.
    pub title: Text,
    /// The notice read to the household and the legal bases; required for visits.
    #[serde(default)]
    pub consent: Option<ConsentStep>,
    /// Pages of questions, in order.
    pub sections: Vec<Section>,
    /// The poverty criteria (visits only).
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// How many criteria must be met (visits only).
    #[serde(default)]
    pub scoring: Option<Scoring>,
    /// When the household has an urgent need that may justify an emergency letter (path c).
    #[serde(default)]
    pub emergency: Option<Condition>,
    /// A visit to another family of the same dwelling finished within this many days lends its
    /// dwelling answers (and photos) to a new visit, so the house is not photographed twice.
    #[serde(default)]
    pub dwelling_reuse_days: Option<u32>,
}

/// The first step of a visit: the privacy notice and the household's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentStep {
    /// The notice read or shown to the household (UU PDP No. 27/2022).
    pub notice: Text,
    /// The legal bases the Peksos can record, e.g. consent or a public-service duty.
    pub bases: Vec<Choice>,
}

/// One page of questions.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Page title.
    pub title: Text,
    /// Shown only when this holds.
    #[serde(default)]
    pub relevant: Option<Condition>,
    /// Questions on the page.
    pub questions: Vec<Question>,
}

/// Whether a question describes the house (shared by every family in it) or the family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The dwelling: floor, walls, toilet, lighting, floor area.
    Dwelling,
    /// The family (KK).
    #[default]
    Family,
}

/// The kinds of question a form can ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// One of the choices.
    SelectOne,
    /// Any of the choices.
    SelectMany,
    /// A whole number.
    Integer,
    /// A number with decimals.
    Decimal,
    /// Free text.
    Text,
    /// A calendar date.
    Date,
    /// A photo taken with the camera (evidence).
    Photo,
    /// A GPS position with its accuracy.
    Geopoint,
    /// Read-only text; no answer.
    Note,
}

/// A value the core fills in before the first page, from what it already knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    /// The number of members recorded for the household.
    HouseholdMembers,
}

/// One question.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, unique in the form.
    pub id: String,
    /// The kind of answer.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question text.
    pub label: Text,
    /// Help shown under it.
    #[serde(default)]
    pub hint: Option<Text>,
    /// Must be answered (when relevant) before the visit can finish.
    #[serde(default)]
    pub required: bool,
    /// Choices of select questions.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Limits on the answer.
    #[serde(default)]
    pub constraint: Option<Constraint>,
    /// Shown only when this holds.
    #[serde(default)]
    pub relevant: Option<Condition>,
    /// Dwelling or family.
    #[serde(default)]
    pub scope: Scope,
    /// Filled in from known data when the session starts.
    #[serde(default)]
    pub prefill: Option<Prefill>,
    /// For photo questions: the long side of the stored photo, in pixels.
    #[serde(default)]
    pub max_long_side: Option<u32>,
}

/// One choice of a select question.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The stored value.
    pub value: String,
    /// What the user sees.
    pub label: Text,
}

/// Limits on an answer; each applies to the question types it makes sense for.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// Smallest number allowed (integer, decimal).
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest number allowed (integer, decimal).
    #[serde(default)]
    pub max: Option<f64>,
    /// A regular expression the whole text must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Longest text allowed, in characters.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// A date may not be after today.
    #[serde(default)]
    pub not_future: bool,
    /// Message shown when the answer breaks the constraint; a generic one is used otherwise.
    #[serde(default)]
    pub message: Option<Text>,
}

/// How a criterion is decided from the answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CriterionRule {
    /// Met when floor area ÷ people is below `threshold` m² (criterion 1).
    AreaPerPersonBelow {
        /// Question holding the floor area in m².
        area: String,
        /// Question holding the number of people living in the dwelling.
        people: String,
        /// m² per person.
        threshold: f64,
    },
    /// Met when the condition holds.
    When(Condition),
}

/// Photo evidence a criterion rests on.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRule {
    /// The photo question.
    pub question: String,
    /// The visit cannot finish without it.
    pub required: bool,
}

/// One of the 12 poverty criteria.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// 1 to 12, as numbered in `DOMAIN.md`.
    pub number: u8,
    /// Stable id.
    pub id: String,
    /// Short label.
    pub label: Text,
    /// How it is decided.
    pub rule: CriterionRule,
    /// Photo evidence for it, if any.
    #[serde(default)]
    pub evidence: Option<EvidenceRule>,
}

/// The scoring rule: a household meets the criteria when at least `min_met` hold.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// The least number of criteria met for a household to count as poor.
    pub min_met: u8,
}

impl FormDefinition {
    /// Every question, in page order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The question with `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    /// The criterion that asks for photo question `question_id` as evidence.
    pub fn criterion_for_evidence(&self, question_id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| {
            c.evidence
                .as_ref()
                .is_some_and(|e| e.question == question_id)
        })
    }
}
