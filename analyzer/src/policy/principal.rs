//! Principals, typed once: the entries of a `Principal` element and the
//! identity ARNs of request principals.
//!
//! AWS documentation:
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html>.
//! The evaluator ([`crate::eval::principal`]) and the encoder
//! ([`crate::encode`]) both match on these types; nothing else parses
//! principal text.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::resource::split_arn;

/// Whether `text` is a 12-digit account id.
///
/// # Example
/// ```
/// use zoneproof_analyzer::policy::is_account_id;
/// assert!(is_account_id("111122223333"));
/// assert!(!is_account_id("11112222333"));
/// ```
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is an organization id: `o-` and 10 to 32 lowercase
/// letters or digits (AWS Organizations documents the pattern
/// `^o-[a-z0-9]{10,32}$`).
pub fn is_org_id(text: &str) -> bool {
    text.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// Whether `text` can be a partition name (`aws`, `aws-cn`, `aws-us-gov`,
/// ...): lowercase letters, digits and `-`, not empty.
pub fn is_partition(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An AWS principal identity ARN, parsed. The account is always a 12-digit
/// account id and the partition a partition name; anything else is not an
/// identity ARN.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    ///
    /// # Example
    /// ```
    /// use zoneproof_analyzer::policy::AwsIdentity;
    /// let session = AwsIdentity::parse("arn:aws:sts::111122223333:assumed-role/Dev/alice").unwrap();
    /// assert_eq!(session.account(), "111122223333");
    /// assert_eq!(session.principal_arn(), "arn:aws:iam::111122223333:role/Dev");
    /// assert!(AwsIdentity::parse("arn:aws:iam::1111:root").is_none());
    /// ```
    pub fn parse(arn: &str) -> Option<AwsIdentity> {
        let parts = split_arn(arn)?;
        if !parts.region.is_empty()
            || !is_partition(parts.partition)
            || !is_account_id(parts.account)
        {
            return None;
        }
        let partition = parts.partition.to_string();
        let account = parts.account.to_string();
        let resource = parts.resource;
        match parts.service {
            "iam" if resource == "root" => Some(AwsIdentity::Root { partition, account }),
            "iam" => {
                if let Some(path_and_name) = nonempty_after(resource, "user/") {
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

    /// The ARN as written.
    pub fn arn(&self) -> String {
        match self {
            AwsIdentity::AssumedRole {
                partition,
                account,
                role,
                session,
            } => format!("arn:{partition}:sts::{account}:assumed-role/{role}/{session}"),
            other => other.principal_arn(),
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

    /// Whether this role (by partition, account and name, whatever its
    /// path) is the role of the assumed-role `session`.
    pub fn is_role_of(&self, session: &AwsIdentity) -> bool {
        match (self, session) {
            (
                AwsIdentity::Role {
                    partition,
                    account,
                    path_and_name,
                },
                AwsIdentity::AssumedRole {
                    partition: p,
                    account: a,
                    role,
                    ..
                },
            ) => partition == p && account == a && last_segment(path_and_name) == role,
            _ => false,
        }
    }
}

fn nonempty_after(text: &str, prefix: &str) -> Option<String> {
    text.strip_prefix(prefix)
        .filter(|rest| !rest.is_empty())
        .map(str::to_string)
}

/// The last `/`-separated segment of a path.
pub fn last_segment(path_and_name: &str) -> &str {
    path_and_name.rsplit('/').next().unwrap_or(path_and_name)
}

/// What an `AWS` entry of a `Principal` element names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AwsEntry {
    /// `*`: every principal, anonymous included.
    Everyone,
    /// A bare 12-digit account id: every principal of the account, in any
    /// partition.
    Account(String),
    /// A principal ARN. A root ARN (`arn:P:iam::A:root`) names every
    /// principal of the account in its partition; a role ARN the role and
    /// its sessions; the other ARNs exactly one identity.
    Identity(AwsIdentity),
    /// Anything else (a unique id such as `AIDA...`, an unresolved
    /// placeholder, an ARN with a policy variable or of no principal type):
    /// it names only a request principal written identically.
    Opaque,
}

/// One `AWS` entry of a `Principal` or `NotPrincipal` element: the text as
/// written and what it names, parsed once when the policy is read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AwsPrincipal {
    text: String,
    entry: AwsEntry,
}

impl AwsPrincipal {
    /// Parses an entry.
    pub fn new(text: impl Into<String>) -> AwsPrincipal {
        let text = text.into();
        let entry = if text == "*" {
            AwsEntry::Everyone
        } else if is_account_id(&text) {
            AwsEntry::Account(text.clone())
        } else {
            AwsIdentity::parse(&text).map_or(AwsEntry::Opaque, AwsEntry::Identity)
        };
        AwsPrincipal { text, entry }
    }

    /// The entry as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// What it names.
    pub fn entry(&self) -> &AwsEntry {
        &self.entry
    }

    /// The account the entry names every principal of (a bare id or a root
    /// ARN), if any.
    pub fn whole_account(&self) -> Option<&str> {
        match &self.entry {
            AwsEntry::Account(account) => Some(account),
            AwsEntry::Identity(AwsIdentity::Root { account, .. }) => Some(account),
            _ => None,
        }
    }

    /// The account of the identity the entry names, if it names one.
    pub fn account(&self) -> Option<&str> {
        match &self.entry {
            AwsEntry::Account(account) => Some(account),
            AwsEntry::Identity(identity) => Some(identity.account()),
            AwsEntry::Everyone | AwsEntry::Opaque => None,
        }
    }
}

impl From<&str> for AwsPrincipal {
    fn from(text: &str) -> AwsPrincipal {
        AwsPrincipal::new(text)
    }
}

impl From<String> for AwsPrincipal {
    fn from(text: String) -> AwsPrincipal {
        AwsPrincipal::new(text)
    }
}

impl fmt::Display for AwsPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for AwsPrincipal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
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
        assert_eq!(AwsIdentity::parse("arn:aws:s3:::bucket"), None);
        assert_eq!(
            AwsIdentity::parse("arn:aws:sts::111122223333:assumed-role/R"),
            None
        );
        assert_eq!(AwsIdentity::parse("111122223333"), None);
        assert_eq!(AwsIdentity::parse("arn:aws:iam::12345:root"), None);
        assert_eq!(
            AwsIdentity::parse("arn:aws:iam:us-east-1:111122223333:root"),
            None
        );
    }

    #[test]
    fn entries_are_classified_once() {
        assert_eq!(AwsPrincipal::new("*").entry(), &AwsEntry::Everyone);
        assert_eq!(
            AwsPrincipal::new("444455556666").whole_account(),
            Some("444455556666")
        );
        assert_eq!(
            AwsPrincipal::new("arn:aws-cn:iam::444455556666:root").whole_account(),
            Some("444455556666")
        );
        assert_eq!(AwsPrincipal::new("AIDAEXAMPLE").entry(), &AwsEntry::Opaque);
        assert_eq!(
            AwsPrincipal::new("arn:aws:iam::444455556666:role/${x}").account(),
            Some("444455556666")
        );
        let role = AwsIdentity::parse("arn:aws:iam::444455556666:role/team/R");
        let session = AwsIdentity::parse("arn:aws:sts::444455556666:assumed-role/R/s");
        assert!(matches!((role, session), (Some(r), Some(s)) if r.is_role_of(&s)));
    }
}
