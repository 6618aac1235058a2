//! Indonesian identity numbers: the NIK of a person and the No. KK of a family card, checked
//! exactly as `DOMAIN.md` says — impossible numbers are errors, anomalies real data has are warnings.

mod kk;
mod nik;

pub use kk::{check_kk, make_kk, parse_kk, KkParts};
pub use nik::{check_nik, make_nik, mask_nik, parse_nik, NikParts};

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::{Problem, Text};
use crate::wilayah;

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

/// Which of the two numbers is being checked: both share one layout (region, date, serial), so
/// the checks are written once and only codes and wording differ.
#[derive(Clone, Copy)]
enum Kind {
    Nik,
    Kk,
}

impl Kind {
    /// The problem code `what` for this number, e.g. `nik.serial_zero`.
    fn code(self, what: &str) -> String {
        match self {
            Self::Nik => format!("nik.{what}"),
            Self::Kk => format!("kk.{what}"),
        }
    }

    /// The form field the number is entered in.
    fn field(self) -> &'static str {
        match self {
            Self::Nik => "nik",
            Self::Kk => "kk_number",
        }
    }

    /// The number's name in Indonesian and English.
    fn name(self) -> (&'static str, &'static str) {
        match self {
            Self::Nik => ("NIK", "NIK"),
            Self::Kk => ("No. KK", "family card number"),
        }
    }

    /// A blocking problem `what` about this number.
    fn error(self, what: &str, text: Text) -> Problem {
        Problem::error(&self.code(what), text).at(self.field())
    }

    /// A non-blocking problem `what` about this number.
    fn warning(self, what: &str, text: Text) -> Problem {
        Problem::warning(&self.code(what), text).at(self.field())
    }
}

/// The 16 digits of `raw` with surrounding whitespace removed, or the error saying it is not.
fn sixteen_digits(raw: &str, kind: Kind) -> Result<&str, Problem> {
    let digits = raw.trim();
    if digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(digits);
    }
    let (id, en) = kind.name();
    Err(kind.error(
        "not_16_digits",
        Text::new(
            format!("{id} harus terdiri dari tepat 16 angka."),
            format!("The {en} must be exactly 16 digits."),
        ),
    ))
}

/// The decimal number in `digits[range]`; `digits` must be ASCII digits only.
fn number(digits: &str, range: Range<usize>) -> u32 {
    digits.as_bytes()[range]
        .iter()
        .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

/// True when day `day` of month `month` exists in year 19`year_2` or 20`year_2`: the number holds
/// only two year digits, so 29 February is possible whenever either century has it.
fn date_exists(day: u32, month: u32, year_2: u32) -> bool {
    [1900, 2000]
        .iter()
        .any(|century| date(century + year_2, month, day).is_some())
}

/// The calendar date, if it exists.
fn date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The error for a date part that no calendar has.
fn impossible_date(kind: Kind) -> Problem {
    let (id, en) = kind.name();
    kind.error(
        "impossible_date",
        Text::new(
            format!("Tanggal pada {id} tidak mungkin ada (hari atau bulan salah)."),
            format!("The date in the {en} cannot exist (wrong day or month)."),
        ),
    )
}

/// The 4-digit serial at the end of `digits`, or the error when it is 0000.
fn serial(digits: &str, kind: Kind) -> Result<u16, Problem> {
    match u16::try_from(number(digits, 12..16)) {
        Ok(serial) if serial > 0 => Ok(serial),
        _ => {
            let (id, en) = kind.name();
            Err(kind.error(
                "serial_zero",
                Text::new(
                    format!("Nomor urut {id} (4 angka terakhir) tidak boleh 0000."),
                    format!("The serial of the {en} (last 4 digits) cannot be 0000."),
                ),
            ))
        }
    }
}

/// The warning for a region prefix that names no known place, if `region` is one.
fn region_warning(region: &str, kind: Kind) -> Option<Problem> {
    if wilayah::is_known_region(region) {
        return None;
    }
    let (id, en) = kind.name();
    Some(kind.warning(
        "unknown_region",
        Text::new(
            format!("Kode wilayah pada {id} tidak dikenal. Periksa kembali angkanya."),
            format!("The region code in the {en} is not known. Please check the digits."),
        ),
    ))
}

/// A 16-digit number from its parts: region, a ddmmyy date (day as given), and the last four
/// digits of `serial`.
fn compose(region: &str, day: u32, date: NaiveDate, serial: u16) -> String {
    format!(
        "{region}{day:02}{:02}{:02}{:04}",
        date.month(),
        date.year().rem_euclid(100),
        serial % 10_000
    )
}
