//! The whole IAM decision as a formula: the symbolic twin of
//! [`super::decide::decide`] over the policies a [`Prepared`] request
//! gathered, each policy encoded once by [`crate::encode`] over the shared
//! symbolic request of one [`Environment`].
//!
//! Each policy type's verdict becomes two formulas (`deny`: some policy of
//! the type denies; `allow`: the type's verdict is `Allow`), the resource-based
//! policy's grant becomes one formula per [`Grant`] (the grant of a
//! statement depends on the principal only, which the question fixes, so it
//! is computed concretely by [`super::grant::principal_grant`]), and the
//! evaluation logic combines them rule by rule as [`super::decide`] does:
//! explicit deny, RCPs, SCPs, then within one account by grant, across
//! accounts both sides. A question fixes the principal with
//! [`principal_pin`] and conjoins [`allowed`].

use std::collections::HashMap;

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::term::{self, Term};

use crate::encode::compare::Comparison;
use crate::encode::{encode_policy, encode_statement, EncodeError, Environment, PolicyTerms};
use crate::encode::{PrincipalKind, QuestionLiterals};
use crate::policy::{Effect, Policy};
use crate::semantics::reading::Reading;

use super::ceiling::Ceiling;
use super::specialize::Specializer;
use super::trace::Grant;
use super::verdict::Sourced;
use super::Prepared;
use crate::eval::Context;

/// The distinct policies of several prepared requests, in a fixed order
/// (the environment's policy indexes).
/// Policies with principal-derived variables are specialised to each
/// principal ([`Specializer`]) and keyed by the original and the values.
#[derive(Debug)]
pub(crate) struct PolicyTable<'p> {
    policies: Vec<&'p Policy>,
    index: HashMap<(usize, String), usize>,
    specializer: &'p Specializer,
}

impl<'p> PolicyTable<'p> {
    /// An empty table over a specializer to which every prepared request
    /// that will be added was given ([`specialize_all`]).
    pub(crate) fn new(specializer: &'p Specializer) -> PolicyTable<'p> {
        PolicyTable {
            policies: Vec::new(),
            index: HashMap::new(),
            specializer,
        }
    }

    /// Adds every policy a prepared request gathered.
    pub(crate) fn add_prepared(&mut self, prepared: &Prepared<'p>) {
        let context = &prepared.eval_request.context;
        for sourced in prepared.gathered.all() {
            let key = self.specializer.key(sourced.policy, context);
            let effective = self.specializer.get(sourced.policy, &key);
            let slot = (address(sourced.policy), key);
            if !self.index.contains_key(&slot) {
                self.index.insert(slot, self.policies.len());
                self.policies.push(effective);
            }
        }
    }

    /// The policies, in order.
    pub(crate) fn policies(&self) -> Vec<&'p Policy> {
        self.policies.clone()
    }

    fn index_of(&self, policy: &Policy, context: &Context) -> Option<usize> {
        let key = self.specializer.key(policy, context);
        self.index.get(&(address(policy), key)).copied()
    }
}

fn address(policy: &Policy) -> usize {
    policy as *const Policy as usize
}

/// Specialises the policies of prepared requests to their principals.
pub(crate) fn specialize_all(prepared: &[Prepared<'_>]) -> Specializer {
    let mut specializer = Specializer::default();
    for p in prepared {
        for sourced in p.gathered.all() {
            specializer.add(sourced.policy, &p.eval_request.context);
        }
    }
    specializer
}

/// The formulas of every policy of a table, encoded once.
#[derive(Debug)]
pub(crate) struct Formulas<'e, 'p> {
    env: &'e Environment,
    table: &'e PolicyTable<'p>,
    terms: Vec<PolicyTerms>,
}

impl<'e, 'p> Formulas<'e, 'p> {
    /// Encodes every policy of `table` over `env` (built from the same
    /// table, in the same order), under the reading that grants more — the
    /// reading of the concrete evaluator.
    pub(crate) fn encode(
        env: &'e Environment,
        table: &'e PolicyTable<'p>,
    ) -> Result<Formulas<'e, 'p>, EncodeError> {
        let terms = table
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| encode_policy(env, i, p, Reading::GrantsMore))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Formulas { env, table, terms })
    }

    fn of(&self, policy: &Policy, context: &Context) -> Result<&PolicyTerms, EncodeError> {
        self.table
            .index_of(policy, context)
            .map(|i| &self.terms[i])
            .ok_or_else(|| EncodeError::Unsupported("a policy outside the environment".into()))
    }

    /// A statement of a policy of the table whatever its `Principal`.
    fn rest(&self, policy: &Policy, context: &Context, index: usize) -> Result<Term, EncodeError> {
        let i = self
            .table
            .index_of(policy, context)
            .ok_or_else(|| EncodeError::Unsupported("a policy outside the environment".into()))?;
        let policy = self.table.policies[i];
        let Some(statement) = policy.statements.iter().find(|s| s.index == index) else {
            return Ok(term::fls());
        };
        let mut anyone = statement.clone();
        anyone.principal = None;
        encode_statement(self.env, i, &anyone, Reading::GrantsMore)
    }
}

/// One policy type's verdict as formulas.
#[derive(Debug, Clone)]
struct TypeTerms {
    /// Whether the type takes part at all.
    applies: bool,
    /// Some policy of the type denies.
    deny: Term,
    /// The type's verdict is `Allow`.
    allow: Term,
}

impl TypeTerms {
    fn absent() -> TypeTerms {
        TypeTerms {
            applies: false,
            deny: term::fls(),
            allow: term::fls(),
        }
    }

    /// Mirrors `Verdicts::passes`: absent, or `Allow`.
    fn passes(&self) -> Term {
        if self.applies {
            self.allow.clone()
        } else {
            term::tru()
        }
    }
}

/// Policies that are ORed (identity-based policies, one level of a
/// ceiling): mirrors `verdict::combine`.
fn combined(
    formulas: &Formulas<'_, '_>,
    context: &Context,
    policies: &[Sourced<'_>],
) -> Result<TypeTerms, EncodeError> {
    let mut denies = Vec::new();
    let mut allows = Vec::new();
    for sourced in policies {
        let terms = formulas.of(sourced.policy, context)?;
        denies.push(terms.denies.clone());
        allows.push(terms.allows.clone());
    }
    let deny = term::or(denies);
    Ok(TypeTerms {
        applies: true,
        allow: term::and([term::not(deny.clone()), term::or(allows)]),
        deny,
    })
}

/// Mirrors `ceiling::verdict`.
fn ceiling(
    formulas: &Formulas<'_, '_>,
    context: &Context,
    ceiling: &Ceiling<'_>,
) -> Result<TypeTerms, EncodeError> {
    let Ceiling::Levels(levels) = ceiling else {
        return Ok(TypeTerms::absent());
    };
    let mut denies = Vec::new();
    let mut levels_allow = Vec::new();
    for (_, attached) in levels {
        let level = combined(formulas, context, attached)?;
        denies.push(level.deny);
        levels_allow.push(level.allow);
    }
    let deny = term::or(denies);
    Ok(TypeTerms {
        applies: true,
        allow: term::and([term::not(deny.clone()), term::and(levels_allow)]),
        deny,
    })
}

/// The resource-based policy's verdict and grant (mirrors
/// `grant::resource_verdict` for a fixed caller).
struct ResourceTerms {
    verdict: TypeTerms,
    /// The grant is at least `Direct`, `RoleArn`, `Account` (index by
    /// grant), when the policy does not deny.
    grants: [Term; 3],
}

fn resource(
    formulas: &Formulas<'_, '_>,
    prepared: &Prepared<'_>,
) -> Result<ResourceTerms, EncodeError> {
    let none = || ResourceTerms {
        verdict: TypeTerms::absent(),
        grants: [term::fls(), term::fls(), term::fls()],
    };
    let Some(sourced) = &prepared.gathered.resource else {
        return Ok(none());
    };
    let policy = sourced.policy;
    let context = &prepared.eval_request.context;
    let terms = formulas.of(policy, context)?;
    let mut denies = vec![terms.denies.clone()];
    if prepared.gathered.boundary.is_some() {
        for statement in &policy.statements {
            if statement.effect == Effect::Deny
                && statement.principal.as_ref().is_some_and(|p| p.negated)
            {
                denies.push(formulas.rest(policy, context, statement.index)?);
            }
        }
    }
    let deny = term::or(denies);
    let principal = prepared.caller.request_principal();
    let mut by_grant: [Vec<Term>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for statement in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let Some(grant) = super::grant::principal_grant(statement, &principal, &prepared.caller)
        else {
            continue;
        };
        let slot = match grant {
            Grant::Direct => 0,
            Grant::RoleArn => 1,
            Grant::Account => 2,
        };
        by_grant[slot].push(formulas.rest(policy, context, statement.index)?);
    }
    let not_denied = term::not(deny.clone());
    let [direct, role, account] = by_grant.map(term::or);
    let allow = term::and([
        not_denied.clone(),
        term::or([direct.clone(), role.clone(), account.clone()]),
    ]);
    Ok(ResourceTerms {
        verdict: TypeTerms {
            applies: true,
            deny,
            allow,
        },
        grants: [
            term::and([not_denied.clone(), direct]),
            term::and([not_denied.clone(), role]),
            term::and([not_denied, account]),
        ],
    })
}

/// `Allow` for the prepared request's principal, action and resource, as a
/// formula over the environment's request context: the symbolic twin of
/// [`super::decide::decide`] returning `Allow`.
///
/// # Errors
/// When a policy does not encode, or is not in the formulas' table.
pub(crate) fn allowed(
    formulas: &Formulas<'_, '_>,
    prepared: &Prepared<'_>,
) -> Result<Term, EncodeError> {
    let gathered = &prepared.gathered;
    let facts = &prepared.facts;
    let context = &prepared.eval_request.context;
    let identity = if facts.root {
        TypeTerms {
            applies: true,
            deny: term::fls(),
            allow: term::tru(),
        }
    } else if prepared.caller.entity().is_none() {
        TypeTerms::absent()
    } else {
        combined(formulas, context, &gathered.identity)?
    };
    let single = |s: Option<&Sourced<'_>>| -> Result<TypeTerms, EncodeError> {
        match s {
            None => Ok(TypeTerms::absent()),
            Some(s) => combined(formulas, context, std::slice::from_ref(s)),
        }
    };
    let boundary = single(gathered.boundary.as_ref())?;
    let session = match (&gathered.session, facts.federated_user) {
        (Some(s), _) => single(Some(s))?,
        (None, true) => TypeTerms {
            applies: true,
            deny: term::fls(),
            allow: term::fls(),
        },
        (None, false) => TypeTerms::absent(),
    };
    let scp = ceiling(formulas, context, &gathered.scp)?;
    let rcp = ceiling(formulas, context, &gathered.rcp)?;
    let resource = resource(formulas, prepared)?;
    let explicit = term::or(
        [
            &identity,
            &boundary,
            &session,
            &scp,
            &rcp,
            &resource.verdict,
        ]
        .into_iter()
        .filter(|v| v.applies)
        .map(|v| v.deny.clone()),
    );
    let ceilings = term::and([rcp.passes(), scp.passes()]);
    let limits = term::and([boundary.passes(), session.passes()]);
    let identity_path = term::and([
        if identity.applies {
            identity.allow.clone()
        } else {
            term::fls()
        },
        limits.clone(),
    ]);
    let [direct, role, account] = resource.grants;
    let branch = if !facts.account_principal {
        resource.verdict.allow.clone()
    } else if facts.same_account {
        let delegated = if facts.must_allow {
            account
        } else {
            term::tru()
        };
        term::or([
            direct.clone(),
            term::and([term::not(direct.clone()), role.clone(), limits]),
            term::and([term::not(direct), term::not(role), delegated, identity_path]),
        ])
    } else {
        term::and([identity_path, resource.verdict.allow.clone()])
    };
    Ok(term::and([term::not(explicit), ceilings, branch]))
}

/// The principal of a prepared request as a formula: an AWS principal with
/// its identity ARN (a role ARN stands for its sessions), and the keys the
/// inputs derive for it (its tags, account, organization, ...) fixed to
/// their values, the principal tags it does not have absent.
///
/// # Errors
/// When a term cannot be built.
pub(crate) fn principal_pin(
    env: &Environment,
    prepared: &Prepared<'_>,
) -> Result<Term, EncodeError> {
    let arn = identity_arn(prepared);
    let mut parts = vec![
        env.vars.kind_is(PrincipalKind::Aws),
        term::str_eq(&env.vars.arn, &arn)?,
    ];
    let context = &prepared.eval_request.context;
    for (lowercase, _) in env.keys.iter() {
        let values = context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(lowercase))
            .map(|(_, v)| v.to_vec());
        match values {
            Some(values) => {
                let elements = env.key_elements(lowercase);
                let mut pinned = vec![env.key_present(lowercase)];
                for i in 0..elements {
                    match values.get(i) {
                        Some(value) => {
                            let literal = Comparison::Text(vec![Pattern::literal(value)]);
                            pinned.push(env.key_used(lowercase, i));
                            pinned.push(env.key_compare(lowercase, i, &literal)?);
                        }
                        None => pinned.push(term::not(env.key_used(lowercase, i))),
                    }
                }
                parts.push(term::and(pinned));
            }
            None if lowercase.starts_with("aws:principaltag/") => {
                parts.push(term::not(env.key_present(lowercase)));
            }
            None => {}
        }
    }
    Ok(term::and(parts))
}

/// The keys the inputs derive for a prepared request (they are not the
/// caller's to choose): its context before anything is given, and every
/// principal tag.
pub(crate) fn derived_key(prepared: &Prepared<'_>, key: &str) -> bool {
    key.to_ascii_lowercase().starts_with("aws:principaltag/")
        || prepared
            .eval_request
            .context
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(key))
}

/// The accounts and organizations a set of prepared requests names, for
/// the environment's universe.
pub(crate) fn literals(prepared: &[Prepared<'_>], orgs: &[String]) -> QuestionLiterals {
    let mut accounts: Vec<String> = prepared
        .iter()
        .filter_map(|p| p.caller.account().map(str::to_string))
        .chain(prepared.iter().filter_map(|p| p.resource_account.clone()))
        .collect();
    accounts.sort();
    accounts.dedup();
    QuestionLiterals {
        accounts,
        orgs: orgs.to_vec(),
        keys: vec!["aws:PrincipalAccount".to_string()],
    }
}

/// The principal's identity ARN as the symbolic request holds it: a role
/// session by its role's ARN (which stands for its sessions).
pub(crate) fn identity_arn(prepared: &Prepared<'_>) -> String {
    match &prepared.caller {
        super::caller::Caller::RoleSession { role, .. } => role.arn.clone(),
        caller => caller.arn(),
    }
}
