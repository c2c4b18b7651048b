//! `aws iam get-account-authorization-details` output, read two ways:
//!
//! - as resources for `zoneproof scan` ([`read`]): each entry of
//!   `RoleDetailList` yields the role's trust policy
//!   (`AssumeRolePolicyDocument`: an object as the AWS CLI prints it, or the
//!   URL-encoded JSON string that the IAM API returns). `UserDetailList`,
//!   `GroupDetailList` and `Policies` hold identity policies (what a user,
//!   group or role may do), not resource policies (who may reach a
//!   resource), so they yield no resource;
//! - as the IAM model of [`crate::iam`] ([`read_model`]): every user, group,
//!   role and managed policy with all their policies, for the questions
//!   that need identity-based policies (`zoneproof authorize`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::resource::ResourceType;
use serde_json::Value;

use crate::iam::{
    AttachedPolicy, DocumentOrigin, Group, IamModel, InlinePolicy, ManagedPolicy, PolicyDocument,
    PolicyVersion, Role, RoleLastUsed, Tag, User,
};

use super::{
    account_of_arn, pointer_index, pointer_push, policy_text, FileContext, InputError, InputResult,
    ResourceInput,
};

const ROLE_TYPE: &str = "AWS::IAM::Role";

/// Reads the roles of an authorization-details document.
pub(crate) fn read(ctx: &FileContext<'_>, value: &Value) -> Vec<InputResult> {
    let Some(roles) = value.get("RoleDetailList").and_then(Value::as_array) else {
        return Vec::new();
    };
    roles
        .iter()
        .enumerate()
        .map(|(index, role)| read_role(ctx, &pointer_index("/RoleDetailList", index), role))
        .collect()
}

fn read_role(ctx: &FileContext<'_>, pointer: &str, role: &Value) -> InputResult {
    let arn = match role.get("Arn").and_then(Value::as_str) {
        Some(arn) if !arn.is_empty() => arn.to_string(),
        _ => {
            return Err(ctx.resource_error(
                pointer,
                None,
                ROLE_TYPE,
                "role entry has no `Arn` string",
            ))
        }
    };
    let policy_pointer = pointer_push(pointer, "AssumeRolePolicyDocument");
    let Some(document) = role.get("AssumeRolePolicyDocument") else {
        return Err(ctx.resource_error(
            pointer,
            Some(&arn),
            ROLE_TYPE,
            "role has no `AssumeRolePolicyDocument`",
        ));
    };
    let policy = policy_text::decode(document)
        .map_err(|message| ctx.resource_error(&policy_pointer, Some(&arn), ROLE_TYPE, message))?;
    if policy.is_none() {
        return Err(ctx.resource_error(
            &policy_pointer,
            Some(&arn),
            ROLE_TYPE,
            "role has an empty trust policy",
        ));
    }
    Ok(ResourceInput {
        origin: ctx.origin(&policy_pointer, policy.as_ref()),
        account: account_of_arn(&arn),
        arn,
        resource_type: ResourceType::IamRole,
        policy,
        acl: None,
        block_public_access: None,
        sharing: None,
        grants: None,
    })
}

/// Reads every user, group, role and managed policy of an
/// authorization-details document into `model` (see [`crate::iam`]).
///
/// A malformed entry (no `Arn` or name, an ARN without an account id, a
/// field of the wrong JSON type) is one error and is left out; a policy
/// document that is not JSON or breaks the IAM grammar is one error too, but
/// stays in the model as an unparsed [`PolicyDocument`], so that a question
/// that needs it fails instead of ignoring it.
pub(crate) fn read_model(model: &mut IamModel, file: &Path, document: &Value) -> Vec<InputError> {
    let mut reader = ModelReader {
        file,
        errors: Vec::new(),
    };
    for (pointer, entry) in reader.entries(document, "UserDetailList") {
        if let Some(user) = reader.user(&pointer, entry) {
            let account = account_of_arn(&user.arn).unwrap_or_default();
            let users = &mut model.account_mut(&account).users;
            reader.insert(users, user.name.clone(), user, &pointer, "user");
        }
    }
    for (pointer, entry) in reader.entries(document, "GroupDetailList") {
        if let Some(group) = reader.group(&pointer, entry) {
            let account = account_of_arn(&group.arn).unwrap_or_default();
            let groups = &mut model.account_mut(&account).groups;
            reader.insert(groups, group.name.clone(), group, &pointer, "group");
        }
    }
    for (pointer, entry) in reader.entries(document, "RoleDetailList") {
        if let Some(role) = reader.role(&pointer, entry) {
            let account = account_of_arn(&role.arn).unwrap_or_default();
            let roles = &mut model.account_mut(&account).roles;
            reader.insert(roles, role.name.clone(), role, &pointer, "role");
        }
    }
    for (pointer, entry) in reader.entries(document, "Policies") {
        if let Some(policy) = reader.managed_policy(&pointer, entry) {
            let arn = policy.arn.clone();
            if !model.insert_managed_policy(policy) {
                reader.error(
                    &pointer,
                    format!("managed policy `{arn}` is already in the inputs with other versions; the first is kept"),
                );
            }
        }
    }
    reader.errors
}

/// Reads the entries of an authorization-details document, collecting errors.
struct ModelReader<'a> {
    file: &'a Path,
    errors: Vec<InputError>,
}

impl ModelReader<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(InputError {
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
            arn: None,
            resource_type: None,
        });
    }

    /// The entries of a top-level list, with their pointers; a list that is
    /// not an array is one error.
    fn entries<'v>(&mut self, document: &'v Value, list: &str) -> Vec<(String, &'v Value)> {
        let pointer = pointer_push("", list);
        match document.get(list) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (pointer_index(&pointer, index), item))
                .collect(),
            Some(other) => {
                self.error(
                    &pointer,
                    format!(
                        "`{list}` must be an array, found {}",
                        policy_text::type_name(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn insert<T: PartialEq>(
        &mut self,
        map: &mut BTreeMap<String, T>,
        name: String,
        entity: T,
        pointer: &str,
        kind: &str,
    ) {
        match map.get(&name) {
            Some(existing) if *existing == entity => {}
            Some(_) => self.error(
                pointer,
                format!("{kind} `{name}` is already in the inputs with other details; the first is kept"),
            ),
            None => {
                map.insert(name, entity);
            }
        }
    }

    /// A required string field; its absence is an error naming the entry.
    fn required(&mut self, pointer: &str, entry: &Value, field: &str) -> Option<String> {
        match entry.get(field) {
            Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
            Some(other) if !other.is_null() => {
                self.error(
                    &pointer_push(pointer, field),
                    format!(
                        "`{field}` must be a non-empty string, found {}",
                        policy_text::type_name(other)
                    ),
                );
                None
            }
            _ => {
                self.error(pointer, format!("entry has no `{field}`"));
                None
            }
        }
    }

    /// An optional string field (a wrong type is an error, then ignored).
    fn optional(&mut self, pointer: &str, entry: &Value, field: &str) -> Option<String> {
        match entry.get(field)? {
            Value::String(text) => Some(text.clone()),
            Value::Null => None,
            other => {
                self.error(
                    &pointer_push(pointer, field),
                    format!(
                        "`{field}` must be a string, found {}",
                        policy_text::type_name(other)
                    ),
                );
                None
            }
        }
    }

    /// The entity's ARN, which must name an account.
    fn arn(&mut self, pointer: &str, entry: &Value) -> Option<String> {
        let arn = self.required(pointer, entry, "Arn")?;
        if account_of_arn(&arn).is_none() {
            self.error(
                &pointer_push(pointer, "Arn"),
                format!("`{arn}` is not an IAM ARN with a 12-digit account id"),
            );
            return None;
        }
        Some(arn)
    }

    fn array<'v>(
        &mut self,
        pointer: &str,
        entry: &'v Value,
        field: &str,
    ) -> Vec<(String, &'v Value)> {
        let field_pointer = pointer_push(pointer, field);
        match entry.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| (pointer_index(&field_pointer, index), item))
                .collect(),
            Some(other) => {
                self.error(
                    &field_pointer,
                    format!(
                        "`{field}` must be an array, found {}",
                        policy_text::type_name(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn strings(&mut self, pointer: &str, entry: &Value, field: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (item_pointer, item) in self.array(pointer, entry, field) {
            match item.as_str() {
                Some(text) => out.push(text.to_string()),
                None => self.error(&item_pointer, "expected a string"),
            }
        }
        out
    }

    /// A policy document as the input holds it (object, JSON string or
    /// URL-encoded JSON string).
    fn document(&mut self, pointer: &str, value: Option<&Value>) -> PolicyDocument {
        let origin = DocumentOrigin {
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
        };
        let unreadable = |message: String| {
            let parsed = Err(crate::policy::PolicyError {
                path: "$".to_string(),
                message: message.clone(),
            });
            (
                PolicyDocument {
                    json: Value::Null,
                    parsed,
                    origin: origin.clone(),
                },
                message,
            )
        };
        let (document, problem) = match value.map(policy_text::decode) {
            None => unreadable("no policy document".to_string()),
            Some(Err(message)) => unreadable(message),
            Some(Ok(None)) => unreadable("empty policy document".to_string()),
            Some(Ok(Some(json))) => {
                let document = PolicyDocument::new(json, origin.clone());
                let problem = document.parsed.as_ref().err().map(ToString::to_string);
                (document, problem.unwrap_or_default())
            }
        };
        if !problem.is_empty() {
            self.error(pointer, problem);
        }
        document
    }

    fn inline_policies(&mut self, pointer: &str, entry: &Value, field: &str) -> Vec<InlinePolicy> {
        let mut out = Vec::new();
        for (item_pointer, item) in self.array(pointer, entry, field) {
            let Some(name) = self.required(&item_pointer, item, "PolicyName") else {
                continue;
            };
            let document_pointer = pointer_push(&item_pointer, "PolicyDocument");
            let document = self.document(&document_pointer, item.get("PolicyDocument"));
            out.push(InlinePolicy { name, document });
        }
        out
    }

    fn attached_policies(&mut self, pointer: &str, entry: &Value) -> Vec<AttachedPolicy> {
        let mut out = Vec::new();
        for (item_pointer, item) in self.array(pointer, entry, "AttachedManagedPolicies") {
            let arn = self.required(&item_pointer, item, "PolicyArn");
            let name = self.optional(&item_pointer, item, "PolicyName");
            if let Some(arn) = arn {
                let name =
                    name.unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(&arn).to_string());
                out.push(AttachedPolicy { name, arn });
            }
        }
        out
    }

    fn boundary(&mut self, pointer: &str, entry: &Value) -> Option<String> {
        let boundary = entry.get("PermissionsBoundary").filter(|v| !v.is_null())?;
        self.required(
            &pointer_push(pointer, "PermissionsBoundary"),
            boundary,
            "PermissionsBoundaryArn",
        )
    }

    fn tags(&mut self, pointer: &str, entry: &Value) -> Vec<Tag> {
        let mut out = Vec::new();
        for (item_pointer, item) in self.array(pointer, entry, "Tags") {
            let key = self.required(&item_pointer, item, "Key");
            let value = self
                .optional(&item_pointer, item, "Value")
                .unwrap_or_default();
            if let Some(key) = key {
                out.push(Tag { key, value });
            }
        }
        out
    }

    fn user(&mut self, pointer: &str, entry: &Value) -> Option<User> {
        let arn = self.arn(pointer, entry)?;
        let name = self.required(pointer, entry, "UserName")?;
        Some(User {
            path: self
                .optional(pointer, entry, "Path")
                .unwrap_or_else(|| "/".to_string()),
            id: self.optional(pointer, entry, "UserId"),
            create_date: self.optional(pointer, entry, "CreateDate"),
            groups: self.strings(pointer, entry, "GroupList"),
            inline_policies: self.inline_policies(pointer, entry, "UserPolicyList"),
            attached_policies: self.attached_policies(pointer, entry),
            permissions_boundary: self.boundary(pointer, entry),
            tags: self.tags(pointer, entry),
            arn,
            name,
        })
    }

    fn group(&mut self, pointer: &str, entry: &Value) -> Option<Group> {
        let arn = self.arn(pointer, entry)?;
        let name = self.required(pointer, entry, "GroupName")?;
        Some(Group {
            path: self
                .optional(pointer, entry, "Path")
                .unwrap_or_else(|| "/".to_string()),
            id: self.optional(pointer, entry, "GroupId"),
            inline_policies: self.inline_policies(pointer, entry, "GroupPolicyList"),
            attached_policies: self.attached_policies(pointer, entry),
            arn,
            name,
        })
    }

    fn role(&mut self, pointer: &str, entry: &Value) -> Option<Role> {
        let arn = self.arn(pointer, entry)?;
        let name = self.required(pointer, entry, "RoleName")?;
        let trust_pointer = pointer_push(pointer, "AssumeRolePolicyDocument");
        let trust_policy = entry
            .get("AssumeRolePolicyDocument")
            .map(|value| self.document(&trust_pointer, Some(value)));
        let last_used = entry
            .get("RoleLastUsed")
            .filter(|v| v.is_object())
            .map(|last| {
                let last_pointer = pointer_push(pointer, "RoleLastUsed");
                RoleLastUsed {
                    date: self.optional(&last_pointer, last, "LastUsedDate"),
                    region: self.optional(&last_pointer, last, "Region"),
                }
            });
        let mut instance_profiles = Vec::new();
        for (item_pointer, item) in self.array(pointer, entry, "InstanceProfileList") {
            if let Some(profile) = self.optional(&item_pointer, item, "Arn") {
                instance_profiles.push(profile);
            }
        }
        Some(Role {
            path: self
                .optional(pointer, entry, "Path")
                .unwrap_or_else(|| "/".to_string()),
            id: self.optional(pointer, entry, "RoleId"),
            create_date: self.optional(pointer, entry, "CreateDate"),
            trust_policy,
            inline_policies: self.inline_policies(pointer, entry, "RolePolicyList"),
            attached_policies: self.attached_policies(pointer, entry),
            permissions_boundary: self.boundary(pointer, entry),
            tags: self.tags(pointer, entry),
            last_used,
            instance_profiles,
            arn,
            name,
        })
    }

    fn managed_policy(&mut self, pointer: &str, entry: &Value) -> Option<ManagedPolicy> {
        let arn = self.required(pointer, entry, "Arn")?;
        let name = self.required(pointer, entry, "PolicyName")?;
        let mut versions = Vec::new();
        for (item_pointer, item) in self.array(pointer, entry, "PolicyVersionList") {
            let Some(version_id) = self.required(&item_pointer, item, "VersionId") else {
                continue;
            };
            let is_default = item
                .get("IsDefaultVersion")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let document_pointer = pointer_push(&item_pointer, "Document");
            versions.push(PolicyVersion {
                create_date: self.optional(&item_pointer, item, "CreateDate"),
                document: self.document(&document_pointer, item.get("Document")),
                version_id,
                is_default,
            });
        }
        let count = |field: &str| entry.get(field).and_then(Value::as_u64);
        Some(ManagedPolicy {
            path: self
                .optional(pointer, entry, "Path")
                .unwrap_or_else(|| "/".to_string()),
            id: self.optional(pointer, entry, "PolicyId"),
            default_version_id: self.optional(pointer, entry, "DefaultVersionId"),
            attachment_count: count("AttachmentCount"),
            boundary_usage_count: count("PermissionsBoundaryUsageCount"),
            is_attachable: entry.get("IsAttachable").and_then(Value::as_bool),
            create_date: self.optional(pointer, entry, "CreateDate"),
            update_date: self.optional(pointer, entry, "UpdateDate"),
            versions,
            arn,
            name,
        })
    }
}
