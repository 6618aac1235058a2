//! Who may do what: which record kinds a role may send, which households are in a user's area,
//! which records a user may read back, and which feed entries a user receives.

use pandu_core::session::record::RecordKind;
use pandu_core::{Problem, Text};

use crate::model::{Role, User};
use crate::store::{ChangeFilter, StoredRecord};

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
