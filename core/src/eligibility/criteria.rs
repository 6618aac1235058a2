//! The 12 criteria decided from a visit's answers, and the score under the form's rule. Every
//! outcome keeps the answers it rests on, so the summary and the office can see why.

use serde::{Deserialize, Serialize};

use crate::form::{Answer, Answers, Criterion, CriterionRule, FormDefinition};
use crate::i18n::Text;

/// Whether a criterion holds for the household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    /// The condition holds (counts towards poverty).
    Met,
    /// It does not hold.
    NotMet,
    /// Not yet known: an answer it needs is missing.
    Unknown,
}

/// One criterion decided, with the answers behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionOutcome {
    /// 1 to 12.
    pub number: u8,
    /// Stable id from the form.
    pub id: String,
    /// Its label.
    pub label: Text,
    /// Met, not met or unknown.
    pub status: CriterionStatus,
    /// The answers the rule read, as (question id, answer).
    pub answers: Vec<(String, Answer)>,
    /// The photo question that is its evidence, if any.
    pub evidence_question: Option<String>,
}

/// The count of criteria met under the form's rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Criteria met.
    pub met: u8,
    /// Criteria not met.
    pub not_met: u8,
    /// Criteria not yet known.
    pub unknown: u8,
    /// Criteria needed to count as poor.
    pub min_met: u8,
    /// The rule's version: the form id and version it came with.
    pub rule_version: String,
}

impl Score {
    /// `Some(true)` when the household meets the rule, `Some(false)` when it cannot, `None` while
    /// unknown criteria could still decide it.
    pub fn meets(&self) -> Option<bool> {
        if self.met >= self.min_met {
            Some(true)
        } else if self.met + self.unknown < self.min_met {
            Some(false)
        } else {
            None
        }
    }
}

/// Decide every criterion of `form` from `answers` (hidden answers are ignored).
pub fn evaluate(form: &FormDefinition, answers: &Answers) -> Vec<CriterionOutcome> {
    let answers = form.effective_answers(answers);
    form.criteria.iter().map(|c| outcome(c, &answers)).collect()
}

/// The score of `outcomes` under `form`'s scoring rule.
pub fn score(form: &FormDefinition, outcomes: &[CriterionOutcome]) -> Score {
    let count = |s: CriterionStatus| outcomes.iter().filter(|o| o.status == s).count() as u8;
    Score {
        met: count(CriterionStatus::Met),
        not_met: count(CriterionStatus::NotMet),
        unknown: count(CriterionStatus::Unknown),
        min_met: form.scoring.as_ref().map_or(0, |s| s.min_met),
        rule_version: format!("{} v{}", form.id, form.version),
    }
}

fn outcome(criterion: &Criterion, answers: &Answers) -> CriterionOutcome {
    let (decided, read) = match &criterion.rule {
        CriterionRule::AreaPerPersonBelow {
            area,
            people,
            threshold,
        } => {
            let per_person = per_person(answers.get(area), answers.get(people));
            (
                per_person.map(|x| x < *threshold),
                vec![area.as_str(), people.as_str()],
            )
        }
        CriterionRule::When(condition) => (condition.eval(answers), condition.questions()),
    };
    let status = match decided {
        Some(true) => CriterionStatus::Met,
        Some(false) => CriterionStatus::NotMet,
        None => CriterionStatus::Unknown,
    };
    CriterionOutcome {
        number: criterion.number,
        id: criterion.id.clone(),
        label: criterion.label.clone(),
        status,
        answers: read
            .into_iter()
            .filter_map(|q| answers.get(q).map(|a| (q.to_owned(), a.clone())))
            .collect(),
        evidence_question: criterion.evidence.as_ref().map(|e| e.question.clone()),
    }
}

fn per_person(area: Option<&Answer>, people: Option<&Answer>) -> Option<f64> {
    let (area, people) = (area?.as_number()?, people?.as_number()?);
    (people >= 1.0).then(|| area / people)
}
