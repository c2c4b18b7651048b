//! Lambda function policies synthesised from permissions
//! (CloudFormation `AWS::Lambda::Permission`, Terraform
//! `aws_lambda_permission`): Lambda's `AddPermission` turns each permission
//! into one statement of the function's resource policy.
//!
//! Principal: `*` stays `*`; a 12-digit account id becomes
//! `{"AWS": "arn:PARTITION:iam::ID:root"}`; an ARN becomes `{"AWS": ARN}`;
//! a name ending in `.amazonaws.com`, `.amazonaws.com.cn` or `.amazon.com`
//! becomes `{"Service": NAME}`; anything else (a placeholder) becomes
//! `{"AWS": VALUE}`, an unknown principal. Conditions: `SourceArn` →
//! `ArnLike AWS:SourceArn`, `SourceAccount` → `StringEquals
//! AWS:SourceAccount`, `PrincipalOrgID` → `StringEquals aws:PrincipalOrgID`,
//! `FunctionUrlAuthType` → `StringEquals lambda:FunctionUrlAuthType`,
//! `EventSourceToken` → `StringEquals lambda:EventSourceToken`.

use super::{FileContext, Origin, ResourceInput};
use crate::resource::ResourceType;
use serde_json::{json, Map, Value};

/// One permission, already resolved to strings.
#[derive(Debug, Clone)]
pub(crate) struct Permission {
    /// JSON pointer of the permission resource in its file.
    pub(crate) pointer: String,
    /// The statement id (`Sid`).
    pub(crate) sid: String,
    /// The ARN of the function (with its qualifier, if any).
    pub(crate) function_arn: String,
    /// The action, e.g. `lambda:InvokeFunction`.
    pub(crate) action: String,
    /// The principal as written in the permission.
    pub(crate) principal: String,
    pub(crate) source_arn: Option<String>,
    pub(crate) source_account: Option<String>,
    pub(crate) principal_org_id: Option<String>,
    pub(crate) function_url_auth_type: Option<String>,
    pub(crate) event_source_token: Option<String>,
}

/// The policy statement that `AddPermission` stores for a permission.
pub(crate) fn statement(permission: &Permission, partition: &str) -> Value {
    let mut statement = Map::new();
    statement.insert("Sid".into(), json!(permission.sid));
    statement.insert("Effect".into(), json!("Allow"));
    statement.insert(
        "Principal".into(),
        principal(&permission.principal, partition),
    );
    statement.insert("Action".into(), json!(permission.action));
    statement.insert("Resource".into(), json!(permission.function_arn));
    let mut string_equals = Map::new();
    let mut arn_like = Map::new();
    if let Some(arn) = &permission.source_arn {
        arn_like.insert("AWS:SourceArn".into(), json!(arn));
    }
    for (key, value) in [
        ("AWS:SourceAccount", &permission.source_account),
        ("aws:PrincipalOrgID", &permission.principal_org_id),
        (
            "lambda:FunctionUrlAuthType",
            &permission.function_url_auth_type,
        ),
        ("lambda:EventSourceToken", &permission.event_source_token),
    ] {
        if let Some(value) = value {
            string_equals.insert(key.into(), json!(value));
        }
    }
    let mut condition = Map::new();
    if !string_equals.is_empty() {
        condition.insert("StringEquals".into(), Value::Object(string_equals));
    }
    if !arn_like.is_empty() {
        condition.insert("ArnLike".into(), Value::Object(arn_like));
    }
    if !condition.is_empty() {
        statement.insert("Condition".into(), Value::Object(condition));
    }
    Value::Object(statement)
}

/// The function policy made of the statements of `permissions`.
pub(crate) fn policy(permissions: &[&Permission], partition: &str) -> Value {
    let statements: Vec<Value> = permissions
        .iter()
        .map(|permission| statement(permission, partition))
        .collect();
    json!({"Version": "2012-10-17", "Id": "default", "Statement": statements})
}

fn principal(principal: &str, partition: &str) -> Value {
    let is_account = principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit());
    if principal == "*" {
        json!("*")
    } else if is_account {
        json!({"AWS": format!("arn:{partition}:iam::{principal}:root")})
    } else if principal.starts_with("arn:") {
        json!({"AWS": principal})
    } else if [".amazonaws.com", ".amazonaws.com.cn", ".amazon.com"]
        .iter()
        .any(|suffix| principal.ends_with(suffix))
    {
        json!({"Service": principal})
    } else {
        json!({"AWS": principal})
    }
}

/// Groups permissions by function ARN, keeping the order in which each
/// function first appears.
/// The synthesised policy of one function's permissions as a resource to
/// analyse, located at its first permission (statement lines: each
/// permission's). Shared by the CloudFormation and Terraform readers.
pub(crate) fn function_input(
    ctx: &FileContext<'_>,
    group: &[&Permission],
    account: Option<String>,
    partition: &str,
) -> ResourceInput {
    let first_pointer = group.first().map(|p| p.pointer.clone()).unwrap_or_default();
    ResourceInput {
        arn: group
            .first()
            .map(|p| p.function_arn.clone())
            .unwrap_or_default(),
        account,
        resource_type: ResourceType::LambdaFunction,
        policy: Some(policy(group, partition)),
        acl: None,
        block_public_access: None,
        sharing: None,
        grants: None,
        origin: Origin {
            file: ctx.file.to_path_buf(),
            line: ctx.lines.line(&first_pointer),
            pointer: first_pointer,
            statement_lines: group
                .iter()
                .filter_map(|permission| ctx.lines.line(&permission.pointer))
                .collect(),
            format: ctx.format,
        },
    }
}

pub(crate) fn group_by_function(permissions: &[Permission]) -> Vec<Vec<&Permission>> {
    let mut groups: Vec<Vec<&Permission>> = Vec::new();
    for permission in permissions {
        match groups.iter_mut().find(|group| {
            group
                .first()
                .is_some_and(|first| first.function_arn == permission.function_arn)
        }) {
            Some(group) => group.push(permission),
            None => groups.push(vec![permission]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn permission(principal: &str) -> Permission {
        Permission {
            pointer: "/Resources/P".into(),
            sid: "P".into(),
            function_arn: "arn:aws:lambda:us-east-1:111122223333:function:f".into(),
            action: "lambda:InvokeFunction".into(),
            principal: principal.into(),
            source_arn: Some("arn:aws:s3:::uploads".into()),
            source_account: Some("111122223333".into()),
            principal_org_id: None,
            function_url_auth_type: None,
            event_source_token: None,
        }
    }

    #[test]
    fn principals_take_the_form_lambda_stores() {
        assert_eq!(statement(&permission("*"), "aws")["Principal"], json!("*"));
        assert_eq!(
            statement(&permission("444455556666"), "aws")["Principal"],
            json!({"AWS": "arn:aws:iam::444455556666:root"})
        );
        assert_eq!(
            statement(&permission("s3.amazonaws.com"), "aws")["Principal"],
            json!({"Service": "s3.amazonaws.com"})
        );
    }

    #[test]
    fn source_conditions_are_kept() {
        let statement = statement(&permission("s3.amazonaws.com"), "aws");
        assert_eq!(
            statement["Condition"]["ArnLike"]["AWS:SourceArn"],
            "arn:aws:s3:::uploads"
        );
        assert_eq!(
            statement["Condition"]["StringEquals"]["AWS:SourceAccount"],
            "111122223333"
        );
    }
}
