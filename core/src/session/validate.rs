//! The office checks a record a device sends with the same rules the device used to finish it, so
//! a record is never accepted by one side and refused by the other. Used by `pandu-server`.

use chrono::NaiveDate;
use uuid::Uuid;

use super::check_sign_off;
use super::record::{RecordBody, RecordKind, RECORD_SCHEMA};
use super::screens::missing_problem;
use crate::eligibility::jakarta_date;
use crate::form::{self, answer, Answers, FormDefinition, FormKind, QuestionType};
use crate::i18n::{Problem, Text};

/// The required questions (and required evidence photos) of `form` that are shown for `answers`.
pub fn required_shown<'f: 'a, 'a>(
    form: &'f FormDefinition,
    answers: &'a Answers,
) -> impl Iterator<Item = &'f str> + 'a {
    form.sections.iter().flat_map(move |s| {
        s.questions
            .iter()
            .filter(move |q| {
                let evidence = form
                    .criterion_for_evidence(&q.id)
                    .is_some_and(|c| c.evidence.as_ref().is_some_and(|e| e.required));
                (q.required || evidence) && form.question_shown(s, q, answers)
            })
            .map(|q| q.id.as_str())
    })
}

/// Every blocking problem of a record as received: layout version, id, form and version, kind,
/// each answer's type and constraints (checked as of the day it was finished), required answers
/// and the sign-off. Empty when the record is acceptable.
pub fn check_record(body: &RecordBody) -> Vec<Problem> {
    let mut problems: Vec<Problem> = header_problems(body).into_iter().collect();
    let form = match form::find(&body.form_id, body.form_version) {
        Ok(form) => form,
        Err(_) => {
            problems.push(unknown_form());
            return problems;
        }
    };
    if !kind_fits(form.kind, body.kind) {
        problems.push(kind_mismatch());
    }
    problems.extend(answer_problems(
        form,
        &body.answers,
        jakarta_date(body.finished_at),
    ));
    if body.kind != RecordKind::VisitRefused {
        problems.extend(
            required_shown(form, &body.answers)
                .filter(|q| !body.answers.contains_key(*q))
                .map(|q| missing_problem(form, q, is_photo(form, q))),
        );
    }
    problems.extend(check_sign_off(&body.sign_off));
    problems
}

fn header_problems(body: &RecordBody) -> Option<Problem> {
    if body.schema != RECORD_SCHEMA {
        return Some(Problem::error(
            "record.schema",
            Text::new(
                "Versi susunan catatan tidak dikenal.",
                "Unknown record layout version.",
            ),
        ));
    }
    let is_v7 = Uuid::parse_str(&body.id).is_ok_and(|id| id.get_version_num() == 7);
    (!is_v7).then(|| {
        Problem::error(
            "record.id",
            Text::new(
                "Nomor catatan bukan UUID versi 7.",
                "The record id is not a version 7 UUID.",
            ),
        )
    })
}

fn kind_fits(form: FormKind, record: RecordKind) -> bool {
    match form {
        FormKind::Visit => matches!(record, RecordKind::Visit | RecordKind::VisitRefused),
        FormKind::Report => record == RecordKind::Report,
    }
}

fn answer_problems(form: &FormDefinition, answers: &Answers, day: NaiveDate) -> Vec<Problem> {
    answers
        .iter()
        .flat_map(|(id, value)| match form.question(id) {
            Some(q) => answer::check(q, value, day),
            None => vec![unknown_question(id)],
        })
        .filter(Problem::is_error)
        .collect()
}

fn is_photo(form: &FormDefinition, question_id: &str) -> bool {
    form.question(question_id)
        .is_some_and(|q| q.kind == QuestionType::Photo)
}

fn unknown_form() -> Problem {
    Problem::error(
        "form.unknown",
        Text::new(
            "Formulir atau versinya tidak dikenal.",
            "Unknown form or form version.",
        ),
    )
}

fn kind_mismatch() -> Problem {
    Problem::error(
        "record.kind_mismatch",
        Text::new(
            "Jenis catatan tidak sesuai dengan formulirnya.",
            "The record kind does not match its form.",
        ),
    )
}

fn unknown_question(id: &str) -> Problem {
    Problem::error(
        "answer.unknown_question",
        Text::new(
            "Jawaban untuk pertanyaan yang tidak ada di formulir.",
            "An answer to a question that is not in the form.",
        ),
    )
    .at(id)
}
