//! Who may do what: which record kinds a role may send, which households are in a user's area,
//! which records a user may read back, and which feed entries a user receives.

use pandu_core::session::record::RecordKind;
use pandu_core::{Problem, Text};

use crate::model::{Role, User};
use crate::store::{ChangeFilter, Store, StoreResult, StoredRecord};

/// True when `role` may send records of `kind`: volunteers send reports; peksos and
/// supervisors send visits and reports; admins manage accounts and send none.
pub fn may_send(role: Role, kind: RecordKind) -> bool {
    match role {
        Role::Volunteer => kind == RecordKind::Report,
        Role::Peksos | Role::Supervisor => true,
        Role::Admin => false,
    }
}

/// The refusal of a record kind the role may not send.
pub fn kind_refused() -> Problem {
    Problem::error(
        "scope.record_kind",
        Text::new(
            "Peran Anda tidak boleh mengirim catatan jenis ini.",
            "Your role may not send records of this kind.",
        ),
    )
}

/// The refusal of a record about a household outside the sender's kelurahan.
pub fn household_refused() -> Problem {
    Problem::error(
        "scope.household",
        Text::new(
            "Keluarga ini di luar wilayah tugas Anda.",
            "This household is outside your assigned area.",
        ),
    )
}

/// True when `user` may read back `record`, whose household (if known) is in `kelurahan`:
/// the author always; peksos, supervisors and admins when the household is in their area.
pub fn may_read(user: &User, record: &StoredRecord, kelurahan: Option<&str>) -> bool {
    record.user_id == user.id
        || (user.role != Role::Volunteer && kelurahan.is_some_and(|k| user.covers(k)))
}

/// Where a record belongs: its household's kelurahan; for a record naming no household (a report
/// proposing a family not in the registry), its author's area — the rule intake files the queue
/// by (`ingest::queue_facts`), and the one for who may read the record and who may decide on it.
#[derive(Clone, Debug)]
pub struct RecordArea {
    /// The kelurahan of the record's household, when the registry knows it.
    household: Option<String>,
    /// The author's kelurahan, for a record naming no household (else empty).
    author: Vec<String>,
}

impl RecordArea {
    /// The area of `record`, read from the registry and the author's account.
    pub async fn of(store: &dyn Store, record: &StoredRecord) -> StoreResult<Self> {
        Ok(match &record.household_id {
            Some(h) => Self {
                household: store.household_kelurahan(h).await?,
                author: Vec::new(),
            },
            None => Self {
                household: None,
                author: store
                    .user_by_id(record.user_id)
                    .await?
                    .map(|u| u.scope)
                    .unwrap_or_default(),
            },
        })
    }

    /// The one kelurahan the record is filed under: its household's, else its author's when the
    /// author works in exactly one (as intake files an unregistered family's report).
    pub fn filed_under(&self) -> Option<&str> {
        match (&self.household, self.author.as_slice()) {
            (Some(k), _) => Some(k),
            (None, [only]) => Some(only),
            _ => None,
        }
    }

    /// The kelurahan whose office staff may decide on the record: its household's, else every
    /// kelurahan of its author.
    pub fn kelurahan(&self) -> Vec<String> {
        match &self.household {
            Some(k) => vec![k.clone()],
            None => self.author.clone(),
        }
    }
}

/// True when `user` may add or change registry households of `kelurahan`.
pub fn may_edit_registry(user: &User, kelurahan: &str) -> bool {
    matches!(user.role, Role::Supervisor | Role::Admin) && user.covers(kelurahan)
}

/// The feed entries `user` receives: forms, entries addressed to them, and — except for
/// volunteers, who read back only their own — registry households of their area and the cards
/// and letters issued to them.
pub fn feed_filter(user: &User) -> ChangeFilter {
    ChangeFilter {
        user_id: user.id,
        kelurahan: match user.role {
            Role::Volunteer => Vec::new(),
            _ => user.scope.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::RecordArea;

    fn area(household: Option<&str>, author: &[&str]) -> RecordArea {
        RecordArea {
            household: household.map(str::to_owned),
            author: author.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    #[test]
    fn a_registered_household_decides_where_the_record_belongs() {
        let a = area(Some("13.76.01.1001"), &[]);
        assert_eq!(a.filed_under(), Some("13.76.01.1001"));
        assert_eq!(a.kelurahan(), ["13.76.01.1001"]);
    }

    #[test]
    fn an_unregistered_familys_report_belongs_to_its_authors_area() {
        let volunteer = area(None, &["13.76.02.2001"]);
        assert_eq!(volunteer.filed_under(), Some("13.76.02.2001"));
        assert_eq!(volunteer.kelurahan(), ["13.76.02.2001"]);
        let city_wide = area(None, &["13.76.01.1001", "13.76.02.2001"]);
        assert_eq!(
            city_wide.filed_under(),
            None,
            "no one kelurahan to file it under"
        );
        assert_eq!(city_wide.kelurahan().len(), 2, "staff of either may decide");
    }
}
