//! One entry of a `Condition` block: operator, key and values.
//!
//! AWS documentation:
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_single-vs-multi-valued-condition-keys.html>.
//!
//! Let `match(v)` be, for one request value `v`: some policy value stands in
//! the operator's relation to `v` ([`super::compare::value_matches`]); for a
//! negated operator, no policy value does ("none may match"). Then:
//!
//! | key in request | no qualifier | `ForAllValues:` | `ForAnyValue:` |
//! |---|---|---|---|
//! | absent | positive: false, negated: true; `IfExists`: true | true | false; `IfExists`: true |
//! | one value `v` | `match(v)` | `match(v)` | `match(v)` |
//! | several values, or an empty set | undocumented: see below | every `v` matches | some `v` matches |
//!
//! An empty present set makes "some" false and "every" true. `Null` tests
//! presence only (a present key with an empty set is present); with
//! `ForAllValues:` it is always true and with `ForAnyValue:` always false,
//! as IAM Access Analyzer's policy check "Null with qualifier" documents.
//!
//! Decisions where the documentation is silent (`docs/semantics.md`):
//! - an operator without a qualifier on a key with several values (or an
//!   empty set): AWS says to use a set operator and does not say what
//!   happens without one. The condition may hold when some value matches
//!   or when every value matches; which one is read by polarity
//!   ([`crate::semantics::reading`]): the grants-more reading takes "some
//!   or every" where holding grants access and "some and every" where it
//!   takes access away;
//! - `IfExists` makes an absent key true under `ForAnyValue:` as well;
//! - a negated operator under a qualifier applies "none may match" per
//!   request value: `ForAllValues:StringNotEquals` holds when no request
//!   value equals any policy value, `ForAnyValue:StringNotEquals` when some
//!   request value equals none of them;
//! - a policy value with a policy variable that has no value matches no
//!   request value ("there is no equal or like value",
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>),
//!   so it is ignored by negated operators.

use crate::policy::{BaseOperator, Condition, SetQualifier};
use crate::semantics::reading::{Polarity, Reading};

use super::compare::{accepts_variables, null_matches, value_match};
use super::request::Context;
use super::variables::{resolve_text, Part};

/// Whether one condition entry holds for the request `context`, reading
/// undocumented matches as granting more in an `Allow` statement.
pub fn condition_matches(
    condition: &Condition,
    context: &Context,
    variables_enabled: bool,
) -> bool {
    condition_holds(
        condition,
        context,
        variables_enabled,
        Reading::GrantsMore,
        Polarity::Grants,
    )
}

/// Whether one condition entry holds for the request `context`, at a
/// position of `polarity` (`Grants` in an `Allow` statement), undocumented
/// matches read by `reading`.
pub fn condition_holds(
    condition: &Condition,
    context: &Context,
    variables_enabled: bool,
    reading: Reading,
    polarity: Polarity,
) -> bool {
    let operator = condition.operator;
    let request_values = context.get(&condition.key);
    if operator.base == BaseOperator::Null {
        return match operator.set {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => {
                let present = request_values.is_some();
                condition.values.iter().any(|v| null_matches(v, present))
            }
        };
    }
    let negated = operator.base.is_negated();
    let policy_values = policy_values(condition, context, variables_enabled);
    let inner = polarity.negate_if(negated);
    let matches = |value: &String| {
        request_value_matches(operator.base, &policy_values, value, reading, inner)
    };
    match (operator.set, request_values) {
        (Some(SetQualifier::ForAllValues), None) => true,
        (Some(SetQualifier::ForAnyValue), None) => operator.if_exists,
        (None, None) => operator.if_exists || negated,
        (Some(SetQualifier::ForAllValues), Some(values)) => values.iter().all(matches),
        (Some(SetQualifier::ForAnyValue), Some(values)) => values.iter().any(matches),
        (None, Some([single])) => matches(single),
        (None, Some(values)) => {
            let some = values.iter().any(matches);
            let every = values.iter().all(matches);
            unqualified_on_set(some, every, reading, polarity)
        }
    }
}

/// An operator without a qualifier on a set of other than one value: "some
/// value matches" and "every value matches" are both possible answers
/// (undocumented); the reading decides where they differ.
pub fn unqualified_on_set(some: bool, every: bool, reading: Reading, polarity: Polarity) -> bool {
    if reading.holds_at(polarity) {
        some || every
    } else {
        some && every
    }
}

/// The condition's values after policy-variable substitution (for the
/// operators that accept variables); values whose variables have no value
/// and no default are left out.
pub fn policy_values(
    condition: &Condition,
    context: &Context,
    variables_enabled: bool,
) -> Vec<Vec<Part>> {
    let substitute = variables_enabled && accepts_variables(condition.operator.base);
    condition
        .values
        .iter()
        .filter_map(|value| resolve_text(value, substitute, context))
        .collect()
}

/// Whether one request value matches: for a positive operator some policy
/// value relates to it, for a negated operator none does. `polarity` is the
/// polarity of the relation itself (already negated for a negated
/// operator).
pub fn request_value_matches(
    base: BaseOperator,
    policy_values: &[Vec<Part>],
    request: &str,
    reading: Reading,
    polarity: Polarity,
) -> bool {
    let related = policy_values.iter().any(|policy| {
        let outcome = value_match(base, policy, request);
        if outcome.documented {
            outcome.holds
        } else {
            reading.decide(polarity, outcome.holds)
        }
    });
    related != base.is_negated()
}
