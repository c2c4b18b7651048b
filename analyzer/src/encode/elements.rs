//! `Action`/`NotAction` and `Resource`/`NotResource` as formulas; the twin
//! of [`crate::eval::elements`].

use zoneproof_encodings::term::{self, Term};

use crate::eval::patterns::{arn_pattern, is_short_arn_pattern};
use crate::policy::ResourceClause;
use crate::semantics::reading::{Polarity, Reading};

use super::env::Environment;
use super::undocumented;
use super::variables::policy_cases;
use super::EncodeError;

/// Mirrors `eval::action_clause_matches` through the action classes: the
/// catalog actions were matched concretely once, when the classes were
/// formed, so the statement matches the classes whose actions it matches.
pub fn encode_action_clause(env: &Environment, policy: usize, statement: usize) -> Term {
    term::or(
        env.classes
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.statements
                    .get(policy)
                    .and_then(|s| s.get(statement))
                    .copied()
                    .unwrap_or(false)
            })
            .map(|(i, _)| env.vars.action_is(i)),
    )
}

/// Mirrors `eval::resource_clause_matches`: no element matches every
/// resource; wildcards stay within ARN segments; a pattern with fewer than
/// six components other than `*` is read by polarity.
pub fn encode_resource_clause(
    env: &Environment,
    policy: usize,
    clause: Option<&ResourceClause>,
    path: &str,
    reading: Reading,
    polarity: Polarity,
) -> Result<Term, EncodeError> {
    let Some(clause) = clause else {
        return Ok(term::tru());
    };
    let inner = polarity.negate_if(clause.negated);
    let mut any = Vec::with_capacity(clause.patterns.len());
    for (i, text) in clause.patterns.iter().enumerate() {
        let entry_path = format!("{path}[{i}]");
        for (guard, parts) in policy_cases(env, policy, text, true, &entry_path)? {
            let documented = text == "*" || !is_short_arn_pattern(&parts);
            let mut matched = vec![
                guard,
                term::in_pattern(&env.vars.resource, &arn_pattern(&parts))?,
            ];
            if !documented {
                match undocumented::answer(env, reading, inner, || format!("resource {parts:?}")) {
                    None => continue,
                    Some(answer) => matched.push(answer),
                }
            }
            any.push(term::and(matched));
        }
    }
    let matched = term::or(any);
    Ok(if clause.negated {
        term::not(matched)
    } else {
        matched
    })
}
