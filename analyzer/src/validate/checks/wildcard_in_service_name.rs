//! `WILDCARD_IN_SERVICE_NAME`: a wildcard in the service part of an action
//! or an ARN.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::actions::{self, ActionPattern};
use crate::validate::support::{arn, glob};

check! {
    /// ## What it finds
    /// A wildcard in the service part of an action (`*:Describe*`,
    /// `code*:Get*`) or of a resource ARN (`arn:aws:*code*::111122223333:*`).
    ///
    /// ## Why it matters
    /// Service names that share text are unrelated services: `*code*`
    /// matches more than a dozen, including ones launched after the
    /// policy was written.
    ///
    /// ## How to fix
    /// List each service explicitly.
    code: "WILDCARD_IN_SERVICE_NAME",
    finding_type: Suggestion,
    title: "Wildcard in service name",
    policy_types: ALL_TYPES,
    run: run,
}

const DETAILS: &str = "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.";

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for item in statement
            .actions
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            if let ActionPattern::Qualified { service, .. } = actions::parse(item.text) {
                if glob::has_wildcard(service) {
                    report.add(DETAILS, item.location());
                }
            }
        }
        for item in statement
            .resources
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            let Some(fields) = arn::split(item.text) else {
                continue;
            };
            if glob::has_wildcard(fields.service) && fields.service != "*" {
                report.add(DETAILS, item.location());
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
    fn flags_a_wildcard_service_in_an_action() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "code*:Get*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "codebuild:Get*", "Resource": "*"}]}"#,
        );
    }

    #[test]
    fn flags_a_wildcard_service_in_an_arn() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "codebuild:Get*", "Resource": "arn:aws:*code*::111122223333:*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "codebuild:Get*", "Resource": "arn:aws:codebuild:*:111122223333:*"}]}"#,
        );
    }
}
