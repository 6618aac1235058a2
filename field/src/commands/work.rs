//! `visit` and `report`: field work from files, through the same session the phone screens use.
//! The answers file is a JSON object of question id → answer in the core's answer format (e.g.
//! `{"floor_material": {"choice": "earth"}, "meals_per_day": {"integer": 2}}`); photos come as
//! `--photo QUESTION=FILE`. Answers are given in rounds, so a question shown only after another
//! answer is reached whatever the file's order.

use std::fs;
use std::path::PathBuf;

use chrono::Utc;
use clap::Args;
use pandu_core::form::Answer;
use pandu_core::session::record::SignOff;
use pandu_core::session::{FormSession, PhotoCapture};
use pandu_core::sync::account;
use pandu_core::{Error, Text};

use crate::device::Device;
use crate::failure::Failure;

/// What a visit needs.
#[derive(Args)]
pub struct VisitArgs {
    /// The household visited (its internal id).
    #[arg(long)]
    household: String,
    #[command(flatten)]
    work: WorkArgs,
    /// The legal basis the household agreed to (a value of the form's consent step).
    #[arg(long, default_value = "consent")]
    basis: String,
    /// The household refused the visit: only the refusal is recorded.
    #[arg(long)]
    refused: bool,
}

/// What a report needs.
#[derive(Args)]
pub struct ReportArgs {
    /// The household reported, when it is known on the device.
    #[arg(long)]
    household: Option<String>,
    #[command(flatten)]
    work: WorkArgs,
}

/// Answers, photos and sign-off, shared by visits and reports.
#[derive(Args)]
pub struct WorkArgs {
    /// JSON file of answers (question id → answer).
    #[arg(long)]
    answers: Option<PathBuf>,
    /// A photo for a question: `QUESTION=FILE` (repeatable).
    #[arg(long = "photo", value_parser = parse_photo)]
    photos: Vec<(String, PathBuf)>,
    /// The officer who signs the record off (default: the signed-in user).
    #[arg(long)]
    officer: Option<String>,
}

/// One input to give the session.
enum Input {
    Answer(String, Answer),
    Photo(String, PathBuf),
}

/// Run a visit to the end and print the record id.
pub fn visit(device: &mut Device, args: VisitArgs) -> Result<(), Failure> {
    let mut session = FormSession::start_visit(&mut device.store, &args.household, Utc::now())?;
    let sign_off = sign_off(device, args.work.officer.as_deref())?;
    if args.refused {
        let finished = session.refuse_consent(&mut device.store, sign_off, Utc::now())?;
        println!("{}", finished.record_id);
        return Ok(());
    }
    session.give_consent(&mut device.store, &args.basis, Utc::now())?;
    complete(device, session, &args.work, sign_off)
}

/// Send a report and print the record id.
pub fn report(device: &mut Device, args: ReportArgs) -> Result<(), Failure> {
    let session =
        FormSession::start_report(&mut device.store, args.household.as_deref(), Utc::now())?;
    let sign_off = sign_off(device, args.work.officer.as_deref())?;
    complete(device, session, &args.work, sign_off)
}

fn complete(
    device: &mut Device,
    mut session: FormSession,
    work: &WorkArgs,
    sign_off: SignOff,
) -> Result<(), Failure> {
    let inputs = read_inputs(work)?;
    if let Err(e) = give_all(device, &mut session, inputs) {
        session.discard(&mut device.store)?;
        return Err(e);
    }
    let finished = session.finish(&mut device.store, sign_off, Utc::now());
    match finished {
        Ok(f) => {
            println!("{}", f.record_id);
            Ok(())
        }
        Err(e) => {
            session.discard(&mut device.store)?;
            Err(e.into())
        }
    }
}

fn sign_off(device: &Device, officer: Option<&str>) -> Result<SignOff, Failure> {
    let officer = match officer {
        Some(name) => name.to_owned(),
        None => account::current(device.store.reader())?
            .map(|a| a.username)
            .unwrap_or_else(|| "pandu-field".to_owned()),
    };
    Ok(SignOff {
        officer,
        confirmed: true,
    })
}

fn read_inputs(work: &WorkArgs) -> Result<Vec<Input>, Failure> {
    let mut inputs = Vec::new();
    if let Some(path) = &work.answers {
        let text = fs::read_to_string(path)?;
        let answers: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| bad_answers(path, &e))?;
        for (id, value) in answers {
            let answer: Answer =
                serde_json::from_value(value).map_err(|e| bad_answers(path, &e))?;
            inputs.push(Input::Answer(id, answer));
        }
    }
    inputs.extend(
        work.photos
            .iter()
            .map(|(q, p)| Input::Photo(q.clone(), p.clone())),
    );
    Ok(inputs)
}

/// Give every input, in rounds: an input the session cannot take yet (its question is not shown)
/// waits for the next round; a round that takes nothing ends with an error naming the rest.
fn give_all(
    device: &mut Device,
    session: &mut FormSession,
    mut pending: Vec<Input>,
) -> Result<(), Failure> {
    while !pending.is_empty() {
        let before = pending.len();
        let mut waiting = Vec::new();
        for input in pending {
            match give(device, session, &input) {
                Err(Error::State(_)) => waiting.push(input),
                other => other?,
            }
        }
        if waiting.len() == before {
            return Err(not_shown(&waiting));
        }
        pending = waiting;
    }
    Ok(())
}

fn give(device: &mut Device, session: &mut FormSession, input: &Input) -> Result<(), Error> {
    match input {
        Input::Answer(id, answer) => {
            session.answer(&mut device.store, id, Some(answer.clone()), Utc::now())
        }
        Input::Photo(id, path) => {
            let capture = PhotoCapture {
                source_path: path.clone(),
                device_fix: None,
                keep_original: true,
            };
            let (store, key, dir) = (&mut device.store, &device.key, &device.evidence_dir);
            session
                .attach_photo(store, key, dir, id, capture, Utc::now())
                .map(drop)
        }
    }
}

fn not_shown(inputs: &[Input]) -> Failure {
    let ids: Vec<&str> = inputs
        .iter()
        .map(|i| match i {
            Input::Answer(id, _) | Input::Photo(id, _) => id.as_str(),
        })
        .collect();
    let mut failure = Failure::local(Text::new(
        "Pertanyaan ini tidak tampil dengan jawaban yang diberikan, jadi tidak bisa dijawab.",
        "These questions are not shown with the answers given, so they cannot be answered.",
    ));
    failure.detail = Some(ids.join(", "));
    failure
}

fn bad_answers(path: &std::path::Path, e: &serde_json::Error) -> Failure {
    let mut failure = Failure::local(Text::new(
        "Berkas jawaban tidak bisa dibaca (objek JSON: id pertanyaan → jawaban).",
        "The answers file cannot be read (a JSON object: question id → answer).",
    ));
    failure.detail = Some(format!("{}: {e}", path.display()));
    failure
}

fn parse_photo(arg: &str) -> Result<(String, PathBuf), String> {
    let (question, file) = arg
        .split_once('=')
        .ok_or("expected QUESTION=FILE / harus PERTANYAAN=BERKAS")?;
    Ok((question.to_owned(), PathBuf::from(file)))
}
