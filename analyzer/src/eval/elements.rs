//! The `Action`/`NotAction` and `Resource`/`NotResource` elements.

use zoneproof_encodings::pattern::Pattern;

use crate::policy::{ActionClause, ResourceClause};

use super::patterns::arn_pattern;
use super::request::Context;
use super::variables::resolve_text;

/// Whether one `Action` pattern matches `action`: a wildcard match (`*`,
/// `?`) ignoring ASCII case, since "the prefix and the action name are case
/// insensitive" (`reference_policies_elements_action.md`). Policy variables
/// are not interpreted in actions.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    action_pattern(pattern).matches(action)
}

/// The [`Pattern`] of one `Action` entry.
pub fn action_pattern(pattern: &str) -> Pattern {
    Pattern::wildcard(pattern).ignoring_case()
}

/// Whether the statement's `Action` (some pattern matches) or `NotAction`
/// (no pattern matches) element applies to `action`.
pub fn action_clause_matches(clause: &ActionClause, action: &str) -> bool {
    let listed = clause.patterns.iter().any(|p| action_matches(p, action));
    listed != clause.negated
}

/// Whether one `Resource` pattern matches `resource`: case-sensitive, ARN
/// components matched separately (see [`arn_pattern`]), policy variables
/// substituted when enabled. A pattern whose variable has no value and no
/// default matches nothing ("the resource that includes a policy variable
/// with no value will not match any resource",
/// `reference_policies_variables.md`).
///
/// AWS allows variables only in the resource part of the ARN (after the
/// fifth colon); they are substituted wherever they appear (decision: grants
/// more, and such a policy is rejected by AWS anyway).
pub fn resource_matches(
    pattern: &str,
    resource: &str,
    variables_enabled: bool,
    context: &Context,
) -> bool {
    resolve_text(pattern, variables_enabled, context)
        .is_some_and(|parts| arn_pattern(&parts).matches(resource))
}

/// Whether the statement's `Resource` (some pattern matches) or
/// `NotResource` (no pattern matches) element applies to `resource`. A
/// statement with neither applies to the resource the policy is attached to,
/// i.e. to every requested resource.
///
/// Under `NotResource`, a pattern with an unresolvable variable matches no
/// resource, so it excludes nothing.
pub fn resource_clause_matches(
    clause: Option<&ResourceClause>,
    resource: &str,
    variables_enabled: bool,
    context: &Context,
) -> bool {
    let Some(clause) = clause else {
        return true;
    };
    let listed = clause
        .patterns
        .iter()
        .any(|p| resource_matches(p, resource, variables_enabled, context));
    listed != clause.negated
}
