//! `Principal` and `NotPrincipal` as formulas; the twin of
//! [`crate::eval::principal`], matching on the same typed entries.

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::term::{self, Term, Var};

use crate::policy::{
    AwsEntry, AwsIdentity, AwsPrincipal, Principal, PrincipalClause, PrincipalSet,
};
use crate::semantics::principal_keys::PrincipalShape;

use super::env::Environment;
use super::request::{arn_in_set, identity_of_account};
use super::shapes::account_pattern;
use super::vars::PrincipalKind;
use super::EncodeError;

/// Mirrors `eval::principal_clause_matches`. A statement without a
/// principal clause applies to every principal; `NotPrincipal` to every
/// principal that no entry names, anonymous included.
pub fn encode_principal_clause(
    env: &Environment,
    clause: Option<&PrincipalClause>,
) -> Result<Term, EncodeError> {
    let Some(clause) = clause else {
        return Ok(term::tru());
    };
    let matched = match &clause.principals {
        PrincipalSet::Any => term::tru(),
        PrincipalSet::Listed(list) => {
            let mut any = Vec::with_capacity(list.len());
            for principal in list {
                any.push(if clause.negated {
                    encode_principal_names(env, principal)?
                } else {
                    encode_principal_matches(env, principal)?
                });
            }
            term::or(any)
        }
    };
    Ok(if clause.negated {
        term::not(matched)
    } else {
        matched
    })
}

/// Mirrors `eval::principal::principal_matches`: `*` is everyone; an
/// account is every identity of it (a root ARN only in its partition); a
/// role is the role and its named sessions; other entries match the
/// identical principal.
pub fn encode_principal_matches(
    env: &Environment,
    principal: &Principal,
) -> Result<Term, EncodeError> {
    let v = &env.vars;
    Ok(match principal {
        Principal::Aws(aws) => match aws.entry() {
            AwsEntry::Everyone => term::tru(),
            AwsEntry::Account(account) => identity_of_account(env, account)?,
            AwsEntry::Identity(AwsIdentity::Root { partition, account }) => {
                if *partition == env.partition {
                    identity_of_account(env, account)?
                } else {
                    term::fls()
                }
            }
            AwsEntry::Identity(role @ AwsIdentity::Role { .. }) => {
                let sessions = env.universe.sessions.iter().filter(|s| {
                    AwsIdentity::parse(s).is_some_and(|session| role.is_role_of(&session))
                });
                let mut same = vec![term::str_eq(&v.arn, aws.as_str())?];
                for session in sessions {
                    same.push(term::str_eq(&v.arn, session)?);
                }
                term::and([v.kind_is(PrincipalKind::Aws), term::or(same)])
            }
            AwsEntry::Identity(_) | AwsEntry::Opaque => exact(env, aws)?,
        },
        Principal::Service(name) => named(
            v.kind_is(PrincipalKind::Service),
            &v.service,
            name,
            Pattern::literal(name).ignoring_case(),
        )?,
        Principal::Federated(provider) => named(
            v.kind_is(PrincipalKind::Federated),
            &v.provider,
            provider,
            Pattern::literal(provider),
        )?,
        Principal::CanonicalUser(id) => named(
            v.kind_is(PrincipalKind::CanonicalUser),
            &v.canonical,
            id,
            Pattern::literal(id),
        )?,
    })
}

/// Mirrors `eval::principal::principal_names` (`NotPrincipal`): an entry
/// names exactly one identity (a bare account id its root user, a role ARN
/// the role and not its sessions).
pub fn encode_principal_names(
    env: &Environment,
    principal: &Principal,
) -> Result<Term, EncodeError> {
    let Principal::Aws(aws) = principal else {
        return encode_principal_matches(env, principal);
    };
    Ok(match aws.entry() {
        AwsEntry::Everyone => term::tru(),
        AwsEntry::Account(account) => term::or([
            exact(env, aws)?,
            term::and([
                env.vars.kind_is(PrincipalKind::Aws),
                term::str_eq(
                    &env.vars.arn,
                    &format!("arn:{}:iam::{account}:root", env.partition),
                )?,
            ]),
        ]),
        AwsEntry::Identity(_) | AwsEntry::Opaque => exact(env, aws)?,
    })
}

/// The AWS principal written exactly as the entry.
fn exact(env: &Environment, aws: &AwsPrincipal) -> Result<Term, EncodeError> {
    Ok(term::and([
        env.vars.kind_is(PrincipalKind::Aws),
        term::str_eq(&env.vars.arn, aws.as_str())?,
    ]))
}

/// A Service / Federated / CanonicalUser entry: `*` is every principal of
/// the kind, anything else matches by the pattern.
fn named(kind: Term, var: &Var, text: &str, pattern: Pattern) -> Result<Term, EncodeError> {
    if text == "*" {
        return Ok(kind);
    }
    Ok(term::and([kind, term::in_pattern(var, &pattern)?]))
}

/// The principal is an AWS identity of `account` or one of the sessions or
/// opaque ids the universe names (helpers for questions).
pub fn aws_principal_of_account(env: &Environment, account: &str) -> Result<Term, EncodeError> {
    identity_of_account(env, account)
}

/// The principal is one of the opaque principal ids.
pub fn is_opaque(env: &Environment) -> Term {
    term::and([
        env.vars.kind_is(PrincipalKind::Aws),
        arn_in_set(env, &env.universe.opaque),
    ])
}

/// The ARN pattern of every identity of `account` (for questions that name
/// accounts).
pub fn account_identities(env: &Environment, account: &str) -> Pattern {
    account_pattern(&env.partition, account)
}

/// Whether the shape is one the request space can have at all.
pub fn shape_possible(env: &Environment, shape: PrincipalShape) -> bool {
    match shape {
        PrincipalShape::Session => !env.universe.sessions.is_empty(),
        PrincipalShape::OpaqueAws => !env.universe.opaque.is_empty(),
        PrincipalShape::CanonicalUser => !env.universe.canonical_users.is_empty(),
        _ => true,
    }
}
