//! `INVALID_PARTITION`: invalid partition.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};
use crate::validate::support::regions;

check! {
    /// ## What it finds
    /// A resource ARN whose partition is not one of AWS's (`aws`, `aws-cn`,
    /// `aws-us-gov`, the isolated partitions).
    ///
    /// ## Why it matters
    /// The ARN names no resource, so the statement applies to nothing.
    ///
    /// ## How to fix
    /// Use the partition of the Regions the resource lives in, usually `aws`.
    code: "INVALID_PARTITION",
    finding_type: Error,
    title: "Invalid partition",
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
                if let ArnProblem::InvalidPartition { service, partition } = problem {
                    report.add(format!("The resource ARN for the service {service} does not support the partition {partition}. Use the supported values: {}", regions::PARTITIONS.join(", ")), item.location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:amazon:s3:::example-bucket"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::example-bucket"}]}"#,
        );
    }
}
