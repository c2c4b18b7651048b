//! Single-value comparisons, one per operator family: does one request value
//! stand in the operator's (positive) relation to one policy value?
//!
//! AWS documentation:
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>.
//! Negated operators (`StringNotEquals`, `NotIpAddress`, ...) use the
//! relation of their positive counterpart ([`positive_counterpart`]); the
//! negation and the set qualifiers are applied in [`super::condition`].
//!
//! A request value that does not parse as the operator's type (a number, a
//! date, an IP address, a boolean) stands in no relation to any policy value,
//! and neither does a policy value that does not parse; so a positive
//! operator is false for it and a negated operator true (the negated operator
//! is always the complement of the positive one for a given value).

use zoneproof_encodings::pattern::Pattern;

use crate::policy::BaseOperator;
use crate::value::{parse_bool, parse_cidr, parse_date, parse_decimal, parse_ip};

use super::patterns::{arn_pattern, glob_pattern, is_short_arn_pattern};
use super::variables::{literal_text, Part};

/// The order relations of the `Numeric*` and `Date*` operators: "request
/// value RELATION policy value".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `...Equals` (and the relation behind `...NotEquals`).
    Equals,
    /// `...LessThan`.
    LessThan,
    /// `...LessThanEquals`.
    LessThanEquals,
    /// `...GreaterThan`.
    GreaterThan,
    /// `...GreaterThanEquals`.
    GreaterThanEquals,
}

impl Comparison {
    /// Whether `request RELATION policy` holds.
    pub fn holds<T: Ord>(self, request: &T, policy: &T) -> bool {
        match self {
            Comparison::Equals => request == policy,
            Comparison::LessThan => request < policy,
            Comparison::LessThanEquals => request <= policy,
            Comparison::GreaterThan => request > policy,
            Comparison::GreaterThanEquals => request >= policy,
        }
    }
}

/// The positive operator whose relation a (possibly negated) operator uses:
/// `StringNotEquals` -> `StringEquals`, `NotIpAddress` -> `IpAddress`,
/// `ArnNotLike` -> `ArnLike`, ...; positive operators map to themselves.
pub fn positive_counterpart(base: BaseOperator) -> BaseOperator {
    use BaseOperator as B;
    match base {
        B::StringNotEquals => B::StringEquals,
        B::StringNotEqualsIgnoreCase => B::StringEqualsIgnoreCase,
        B::StringNotLike => B::StringLike,
        B::NumericNotEquals => B::NumericEquals,
        B::DateNotEquals => B::DateEquals,
        B::NotIpAddress => B::IpAddress,
        B::ArnNotEquals => B::ArnEquals,
        B::ArnNotLike => B::ArnLike,
        other => other,
    }
}

/// Whether the operator's values may contain policy variables: String and
/// ARN operators (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>),
/// and `Bool`, which the condition operators page says accepts them
/// (the variables page says it does not; accepting them grants more).
pub fn accepts_variables(base: BaseOperator) -> bool {
    use crate::policy::OperatorFamily as F;
    matches!(base.family(), F::String | F::Arn | F::Bool)
}

/// `StringEquals`: exact, case-sensitive; `*` and `?` are literal.
pub fn string_equals(policy: &[Part], request: &str) -> bool {
    literal_text(policy) == request
}

/// `StringEqualsIgnoreCase`: exact ignoring ASCII case; `*` and `?` are
/// literal.
pub fn string_equals_ignore_case(policy: &[Part], request: &str) -> bool {
    Pattern::literal(&literal_text(policy))
        .ignoring_case()
        .matches(request)
}

/// `StringLike`: case-sensitive glob over the whole value; `*` may cross
/// colons.
pub fn string_like(policy: &[Part], request: &str) -> bool {
    glob_pattern(policy).matches(request)
}

/// `ArnEquals` / `ArnLike` (identical): component-wise ARN glob, see
/// [`arn_pattern`].
pub fn arn_like(policy: &[Part], request: &str) -> bool {
    arn_pattern(policy).matches(request)
}

/// `Numeric*`: exact decimal comparison of `request RELATION policy`.
pub fn numeric_compare(comparison: Comparison, policy: &str, request: &str) -> bool {
    match (parse_decimal(request), parse_decimal(policy)) {
        (Ok(request), Ok(policy)) => comparison.holds(&request, &policy),
        _ => false,
    }
}

/// `Date*`: comparison in epoch milliseconds; either side may be ISO 8601 or
/// epoch seconds.
pub fn date_compare(comparison: Comparison, policy: &str, request: &str) -> bool {
    match (parse_date(request), parse_date(policy)) {
        (Ok(request), Ok(policy)) => comparison.holds(&request, &policy),
        _ => false,
    }
}

/// `Bool`: both sides parse as booleans (case-insensitive) and are equal.
pub fn bool_equals(policy: &[Part], request: &str) -> bool {
    match (parse_bool(request), parse_bool(&literal_text(policy))) {
        (Ok(request), Ok(policy)) => request == policy,
        _ => false,
    }
}

/// `BinaryEquals`: the request value (base-64 text) equals the policy's
/// base-64 text exactly.
pub fn binary_equals(policy: &str, request: &str) -> bool {
    policy == request
}

/// `IpAddress`: the request address lies in the policy's CIDR range. IPv4
/// lives in `::ffff:0:0/96` (see [`crate::value`]): `0.0.0.0/0` is every
/// IPv4 address; an IPv6 range contains an IPv4 address only when it
/// contains its mapped form (`::/0` and `::ffff:0:0/96` do, `2001:db8::/32`
/// does not).
pub fn ip_in_range(policy: &str, request: &str) -> bool {
    match (parse_ip(request), parse_cidr(policy)) {
        (Ok(address), Ok(range)) => range.contains(address),
        _ => false,
    }
}

/// `Null`: the policy value `true` matches an absent key, `false` a present
/// one (any case; anything else matches nothing).
pub fn null_matches(policy: &str, key_present: bool) -> bool {
    parse_bool(policy).is_ok_and(|expects_absent| expects_absent != key_present)
}

/// The outcome of one comparison: whether the relation holds, and whether
/// AWS documents that answer. An undocumented answer (an `Arn*` pattern
/// with fewer than six components) is the answer of the reading that lets
/// the comparison hold; [`crate::semantics::reading`] decides it by
/// position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Whether the relation holds (may hold, when undocumented).
    pub holds: bool,
    /// Whether AWS documents the answer.
    pub documented: bool,
}

/// [`value_matches`] with whether its answer is documented.
pub fn value_match(base: BaseOperator, policy: &[Part], request: &str) -> Match {
    let documented =
        !(base.family() == crate::policy::OperatorFamily::Arn && is_short_arn_pattern(policy));
    Match {
        holds: value_matches(base, policy, request),
        documented,
    }
}

/// The positive relation of `base` between one policy value (already
/// substituted) and one request value. For a negated operator this is the
/// relation of its positive counterpart. `Null` has no value relation and
/// returns false.
pub fn value_matches(base: BaseOperator, policy: &[Part], request: &str) -> bool {
    use BaseOperator as B;
    let raw = || literal_text(policy);
    match positive_counterpart(base) {
        B::StringEquals => string_equals(policy, request),
        B::StringEqualsIgnoreCase => string_equals_ignore_case(policy, request),
        B::StringLike => string_like(policy, request),
        B::ArnEquals | B::ArnLike => arn_like(policy, request),
        B::NumericEquals => numeric_compare(Comparison::Equals, &raw(), request),
        B::NumericLessThan => numeric_compare(Comparison::LessThan, &raw(), request),
        B::NumericLessThanEquals => numeric_compare(Comparison::LessThanEquals, &raw(), request),
        B::NumericGreaterThan => numeric_compare(Comparison::GreaterThan, &raw(), request),
        B::NumericGreaterThanEquals => {
            numeric_compare(Comparison::GreaterThanEquals, &raw(), request)
        }
        B::DateEquals => date_compare(Comparison::Equals, &raw(), request),
        B::DateLessThan => date_compare(Comparison::LessThan, &raw(), request),
        B::DateLessThanEquals => date_compare(Comparison::LessThanEquals, &raw(), request),
        B::DateGreaterThan => date_compare(Comparison::GreaterThan, &raw(), request),
        B::DateGreaterThanEquals => date_compare(Comparison::GreaterThanEquals, &raw(), request),
        B::Bool => bool_equals(policy, request),
        B::BinaryEquals => binary_equals(&raw(), request),
        B::IpAddress => ip_in_range(&raw(), request),
        B::Null
        | B::StringNotEquals
        | B::StringNotEqualsIgnoreCase
        | B::StringNotLike
        | B::NumericNotEquals
        | B::DateNotEquals
        | B::NotIpAddress
        | B::ArnNotEquals
        | B::ArnNotLike => false,
    }
}
