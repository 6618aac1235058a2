//! The visit and report sessions as objects: consent, answers, moving between pages, the screen
//! to draw, the summary with every criterion and the assessment, finishing into an immutable
//! record. Each call saves before it returns; a session whose app was killed is reopened with
//! [`PanduCore::resume`].

use std::sync::{Arc, Mutex};

use chrono::Utc;
use pandu_core::eligibility::{self, CriterionStatus as CoreStatus, Path};
use pandu_core::form::{self, QuestionType};
use pandu_core::session::{record, view, FormSession};
use pandu_core::store::Store;

use crate::convert::{all, Answer, BilingualText, FormKind, Problem};
use crate::error::{lock, PanduError};
use crate::facade::{PanduCore, Shared};

/// An open home visit or RT/RW report.
#[derive(uniffi::Object)]
pub struct Session {
    pub(crate) shared: Arc<Shared>,
    pub(crate) inner: Mutex<FormSession>,
}

impl Session {
    fn wrap(shared: &Arc<Shared>, session: FormSession) -> Arc<Self> {
        Arc::new(Self {
            shared: Arc::clone(shared),
            inner: Mutex::new(session),
        })
    }

    /// Run `work` on the session and the open store (the session's lock first, then the store's).
    pub(crate) fn with<T>(
        &self,
        work: impl FnOnce(&mut FormSession, &mut Store) -> Result<T, PanduError>,
    ) -> Result<T, PanduError> {
        let mut session = lock(&self.inner);
        self.shared.with_store(|store| work(&mut session, store))
    }

    /// Read the session, failing once the core is closed.
    fn read<T>(&self, look: impl FnOnce(&FormSession) -> T) -> Result<T, PanduError> {
        let session = lock(&self.inner);
        self.shared.ensure_open()?;
        Ok(look(&session))
    }
}

#[uniffi::export]
impl PanduCore {
    /// Start a home visit of family `household_id`; it opens on the consent step.
    pub fn start_visit(&self, household_id: String) -> Result<Arc<Session>, PanduError> {
        let session = self
            .shared
            .with_store(|store| Ok(FormSession::start_visit(store, &household_id, Utc::now())?))?;
        Ok(Session::wrap(&self.shared, session))
    }

    /// Start an RT/RW report about a known family, or (with `None`) a family it describes.
    pub fn start_report(&self, household_id: Option<String>) -> Result<Arc<Session>, PanduError> {
        let session = self.shared.with_store(|store| {
            Ok(FormSession::start_report(
                store,
                household_id.as_deref(),
                Utc::now(),
            )?)
        })?;
        Ok(Session::wrap(&self.shared, session))
    }

    /// Reopen the unfinished visit or report `draft_id` where it was left.
    pub fn resume(&self, draft_id: String) -> Result<Arc<Session>, PanduError> {
        let session = self
            .shared
            .with_store(|store| Ok(FormSession::resume(store, &draft_id)?))?;
        Ok(Session::wrap(&self.shared, session))
    }
}

/// Who signs a record off.
#[derive(Clone, Debug, uniffi::Record)]
pub struct SignOff {
    /// The officer's account name.
    pub officer: String,
    /// The officer confirms the record is true to the visit.
    pub confirmed: bool,
}

/// The record a finished session wrote.
#[derive(Clone, Debug, uniffi::Record)]
pub struct FinishedRecord {
    /// Record id (UUID v7).
    pub record_id: String,
    /// SHA-256 of the record's canonical body.
    pub sha256: String,
}

#[uniffi::export]
impl Session {
    /// The draft id; it becomes the record id.
    pub fn id(&self) -> String {
        lock(&self.inner).id().to_owned()
    }

    /// Visit or report.
    pub fn kind(&self) -> FormKind {
        lock(&self.inner).form().kind.into()
    }

    /// The family the session is about, if any.
    pub fn household_id(&self) -> Option<String> {
        lock(&self.inner).household().map(|h| h.id.clone())
    }

    /// What the current step shows.
    pub fn screen(&self) -> Result<Screen, PanduError> {
        self.read(|s| s.screen().into())
    }

    /// The summary: criteria with their evidence, score, path and what blocks finishing.
    pub fn summary(&self) -> Result<SummaryView, PanduError> {
        self.read(|s| s.summary().into())
    }

    /// Record the family's consent (or another legal basis, a value of the consent step's
    /// bases) and go to the first page.
    pub fn give_consent(&self, basis: String) -> Result<(), PanduError> {
        self.with(|s, store| Ok(s.give_consent(store, &basis, Utc::now())?))
    }

    /// The family refused: the visit ends, and only the refusal is recorded.
    pub fn refuse_consent(&self, sign_off: SignOff) -> Result<FinishedRecord, PanduError> {
        self.with(|s, store| Ok(s.refuse_consent(store, sign_off.into(), Utc::now())?.into()))
    }

    /// Set (or with `None` clear) the answer to a question shown now. An invalid answer gives
    /// [`PanduError::Invalid`] and changes nothing.
    pub fn answer(&self, question_id: String, value: Option<Answer>) -> Result<(), PanduError> {
        let value = value
            .map(form::Answer::try_from)
            .transpose()
            .map_err(|e| e.about(&question_id))?;
        self.with(|s, store| Ok(s.answer(store, &question_id, value, Utc::now())?))
    }

    /// Go to the next page shown, or to the summary after the last.
    pub fn next(&self) -> Result<(), PanduError> {
        self.with(|s, store| Ok(s.next(store, Utc::now())?))
    }

    /// Go back to the previous page shown.
    pub fn back(&self) -> Result<(), PanduError> {
        self.with(|s, store| Ok(s.back(store, Utc::now())?))
    }

    /// Jump to the shown page `section_id`, or to the summary with `"summary"`.
    pub fn jump(&self, section_id: String) -> Result<(), PanduError> {
        self.with(|s, store| Ok(s.jump(store, &section_id, Utc::now())?))
    }

    /// Finish: refused with the blocking problems if anything is missing; otherwise the
    /// immutable record is written and queued for sending. The session cannot be used after.
    pub fn finish(&self, sign_off: SignOff) -> Result<FinishedRecord, PanduError> {
        self.with(|s, store| Ok(s.finish(store, sign_off.into(), Utc::now())?.into()))
    }

    /// Throw the draft away; nothing is recorded.
    pub fn discard(&self) -> Result<(), PanduError> {
        self.with(|s, store| Ok(s.discard(store)?))
    }
}

impl From<SignOff> for record::SignOff {
    fn from(s: SignOff) -> Self {
        Self {
            officer: s.officer,
            confirmed: s.confirmed,
        }
    }
}

impl From<pandu_core::session::Finished> for FinishedRecord {
    fn from(f: pandu_core::session::Finished) -> Self {
        Self {
            record_id: f.record_id,
            sha256: f.sha256,
        }
    }
}

/// What the current step of a session shows.
#[derive(Clone, Debug, uniffi::Enum)]
pub enum Screen {
    /// The privacy notice and the consent choice.
    Consent {
        /// The step.
        view: ConsentView,
    },
    /// A page of questions.
    Page {
        /// The page.
        view: PageView,
    },
    /// The summary before finishing.
    Summary {
        /// The summary.
        view: SummaryView,
    },
}

/// The consent step.
#[derive(Clone, Debug, uniffi::Record)]
pub struct ConsentView {
    /// The form's title.
    pub title: BilingualText,
    /// The notice to read to the family.
    pub notice: BilingualText,
    /// The legal bases to choose from.
    pub bases: Vec<ChoiceView>,
}

/// A page of questions.
#[derive(Clone, Debug, uniffi::Record)]
pub struct PageView {
    /// Section id (to jump back to it).
    pub section_id: String,
    /// Page title.
    pub title: BilingualText,
    /// 1-based position among the pages shown.
    pub number: u32,
    /// Pages shown.
    pub count: u32,
    /// The questions shown, in order.
    pub questions: Vec<QuestionView>,
    /// Progress over the whole form.
    pub progress: FormProgress,
    /// There is a page before this one.
    pub can_go_back: bool,
}

/// The kind of input a question takes.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum QuestionKind {
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
    /// A date.
    Date,
    /// A photo (attach it with [`Session::attach_photo`]).
    Photo,
    /// A GPS position.
    Geopoint,
    /// Read-only text.
    Note,
}

/// One question as shown.
#[derive(Clone, Debug, uniffi::Record)]
pub struct QuestionView {
    /// Question id.
    pub id: String,
    /// Kind of input.
    pub kind: QuestionKind,
    /// Label.
    pub label: BilingualText,
    /// Hint.
    pub hint: Option<BilingualText>,
    /// Must be answered.
    pub required: bool,
    /// Choices with the current selection.
    pub choices: Vec<ChoiceView>,
    /// The current answer.
    pub answer: Option<Answer>,
    /// Required and not answered yet.
    pub missing: bool,
    /// For photos: the long side it is stored at.
    pub max_long_side: Option<u32>,
    /// The criterion (number) this photo is evidence for.
    pub evidence_for: Option<u8>,
}

/// One choice as shown.
#[derive(Clone, Debug, uniffi::Record)]
pub struct ChoiceView {
    /// Stored value.
    pub value: String,
    /// Label.
    pub label: BilingualText,
    /// Chosen now.
    pub selected: bool,
}

/// How far the session is.
#[derive(Clone, Debug, uniffi::Record)]
pub struct FormProgress {
    /// Required questions shown that are answered.
    pub answered: u32,
    /// Required questions shown.
    pub required: u32,
    /// Required evidence photos not taken yet (question ids).
    pub missing_evidence: Vec<String>,
}

/// The summary before finishing.
#[derive(Clone, Debug, uniffi::Record)]
pub struct SummaryView {
    /// Form title.
    pub title: BilingualText,
    /// The criteria (visits; empty for reports).
    pub criteria: Vec<CriterionView>,
    /// Score, path and registry errors (visits).
    pub assessment: Option<Assessment>,
    /// What still blocks finishing; empty when it can finish.
    pub blocking: Vec<Problem>,
    /// Progress.
    pub progress: FormProgress,
}

/// Whether a criterion holds.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum CriterionStatus {
    /// It holds (counts towards poverty).
    Met,
    /// It does not hold.
    NotMet,
    /// An answer it needs is missing.
    Unknown,
}

/// A question and its answer, as a criterion read it.
#[derive(Clone, Debug, uniffi::Record)]
pub struct QuestionAnswer {
    /// Question id.
    pub question_id: String,
    /// The answer.
    pub answer: Answer,
}

/// One criterion on the summary, with the answers and photo behind it.
#[derive(Clone, Debug, uniffi::Record)]
pub struct CriterionView {
    /// 1 to 12.
    pub number: u8,
    /// Stable id from the form.
    pub id: String,
    /// Label.
    pub label: BilingualText,
    /// Met, not met or unknown.
    pub status: CriterionStatus,
    /// The status in words.
    pub status_text: BilingualText,
    /// The answers the rule read.
    pub answers: Vec<QuestionAnswer>,
    /// The photo attached as its evidence.
    pub photo_id: Option<String>,
    /// Evidence is required but missing.
    pub evidence_missing: bool,
    /// What the office will look at about the photo.
    pub photo_flags: Vec<BilingualText>,
}

/// The path a visit points to.
#[derive(Clone, Copy, Debug, PartialEq, uniffi::Enum)]
pub enum EligibilityPath {
    /// (a) In PPLS 2011 with a KPS, verified poor: basic services.
    A,
    /// (b) Poor without PPLS/KPS: the unit's one-year card.
    B,
    /// (c) Not poor but in urgent need: a one-month letter.
    C,
    /// Not poor, no urgent need.
    NotEligible,
    /// Not enough answers to decide.
    Undetermined,
}

/// Criteria counted under the form's rule.
#[derive(Clone, Debug, uniffi::Record)]
pub struct Score {
    /// Criteria met.
    pub met: u8,
    /// Criteria not met.
    pub not_met: u8,
    /// Criteria unknown.
    pub unknown: u8,
    /// Criteria needed to count as poor.
    pub min_met: u8,
    /// The rule's version (form id and version).
    pub rule_version: String,
}

/// What the visit means for the family.
#[derive(Clone, Debug, uniffi::Record)]
pub struct Assessment {
    /// The score.
    pub score: Score,
    /// The recommended path.
    pub path: EligibilityPath,
    /// In PPLS 2011 but found not poor.
    pub inclusion_error: bool,
    /// Found poor but not in PPLS 2011.
    pub exclusion_error: bool,
    /// An urgent need was recorded.
    pub emergency: bool,
    /// What to recommend.
    pub recommendation: BilingualText,
}

impl From<view::Screen> for Screen {
    fn from(s: view::Screen) -> Self {
        match s {
            view::Screen::Consent(v) => Self::Consent {
                view: ConsentView {
                    title: v.title.into(),
                    notice: v.notice.into(),
                    bases: all(v.bases),
                },
            },
            view::Screen::Page(v) => Self::Page { view: v.into() },
            view::Screen::Summary(v) => Self::Summary { view: v.into() },
        }
    }
}

impl From<view::PageView> for PageView {
    fn from(p: view::PageView) -> Self {
        Self {
            section_id: p.section_id,
            title: p.title.into(),
            number: p.number as u32,
            count: p.count as u32,
            questions: all(p.questions),
            progress: p.progress.into(),
            can_go_back: p.can_go_back,
        }
    }
}

impl From<view::QuestionView> for QuestionView {
    fn from(q: view::QuestionView) -> Self {
        Self {
            id: q.id,
            kind: q.kind.into(),
            label: q.label.into(),
            hint: q.hint.map(BilingualText::from),
            required: q.required,
            choices: all(q.choices),
            answer: q.answer.map(Answer::from),
            missing: q.missing,
            max_long_side: q.max_long_side,
            evidence_for: q.evidence_for,
        }
    }
}

impl From<QuestionType> for QuestionKind {
    fn from(k: QuestionType) -> Self {
        match k {
            QuestionType::SelectOne => Self::SelectOne,
            QuestionType::SelectMany => Self::SelectMany,
            QuestionType::Integer => Self::Integer,
            QuestionType::Decimal => Self::Decimal,
            QuestionType::Text => Self::Text,
            QuestionType::Date => Self::Date,
            QuestionType::Photo => Self::Photo,
            QuestionType::Geopoint => Self::Geopoint,
            QuestionType::Note => Self::Note,
        }
    }
}

impl From<view::ChoiceView> for ChoiceView {
    fn from(c: view::ChoiceView) -> Self {
        Self {
            value: c.value,
            label: c.label.into(),
            selected: c.selected,
        }
    }
}

impl From<view::Progress> for FormProgress {
    fn from(p: view::Progress) -> Self {
        Self {
            answered: p.answered as u32,
            required: p.required as u32,
            missing_evidence: p.missing_evidence,
        }
    }
}

impl From<view::SummaryView> for SummaryView {
    fn from(s: view::SummaryView) -> Self {
        Self {
            title: s.title.into(),
            criteria: all(s.criteria),
            assessment: s.assessment.map(Assessment::from),
            blocking: all(s.blocking),
            progress: s.progress.into(),
        }
    }
}

impl From<view::CriterionView> for CriterionView {
    fn from(c: view::CriterionView) -> Self {
        let o = c.outcome;
        Self {
            number: o.number,
            id: o.id,
            label: o.label.into(),
            status: o.status.into(),
            status_text: o.status.text().into(),
            answers: o
                .answers
                .into_iter()
                .map(|(question_id, a)| QuestionAnswer {
                    question_id,
                    answer: a.into(),
                })
                .collect(),
            photo_id: c.photo,
            evidence_missing: c.evidence_missing,
            photo_flags: all(c.photo_flags),
        }
    }
}

impl From<CoreStatus> for CriterionStatus {
    fn from(s: CoreStatus) -> Self {
        match s {
            CoreStatus::Met => Self::Met,
            CoreStatus::NotMet => Self::NotMet,
            CoreStatus::Unknown => Self::Unknown,
        }
    }
}

impl From<eligibility::Assessment> for Assessment {
    fn from(a: eligibility::Assessment) -> Self {
        let s = a.score;
        Self {
            score: Score {
                met: s.met,
                not_met: s.not_met,
                unknown: s.unknown,
                min_met: s.min_met,
                rule_version: s.rule_version,
            },
            path: a.path.into(),
            inclusion_error: a.inclusion_error,
            exclusion_error: a.exclusion_error,
            emergency: a.emergency,
            recommendation: a.recommendation.into(),
        }
    }
}

impl From<Path> for EligibilityPath {
    fn from(p: Path) -> Self {
        match p {
            Path::A => Self::A,
            Path::B => Self::B,
            Path::C => Self::C,
            Path::NotEligible => Self::NotEligible,
            Path::Undetermined => Self::Undetermined,
        }
    }
}
