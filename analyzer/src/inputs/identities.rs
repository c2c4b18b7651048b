//! The identities of `aws iam get-account-authorization-details` output and
//! the identity policies that apply to each: a role's inline
//! (`RolePolicyList`) and attached managed policies, a user's inline,
//! attached and group policies (`GroupList` resolved through
//! `GroupDetailList`), each managed policy's default version from
//! `Policies` (`PolicyVersionList` with `IsDefaultVersion`), and the
//! permissions boundary.
//!
//! A managed policy that is attached but not in `Policies` (AWS managed
//! policies are there only when exported with `--filter AWSManagedPolicy`)
//! is recorded as missing: what the principal may do is then not fully
//! known, and the readers' users say so.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::policy_text;
use crate::activity::actor::{PrincipalId, PrincipalKind};
use crate::policy::{parse_policy_value, Policy};
use crate::timestamp::Timestamp;

/// The identities of one or more authorization-details documents.
#[derive(Debug, Clone, Default)]
pub struct Identities {
    /// Roles and users, in document order.
    pub principals: Vec<Identity>,
    /// Problems, one line each (`FILE: POINTER: message`).
    pub errors: Vec<String>,
}

/// A role or user and the identity policies that apply to it.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Who it is.
    pub id: PrincipalId,
    /// Its ARN (with its path).
    pub arn: String,
    /// `CreateDate`.
    pub created: Option<Timestamp>,
    /// `RoleLastUsed.LastUsedDate` (roles).
    pub last_used: Option<Timestamp>,
    /// Whether it is a service-linked role (path `/aws-service-role/`).
    pub service_linked: bool,
    /// The identity policies, inline first, then managed, then groups'.
    pub policies: Vec<IdentityPolicy>,
    /// The permissions boundary, when one is set.
    pub boundary: Option<IdentityPolicy>,
    /// Managed policies attached but absent from the export (their ARNs).
    pub missing_policies: Vec<String>,
}

/// One identity policy as the principal has it.
#[derive(Debug, Clone)]
pub struct IdentityPolicy {
    /// The policy's name.
    pub name: String,
    /// The managed policy's ARN; `None` for an inline policy.
    pub arn: Option<String>,
    /// The group it comes through, for a group's policy.
    pub via_group: Option<String>,
    /// The document as exported.
    pub document: Value,
    /// The parsed document.
    pub policy: Policy,
}

impl IdentityPolicy {
    /// How to name the policy to a person: `inline policy X`, `managed
    /// policy ARN`, with `(via group G)`.
    pub fn describe(&self) -> String {
        let base = match &self.arn {
            Some(arn) => format!("managed policy {arn}"),
            None => format!("inline policy {}", self.name),
        };
        match &self.via_group {
            Some(group) => format!("{base} (via group {group})"),
            None => base,
        }
    }
}

impl Identities {
    /// Reads an authorization-details file; problems are recorded in
    /// `errors` and reading goes on.
    pub fn read_file(&mut self, path: &Path) {
        let value = match std::fs::read(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| {
                serde_json::from_slice::<Value>(&bytes).map_err(|e| format!("not JSON: {e}"))
            }) {
            Ok(value) => value,
            Err(message) => {
                self.errors
                    .push(format!("{}: (document): {message}", path.display()));
                return;
            }
        };
        let file = path.display().to_string();
        if [
            "RoleDetailList",
            "UserDetailList",
            "GroupDetailList",
            "Policies",
        ]
        .iter()
        .all(|key| value.get(key).is_none())
        {
            self.errors.push(format!(
                "{file}: (document): not `aws iam get-account-authorization-details` output (no RoleDetailList, UserDetailList, GroupDetailList or Policies)"
            ));
            return;
        }
        self.read_value(&file, &value);
    }

    /// Reads one decoded document; `file` names it in errors.
    pub fn read_value(&mut self, file: &str, value: &Value) {
        let mut reader = Reader {
            file,
            errors: &mut self.errors,
            managed: HashMap::new(),
            groups: HashMap::new(),
        };
        reader.read_managed(value);
        reader.read_groups(value);
        let principals = reader.read_principals(value);
        self.principals.extend(principals);
    }

    /// The identity with this id.
    pub fn get(&self, id: &PrincipalId) -> Option<&Identity> {
        self.principals.iter().find(|p| &p.id == id)
    }
}

struct Reader<'a> {
    file: &'a str,
    errors: &'a mut Vec<String>,
    managed: HashMap<String, (String, Value, Policy)>,
    groups: HashMap<String, Vec<IdentityPolicy>>,
}

impl Reader<'_> {
    fn error(&mut self, pointer: &str, message: impl std::fmt::Display) {
        self.errors
            .push(format!("{}: {pointer}: {message}", self.file));
    }

    fn read_managed(&mut self, value: &Value) {
        for (index, policy) in array(value, "Policies").iter().enumerate() {
            let pointer = format!("/Policies/{index}");
            let (Some(arn), Some(name)) = (text(policy, "Arn"), text(policy, "PolicyName")) else {
                self.error(&pointer, "managed policy has no `Arn` or `PolicyName`");
                continue;
            };
            let versions = array(policy, "PolicyVersionList");
            let default = versions
                .iter()
                .enumerate()
                .find(|(_, v)| v.get("IsDefaultVersion").and_then(Value::as_bool) == Some(true));
            let Some((version_index, version)) = default else {
                self.error(
                    &pointer,
                    format!("managed policy `{arn}` has no default version in `PolicyVersionList`"),
                );
                continue;
            };
            let document_pointer = format!("{pointer}/PolicyVersionList/{version_index}/Document");
            if let Some((document, parsed)) =
                self.document(&document_pointer, version.get("Document"))
            {
                self.managed
                    .insert(arn.to_string(), (name.to_string(), document, parsed));
            }
        }
    }

    fn read_groups(&mut self, value: &Value) {
        for (index, group) in array(value, "GroupDetailList").iter().enumerate() {
            let pointer = format!("/GroupDetailList/{index}");
            let Some(name) = text(group, "GroupName") else {
                self.error(&pointer, "group has no `GroupName`");
                continue;
            };
            let mut missing = Vec::new();
            let mut policies = self.inline(group, &pointer, "GroupPolicyList");
            policies.extend(self.attached(group, &mut missing));
            for policy in &mut policies {
                policy.via_group = Some(name.to_string());
            }
            // A missing managed policy of a group is reported for its users.
            for arn in missing {
                policies.push(IdentityPolicy {
                    name: String::new(),
                    arn: Some(arn),
                    via_group: Some(format!("{name} (missing)")),
                    document: Value::Null,
                    policy: Policy {
                        version: None,
                        id: None,
                        statements: Vec::new(),
                    },
                });
            }
            self.groups.insert(name.to_string(), policies);
        }
    }

    fn read_principals(&mut self, value: &Value) -> Vec<Identity> {
        let mut out = Vec::new();
        for (list, kind, inline_key) in [
            ("RoleDetailList", PrincipalKind::Role, "RolePolicyList"),
            ("UserDetailList", PrincipalKind::User, "UserPolicyList"),
        ] {
            for (index, entry) in array(value, list).iter().enumerate() {
                let pointer = format!("/{list}/{index}");
                if let Some(identity) = self.principal(entry, &pointer, kind, inline_key) {
                    out.push(identity);
                }
            }
        }
        out
    }

    fn principal(
        &mut self,
        entry: &Value,
        pointer: &str,
        kind: PrincipalKind,
        inline_key: &str,
    ) -> Option<Identity> {
        let Some(arn) = text(entry, "Arn") else {
            self.error(pointer, "entry has no `Arn`");
            return None;
        };
        let Some(id) = PrincipalId::from_arn(arn).filter(|id| id.kind == kind) else {
            self.error(pointer, format!("`{arn}` is not a {} ARN", kind.name()));
            return None;
        };
        let mut missing = Vec::new();
        let mut policies = self.inline(entry, pointer, inline_key);
        policies.extend(self.attached(entry, &mut missing));
        for group in array(entry, "GroupList").iter().filter_map(Value::as_str) {
            match self.groups.get(group) {
                Some(group_policies) => {
                    for policy in group_policies {
                        if policy.document.is_null() {
                            missing.extend(policy.arn.clone());
                        } else {
                            policies.push(policy.clone());
                        }
                    }
                }
                None => self.error(
                    pointer,
                    format!("group `{group}` is not in `GroupDetailList`"),
                ),
            }
        }
        let boundary = entry
            .get("PermissionsBoundary")
            .and_then(|b| text(b, "PermissionsBoundaryArn"))
            .and_then(|arn| match self.managed.get(arn) {
                Some((name, document, policy)) => Some(IdentityPolicy {
                    name: name.clone(),
                    arn: Some(arn.to_string()),
                    via_group: None,
                    document: document.clone(),
                    policy: policy.clone(),
                }),
                None => {
                    missing.push(arn.to_string());
                    None
                }
            });
        let date = |value: Option<&str>| value.and_then(|t| t.parse::<Timestamp>().ok());
        Some(Identity {
            id,
            arn: arn.to_string(),
            created: date(text(entry, "CreateDate")),
            last_used: date(
                entry
                    .get("RoleLastUsed")
                    .and_then(|r| text(r, "LastUsedDate")),
            ),
            service_linked: text(entry, "Path")
                .is_some_and(|p| p.starts_with("/aws-service-role/")),
            policies,
            boundary,
            missing_policies: missing,
        })
    }

    fn inline(&mut self, entry: &Value, pointer: &str, key: &str) -> Vec<IdentityPolicy> {
        let mut out = Vec::new();
        for (index, policy) in array(entry, key).iter().enumerate() {
            let policy_pointer = format!("{pointer}/{key}/{index}");
            let name = text(policy, "PolicyName").unwrap_or("").to_string();
            if let Some((document, parsed)) = self.document(
                &format!("{policy_pointer}/PolicyDocument"),
                policy.get("PolicyDocument"),
            ) {
                out.push(IdentityPolicy {
                    name,
                    arn: None,
                    via_group: None,
                    document,
                    policy: parsed,
                });
            }
        }
        out
    }

    fn attached(&mut self, entry: &Value, missing: &mut Vec<String>) -> Vec<IdentityPolicy> {
        let mut out = Vec::new();
        for attached in array(entry, "AttachedManagedPolicies") {
            let Some(arn) = text(attached, "PolicyArn") else {
                continue;
            };
            match self.managed.get(arn) {
                Some((name, document, policy)) => out.push(IdentityPolicy {
                    name: name.clone(),
                    arn: Some(arn.to_string()),
                    via_group: None,
                    document: document.clone(),
                    policy: policy.clone(),
                }),
                None => missing.push(arn.to_string()),
            }
        }
        out
    }

    fn document(&mut self, pointer: &str, value: Option<&Value>) -> Option<(Value, Policy)> {
        let decoded = match value.map(policy_text::decode) {
            None => {
                self.error(pointer, "no policy document");
                return None;
            }
            Some(Err(message)) => {
                self.error(pointer, message);
                return None;
            }
            Some(Ok(None)) => {
                self.error(pointer, "empty policy document");
                return None;
            }
            Some(Ok(Some(document))) => document,
        };
        match parse_policy_value(&decoded) {
            Ok(policy) => Some((decoded, policy)),
            Err(error) => {
                self.error(pointer, error);
                None
            }
        }
    }
}

fn array<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_users_groups_and_managed_policies_are_joined() {
        let document = serde_json::json!({
            "Policies": [{"PolicyName": "ReadLogs", "Arn": "arn:aws:iam::111122223333:policy/ReadLogs",
                "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:Get*", "Resource": "*"}]}, "IsDefaultVersion": true}]}],
            "GroupDetailList": [{"GroupName": "Ops", "GroupPolicyList": [{"PolicyName": "G", "PolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22ec2%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}],
                "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}],
            "UserDetailList": [{"UserName": "bob", "Arn": "arn:aws:iam::111122223333:user/bob", "GroupList": ["Ops"],
                "UserPolicyList": [], "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::111122223333:policy/ReadLogs"}]}],
            "RoleDetailList": [{"RoleName": "App", "Path": "/", "Arn": "arn:aws:iam::111122223333:role/App", "CreateDate": "2026-01-01T00:00:00Z",
                "RoleLastUsed": {"LastUsedDate": "2026-02-01T00:00:00Z"},
                "RolePolicyList": [{"PolicyName": "Bad", "PolicyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}}],
                "AttachedManagedPolicies": []}]
        });
        let mut identities = Identities::default();
        identities.read_value("authz.json", &document);
        let bob = identities
            .get(&PrincipalId::new(
                "111122223333",
                PrincipalKind::User,
                "BOB",
            ))
            .unwrap();
        let names: Vec<String> = bob.policies.iter().map(IdentityPolicy::describe).collect();
        assert_eq!(
            names,
            [
                "managed policy arn:aws:iam::111122223333:policy/ReadLogs",
                "inline policy G (via group Ops)"
            ]
        );
        assert_eq!(
            bob.missing_policies,
            ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
        );
        let app = identities
            .get(&PrincipalId::new(
                "111122223333",
                PrincipalKind::Role,
                "app",
            ))
            .unwrap();
        assert!(app.policies.is_empty());
        assert_eq!(app.last_used.unwrap().to_string(), "2026-02-01T00:00:00Z");
        assert_eq!(identities.errors.len(), 1);
        assert!(
            identities.errors[0]
                .starts_with("authz.json: /RoleDetailList/0/RolePolicyList/0/PolicyDocument: "),
            "{:?}",
            identities.errors
        );
    }
}
