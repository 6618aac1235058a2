//! The services configuration: the amount range of each kind of help (and of each school level
//! for education). The defaults are built in (`server/config/services.json`: DOMAIN.md's figures
//! where it has them, policy defaults elsewhere); an office replaces them with a file of the same
//! shape named by `--services-config` / `PANDU_SERVICES_CONFIG`, checked whole at start so a
//! mistake stops the server with a clear message instead of mis-pricing help later.

use std::collections::HashMap;
use std::path::Path;

use pandu_core::Text;
use serde::Deserialize;

use crate::assistance::{AssistanceKind, LevelNames, SchoolLevel};
use crate::rupiah::MAX_AMOUNT;

/// The built-in configuration.
const DEFAULTS: &str = include_str!("../config/services.json");

/// One range as the file writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeFile {
    kind: String,
    #[serde(default)]
    level: Option<String>,
    min: i64,
    max: i64,
    #[serde(default)]
    source: String,
}

/// The file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    #[serde(default)]
    #[allow(dead_code)] // read for the people editing the file, not by the server
    note: String,
    ranges: Vec<RangeFile>,
}

/// The usual amounts of one kind of help (both ends included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    /// Lowest usual amount.
    pub min: i64,
    /// Highest usual amount.
    pub max: i64,
    /// Where the figures come from (`DOMAIN.md`, `policy default`, …).
    pub source: String,
}

impl Range {
    /// Whether `amount` is within the range.
    pub fn holds(&self, amount: i64) -> bool {
        (self.min..=self.max).contains(&amount)
    }
}

/// Every kind's (and education level's) range, complete and checked.
#[derive(Clone, Debug)]
pub struct Services {
    ranges: HashMap<(AssistanceKind, Option<SchoolLevel>), Range>,
}

impl Services {
    /// The built-in configuration.
    pub fn defaults() -> Self {
        Self::parse(DEFAULTS).unwrap_or_else(|e| panic!("built-in services.json: {}", e.en))
    }

    /// The configuration in the file at `path`, or the built-in one for `None`.
    pub fn load(path: Option<&Path>) -> Result<Self, Text> {
        let Some(path) = path else {
            return Ok(Self::defaults());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            Text::new(
                format!("Berkas layanan {} tidak terbaca: {e}", path.display()),
                format!("Cannot read the services file {}: {e}", path.display()),
            )
        })?;
        Self::parse(&text).map_err(|e| {
            Text::new(
                format!("Berkas layanan {}: {}", path.display(), e.id),
                format!("Services file {}: {}", path.display(), e.en),
            )
        })
    }

    /// The configuration written in `text`, if it is complete and sound.
    pub fn parse(text: &str) -> Result<Self, Text> {
        let file: ServicesFile = serde_json::from_str(text).map_err(|e| {
            Text::new(
                format!("bukan JSON yang benar: {e}"),
                format!("not valid JSON: {e}"),
            )
        })?;
        let mut ranges = HashMap::new();
        for r in file.ranges {
            let key = key_of(&r)?;
            let range = checked(&r)?;
            if ranges.insert(key, range).is_some() {
                return Err(problem(&r, "disebut dua kali", "is given twice"));
            }
        }
        let services = Self { ranges };
        services.complete()?;
        Ok(services)
    }

    /// The range for `kind` (and `level`, for education).
    pub fn range(&self, kind: AssistanceKind, level: Option<SchoolLevel>) -> Option<&Range> {
        self.ranges.get(&(kind, level))
    }

    /// Refuses a configuration that leaves a kind or level without a range.
    fn complete(&self) -> Result<(), Text> {
        for (kind, level) in every_key() {
            if !self.ranges.contains_key(&(kind, level)) {
                let name = key_name(kind.as_str(), level.map(SchoolLevel::key));
                return Err(Text::new(
                    format!("rentang untuk {name} tidak ada"),
                    format!("the range for {name} is missing"),
                ));
            }
        }
        Ok(())
    }
}

/// Every kind, with each school level for education.
fn every_key() -> Vec<(AssistanceKind, Option<SchoolLevel>)> {
    AssistanceKind::ALL
        .into_iter()
        .flat_map(|k| {
            match k {
                AssistanceKind::Education => SchoolLevel::ALL.into_iter().map(Some).collect(),
                _ => vec![None],
            }
            .into_iter()
            .map(move |l| (k, l))
        })
        .collect()
}

/// `kind`, or `kind/level`, as messages name a range.
fn key_name(kind: &str, level: Option<&str>) -> String {
    match level {
        Some(l) => format!("{kind}/{l}"),
        None => kind.to_owned(),
    }
}

/// A problem with range `r`, named in both languages.
fn problem(r: &RangeFile, id: &str, en: &str) -> Text {
    let name = key_name(&r.kind, r.level.as_deref());
    Text::new(format!("rentang {name} {id}"), format!("range {name} {en}"))
}

/// The kind and level `r` is for.
fn key_of(r: &RangeFile) -> Result<(AssistanceKind, Option<SchoolLevel>), Text> {
    let kind = AssistanceKind::parse(&r.kind).ok_or_else(|| {
        problem(
            r,
            "berjenis tak dikenal",
            "has an unknown kind (health, education, rutilahu, elderly, emergency)",
        )
    })?;
    let level = match (&r.level, kind) {
        (Some(l), AssistanceKind::Education) => Some(SchoolLevel::parse(l).ok_or_else(|| {
            problem(
                r,
                "berjenjang tak dikenal",
                "has an unknown level (tk, sd, smp, sma, pt, kesetaraan)",
            )
        })?),
        (None, AssistanceKind::Education) => {
            return Err(problem(r, "perlu jenjang sekolah", "needs a school level"))
        }
        (Some(_), _) => return Err(problem(r, "tidak memakai jenjang", "takes no school level")),
        (None, _) => None,
    };
    Ok((kind, level))
}

/// The range `r` gives, if its ends are sound.
fn checked(r: &RangeFile) -> Result<Range, Text> {
    if r.min <= 0 || r.max > MAX_AMOUNT || r.min > r.max {
        return Err(problem(
            r,
            "harus 0 < min <= max <= Rp 999.999.999.999",
            "must have 0 < min <= max <= Rp 999,999,999,999",
        ));
    }
    Ok(Range {
        min: r.min,
        max: r.max,
        source: r.source.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_ranges_are_complete_and_hold_the_domain_figures() {
        let s = Services::defaults();
        let health = s.range(AssistanceKind::Health, None).unwrap();
        assert_eq!((health.min, health.max), (1_000_000, 1_500_000));
        let sd = s
            .range(AssistanceKind::Education, Some(SchoolLevel::Sd))
            .unwrap();
        assert!(sd.holds(350_000) && sd.holds(400_000) && !sd.holds(400_001));
        let pt = s
            .range(AssistanceKind::Education, Some(SchoolLevel::University))
            .unwrap();
        assert_eq!((pt.min, pt.max), (500_000, 750_000));
        assert_eq!(
            s.range(AssistanceKind::Elderly, None).unwrap().source,
            "policy default"
        );
        assert!(s.range(AssistanceKind::Education, None).is_none());
    }

    #[test]
    fn a_broken_file_is_refused_with_a_reason_in_both_languages() {
        let only = |ranges: &str| format!(r#"{{"ranges": [{ranges}]}}"#);
        let health = r#"{"kind": "health", "min": 1, "max": 2}"#;
        let cases = [
            ("{".to_owned(), "not valid JSON"),
            (only(health), "the range for education/tk is missing"),
            (only(&format!("{health},{health}")), "is given twice"),
            (
                only(r#"{"kind": "food", "min": 1, "max": 2}"#),
                "unknown kind",
            ),
            (
                only(r#"{"kind": "health", "min": 3, "max": 2}"#),
                "min <= max",
            ),
            (only(r#"{"kind": "health", "min": 0, "max": 2}"#), "0 < min"),
            (
                only(r#"{"kind": "education", "min": 1, "max": 2}"#),
                "needs a school level",
            ),
            (
                only(r#"{"kind": "education", "level": "s3", "min": 1, "max": 2}"#),
                "unknown level",
            ),
            (
                only(r#"{"kind": "health", "level": "sd", "min": 1, "max": 2}"#),
                "takes no school level",
            ),
            (
                only(r#"{"kind": "health", "min": 1, "max": 2, "extra": 1}"#),
                "not valid JSON",
            ),
        ];
        for (text, expected) in cases {
            let e = Services::parse(&text).unwrap_err();
            assert!(e.en.contains(expected), "{text}: {}", e.en);
            assert!(!e.is_incomplete());
        }
    }

    #[test]
    fn a_file_replaces_the_built_in_ranges() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("services.json");
        let text = DEFAULTS.replace(
            r#""min": 1000000, "max": 1500000"#,
            r#""min": 800000, "max": 2000000"#,
        );
        std::fs::write(&path, text).unwrap();
        let s = Services::load(Some(&path)).unwrap();
        let health = s.range(AssistanceKind::Health, None).unwrap();
        assert_eq!((health.min, health.max), (800_000, 2_000_000));
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = Services::load(Some(Path::new("/nonexistent/services.json"))).unwrap_err();
        assert!(e.en.contains("/nonexistent/services.json") && e.id.contains("tidak terbaca"));
        assert!(Services::load(None).is_ok());
    }
}
