//! `POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA`: a resource policy larger
//! than its service accepts.

use crate::validate::check::{check, Context, Report};
use crate::validate::document::document_location;
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A resource policy longer than its service's quota, when the
    /// resource type is given (`--resource-type`): 20 KB for S3 buckets
    /// and access points, DynamoDB tables, Lambda functions, Secrets
    /// Manager secrets and EFS file systems; 8 KB for SQS queues; 30 KB
    /// for SNS topics; 32 KB for KMS keys; 10 KB for ECR repositories.
    ///
    /// ## Why it matters
    /// The service rejects the policy when it is put on the resource.
    ///
    /// ## How to fix
    /// Shorten the policy: merge statements that differ only in one
    /// element, and use wildcards that match exactly what is intended.
    code: "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
    finding_type: Warning,
    title: "Policy size exceeds resource policy quota",
    policy_types: &[PolicyType::Resource],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let Some(quota) = ctx.resource_kind.and_then(|kind| kind.size_quota) else {
        return;
    };
    let size = ctx.text.chars().count();
    if size > quota {
        report.add(
            format!(
                "The {size} characters in the resource policy exceed the {quota} character maximum for resource policies. We recommend that you use multiple granular policies."
            ),
            document_location(ctx.policy.root),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags_for;
    use crate::validate::PolicyType;

    fn queue_policy(statements: usize) -> String {
        let one = r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}"#;
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            vec![one; statements].join(",")
        )
    }

    #[test]
    fn flags_a_queue_policy_over_8_kb() {
        assert_flags_for(
            &CHECK,
            PolicyType::Resource,
            Some("AWS::SQS::Queue"),
            &queue_policy(70),
            &queue_policy(40),
        );
    }
}
