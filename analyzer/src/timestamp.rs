//! Points in time as CloudTrail, IAM and the credential report write them:
//! ISO 8601 / RFC 3339 date-times (`2026-03-01T12:30:00Z`, with fractional
//! seconds or a `+hh:mm` offset), bare dates (`2026-03-01`, midnight UTC),
//! and the forms people type on a command line.
//!
//! Kept as whole seconds since the Unix epoch (UTC); no time-zone database
//! is needed because every input carries UTC or an explicit offset.
//!
//! # Example
//! ```
//! use zoneproof_analyzer::timestamp::Timestamp;
//! let t: Timestamp = "2026-03-01T12:30:00.123+01:00".parse().unwrap();
//! assert_eq!(t.to_string(), "2026-03-01T11:30:00Z");
//! assert_eq!(t.days_before(&"2026-03-11".parse().unwrap()), 9);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Text that is not a date or date-time in a form [`Timestamp`] reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date `{0}`: expected YYYY-MM-DD or an ISO 8601 date-time such as 2026-03-01T12:30:00Z"
)]
pub struct TimestampError(pub String);

impl Timestamp {
    /// The time `days` whole days earlier.
    pub fn minus_days(self, days: i64) -> Timestamp {
        Timestamp(self.0 - days * DAY)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_before(&self, later: &Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(DAY)
    }

    /// The current time, from the system clock.
    pub fn now() -> Timestamp {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Timestamp(i64::try_from(seconds).unwrap_or(i64::MAX))
    }

    /// The UTC calendar date and time: (year, month, day, hour, minute, second).
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(DAY);
        let seconds = self.0.rem_euclid(DAY);
        let (year, month, day) = civil_from_days(days);
        let hms = |n: i64| u32::try_from(n).unwrap_or(0);
        (
            year,
            month,
            day,
            hms(seconds / 3600),
            hms(seconds / 60 % 60),
            hms(seconds % 60),
        )
    }

    /// Builds a time from UTC calendar fields; `None` when a field is out
    /// of range (month 13, February 30th, hour 24, ...).
    pub fn from_civil(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Timestamp> {
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 61;
        valid.then(|| {
            Timestamp(
                days_from_civil(year, month, day) * DAY
                    + i64::from(hour) * 3600
                    + i64::from(minute) * 60
                    + i64::from(second),
            )
        })
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        parse(text.trim()).ok_or_else(|| TimestampError(text.to_string()))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, whole seconds: `2026-03-01T12:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, hour, minute, second) = self.to_civil();
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z"
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses `YYYY-MM-DD[(T| )hh:mm[:ss[.fff]][Z|±hh[:]mm]]`.
fn parse(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let digits = bytes.get(from..from + len)?;
        digits.iter().try_fold(0u32, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    let year = i64::from(number(0, 4)?);
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let (month, day) = (number(5, 2)?, number(8, 2)?);
    if bytes.len() == 10 {
        return Timestamp::from_civil(year, month, day, 0, 0, 0);
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (number(11, 2)?, number(14, 2)?);
    let mut at = 16;
    let mut second = 0;
    if bytes.get(at) == Some(&b':') {
        second = number(at + 1, 2)?;
        at += 3;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            let digits = bytes.get(at..)?.iter().take_while(|b| b.is_ascii_digit());
            let count = digits.count();
            if count == 0 {
                return None;
            }
            at += count;
        }
    }
    let offset = parse_offset(bytes.get(at..)?)?;
    Timestamp::from_civil(year, month, day, hour, minute, second).map(|t| Timestamp(t.0 - offset))
}

/// The UTC offset in seconds of `Z`, `±hh:mm`, `±hhmm` or `±hh`; an absent
/// offset is UTC (CloudTrail and the credential report always write UTC).
fn parse_offset(rest: &[u8]) -> Option<i64> {
    let sign = match rest.first() {
        None => return Some(0),
        Some(b'Z' | b'z') => return (rest.len() == 1).then_some(0),
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => return None,
    };
    let digits: Vec<u8> = rest
        .get(1..)?
        .iter()
        .copied()
        .filter(|b| *b != b':')
        .collect();
    if !digits.iter().all(u8::is_ascii_digit) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let value = |range: std::ops::Range<usize>| -> i64 {
        digits
            .get(range)
            .unwrap_or_default()
            .iter()
            .fold(0, |acc, b| acc * 10 + i64::from(b - b'0'))
    };
    let hours = value(0..2);
    let minutes = if digits.len() == 4 { value(2..4) } else { 0 };
    (hours < 24 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let narrow = |n: i64| u32::try_from(n).unwrap_or(0);
    (year, narrow(month), narrow(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn reads_the_forms_cloudtrail_and_iam_write() {
        assert_eq!(at("1970-01-01T00:00:00Z"), Timestamp(0));
        assert_eq!(at("2026-03-01"), at("2026-03-01T00:00:00Z"));
        assert_eq!(at("2026-03-01T12:30:00.512Z"), at("2026-03-01T12:30:00Z"));
        assert_eq!(at("2026-03-01T12:30:00+00:00"), at("2026-03-01T12:30:00Z"));
        assert_eq!(at("2026-03-01T12:30:00-0130"), at("2026-03-01T14:00:00Z"));
        assert_eq!(at("2026-03-01 12:30"), at("2026-03-01T12:30:00Z"));
        assert_eq!(
            at("2024-02-29T23:59:59Z").to_string(),
            "2024-02-29T23:59:59Z"
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "2026-03-01T25:00:00Z",
            "2026-03-01T12:30:00Zjunk",
            "2026-03-01T12:30:00.Z",
            "N/A",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn calendar_round_trips_from_year_100_to_9900() {
        for days in (-700_000..2_900_000).step_by(997) {
            let t = Timestamp(days * DAY + 3661);
            assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
        }
    }

    #[test]
    fn days_between_are_whole_days() {
        let start = at("2026-01-01T10:00:00Z");
        assert_eq!(start.days_before(&at("2026-01-02T09:59:59Z")), 0);
        assert_eq!(start.days_before(&at("2026-04-01T10:00:00Z")), 90);
        assert_eq!(start.minus_days(1), at("2025-12-31T10:00:00Z"));
    }
}
