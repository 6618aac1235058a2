//! The plain data of a family (household, one KK), its dwelling and its members.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::identity::Sex;

/// Where a household lives: a kelurahan of Payakumbuh (Kemendagri code), RT, RW and the street address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Kemendagri kelurahan code, e.g. `13.76.01.1002`.
    pub kelurahan_code: String,
    /// Rukun Tetangga number.
    pub rt: u16,
    /// Rukun Warga number.
    pub rw: u16,
    /// Street, house number, landmarks.
    pub street: String,
}

/// A position in WGS84 degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

/// Whether the household is in the PPLS 2011 list and holds a KPS card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryStatus {
    /// The household's id in the PPLS list, when it came from there.
    pub ppls_id: Option<String>,
    /// True when the household is in PPLS 2011.
    pub in_ppls: bool,
    /// Kartu Perlindungan Sosial number, when it holds one.
    pub kps_number: Option<String>,
}

impl RegistryStatus {
    /// True when the household is in PPLS 2011 and holds a KPS (path (a) of `DOMAIN.md`).
    pub fn is_registered_with_kps(&self) -> bool {
        self.in_ppls
            && self
                .kps_number
                .as_deref()
                .is_some_and(|k| !k.trim().is_empty())
    }
}

/// Why a family's KK number changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KkReason {
    /// The number the household had when it reached Pandu (registry or first visit).
    First,
    /// The family moved.
    Moved,
    /// The family split from another KK.
    Split,
    /// The head of the family died.
    HeadDied,
    /// Any other reason.
    Other,
}

/// One KK number the family has held. The newest entry is the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KkEntry {
    /// The 16-digit No. KK.
    pub kk_number: String,
    /// From when, if known.
    pub since: Option<NaiveDate>,
    /// Why it changed.
    pub reason: KkReason,
}

/// A member's relation to the head of the family, as on the KK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Kepala keluarga.
    Head,
    /// Suami / istri.
    Spouse,
    /// Anak.
    Child,
    /// Menantu.
    ChildInLaw,
    /// Cucu.
    Grandchild,
    /// Orang tua.
    Parent,
    /// Mertua.
    ParentInLaw,
    /// Famili lain.
    OtherRelative,
    /// Lainnya.
    Other,
}

/// The school level a member attends now, as used for education aid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolLevel {
    /// Taman Kanak-kanak.
    Tk,
    /// SD / MI.
    Sd,
    /// SMP / MTs.
    Smp,
    /// SMA / SMK / MA.
    Sma,
    /// Perguruan tinggi.
    University,
    /// Kesetaraan (Paket A/B/C).
    Kesetaraan,
}

/// A person in the family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Internal id (UUID v7 text).
    pub id: String,
    /// 16-digit NIK, when known.
    pub nik: Option<String>,
    /// Full name.
    pub name: String,
    /// Sex, when known.
    pub sex: Option<Sex>,
    /// Birth date, when known.
    pub birth_date: Option<NaiveDate>,
    /// Relation to the head.
    pub relation: Relation,
    /// Education on the KK: SIAK code 1 (Tidak/Belum Sekolah) … 10 (Strata III).
    pub education: Option<u8>,
    /// School attended now, if any.
    pub school_level: Option<SchoolLevel>,
    /// Has a disability.
    pub disability: bool,
    /// Has a chronic illness.
    pub chronic_illness: bool,
}

/// Where a household's record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Imported from the PPLS registry file.
    Registry,
    /// Created on a home visit or from a report.
    Field,
}

impl Source {
    /// The value stored in the `household.source` column.
    pub fn code(self) -> &'static str {
        match self {
            Self::Registry => "registry",
            Self::Field => "field",
        }
    }
}

/// A family (one KK) with its address, registry status, KK history and members. Its id is internal,
/// never the KK number, which changes when a family moves or splits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Household {
    /// Internal id (UUID v7 text).
    pub id: String,
    /// The dwelling (house) it lives in; several families can share one.
    pub dwelling_id: String,
    /// Registry or field.
    pub source: Source,
    /// Address of the dwelling.
    pub address: Address,
    /// Known position of the dwelling.
    pub point: Option<GeoPoint>,
    /// PPLS / KPS status.
    pub registry: RegistryStatus,
    /// KK numbers, oldest first.
    pub kk_history: Vec<KkEntry>,
    /// Members, head first.
    pub members: Vec<Member>,
}

impl Household {
    /// The current KK number, if any.
    pub fn current_kk(&self) -> Option<&str> {
        self.kk_history.last().map(|k| k.kk_number.as_str())
    }

    /// The head of the family, if recorded.
    pub fn head(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.relation == Relation::Head)
    }
}
