//! Taking in a batch of records from a device: decode, check each hash and the device's signature,
//! answer a retry with the receipt already given, refuse what breaks the rules (with reasons, so the
//! device sets it aside instead of retrying), wait for missing photos, and otherwise keep it and sign
//! a receipt. Idempotent: the record id decides, and a concurrent duplicate finds the kept record.
//!
//! A batch costs a few database round trips, not a few per record: the CPU work of every item
//! (decoding, hashing, signatures, form rules, photo presence) runs on the blocking pool; the kept
//! records and household areas of the whole batch are looked up at once; the new records are kept
//! in one transaction. Each item is answered as if the items were taken one after another, so the
//! same record twice in a batch is kept once and its repeat is a duplicate (or a conflict).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use pandu_core::session::record::{canonical, RecordBody};
use pandu_core::session::validate;
pub use pandu_core::sync::wire::Outcome;
use pandu_core::{Problem, Text};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::media::{MediaName, MediaStore};
use crate::model::{ReceiptKey, User};
use crate::receipt::{self, Receipt};
use crate::review;
use crate::scope;
use crate::store::review::RecordFacts;
use crate::store::{
    Inserted, NewConflict, NewRecord, Store, StoreError, StoreResult, StoredRecord,
};

/// One record as a device sends it.
#[derive(Deserialize)]
pub struct Item {
    /// The record body (a `RecordBody`; decoded per item so one bad item spoils no other).
    pub body: Value,
    /// SHA-256 hex of the canonical body, as the device computed it.
    pub sha256: String,
    /// The device's Ed25519 signature (hex) over `pandu-record/1\n{sha256}`.
    pub device_signature: String,
    /// SHA-256 hex of every photo of the record.
    #[serde(default)]
    pub media: Vec<String>,
}

/// The answer for one record.
#[derive(Debug, Serialize)]
pub struct ItemResult {
    /// The record id, when the body had one.
    pub id: Option<String>,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Everything taking in records needs: where to keep them, who sends them, the receipt key.
pub struct Intake {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The photo folder.
    pub media: MediaStore,
    /// The key signing receipts now.
    pub key: ReceiptKey,
    /// The sender's account.
    pub user: User,
    /// The sending device.
    pub device_id: i64,
    /// The sending device's public key, hex.
    pub device_key: String,
}

/// A record's id and content: what a repeat of it is judged by.
struct Content {
    id: String,
    sha256: String,
    text: String,
}

/// An item after the checks that need no database.
struct Checked {
    /// The body's id, when it has one (even when the body is malformed).
    id: Option<String>,
    /// The record, or why it is refused.
    verdict: Result<Sound, Problem>,
}

/// A record that decoded and whose hash and signature hold.
struct Sound {
    content: Content,
    household_id: Option<String>,
    media: Vec<String>,
    /// What the review queue filters on (the kelurahan is filled in once known).
    facts: RecordFacts,
    /// The form rules of the core and the sender's role.
    rule_problems: Vec<Problem>,
    /// Photo names and the photo list.
    media_problems: Vec<Problem>,
    /// Listed photos this server does not have.
    missing: Vec<String>,
}

/// What is kept under a record id: its hash and receipt.
struct Held {
    sha256: String,
    receipt: Receipt,
}

/// Whose content an id already stands for: a kept record, or a new record of this batch.
enum Slot {
    Held(Held),
    New(usize),
}

/// How one item will be answered.
enum Step {
    /// Known now.
    Done(Outcome),
    /// The batch's new record at this index: accepted, unless a concurrent request kept the id.
    Keep(usize),
    /// A repeat of the batch's new record at this index.
    Repeat(usize, Content),
}

/// The batch decided: an answer (or where to find it) per item, the records to keep (in the
/// order of [`Step::Keep`]'s index), and the conflicts to keep for review.
#[derive(Default)]
struct Plan {
    steps: Vec<(Option<String>, Step)>,
    keep: Vec<Sound>,
    conflicts: Vec<NewConflict>,
}

impl Intake {
    /// Take in `items`: one answer per item, in the order sent.
    pub async fn take(self: Arc<Self>, items: Vec<Item>) -> StoreResult<Vec<ItemResult>> {
        let me = Arc::clone(&self);
        let checked = in_parallel(items, move |item| me.check(item)).await?;
        let (ids, households) = wanted(&checked);
        let known = self.store.records(&ids).await?;
        let areas = self.store.households_kelurahan(&households).await?;
        let mut plan = self.plan(checked, known, &areas)?;
        let me = Arc::clone(&self);
        let keep = std::mem::take(&mut plan.keep);
        let facts = queue_facts(&keep, &areas, &self.user);
        let signed = in_parallel(keep, move |sound| me.new_record(sound)).await?;
        let (new, receipts): (Vec<_>, Vec<_>) = signed.into_iter().collect::<StoreResult<_>>()?;
        let inserted = self.store.insert_records(&new).await?;
        let noted = facts.into_iter().zip(&inserted);
        let fresh: Vec<RecordFacts> = noted
            .filter_map(|(f, i)| matches!(i, Inserted::New).then_some(f))
            .collect();
        self.store.note_records(&fresh).await?;
        let (results, conflicts) = self.settle(plan, &new, receipts, inserted)?;
        if !conflicts.is_empty() {
            self.store.insert_conflicts(&conflicts).await?;
        }
        Ok(results)
    }

    fn check(&self, item: Item) -> Checked {
        let id = item
            .body
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Checked {
            id,
            verdict: self.sound(item),
        }
    }

    fn sound(&self, item: Item) -> Result<Sound, Problem> {
        let body: RecordBody = serde_json::from_value(item.body).map_err(|_| malformed())?;
        let (text, sha256) = canonical(&body).map_err(|_| malformed())?;
        if sha256 != item.sha256.to_ascii_lowercase() {
            return Err(hash_mismatch());
        }
        let message = receipt::device_message(&sha256);
        if !receipt::verify(&self.device_key, &message, &item.device_signature) {
            return Err(bad_signature());
        }
        let mut rule_problems = validate::check_record(&body);
        if !scope::may_send(self.user.role, body.kind) {
            rule_problems.push(scope::kind_refused());
        }
        Ok(Sound {
            facts: review::facts(&body.id, &body, None),
            media_problems: media_problems(&body, &item.media),
            missing: self.missing_media(&item.media),
            content: Content {
                id: body.id,
                sha256,
                text,
            },
            household_id: body.household_id,
            media: item.media,
            rule_problems,
        })
    }

    fn missing_media(&self, media: &[String]) -> Vec<String> {
        media
            .iter()
            .filter_map(|m| MediaName::parse(m).ok())
            .filter(|m| !self.media.has(m))
            .map(|m| m.as_str().to_owned())
            .collect()
    }

    /// Decide every item in order, as if each saw the records kept before it in the batch.
    fn plan(
        &self,
        checked: Vec<Checked>,
        known: HashMap<String, StoredRecord>,
        areas: &HashMap<String, String>,
    ) -> StoreResult<Plan> {
        let mut slots = known
            .into_iter()
            .map(|(id, kept)| Ok((id, Slot::Held(Held::from_stored(&kept)?))))
            .collect::<StoreResult<HashMap<_, _>>>()?;
        let mut plan = Plan::default();
        for Checked { id, verdict } in checked {
            let step = match verdict {
                Ok(sound) => self.step(sound, &mut slots, areas, &mut plan),
                Err(problem) => Step::Done(Outcome::Rejected {
                    problems: vec![problem],
                }),
            };
            plan.steps.push((id, step));
        }
        Ok(plan)
    }

    fn step(
        &self,
        sound: Sound,
        slots: &mut HashMap<String, Slot>,
        areas: &HashMap<String, String>,
        plan: &mut Plan,
    ) -> Step {
        match slots.get(&sound.content.id) {
            Some(Slot::Held(held)) => {
                let outcome = self.against(&sound.content, held, &mut plan.conflicts);
                return Step::Done(outcome);
            }
            Some(Slot::New(index)) => return Step::Repeat(*index, sound.content),
            None => {}
        }
        let problems = self.problems(&sound, areas);
        if !problems.is_empty() {
            return Step::Done(Outcome::Rejected { problems });
        }
        if !sound.missing.is_empty() {
            return Step::Done(Outcome::WaitingForMedia {
                missing_media: sound.missing,
            });
        }
        let index = plan.keep.len();
        slots.insert(sound.content.id.clone(), Slot::New(index));
        plan.keep.push(sound);
        Step::Keep(index)
    }

    /// The rules, the sender's area (a household the server knows must be in it) and the photos.
    fn problems(&self, sound: &Sound, areas: &HashMap<String, String>) -> Vec<Problem> {
        let mut problems = sound.rule_problems.clone();
        let area = sound.household_id.as_ref().and_then(|h| areas.get(h));
        if area.is_some_and(|k| !self.user.covers(k)) {
            problems.push(scope::household_refused());
        }
        problems.extend(sound.media_problems.iter().cloned());
        problems
    }

    fn new_record(&self, sound: Sound) -> StoreResult<(NewRecord, Receipt)> {
        let Content { id, sha256, text } = sound.content;
        let receipt = receipt::sign(&self.key, &id, &sha256, &sound.media, Utc::now())
            .map_err(StoreError::Backend)?;
        let record = NewRecord {
            id,
            sha256,
            body: text,
            user_id: self.user.id,
            device_id: self.device_id,
            household_id: sound.household_id,
            receipt: serde_json::to_string(&receipt)
                .map_err(|e| StoreError::Backend(e.to_string()))?,
            received_at: None,
        };
        Ok((record, receipt))
    }

    /// A retry gets its receipt again; other content under the same id is a conflict, kept for
    /// review.
    fn against(&self, content: &Content, held: &Held, conflicts: &mut Vec<NewConflict>) -> Outcome {
        if held.sha256 == content.sha256 {
            return Outcome::Duplicate {
                receipt: held.receipt.clone(),
            };
        }
        conflicts.push(NewConflict {
            record_id: content.id.clone(),
            sha256: content.sha256.clone(),
            body: content.text.clone(),
            user_id: self.user.id,
            device_id: self.device_id,
        });
        Outcome::Conflict {
            problems: vec![conflict()],
        }
    }

    /// The answers, now that the new records are kept (or were found kept by a concurrent
    /// request), and the conflicts that follow.
    fn settle(
        &self,
        plan: Plan,
        new: &[NewRecord],
        receipts: Vec<Receipt>,
        inserted: Vec<Inserted>,
    ) -> StoreResult<(Vec<ItemResult>, Vec<NewConflict>)> {
        let Plan {
            steps,
            mut conflicts,
            ..
        } = plan;
        let held = inserted
            .into_iter()
            .zip(new.iter().zip(receipts))
            .map(|(inserted, (record, receipt))| match inserted {
                Inserted::New => Ok((true, Held::new(&record.sha256, receipt))),
                Inserted::Existing(kept) => Ok((false, Held::from_stored(&kept)?)),
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let results = steps
            .into_iter()
            .map(|(id, step)| {
                let outcome = match step {
                    Step::Done(outcome) => outcome,
                    Step::Keep(i) if held[i].0 => Outcome::Accepted {
                        receipt: held[i].1.receipt.clone(),
                    },
                    Step::Keep(i) => {
                        self.against(&Content::of(&new[i]), &held[i].1, &mut conflicts)
                    }
                    Step::Repeat(i, content) => self.against(&content, &held[i].1, &mut conflicts),
                };
                ItemResult { id, outcome }
            })
            .collect();
        Ok((results, conflicts))
    }
}

impl Content {
    fn of(record: &NewRecord) -> Self {
        Self {
            id: record.id.clone(),
            sha256: record.sha256.clone(),
            text: record.body.clone(),
        }
    }
}

impl Held {
    fn new(sha256: &str, receipt: Receipt) -> Self {
        Self {
            sha256: sha256.to_owned(),
            receipt,
        }
    }

    fn from_stored(kept: &StoredRecord) -> StoreResult<Self> {
        let receipt =
            serde_json::from_str(&kept.receipt).map_err(|e| StoreError::Backend(e.to_string()))?;
        Ok(Self::new(&kept.sha256, receipt))
    }
}

/// The queue facts of the records to keep, with their household's kelurahan — or, for a report
/// about a family not in the registry, the sender's own kelurahan when they work in one.
fn queue_facts(keep: &[Sound], areas: &HashMap<String, String>, sender: &User) -> Vec<RecordFacts> {
    keep.iter()
        .map(|sound| RecordFacts {
            kelurahan: match &sound.household_id {
                Some(h) => areas.get(h).cloned(),
                None => sender.home_kelurahan().map(str::to_owned),
            },
            ..sound.facts.clone()
        })
        .collect()
}

/// The record ids and household ids the checked items name, each once.
fn wanted(checked: &[Checked]) -> (Vec<String>, Vec<String>) {
    let sound = || checked.iter().filter_map(|c| c.verdict.as_ref().ok());
    let mut ids: Vec<String> = sound().map(|s| s.content.id.clone()).collect();
    let mut households: Vec<String> = sound().filter_map(|s| s.household_id.clone()).collect();
    for list in [&mut ids, &mut households] {
        list.sort_unstable();
        list.dedup();
    }
    (ids, households)
}

/// `work` done on each of `items` on tokio's blocking pool, the items shared out among the cores;
/// the results in the order of the items.
async fn in_parallel<T, R, F>(items: Vec<T>, work: F) -> StoreResult<Vec<R>>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let share = items.len().div_ceil(cores).max(1);
    let mut items = items.into_iter();
    let mut tasks = Vec::new();
    loop {
        let chunk: Vec<T> = items.by_ref().take(share).collect();
        if chunk.is_empty() {
            break;
        }
        let work = Arc::clone(&work);
        let task = move || chunk.into_iter().map(|item| work(item)).collect::<Vec<R>>();
        tasks.push(tokio::task::spawn_blocking(task));
    }
    let mut done = Vec::new();
    for task in tasks {
        done.extend(task.await.map_err(|e| StoreError::Backend(e.to_string()))?);
    }
    Ok(done)
}

/// Every photo must be named validly, and every photo answer or evidence must be in the list.
fn media_problems(body: &RecordBody, media: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    if media.iter().any(|m| MediaName::parse(m).is_err()) {
        problems.push(Problem::error(
            "media.bad_name",
            Text::new(
                "Nama foto harus SHA-256 (64 digit hex huruf kecil).",
                "A photo name must be a SHA-256 (64 lower-case hex digits).",
            ),
        ));
    }
    let unlisted = body.photos().into_iter().any(|hash| !media.contains(&hash));
    if unlisted {
        problems.push(Problem::error(
            "record.media_unlisted",
            Text::new(
                "Ada foto (jawaban atau bukti) yang tidak tercantum dalam daftar foto catatan.",
                "A photo (answer or evidence) is missing from the record's photo list.",
            ),
        ));
    }
    problems
}

fn malformed() -> Problem {
    Problem::error(
        "record.malformed",
        Text::new(
            "Isi catatan tidak bisa dibaca sebagai catatan Pandu.",
            "The record body cannot be read as a Pandu record.",
        ),
    )
}

fn hash_mismatch() -> Problem {
    Problem::error(
        "record.hash_mismatch",
        Text::new(
            "SHA-256 catatan tidak sesuai dengan isinya.",
            "The record's SHA-256 does not match its content.",
        ),
    )
}

fn bad_signature() -> Problem {
    Problem::error(
        "record.bad_signature",
        Text::new(
            "Tanda tangan perangkat pada catatan tidak sah.",
            "The device signature on the record is not valid.",
        ),
    )
}

fn conflict() -> Problem {
    Problem::error(
        "record.conflict",
        Text::new(
            "Nomor catatan ini sudah dipakai untuk isi yang lain; disimpan untuk diperiksa kantor.",
            "This record id is already used with other content; kept for the office to review.",
        ),
    )
}
