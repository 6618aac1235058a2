//! Creating a family in the field, checked before anything is saved: address in Payakumbuh, the
//! No. KK and every NIK by the rules of `DOMAIN.md`, one head, and no person twice — a NIK repeated
//! in the family or already on the device in another family is flagged with "link to the existing
//! one" offered, because the same person registered twice is how double aid happens.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{
    Address, GeoPoint, Household, KkEntry, KkReason, Member, RegistryStatus, Relation, Source,
};
use super::repo;
use crate::error::{Error, Result};
use crate::i18n::{Problem, Text};
use crate::identity::{check_kk, check_nik};
use crate::store::Store;
use crate::wilayah;

/// A member as entered, with the choice made about a NIK that is already on the device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberEntry {
    /// The person as entered (an empty id gets a new one).
    pub member: Member,
    /// The id of the existing person to link to instead of creating a new one.
    pub link_existing: Option<String>,
}

/// A new family as entered on the phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewHousehold {
    /// Address.
    pub address: Address,
    /// Position of the dwelling, if taken.
    pub point: Option<GeoPoint>,
    /// PPLS / KPS status as told or seen on the card.
    pub registry: RegistryStatus,
    /// The current No. KK, if the family has one.
    pub kk_number: Option<String>,
    /// An existing dwelling this family shares, if any (a new one is made otherwise).
    pub dwelling_id: Option<String>,
    /// Members, head first.
    pub members: Vec<MemberEntry>,
}

/// A person already on the device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingPerson {
    /// Their household.
    pub household_id: String,
    /// Their member id (pass it as `link_existing` to link).
    pub member_id: String,
}

/// One finding about a new household.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The member it is about, if any.
    pub member_index: Option<usize>,
    /// What is wrong (error) or odd (warning).
    pub problem: Problem,
    /// For a NIK already on the device: whom to link to.
    pub existing: Option<ExistingPerson>,
}

impl Finding {
    fn about(index: Option<usize>, problem: Problem) -> Self {
        Self {
            member_index: index,
            problem,
            existing: None,
        }
    }
}

/// Check a new household against the rules and the device's data. Nothing is written.
pub fn check(store: &Store, new: &NewHousehold, today: NaiveDate) -> Result<Vec<Finding>> {
    let mut findings: Vec<Finding> = address_problems(&new.address)
        .into_iter()
        .chain(
            new.kk_number
                .iter()
                .flat_map(|kk| check_kk(kk, today))
                .map(|p| p.at("kk_number")),
        )
        .chain(head_problem(&new.members))
        .map(|p| Finding::about(None, p))
        .collect();
    let mut seen = HashSet::new();
    for (i, entry) in new.members.iter().enumerate() {
        findings.extend(
            member_problems(i, &entry.member, today)
                .into_iter()
                .map(|p| Finding::about(Some(i), p)),
        );
        if let Some(nik) = entry.member.nik.as_deref() {
            if !seen.insert(nik) {
                findings.push(Finding::about(Some(i), duplicate_in_family(i)));
            }
            findings.extend(owners_elsewhere(store, nik, entry, i)?);
        }
    }
    Ok(findings)
}

/// Save a new household after [`check`]: refused with the blocking problems when any remain.
/// Linked members are moved from their old family; the rest are created. One transaction.
pub fn create(store: &mut Store, new: NewHousehold, today: NaiveDate) -> Result<Household> {
    let problems: Vec<Problem> = check(store, &new, today)?
        .into_iter()
        .map(|f| f.problem)
        .filter(Problem::is_error)
        .collect();
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let (household, links) = assemble(new);
    store.write(|tx| {
        repo::insert(tx, &household)?;
        for (position, member_id) in &links {
            repo::move_member(tx, member_id, &household.id, *position)?;
        }
        Ok(())
    })?;
    repo::load(store.reader(), &household.id)
}

/// The household to insert, and the (position, existing member id) pairs to link.
fn assemble(new: NewHousehold) -> (Household, Vec<(usize, String)>) {
    let mut links = Vec::new();
    let mut members = Vec::new();
    for (position, entry) in new.members.into_iter().enumerate() {
        match entry.link_existing {
            Some(existing) => links.push((position, existing)),
            None => members.push(Member {
                id: if entry.member.id.is_empty() {
                    new_id()
                } else {
                    entry.member.id.clone()
                },
                ..entry.member
            }),
        }
    }
    let household = Household {
        id: new_id(),
        dwelling_id: new.dwelling_id.unwrap_or_else(new_id),
        source: Source::Field,
        address: new.address,
        point: new.point,
        registry: new.registry,
        kk_history: new
            .kk_number
            .map(|kk_number| KkEntry {
                kk_number,
                since: None,
                reason: KkReason::First,
            })
            .into_iter()
            .collect(),
        members,
    };
    (household, links)
}

fn new_id() -> String {
    Uuid::now_v7().to_string()
}

fn address_problems(a: &Address) -> Vec<Problem> {
    let mut problems = Vec::new();
    if wilayah::kelurahan(&a.kelurahan_code).is_none() {
        problems.push(
            Problem::error(
                "address.unknown_kelurahan",
                Text::new(
                    "Kelurahan tidak dikenal di Kota Payakumbuh.",
                    "Unknown kelurahan in Kota Payakumbuh.",
                ),
            )
            .at("kelurahan_code"),
        );
    }
    if a.rt == 0 || a.rw == 0 {
        problems.push(
            Problem::error(
                "address.rt_rw",
                Text::new("RT dan RW harus diisi.", "RT and RW are required."),
            )
            .at("rt_rw"),
        );
    }
    if a.street.trim().is_empty() {
        problems.push(
            Problem::error(
                "address.street",
                Text::new("Alamat harus diisi.", "The address is required."),
            )
            .at("street"),
        );
    }
    problems
}

fn head_problem(members: &[MemberEntry]) -> Option<Problem> {
    let heads = members
        .iter()
        .filter(|m| m.member.relation == Relation::Head)
        .count();
    (heads != 1).then(|| {
        Problem::error(
            "household.one_head",
            Text::new(
                "Keluarga harus punya tepat satu kepala keluarga.",
                "A family must have exactly one head.",
            ),
        )
        .at("members")
    })
}

fn member_problems(index: usize, m: &Member, today: NaiveDate) -> Vec<Problem> {
    let field = |name: &str| format!("members[{index}].{name}");
    let mut problems: Vec<Problem> = m
        .nik
        .iter()
        .flat_map(|nik| check_nik(nik, m.sex, m.birth_date))
        .map(|p| p.at(field("nik")))
        .collect();
    if m.name.trim().is_empty() {
        problems.push(
            Problem::error(
                "member.name",
                Text::new("Nama harus diisi.", "The name is required."),
            )
            .at(field("name")),
        );
    }
    if m.birth_date.is_some_and(|d| d > today) {
        problems.push(
            Problem::error(
                "member.birth_in_future",
                Text::new(
                    "Tanggal lahir tidak boleh setelah hari ini.",
                    "The birth date cannot be after today.",
                ),
            )
            .at(field("birth_date")),
        );
    }
    if m.education.is_some_and(|e| !(1..=10).contains(&e)) {
        problems.push(
            Problem::error(
                "member.education",
                Text::new(
                    "Kode pendidikan SIAK harus 1–10.",
                    "The SIAK education code must be 1–10.",
                ),
            )
            .at(field("education")),
        );
    }
    problems
}

fn duplicate_in_family(index: usize) -> Problem {
    Problem::error(
        "nik.duplicate_in_household",
        Text::new(
            "NIK ini sudah dipakai anggota lain di keluarga ini.",
            "This NIK is already used by another member of this family.",
        ),
    )
    .at(format!("members[{index}].nik"))
}

/// A NIK found in another family on the device, unless the entry links to exactly that person; a
/// link to someone who does not hold this NIK is refused.
fn owners_elsewhere(
    store: &Store,
    nik: &str,
    entry: &MemberEntry,
    index: usize,
) -> Result<Vec<Finding>> {
    let owners = repo::nik_owners(store.reader(), nik)?;
    let field = format!("members[{index}].nik");
    if let Some(link) = entry.link_existing.as_deref() {
        if !owners.iter().any(|(_, member)| member == link) {
            let text = Text::new(
                "Data yang ditautkan tidak memiliki NIK ini.",
                "The person linked to does not hold this NIK.",
            );
            return Ok(vec![Finding::about(
                Some(index),
                Problem::error("nik.link_mismatch", text).at(field),
            )]);
        }
    }
    let text = Text::new(
        "NIK ini sudah tercatat pada keluarga lain di perangkat ini. Tautkan ke data yang ada?",
        "This NIK already belongs to another family on this device. Link to the existing one?",
    );
    Ok(owners
        .into_iter()
        .filter(|(_, member_id)| entry.link_existing.as_deref() != Some(member_id.as_str()))
        .map(|(household_id, member_id)| Finding {
            member_index: Some(index),
            problem: Problem::error("nik.belongs_to_other_household", text.clone())
                .at(field.clone()),
            existing: Some(ExistingPerson {
                household_id,
                member_id,
            }),
        })
        .collect())
}
