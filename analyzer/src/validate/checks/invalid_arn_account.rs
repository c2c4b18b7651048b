//! `INVALID_ARN_ACCOUNT`: invalid arn account.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN whose account is not a 12-digit account id (nor
    /// `aws`, which owns AWS managed resources).
    ///
    /// ## Why it matters
    /// The ARN names no resource, so the statement applies to nothing.
    ///
    /// ## How to fix
    /// Use the 12-digit account id, or `*`.
    code: "INVALID_ARN_ACCOUNT",
    finding_type: Error,
    title: "Invalid ARN account",
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
                if let ArnProblem::InvalidAccount { account } = problem {
                    report.add(format!("The resource ARN account ID {account} is not valid. Provide a 12-digit account ID."), item.location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs:us-east-1:1111-2222-3333:queue"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue"}]}"#,
        );
    }
}
