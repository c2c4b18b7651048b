//! Single-value comparisons as formulas; the twin of [`crate::eval::compare`].
//!
//! A policy value (after substitution) becomes a [`Comparison`] on one value
//! of a key, chosen by the operator and by the key's shape: a 12-digit key
//! compared with `Numeric*` or `Date*` operators is compared through its
//! text (digit-range patterns, so the text, the number and the date of one
//! value can never disagree), and a key whose values never parse as a
//! number, date or address compares as false with those operators, as the
//! evaluator does.

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::term::{self, CmpOp, Term};

use crate::eval::patterns::{arn_pattern, glob_pattern, is_short_arn_pattern};
use crate::eval::variables::{literal_text, Part};
use crate::policy::{BaseOperator, OperatorFamily};
use crate::semantics::keys::ValueShape;
use crate::value::{parse_bool, parse_cidr, parse_date, parse_decimal, parse_ip, DECIMAL_SCALE};

use super::shapes::{digit_range_patterns, Order};
use super::vars::ElementVars;
use super::EncodeError;

pub use crate::eval::compare::accepts_variables;

/// The width of an account id.
const ACCOUNT_DIGITS: u32 = 12;

/// Milliseconds per second (dates in epoch seconds).
const MILLIS: i128 = 1000;

/// The positive operator whose relation a (possibly negated) operator uses.
pub fn positive(base: BaseOperator) -> BaseOperator {
    crate::eval::compare::positive_counterpart(base)
}

/// A comparison of one request value with one policy value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// The value's text is in one of the patterns' languages (none: never).
    Text(Vec<Pattern>),
    /// The value's number (scaled by 10^9) compares with the constant.
    Number(Order, i128),
    /// The value's date (epoch milliseconds) compares with the constant.
    Date(Order, i128),
    /// The value's address is in the inclusive range.
    Ip(u128, u128),
    /// The value never parses for this operator: never holds.
    Never,
}

/// A comparison and whether AWS documents its answer (an ARN pattern with
/// fewer than six components does not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// The comparison.
    pub comparison: Comparison,
    /// Whether its answer is documented.
    pub documented: bool,
}

fn order_of(base: BaseOperator) -> Order {
    use BaseOperator as B;
    match base {
        B::NumericLessThan | B::DateLessThan => Order::Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => Order::LessOrEqual,
        B::NumericGreaterThan | B::DateGreaterThan => Order::Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => Order::GreaterOrEqual,
        _ => Order::Equal,
    }
}

/// The comparison of a key of `shape` with one policy value of operator
/// `base`; `parts` is the value after substitution (`raw` as written).
///
/// # Errors
/// [`EncodeError::Invalid`] for a typed value that does not parse.
pub fn comparison(
    shape: ValueShape,
    base: BaseOperator,
    parts: &[Part],
    path: &str,
) -> Result<Compared, EncodeError> {
    use BaseOperator as B;
    let invalid = |e: crate::value::ValueError| EncodeError::Invalid {
        path: path.to_string(),
        message: e.to_string(),
    };
    let raw = literal_text(parts);
    let documented = Compared {
        comparison: Comparison::Never,
        documented: true,
    };
    let text = |patterns: Vec<Pattern>| Compared {
        comparison: Comparison::Text(patterns),
        documented: true,
    };
    let positive = positive(base);
    Ok(match base.family() {
        OperatorFamily::Arn => Compared {
            comparison: Comparison::Text(vec![arn_pattern(parts)]),
            documented: !is_short_arn_pattern(parts),
        },
        OperatorFamily::Bool => match parse_bool(&raw) {
            Ok(b) => text(vec![
                Pattern::literal(if b { "true" } else { "false" }).ignoring_case()
            ]),
            Err(_) => text(Vec::new()),
        },
        OperatorFamily::Binary => text(vec![Pattern::literal(&raw)]),
        OperatorFamily::String => text(vec![match positive {
            B::StringLike => glob_pattern(parts),
            B::StringEqualsIgnoreCase => Pattern::literal(&raw).ignoring_case(),
            _ => Pattern::literal(&raw),
        }]),
        OperatorFamily::Numeric => {
            let c = parse_decimal(&raw).map_err(invalid)?.scaled;
            let order = order_of(positive);
            Compared {
                comparison: match shape {
                    ValueShape::Account => Comparison::Text(digit_range_patterns(
                        ACCOUNT_DIGITS,
                        DECIMAL_SCALE,
                        order,
                        c,
                    )),
                    ValueShape::Any => Comparison::Number(order, c),
                    _ => Comparison::Never,
                },
                documented: true,
            }
        }
        OperatorFamily::Date => {
            let c = i128::from(parse_date(&raw).map_err(invalid)?);
            let order = order_of(positive);
            Compared {
                comparison: match shape {
                    ValueShape::Account => {
                        Comparison::Text(digit_range_patterns(ACCOUNT_DIGITS, MILLIS, order, c))
                    }
                    ValueShape::Any => Comparison::Date(order, c),
                    _ => Comparison::Never,
                },
                documented: true,
            }
        }
        OperatorFamily::Ip => {
            let range = parse_cidr(&raw).map_err(invalid)?;
            Compared {
                comparison: match shape {
                    ValueShape::Any | ValueShape::Ip => Comparison::Ip(range.low, range.high),
                    _ => Comparison::Never,
                },
                documented: true,
            }
        }
        OperatorFamily::Null => documented,
    })
}

impl Comparison {
    /// Whether the comparison holds for a concrete value (keys with known
    /// values).
    pub fn holds_for(&self, value: &str) -> bool {
        match self {
            Comparison::Text(patterns) => patterns.iter().any(|p| p.matches(value)),
            Comparison::Number(o, c) => parse_decimal(value).is_ok_and(|d| o.holds(d.scaled, *c)),
            Comparison::Date(o, c) => parse_date(value).is_ok_and(|d| o.holds(i128::from(d), *c)),
            Comparison::Ip(low, high) => parse_ip(value).is_ok_and(|ip| *low <= ip && ip <= *high),
            Comparison::Never => false,
        }
    }

    /// The comparison on one value's free variables.
    pub fn on_element(&self, element: &ElementVars) -> Result<Term, EncodeError> {
        Ok(match self {
            Comparison::Text(patterns) => {
                let mut any = Vec::with_capacity(patterns.len());
                for p in patterns {
                    any.push(term::in_pattern(&element.text, p)?);
                }
                term::or(any)
            }
            Comparison::Number(order, c) => {
                let (value, ok) = &element.number;
                term::and([term::var(ok), ordered(term::var(value), *order, *c)?])
            }
            Comparison::Date(order, c) => term::and([
                term::var(&element.date.ok),
                date_compare(element, *order, *c)?,
            ]),
            Comparison::Ip(low, high) => {
                let (ip, ok) = &element.ip;
                term::and([
                    term::var(ok),
                    term::cmp(CmpOp::Le, term::ip(*low), term::var(ip))?,
                    term::cmp(CmpOp::Le, term::var(ip), term::ip(*high))?,
                ])
            }
            Comparison::Never => term::fls(),
        })
    }

    /// The comparison on a principal-derived text value given as patterns
    /// over it: `None` when the comparison is not on text.
    pub fn text_patterns(&self) -> Option<&[Pattern]> {
        match self {
            Comparison::Text(patterns) => Some(patterns),
            _ => None,
        }
    }
}

/// `x ORDER c` on integer terms.
pub fn ordered(x: Term, order: Order, c: i128) -> Result<Term, EncodeError> {
    let k = term::int(c);
    Ok(match order {
        Order::Equal => term::cmp(CmpOp::Eq, x, k)?,
        Order::Less => term::cmp(CmpOp::Lt, x, k)?,
        Order::LessOrEqual => term::cmp(CmpOp::Le, x, k)?,
        Order::Greater => term::cmp(CmpOp::Lt, k, x)?,
        Order::GreaterOrEqual => term::cmp(CmpOp::Le, k, x)?,
    })
}

/// A date given as (seconds, milliseconds) compared with `c` milliseconds,
/// lexicographically.
fn date_compare(element: &ElementVars, order: Order, c: i128) -> Result<Term, EncodeError> {
    let seconds = || term::var(&element.date.seconds);
    let millis = || term::var(&element.date.millis);
    let (cs, cm) = (c.div_euclid(MILLIS), c.rem_euclid(MILLIS));
    let same_second = ordered(seconds(), Order::Equal, cs)?;
    Ok(match order {
        Order::Equal => term::and([same_second, ordered(millis(), Order::Equal, cm)?]),
        Order::Less | Order::LessOrEqual => term::or([
            ordered(seconds(), Order::Less, cs)?,
            term::and([same_second, ordered(millis(), order, cm)?]),
        ]),
        Order::Greater | Order::GreaterOrEqual => term::or([
            ordered(seconds(), Order::Greater, cs)?,
            term::and([same_second, ordered(millis(), order, cm)?]),
        ]),
    })
}
