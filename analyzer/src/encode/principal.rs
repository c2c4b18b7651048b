//! Principal and NotPrincipal elements as formulas, and the principal atoms
//! that name the principal of a finding.

use super::universe::{aws_principal_form, session_role_arn, AwsPrincipalForm, PrincipalKind};
use super::{EncodeError, Encoder, PrincipalAtom, PrincipalFact};
use crate::policy::{Principal, PrincipalClause, PrincipalSet};
use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::term::{self, Term};

impl Encoder<'_> {
    /// Mirrors `eval::principal_clause_matches`. A statement without
    /// Principal applies to every principal; NotPrincipal matches every
    /// principal that matches none of those listed, anonymous included.
    pub fn encode_principal_clause(
        &self,
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
                        self.encode_principal_named(principal)?
                    } else {
                        self.encode_principal(principal)?
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

    /// One NotPrincipal entry; mirrors `eval::principal::principal_names`:
    /// an entry names exactly one identity (an account id its root user, a
    /// role ARN the role and not its sessions).
    fn encode_principal_named(&self, principal: &Principal) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let Principal::Aws(text) = principal else {
            return self.encode_principal(principal);
        };
        let exact = match aws_principal_form(text) {
            AwsPrincipalForm::Everyone => return Ok(term::tru()),
            AwsPrincipalForm::Account(account) if text.len() == 12 => {
                format!("arn:{}:iam::{account}:root", self.universe.partition)
            }
            _ => text.clone(),
        };
        Ok(term::and([v.kind_is(PrincipalKind::Aws), term::str_eq(&v.arn, &exact)?]))
    }

    /// One listed principal; mirrors the evaluator's principal matching:
    /// `*` is everyone; an account is every principal of it; a role is the
    /// role and its sessions; other ARNs and ids match exactly.
    fn encode_principal(&self, principal: &Principal) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let t = match principal {
            Principal::Aws(text) => {
                let aws = v.kind_is(PrincipalKind::Aws);
                match aws_principal_form(text) {
                    AwsPrincipalForm::Everyone => term::tru(),
                    AwsPrincipalForm::Account(account) => term::and([
                        aws,
                        term::in_pattern(&v.arn, &self.universe.account_pattern(&account))?,
                    ]),
                    AwsPrincipalForm::Role(role) => {
                        let mut same = vec![term::str_eq(&v.arn, &role)?];
                        for session in &self.universe.sessions {
                            if role_covers_session(&role, session) {
                                same.push(term::str_eq(&v.arn, session)?);
                            }
                        }
                        term::and([aws, term::or(same)])
                    }
                    AwsPrincipalForm::Identity(x)
                    | AwsPrincipalForm::Session(x)
                    | AwsPrincipalForm::Opaque(x) => term::and([aws, term::str_eq(&v.arn, &x)?]),
                }
            }
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
        };
        Ok(t)
    }

    /// The atoms that name the principal of a cell: its kind, the named
    /// external accounts, identities, services, providers and users.
    pub(super) fn principal_atoms(&self) -> Result<Vec<PrincipalAtom>, EncodeError> {
        let v = &self.vars;
        let u = &self.universe;
        let mut atoms: Vec<PrincipalAtom> = PrincipalKind::ALL
            .into_iter()
            .map(|k| PrincipalAtom {
                fact: PrincipalFact::Kind(k),
                term: v.kind_is(k),
            })
            .collect();
        let aws = v.kind_is(PrincipalKind::Aws);
        for account in u.granted_accounts.iter().filter(|a| !self.zone.contains_account(a)) {
            atoms.push(PrincipalAtom {
                fact: PrincipalFact::Account(account.clone()),
                term: term::and([
                    aws.clone(),
                    term::in_pattern(&v.arn, &u.account_pattern(account))?,
                ]),
            });
        }
        for named in &u.granted_identities {
            atoms.push(PrincipalAtom {
                fact: PrincipalFact::Named(named.clone()),
                term: term::and([aws.clone(), term::str_eq(&v.arn, named)?]),
            });
        }
        // The same entries as the Principal element matches them.
        for name in &u.services {
            atoms.push(PrincipalAtom {
                fact: PrincipalFact::Service(name.clone()),
                term: self.encode_principal(&Principal::Service(name.clone()))?,
            });
        }
        for name in &u.providers {
            atoms.push(PrincipalAtom {
                fact: PrincipalFact::Provider(name.clone()),
                term: self.encode_principal(&Principal::Federated(name.clone()))?,
            });
        }
        for name in &u.canonical_users {
            atoms.push(PrincipalAtom {
                fact: PrincipalFact::CanonicalUser(name.clone()),
                term: self.encode_principal(&Principal::CanonicalUser(name.clone()))?,
            });
        }
        Ok(atoms)
    }
}

/// A Service / Federated / CanonicalUser entry: `*` is every principal of
/// the kind, anything else matches by the pattern.
fn named(
    kind: Term,
    var: &zoneproof_encodings::term::Var,
    text: &str,
    pattern: Pattern,
) -> Result<Term, EncodeError> {
    if text == "*" {
        return Ok(kind);
    }
    Ok(term::and([kind, term::in_pattern(var, &pattern)?]))
}

/// Whether a role principal covers an assumed-role session: same partition
/// and account, and the session's role name is the role's name (session
/// ARNs carry no path).
pub fn role_covers_session(role_arn: &str, session_arn: &str) -> bool {
    let Some(session_role) = session_role_arn(session_arn) else {
        return false;
    };
    let name_only = |arn: &str| -> Option<(String, String)> {
        let (head, resource) = arn.split_once(":role/")?;
        let name = resource.rsplit('/').next()?;
        Some((head.to_string(), name.to_string()))
    };
    name_only(role_arn).is_some() && name_only(role_arn) == name_only(&session_role)
}
