//! zoneproof's organization export (`docs/organization-export.md`): the
//! organization (`describe-organization`), its root (`list-roots`), OUs
//! (`list-organizational-units-for-parent`), accounts
//! (`list-accounts-for-parent`), and SCPs and RCPs (`list-policies`,
//! `describe-policy`, `list-targets-for-policy`), with the field names of
//! the Organizations API.
//!
//! Recognised by its shape: an object with an `Organization` object and
//! `Roots` and `Accounts` arrays. It holds no resource, so `zoneproof scan`
//! reads nothing from it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::iam::{DocumentOrigin, PolicyDocument};
use crate::organization::{
    OrgAccount, OrgPolicy, OrgPolicyType, Organization, OrganizationalUnit, Root,
};
use crate::zone::{is_account_id, is_org_id};

use super::{pointer_index, pointer_push, policy_text, InputError};

/// Whether a document has the shape of an organization export.
pub(crate) fn looks_like_export(map: &Map<String, Value>) -> bool {
    map.get("Organization").is_some_and(Value::is_object)
        && map.get("Roots").is_some_and(Value::is_array)
        && map.get("Accounts").is_some_and(Value::is_array)
}

/// Reads an export: the organization and the problems that left it usable
/// (an unparsable policy, a target that is not in the organization), or
/// every problem when it is not usable.
pub(crate) fn read(
    file: &Path,
    export: &Value,
) -> Result<(Organization, Vec<InputError>), Vec<InputError>> {
    let mut reader = Reader {
        file,
        errors: Vec::new(),
        fatal: false,
    };
    let organization = reader.organization(export);
    let root = reader.root(export);
    let units = reader.units(export);
    let accounts = reader.accounts(export);
    let (Some((id, management_account)), Some(root)) = (organization, root) else {
        return Err(reader.errors);
    };
    reader.check_tree(&root, &units, &accounts);
    let known: BTreeSet<&str> = std::iter::once(root.id.as_str())
        .chain(units.keys().map(String::as_str))
        .chain(accounts.keys().map(String::as_str))
        .collect();
    let policies = reader.policies(export, &known);
    if reader.fatal {
        return Err(reader.errors);
    }
    let organization = Organization {
        id,
        management_account,
        root,
        units,
        accounts,
        policies,
        file: file.to_path_buf(),
    };
    Ok((organization, reader.errors))
}

struct Reader<'a> {
    file: &'a Path,
    errors: Vec<InputError>,
    /// Whether a problem makes the export unusable.
    fatal: bool,
}

impl Reader<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(InputError {
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
            arn: None,
            resource_type: None,
        });
    }

    fn fatal(&mut self, pointer: &str, message: impl Into<String>) {
        self.fatal = true;
        self.error(pointer, message);
    }

    fn string(&mut self, pointer: &str, entry: &Value, field: &str) -> Option<String> {
        match entry.get(field) {
            Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
            _ => {
                self.fatal(pointer, format!("entry has no `{field}` string"));
                None
            }
        }
    }

    fn list<'v>(&mut self, export: &'v Value, field: &str) -> Vec<(String, &'v Value)> {
        let pointer = pointer_push("", field);
        match export.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (pointer_index(&pointer, index), item))
                .collect(),
            Some(other) => {
                self.fatal(
                    &pointer,
                    format!(
                        "`{field}` must be an array, found {}",
                        policy_text::type_name(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn organization(&mut self, export: &Value) -> Option<(String, String)> {
        let organization = export.get("Organization").unwrap_or(&Value::Null);
        let id = self.string("/Organization", organization, "Id")?;
        if !is_org_id(&id) {
            self.fatal(
                "/Organization/Id",
                format!("`{id}` is not an organization id (o-...)"),
            );
        }
        let management = ["MasterAccountId", "ManagementAccountId"]
            .iter()
            .find_map(|field| organization.get(*field).and_then(Value::as_str));
        match management {
            Some(account) if is_account_id(account) => Some((id, account.to_string())),
            Some(account) => {
                self.fatal(
                    "/Organization/MasterAccountId",
                    format!("`{account}` is not a 12-digit account id"),
                );
                None
            }
            None => {
                self.fatal("/Organization", "entry has no `MasterAccountId` string");
                None
            }
        }
    }

    fn root(&mut self, export: &Value) -> Option<Root> {
        let roots = self.list(export, "Roots");
        if roots.len() != 1 {
            self.fatal(
                "/Roots",
                format!(
                    "an organization has exactly one root, found {}",
                    roots.len()
                ),
            );
        }
        let (pointer, entry) = roots.into_iter().next()?;
        let id = self.string(&pointer, entry, "Id")?;
        let name = entry
            .get("Name")
            .and_then(Value::as_str)
            .unwrap_or("Root")
            .to_string();
        let enabled_policy_types =
            entry
                .get("PolicyTypes")
                .and_then(Value::as_array)
                .map(|types| {
                    types
                        .iter()
                        .filter(|t| t.get("Status").and_then(Value::as_str) == Some("ENABLED"))
                        .filter_map(|t| t.get("Type").and_then(Value::as_str))
                        .filter_map(OrgPolicyType::from_api_name)
                        .collect()
                });
        Some(Root {
            id,
            name,
            enabled_policy_types,
        })
    }

    fn units(&mut self, export: &Value) -> BTreeMap<String, OrganizationalUnit> {
        let mut units = BTreeMap::new();
        for (pointer, entry) in self.list(export, "OrganizationalUnits") {
            let (Some(id), Some(parent)) = (
                self.string(&pointer, entry, "Id"),
                self.string(&pointer, entry, "ParentId"),
            ) else {
                continue;
            };
            let name = entry
                .get("Name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_string();
            if units
                .insert(
                    id.clone(),
                    OrganizationalUnit {
                        id: id.clone(),
                        name,
                        parent,
                    },
                )
                .is_some()
            {
                self.fatal(&pointer, format!("OU `{id}` is listed twice"));
            }
        }
        units
    }

    fn accounts(&mut self, export: &Value) -> BTreeMap<String, OrgAccount> {
        let mut accounts = BTreeMap::new();
        for (pointer, entry) in self.list(export, "Accounts") {
            let (Some(id), Some(parent)) = (
                self.string(&pointer, entry, "Id"),
                self.string(&pointer, entry, "ParentId"),
            ) else {
                continue;
            };
            if !is_account_id(&id) {
                self.fatal(
                    &pointer_push(&pointer, "Id"),
                    format!("`{id}` is not a 12-digit account id"),
                );
                continue;
            }
            let name = entry
                .get("Name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_string();
            let status = entry
                .get("Status")
                .and_then(Value::as_str)
                .map(str::to_string);
            let account = OrgAccount {
                id: id.clone(),
                name,
                parent,
                status,
            };
            if accounts.insert(id.clone(), account).is_some() {
                self.fatal(&pointer, format!("account `{id}` is listed twice"));
            }
        }
        accounts
    }

    /// Every OU and account hangs from the root through existing OUs,
    /// without cycles.
    fn check_tree(
        &mut self,
        root: &Root,
        units: &BTreeMap<String, OrganizationalUnit>,
        accounts: &BTreeMap<String, OrgAccount>,
    ) {
        let parents = units
            .values()
            .map(|u| (format!("OU `{}`", u.id), u.parent.as_str()))
            .chain(
                accounts
                    .values()
                    .map(|a| (format!("account `{}`", a.id), a.parent.as_str())),
            );
        let mut problems = Vec::new();
        for (what, first_parent) in parents {
            let mut parent = first_parent;
            let mut steps = 0;
            while parent != root.id {
                match units.get(parent) {
                    Some(unit) if steps <= units.len() => {
                        parent = &unit.parent;
                        steps += 1;
                    }
                    Some(_) => {
                        problems.push(format!("{what} sits in a cycle of OUs"));
                        break;
                    }
                    None => {
                        problems.push(format!(
                            "{what} has parent `{parent}`, which is neither the root nor an OU of the export"
                        ));
                        break;
                    }
                }
            }
        }
        for problem in problems {
            self.fatal("", problem);
        }
    }

    fn policies(&mut self, export: &Value, known: &BTreeSet<&str>) -> Vec<OrgPolicy> {
        let mut policies = Vec::new();
        for (pointer, entry) in self.list(export, "Policies") {
            let Some(type_name) = entry.get("Type").and_then(Value::as_str) else {
                self.fatal(&pointer, "entry has no `Type` string");
                continue;
            };
            // Tag, backup and other management policies do not authorize.
            let Some(policy_type) = OrgPolicyType::from_api_name(type_name) else {
                continue;
            };
            let (Some(id), Some(name)) = (
                self.string(&pointer, entry, "Id"),
                self.string(&pointer, entry, "Name"),
            ) else {
                continue;
            };
            let document = self.content(&pointer, entry);
            let mut targets = Vec::new();
            for (index, target) in entry
                .get("Targets")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let target_pointer = pointer_index(&pointer_push(&pointer, "Targets"), index);
                let target_id = target
                    .as_str()
                    .or_else(|| target.get("TargetId").and_then(Value::as_str));
                match target_id {
                    Some(target_id) if known.contains(target_id) => targets.push(target_id.to_string()),
                    Some(target_id) => self.error(
                        &target_pointer,
                        format!("target `{target_id}` of policy `{id}` is not in the organization; ignored"),
                    ),
                    None => self.error(&target_pointer, "a target must be an id or a `TargetId` object"),
                }
            }
            let aws_managed = entry
                .get("AwsManaged")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            policies.push(OrgPolicy {
                id,
                name,
                policy_type,
                aws_managed,
                document,
                targets,
            });
        }
        policies
    }

    /// `Content`: the policy as a JSON string (as `describe-policy` returns
    /// it) or an object.
    fn content(&mut self, pointer: &str, entry: &Value) -> PolicyDocument {
        let content_pointer = pointer_push(pointer, "Content");
        let origin = DocumentOrigin {
            file: self.file.to_path_buf(),
            pointer: content_pointer.clone(),
        };
        let decoded = match entry.get("Content").map(policy_text::decode) {
            Some(Ok(Some(json))) => Ok(json),
            Some(Ok(None)) | None => Err("policy has no `Content`".to_string()),
            Some(Err(message)) => Err(message),
        };
        match decoded {
            Ok(json) => {
                let document = PolicyDocument::new(json, origin);
                if let Err(error) = &document.parsed {
                    self.error(&content_pointer, error.to_string());
                }
                document
            }
            Err(message) => {
                self.error(&content_pointer, message.clone());
                PolicyDocument {
                    json: Value::Null,
                    parsed: Err(crate::policy::PolicyError {
                        path: "$".to_string(),
                        message,
                    }),
                    origin,
                }
            }
        }
    }
}
