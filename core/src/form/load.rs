//! Loading a form definition: parse the file, then refuse anything malformed or inconsistent with a
//! message that names the place, so a broken form never reaches a Peksos in the field.

use std::collections::HashSet;

use super::condition::Condition;
use super::definition::{
    Criterion, CriterionRule, FormDefinition, FormKind, Question, QuestionType,
};
use crate::error::{Error, Result};
use crate::i18n::Text;

/// Criteria that must carry required photo evidence in a visit form: floor, walls, toilet, lighting.
const PHOTO_CRITERIA: [u8; 4] = [2, 3, 4, 5];

/// Parse and check a definition. `name` identifies the file in messages.
pub fn load(name: &str, json: &str) -> Result<FormDefinition> {
    let form: FormDefinition = serde_json::from_str(json).map_err(|e| Error::Definition {
        form: name.to_owned(),
        place: format!("line {} column {}", e.line(), e.column()),
        reason: e.to_string(),
    })?;
    Checker::new(name, &form).run()?;
    Ok(form)
}

struct Checker<'a> {
    name: &'a str,
    form: &'a FormDefinition,
    ids: HashSet<&'a str>,
}

impl<'a> Checker<'a> {
    fn new(name: &'a str, form: &'a FormDefinition) -> Self {
        let ids = form.questions().map(|q| q.id.as_str()).collect();
        Self { name, form, ids }
    }

    fn fail(&self, place: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::Definition {
            form: self.name.to_owned(),
            place: place.into(),
            reason: reason.into(),
        }
    }

    fn run(&self) -> Result<()> {
        if self.form.id.trim().is_empty() || self.form.version == 0 {
            return Err(self.fail("id/version", "a form needs an id and a version ≥ 1"));
        }
        self.text("title", &self.form.title)?;
        self.consent()?;
        self.unique_ids()?;
        for (s, section) in self.form.sections.iter().enumerate() {
            let place = format!("sections[{s}] ({})", section.id);
            self.text(&format!("{place}.title"), &section.title)?;
            self.condition(&format!("{place}.relevant"), section.relevant.as_ref())?;
            for (q, question) in section.questions.iter().enumerate() {
                self.question(
                    &format!("{place}.questions[{q}] ({})", question.id),
                    question,
                )?;
            }
        }
        self.condition("emergency", self.form.emergency.as_ref())?;
        self.criteria()
    }

    fn text(&self, place: &str, text: &Text) -> Result<()> {
        if text.is_incomplete() {
            return Err(self.fail(place, "text needs both Indonesian (id) and English (en)"));
        }
        Ok(())
    }

    fn consent(&self) -> Result<()> {
        match (&self.form.consent, self.form.kind) {
            (None, FormKind::Visit) => {
                Err(self.fail("consent", "a visit form needs a consent step"))
            }
            (None, FormKind::Report) => Ok(()),
            (Some(step), _) => {
                self.text("consent.notice", &step.notice)?;
                if step.bases.is_empty() {
                    return Err(self.fail("consent.bases", "at least one legal basis is needed"));
                }
                for (i, basis) in step.bases.iter().enumerate() {
                    self.text(&format!("consent.bases[{i}]"), &basis.label)?;
                }
                Ok(())
            }
        }
    }

    fn unique_ids(&self) -> Result<()> {
        let mut seen = HashSet::new();
        for q in self.form.questions() {
            if !seen.insert(q.id.as_str()) {
                return Err(self.fail(format!("question {}", q.id), "duplicate question id"));
            }
        }
        let mut sections = HashSet::new();
        for s in &self.form.sections {
            if !sections.insert(s.id.as_str()) {
                return Err(self.fail(format!("section {}", s.id), "duplicate section id"));
            }
        }
        Ok(())
    }

    fn question(&self, place: &str, q: &Question) -> Result<()> {
        if q.id.trim().is_empty() {
            return Err(self.fail(place, "empty question id"));
        }
        self.text(&format!("{place}.label"), &q.label)?;
        if let Some(hint) = &q.hint {
            self.text(&format!("{place}.hint"), hint)?;
        }
        self.choices(place, q)?;
        self.condition(&format!("{place}.relevant"), q.relevant.as_ref())?;
        if let Some(cond) = &q.relevant {
            if cond.questions().contains(&q.id.as_str()) {
                return Err(self.fail(
                    format!("{place}.relevant"),
                    "a question cannot depend on itself",
                ));
            }
        }
        self.constraint(place, q)
    }

    fn choices(&self, place: &str, q: &Question) -> Result<()> {
        let is_select = matches!(q.kind, QuestionType::SelectOne | QuestionType::SelectMany);
        if is_select == q.choices.is_empty() {
            let reason = if is_select {
                "a select question needs choices"
            } else {
                "only select questions have choices"
            };
            return Err(self.fail(format!("{place}.choices"), reason));
        }
        let mut seen = HashSet::new();
        for (i, c) in q.choices.iter().enumerate() {
            self.text(&format!("{place}.choices[{i}]"), &c.label)?;
            if !seen.insert(c.value.as_str()) {
                return Err(self.fail(format!("{place}.choices[{i}]"), "duplicate choice value"));
            }
        }
        Ok(())
    }

    fn constraint(&self, place: &str, q: &Question) -> Result<()> {
        let Some(c) = &q.constraint else {
            return Ok(());
        };
        if let (Some(min), Some(max)) = (c.min, c.max) {
            if min > max {
                return Err(self.fail(format!("{place}.constraint"), "min is greater than max"));
            }
        }
        if let Some(p) = &c.pattern {
            regex::Regex::new(p)
                .map_err(|e| self.fail(format!("{place}.constraint.pattern"), e.to_string()))?;
        }
        if let Some(m) = &c.message {
            self.text(&format!("{place}.constraint.message"), m)?;
        }
        match q.max_long_side {
            Some(px) if !(256..=4096).contains(&px) => {
                Err(self.fail(format!("{place}.max_long_side"), "must be 256–4096 px"))
            }
            _ => Ok(()),
        }
    }

    fn condition(&self, place: &str, condition: Option<&Condition>) -> Result<()> {
        let Some(condition) = condition else {
            return Ok(());
        };
        match condition
            .questions()
            .into_iter()
            .find(|q| !self.ids.contains(q))
        {
            Some(unknown) => Err(self.fail(place, format!("unknown question `{unknown}`"))),
            None => Ok(()),
        }
    }

    fn criteria(&self) -> Result<()> {
        if self.form.kind == FormKind::Report {
            return Ok(());
        }
        let count = self.form.criteria.len();
        for (i, c) in self.form.criteria.iter().enumerate() {
            let place = format!("criteria[{i}] ({})", c.id);
            if usize::from(c.number) != i + 1 {
                return Err(self.fail(
                    place,
                    format!("criteria must be numbered 1..{count} in order"),
                ));
            }
            self.text(&format!("{place}.label"), &c.label)?;
            self.criterion_source(&place, c)?;
            self.criterion_evidence(&place, c)?;
        }
        match &self.form.scoring {
            Some(s) if s.min_met >= 1 && usize::from(s.min_met) <= count => Ok(()),
            Some(_) => Err(self.fail("scoring.min_met", format!("must be 1..{count}"))),
            None => Err(self.fail("scoring", "a visit form needs a scoring rule")),
        }
    }

    fn criterion_source(&self, place: &str, c: &Criterion) -> Result<()> {
        match &c.rule {
            CriterionRule::AreaPerPersonBelow {
                area,
                people,
                threshold,
            } => {
                for id in [area, people] {
                    self.numeric_question(&format!("{place}.rule"), id)?;
                }
                if threshold.is_nan() || *threshold <= 0.0 {
                    return Err(self.fail(format!("{place}.rule"), "threshold must be positive"));
                }
                Ok(())
            }
            CriterionRule::When(_) if c.number == 1 => Err(self.fail(
                format!("{place}.rule"),
                "criterion 1 is computed from floor area and people (area_per_person_below)",
            )),
            CriterionRule::When(cond) => {
                if cond.questions().is_empty() {
                    return Err(self.fail(
                        format!("{place}.rule"),
                        "the criterion has no source question",
                    ));
                }
                self.condition(&format!("{place}.rule"), Some(cond))
            }
        }
    }

    fn numeric_question(&self, place: &str, id: &str) -> Result<()> {
        match self.form.question(id).map(|q| q.kind) {
            Some(QuestionType::Integer | QuestionType::Decimal) => Ok(()),
            Some(_) => Err(self.fail(place, format!("`{id}` must be a number question"))),
            None => Err(self.fail(place, format!("unknown question `{id}`"))),
        }
    }

    fn criterion_evidence(&self, place: &str, c: &Criterion) -> Result<()> {
        let place = format!("{place}.evidence");
        match &c.evidence {
            None if PHOTO_CRITERIA.contains(&c.number) => {
                Err(self.fail(place, "this criterion needs required photo evidence"))
            }
            None => Ok(()),
            Some(e) if PHOTO_CRITERIA.contains(&c.number) && !e.required => {
                Err(self.fail(place, "photo evidence for this criterion must be required"))
            }
            Some(e) => match self.form.question(&e.question).map(|q| q.kind) {
                Some(QuestionType::Photo) => Ok(()),
                Some(_) => {
                    Err(self.fail(place, format!("`{}` is not a photo question", e.question)))
                }
                None => Err(self.fail(place, format!("unknown question `{}`", e.question))),
            },
        }
    }
}
