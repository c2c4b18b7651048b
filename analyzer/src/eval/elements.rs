//! The `Action`/`NotAction` and `Resource`/`NotResource` elements.

use zoneproof_encodings::pattern::Pattern;

use crate::policy::{ActionClause, ResourceClause};

use crate::semantics::reading::{Polarity, Reading};

use super::patterns::{arn_pattern, is_short_arn_pattern};
use super::request::Context;
use super::variables::resolve_text;

/// The [`Pattern`] of one `Action` entry: a wildcard match (`*`, `?`)
/// ignoring ASCII case, since "the prefix and the action name are case
/// insensitive"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>). Policy variables
/// are not interpreted in actions.
pub fn action_pattern(pattern: &str) -> Pattern {
    Pattern::wildcard(pattern).ignoring_case()
}

/// Whether the statement's `Action` (some pattern matches) or `NotAction`
/// (no pattern matches) element applies to `action`.
pub fn action_clause_matches(clause: &ActionClause, action: &str) -> bool {
    ActionMatcher::new(clause).matches(action)
}

/// An `Action`/`NotAction` element with its patterns built once, to match
/// many actions (as [`action_clause_matches`] does for one).
#[derive(Debug, Clone)]
pub struct ActionMatcher {
    negated: bool,
    patterns: Vec<Pattern>,
}

impl ActionMatcher {
    /// The matcher of `clause`.
    pub fn new(clause: &ActionClause) -> ActionMatcher {
        ActionMatcher {
            negated: clause.negated,
            patterns: clause.patterns.iter().map(|p| action_pattern(p)).collect(),
        }
    }

    /// Whether the element applies to `action` (see [`action_clause_matches`]).
    pub fn matches(&self, action: &str) -> bool {
        let listed = self.patterns.iter().any(|p| p.matches(action));
        listed != self.negated
    }
}

/// Whether one `Resource` pattern matches `resource`: case-sensitive, ARN
/// components matched separately (see [`arn_pattern`]), policy variables
/// substituted when enabled. A pattern whose variable has no value and no
/// default matches nothing ("the resource that includes a policy variable
/// with no value will not match any resource",
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>).
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
    resource_match(pattern, resource, variables_enabled, context).holds
}

/// [`resource_matches`] with whether AWS documents the answer: a pattern
/// with fewer than six ARN components other than `*` (`arn:*`) may match as
/// a wildcard over the whole value, or not (read by polarity).
pub fn resource_match(
    pattern: &str,
    resource: &str,
    variables_enabled: bool,
    context: &Context,
) -> super::compare::Match {
    match resolve_text(pattern, variables_enabled, context) {
        None => super::compare::Match {
            holds: false,
            documented: true,
        },
        Some(parts) => super::compare::Match {
            holds: arn_pattern(&parts).matches(resource),
            documented: pattern == "*" || !is_short_arn_pattern(&parts),
        },
    }
}

/// Whether the statement's `Resource` (some pattern matches) or
/// `NotResource` (no pattern matches) element applies to `resource`. A
/// statement without either applies to the resource the policy is attached
/// to, i.e. to every requested resource. `polarity` is the statement's
/// (`Grants` in an `Allow`); undocumented matches are read by `reading`.
///
/// Under `NotResource`, a pattern with an unresolvable variable matches no
/// resource, so it excludes nothing.
pub fn resource_clause_matches(
    clause: Option<&ResourceClause>,
    resource: &str,
    variables_enabled: bool,
    context: &Context,
    reading: Reading,
    polarity: Polarity,
) -> bool {
    let Some(clause) = clause else {
        return true;
    };
    let inner = polarity.negate_if(clause.negated);
    let listed = clause.patterns.iter().any(|p| {
        let outcome = resource_match(p, resource, variables_enabled, context);
        if outcome.documented {
            outcome.holds
        } else {
            reading.decide(inner, outcome.holds)
        }
    });
    listed != clause.negated
}
