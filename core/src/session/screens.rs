//! What a session shows: the consent step, a page, the progress, and the summary with every
//! criterion, its evidence, the assessment and what still blocks finishing.

use super::view::{
    ChoiceView, ConsentView, CriterionView, PageView, Progress, QuestionView, Screen, SummaryView,
};
use super::{draft::Step, FormSession};
use crate::eligibility::{self, CriterionStatus};
use crate::form::{Answer, FormDefinition, FormKind, QuestionType};
use crate::i18n::{Problem, Text};

impl FormSession {
    /// What the current step shows.
    pub fn screen(&self) -> Screen {
        match (self.draft.state.step, &self.form.consent) {
            (Step::Consent, Some(consent)) => Screen::Consent(ConsentView {
                title: self.form.title.clone(),
                notice: consent.notice.clone(),
                bases: consent
                    .bases
                    .iter()
                    .map(|b| ChoiceView::of(b, None))
                    .collect(),
            }),
            (Step::Section(i), _) => Screen::Page(self.page(i)),
            _ => Screen::Summary(self.summary()),
        }
    }

    fn page(&self, index: usize) -> PageView {
        let section = &self.form.sections[index];
        let answers = &self.draft.answers;
        let shown = self.shown_sections();
        let number = shown.iter().position(|i| *i == index).map_or(1, |p| p + 1);
        let questions = section
            .questions
            .iter()
            .filter(|q| self.form.question_shown(section, q, answers))
            .map(|q| {
                let answer = answers.get(&q.id).cloned();
                QuestionView {
                    id: q.id.clone(),
                    kind: q.kind,
                    label: q.label.clone(),
                    hint: q.hint.clone(),
                    required: q.required,
                    choices: q
                        .choices
                        .iter()
                        .map(|c| ChoiceView::of(c, answer.as_ref()))
                        .collect(),
                    missing: q.required && answer.is_none(),
                    answer,
                    max_long_side: q.max_long_side,
                    evidence_for: self.form.criterion_for_evidence(&q.id).map(|c| c.number),
                }
            })
            .collect();
        PageView {
            section_id: section.id.clone(),
            title: section.title.clone(),
            number,
            count: shown.len(),
            questions,
            progress: self.progress(),
            can_go_back: number > 1,
        }
    }

    fn progress(&self) -> Progress {
        let answers = &self.draft.answers;
        let required: Vec<&str> = self.required_shown().collect();
        Progress {
            answered: required
                .iter()
                .filter(|q| answers.contains_key(**q))
                .count(),
            required: required.len(),
            missing_evidence: required
                .iter()
                .filter(|q| self.is_photo(q) && !answers.contains_key(**q))
                .map(|q| (*q).to_owned())
                .collect(),
        }
    }

    /// Required questions (and required evidence photos) that are shown now.
    fn required_shown(&self) -> impl Iterator<Item = &'static str> + '_ {
        super::validate::required_shown(self.form, &self.draft.answers)
    }

    fn is_photo(&self, question_id: &str) -> bool {
        self.form
            .question(question_id)
            .is_some_and(|q| q.kind == QuestionType::Photo)
    }

    /// The summary: every criterion with its answers and evidence, the score and recommendation,
    /// and what still blocks finishing.
    pub fn summary(&self) -> SummaryView {
        let answers = &self.draft.answers;
        let outcomes = eligibility::evaluate(self.form, answers);
        let assessment = (self.form.kind == FormKind::Visit).then(|| self.assess(&outcomes));
        let criteria = outcomes
            .into_iter()
            .map(|outcome| {
                let photo = outcome
                    .evidence_question
                    .as_ref()
                    .and_then(|q| match answers.get(q) {
                        Some(Answer::Photo(id)) => Some(id.clone()),
                        _ => None,
                    });
                let required = self.form.criteria[usize::from(outcome.number) - 1]
                    .evidence
                    .as_ref()
                    .is_some_and(|e| e.required);
                CriterionView {
                    evidence_missing: required && photo.is_none(),
                    photo_flags: self.photo_flags(photo.as_deref()),
                    photo,
                    outcome,
                }
            })
            .collect();
        SummaryView {
            title: self.form.title.clone(),
            criteria,
            assessment,
            blocking: self.blocking(),
            progress: self.progress(),
        }
    }

    /// The flags of the photo `photo_id` of this visit, in words.
    fn photo_flags(&self, photo_id: Option<&str>) -> Vec<Text> {
        self.current_evidence()
            .filter(|e| Some(e.photo_id.as_str()) == photo_id)
            .flat_map(|e| e.flags.iter().map(|f| f.text()))
            .collect()
    }

    pub(super) fn assess(
        &self,
        outcomes: &[eligibility::CriterionOutcome],
    ) -> eligibility::Assessment {
        let effective = self.form.effective_answers(&self.draft.answers);
        let emergency = self
            .form
            .emergency
            .as_ref()
            .is_some_and(|c| c.eval(&effective) == Some(true));
        let registry = self
            .household
            .as_ref()
            .map(|h| h.registry.clone())
            .unwrap_or_default();
        eligibility::assess(
            eligibility::score(self.form, outcomes),
            &registry,
            emergency,
        )
    }

    pub(super) fn blocking(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.needs_consent() {
            problems.push(Problem::error(
                "consent.missing",
                Text::new(
                    "Persetujuan keluarga belum dicatat.",
                    "The family's consent is not recorded.",
                ),
            ));
        }
        for id in self
            .required_shown()
            .filter(|q| !self.draft.answers.contains_key(*q))
        {
            problems.push(missing_problem(self.form, id, self.is_photo(id)));
        }
        problems
    }
}

pub(super) fn missing_problem(form: &FormDefinition, question_id: &str, photo: bool) -> Problem {
    let label = form
        .question(question_id)
        .map(|q| q.label.clone())
        .unwrap_or_else(|| Text::new("", ""));
    let (code, text) = if photo {
        (
            "evidence.missing",
            Text::new(
                format!("Foto bukti belum diambil: {}.", label.id),
                format!("Evidence photo not taken yet: {}.", label.en),
            ),
        )
    } else {
        (
            "answer.required",
            Text::new(
                format!("Belum dijawab: {}.", label.id),
                format!("Not answered yet: {}.", label.en),
            ),
        )
    };
    Problem::error(code, text).at(question_id)
}

impl CriterionStatus {
    /// The status in words.
    pub fn text(self) -> Text {
        match self {
            Self::Met => Text::new("Memenuhi", "Met"),
            Self::NotMet => Text::new("Tidak memenuhi", "Not met"),
            Self::Unknown => Text::new("Belum diketahui", "Unknown"),
        }
    }
}
