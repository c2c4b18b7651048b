//! The `Principal` and `NotPrincipal` elements.
//!
//! AWS documentation:
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>.
//! Entries are typed once by the parser ([`crate::policy::AwsPrincipal`]);
//! the encoder's twin is `crate::encode::principal`.
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

use crate::policy::{
    AwsEntry, AwsIdentity, AwsPrincipal, Principal, PrincipalClause, PrincipalSet,
};

use super::request::RequestPrincipal;

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
        (Principal::Aws(aws), _) if *aws.entry() == AwsEntry::Everyone => true,
        (Principal::Aws(aws), RequestPrincipal::Aws(arn)) => aws_entry_matches(aws, arn),
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
        (Principal::Aws(aws), _) if *aws.entry() == AwsEntry::Everyone => true,
        (Principal::Aws(aws), RequestPrincipal::Aws(arn)) => aws_entry_names(aws, arn),
        _ => principal_matches(entry, principal),
    }
}

/// An `AWS` entry matches the identical principal text; an account entry
/// every principal of the account (a root ARN only in its partition); a
/// role entry the role's sessions.
fn aws_entry_matches(entry: &AwsPrincipal, arn: &str) -> bool {
    if entry.as_str() == arn {
        return true;
    }
    let Some(caller) = AwsIdentity::parse(arn) else {
        return false;
    };
    match entry.entry() {
        AwsEntry::Account(account) => caller.account() == account,
        AwsEntry::Identity(AwsIdentity::Root { partition, account }) => {
            caller.partition() == partition && caller.account() == account
        }
        AwsEntry::Identity(role @ AwsIdentity::Role { .. }) => role.is_role_of(&caller),
        AwsEntry::Identity(_) | AwsEntry::Everyone | AwsEntry::Opaque => false,
    }
}

/// An `AWS` entry of `NotPrincipal` names the identical principal; a bare
/// account id names the account's root user.
fn aws_entry_names(entry: &AwsPrincipal, arn: &str) -> bool {
    if entry.as_str() == arn {
        return true;
    }
    match (entry.entry(), AwsIdentity::parse(arn)) {
        (AwsEntry::Account(account), Some(AwsIdentity::Root { account: a, .. })) => a == *account,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_entry_with_another_partition_does_not_match() {
        assert!(!aws_entry_matches(
            &"arn:aws-cn:iam::111122223333:root".into(),
            "arn:aws:iam::111122223333:user/x"
        ));
        assert!(aws_entry_matches(
            &"111122223333".into(),
            "arn:aws-cn:iam::111122223333:user/x"
        ));
    }

    #[test]
    fn a_role_entry_matches_its_sessions_whatever_its_path() {
        assert!(aws_entry_matches(
            &"arn:aws:iam::111122223333:role/team/Dev".into(),
            "arn:aws:sts::111122223333:assumed-role/Dev/alice"
        ));
        assert!(!aws_entry_names(
            &"arn:aws:iam::111122223333:role/team/Dev".into(),
            "arn:aws:sts::111122223333:assumed-role/Dev/alice"
        ));
    }
}
