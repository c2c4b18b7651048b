//! One entry of a `Condition` block: operator, key and values.
//!
//! AWS documentation: `reference_policies_elements_condition.md`,
//! `reference_policies_elements_condition_operators.md`,
//! `reference_policies_multi-value-conditions.md`,
//! `reference_policies_single-vs-multi-valued-condition-keys.md`.
//!
//! Let `match(v)` be, for one request value `v`: some policy value stands in
//! the operator's relation to `v` ([`super::compare::value_matches`]); for a
//! negated operator, no policy value does ("none may match"). Then:
//!
//! | key in request | no qualifier | `ForAllValues:` | `ForAnyValue:` |
//! |---|---|---|---|
//! | absent | positive: false, negated: true; `IfExists`: true | true | false; `IfExists`: true |
//! | present, values `V` | positive: some `v` in `V` matches; negated: every `v` matches | every `v` matches | some `v` matches |
//!
//! An empty present set makes "some" false and "every" true. `Null` ignores
//! qualifiers and `IfExists` and tests presence only (a present key with an
//! empty set is present).
//!
//! Decisions where the documentation is silent:
//! - an operator without a qualifier on a key with several values: a
//!   positive operator holds when any value matches, a negated one when no
//!   value matches the positive relation (so a negated operator stays the
//!   exact complement of its positive counterpart whatever the values);
//! - `IfExists` makes an absent key true under `ForAnyValue:` as well;
//! - a negated operator under a qualifier applies "none may match" per
//!   request value: `ForAllValues:StringNotEquals` holds when no request
//!   value equals any policy value, `ForAnyValue:StringNotEquals` when some
//!   request value equals none of them;
//! - a policy value with a policy variable that has no value matches no
//!   request value ("there is no equal or like value",
//!   `reference_policies_variables.md`), so it is ignored by negated
//!   operators.

use crate::policy::{BaseOperator, Condition, SetQualifier};

use super::compare::{accepts_variables, null_matches, value_matches};
use super::request::Context;
use super::variables::{resolve_text, Part};

/// Whether one condition entry holds for the request `context`.
pub fn condition_matches(
    condition: &Condition,
    context: &Context,
    variables_enabled: bool,
) -> bool {
    let operator = condition.operator;
    let request_values = context.get(&condition.key);
    if operator.base == BaseOperator::Null {
        let present = request_values.is_some();
        return condition.values.iter().any(|v| null_matches(v, present));
    }
    let policy_values = policy_values(condition, context, variables_enabled);
    let matches = |value: &String| request_value_matches(operator.base, &policy_values, value);
    match (operator.set, request_values) {
        (Some(SetQualifier::ForAllValues), None) => true,
        (Some(SetQualifier::ForAnyValue), None) => operator.if_exists,
        (None, None) => operator.if_exists || operator.base.is_negated(),
        (Some(SetQualifier::ForAllValues), Some(values)) => values.iter().all(matches),
        (Some(SetQualifier::ForAnyValue), Some(values)) => values.iter().any(matches),
        (None, Some(values)) if operator.base.is_negated() => values.iter().all(matches),
        (None, Some(values)) => values.iter().any(matches),
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
/// value relates to it, for a negated operator none does.
pub fn request_value_matches(
    base: BaseOperator,
    policy_values: &[Vec<Part>],
    request: &str,
) -> bool {
    let related = policy_values
        .iter()
        .any(|policy| value_matches(base, policy, request));
    related != base.is_negated()
}
