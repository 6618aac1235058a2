//! Skip logic: which sections and questions are shown for the current answers, and which answers
//! still count. An answer to a question that became hidden is kept in the draft but no longer counts.

use super::answer::Answers;
use super::definition::{FormDefinition, Question, Section};

impl FormDefinition {
    /// True when `section` is shown for `answers` (an unknown condition hides it).
    pub fn section_shown(&self, section: &Section, answers: &Answers) -> bool {
        section
            .relevant
            .as_ref()
            .is_none_or(|c| c.eval(answers) == Some(true))
    }

    /// True when `question` in `section` is shown for `answers`.
    pub fn question_shown(
        &self,
        section: &Section,
        question: &Question,
        answers: &Answers,
    ) -> bool {
        self.section_shown(section, answers)
            && question
                .relevant
                .as_ref()
                .is_none_or(|c| c.eval(answers) == Some(true))
    }

    /// The answers that count: those of shown questions, computed until no answer drops out
    /// (a hidden answer may itself have been what showed another question).
    pub fn effective_answers(&self, answers: &Answers) -> Answers {
        let mut current = answers.clone();
        loop {
            let next: Answers = self
                .sections
                .iter()
                .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
                .filter(|(s, q)| self.question_shown(s, q, &current))
                .filter_map(|(_, q)| current.get(&q.id).map(|a| (q.id.clone(), a.clone())))
                .collect();
            if next.len() == current.len() {
                return next;
            }
            current = next;
        }
    }
}
