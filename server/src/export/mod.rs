//! The integrated data exports for other agencies (*data terpadu*): the verified household
//! list (status, score, card validity, help received) as a table for CSV and XLSX, and the visit
//! points as GeoJSON. Personal data follows the role ([`nik_rule`]): volunteers get nothing;
//! peksos their own area with names but NIKs masked; supervisors and admins their whole area,
//! NIKs masked unless they ask for them with a stated purpose (which the audit log keeps).

mod households;
mod points;

pub use households::table;
pub use points::geojson;

use pandu_core::household::Household;
use serde_json::Value;

use crate::model::Role;
use crate::store::reports::VerifiedHousehold;
use crate::web::Bi;

/// The shortest purpose accepted for an export with NIKs.
pub const MIN_PURPOSE: usize = 10;

/// How NIKs appear in an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nik {
    /// The region part only: `137601**********`.
    Masked,
    /// Whole.
    Full,
}

/// Why an export was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The role may not export at all.
    Role,
    /// The role may not have NIKs.
    NikNotAllowed,
    /// NIKs were asked for without a purpose of at least [`MIN_PURPOSE`] characters.
    NeedsPurpose,
}

impl Refusal {
    /// What the user is told.
    pub fn text(self) -> Bi {
        match self {
            Self::Role => Bi("Peran Anda tidak boleh mengekspor data.", "Your role may not export data."),
            Self::NikNotAllowed => Bi(
                "Peksos hanya boleh mengekspor NIK yang disamarkan.",
                "Peksos may only export masked NIKs.",
            ),
            Self::NeedsPurpose => Bi(
                "Tuliskan tujuan penggunaan NIK (paling sedikit 10 karakter); tujuan ini dicatat di log akses.",
                "State what the NIKs are for (at least 10 characters); the purpose is kept in the access log.",
            ),
        }
    }
}

/// How NIKs may appear for `role`, asked with `include_nik` and `purpose`.
pub fn nik_rule(role: Role, include_nik: bool, purpose: &str) -> Result<Nik, Refusal> {
    match (role, include_nik) {
        (Role::Volunteer, _) => Err(Refusal::Role),
        (_, false) => Ok(Nik::Masked),
        (Role::Peksos, true) => Err(Refusal::NikNotAllowed),
        (_, true) if purpose.trim().chars().count() < MIN_PURPOSE => Err(Refusal::NeedsPurpose),
        (_, true) => Ok(Nik::Full),
    }
}

/// `nik` as `rule` lets it show.
pub fn shown_nik(nik: &str, rule: Nik) -> String {
    match rule {
        Nik::Full => nik.to_owned(),
        Nik::Masked => nik
            .chars()
            .enumerate()
            .map(|(i, c)| if i < 6 { c } else { '*' })
            .collect(),
    }
}

/// The head of a verified household (else its first member): name and NIK.
fn head(h: &VerifiedHousehold) -> (String, Option<String>) {
    let Ok(household) = serde_json::from_str::<Household>(&h.data) else {
        return (String::new(), None);
    };
    household
        .head()
        .or(household.members.first())
        .map(|m| (m.name.clone(), m.nik.clone()))
        .unwrap_or_default()
}

/// The latest visit's assessment of a verified household (`Null` when it has none).
fn assessment(h: &VerifiedHousehold) -> Value {
    serde_json::from_str::<Value>(&h.visit)
        .map(|v| v["assessment"].clone())
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_decides_who_gets_niks() {
        assert_eq!(nik_rule(Role::Volunteer, false, ""), Err(Refusal::Role));
        assert_eq!(nik_rule(Role::Peksos, false, ""), Ok(Nik::Masked));
        assert_eq!(
            nik_rule(Role::Peksos, true, "untuk BPJS Kesehatan"),
            Err(Refusal::NikNotAllowed)
        );
        assert_eq!(
            nik_rule(Role::Supervisor, true, "  BPJS  "),
            Err(Refusal::NeedsPurpose)
        );
        assert_eq!(
            nik_rule(Role::Admin, true, "pencocokan data BPJS"),
            Ok(Nik::Full)
        );
        assert_eq!(nik_rule(Role::Supervisor, false, ""), Ok(Nik::Masked));
        assert_eq!(
            shown_nik("1376014107800001", Nik::Masked),
            "137601**********"
        );
        assert_eq!(shown_nik("1376014107800001", Nik::Full), "1376014107800001");
    }
}
