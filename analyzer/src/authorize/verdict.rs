//! One policy's verdict on the request, through the single-policy
//! evaluator ([`crate::eval::evaluate`]), and the aggregation of verdicts.

use crate::eval::{evaluate, Decision, Request};
use crate::policy::{Effect, Policy};

use super::trace::{PolicyType, PolicyVerdict, StatementRef};

/// A policy with where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct Sourced<'p> {
    pub(crate) policy_type: PolicyType,
    /// The policy's name (or ARN).
    pub(crate) name: String,
    pub(crate) arn: Option<String>,
    /// `inline`, `attached`, `group dev`, a level, the resource.
    pub(crate) attached_to: String,
    pub(crate) policy: &'p Policy,
}

impl Sourced<'_> {
    /// References to statements of this policy by index.
    pub(crate) fn statements(&self, indexes: &[usize]) -> Vec<StatementRef> {
        indexes
            .iter()
            .filter_map(|index| self.policy.statements.iter().find(|s| s.index == *index))
            .map(|statement| StatementRef {
                policy_type: self.policy_type,
                policy: self.name.clone(),
                policy_arn: self.arn.clone(),
                attached_to: matches!(self.policy_type, PolicyType::Scp | PolicyType::Rcp)
                    .then(|| self.attached_to.clone()),
                index: statement.index,
                sid: statement.sid.clone(),
                effect: match statement.effect {
                    Effect::Allow => "Allow".to_string(),
                    Effect::Deny => "Deny".to_string(),
                },
            })
            .collect()
    }

    /// The policy's verdict, with its applicable statements.
    pub(crate) fn verdict(&self, request: &Request) -> PolicyVerdict {
        let evaluation = evaluate(self.policy, request);
        self.verdict_of(evaluation.decision, &evaluation.statements)
    }

    /// A verdict with the given decision and statements.
    pub(crate) fn verdict_of(&self, decision: Decision, statements: &[usize]) -> PolicyVerdict {
        PolicyVerdict {
            name: self.name.clone(),
            arn: self.arn.clone(),
            attached_to: self.attached_to.clone(),
            decision,
            statements: self.statements(statements),
        }
    }
}

/// The combined verdict of several policies that are ORed (identity-based
/// policies, the policies attached at one SCP level): any deny denies,
/// otherwise any allow allows.
pub(crate) fn combine<'v>(verdicts: impl IntoIterator<Item = &'v PolicyVerdict>) -> Decision {
    let mut decision = Decision::ImplicitDeny;
    for verdict in verdicts {
        match verdict.decision {
            Decision::ExplicitDeny => return Decision::ExplicitDeny,
            Decision::Allow => decision = Decision::Allow,
            Decision::ImplicitDeny => {}
        }
    }
    decision
}
