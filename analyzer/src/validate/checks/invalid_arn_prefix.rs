//! `INVALID_ARN_PREFIX`: invalid arn prefix.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource that is neither `*` nor an ARN: it does not start with
    /// `arn:` (`s3:::bucket`, `aws:s3:::bucket`).
    ///
    /// ## Why it matters
    /// IAM rejects the policy: resources are named by ARN.
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
}
