//! `PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE`: Pass role with star in action and resource.

use crate::validate::check::{check, Context, Report, IDENTITY_ONLY};
use crate::validate::support::sensitive::{broad_access, ActionForm, ResourceForm};

check! {
    /// ## What it finds
    /// An `Allow` statement that reaches `iam:PassRole` through a wildcard action (`*`, `iam:*`) with a
    /// wildcard in a `Resource` that matches roles, without a condition on `iam:PassedToService`.
    ///
    /// ## Why it matters
    /// The role's permissions go to whatever service it is passed to: a
    /// principal that may pass any role to any service can run code (a
    /// Lambda function, an EC2 instance) with an administrator role — a
    /// privilege escalation.
    ///
    /// ## How to fix
    /// Name the roles in `Resource`, and limit the services with a condition
    /// on `iam:PassedToService`.
    code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
    finding_type: SecurityWarning,
    title: "Pass role with star in action and resource",
    policy_types: IDENTITY_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let found = broad_access(
            statement,
            "iam:PassRole",
            "arn:aws:iam::111122223333:role/x",
            &["iam:PassedToService"],
        );
        if let Some((ActionForm::Star, ResourceForm::Star, location)) = found {
            report.add("Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.", location);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_the_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam::111122223333:role/app"}]}"#,
        );
    }
}
