//! The concrete evaluator: the reference semantics of zoneproof.
//!
//! [`evaluate`] decides one request against one policy: `ExplicitDeny` when
//! some `Deny` statement applies ("an explicit deny in any policy overrides
//! any allows"), otherwise `Allow` when some `Allow` statement applies,
//! otherwise `ImplicitDeny` ("by default, all requests are implicitly
//! denied"; <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
//! Every witness the
//! solver produces is re-checked here, and the encoder mirrors these
//! functions one by one:
//!
//! - [`statement_matches`]: principal, action, resource and every condition;
//! - [`principal_clause_matches`] ([`principal`]);
//! - [`action_clause_matches`] and [`resource_clause_matches`] ([`elements`]);
//! - [`condition_matches`] ([`condition`]), built on the single-value
//!   comparisons of [`compare`];
//! - policy variables ([`variables`]) and ARN patterns ([`patterns`]).
//!
//! Each module documents the decisions taken where the AWS documentation is
//! silent (all of them are listed in `docs/semantics.md`). Where AWS may
//! answer either way, the [`Reading`] decides by position: [`evaluate`]
//! takes the answer that grants more access, [`evaluate_with`] either.
//!
//! # Example
//! ```
//! use zoneproof_analyzer::eval::{evaluate, Decision, Request, RequestPrincipal};
//! use zoneproof_analyzer::policy::parse_policy;
//! let policy = parse_policy(r#"{"Version": "2012-10-17", "Statement": [{
//!     "Effect": "Allow", "Principal": {"AWS": "111122223333"},
//!     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]}"#).unwrap();
//! let request = Request::new(
//!     RequestPrincipal::Aws("arn:aws:iam::111122223333:user/bob".into()),
//!     "s3:getobject",
//!     "arn:aws:s3:::bucket/report.csv",
//! );
//! let evaluation = evaluate(&policy, &request);
//! assert_eq!(evaluation.decision, Decision::Allow);
//! assert_eq!(evaluation.statements, vec![0]);
//! ```

pub mod compare;
pub mod condition;
pub mod elements;
pub mod patterns;
pub mod principal;
pub mod request;
pub mod variables;

use std::fmt;

use serde::Serialize;

use crate::policy::{Effect, Policy, Statement};
use crate::semantics::reading::Polarity;
pub use crate::semantics::reading::Reading;

pub use compare::value_matches;
pub use condition::{condition_holds, condition_matches};
pub use elements::{action_clause_matches, resource_clause_matches};
pub use principal::principal_clause_matches;
pub use request::{Context, PrincipalSyntaxError, Request, RequestPrincipal};

/// The outcome of evaluating a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    /// Some `Allow` statement applies and no `Deny` statement does.
    Allow,
    /// Some `Deny` statement applies.
    ExplicitDeny,
    /// No statement applies.
    ImplicitDeny,
}

impl Decision {
    /// The decision's name: `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A decision with the statements that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// Indexes of the deciding statements, in document order: every
    /// applicable `Deny` statement for `ExplicitDeny`, every applicable
    /// `Allow` statement for `Allow`, none for `ImplicitDeny`.
    pub statements: Vec<usize>,
}

/// Evaluates `request` against `policy`, reading undocumented matches as
/// granting more access ([`Reading::GrantsMore`]).
///
/// The request's context is used as given; call
/// [`Request::with_principal_keys`] first to derive the keys that are
/// functions of the principal (aws:PrincipalArn, aws:PrincipalAccount, ...).
pub fn evaluate(policy: &Policy, request: &Request) -> Evaluation {
    evaluate_with(policy, request, Reading::GrantsMore)
}

/// Evaluates `request` against `policy` under a reading of undocumented
/// matches.
pub fn evaluate_with(policy: &Policy, request: &Request, reading: Reading) -> Evaluation {
    let variables_enabled = policy.variables_enabled();
    let applicable = |effect: Effect| -> Vec<usize> {
        policy
            .statements
            .iter()
            .filter(|s| {
                s.effect == effect && statement_applies(s, request, variables_enabled, reading)
            })
            .map(|s| s.index)
            .collect()
    };
    let denies = applicable(Effect::Deny);
    if !denies.is_empty() {
        return Evaluation {
            decision: Decision::ExplicitDeny,
            statements: denies,
        };
    }
    let allows = applicable(Effect::Allow);
    if !allows.is_empty() {
        return Evaluation {
            decision: Decision::Allow,
            statements: allows,
        };
    }
    Evaluation {
        decision: Decision::ImplicitDeny,
        statements: Vec::new(),
    }
}

/// Whether `statement` applies to `request` (whatever its effect), under
/// the grants-more reading: its principal, action and resource clauses
/// match and every condition entry holds ("all conditions must resolve to
/// true").
pub fn statement_matches(
    statement: &Statement,
    request: &Request,
    variables_enabled: bool,
) -> bool {
    statement_applies(statement, request, variables_enabled, Reading::GrantsMore)
}

/// [`statement_matches`] under a reading of undocumented matches; the
/// statement's effect gives their polarity.
pub fn statement_applies(
    statement: &Statement,
    request: &Request,
    variables_enabled: bool,
    reading: Reading,
) -> bool {
    let polarity = Polarity::of_effect(statement.effect);
    principal_clause_matches(statement.principal.as_ref(), &request.principal)
        && action_clause_matches(&statement.action, &request.action)
        && resource_clause_matches(
            statement.resource.as_ref(),
            &request.resource,
            variables_enabled,
            &request.context,
            reading,
            polarity,
        )
        && statement
            .conditions
            .iter()
            .all(|c| condition_holds(c, &request.context, variables_enabled, reading, polarity))
}

/// The parts of `policy` (JSON paths of `Resource` entries and conditions)
/// whose answer on `request` is undocumented and differs between the two
/// readings: what a witness allowed only under [`Reading::GrantsMore`]
/// relies on.
pub fn undocumented_decisions(policy: &Policy, request: &Request) -> Vec<String> {
    let variables_enabled = policy.variables_enabled();
    let mut paths = Vec::new();
    for statement in &policy.statements {
        let polarity = Polarity::of_effect(statement.effect);
        let resource_differs = [Reading::GrantsMore, Reading::GrantsLess].map(|reading| {
            resource_clause_matches(
                statement.resource.as_ref(),
                &request.resource,
                variables_enabled,
                &request.context,
                reading,
                polarity,
            )
        });
        if resource_differs[0] != resource_differs[1] {
            let element = match &statement.resource {
                Some(clause) if clause.negated => "NotResource",
                _ => "Resource",
            };
            paths.push(format!("{}.{element}", statement.path));
        }
        for condition in &statement.conditions {
            let answers = [Reading::GrantsMore, Reading::GrantsLess].map(|reading| {
                condition_holds(
                    condition,
                    &request.context,
                    variables_enabled,
                    reading,
                    polarity,
                )
            });
            if answers[0] != answers[1] {
                paths.push(condition.path.clone());
            }
        }
    }
    paths
}
