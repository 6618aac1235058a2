//! `pandu-server seed-demo`: writes the 2015 demonstration data set ([`plan`]) into an empty
//! server through the same store calls the office uses — registry households, a visit record and
//! a card decision for each family, the partners' money in, the help (each row with its money-out
//! entry, checked against the card and the partner's balance like any other), and the balance
//! the 2015 report gave, as a reported figure, so the reports show that it does not add up.
//! Refused when the set is already there. Each family's visit is made, received and decided on
//! its visit day in 2015 (its card valid from that day), before its help, so the visit and
//! decision reports over May–November 2015 show the set.

pub mod plan;

use chrono::{DateTime, NaiveDate, Utc};
use pandu_core::household::{Address, Household, Member, RegistryStatus, Relation, Source};
use pandu_core::session::record::{canonical, RecordBody};
use pandu_core::Text;
use serde_json::json;

use self::plan::{Family, Plan, PARTNERS};
use crate::document::valid_until;
use crate::ledger::FigureKind;
use crate::model::{NewDevice, NewUser, Role};
use crate::store::decisions::{Decided, DecisionKind, DocumentKind, NewDecision, NewDocument};
use crate::store::funds::{NewAssistance, NewFigure, NewMoneyIn, Posted};
use crate::store::review::ReviewStatus;
use crate::store::{NewRecord, Store};

/// The account the set is recorded by (it cannot sign in).
pub const SEED_USER: &str = "seed-2015";
/// The day of the reported balance.
const REPORTED_ON: (i32, u32, u32) = (2015, 11, 30);

/// A failure, as the command line says it.
fn failed(what: &str, cause: impl std::fmt::Display) -> Text {
    Text::new(
        format!("Data contoh 2015 gagal ditulis ({what}): {cause}"),
        format!("The 2015 demonstration set could not be written ({what}): {cause}"),
    )
}

/// Write the set into `store`; what was written, to tell the user.
pub async fn run(store: &dyn Store) -> Result<Text, Text> {
    if store
        .user_by_name(SEED_USER)
        .await
        .map_err(|e| failed("user", e))?
        .is_some()
    {
        return Err(Text::new(
            "Data contoh 2015 sudah ada di basis data ini.",
            "The 2015 demonstration set is already in this database.",
        ));
    }
    let plan = plan::plan();
    let (user, device) = account(store).await?;
    let partners = partner_ids(store).await?;
    for family in &plan.families {
        put_family(store, user, device, family).await?;
    }
    pay_in(store, user, &plan, &partners).await?;
    for family in &plan.families {
        give(store, user, family, partners[family.partner]).await?;
    }
    report_balance(store, user).await?;
    Ok(Text::new(
        format!(
            "Data contoh 2015 ditulis: {} keluarga, {} setoran mitra.",
            plan.families.len(),
            plan.money_in.len()
        ),
        format!(
            "The 2015 demonstration set was written: {} families, {} partner payments in.",
            plan.families.len(),
            plan.money_in.len()
        ),
    ))
}

/// A day of 2015 given as (year, month, day).
fn day((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The seed's account (a supervisor over every kelurahan, with no usable password) and device.
async fn account(store: &dyn Store) -> Result<(i64, i64), Text> {
    let scope = pandu_core::wilayah::all_kelurahan()
        .iter()
        .map(|k| k.code.clone())
        .collect();
    let user = store
        .create_user(&NewUser {
            username: SEED_USER.to_owned(),
            role: Role::Supervisor,
            scope,
            password_hash: "!seed-account-cannot-sign-in".to_owned(),
        })
        .await
        .map_err(|e| failed("user", e))?;
    let device = store
        .add_device(&NewDevice {
            user_id: user,
            name: "seed-demo 2015".to_owned(),
            public_key: String::new(),
            token_hash: format!("seed-demo-{}", crate::secret::new_token()),
        })
        .await
        .map_err(|e| failed("device", e))?;
    Ok((user, device))
}

/// The ids of [`PARTNERS`], in that order.
async fn partner_ids(store: &dyn Store) -> Result<Vec<i64>, Text> {
    let known = store.partners().await.map_err(|e| failed("partners", e))?;
    PARTNERS
        .iter()
        .map(|name| {
            known
                .iter()
                .find(|p| p.name == *name)
                .map(|p| p.id)
                .ok_or_else(|| failed("partners", format!("no partner named {name}")))
        })
        .collect()
}

/// The registry household of `family`.
fn household(family: &Family) -> Household {
    Household {
        id: family.household_id.clone(),
        dwelling_id: format!("d-{}", family.household_id),
        source: Source::Registry,
        address: Address {
            kelurahan_code: family.kelurahan.clone(),
            rt: 1,
            rw: 1,
            street: "Jl. Contoh".to_owned(),
        },
        point: None,
        registry: RegistryStatus {
            ppls_id: None,
            in_ppls: true,
            kps_number: None,
        },
        kk_history: Vec::new(),
        members: vec![Member {
            id: format!("m-{}", family.household_id),
            nik: None,
            name: family.head.clone(),
            sex: None,
            birth_date: None,
            relation: Relation::Head,
            education: None,
            school_level: None,
            disability: false,
            chronic_illness: false,
        }],
    }
}

/// The instant at `(hour, minute)` UTC on `family`'s visit day.
fn on_visit_day(family: &Family, (h, m): (u32, u32)) -> DateTime<Utc> {
    family
        .visited_on
        .and_hms_opt(h, m, 0)
        .unwrap_or_default()
        .and_utc()
}

/// The visit starts at 09:00 WIB (UTC hour, minute) on the visit day…
const STARTED: (u32, u32) = (2, 0);
/// …ends at 10:00 WIB…
const FINISHED: (u32, u32) = (3, 0);
/// …is received at 13:00 WIB…
const RECEIVED: (u32, u32) = (6, 0);
/// …and decided on at 15:00 WIB, the same local day.
const DECIDED: (u32, u32) = (8, 0);

/// A finished home visit of `family` that meets the criteria (path b), as a device sends it (its
/// UUID v7 id carries the visit's time).
fn visit(family: &Family) -> Result<RecordBody, Text> {
    let (started, finished) = (
        on_visit_day(family, STARTED),
        on_visit_day(family, FINISHED),
    );
    let secs = u64::try_from(started.timestamp()).unwrap_or_default();
    let id = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, 0));
    let body = json!({
        "schema": 1, "id": id.to_string(), "kind": "visit",
        "form_id": "kunjungan-rumah", "form_version": 1, "household_id": family.household_id,
        "started_at": started, "finished_at": finished,
        "consent": {"basis": "consent", "at": started},
        "dwelling_from": null, "answers": {}, "criteria": [], "evidence": [],
        "assessment": {
            "score": {"met": 10, "not_met": 2, "unknown": 0, "min_met": 9, "rule_version": "kunjungan-rumah@1"},
            "path": "b", "inclusion_error": false, "exclusion_error": false, "emergency": false,
            "recommendation": {"id": "Data contoh 2015", "en": "2015 demonstration set"},
        },
        "sign_off": {"officer": SEED_USER, "confirmed": true},
    });
    serde_json::from_value(body).map_err(|e| failed("visit", e))
}

/// Put `family` in the registry, keep its visit and give it a card valid from its visit day.
async fn put_family(
    store: &dyn Store,
    user: i64,
    device: i64,
    family: &Family,
) -> Result<(), Text> {
    let data = serde_json::to_string(&household(family)).map_err(|e| failed("household", e))?;
    store
        .put_household(&family.household_id, &family.kelurahan, &data)
        .await
        .map_err(|e| failed("household", e))?;
    let body = visit(family)?;
    let (text, sha256) = canonical(&body).map_err(|e| failed("visit", e))?;
    let record = NewRecord {
        id: body.id.clone(),
        sha256: sha256.clone(),
        body: text,
        user_id: user,
        device_id: device,
        household_id: Some(family.household_id.clone()),
        receipt: json!({"seeded": SEED_USER}).to_string(),
        received_at: Some(on_visit_day(family, RECEIVED)),
    };
    store
        .insert_records(&[record])
        .await
        .map_err(|e| failed("visit", e))?;
    store
        .note_records(&[crate::review::facts(
            &body.id,
            &body,
            Some(family.kelurahan.clone()),
        )])
        .await
        .map_err(|e| failed("visit", e))?;
    card(store, user, family, &body.id, &sha256).await?;
    store
        .set_review_status(&body.id, ReviewStatus::Decided)
        .await
        .map_err(|e| failed("visit", e))?;
    Ok(())
}

/// The card decision on the visit `record_id`.
async fn card(
    store: &dyn Store,
    user: i64,
    family: &Family,
    record_id: &str,
    sha256: &str,
) -> Result<(), Text> {
    let from = family.visited_on;
    let decided = store
        .decide(&NewDecision {
            record_id: record_id.to_owned(),
            record_sha256: sha256.to_owned(),
            household_id: Some(family.household_id.clone()),
            author_id: user,
            kind: DecisionKind::Card,
            reason: None,
            decided_by: user,
            decided_at: on_visit_day(family, DECIDED),
            document: Some(NewDocument {
                kind: DocumentKind::Card,
                valid_from: from,
                valid_until: valid_until(DocumentKind::Card, from),
                mayor_ref: None,
                visit_at: Some(on_visit_day(family, FINISHED)),
            }),
        })
        .await
        .map_err(|e| failed("card", e))?;
    match decided {
        Decided::Kept {
            number: Some(_), ..
        } => Ok(()),
        other => Err(failed("card", format!("{other:?}"))),
    }
}

/// Record the partners' money in.
async fn pay_in(store: &dyn Store, user: i64, plan: &Plan, partners: &[i64]) -> Result<(), Text> {
    for entry in &plan.money_in {
        let posted = store
            .record_money_in(&NewMoneyIn {
                partner_id: partners[entry.partner],
                date: entry.date,
                amount: entry.amount,
                note: format!(
                    "Setoran {} {}",
                    PARTNERS[entry.partner],
                    entry.date.format("%m/%Y")
                ),
                recorded_by: user,
            })
            .await
            .map_err(|e| failed("money in", e))?;
        kept(posted, "money in")?;
    }
    Ok(())
}

/// Record `family`'s help, paid by partner `partner_id`, against its card.
async fn give(store: &dyn Store, user: i64, family: &Family, partner_id: i64) -> Result<(), Text> {
    let documents = store
        .household_documents(&family.household_id)
        .await
        .map_err(|e| failed("help", e))?;
    let number = documents
        .first()
        .map(|d| d.number.clone())
        .ok_or_else(|| failed("help", "no card"))?;
    let posted = store
        .record_assistance(&NewAssistance {
            household_id: family.household_id.clone(),
            member_id: None,
            kind: family.kind,
            level: family.level,
            amount: family.amount,
            given_on: family.given_on,
            partner_id,
            document_number: number,
            kelurahan: family.kelurahan.clone(),
            out_of_range_reason: family.partial.then(|| plan::PARTIAL_REASON.to_owned()),
            recorded_by: user,
        })
        .await
        .map_err(|e| failed("help", e))?;
    kept(posted, "help")
}

/// The 2015 report's balance, for the whole fund at the end of November.
async fn report_balance(store: &dyn Store, user: i64) -> Result<(), Text> {
    store
        .record_figure(&NewFigure {
            partner_id: None,
            kind: FigureKind::Balance,
            from: None,
            to: day(REPORTED_ON),
            amount: plan::REPORTED_BALANCE,
            note: "Saldo menurut laporan UPT-KAN 2015 / balance as the 2015 UPT-KAN report gave it"
                .to_owned(),
            recorded_by: user,
        })
        .await
        .map_err(|e| failed("reported balance", e))?;
    Ok(())
}

/// An error unless `posted` was kept.
fn kept(posted: Posted, what: &str) -> Result<(), Text> {
    match posted {
        Posted::Kept { .. } => Ok(()),
        Posted::Refused(why) => Err(failed(what, why.text().en)),
    }
}
