//! `RCP_SYNTAX_ERROR_NOTPRINCIPAL`: RCP syntax error NotPrincipal. Not a check of Access Analyzer's reference page:
//! its code follows the page's naming, and it links to the AWS
//! Organizations page on RCP syntax.

use crate::validate::check::{check, Context, Report, RCP_ONLY};
use crate::validate::document::Statement;
use crate::validate::Location;

check! {
    /// ## What it finds
    /// A resource control policy statement with `NotPrincipal`.
    ///
    /// ## Why it matters
    /// AWS Organizations does not support the element in RCPs.
    ///
    /// ## How to fix
    /// Use `"Principal": "*"` with a condition on `aws:PrincipalArn`.
    code: "RCP_SYNTAX_ERROR_NOTPRINCIPAL",
    finding_type: Error,
    title: "RCP syntax error NotPrincipal",
    policy_types: RCP_ONLY,
    run: run,
    link: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html#rcp-syntax-unsupported",
}

fn location(statement: &Statement<'_>) -> Option<Location> {
    Some(statement.key_location(statement.member("NotPrincipal")?))
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.has("NotPrincipal") {
            if let Some(location) = location(statement) {
                report.add("RCPs do not support the NotPrincipal element. Use Principal \"*\" with a condition instead.", location);
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
    fn flags_the_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Rcp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
        );
    }
}
