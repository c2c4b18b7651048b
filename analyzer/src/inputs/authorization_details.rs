//! `aws iam get-account-authorization-details` output: each entry of
//! `RoleDetailList` yields the role's trust policy
//! (`AssumeRolePolicyDocument`: an object as the AWS CLI prints it, or the
//! URL-encoded JSON string that the IAM API returns).
//!
//! `UserDetailList`, `GroupDetailList` and `Policies` hold identity policies
//! (what a user, group or role may do), not resource policies (who may
//! reach a resource), so they yield nothing. Roles' own inline and attached
//! policies (`RolePolicyList`, `AttachedManagedPolicies`) are identity
//! policies too and are ignored.

use crate::resource::ResourceType;
use serde_json::Value;

use super::{
    account_of_arn, pointer_index, pointer_push, policy_text, FileContext, InputResult,
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
