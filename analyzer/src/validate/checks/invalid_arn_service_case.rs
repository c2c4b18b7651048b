//! `INVALID_ARN_SERVICE_CASE`: invalid arn service case.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN whose service is not written in lower case
    /// (`arn:aws:S3:::bucket`).
    ///
    /// ## Why it matters
    /// ARNs are matched case-sensitively, so the ARN names no resource.
    ///
    /// ## How to fix
    /// Write the service prefix in lower case.
    code: "INVALID_ARN_SERVICE_CASE",
    finding_type: Error,
    title: "Invalid ARN service case",
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
                if let ArnProblem::ServiceCase { service } = problem {
                    report.add(format!("Update the service name {service} in the resource ARN to use all lowercase letters."), item.location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:S3:::example-bucket"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::example-bucket"}]}"#,
        );
    }
}
