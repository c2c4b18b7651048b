//! `SCP_SYNTAX_ERROR_ACTION_WILDCARD`: a wildcard inside an SCP action.

use crate::validate::check::{check, Context, Report, SCP_ONLY};

check! {
    /// ## What it finds
    /// An action of a service control policy with a wildcard anywhere but
    /// at the end (`iam:*Role`, `s3:Get?bject`).
    ///
    /// ## Why it matters
    /// AWS Organizations accepts `*` in SCP actions only at the end of the
    /// string (`iam:Get*`) and rejects the policy otherwise.
    ///
    /// ## How to fix
    /// List the actions individually, or end the pattern with the `*`.
    code: "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
    finding_type: Error,
    title: "SCP syntax error action wildcard",
    policy_types: SCP_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for item in statement
            .actions
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            let body = item.text.strip_suffix('*').unwrap_or(item.text);
            if body.contains(['*', '?']) {
                report.add(
                    format!(
                        "SCP actions can include wildcards (*) only at the end of a string. Update {}.",
                        item.text
                    ),
                    item.location(),
                );
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
    fn flags_a_wildcard_inside_an_scp_action() {
        assert_flags(
            &CHECK,
            PolicyType::Scp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*Role", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*"}]}"#,
        );
    }
}
