//! The request context: the keys the request gives, completed with the keys
//! that follow from the principal, the resource and the organization; and
//! the keys that applicable statements need but the context lacks.

use crate::semantics::reading::{Polarity, Reading};
use std::collections::BTreeMap;

use crate::eval::variables::{pieces, Piece};
use crate::eval::{
    action_clause_matches, principal_clause_matches, resource_clause_matches, Context, Request,
};
use crate::iam::Entity;
use crate::organization::Organization;

use super::caller::Caller;
use super::verdict::Sourced;

/// The request the policies are evaluated with.
///
/// Keys given by the caller win. Then, from the inputs:
/// - `aws:PrincipalArn` of a role session is its role's ARN *with* path
///   (the session ARN does not carry it);
/// - `aws:userid` is the user's unique id (`UserId`), or for a role session
///   `RoleId:session-name` (`reference_policies_variables`, "Principal key
///   values");
/// - `aws:PrincipalTag/KEY` for each tag of the user or role;
/// - `aws:PrincipalOrgID` and `aws:PrincipalOrgPaths` when the principal's
///   account is in an organization export; `aws:ResourceAccount`, and
///   `aws:ResourceOrgID` and `aws:ResourceOrgPaths` when the resource's
///   account is;
/// - then the evaluator's own principal keys
///   ([`Request::with_principal_keys`]).
pub(crate) fn request_for(
    caller: &Caller<'_>,
    action: &str,
    resource: &str,
    given: &Context,
    resource_account: Option<&str>,
    principal_org: Option<&Organization>,
    resource_org: Option<&Organization>,
) -> Request {
    let mut context = given.clone();
    let mut set = |key: &str, values: Vec<String>| {
        if !context.contains_key(key) {
            context.insert_all(key.to_string(), values);
        }
    };
    match caller {
        Caller::RoleSession { role, session, .. } => {
            set("aws:PrincipalArn", vec![role.arn.clone()]);
            if let Some(id) = &role.id {
                set("aws:userid", vec![format!("{id}:{session}")]);
            }
        }
        Caller::User { user, .. } => {
            if let Some(id) = &user.id {
                set("aws:userid", vec![id.clone()]);
            }
        }
        _ => {}
    }
    if let Some(entity) = caller
        .entity()
        .filter(|_| !matches!(caller, Caller::FederatedUser { .. }))
    {
        for tag in entity_tags(entity) {
            set(&format!("aws:PrincipalTag/{}", tag.0), vec![tag.1]);
        }
    }
    if let (Some(account), Some(org)) = (caller.account(), principal_org) {
        set("aws:PrincipalOrgID", vec![org.id.clone()]);
        if let Some(path) = org.org_path(account) {
            set("aws:PrincipalOrgPaths", vec![path]);
        }
    }
    if let Some(account) = resource_account {
        set("aws:ResourceAccount", vec![account.to_string()]);
        if let Some(org) = resource_org {
            set("aws:ResourceOrgID", vec![org.id.clone()]);
            if let Some(path) = org.org_path(account) {
                set("aws:ResourceOrgPaths", vec![path]);
            }
        }
    }
    Request::new(caller.request_principal(), action, resource)
        .with_context(context)
        .with_principal_keys()
}

fn entity_tags(entity: Entity<'_>) -> Vec<(String, String)> {
    entity
        .tags()
        .iter()
        .map(|tag| (tag.key.clone(), tag.value.clone()))
        .collect()
}

/// The condition keys that statements applicable to the request (principal,
/// action and resource match, whatever the conditions) test or use as
/// policy variables, and that the request context does not hold; sorted,
/// each key once (as first written).
pub(crate) fn missing_keys<'p>(
    policies: impl IntoIterator<Item = &'p Sourced<'p>>,
    request: &Request,
) -> Vec<String> {
    let mut missing: BTreeMap<String, String> = BTreeMap::new();
    for sourced in policies {
        let variables = sourced.policy.variables_enabled();
        for statement in &sourced.policy.statements {
            let principal_and_action =
                principal_clause_matches(statement.principal.as_ref(), &request.principal)
                    && action_clause_matches(&statement.action, &request.action);
            if !principal_and_action {
                continue;
            }
            // A resource pattern whose variable is missing matches nothing,
            // but the statement would apply if the key were given.
            let resource_variable_missing = statement
                .resource
                .iter()
                .flat_map(|r| &r.patterns)
                .flat_map(|pattern| variable_keys(pattern, variables))
                .any(|key| !request.context.contains_key(&key));
            let resource_applies = resource_variable_missing
                || resource_clause_matches(
                    statement.resource.as_ref(),
                    &request.resource,
                    variables,
                    &request.context,
                    Reading::GrantsMore,
                    Polarity::of_effect(statement.effect),
                );
            if !resource_applies {
                continue;
            }
            let mut keys: Vec<String> = Vec::new();
            for condition in &statement.conditions {
                keys.push(condition.key.clone());
                for value in &condition.values {
                    keys.extend(variable_keys(value, variables));
                }
            }
            for pattern in statement.resource.iter().flat_map(|r| &r.patterns) {
                keys.extend(variable_keys(pattern, variables));
            }
            for key in keys {
                if !request.context.contains_key(&key) {
                    missing
                        .entry(crate::eval::request::normalize_key(&key))
                        .or_insert(key);
                }
            }
        }
    }
    missing.into_values().collect()
}

/// The keys of the policy variables in a policy string.
fn variable_keys(text: &str, variables_enabled: bool) -> Vec<String> {
    pieces(text, variables_enabled)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Variable { key, .. } => Some(key),
            Piece::Text(_) | Piece::Char(_) => None,
        })
        .collect()
}
