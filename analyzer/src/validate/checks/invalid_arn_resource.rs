//! `INVALID_ARN_RESOURCE`: invalid arn resource.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::arn::{check_resource_arn, ArnProblem};

check! {
    /// ## What it finds
    /// A resource ARN whose resource part fits no ARN format of its service
    /// in the IAM catalog (`arn:aws:dynamodb:...:tabel/orders`).
    ///
    /// ## Why it matters
    /// The ARN names no resource, so the statement applies to nothing; a
    /// misspelt resource type in a `Deny` leaves the real one allowed.
    ///
    /// ## How to fix
    /// Write the resource part as the service documents it, e.g.
    /// `table/orders` for a DynamoDB table.
    code: "INVALID_ARN_RESOURCE",
    finding_type: Error,
    title: "Invalid ARN resource",
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
                if let ArnProblem::InvalidResource = problem {
                    report.add("Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.".to_owned(), item.location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:tabel/orders"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"}]}"#,
        );
    }
}
