//! `AWS::ApiGateway::RestApi`: an API Gateway REST API and its resource
//! policy (who may call it through `execute-api`).
//!
//! - **ARN**: `arn:${Partition}:execute-api:${Region}:${Account}:${RestApiId}`,
//!   the API's `execute-api` ARN (API Gateway's management ARN
//!   `arn:aws:apigateway:REGION::/restapis/ID` names the API in the control
//!   plane, and AWS Config items; it is turned into this form).
//! - **Actions**: `execute-api` actions (`Invoke`, `InvalidateCache`,
//!   `ManageConnections`) on the catalog kind `execute-api-general`;
//!   requests name `ARN/STAGE/METHOD/PATH`.
//! - **Rules**: API Gateway stores the shorthand `execute-api:/STAGE/...` in
//!   a policy's `Resource` as the API's full ARN; the policy is rewritten
//!   the same way before analysis. A private API is reachable only through
//!   VPC endpoints, which the analysis does not see.
//! - **Inputs**: CloudFormation `AWS::ApiGateway::RestApi.Policy` (the
//!   logical id stands for the generated API id, as `Ref` returns);
//!   Terraform `aws_api_gateway_rest_api.policy` and
//!   `aws_api_gateway_rest_api_policy.policy` (`rest_api_id`); AWS Config
//!   `configuration.policy`.
//!
//! Sources: <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html>,
//! <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_rest_api_policy>.

use crate::resource::definition::*;
use crate::resource::split_arn;
use serde_json::Value;

const ARN: &str = "arn:{partition}:execute-api:{region}:{account}:{name}";

/// `execute-api:/...` → `ARN/...` in every `Resource` and `NotResource`.
fn expand_shorthand(policy: &mut Value, arn: &str) {
    let statements = match policy.get_mut("Statement") {
        Some(Value::Array(items)) => items.iter_mut().collect::<Vec<_>>(),
        Some(statement @ Value::Object(_)) => vec![statement],
        _ => return,
    };
    for statement in statements {
        for element in ["Resource", "NotResource"] {
            match statement.get_mut(element) {
                Some(Value::String(text)) => expand(text, arn),
                Some(Value::Array(items)) => items.iter_mut().for_each(|item| {
                    if let Value::String(text) = item {
                        expand(text, arn);
                    }
                }),
                _ => {}
            }
        }
    }
}

fn expand(text: &mut String, arn: &str) {
    if let Some(rest) = text.strip_prefix("execute-api:/") {
        *text = format!("{arn}/{rest}");
    }
}

/// `arn:aws:apigateway:REGION::/restapis/ID` and the item's account.
fn from_management_arn(arn: &str, account: &str) -> Option<String> {
    let parts = split_arn(arn)?;
    let id = parts.resource.strip_prefix("/restapis/")?;
    Some(format!(
        "arn:{}:execute-api:{}:{account}:{id}",
        parts.partition, parts.region
    ))
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::ApiGateway::RestApi",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "REST API resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "execute-api",
        kinds: &["execute-api-general"],
    }],
    covers: &[("execute-api-general", Cover::Under("/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:execute-api:${Region}:${Account}:${RestApiId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::ApiGateway::RestApi", &["Policy"])],
        cloudformation_arns: &[TemplateArn::generated("AWS::ApiGateway::RestApi", ARN)
            .reference(Reference::Name)
            .arn_attributes(&[])],
        terraform: &[
            TemplateSource::own("aws_api_gateway_rest_api", &["policy"]).mirrored(),
            TemplateSource::attached(
                "aws_api_gateway_rest_api_policy",
                &["policy"],
                "rest_api_id",
                ArnFrom::Name(ARN),
            ),
        ],
        terraform_arns: &[TemplateArn::named("aws_api_gateway_rest_api", "id", ARN)
            .known_arn(Some("execution_arn"))],
        config: Some(ConfigSource {
            config_type: "AWS::ApiGateway::RestApi",
            policy: &[&["configuration", "policy"]],
            required: false,
            arn: Some(from_management_arn),
        }),
        remarks: "",
    },
    rewrite_policy: Some(expand_shorthand),
    example: Example {
        arn: "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/*"}]}"#,
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shorthand_resources_become_the_apis_arn() {
        let mut policy = json!({"Statement": [
            {"Resource": "execute-api:/prod/GET/*"},
            {"NotResource": ["execute-api:/*", "arn:aws:execute-api:us-east-1:1:x/*"]}]});
        expand_shorthand(&mut policy, "arn:aws:execute-api:us-east-1:1:api");
        assert_eq!(
            policy,
            json!({"Statement": [
                {"Resource": "arn:aws:execute-api:us-east-1:1:api/prod/GET/*"},
                {"NotResource": ["arn:aws:execute-api:us-east-1:1:api/*",
                                 "arn:aws:execute-api:us-east-1:1:x/*"]}]})
        );
    }

    #[test]
    fn config_items_name_the_api_by_its_management_arn() {
        assert_eq!(
            from_management_arn("arn:aws:apigateway:eu-west-1::/restapis/abc123", "111122223333")
                .as_deref(),
            Some("arn:aws:execute-api:eu-west-1:111122223333:abc123")
        );
        assert_eq!(from_management_arn("arn:aws:apigateway:eu-west-1::/apis/x", "1"), None);
    }
}
