//! Typed condition values: numbers, dates, IP addresses and ranges, booleans.
//!
//! Policies store every condition value as text (see
//! [`crate::policy::Condition::values`]). These functions give that text its
//! meaning for the operator families that are not plain strings. The parser
//! uses them to reject values AWS rejects; the concrete evaluator uses them to
//! compare a policy value with a request value. Both sides parse with the same
//! function, so a policy value and a request value that print alike compare
//! alike.
//!
//! Decisions where the AWS documentation is silent (recorded here and in the
//! tests):
//! - numbers are plain decimals (`12`, `-3.5`, `+0.25`, `.5`, `5.`); exponent
//!   notation (`1e3`) and more than 9 significant fractional digits are
//!   rejected rather than rounded, so that no comparison is ever decided on an
//!   approximation;
//! - a date is a W3C profile of ISO 8601 date (`2019-08-16`, `2019-08`,
//!   `2019-08-16T12:00Z`, `2019-08-16T12:00:00.5+02:00`) or epoch seconds
//!   written with digits only. A string of digits is always epoch seconds, so
//!   the bare-year form `2019` means 2019 seconds after the epoch. A date-time
//!   without a zone designator is taken as UTC. Fractions finer than a
//!   millisecond are truncated;
//! - IP ranges ignore host bits after the prefix (`10.1.2.3/8` is
//!   `10.0.0.0/8`), as IAM Access Analyzer's "Improve IP range" check
//!   documents; IPv4 lives in the IPv4-mapped block `::ffff:0:0/96`, so
//!   `0.0.0.0/0` is every IPv4 address and nothing else, while an IPv6 prefix
//!   is taken literally over all 128 bits (`::/0` contains every address,
//!   IPv4-mapped ones included).

use std::net::{Ipv4Addr, Ipv6Addr};

/// An exact decimal: value = scaled / 10^9 (at most 9 fractional digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal {
    /// The value multiplied by [`DECIMAL_SCALE`].
    pub scaled: i128,
}

/// The scale of [`Decimal::scaled`]: 10^9, i.e. nine fractional digits.
pub const DECIMAL_SCALE: i128 = 1_000_000_000;

/// The number of fractional digits a [`Decimal`] holds.
const DECIMAL_DIGITS: usize = 9;

/// An inclusive range of IP addresses in the 128-bit IPv6 space, IPv4
/// addresses mapped into `::ffff:0:0/96`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpRange {
    /// The lowest address in the range.
    pub low: u128,
    /// The highest address in the range.
    pub high: u128,
}

impl IpRange {
    /// Whether `address` (as returned by [`parse_ip`]) lies in the range.
    pub fn contains(&self, address: u128) -> bool {
        self.low <= address && address <= self.high
    }
}

/// A condition value that does not parse as its operator's type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a decimal number.
    #[error("`{text}` is not a number: {reason}")]
    Number {
        /// The offending text.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Not an ISO 8601 date or epoch seconds.
    #[error("`{text}` is not a date (ISO 8601 or epoch seconds): {reason}")]
    Date {
        /// The offending text.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Not an IPv4 or IPv6 address.
    #[error("`{text}` is not an IP address")]
    Ip {
        /// The offending text.
        text: String,
    },
    /// Not an address or CIDR range.
    #[error("`{text}` is not an IP address or CIDR range: {reason}")]
    Cidr {
        /// The offending text.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Not `true` or `false`.
    #[error("`{text}` is not a boolean (`true` or `false`)")]
    Bool {
        /// The offending text.
        text: String,
    },
}

// ---------------------------------------------------------------------------
// Numbers

/// Parses a decimal number such as `12`, `-3.5` or `+0.25`.
///
/// Exponent notation and more than nine significant fractional digits are
/// rejected (see the module documentation).
///
/// # Example
/// ```
/// use zoneproof_analyzer::value::{parse_decimal, DECIMAL_SCALE};
/// assert_eq!(parse_decimal("-3.5").unwrap().scaled, -35 * DECIMAL_SCALE / 10);
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, ValueError> {
    let error = |reason| ValueError::Number {
        text: text.to_owned(),
        reason,
    };
    let (negative, unsigned) = match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => (false, text),
    };
    if looks_like_exponent_notation(unsigned) {
        return Err(error("exponent notation is not supported"));
    }
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() {
        return Err(error("no digits"));
    }
    if !all_digits(whole) || !all_digits(fraction) {
        return Err(error("only digits, one `.` and a leading sign are allowed"));
    }
    let significant_fraction = fraction.trim_end_matches('0');
    if significant_fraction.len() > DECIMAL_DIGITS {
        return Err(error("more than 9 fractional digits are not supported"));
    }
    let magnitude = digits_value(whole)
        .and_then(|w| w.checked_mul(DECIMAL_SCALE))
        .and_then(|w| w.checked_add(fraction_value(significant_fraction)))
        .ok_or_else(|| error("too large"))?;
    let scaled = if negative { -magnitude } else { magnitude };
    Ok(Decimal { scaled })
}

/// Whether `text` is a decimal with an exponent, such as `1e3` or `2.5E-2`.
fn looks_like_exponent_notation(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a string of ASCII digits (empty = 0), `None` on overflow.
fn digits_value(digits: &str) -> Option<i128> {
    digits.bytes().try_fold(0i128, |acc, b| {
        acc.checked_mul(10)?.checked_add(i128::from(b - b'0'))
    })
}

/// The value of at most nine fractional digits, in units of 10^-9.
fn fraction_value(digits: &str) -> i128 {
    let mut value = 0i128;
    for position in 0..DECIMAL_DIGITS {
        let digit = digits.as_bytes().get(position).map_or(0, |b| b - b'0');
        value = value * 10 + i128::from(digit);
    }
    value
}

// ---------------------------------------------------------------------------
// Dates

/// Parses a date into epoch milliseconds.
///
/// Accepts the W3C profile of ISO 8601 (`YYYY-MM`, `YYYY-MM-DD`,
/// `YYYY-MM-DDThh:mm`, `YYYY-MM-DDThh:mm:ss`, `YYYY-MM-DDThh:mm:ss.s...`, each
/// time followed by `Z`, `+hh:mm`, `-hh:mm` or nothing for UTC) and epoch
/// seconds written as digits only.
///
/// # Example
/// ```
/// use zoneproof_analyzer::value::parse_date;
/// assert_eq!(parse_date("2019-08-16T12:00:00Z"), parse_date("1565956800"));
/// ```
pub fn parse_date(text: &str) -> Result<i64, ValueError> {
    let error = |reason| ValueError::Date {
        text: text.to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(error("empty"));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return digits_value(text)
            .and_then(|seconds| seconds.checked_mul(1000))
            .and_then(|millis| i64::try_from(millis).ok())
            .ok_or_else(|| error("epoch seconds out of range"));
    }
    parse_iso8601(text).map_err(error)
}

/// A cursor over the bytes of an ISO 8601 date.
struct DateCursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl DateCursor<'_> {
    /// Reads exactly `count` digits.
    fn digits(&mut self, count: usize, what: &'static str) -> Result<i64, &'static str> {
        let field = self.bytes.get(self.at..self.at + count).ok_or(what)?;
        if !field.iter().all(u8::is_ascii_digit) {
            return Err(what);
        }
        self.at += count;
        Ok(field
            .iter()
            .fold(0, |acc, b| acc * 10 + i64::from(b - b'0')))
    }

    /// Consumes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// Consumes any one of `bytes` if it is next.
    fn eat_any(&mut self, bytes: &[u8]) -> Option<u8> {
        let next = *self.bytes.get(self.at)?;
        bytes.contains(&next).then(|| {
            self.at += 1;
            next
        })
    }

    fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// Parses the W3C profile of ISO 8601 into epoch milliseconds.
fn parse_iso8601(text: &str) -> Result<i64, &'static str> {
    let mut cursor = DateCursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let year = cursor.digits(4, "expected a four-digit year")?;
    if !cursor.eat(b'-') {
        return Err("expected `-` after the year");
    }
    let month = cursor.digits(2, "expected a two-digit month")?;
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    let day = if cursor.eat(b'-') {
        let day = cursor.digits(2, "expected a two-digit day")?;
        if day < 1 || day > days_in_month(year, month) {
            return Err("day out of range");
        }
        day
    } else {
        1
    };
    let date_millis = days_from_civil(year, month, day) * MILLIS_PER_DAY;
    if cursor.at_end() {
        return Ok(date_millis);
    }
    if day_was_omitted(text) {
        return Err("a time needs a full date");
    }
    if cursor.eat_any(b"Tt").is_none() {
        return Err("expected `T` between date and time");
    }
    let time_millis = parse_time(&mut cursor)?;
    let offset_millis = parse_zone(&mut cursor)?;
    if !cursor.at_end() {
        return Err("unexpected text after the time zone");
    }
    Ok(date_millis + time_millis - offset_millis)
}

/// Whether an ISO date is of the `YYYY-MM` form (no day).
fn day_was_omitted(text: &str) -> bool {
    text.as_bytes().get(7) != Some(&b'-')
}

/// Parses `hh:mm[:ss[.s...]]` into milliseconds since midnight.
fn parse_time(cursor: &mut DateCursor<'_>) -> Result<i64, &'static str> {
    let hour = cursor.digits(2, "expected a two-digit hour")?;
    if !cursor.eat(b':') {
        return Err("expected `:` after the hour");
    }
    let minute = cursor.digits(2, "expected two-digit minutes")?;
    let mut second = 0;
    let mut millis = 0;
    if cursor.eat(b':') {
        second = cursor.digits(2, "expected two-digit seconds")?;
        if cursor.eat(b'.') {
            millis = parse_fraction_millis(cursor)?;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("time out of range");
    }
    Ok(((hour * 60 + minute) * 60 + second) * 1000 + millis)
}

/// Parses the digits of a fraction of a second into milliseconds, truncating
/// digits finer than a millisecond.
fn parse_fraction_millis(cursor: &mut DateCursor<'_>) -> Result<i64, &'static str> {
    let start = cursor.at;
    while cursor.bytes.get(cursor.at).is_some_and(u8::is_ascii_digit) {
        cursor.at += 1;
    }
    let digits = cursor.bytes.get(start..cursor.at).unwrap_or_default();
    if digits.is_empty() {
        return Err("expected digits after `.`");
    }
    Ok((0..3).fold(0, |acc, i| {
        acc * 10 + digits.get(i).map_or(0, |b| i64::from(b - b'0'))
    }))
}

/// Parses a zone designator (`Z`, `+hh:mm`, `-hh:mm`, or none = UTC) into
/// its offset from UTC in milliseconds.
fn parse_zone(cursor: &mut DateCursor<'_>) -> Result<i64, &'static str> {
    if cursor.at_end() || cursor.eat_any(b"Zz").is_some() {
        return Ok(0);
    }
    let sign = match cursor.eat_any(b"+-") {
        Some(b'-') => -1,
        Some(_) => 1,
        None => return Err("expected `Z`, `+hh:mm` or `-hh:mm` after the time"),
    };
    let hours = cursor.digits(2, "expected a two-digit zone hour")?;
    if !cursor.eat(b':') {
        return Err("expected `:` in the zone offset");
    }
    let minutes = cursor.digits(2, "expected two-digit zone minutes")?;
    if hours > 23 || minutes > 59 {
        return Err("zone offset out of range");
    }
    Ok(sign * (hours * 60 + minutes) * 60 * 1000)
}

const MILLIS_PER_DAY: i64 = 86_400_000;

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard
/// Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

// ---------------------------------------------------------------------------
// IP addresses

/// The IPv4-mapped IPv6 block `::ffff:0:0/96` that holds IPv4 addresses.
const IPV4_MAPPED_BASE: u128 = 0xffff_0000_0000;

/// Parses a single IPv4 (dotted quad) or IPv6 address. IPv4 addresses are
/// mapped into `::ffff:0:0/96`.
///
/// # Example
/// ```
/// use zoneproof_analyzer::value::parse_ip;
/// assert_eq!(parse_ip("10.0.0.1"), parse_ip("::ffff:10.0.0.1"));
/// ```
pub fn parse_ip(text: &str) -> Result<u128, ValueError> {
    parse_address(text)
        .map(|(address, _)| address)
        .ok_or_else(|| ValueError::Ip {
            text: text.to_owned(),
        })
}

/// Parses an address into the 128-bit space; also returns whether it was
/// written as IPv4.
fn parse_address(text: &str) -> Option<(u128, bool)> {
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Some((IPV4_MAPPED_BASE | u128::from(u32::from(v4)), true));
    }
    text.parse::<Ipv6Addr>()
        .ok()
        .map(|v6| (u128::from(v6), false))
}

/// Parses a CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or a single address
/// (`/32` for IPv4, `/128` for IPv6). Host bits after the prefix are
/// ignored; an IPv4 `/0` covers every IPv4 address.
///
/// # Example
/// ```
/// use zoneproof_analyzer::value::{parse_cidr, parse_ip};
/// let range = parse_cidr("203.0.113.0/24").unwrap();
/// assert!(range.contains(parse_ip("203.0.113.9").unwrap()));
/// ```
pub fn parse_cidr(text: &str) -> Result<IpRange, ValueError> {
    let error = |reason| ValueError::Cidr {
        text: text.to_owned(),
        reason,
    };
    let (address_text, prefix_text) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let (address, is_v4) = parse_address(address_text).ok_or_else(|| error("bad address"))?;
    let family_bits: u32 = if is_v4 { 32 } else { 128 };
    let prefix = match prefix_text {
        None => family_bits,
        Some(digits) => parse_prefix(digits, family_bits).ok_or_else(|| {
            error(if is_v4 {
                "the prefix length must be 0 to 32"
            } else {
                "the prefix length must be 0 to 128"
            })
        })?,
    };
    let host_bits = family_bits - prefix;
    let host_mask = if host_bits == 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    Ok(IpRange {
        low: address & !host_mask,
        high: address | host_mask,
    })
}

/// Parses a prefix length of at most `max` written in decimal digits.
fn parse_prefix(digits: &str, max: u32) -> Option<u32> {
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok().filter(|p| *p <= max)
}

// ---------------------------------------------------------------------------
// Booleans

/// Parses `true` or `false`, ASCII case-insensitively.
///
/// # Example
/// ```
/// use zoneproof_analyzer::value::parse_bool;
/// assert_eq!(parse_bool("False"), Ok(false));
/// ```
pub fn parse_bool(text: &str) -> Result<bool, ValueError> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ValueError::Bool {
            text: text.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> i128 {
        parse_decimal(text).unwrap().scaled
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(dec("12"), 12 * DECIMAL_SCALE);
        assert_eq!(dec("-3.5"), -3_500_000_000);
        assert_eq!(dec("+0.25"), 250_000_000);
        assert_eq!(dec(".5"), 500_000_000);
        assert_eq!(dec("5."), 5 * DECIMAL_SCALE);
        assert_eq!(dec("0.000000001"), 1);
        assert_eq!(dec("1.5000000000000"), 1_500_000_000);
        assert_eq!(dec("-0"), 0);
        assert_eq!(dec("007"), 7 * DECIMAL_SCALE);
        // Order follows the numeric value, not the text.
        assert!(parse_decimal("9").unwrap() < parse_decimal("10").unwrap());
        assert!(parse_decimal("-10").unwrap() < parse_decimal("-9.5").unwrap());
    }

    #[test]
    fn decimals_reject_what_cannot_be_exact() {
        for bad in [
            "", "-", ".", "+.", "1e3", "1E3", "abc", "1.2.3", " 1", "1 ", "--1", "0x10", "1,5",
            "NaN", "Infinity",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad:?} should be rejected");
        }
        let err = parse_decimal("0.1234567891").unwrap_err();
        assert!(err.to_string().contains("more than 9 fractional digits"));
        assert_eq!(
            parse_decimal("ten").unwrap_err().to_string(),
            "`ten` is not a number: only digits, one `.` and a leading sign are allowed"
        );
        assert!(parse_decimal("2.5E-2")
            .unwrap_err()
            .to_string()
            .contains("exponent"));
        let err = parse_decimal("1e3").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`1e3` is not a number: exponent notation is not supported"
        );
        assert!(
            parse_decimal(&"9".repeat(40)).is_err(),
            "overflow is an error"
        );
    }

    /// 2019-08-16T12:00:00Z in epoch milliseconds.
    const NOON: i64 = 1_565_956_800_000;

    #[test]
    fn date_forms_of_the_w3c_profile_and_epoch_seconds() {
        // See reference_policies_elements_condition_operators.md (Date): W3C
        // ISO 8601 or epoch (UNIX) time.
        assert_eq!(parse_date("2019-08-16T12:00:00Z"), Ok(NOON));
        assert_eq!(parse_date("1565956800"), Ok(NOON));
        assert_eq!(parse_date("2019-08-16T12:00Z"), Ok(NOON));
        assert_eq!(parse_date("2019-08-16T12:00:00"), Ok(NOON), "no zone = UTC");
        assert_eq!(parse_date("2019-08-16T14:00:00+02:00"), Ok(NOON));
        assert_eq!(parse_date("2019-08-16T07:30:00-04:30"), Ok(NOON));
        assert_eq!(parse_date("2019-08-16T12:00:00.250Z"), Ok(NOON + 250));
        assert_eq!(parse_date("2019-08-16T12:00:00.5Z"), Ok(NOON + 500));
        assert_eq!(
            parse_date("2019-08-16T12:00:00.123999Z"),
            Ok(NOON + 123),
            "sub-millisecond digits are truncated"
        );
        assert_eq!(parse_date("2019-08-16"), Ok(NOON - 12 * 3_600_000));
        assert_eq!(parse_date("2019-08"), Ok(NOON - (15 * 24 + 12) * 3_600_000));
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_date("1969-12-31"), Ok(-86_400_000));
        assert_eq!(parse_date("2020-02-29"), Ok(1_582_934_400_000), "leap day");
        assert_eq!(parse_date("2000-03-01"), Ok(951_868_800_000));
        assert_eq!(parse_date("0"), Ok(0));
        // A bare year is digits only, hence epoch seconds.
        assert_eq!(parse_date("2019"), Ok(2_019_000));
    }

    #[test]
    fn dates_reject_malformed_text() {
        for bad in [
            "",
            "yesterday",
            "2019-13-01",
            "2019-00-01",
            "2019-02-29",
            "2019-08-32",
            "2019-8-16",
            "2019-08-16T25:00:00Z",
            "2019-08-16T12:60:00Z",
            "2019-08-16T12:00:61Z",
            "2019-08-16 12:00:00Z",
            "2019-08-16T12Z",
            "2019-08-16T12:00:00.Z",
            "2019-08-16T12:00:00+0200",
            "2019-08-16T12:00:00+24:00",
            "2019-08T12:00Z",
            "2019-08-16Z",
            "-1565956800",
            "1565956800.5",
            "99999999999999999999999999999",
            "2019-08-16T12:00:00Zjunk",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            parse_date("2019-02-29").unwrap_err().to_string(),
            "`2019-02-29` is not a date (ISO 8601 or epoch seconds): day out of range"
        );
    }

    fn v4(text: &str) -> u128 {
        IPV4_MAPPED_BASE | u128::from(u32::from(text.parse::<Ipv4Addr>().unwrap()))
    }

    #[test]
    fn ipv4_is_mapped_into_ipv6() {
        assert_eq!(parse_ip("10.0.0.1"), Ok(v4("10.0.0.1")));
        assert_eq!(parse_ip("::ffff:10.0.0.1"), parse_ip("10.0.0.1"));
        assert_eq!(parse_ip("::1"), Ok(1));
        assert_eq!(
            parse_ip("2001:DB8::1"),
            Ok(0x2001_0db8_0000_0000_0000_0000_0000_0001)
        );
        for bad in [
            "",
            "10.0.0",
            "10.0.0.256",
            "10.0.0.1/32",
            "fe80::1%eth0",
            "host",
        ] {
            assert!(parse_ip(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn cidr_ranges() {
        // See reference_policies_elements_condition_operators.md (IP address):
        // standard CIDR; no prefix means /32.
        let range = parse_cidr("203.0.113.0/24").unwrap();
        assert_eq!(
            (range.low, range.high),
            (v4("203.0.113.0"), v4("203.0.113.255"))
        );
        let single = parse_cidr("203.0.113.7").unwrap();
        assert_eq!(
            (single.low, single.high),
            (v4("203.0.113.7"), v4("203.0.113.7"))
        );
        let v6 = parse_cidr("2001:DB8:1234:5678::/64").unwrap();
        assert_eq!(v6.low, 0x2001_0db8_1234_5678_0000_0000_0000_0000);
        assert_eq!(v6.high, 0x2001_0db8_1234_5678_ffff_ffff_ffff_ffff);
        let v6_single = parse_cidr("::1").unwrap();
        assert_eq!((v6_single.low, v6_single.high), (1, 1));
    }

    #[test]
    fn cidr_host_bits_are_ignored() {
        // Access Analyzer "Improve IP range": non-zero bits after the masked
        // bits are ignored.
        assert_eq!(parse_cidr("10.1.2.3/8"), parse_cidr("10.0.0.0/8"));
        assert_eq!(parse_cidr("2001:db8::1/32"), parse_cidr("2001:db8::/32"));
    }

    #[test]
    fn cidr_slash_zero_covers_its_family() {
        // docs/semantics.md: a CIDR /0 contains every address of its family.
        let all_v4 = parse_cidr("0.0.0.0/0").unwrap();
        assert!(all_v4.contains(parse_ip("0.0.0.0").unwrap()));
        assert!(all_v4.contains(parse_ip("255.255.255.255").unwrap()));
        assert!(!all_v4.contains(parse_ip("2001:db8::1").unwrap()));
        assert_eq!(
            parse_cidr("10.9.8.7/0"),
            Ok(all_v4),
            "host bits ignored at /0 too"
        );
        assert_eq!(parse_cidr("::ffff:0:0/96"), Ok(all_v4));
        let all_v6 = parse_cidr("::/0").unwrap();
        assert_eq!((all_v6.low, all_v6.high), (0, u128::MAX));
        assert!(all_v6.contains(parse_ip("2001:db8::1").unwrap()));
    }

    #[test]
    fn cidr_rejects_bad_prefixes() {
        for bad in [
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "10.0.0.0/+8",
            "10.0.0.0/8/8",
            "::/129",
            "10.0.0/8",
            "/8",
            "",
            "10.0.0.0/ 8",
        ] {
            assert!(parse_cidr(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            parse_cidr("10.0.0.0/33").unwrap_err().to_string(),
            "`10.0.0.0/33` is not an IP address or CIDR range: the prefix length must be 0 to 32"
        );
    }

    #[test]
    fn booleans_ignore_ascii_case() {
        assert_eq!(parse_bool("true"), Ok(true));
        assert_eq!(parse_bool("TRUE"), Ok(true));
        assert_eq!(parse_bool("False"), Ok(false));
        for bad in ["", "yes", "1", "t", "true "] {
            assert!(parse_bool(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            parse_bool("yes").unwrap_err().to_string(),
            "`yes` is not a boolean (`true` or `false`)"
        );
    }
}
