//! `MISSING_ARN_FIELD`: missing arn field.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN with fewer than the six colon-separated fields
    /// `arn:partition:service:region:account:resource` (and no wildcard
    /// that could stand for the missing ones).
    ///
    /// ## Why it matters
    /// IAM rejects the policy.
    ///
    /// ## How to fix
    /// Write every field, empty ones included: `arn:aws:s3:::bucket` has
    /// empty region and account fields.
    code: "MISSING_ARN_FIELD",
    finding_type: Error,
    title: "Missing ARN field",
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
            for problem in check_resource_arn(ctx.catalog, item.text) {
                if let ArnProblem::MissingField = problem {
                    report.add("Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource".to_owned(), item.location());
                }
            }
        }
    }
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:example-bucket"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::example-bucket"}]}"#,
        );
    }
}
