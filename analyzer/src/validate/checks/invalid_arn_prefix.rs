//! `INVALID_ARN_PREFIX`: invalid arn prefix.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A resource that is neither `*` nor an ARN: it does not start with
    /// `arn:` (`s3:::bucket`, `aws:s3:::bucket`).
    ///
    /// ## Why it matters
    /// IAM rejects the policy: resources are named by ARN.
    ///
    /// One exception is not reported: API Gateway's shorthand
    /// `execute-api:/STAGE/METHOD/PATH` in a resource policy whose resource
    /// type is not given as another type. API Gateway accepts it in a REST
    /// API's resource policy and stores it as the API's full ARN
    /// (<https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html>,
    /// <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html>).
    ///
    /// ## How to fix
    /// Write the full ARN, starting with `arn:`.
    code: "INVALID_ARN_PREFIX",
    finding_type: Error,
    title: "Invalid ARN prefix",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for item in statement
            .resources
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            if is_api_gateway_shorthand(ctx, item.text) {
                continue;
            }
            for problem in check_resource_arn(ctx.catalog, item.text) {
                if let ArnProblem::InvalidPrefix = problem {
                    report.add(
                        "Add the required prefix (arn) to the resource ARN.".to_owned(),
                        item.location(),
                    );
                }
            }
        }
    }
}

/// API Gateway's `execute-api:/...` shorthand, in a policy that may be a
/// REST API's resource policy (a resource policy of no other known type).
fn is_api_gateway_shorthand(ctx: &Context<'_>, resource: &str) -> bool {
    ctx.policy_type == PolicyType::Resource
        && ctx.resource_kind.is_none()
        && resource.starts_with("execute-api:/")
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_the_resource() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "aws:s3:::example-bucket/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::example-bucket/*"}]}"#,
        );
    }

    #[test]
    fn api_gateway_shorthand_is_a_resource_policy_form_only() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/prod/GET/*"}]}"#,
        );
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "api:/prod/GET/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/*"}]}"#,
        );
    }
}
