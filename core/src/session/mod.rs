//! A form session — the home visit or the RT/RW report — as the shells drive it: start or resume,
//! consent, answer, move between pages, read the screen, finish. Every change is saved before it
//! is shown, in one transaction, so a killed app loses nothing and nothing is half-written.

pub mod draft;
mod navigation;
mod photos;
pub mod record;
mod screens;
pub mod validate;
pub mod view;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::eligibility::{self, jakarta_date};
use crate::error::{Error, Result};
use crate::evidence::Evidence;
use crate::form::{self, answer, Answer, Answers, FormDefinition, FormKind, Prefill, QuestionType};
use crate::household::{repo, Household};
use crate::i18n::{has_errors, Problem, Text};
use crate::store::Store;
use draft::{Consent, DraftState, Step, StoredDraft};
use record::{CriterionResult, RecordBody, RecordKind, SignOff, RECORD_SCHEMA};

pub use draft::DraftListing;
use navigation::first_shown;
pub use photos::PhotoCapture;

/// The record a finished session produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// Record id (UUID v7).
    pub record_id: String,
    /// SHA-256 of the record body.
    pub sha256: String,
}

/// An open visit or report.
pub struct FormSession {
    draft: StoredDraft,
    form: &'static FormDefinition,
    household: Option<Household>,
    /// Photos taken on this visit, as the evidence store holds them.
    evidence: Vec<Evidence>,
    finished: bool,
}

impl FormSession {
    /// Open a home visit for a household already on the device (from the registry or created in
    /// the field). It starts with the consent step.
    pub fn start_visit(store: &mut Store, household_id: &str, now: DateTime<Utc>) -> Result<Self> {
        let household = repo::load(store.reader(), household_id)?;
        let form = form::current(FormKind::Visit)?;
        let mut answers = prefill(form, &household);
        let reused = dwelling_visit(store, form, &household, now)?;
        if let Some(earlier) = &reused {
            answers.extend(dwelling_answers(form, &earlier.body.answers));
        }
        let state = DraftState {
            step: Step::Consent,
            consent: None,
            dwelling_from: reused.map(|r| r.body.id),
        };
        Self::start(store, form, Some(household), answers, state, now)
    }

    /// Open an RT/RW report, about a known household or (with `None`) a family described in it.
    pub fn start_report(
        store: &mut Store,
        household_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let household = household_id
            .map(|id| repo::load(store.reader(), id))
            .transpose()?;
        let form = form::current(FormKind::Report)?;
        let first = first_shown(form, &Answers::new()).map_or(Step::Summary, Step::Section);
        let state = DraftState {
            step: first,
            consent: None,
            dwelling_from: None,
        };
        Self::start(store, form, household, Answers::new(), state, now)
    }

    fn start(
        store: &mut Store,
        form: &'static FormDefinition,
        household: Option<Household>,
        answers: Answers,
        state: DraftState,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let draft = StoredDraft {
            id: Uuid::now_v7().to_string(),
            kind: form.kind,
            household_id: household.as_ref().map(|h| h.id.clone()),
            form_id: form.id.clone(),
            form_version: form.version,
            state,
            started_at: now,
            answers,
        };
        store.write(|tx| draft::insert(tx, &draft))?;
        Ok(Self {
            draft,
            form,
            household,
            evidence: Vec::new(),
            finished: false,
        })
    }

    /// Reopen a draft after the app was closed or killed.
    pub fn resume(store: &Store, draft_id: &str) -> Result<Self> {
        let draft = draft::load(store.reader(), draft_id)?;
        let form = form::find(&draft.form_id, draft.form_version)?;
        let household = draft
            .household_id
            .as_deref()
            .map(|id| repo::load(store.reader(), id))
            .transpose()?;
        let mut session = Self {
            draft,
            form,
            household,
            evidence: Vec::new(),
            finished: false,
        };
        session.reload_evidence(store)?;
        Ok(session)
    }

    /// Unfinished drafts on the device.
    pub fn drafts(store: &Store) -> Result<Vec<DraftListing>> {
        draft::list(store.reader())
    }

    /// The draft id; it becomes the record id.
    pub fn id(&self) -> &str {
        &self.draft.id
    }

    /// The household the session is about, if any.
    pub fn household(&self) -> Option<&Household> {
        self.household.as_ref()
    }

    /// The form in use.
    pub fn form(&self) -> &'static FormDefinition {
        self.form
    }

    /// When the session started (photos taken outside the visit are flagged against it).
    pub fn started_at(&self) -> DateTime<Utc> {
        self.draft.started_at
    }

    /// The answers given so far (including hidden ones).
    pub fn answers(&self) -> &Answers {
        &self.draft.answers
    }

    fn ensure_open(&self) -> Result<()> {
        if self.finished {
            return Err(Error::State("session already finished"));
        }
        Ok(())
    }

    fn needs_consent(&self) -> bool {
        self.form.consent.is_some() && self.draft.state.consent.is_none()
    }

    /// Record the household's consent (or another legal basis) and go to the first page.
    pub fn give_consent(
        &mut self,
        store: &mut Store,
        basis: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.ensure_open()?;
        let step = self
            .form
            .consent
            .as_ref()
            .ok_or(Error::State("this form has no consent step"))?;
        if !step.bases.iter().any(|b| b.value == basis) {
            return Err(Error::invalid(Problem::error(
                "consent.unknown_basis",
                Text::new("Dasar hukum tidak dikenal.", "Unknown legal basis."),
            )));
        }
        let state = DraftState {
            consent: Some(Consent {
                basis: basis.to_owned(),
                at: now,
            }),
            step: first_shown(self.form, &self.draft.answers).map_or(Step::Summary, Step::Section),
            ..self.draft.state.clone()
        };
        self.save_state(store, state, now)
    }

    /// The household refused: the visit ends and only the refusal is recorded (no answers).
    pub fn refuse_consent(
        &mut self,
        store: &mut Store,
        sign_off: SignOff,
        now: DateTime<Utc>,
    ) -> Result<Finished> {
        self.ensure_open()?;
        if !self.needs_consent() {
            return Err(Error::State("consent was already given"));
        }
        let body = self.body(RecordKind::VisitRefused, Answers::new(), sign_off, now);
        self.write_record(store, body)
    }

    /// Set (`Some`) or clear (`None`) the answer to a question that is shown. An invalid answer
    /// is refused with bilingual problems and nothing changes.
    pub fn answer(
        &mut self,
        store: &mut Store,
        question_id: &str,
        value: Option<Answer>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let question = self.answerable(question_id)?;
        let value = value.and_then(drop_blank_text);
        if let Some(v) = &value {
            let problems = answer::check(question, v, jakarta_date(now));
            if has_errors(&problems) {
                return Err(Error::Invalid(problems));
            }
        }
        self.save_answer(store, question_id, value, now)
    }

    /// The question `question_id` if it can be answered now: the session is open, consent is
    /// recorded, and the question is shown and is not a note.
    fn answerable(&self, question_id: &str) -> Result<&'static form::Question> {
        self.ensure_open()?;
        if self.needs_consent() {
            return Err(Error::State("consent comes first"));
        }
        let form = self.form;
        let (section, question) = form
            .sections
            .iter()
            .find_map(|s| {
                s.questions
                    .iter()
                    .find(|q| q.id == question_id)
                    .map(|q| (s, q))
            })
            .ok_or_else(|| Error::NotFound {
                kind: "question",
                id: question_id.to_owned(),
            })?;
        if question.kind == QuestionType::Note
            || !form.question_shown(section, question, &self.draft.answers)
        {
            return Err(Error::State("this question cannot be answered now"));
        }
        Ok(question)
    }

    /// Save one (already checked) answer, then take it into the session.
    fn save_answer(
        &mut self,
        store: &mut Store,
        question_id: &str,
        value: Option<Answer>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let id = self.draft.id.clone();
        store.write(|tx| {
            draft::save_answer(tx, &id, question_id, value.as_ref())?;
            draft::save_state(tx, &id, &self.draft.state, now)
        })?;
        match value {
            Some(v) => self.draft.answers.insert(question_id.to_owned(), v),
            None => self.draft.answers.remove(question_id),
        };
        Ok(())
    }

    /// Finish: refuse with the blocking problems if anything is missing; otherwise write the
    /// immutable record, queue it in the outbox and remove the draft, in one transaction.
    pub fn finish(
        &mut self,
        store: &mut Store,
        sign_off: SignOff,
        now: DateTime<Utc>,
    ) -> Result<Finished> {
        self.ensure_open()?;
        let mut problems = self.blocking();
        problems.extend(check_sign_off(&sign_off));
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let kind = match self.form.kind {
            FormKind::Visit => RecordKind::Visit,
            FormKind::Report => RecordKind::Report,
        };
        let effective = self.form.effective_answers(&self.draft.answers);
        let mut body = self.body(kind, effective, sign_off, now);
        if kind == RecordKind::Visit {
            let outcomes = eligibility::evaluate(self.form, &self.draft.answers);
            body.criteria = outcomes
                .iter()
                .map(|o| CriterionResult {
                    number: o.number,
                    status: o.status,
                })
                .collect();
            body.assessment = Some(self.assess(&outcomes));
            body.evidence = self.current_evidence().cloned().collect();
        }
        self.write_record(store, body)
    }

    fn body(
        &self,
        kind: RecordKind,
        answers: Answers,
        sign_off: SignOff,
        now: DateTime<Utc>,
    ) -> RecordBody {
        RecordBody {
            schema: RECORD_SCHEMA,
            id: self.draft.id.clone(),
            kind,
            form_id: self.form.id.clone(),
            form_version: self.form.version,
            household_id: self.draft.household_id.clone(),
            started_at: self.draft.started_at,
            finished_at: now,
            consent: self.draft.state.consent.clone(),
            dwelling_from: self.draft.state.dwelling_from.clone(),
            answers,
            criteria: Vec::new(),
            evidence: Vec::new(),
            assessment: None,
            sign_off,
        }
    }

    fn write_record(&mut self, store: &mut Store, body: RecordBody) -> Result<Finished> {
        let sha256 = store.write_durable(|tx| {
            let hash = record::insert(tx, &body)?;
            draft::delete(tx, &body.id)?;
            Ok(hash)
        })?;
        self.finished = true;
        Ok(Finished {
            record_id: body.id,
            sha256,
        })
    }

    /// Throw the draft away (nothing is recorded).
    pub fn discard(&mut self, store: &mut Store) -> Result<()> {
        self.ensure_open()?;
        store.write(|tx| draft::delete(tx, &self.draft.id))?;
        self.finished = true;
        Ok(())
    }
}

/// Answers the core knows before the first page.
fn prefill(form: &FormDefinition, household: &Household) -> Answers {
    form.questions()
        .filter_map(|q| match q.prefill {
            Some(Prefill::HouseholdMembers) if !household.members.is_empty() => Some((
                q.id.clone(),
                Answer::Integer(household.members.len() as i64),
            )),
            _ => None,
        })
        .collect()
}

/// A recent visit to another family of the same dwelling, if the form allows reusing one.
fn dwelling_visit(
    store: &Store,
    form: &FormDefinition,
    household: &Household,
    now: DateTime<Utc>,
) -> Result<Option<record::StoredRecord>> {
    let Some(days) = form.dwelling_reuse_days else {
        return Ok(None);
    };
    let since = now - chrono::Duration::days(i64::from(days));
    record::latest_dwelling_visit(store.reader(), &household.dwelling_id, &household.id, since)
}

/// The answers of `answers` that describe the dwelling.
fn dwelling_answers(form: &FormDefinition, answers: &Answers) -> Answers {
    form.questions()
        .filter(|q| q.scope == form::Scope::Dwelling)
        .filter_map(|q| answers.get(&q.id).map(|a| (q.id.clone(), a.clone())))
        .collect()
}

fn drop_blank_text(answer: Answer) -> Option<Answer> {
    match answer {
        Answer::Text(s) if s.trim().is_empty() => None,
        Answer::Text(s) => Some(Answer::Text(s.trim().to_owned())),
        Answer::Choices(v) if v.is_empty() => None,
        other => Some(other),
    }
}

pub(crate) fn check_sign_off(sign_off: &SignOff) -> Option<Problem> {
    (sign_off.officer.trim().is_empty() || !sign_off.confirmed).then(|| {
        Problem::error(
            "signoff.missing",
            Text::new(
                "Petugas harus menyatakan data ini benar sebelum menyelesaikan.",
                "The officer must confirm the data is true before finishing.",
            ),
        )
    })
}
