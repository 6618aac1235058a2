//! Moving between the pages of a session: next, back, jump, and which pages are shown.

use chrono::{DateTime, Utc};

use super::draft::{self, DraftState, Step};
use super::FormSession;
use crate::error::{Error, Result};
use crate::form::{Answers, FormDefinition};
use crate::store::Store;

impl FormSession {
    /// Go to the next page shown, or to the summary after the last.
    pub fn next(&mut self, store: &mut Store, now: DateTime<Utc>) -> Result<()> {
        let shown = self.shown_sections();
        let step = match self.draft.state.step {
            Step::Consent => return Err(Error::State("consent comes first")),
            Step::Summary => Step::Summary,
            Step::Section(i) => shown
                .into_iter()
                .find(|s| *s > i)
                .map_or(Step::Summary, Step::Section),
        };
        self.move_to(store, step, now)
    }

    /// Go back to the previous page shown (the consent step is not revisited).
    pub fn back(&mut self, store: &mut Store, now: DateTime<Utc>) -> Result<()> {
        let shown = self.shown_sections();
        let step = match self.draft.state.step {
            Step::Consent => Step::Consent,
            Step::Summary => shown.last().copied().map_or(Step::Summary, Step::Section),
            Step::Section(i) => {
                Step::Section(shown.into_iter().rev().find(|s| *s < i).unwrap_or(i))
            }
        };
        self.move_to(store, step, now)
    }

    /// Jump to a shown section by id, or to the summary with `"summary"`.
    pub fn jump(&mut self, store: &mut Store, section_id: &str, now: DateTime<Utc>) -> Result<()> {
        let step = if section_id == "summary" {
            Step::Summary
        } else {
            let index = self
                .shown_sections()
                .into_iter()
                .find(|i| self.form.sections[*i].id == section_id)
                .ok_or_else(|| Error::NotFound {
                    kind: "section",
                    id: section_id.to_owned(),
                })?;
            Step::Section(index)
        };
        self.move_to(store, step, now)
    }

    fn move_to(&mut self, store: &mut Store, step: Step, now: DateTime<Utc>) -> Result<()> {
        self.ensure_open()?;
        if self.needs_consent() {
            return Err(Error::State("consent comes first"));
        }
        let state = DraftState {
            step,
            ..self.draft.state.clone()
        };
        self.save_state(store, state, now)
    }

    pub(super) fn save_state(
        &mut self,
        store: &mut Store,
        state: DraftState,
        now: DateTime<Utc>,
    ) -> Result<()> {
        store.write(|tx| draft::save_state(tx, &self.draft.id, &state, now))?;
        self.draft.state = state;
        Ok(())
    }

    pub(super) fn shown_sections(&self) -> Vec<usize> {
        shown_sections(self.form, &self.draft.answers)
    }
}

/// Indexes of the sections shown for `answers`.
pub(super) fn shown_sections(form: &FormDefinition, answers: &Answers) -> Vec<usize> {
    (0..form.sections.len())
        .filter(|i| form.section_shown(&form.sections[*i], answers))
        .collect()
}

pub(super) fn first_shown(form: &FormDefinition, answers: &Answers) -> Option<usize> {
    shown_sections(form, answers).first().copied()
}
