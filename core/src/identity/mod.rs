//! Indonesian identity numbers: the NIK of a person and the No. KK of a family card, checked
//! exactly as `DOMAIN.md` says — impossible numbers are errors, anomalies real data has are warnings.

use serde::{Deserialize, Serialize};

/// Sex as written on the KK: `L` (laki-laki) or `P` (perempuan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Laki-laki.
    #[serde(rename = "L")]
    Male,
    /// Perempuan.
    #[serde(rename = "P")]
    Female,
}

impl Sex {
    /// The KK letter, `L` or `P`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Male => "L",
            Self::Female => "P",
        }
    }

    /// The sex from its KK letter.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "L" | "l" => Some(Self::Male),
            "P" | "p" => Some(Self::Female),
            _ => None,
        }
    }
}
