//! An AWS Organizations organization: its root, organizational units,
//! accounts, management account, and the service control policies (SCPs)
//! and resource control policies (RCPs) attached to each of them.
//!
//! It is read from zoneproof's organization export (a JSON document built
//! from `aws organizations` outputs by `scripts/export-organization.py`;
//! format in `docs/organization-export.md`). [`Organization::levels`] gives
//! the path from the root through each OU to an account, the levels at
//! which SCPs and RCPs must each allow a request
//! (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html>).
//!
//! # Example
//! ```
//! use std::path::Path;
//! use zoneproof_analyzer::organization::{Organization, OrgPolicyType};
//! let export = serde_json::json!({
//!     "Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "111111111111"},
//!     "Roots": [{"Id": "r-ab12", "Name": "Root", "PolicyTypes": [
//!         {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}],
//!     "OrganizationalUnits": [{"Id": "ou-ab12-prod0001", "Name": "Prod", "ParentId": "r-ab12"}],
//!     "Accounts": [
//!         {"Id": "111111111111", "Name": "management", "ParentId": "r-ab12"},
//!         {"Id": "222222222222", "Name": "prod", "ParentId": "ou-ab12-prod0001"}],
//!     "Policies": [{"Id": "p-FullAWSAccess", "Name": "FullAWSAccess",
//!         "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true,
//!         "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
//!         "Targets": ["r-ab12", "ou-ab12-prod0001", "222222222222", "111111111111"]}]
//! });
//! let org = Organization::from_export(Path::new("org.json"), &export).unwrap();
//! assert!(org.is_member("222222222222"));
//! assert!(!org.is_member("111111111111"), "the management account is not a member");
//! let levels: Vec<String> = org.levels("222222222222").unwrap().into_iter().map(|l| l.id).collect();
//! assert_eq!(levels, ["r-ab12", "ou-ab12-prod0001", "222222222222"]);
//! assert_eq!(org.org_path("222222222222").unwrap(), "o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/");
//! assert_eq!(org.policies_at("r-ab12", OrgPolicyType::ServiceControl).len(), 1);
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::iam::PolicyDocument;
use crate::inputs::InputError;

/// The two authorization policy types of AWS Organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum OrgPolicyType {
    /// `SERVICE_CONTROL_POLICY`: a ceiling on the principals of member accounts.
    #[serde(rename = "SERVICE_CONTROL_POLICY")]
    ServiceControl,
    /// `RESOURCE_CONTROL_POLICY`: a ceiling on the resources of member accounts.
    #[serde(rename = "RESOURCE_CONTROL_POLICY")]
    ResourceControl,
}

impl OrgPolicyType {
    /// The Organizations API name, e.g. `SERVICE_CONTROL_POLICY`.
    pub fn api_name(self) -> &'static str {
        match self {
            OrgPolicyType::ServiceControl => "SERVICE_CONTROL_POLICY",
            OrgPolicyType::ResourceControl => "RESOURCE_CONTROL_POLICY",
        }
    }

    /// `SCP` or `RCP`.
    pub fn short_name(self) -> &'static str {
        match self {
            OrgPolicyType::ServiceControl => "SCP",
            OrgPolicyType::ResourceControl => "RCP",
        }
    }

    /// Parses an API name.
    pub fn from_api_name(name: &str) -> Option<OrgPolicyType> {
        match name {
            "SERVICE_CONTROL_POLICY" => Some(OrgPolicyType::ServiceControl),
            "RESOURCE_CONTROL_POLICY" => Some(OrgPolicyType::ResourceControl),
            _ => None,
        }
    }
}

impl fmt::Display for OrgPolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_name())
    }
}

/// The organization's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// `Id`, e.g. `r-ab12`.
    pub id: String,
    /// `Name`.
    pub name: String,
    /// `PolicyTypes` with status `ENABLED`; `None` when the export does not
    /// list them (then a type counts as enabled when policies of it exist).
    pub enabled_policy_types: Option<Vec<OrgPolicyType>>,
}

/// An organizational unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationalUnit {
    /// `Id`, e.g. `ou-ab12-11111111`.
    pub id: String,
    /// `Name`.
    pub name: String,
    /// The root or OU it sits in.
    pub parent: String,
}

/// An account of the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgAccount {
    /// The 12-digit account id.
    pub id: String,
    /// `Name`.
    pub name: String,
    /// The root or OU it sits in.
    pub parent: String,
    /// `Status` (`ACTIVE`, `SUSPENDED`, ...), when given.
    pub status: Option<String>,
}

/// An SCP or RCP with the roots, OUs and accounts it is attached to.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgPolicy {
    /// `Id`, e.g. `p-FullAWSAccess` or `p-abcd1234`.
    pub id: String,
    /// `Name`.
    pub name: String,
    /// SCP or RCP.
    pub policy_type: OrgPolicyType,
    /// `AwsManaged` (`FullAWSAccess`, `RCPFullAWSAccess`).
    pub aws_managed: bool,
    /// `Content`, parsed.
    pub document: PolicyDocument,
    /// Ids of the roots, OUs and accounts it is attached to.
    pub targets: Vec<String>,
}

/// What kind of node a level of the hierarchy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LevelKind {
    /// The root.
    Root,
    /// An organizational unit.
    OrganizationalUnit,
    /// The account itself.
    Account,
}

/// One level of the path from the root to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level {
    /// The root, OU or account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Root, OU or account.
    pub kind: LevelKind,
}

/// An organization read from an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// The organization id, `o-...`.
    pub id: String,
    /// The management account id (`MasterAccountId`).
    pub management_account: String,
    /// The root (an organization has exactly one).
    pub root: Root,
    /// OUs by id.
    pub units: BTreeMap<String, OrganizationalUnit>,
    /// Accounts by id, the management account included.
    pub accounts: BTreeMap<String, OrgAccount>,
    /// SCPs and RCPs, in export order.
    pub policies: Vec<OrgPolicy>,
    /// The export file.
    pub file: PathBuf,
}

/// An export that cannot be used at all (no organization id, no root, a
/// cycle in the OU tree, ...); smaller problems are [`InputError`]s.
pub type ExportErrors = Vec<InputError>;

impl Organization {
    /// Reads an organization export (see the module documentation) read
    /// from `file`. Returns the organization with the problems that did not
    /// prevent reading it (a policy whose content breaks the grammar stays,
    /// unparsed, so that decisions needing it fail; a target that is not in
    /// the organization is ignored), or every problem when it cannot be used.
    pub fn read_export(
        file: &Path,
        export: &Value,
    ) -> Result<(Organization, Vec<InputError>), ExportErrors> {
        crate::inputs::organization_export::read(file, export)
    }

    /// Like [`Organization::read_export`], but any problem is an error.
    pub fn from_export(file: &Path, export: &Value) -> Result<Organization, ExportErrors> {
        Organization::read_export(file, export).and_then(|(org, errors)| {
            if errors.is_empty() {
                Ok(org)
            } else {
                Err(errors)
            }
        })
    }

    /// Whether `account` is a member account: in the organization and not
    /// its management account. SCPs and RCPs apply to member accounts only.
    pub fn is_member(&self, account: &str) -> bool {
        self.accounts.contains_key(account) && account != self.management_account
    }

    /// Whether `account` belongs to the organization (management included).
    pub fn contains_account(&self, account: &str) -> bool {
        self.accounts.contains_key(account)
    }

    /// The path from the root through each OU to `account` (root first,
    /// the account last); `None` when the account is not in the organization.
    pub fn levels(&self, account: &str) -> Option<Vec<Level>> {
        let leaf = self.accounts.get(account)?;
        let mut levels = vec![Level {
            id: leaf.id.clone(),
            name: leaf.name.clone(),
            kind: LevelKind::Account,
        }];
        let mut parent = leaf.parent.as_str();
        // The reader rejects cycles and dangling parents; the bound is a guard.
        for _ in 0..=self.units.len() {
            if parent == self.root.id {
                levels.push(Level {
                    id: self.root.id.clone(),
                    name: self.root.name.clone(),
                    kind: LevelKind::Root,
                });
                levels.reverse();
                return Some(levels);
            }
            let unit = self.units.get(parent)?;
            levels.push(Level {
                id: unit.id.clone(),
                name: unit.name.clone(),
                kind: LevelKind::OrganizationalUnit,
            });
            parent = &unit.parent;
        }
        None
    }

    /// The value of `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` for an
    /// account: `o-id/r-id/ou-id/.../` (the account itself is not part of
    /// it; `reference_policies_condition-keys`).
    pub fn org_path(&self, account: &str) -> Option<String> {
        let levels = self.levels(account)?;
        let mut path = format!("{}/", self.id);
        for level in levels.iter().filter(|l| l.kind != LevelKind::Account) {
            path.push_str(&level.id);
            path.push('/');
        }
        Some(path)
    }

    /// The policies of one type attached to a root, OU or account.
    pub fn policies_at(&self, target: &str, policy_type: OrgPolicyType) -> Vec<&OrgPolicy> {
        self.policies
            .iter()
            .filter(|p| p.policy_type == policy_type && p.targets.iter().any(|t| t == target))
            .collect()
    }

    /// Whether a policy type is enabled in the organization: as the root's
    /// `PolicyTypes` say, or, when the export does not list them, when the
    /// export holds policies of that type.
    pub fn policy_type_enabled(&self, policy_type: OrgPolicyType) -> bool {
        match &self.root.enabled_policy_types {
            Some(enabled) => enabled.contains(&policy_type),
            None => self.policies.iter().any(|p| p.policy_type == policy_type),
        }
    }
}

#[cfg(test)]
mod tests;
