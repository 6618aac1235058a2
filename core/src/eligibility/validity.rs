//! How long the unit's cards and letters are valid, counted in the Asia/Jakarta day (WIB, UTC+7,
//! no daylight saving): a card for one year from its issue, a letter for one month, and a card is
//! renewed only on a verification visit newer than the last card.

use chrono::{DateTime, FixedOffset, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::{Problem, Text};

/// Western Indonesia Time, UTC+7 (Payakumbuh's time zone; no daylight saving since 1964).
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| unreachable!("7 hours is a valid offset"))
}

/// The calendar day in Payakumbuh at the instant `at`.
pub fn jakarta_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&wib()).date_naive()
}

/// A period of validity, both days included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// First valid day.
    pub from: NaiveDate,
    /// Last valid day.
    pub until: NaiveDate,
}

impl Validity {
    /// True when `day` falls within the period.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.until
    }
}

fn valid_for(issued: NaiveDate, months: u32) -> Validity {
    let end = issued
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX);
    Validity {
        from: issued,
        until: end,
    }
}

/// A card issued on `issued` is valid for one year: until the day before its anniversary.
pub fn card_validity(issued: NaiveDate) -> Validity {
    valid_for(issued, 12)
}

/// An emergency recommendation letter issued on `issued` is valid for one month.
pub fn letter_validity(issued: NaiveDate) -> Validity {
    valid_for(issued, 1)
}

/// A card may be renewed only when a verification visit was finished after the last card was issued.
pub fn check_renewal(
    last_card_issued: NaiveDate,
    latest_visit: Option<NaiveDate>,
) -> Result<(), Problem> {
    match latest_visit {
        Some(visit) if visit > last_card_issued => Ok(()),
        _ => Err(Problem::error(
            "card.renewal_needs_visit",
            Text::new(
                "Kartu hanya bisa diperpanjang dengan kunjungan verifikasi yang lebih baru dari kartu terakhir.",
                "A card can be renewed only with a verification visit newer than the last card.",
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_day_is_counted_in_jakarta() {
        let late_utc = Utc.with_ymd_and_hms(2026, 1, 31, 17, 30, 0).unwrap();
        assert_eq!(jakarta_date(late_utc), day(2026, 2, 1));
    }

    #[test]
    fn a_card_lasts_a_year_and_a_letter_a_month() {
        let card = card_validity(day(2026, 3, 15));
        assert_eq!(card.until, day(2027, 3, 14));
        assert!(card.covers(day(2027, 3, 14)) && !card.covers(day(2027, 3, 15)));
        assert_eq!(letter_validity(day(2026, 1, 31)).until, day(2026, 2, 27));
        assert_eq!(card_validity(day(2024, 2, 29)).until, day(2025, 2, 27));
    }

    #[test]
    fn renewal_needs_a_newer_visit() {
        let issued = day(2026, 5, 1);
        assert!(check_renewal(issued, None).is_err());
        assert!(check_renewal(issued, Some(issued)).is_err());
        assert!(check_renewal(issued, Some(day(2027, 4, 20))).is_ok());
    }
}
