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
//!
//! A service whose ARNs no policy's `Resource` pattern (other than `*`) can
//! match cannot have its resource types told apart by the policies, so its
//! ARN formats are collapsed into one pattern of its ARNs
//! (`arn:aws:SERVICE:REGION:ACCOUNT:ANYTHING`); the actions without
//! resource types still name `*` only. This keeps the space of a policy
//! that allows `*` to a few hundred action classes.

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
    all: &[&Policy],
    partition: &str,
    callers: SpaceCallers,
) -> Result<RequestSpace, super::space::SpaceError> {
    let touched = Touched::of(all);
    let catalog =
        Catalog::try_get().map_err(|e| super::space::SpaceError::Catalog(e.to_string()))?;
    let allows: Vec<&crate::policy::ActionClause> = granting
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.effect == Effect::Allow)
        .map(|s| &s.action)
        .collect();
    let services = granted_services(&allows);
    let mut actions = Vec::new();
    let mut name = String::new();
    for service in catalog.services() {
        if !services.iter().any(|s| s.matches(service.prefix)) {
            continue;
        }
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
            actions.push(space_action(
                catalog, action, &name, partition, callers, &touched,
            ));
        }
    }
    Ok(RequestSpace {
        partition: partition.to_string(),
        actions,
    })
}

/// The service prefixes (as case-insensitive wildcard patterns) that the
/// `Allow` action clauses can match: a pattern's part before `:`, or every
/// service for `NotAction` and patterns without `:`.
fn granted_services(allows: &[&crate::policy::ActionClause]) -> Vec<Pattern> {
    let mut services = Vec::new();
    for clause in allows {
        if clause.negated {
            return vec![Pattern::wildcard("*")];
        }
        for pattern in &clause.patterns {
            match pattern.split_once(':') {
                Some((service, _)) => services.push(Pattern::wildcard(service).ignoring_case()),
                None => return vec![Pattern::wildcard("*")],
            }
        }
    }
    services
}

/// One action with the resources of its catalog types.
fn space_action(
    catalog: &'static Catalog,
    action: &'static Action,
    name: &str,
    partition: &str,
    callers: SpaceCallers,
    touched: &Touched,
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
            let pattern = match arn_service(format) {
                Some(service) if !touched.touches(service) => touched.untouched(service, partition),
                _ => format_pattern(format, partition),
            };
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

/// The services whose ARNs some `Resource`/`NotResource` pattern other
/// than `*` may match.
struct Touched {
    /// Every service (a pattern whose service field cannot be read).
    all: bool,
    /// The service fields of the patterns, as wildcard patterns.
    fields: Vec<Pattern>,
}

impl Touched {
    fn of(policies: &[&Policy]) -> Touched {
        let mut touched = Touched {
            all: false,
            fields: Vec::new(),
        };
        let patterns = policies
            .iter()
            .flat_map(|p| &p.statements)
            .filter_map(|s| s.resource.as_ref())
            .flat_map(|r| &r.patterns);
        for pattern in patterns {
            if pattern == "*" {
                continue;
            }
            let fields: Vec<&str> = pattern.splitn(4, ':').collect();
            match fields.get(2) {
                Some(field) if fields.len() == 4 && !field.contains("${") => {
                    touched
                        .fields
                        .push(Pattern::wildcard(field).ignoring_case());
                }
                _ => touched.all = true,
            }
        }
        touched
    }

    fn touches(&self, service: &str) -> bool {
        self.all || self.fields.iter().any(|f| f.matches(service))
    }

    /// The pattern standing for the ARNs of an untouched service: the ARNs
    /// of [`UNTOUCHED_SERVICE`] (which no policy pattern can match either),
    /// so that the actions of every untouched service fall in the same
    /// action classes; or the service's own ARNs when some policy pattern
    /// could match that name.
    fn untouched(&self, service: &str, partition: &str) -> Pattern {
        if self.touches(UNTOUCHED_SERVICE) {
            service_pattern(service, partition)
        } else {
            service_pattern(UNTOUCHED_SERVICE, partition)
        }
    }
}

/// The service field of the ARNs that stand for the resources of services
/// no policy pattern names (see [`untouched_resource`]).
pub const UNTOUCHED_SERVICE: &str = "any-unnamed-service";

/// A witness resource of an untouched service moved to the action's own
/// service (`arn:aws:any-unnamed-service:...` for `sqs:SendMessage`
/// becomes `arn:aws:sqs:...`), when the catalog gives the action's ARN
/// service. The caller re-checks the moved request.
pub fn untouched_resource(resource: &str, action: &str) -> Option<String> {
    let (partition, tail) = resource.strip_prefix("arn:")?.split_once(':')?;
    let tail = tail.strip_prefix(UNTOUCHED_SERVICE)?;
    let catalog = Catalog::try_get().ok()?;
    let found = catalog.action(action)?;
    let service = catalog.service(found.service)?;
    let own = found
        .resource_types
        .iter()
        .filter_map(|r| service.resource_type(r.name))
        .flat_map(|r| r.arn_formats.iter())
        .find_map(|f| arn_service(f))?;
    Some(format!("arn:{partition}:{own}{tail}"))
}

/// The service field of an ARN format.
fn arn_service(format: &str) -> Option<&str> {
    let service = format.split(':').nth(2)?;
    (!service.is_empty() && !service.contains('$')).then_some(service)
}

/// Every ARN of a service: `arn:PARTITION:SERVICE:REGION:ACCOUNT:ANYTHING`.
fn service_pattern(service: &str, partition: &str) -> Pattern {
    Pattern::new(
        [
            Token::Literal(format!("arn:{partition}:{service}:")),
            Token::AnyString { except: Some(':') },
            Token::Literal(":".into()),
            Token::AnyString { except: Some(':') },
            Token::Literal(":".into()),
            Token::AnyString { except: None },
        ],
        false,
    )
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
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["*","arn:aws:s3:::b/*"]}]}"#,
        )
        .unwrap();
        let space =
            granted_actions_space(&[&policy], &[&policy], "aws", SpaceCallers::Identity).unwrap();
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
