//! `MISSING_ARN_REGION`: missing arn region.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN with an empty Region field for a service whose
    /// resources all have a Region (`arn:aws:sqs::111122223333:queue`).
    ///
    /// ## Why it matters
    /// The ARN names no resource, so the statement applies to nothing.
    ///
    /// ## How to fix
    /// Add the Region, or `*` for every Region.
    code: "MISSING_ARN_REGION",
    finding_type: Error,
    title: "Missing ARN Region",
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
                if let ArnProblem::MissingRegion { service } = problem {
                    report.add(
                        format!("Add a Region to the {service} resource ARN."),
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs::111122223333:queue"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs:*:111122223333:queue"}]}"#,
        );
    }
}
