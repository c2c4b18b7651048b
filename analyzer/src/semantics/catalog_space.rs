//! The catalog-wide typed request space of the policy checks: every IAM
//! catalog action a policy's `Allow` statements can grant, each meeting only
//! the resources its catalog resource types allow (an action with no
//! resource type names `*`), so that a reference `Deny s3:* on bucket X`
//! does not flag `s3:ListAllMyBuckets` on `*`. Condition keys follow the
//! same catalog through [`SpaceAction::lists_key`].
//!
//! Resource strings come from the catalog's ARN formats: `${Partition}` is
//! the space's partition, `${Region}` and `${Account}` (and any placeholder
//! in the region or account field) a string without `:`, other placeholders
//! any string.

use zoneproof_encodings::pattern::{Pattern, Token};

use crate::catalog::{Action, Catalog};
use crate::policy::{Effect, Policy};
use crate::resource::TRUST_ACTIONS;

use super::space::{Callers, RequestSpace, SpaceAction};

/// Which requests of the space a policy check ranges over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpaceCallers {
    /// Identity policies: the caller is the policy's holder (an AWS
    /// principal); every action is callable.
    Identity,
    /// Resource policies: every principal kind the resource policy may name,
    /// with role-trust actions limited to their callers.
    Resource,
}

/// The typed space of the catalog actions that some `Allow` statement of
/// `granting` matches (requests no `Allow` matches are allowed by nobody).
///
/// # Errors
/// [`super::space::SpaceError::Catalog`] when the catalog cannot be read.
pub fn granted_actions_space(
    granting: &[&Policy],
    partition: &str,
    callers: SpaceCallers,
) -> Result<RequestSpace, super::space::SpaceError> {
    let catalog =
        Catalog::try_get().map_err(|e| super::space::SpaceError::Catalog(e.to_string()))?;
    let allows: Vec<&crate::policy::ActionClause> = granting
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.effect == Effect::Allow)
        .map(|s| &s.action)
        .collect();
    let mut actions = Vec::new();
    let mut name = String::new();
    for service in catalog.services() {
        for action in &service.actions {
            name.clear();
            name.push_str(action.service);
            name.push(':');
            name.push_str(action.name);
            if !allows
                .iter()
                .any(|clause| crate::eval::action_clause_matches(clause, &name))
            {
                continue;
            }
            actions.push(space_action(catalog, action, &name, partition, callers));
        }
    }
    Ok(RequestSpace {
        partition: partition.to_string(),
        actions,
    })
}

/// One action with the resources of its catalog types.
fn space_action(
    catalog: &'static Catalog,
    action: &'static Action,
    name: &str,
    partition: &str,
    callers: SpaceCallers,
) -> SpaceAction {
    let service = catalog.service(action.service);
    let mut kinds = Vec::new();
    let mut resources: Vec<Pattern> = Vec::new();
    for entry in &action.resource_types {
        kinds.push(entry.name);
        let formats = service
            .and_then(|s| s.resource_type(entry.name))
            .map(|r| r.arn_formats.as_slice())
            .unwrap_or_default();
        for format in formats {
            let pattern = format_pattern(format, partition);
            if !resources.contains(&pattern) {
                resources.push(pattern);
            }
        }
    }
    // An action with resource types names one of them (the catalog marks
    // alternatives such as `object` and `accesspointobject` neither
    // required nor optional); an action without names `*`.
    if resources.is_empty() {
        resources.push(Pattern::literal("*"));
    }
    let callers = match callers {
        SpaceCallers::Identity => Callers::AnyButFederated,
        SpaceCallers::Resource => trust_callers(name),
    };
    let mut entry = SpaceAction::new(action, kinds, resources, callers);
    entry.alone = TRUST_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(name));
    entry
}

/// Who can make an action on a resource policy: role-trust actions as
/// `RequestSpace::for_resource` reads them, everything else any caller but
/// a federated one.
fn trust_callers(action: &str) -> Callers {
    let is = |n: &str| action.eq_ignore_ascii_case(n);
    if is("sts:AssumeRole") {
        Callers::AssumeRole
    } else if is("sts:AssumeRoleWithSAML") {
        Callers::Saml
    } else if is("sts:AssumeRoleWithWebIdentity") {
        Callers::WebIdentity
    } else if TRUST_ACTIONS.iter().any(|a| is(a)) {
        Callers::Nobody
    } else {
        Callers::AnyButFederated
    }
}

/// A catalog ARN format as a pattern (see the module documentation).
pub fn format_pattern(format: &str, partition: &str) -> Pattern {
    let mut tokens = Vec::new();
    let mut rest = format;
    let mut field = 0usize;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${") {
            let end = after.find('}').unwrap_or(after.len());
            let placeholder = after.get(..end).unwrap_or("");
            rest = after.get(end + 1..).unwrap_or("");
            if placeholder.eq_ignore_ascii_case("Partition") {
                tokens.push(Token::Literal(partition.to_string()));
            } else if field < 5 {
                tokens.push(Token::AnyString { except: Some(':') });
            } else {
                tokens.push(Token::AnyString { except: None });
            }
            continue;
        }
        let next = rest.find("${").unwrap_or(rest.len());
        let literal = rest.get(..next).unwrap_or("");
        field += literal.matches(':').count();
        tokens.push(Token::Literal(literal.to_string()));
        rest = rest.get(next..).unwrap_or("");
    }
    Pattern::new(tokens, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    #[test]
    fn list_all_my_buckets_names_star_only() {
        let policy = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        )
        .unwrap();
        let space = granted_actions_space(&[&policy], "aws", SpaceCallers::Identity).unwrap();
        let list = space
            .actions
            .iter()
            .find(|a| a.name == "s3:ListAllMyBuckets")
            .unwrap();
        assert_eq!(list.resources, vec![Pattern::literal("*")]);
        let get = space
            .actions
            .iter()
            .find(|a| a.name == "s3:GetObject")
            .unwrap();
        assert!(get.resources.iter().any(|p| p.matches("arn:aws:s3:::b/k")));
        assert!(!get.resources.iter().any(|p| p.matches("*")));
        assert!(space.actions.iter().all(|a| a.name.starts_with("s3:")));
    }

    #[test]
    fn formats_keep_region_and_account_in_their_fields() {
        let p = format_pattern(
            "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}",
            "aws",
        );
        assert!(p.matches("arn:aws:sqs:us-east-1:111122223333:q"));
        assert!(!p.matches("arn:aws:sqs:q"));
        assert!(!p.matches("*"));
        assert!(p.matches("arn:aws:sqs:us-east-1:111122223333:q:x"));
    }
}
