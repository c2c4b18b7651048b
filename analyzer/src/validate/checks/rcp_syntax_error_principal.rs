//! `RCP_SYNTAX_ERROR_PRINCIPAL`: RCP syntax error principal. Not a check of Access Analyzer's reference page:
//! its code follows the page's naming, and it links to the AWS
//! Organizations page on RCP syntax.

use crate::validate::check::{check, Context, Report, RCP_ONLY};
use crate::validate::document::{PrincipalShape, Statement};
use crate::validate::Location;

check! {
    /// ## What it finds
    /// A resource control policy statement whose `Principal` is not `"*"`.
    ///
    /// ## Why it matters
    /// AWS Organizations accepts only `"*"`: an RCP applies to every
    /// principal, and conditions (`aws:PrincipalAccount`,
    /// `aws:PrincipalOrgID`, ...) choose which ones.
    ///
    /// ## How to fix
    /// Write `"Principal": "*"` and move the principals into the condition.
    code: "RCP_SYNTAX_ERROR_PRINCIPAL",
    finding_type: Error,
    title: "RCP syntax error principal",
    policy_types: RCP_ONLY,
    run: run,
    link: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html#rcp-syntax-principal",
}

/// Whether the statement has a `Principal` other than `"*"`.
fn principal_is_not_star(statement: &Statement<'_>) -> bool {
    statement
        .principal
        .as_ref()
        .is_some_and(|p| !p.negated && !matches!(p.shape, PrincipalShape::Star))
}

fn location(statement: &Statement<'_>) -> Option<Location> {
    Some(statement.principal.as_ref()?.location())
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if principal_is_not_star(statement) {
            if let Some(location) = location(statement) {
                report.add("RCPs support only \"*\" in the Principal element. Use the Condition element to restrict specific principals.", location);
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}]}"#,
        );
    }
}
