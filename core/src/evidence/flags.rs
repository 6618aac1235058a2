//! What the office should look at twice about a photo. Flags never block a visit: they are
//! computed at ingest, stored with the evidence, shown on the visit summary and sent to the office.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// One finding about a photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// Looks like a photo already taken for another household (perceptual hash).
    NearDuplicate {
        /// The other household's internal id (none when that visit had no household yet).
        household_id: Option<String>,
        /// The day the other photo was stored.
        taken_on: NaiveDate,
        /// How many of the 64 hash bits differ.
        distance_bits: u32,
    },
    /// Exactly the same processed photo is already evidence for another household.
    ExactReuse {
        /// The other household's internal id.
        household_id: Option<String>,
        /// The day the other photo was stored.
        taken_on: NaiveDate,
    },
    /// Taken farther from the dwelling than the allowed radius.
    FarFromHouse {
        /// Distance to the dwelling, metres.
        distance_m: f64,
        /// The radius allowed, metres.
        radius_m: f64,
    },
    /// The phone's GPS accuracy was worse than 50 m.
    PoorAccuracy {
        /// Accuracy reported, metres.
        accuracy_m: f64,
    },
    /// The platform reported a mock location (or an impossible accuracy of 0 m).
    MockLocation,
    /// The capture time lies outside the visit's window.
    OutsideVisitWindow {
        /// When the camera says the photo was taken.
        captured_at: DateTime<FixedOffset>,
    },
    /// Neither the shell nor the camera gave a position.
    NoPosition,
    /// The camera gave no capture time.
    NoCaptureTime,
}

impl Flag {
    /// What to show, in Indonesian and English.
    pub fn text(&self) -> Text {
        match self {
            Self::NearDuplicate {
                household_id,
                taken_on,
                ..
            } => Text::new(
                format!(
                    "Foto ini mirip dengan foto untuk rumah tangga {} tanggal {taken_on}.",
                    other(household_id)
                ),
                format!(
                    "This photo looks like the one taken for household {} on {taken_on}.",
                    other(household_id)
                ),
            ),
            Self::ExactReuse {
                household_id,
                taken_on,
            } => Text::new(
                format!(
                    "Foto yang sama persis sudah dipakai untuk rumah tangga {} tanggal {taken_on}.",
                    other(household_id)
                ),
                format!(
                    "The very same photo was already used for household {} on {taken_on}.",
                    other(household_id)
                ),
            ),
            Self::FarFromHouse {
                distance_m,
                radius_m,
            } => Text::new(
                format!("Foto diambil {distance_m:.0} m dari rumah (batas {radius_m:.0} m)."),
                format!(
                    "The photo was taken {distance_m:.0} m from the house (limit {radius_m:.0} m)."
                ),
            ),
            Self::PoorAccuracy { accuracy_m } => Text::new(
                format!("Akurasi GPS buruk: {accuracy_m:.0} m."),
                format!("Poor GPS accuracy: {accuracy_m:.0} m."),
            ),
            Self::MockLocation => Text::new(
                "Ponsel melaporkan lokasi palsu (mock).",
                "The phone reported a mock location.",
            ),
            Self::OutsideVisitWindow { captured_at } => Text::new(
                format!(
                    "Foto diambil di luar waktu kunjungan ({}).",
                    captured_at.format("%Y-%m-%d %H:%M")
                ),
                format!(
                    "The photo was taken outside the visit time ({}).",
                    captured_at.format("%Y-%m-%d %H:%M")
                ),
            ),
            Self::NoPosition => {
                Text::new("Foto tidak memiliki lokasi.", "The photo has no location.")
            }
            Self::NoCaptureTime => Text::new(
                "Foto tidak memiliki waktu pengambilan.",
                "The photo has no capture time.",
            ),
        }
    }
}

fn other(household_id: &Option<String>) -> &str {
    household_id.as_deref().unwrap_or("?")
}
