//! Photo evidence inside a session: taking (or retaking) the photo a question asks for through the
//! evidence pipeline, removing it, and which stored photos are the current answers. The evidence
//! store is the truth for photos; the draft's photo answers follow it, even after a crash between
//! the two writes.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::FormSession;
use crate::error::{Error, Result};
use crate::evidence::{self, DeviceFix, Evidence, IngestRequest, DEFAULT_GEOFENCE_RADIUS_M};
use crate::form::{Answer, QuestionType};
use crate::store::{Store, StoreKey};

/// The long side of a stored photo when the form does not say.
const DEFAULT_LONG_SIDE: u32 = 1600;

/// A photo as the shell's camera wrote it.
#[derive(Clone, Debug)]
pub struct PhotoCapture {
    /// The JPEG file the camera wrote, in the app's private folder.
    pub source_path: PathBuf,
    /// The shell's own GPS fix when the photo was taken.
    pub device_fix: Option<DeviceFix>,
    /// Keep the camera's file after ingest (by default it is deleted).
    pub keep_original: bool,
}

impl FormSession {
    /// Take `capture` as the photo for `question_id`: process, check and store it encrypted, make
    /// it the answer, and drop the photo it replaces. Bad files are refused with a typed, bilingual
    /// error and leave nothing behind.
    pub fn attach_photo(
        &mut self,
        store: &mut Store,
        key: &StoreKey,
        media_dir: &Path,
        question_id: &str,
        capture: PhotoCapture,
        now: DateTime<Utc>,
    ) -> Result<Evidence> {
        let question = self.answerable(question_id)?;
        if question.kind != QuestionType::Photo {
            return Err(Error::State("this question does not take a photo"));
        }
        let request = IngestRequest {
            draft_id: self.draft.id.clone(),
            question_id: question_id.to_owned(),
            source_path: capture.source_path,
            max_long_side: question.max_long_side.unwrap_or(DEFAULT_LONG_SIDE),
            device_fix: capture.device_fix,
            keep_original: capture.keep_original,
            geofence_radius_m: DEFAULT_GEOFENCE_RADIUS_M,
        };
        let taken = evidence::ingest(store, key, media_dir, request)?;
        self.save_answer(
            store,
            question_id,
            Some(Answer::Photo(taken.photo_id.clone())),
            now,
        )?;
        self.drop_other_photos(store, key, media_dir, question_id, Some(&taken.id))?;
        self.reload_evidence(store)?;
        Ok(taken)
    }

    /// Remove the photo of `question_id` (before the visit is finished), e.g. to retake it later.
    pub fn remove_photo(
        &mut self,
        store: &mut Store,
        key: &StoreKey,
        media_dir: &Path,
        question_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.answerable(question_id)?;
        self.save_answer(store, question_id, None, now)?;
        self.drop_other_photos(store, key, media_dir, question_id, None)?;
        self.reload_evidence(store)
    }

    /// The photos of this visit that are current answers, with their flags.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.current_evidence()
    }

    pub(super) fn current_evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.evidence.iter().filter(|e| {
            matches!(self.draft.answers.get(&e.question_id), Some(Answer::Photo(id)) if *id == e.photo_id)
        })
    }

    /// Evidence rows of `question_id` other than `keep`, removed with their files.
    fn drop_other_photos(
        &mut self,
        store: &mut Store,
        key: &StoreKey,
        media_dir: &Path,
        question_id: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        let stale: Vec<String> = evidence::for_draft(store.reader(), &self.draft.id)?
            .into_iter()
            .filter(|e| e.question_id == question_id && Some(e.id.as_str()) != keep)
            .map(|e| e.id)
            .collect();
        for id in stale {
            evidence::remove(store, key, media_dir, &id)?;
        }
        Ok(())
    }

    /// Read this visit's evidence; a photo stored just before a crash, whose answer was not yet
    /// saved, becomes the answer (the newest photo of each question wins).
    pub(super) fn reload_evidence(&mut self, store: &Store) -> Result<()> {
        self.evidence = evidence::for_draft(store.reader(), &self.draft.id)?;
        self.evidence.sort_by_key(|e| e.created_at);
        for e in &self.evidence {
            self.draft
                .answers
                .insert(e.question_id.clone(), Answer::Photo(e.photo_id.clone()));
        }
        Ok(())
    }
}
