//! `INVALID_ARN_REGION`: invalid arn region.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN whose Region is not a known Region code
    /// (`us-east-7`, `useast1`).
    ///
    /// ## Why it matters
    /// The ARN names no resource, so the statement applies to nothing.
    ///
    /// ## How to fix
    /// Use a Region code such as `us-east-1`, or `*`.
    code: "INVALID_ARN_REGION",
    finding_type: Error,
    title: "Invalid ARN Region",
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
                if let ArnProblem::InvalidRegion { region } = problem {
                    report.add(format!("The Region {region} is not valid for this resource. Update the resource ARN to include a supported Region."), item.location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs:us-east-7:111122223333:queue"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue"}]}"#,
        );
    }
}
