//! The view model of a session: everything a screen shows, computed here so that the phone shells
//! only draw it. A shell never decides what is required, relevant, missing or met.

use serde::{Deserialize, Serialize};

use crate::eligibility::{Assessment, CriterionOutcome};
use crate::form::{Answer, Choice, QuestionType};
use crate::i18n::{Problem, Text};

/// What the current step shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    /// The privacy notice and the consent choice.
    Consent(ConsentView),
    /// A page of questions.
    Page(PageView),
    /// The summary before finishing.
    Summary(SummaryView),
}

/// The consent step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentView {
    /// The form title.
    pub title: Text,
    /// The notice to read to the household.
    pub notice: Text,
    /// Legal bases to choose from.
    pub bases: Vec<ChoiceView>,
}

/// A page of questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageView {
    /// Section id (for jumping back to it).
    pub section_id: String,
    /// Page title.
    pub title: Text,
    /// 1-based position among the pages shown.
    pub number: usize,
    /// How many pages are shown.
    pub count: usize,
    /// The questions shown, in order.
    pub questions: Vec<QuestionView>,
    /// Progress over the whole form.
    pub progress: Progress,
    /// There is a step before this one.
    pub can_go_back: bool,
}

/// One question as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    /// Question id.
    pub id: String,
    /// Kind of input.
    pub kind: QuestionType,
    /// Label.
    pub label: Text,
    /// Hint.
    pub hint: Option<Text>,
    /// Must be answered.
    pub required: bool,
    /// Choices with the current selection.
    pub choices: Vec<ChoiceView>,
    /// The current answer.
    pub answer: Option<Answer>,
    /// Required but not yet answered.
    pub missing: bool,
    /// For photo questions: the long side the photo will be stored at.
    pub max_long_side: Option<u32>,
    /// The criterion this photo is evidence for, if any (its number).
    pub evidence_for: Option<u8>,
}

/// One choice as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceView {
    /// Stored value.
    pub value: String,
    /// Label.
    pub label: Text,
    /// Currently chosen.
    pub selected: bool,
}

impl ChoiceView {
    /// The view of `choice`, selected when `answer` picks it.
    pub fn of(choice: &Choice, answer: Option<&Answer>) -> Self {
        let selected = match answer {
            Some(Answer::Choice(v)) => *v == choice.value,
            Some(Answer::Choices(vs)) => vs.contains(&choice.value),
            _ => false,
        };
        Self {
            value: choice.value.clone(),
            label: choice.label.clone(),
            selected,
        }
    }
}

/// How far the session is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Required questions (shown) that are answered.
    pub answered: usize,
    /// Required questions shown in all.
    pub required: usize,
    /// Photo questions that are required evidence and have no photo yet.
    pub missing_evidence: Vec<String>,
}

/// One criterion on the summary, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionView {
    /// The decided criterion and the answers behind it.
    pub outcome: CriterionOutcome,
    /// The photo id attached as its evidence, if any.
    pub photo: Option<String>,
    /// Evidence is required but missing.
    pub evidence_missing: bool,
    /// What the office will look at about the photo (recycled, far from the house, …).
    pub photo_flags: Vec<Text>,
}

/// The summary before finishing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryView {
    /// Form title.
    pub title: Text,
    /// Criteria (visits; empty for reports).
    pub criteria: Vec<CriterionView>,
    /// Score, path, inclusion/exclusion errors and the recommendation (visits).
    pub assessment: Option<Assessment>,
    /// What still blocks finishing; empty when it can finish.
    pub blocking: Vec<Problem>,
    /// Progress.
    pub progress: Progress,
}
