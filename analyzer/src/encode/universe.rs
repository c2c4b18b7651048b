//! The names the policies and the question mention: accounts, identities,
//! sessions, opaque principal ids, services, identity providers, canonical
//! users and organizations. Collected in one pass over every policy of the
//! environment, before anything is encoded.

use std::collections::BTreeSet;

use crate::policy::{
    is_account_id, is_org_id, AwsEntry, AwsIdentity, Condition, Effect, Policy, Principal,
    PrincipalSet,
};
use crate::semantics::keys::{KeyInfo, ValueShape};

/// Everything the policies and the question name about principals.
#[derive(Debug, Clone, Default)]
pub struct Universe {
    /// The partition of the request space.
    pub partition: String,
    /// Accounts named anywhere (policies, question).
    pub accounts: BTreeSet<String>,
    /// Accounts the policies grant by name (Principal entries of an Allow,
    /// NotPrincipal entries of a Deny, principal-account conditions): a
    /// finding may name them.
    pub granted_accounts: BTreeSet<String>,
    /// Role, user and federated-user ARNs named in Principal elements.
    pub identities: BTreeSet<String>,
    /// Identities, sessions and opaque ids granted by name.
    pub granted_identities: BTreeSet<String>,
    /// Assumed-role session ARNs named in Principal elements (of the
    /// partition).
    pub sessions: BTreeSet<String>,
    /// Opaque AWS principal strings.
    pub opaque: BTreeSet<String>,
    /// Service principals named.
    pub services: BTreeSet<String>,
    /// Identity providers named.
    pub providers: BTreeSet<String>,
    /// Canonical user ids named.
    pub canonical_users: BTreeSet<String>,
    /// Organization ids named (the question's and those in conditions).
    pub orgs: BTreeSet<String>,
}

impl Universe {
    /// Collects the names of `policies` and of the question (`accounts`,
    /// `orgs`) for a request space in `partition`.
    pub fn collect(
        policies: &[&Policy],
        accounts: &[String],
        orgs: &[String],
        partition: &str,
    ) -> Universe {
        let mut universe = Universe {
            partition: partition.to_string(),
            ..Universe::default()
        };
        universe.accounts.extend(accounts.iter().cloned());
        universe.orgs.extend(orgs.iter().cloned());
        for policy in policies {
            for statement in &policy.statements {
                if let Some(clause) = &statement.principal {
                    let granted = (statement.effect == Effect::Allow) != clause.negated;
                    if let PrincipalSet::Listed(list) = &clause.principals {
                        for principal in list {
                            universe.add_principal(principal, granted);
                        }
                    }
                }
                for condition in &statement.conditions {
                    universe.add_condition_values(condition);
                }
            }
        }
        universe
    }

    fn add_principal(&mut self, principal: &Principal, granted: bool) {
        match principal {
            Principal::Aws(aws) => {
                if let Some(account) = aws.account() {
                    self.accounts.insert(account.to_string());
                }
                match aws.entry() {
                    AwsEntry::Everyone => {}
                    AwsEntry::Account(account)
                    | AwsEntry::Identity(AwsIdentity::Root { account, .. }) => {
                        if granted {
                            self.granted_accounts.insert(account.clone());
                        }
                    }
                    AwsEntry::Identity(identity @ AwsIdentity::AssumedRole { .. }) => {
                        if identity.partition() == self.partition {
                            self.sessions.insert(aws.as_str().to_string());
                        }
                        self.grant_identity(aws.as_str(), granted);
                    }
                    AwsEntry::Identity(_) => {
                        self.identities.insert(aws.as_str().to_string());
                        self.grant_identity(aws.as_str(), granted);
                    }
                    AwsEntry::Opaque => {
                        self.opaque.insert(aws.as_str().to_string());
                        self.grant_identity(aws.as_str(), granted);
                    }
                }
            }
            Principal::Service(s) if s != "*" => {
                self.services.insert(s.clone());
            }
            Principal::Federated(f) if f != "*" => {
                self.providers.insert(f.clone());
            }
            Principal::CanonicalUser(c) if c != "*" => {
                self.canonical_users.insert(c.clone());
            }
            Principal::Service(_) | Principal::Federated(_) | Principal::CanonicalUser(_) => {}
        }
    }

    fn grant_identity(&mut self, name: &str, granted: bool) {
        if granted {
            self.granted_identities.insert(name.to_string());
        }
    }

    /// Account and organization literals of conditions; accounts compared
    /// with the principal's account are granted by name.
    fn add_condition_values(&mut self, condition: &Condition) {
        let info = KeyInfo::of(&condition.key);
        let principal_account = matches!(
            info.lowercase.as_str(),
            "aws:principalaccount" | "kms:calleraccount"
        );
        for value in &condition.values {
            match info.shape {
                ValueShape::Account if is_account_id(value) => {
                    self.accounts.insert(value.clone());
                    if principal_account {
                        self.granted_accounts.insert(value.clone());
                    }
                }
                ValueShape::OrgId if is_org_id(value) => {
                    self.orgs.insert(value.clone());
                }
                ValueShape::Arn => {
                    if let Some(identity) = AwsIdentity::parse(value) {
                        self.accounts.insert(identity.account().to_string());
                    }
                }
                _ => {}
            }
        }
    }
}
