//! `ARN_REGION_NOT_ALLOWED`: arn region not allowed.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN with a Region for a service whose resources have
    /// none, such as IAM (`arn:aws:iam:us-east-1:111122223333:role/x`).
    ///
    /// ## Why it matters
    /// The ARN names no resource, so the statement applies to nothing.
    ///
    /// ## How to fix
    /// Leave the Region field empty.
    code: "ARN_REGION_NOT_ALLOWED",
    finding_type: Error,
    title: "ARN Region not allowed",
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
                if let ArnProblem::RegionNotAllowed { service } = problem {
                    report.add(format!("The service {service} does not support specifying a Region in the resource ARN."), item.location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam:us-east-1:111122223333:role/deployer"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam::111122223333:role/deployer"}]}"#,
        );
    }
}
