//! The `Principal` and `NotPrincipal` elements.
//!
//! AWS documentation: `reference_policies_elements_principal.md` and
//! `reference_policies_elements_notprincipal.md`.
//!
//! `Principal` (a principal *matches* an entry):
//! - `"*"` and `{"AWS": "*"}` match every principal: anonymous callers,
//!   services, federated and canonical-user principals included;
//! - an account id `A` or `arn:P:iam::A:root` matches every principal of
//!   account `A` (root, users, roles, role sessions, federated users): "Using
//!   the account ARN in the Principal element does not limit permissions to
//!   only the root user". A bare account id matches in every partition, an
//!   account ARN only in its own;
//! - a role ARN `arn:P:iam::A:role/path/R` matches the role and every
//!   session of it, `arn:P:sts::A:assumed-role/R/*`. A session ARN has no
//!   path, so a session matches on (partition, account, role name); role
//!   names are unique in an account whatever their path;
//! - user, assumed-role session and federated-user ARNs match exactly
//!   (case-sensitively: "the user name part of the ARN is case sensitive");
//! - `Service` names match ASCII-case-insensitively (they are DNS names;
//!   the documentation is silent, this grants more); `Federated` and
//!   `CanonicalUser` match exactly; in each of these, `"*"` matches every
//!   principal of that kind (silent in the documentation; grants more);
//! - "You cannot use a wildcard to match part of a principal name or ARN": a
//!   `*` or `?` inside an entry is literal text. An entry that is not a
//!   principal ARN (a unique id such as `AIDA...`) matches only a request
//!   principal written identically.
//!
//! `NotPrincipal` (a principal is *named* by an entry): the documentation says
//! AWS may check the account, then the role, then the session, and that
//! principals "must always name a specific session", so an entry names a
//! principal only when it is that exact identity: an account entry names
//! only the account's root user, a role ARN names only the role (not its
//! sessions), a session ARN names only that session. `"*"` names everybody.
//! A `NotPrincipal` clause applies to a principal that no entry names,
//! anonymous callers included. Where the documentation hedges ("might deny
//! access to the entire account"), we do *not* additionally require the
//! principal's account and role to be listed: a `Deny` with
//! `NotPrincipal` exempts the listed principal itself, which grants more.

use crate::policy::{Principal, PrincipalClause, PrincipalSet};

use super::request::RequestPrincipal;

/// An AWS principal ARN, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsIdentity {
    /// `arn:P:iam::A:root`.
    Root {
        /// Partition (`aws`, `aws-cn`, ...).
        partition: String,
        /// Account id.
        account: String,
    },
    /// `arn:P:iam::A:user/path/name`.
    User {
        /// Partition.
        partition: String,
        /// Account id.
        account: String,
        /// Everything after `user/`: optional path and the name.
        path_and_name: String,
    },
    /// `arn:P:iam::A:role/path/name`.
    Role {
        /// Partition.
        partition: String,
        /// Account id.
        account: String,
        /// Everything after `role/`: optional path and the name.
        path_and_name: String,
    },
    /// `arn:P:sts::A:assumed-role/ROLE/SESSION`.
    AssumedRole {
        /// Partition.
        partition: String,
        /// Account id.
        account: String,
        /// The role name (no path).
        role: String,
        /// The session name.
        session: String,
    },
    /// `arn:P:sts::A:federated-user/NAME`.
    FederatedUser {
        /// Partition.
        partition: String,
        /// Account id.
        account: String,
        /// The federated user name.
        name: String,
    },
}

impl AwsIdentity {
    /// Parses a principal ARN; `None` for anything else.
    pub fn parse(arn: &str) -> Option<AwsIdentity> {
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some(service), Some(""), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        if partition.is_empty() || account.is_empty() {
            return None;
        }
        let partition = partition.to_string();
        let account = account.to_string();
        match service {
            "iam" => {
                if resource == "root" {
                    Some(AwsIdentity::Root { partition, account })
                } else if let Some(path_and_name) = nonempty_after(resource, "user/") {
                    Some(AwsIdentity::User {
                        partition,
                        account,
                        path_and_name,
                    })
                } else {
                    nonempty_after(resource, "role/").map(|path_and_name| AwsIdentity::Role {
                        partition,
                        account,
                        path_and_name,
                    })
                }
            }
            "sts" => {
                if let Some(rest) = nonempty_after(resource, "assumed-role/") {
                    let (role, session) = rest.split_once('/')?;
                    if role.is_empty() || session.is_empty() {
                        return None;
                    }
                    Some(AwsIdentity::AssumedRole {
                        partition,
                        account,
                        role: role.to_string(),
                        session: session.to_string(),
                    })
                } else {
                    nonempty_after(resource, "federated-user/").map(|name| {
                        AwsIdentity::FederatedUser {
                            partition,
                            account,
                            name,
                        }
                    })
                }
            }
            _ => None,
        }
    }

    /// The account the principal belongs to.
    pub fn account(&self) -> &str {
        match self {
            AwsIdentity::Root { account, .. }
            | AwsIdentity::User { account, .. }
            | AwsIdentity::Role { account, .. }
            | AwsIdentity::AssumedRole { account, .. }
            | AwsIdentity::FederatedUser { account, .. } => account,
        }
    }

    /// The partition of the principal's ARN.
    pub fn partition(&self) -> &str {
        match self {
            AwsIdentity::Root { partition, .. }
            | AwsIdentity::User { partition, .. }
            | AwsIdentity::Role { partition, .. }
            | AwsIdentity::AssumedRole { partition, .. }
            | AwsIdentity::FederatedUser { partition, .. } => partition,
        }
    }

    /// The friendly name: the user or role name without path, the session's
    /// role name, the federated user's name, or `root`.
    pub fn name(&self) -> &str {
        match self {
            AwsIdentity::Root { .. } => "root",
            AwsIdentity::User { path_and_name, .. } | AwsIdentity::Role { path_and_name, .. } => {
                last_segment(path_and_name)
            }
            AwsIdentity::AssumedRole { role, .. } => role,
            AwsIdentity::FederatedUser { name, .. } => name,
        }
    }

    /// The value of `aws:PrincipalArn`: the principal's ARN, or for a role
    /// session the role's ARN without path (a session ARN does not carry it).
    pub fn principal_arn(&self) -> String {
        match self {
            AwsIdentity::Root { partition, account } => {
                format!("arn:{partition}:iam::{account}:root")
            }
            AwsIdentity::User {
                partition,
                account,
                path_and_name,
            } => format!("arn:{partition}:iam::{account}:user/{path_and_name}"),
            AwsIdentity::Role {
                partition,
                account,
                path_and_name,
            } => format!("arn:{partition}:iam::{account}:role/{path_and_name}"),
            AwsIdentity::AssumedRole {
                partition,
                account,
                role,
                ..
            } => format!("arn:{partition}:iam::{account}:role/{role}"),
            AwsIdentity::FederatedUser {
                partition,
                account,
                name,
            } => format!("arn:{partition}:sts::{account}:federated-user/{name}"),
        }
    }
}

fn nonempty_after(text: &str, prefix: &str) -> Option<String> {
    text.strip_prefix(prefix)
        .filter(|rest| !rest.is_empty())
        .map(str::to_string)
}

fn last_segment(path_and_name: &str) -> &str {
    path_and_name.rsplit('/').next().unwrap_or(path_and_name)
}

/// Whether `text` is a 12-digit account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the statement's principal clause applies to `principal`. A
/// statement without `Principal`/`NotPrincipal` applies to every principal
/// (identity-policy semantics).
pub fn principal_clause_matches(
    clause: Option<&PrincipalClause>,
    principal: &RequestPrincipal,
) -> bool {
    match clause {
        None => true,
        Some(clause) if clause.negated => !principal_set_names(&clause.principals, principal),
        Some(clause) => principal_set_matches(&clause.principals, principal),
    }
}

/// `Principal` semantics of a whole element: some entry matches.
pub fn principal_set_matches(set: &PrincipalSet, principal: &RequestPrincipal) -> bool {
    match set {
        PrincipalSet::Any => true,
        PrincipalSet::Listed(entries) => entries
            .iter()
            .any(|entry| principal_matches(entry, principal)),
    }
}

/// `NotPrincipal` semantics of a whole element: some entry names the
/// principal exactly.
pub fn principal_set_names(set: &PrincipalSet, principal: &RequestPrincipal) -> bool {
    match set {
        PrincipalSet::Any => true,
        PrincipalSet::Listed(entries) => entries
            .iter()
            .any(|entry| principal_names(entry, principal)),
    }
}

/// Whether one `Principal` entry matches `principal` (see the module
/// documentation).
pub fn principal_matches(entry: &Principal, principal: &RequestPrincipal) -> bool {
    match (entry, principal) {
        (Principal::Aws(text), _) if text == "*" => true,
        (Principal::Aws(text), RequestPrincipal::Aws(arn)) => aws_entry_matches(text, arn),
        (Principal::Service(text), RequestPrincipal::Service(name)) => {
            text == "*" || text.eq_ignore_ascii_case(name)
        }
        (Principal::Federated(text), RequestPrincipal::Federated(name))
        | (Principal::CanonicalUser(text), RequestPrincipal::CanonicalUser(name)) => {
            text == "*" || text == name
        }
        _ => false,
    }
}

/// Whether one `NotPrincipal` entry names `principal` exactly (see the
/// module documentation).
pub fn principal_names(entry: &Principal, principal: &RequestPrincipal) -> bool {
    match (entry, principal) {
        (Principal::Aws(text), _) if text == "*" => true,
        (Principal::Aws(text), RequestPrincipal::Aws(arn)) => aws_entry_names(text, arn),
        _ => principal_matches(entry, principal),
    }
}

/// An `AWS` entry of a policy, parsed.
enum AwsEntry {
    /// A bare 12-digit account id (any partition).
    Account(String),
    /// A principal ARN.
    Identity(AwsIdentity),
    /// Anything else: matches only the identical principal ARN.
    Other,
}

fn parse_aws_entry(text: &str) -> AwsEntry {
    if is_account_id(text) {
        return AwsEntry::Account(text.to_string());
    }
    AwsIdentity::parse(text).map_or(AwsEntry::Other, AwsEntry::Identity)
}

fn aws_entry_matches(text: &str, arn: &str) -> bool {
    if text == arn {
        return true;
    }
    let Some(caller) = AwsIdentity::parse(arn) else {
        return false;
    };
    match parse_aws_entry(text) {
        AwsEntry::Account(account) => caller.account() == account,
        AwsEntry::Identity(AwsIdentity::Root { partition, account }) => {
            caller.partition() == partition && caller.account() == account
        }
        AwsEntry::Identity(AwsIdentity::Role {
            partition,
            account,
            path_and_name,
        }) => match &caller {
            AwsIdentity::AssumedRole {
                partition: p,
                account: a,
                role,
                ..
            } => *p == partition && *a == account && role == last_segment(&path_and_name),
            _ => false,
        },
        AwsEntry::Identity(_) | AwsEntry::Other => false,
    }
}

fn aws_entry_names(text: &str, arn: &str) -> bool {
    if text == arn {
        return true;
    }
    match (parse_aws_entry(text), AwsIdentity::parse(arn)) {
        (AwsEntry::Account(account), Some(AwsIdentity::Root { account: a, .. })) => a == account,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_principal_arn_form() {
        assert!(matches!(
            AwsIdentity::parse("arn:aws:iam::111122223333:root"),
            Some(AwsIdentity::Root { .. })
        ));
        let user = AwsIdentity::parse("arn:aws-cn:iam::111122223333:user/a/b/carol");
        assert_eq!(user.as_ref().map(AwsIdentity::name), Some("carol"));
        assert_eq!(user.as_ref().map(AwsIdentity::partition), Some("aws-cn"));
        let session = AwsIdentity::parse("arn:aws:sts::111122223333:assumed-role/R/s@x");
        assert_eq!(
            session.map(|s| s.principal_arn()),
            Some("arn:aws:iam::111122223333:role/R".to_string())
        );
        assert_eq!(AwsIdentity::parse("arn:aws:s3:::bucket"), None);
        assert_eq!(
            AwsIdentity::parse("arn:aws:sts::111122223333:assumed-role/R"),
            None
        );
        assert_eq!(AwsIdentity::parse("111122223333"), None);
    }

    #[test]
    fn a_root_entry_with_another_partition_does_not_match() {
        assert!(!aws_entry_matches(
            "arn:aws-cn:iam::111122223333:root",
            "arn:aws:iam::111122223333:user/x"
        ));
        assert!(aws_entry_matches(
            "111122223333",
            "arn:aws-cn:iam::111122223333:user/x"
        ));
    }
}
