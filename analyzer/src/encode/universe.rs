//! The principals a policy names, and the shape of principal identity ARNs.
//!
//! The analysis models an AWS principal by its identity ARN (what
//! `aws:PrincipalArn` returns: the account root, a user, a role — standing
//! for all of its sessions — or an STS federated user), plus the literal
//! session ARNs and opaque principal ids the policy names. Accounts are
//! 12 characters other than `:`; the accounts the policy or the zone names
//! are told apart by patterns, every other account is "fresh".

use crate::policy::{Condition, Effect, Policy, Principal, PrincipalSet};
use crate::resource::split_arn;
use crate::zone::{is_account_id, Zone};
use std::collections::BTreeSet;
use zoneproof_encodings::pattern::{Pattern, Token};

/// Principal kinds, as the integer values of the `p.kind` variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalKind {
    /// An unsigned request.
    Anonymous = 0,
    /// An IAM principal of some account.
    Aws = 1,
    /// An AWS service principal.
    Service = 2,
    /// A web-identity or SAML federated caller.
    Federated = 3,
    /// An S3 canonical user.
    CanonicalUser = 4,
}

impl PrincipalKind {
    /// Every kind.
    pub const ALL: [PrincipalKind; 5] = [
        PrincipalKind::Anonymous,
        PrincipalKind::Aws,
        PrincipalKind::Service,
        PrincipalKind::Federated,
        PrincipalKind::CanonicalUser,
    ];

    /// The kind for a decoded integer.
    pub fn from_code(code: i128) -> Option<PrincipalKind> {
        Self::ALL.into_iter().find(|k| *k as i128 == code)
    }
}

/// How an AWS principal string of a policy is understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsPrincipalForm {
    /// `*`.
    Everyone,
    /// A 12-digit id or `arn:...:iam::ID:root`: every principal of the account.
    Account(String),
    /// A role ARN: the role and its sessions.
    Role(String),
    /// A user or STS federated-user ARN: exactly that principal.
    Identity(String),
    /// An assumed-role session ARN.
    Session(String),
    /// Anything else (unique ids such as `AIDA...`, unresolved placeholders):
    /// an external principal of unknown account.
    Opaque(String),
}

/// Classifies an AWS principal string as IAM reads it.
pub fn aws_principal_form(text: &str) -> AwsPrincipalForm {
    if text == "*" {
        return AwsPrincipalForm::Everyone;
    }
    if is_account_id(text) {
        return AwsPrincipalForm::Account(text.to_string());
    }
    let Some(parts) = split_arn(text).filter(|p| is_account_id(p.account)) else {
        return AwsPrincipalForm::Opaque(text.to_string());
    };
    match (parts.service, parts.resource) {
        ("iam", "root") => AwsPrincipalForm::Account(parts.account.to_string()),
        ("iam", r) if r.starts_with("role/") => AwsPrincipalForm::Role(text.to_string()),
        ("iam", r) if r.starts_with("user/") => AwsPrincipalForm::Identity(text.to_string()),
        ("sts", r) if r.starts_with("federated-user/") => {
            AwsPrincipalForm::Identity(text.to_string())
        }
        ("sts", r) if r.starts_with("assumed-role/") => AwsPrincipalForm::Session(text.to_string()),
        _ => AwsPrincipalForm::Opaque(text.to_string()),
    }
}

/// The role ARN (without path) of an assumed-role session ARN:
/// `arn:P:sts::A:assumed-role/R/S` -> `arn:P:iam::A:role/R`.
pub fn session_role_arn(session_arn: &str) -> Option<String> {
    let parts = split_arn(session_arn)?;
    let role = parts.resource.strip_prefix("assumed-role/")?.split('/').next()?;
    Some(format!(
        "arn:{}:iam::{}:role/{}",
        parts.partition, parts.account, role
    ))
}

/// Everything the policy and the zone name about principals.
#[derive(Debug, Clone, Default)]
pub struct Universe {
    /// The partition of principal ARNs (the resource's).
    pub partition: String,
    /// Accounts named by the policy or the zone.
    pub accounts: BTreeSet<String>,
    /// Accounts the policy grants by name (Principal entries and principal
    /// conditions, not NotPrincipal): findings name these.
    pub granted_accounts: BTreeSet<String>,
    /// Role, user and federated-user ARNs named in Principal elements.
    pub identities: BTreeSet<String>,
    /// Identities, sessions and opaque ids granted by name (not NotPrincipal).
    pub granted_identities: BTreeSet<String>,
    /// Assumed-role session ARNs named in Principal elements.
    pub sessions: BTreeSet<String>,
    /// Opaque AWS principal strings.
    pub opaque: BTreeSet<String>,
    /// Service principals named.
    pub services: BTreeSet<String>,
    /// Identity providers named.
    pub providers: BTreeSet<String>,
    /// Canonical user ids named.
    pub canonical_users: BTreeSet<String>,
    /// Organization ids named (the zone's and those in conditions).
    pub orgs: BTreeSet<String>,
}

impl Universe {
    /// Collects the universe of a policy for a zone.
    pub fn collect(policy: &Policy, zone: &Zone, partition: &str) -> Universe {
        let mut universe = Universe {
            partition: partition.to_string(),
            ..Universe::default()
        };
        universe.accounts.extend(zone.accounts().map(str::to_string));
        universe.orgs.extend(zone.org.iter().cloned());
        for statement in &policy.statements {
            let Some(clause) = &statement.principal else {
                continue;
            };
            // Who a finding names: principals an Allow grants, or a Deny
            // exempts through NotPrincipal.
            let granted = (statement.effect == Effect::Allow) != clause.negated;
            if let PrincipalSet::Listed(list) = &clause.principals {
                for principal in list {
                    universe.add_principal(principal, granted);
                }
            }
            for condition in &statement.conditions {
                universe.add_condition_values(condition);
            }
        }
        universe
    }

    fn add_principal(&mut self, principal: &Principal, granted: bool) {
        match principal {
            Principal::Aws(text) => match aws_principal_form(text) {
                AwsPrincipalForm::Everyone => {}
                AwsPrincipalForm::Account(a) => {
                    if granted {
                        self.granted_accounts.insert(a.clone());
                    }
                    self.accounts.insert(a);
                }
                AwsPrincipalForm::Role(arn) | AwsPrincipalForm::Identity(arn) => {
                    self.add_arn_account(&arn);
                    self.grant_identity(&arn, granted);
                    self.identities.insert(arn);
                }
                AwsPrincipalForm::Session(arn) => {
                    self.add_arn_account(&arn);
                    self.grant_identity(&arn, granted);
                    self.sessions.insert(arn);
                }
                AwsPrincipalForm::Opaque(text) => {
                    self.grant_identity(&text, granted);
                    self.opaque.insert(text);
                }
            },
            Principal::Service(s) => {
                self.services.insert(s.clone());
            }
            Principal::Federated(f) => {
                self.providers.insert(f.clone());
            }
            Principal::CanonicalUser(c) => {
                self.canonical_users.insert(c.clone());
            }
        }
    }

    fn grant_identity(&mut self, name: &str, granted: bool) {
        if granted {
            self.granted_identities.insert(name.to_string());
        }
    }

    fn add_arn_account(&mut self, arn: &str) {
        if let Some(parts) = split_arn(arn).filter(|p| is_account_id(p.account)) {
            self.accounts.insert(parts.account.to_string());
        }
    }

    /// Accounts and organizations named in principal-describing conditions
    /// become cells of their own, so findings can name them.
    fn add_condition_values(&mut self, condition: &Condition) {
        let key = condition.key.to_ascii_lowercase();
        for value in &condition.values {
            match key.as_str() {
                "aws:principalaccount" | "kms:calleraccount" if is_account_id(value) => {
                    self.accounts.insert(value.clone());
                    self.granted_accounts.insert(value.clone());
                }
                "aws:principalarn" => self.add_arn_account(value),
                "aws:principalorgid" if !value.contains(['*', '?', '$']) => {
                    self.orgs.insert(value.clone());
                }
                _ => {}
            }
        }
    }

    fn account_segment(&self) -> Token {
        Token::AnyString { except: Some(':') }
    }

    /// Every identity ARN of account `account` (iam and sts forms).
    pub fn account_pattern(&self, account: &str) -> Pattern {
        self.account_like(Pattern::literal(account))
    }

    /// Every identity ARN whose account segment is in `account`'s language
    /// (whose wildcards must not cross `:`).
    pub fn account_like(&self, account: Pattern) -> Pattern {
        let inner = account.tokens().iter().map(|t| match t {
            Token::AnyString { except: None } => Token::AnyString { except: Some(':') },
            Token::AnyChar { except: None } => Token::AnyChar { except: Some(':') },
            other => other.clone(),
        });
        let tokens = [Token::Literal(format!("arn:{}:", self.partition)), self.account_segment()]
            .into_iter()
            .chain([Token::Literal("::".into())])
            .chain(inner)
            .chain([Token::Literal(":".into()), Token::AnyString { except: None }]);
        Pattern::new(tokens, account.is_case_insensitive())
    }

    /// The identity-ARN shapes of a principal in a fresh or named account:
    /// `root`, `user/...`, `role/...` and STS `federated-user/...`.
    pub fn identity_shapes(&self) -> Vec<Pattern> {
        let shape = |service: &str, suffix: &str, rest: bool| {
            let mut tokens = vec![Token::Literal(format!("arn:{}:{service}::", self.partition))];
            tokens.extend((0..12).map(|_| Token::AnyChar { except: Some(':') }));
            tokens.push(Token::Literal(format!(":{suffix}")));
            if rest {
                tokens.push(Token::AnyChar { except: None });
                tokens.push(Token::AnyString { except: None });
            }
            Pattern::new(tokens, false)
        };
        vec![
            shape("iam", "root", false),
            shape("iam", "user/", true),
            shape("iam", "role/", true),
            shape("sts", "federated-user/", true),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_forms_follow_the_principal_element_doc() {
        assert_eq!(
            aws_principal_form("arn:aws:iam::444455556666:root"),
            AwsPrincipalForm::Account("444455556666".into())
        );
        assert!(matches!(
            aws_principal_form("arn:aws:iam::444455556666:role/a/b"),
            AwsPrincipalForm::Role(_)
        ));
        assert!(matches!(
            aws_principal_form("arn:aws:sts::444455556666:assumed-role/b/s"),
            AwsPrincipalForm::Session(_)
        ));
        assert!(matches!(aws_principal_form("AIDAEXAMPLE"), AwsPrincipalForm::Opaque(_)));
        assert_eq!(
            session_role_arn("arn:aws:sts::444455556666:assumed-role/b/s").as_deref(),
            Some("arn:aws:iam::444455556666:role/b")
        );
    }

    #[test]
    fn account_patterns_cover_iam_and_sts_arns_of_the_account_only() {
        let u = Universe {
            partition: "aws".into(),
            ..Universe::default()
        };
        let p = u.account_pattern("444455556666");
        assert!(p.matches("arn:aws:iam::444455556666:role/x"));
        assert!(p.matches("arn:aws:sts::444455556666:assumed-role/x/s"));
        assert!(!p.matches("arn:aws:iam::444455556667:role/x"));
        let like = u.account_like(Pattern::wildcard("4444*"));
        assert!(like.matches("arn:aws:iam::444455556666:root"));
        assert!(!like.matches("arn:aws:iam::544455556666:root"));
    }
}
