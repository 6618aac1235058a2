//! The three paths of the UPT-KAN workflow (`DOMAIN.md`): (a) registered with KPS and verified →
//! basic services; (b) poor but not registered → the unit's own one-year card; (c) not poor but in
//! urgent need → a one-month recommendation letter. Inclusion and exclusion errors against PPLS 2011
//! are flagged here, for the office and for planning.

use serde::{Deserialize, Serialize};

use super::criteria::Score;
use crate::household::RegistryStatus;
use crate::i18n::Text;

/// The path a visit points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Path {
    /// (a) In PPLS 2011 with a KPS, verified poor: basic services.
    A,
    /// (b) Poor but without PPLS/KPS: the unit's card, valid one year.
    B,
    /// (c) Not poor, but an urgent need: the mayor's approval, a letter valid one month.
    C,
    /// Not poor and no urgent need.
    NotEligible,
    /// Not enough answers to decide.
    Undetermined,
}

/// What a visit means for the household, computed when the visit is finished.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The score behind it.
    pub score: Score,
    /// The recommended path.
    pub path: Path,
    /// Registered in PPLS 2011, but the visit found the criteria not met.
    pub inclusion_error: bool,
    /// The visit found the criteria met, but the household is not in PPLS 2011.
    pub exclusion_error: bool,
    /// The visit recorded an urgent need.
    pub emergency: bool,
    /// What to recommend, in both languages.
    pub recommendation: Text,
}

/// Assess a visit's `score` for a household with `registry` status; `emergency` when the visit
/// recorded an urgent need.
pub fn assess(score: Score, registry: &RegistryStatus, emergency: bool) -> Assessment {
    let meets = score.meets();
    let path = match (meets, emergency) {
        (Some(true), _) if registry.is_registered_with_kps() => Path::A,
        (Some(true), _) => Path::B,
        (_, true) => Path::C,
        (Some(false), false) => Path::NotEligible,
        (None, false) => Path::Undetermined,
    };
    Assessment {
        inclusion_error: registry.in_ppls && meets == Some(false),
        exclusion_error: !registry.in_ppls && meets == Some(true),
        recommendation: recommendation(path),
        path,
        emergency,
        score,
    }
}

fn recommendation(path: Path) -> Text {
    match path {
        Path::A => Text::new(
            "Terdaftar PPLS 2011 dengan KPS dan terverifikasi: dapat menerima layanan dasar (jalur a).",
            "In PPLS 2011 with a KPS and verified: may receive basic services (path a).",
        ),
        Path::B => Text::new(
            "Memenuhi kriteria tetapi belum terdaftar/tanpa KPS: usulkan Kartu UPT-KAN berlaku satu tahun (jalur b).",
            "Meets the criteria but not registered / no KPS: propose a UPT-KAN card valid one year (path b).",
        ),
        Path::C => Text::new(
            "Tidak memenuhi kriteria tetapi ada kebutuhan mendesak: ajukan ke Walikota untuk Surat Rekomendasi satu bulan (jalur c).",
            "Does not meet the criteria but has an urgent need: apply to the mayor for a one-month recommendation letter (path c).",
        ),
        Path::NotEligible => Text::new(
            "Tidak memenuhi kriteria dan tidak ada kebutuhan mendesak.",
            "Does not meet the criteria and has no urgent need.",
        ),
        Path::Undetermined => Text::new(
            "Belum dapat ditentukan: masih ada kriteria yang belum dijawab.",
            "Cannot be decided yet: some criteria are still unanswered.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(met: u8, unknown: u8) -> Score {
        Score {
            met,
            not_met: 12 - met - unknown,
            unknown,
            min_met: 9,
            rule_version: "t v1".into(),
        }
    }

    fn registry(in_ppls: bool, kps: Option<&str>) -> RegistryStatus {
        RegistryStatus {
            ppls_id: None,
            in_ppls,
            kps_number: kps.map(str::to_owned),
        }
    }

    #[test]
    fn registered_with_kps_and_poor_is_path_a() {
        let a = assess(score(10, 0), &registry(true, Some("KPS-1")), false);
        assert_eq!(a.path, Path::A);
        assert!(!a.inclusion_error && !a.exclusion_error);
    }

    #[test]
    fn poor_but_unregistered_is_path_b_and_an_exclusion_error() {
        let a = assess(score(9, 0), &registry(false, None), false);
        assert_eq!(a.path, Path::B);
        assert!(a.exclusion_error);
        let in_ppls_no_kps = assess(score(9, 0), &registry(true, None), false);
        assert_eq!(in_ppls_no_kps.path, Path::B);
        assert!(!in_ppls_no_kps.exclusion_error);
    }

    #[test]
    fn registered_but_not_poor_is_an_inclusion_error() {
        let a = assess(score(5, 0), &registry(true, Some("KPS-9")), false);
        assert_eq!(a.path, Path::NotEligible);
        assert!(a.inclusion_error);
    }

    #[test]
    fn urgent_need_without_poverty_is_path_c() {
        assert_eq!(
            assess(score(3, 0), &registry(false, None), true).path,
            Path::C
        );
    }

    #[test]
    fn unknown_criteria_that_could_decide_leave_it_undetermined() {
        assert_eq!(
            assess(score(7, 3), &registry(false, None), false).path,
            Path::Undetermined
        );
        assert_eq!(
            assess(score(5, 3), &registry(false, None), false).path,
            Path::NotEligible
        );
    }
}
