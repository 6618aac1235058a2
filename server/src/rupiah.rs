//! Money as the office writes it: whole rupiah in an `i64` (never floats), shown as
//! `Rp 1.250.000` in Indonesian and `Rp 1,250,000` in English, and read back from what a clerk
//! types (`1.250.000`, `1250000`, `Rp 1.250.000`, `1,250,000`). Rupiah have no cents in practice,
//! so a decimal part is refused rather than rounded, and amounts are capped at
//! [`MAX_AMOUNT`] so that sums over any ledger stay far from `i64` overflow.

use pandu_core::Text;

use crate::web::Lang;

/// The largest amount accepted (Rp 999.999.999.999, just under one trillion).
pub const MAX_AMOUNT: i64 = 999_999_999_999;

/// `amount` as shown in `lang`: `Rp 1.250.000` (id) or `Rp 1,250,000` (en); negative amounts
/// get a leading minus, `-Rp 5.000`.
pub fn format(amount: i64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp {grouped}")
}

/// Why typed text is not an amount of rupiah.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RupiahError {
    /// Nothing was typed.
    Empty,
    /// Not a number (letters, stray signs, badly placed separators).
    NotANumber,
    /// It has a decimal part (`1.250,50`); rupiah are whole.
    Decimal,
    /// It is below zero where that is not allowed.
    Negative,
    /// It is above [`MAX_AMOUNT`].
    TooLarge,
}

impl RupiahError {
    /// What the clerk is told, in Indonesian and English.
    pub fn text(self) -> Text {
        match self {
            Self::Empty => Text::new("Jumlah uang belum diisi.", "The amount is missing."),
            Self::NotANumber => Text::new(
                "Jumlah uang tidak terbaca; tulis misalnya 1.250.000.",
                "The amount cannot be read; write e.g. 1,250,000.",
            ),
            Self::Decimal => Text::new(
                "Jumlah uang harus rupiah bulat, tanpa sen.",
                "The amount must be whole rupiah, without cents.",
            ),
            Self::Negative => Text::new(
                "Jumlah uang tidak boleh negatif di sini.",
                "The amount may not be negative here.",
            ),
            Self::TooLarge => Text::new(
                "Jumlah uang terlalu besar (paling banyak Rp 999.999.999.999).",
                "The amount is too large (at most Rp 999,999,999,999).",
            ),
        }
    }
}

/// Whether a parsed amount may be below zero (a correction may; money in or out may not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// Zero or more.
    NonNegative,
    /// Any sign.
    Any,
}

/// The amount typed in `input`: an optional minus, an optional `Rp`, then digits either plain or
/// grouped by threes with `.` or `,` (one kind of separator throughout).
pub fn parse(input: &str, sign: Sign) -> Result<i64, RupiahError> {
    let text = input.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let body = strip_currency(text);
    if body.is_empty() {
        return Err(if negative {
            RupiahError::NotANumber
        } else {
            RupiahError::Empty
        });
    }
    let magnitude = whole_digits(body)?;
    if magnitude > MAX_AMOUNT as u128 {
        return Err(RupiahError::TooLarge);
    }
    let amount = magnitude as i64;
    match (negative && amount != 0, sign) {
        (true, Sign::NonNegative) => Err(RupiahError::Negative),
        (true, Sign::Any) => Ok(-amount),
        (false, _) => Ok(amount),
    }
}

/// `text` without a leading `Rp`, `Rp.` or `IDR` (any case) and the spaces after it.
fn strip_currency(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    let cut = ["rp.", "rp", "idr"]
        .iter()
        .find(|prefix| lower.starts_with(*prefix))
        .map_or(0, |prefix| prefix.len());
    text[cut..].trim_start()
}

/// The number written by `body`: plain digits, or groups of three after a first group of one to
/// three, all separated by the same `.` or `,`.
fn whole_digits(body: &str) -> Result<u128, RupiahError> {
    if body
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == '.' || c == ','))
    {
        return Err(RupiahError::NotANumber);
    }
    let separators: Vec<char> = body.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<&str> = body.split(['.', ',']).collect();
    if let Some(&first) = separators.first() {
        let mixed = separators.iter().any(|&s| s != first);
        let last = groups.last().map_or(0, |g| g.len());
        if mixed || last != 3 {
            return Err(decimal_or_garbage(&groups));
        }
        let bad_group = groups[1..].iter().any(|g| g.len() != 3);
        if groups[0].is_empty() || groups[0].len() > 3 || bad_group {
            return Err(RupiahError::NotANumber);
        }
    }
    let digits: String = groups.concat();
    if digits.len() > 20 {
        return Err(RupiahError::TooLarge);
    }
    digits.parse().map_err(|_| RupiahError::NotANumber)
}

/// A badly grouped number: a decimal part when its last group (one or two digits, or `00…`)
/// follows a well-formed whole part, else not a number.
fn decimal_or_garbage(groups: &[&str]) -> RupiahError {
    match groups {
        [.., whole, fraction] if !whole.is_empty() && !fraction.is_empty() => RupiahError::Decimal,
        _ => RupiahError::NotANumber,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_threes_in_the_way_of_each_language() {
        assert_eq!(format(1_250_000, Lang::Id), "Rp 1.250.000");
        assert_eq!(format(1_250_000, Lang::En), "Rp 1,250,000");
        assert_eq!(format(0, Lang::Id), "Rp 0");
        assert_eq!(format(999, Lang::Id), "Rp 999");
        assert_eq!(format(1_000, Lang::En), "Rp 1,000");
        assert_eq!(format(-95_625_000, Lang::Id), "-Rp 95.625.000");
        assert_eq!(format(202_615_628, Lang::En), "Rp 202,615,628");
        assert_eq!(format(i64::MIN, Lang::En), "-Rp 9,223,372,036,854,775,808");
    }

    #[test]
    fn what_a_clerk_types_is_read_in_either_style() {
        for typed in [
            "1.250.000",
            "1250000",
            "Rp 1.250.000",
            "rp1.250.000",
            "Rp. 1.250.000",
            "1,250,000",
            " IDR 1,250,000 ",
        ] {
            assert_eq!(parse(typed, Sign::NonNegative), Ok(1_250_000), "{typed}");
        }
        assert_eq!(parse("0", Sign::NonNegative), Ok(0));
        assert_eq!(parse("-0", Sign::NonNegative), Ok(0));
        assert_eq!(parse("-Rp 5.000", Sign::Any), Ok(-5_000));
        assert_eq!(parse("999.999.999.999", Sign::Any), Ok(MAX_AMOUNT));
    }

    #[test]
    fn decimals_negatives_overflow_and_garbage_are_refused_with_their_reason() {
        use RupiahError::*;
        let cases = [
            ("", Empty),
            ("  Rp ", Empty),
            ("abc", NotANumber),
            ("12a", NotANumber),
            ("-", NotANumber),
            ("1.25", Decimal),
            ("1.250.000,50", Decimal),
            ("1250000,00", Decimal),
            ("1,250.000", Decimal),
            ("1.2500", Decimal),
            (".250", NotANumber),
            ("1..250", NotANumber),
            ("1234.567", NotANumber),
            ("1,", NotANumber),
            ("-5.000", Negative),
            ("1.000.000.000.000", TooLarge),
            ("99999999999999999999999999", TooLarge),
        ];
        for (typed, reason) in cases {
            assert_eq!(parse(typed, Sign::NonNegative), Err(reason), "{typed:?}");
        }
    }

    #[test]
    fn every_reason_is_told_in_both_languages() {
        use RupiahError::*;
        for reason in [Empty, NotANumber, Decimal, Negative, TooLarge] {
            assert!(!reason.text().is_incomplete());
        }
    }

    #[test]
    fn a_formatted_amount_reads_back_as_itself() {
        for amount in [0, 7, 1_000, 107_350_124, MAX_AMOUNT] {
            for lang in [Lang::Id, Lang::En] {
                assert_eq!(parse(&format(amount, lang), Sign::Any), Ok(amount));
            }
        }
    }
}
