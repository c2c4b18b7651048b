//! `SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED`: a wildcard in the GitHub
//! subject condition.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};

check! {
    /// ## What it finds
    /// A condition on `token.actions.githubusercontent.com:sub` whose value
    /// has a `*` (`repo:octo-org/*`, `repo:octo-org/app:*`).
    ///
    /// ## Why it matters
    /// Every repository or branch the wildcard matches — including ones
    /// created later, and pull requests from forks when the pattern allows
    /// them — can assume the role.
    ///
    /// ## How to fix
    /// Name the repository and the branch or environment:
    /// `repo:octo-org/app:ref:refs/heads/main`.
    code: "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
    finding_type: Warning,
    title: "Specific github repo and branch recommended",
    policy_types: TRUST_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if !entry.key_is("token.actions.githubusercontent.com:sub") {
                continue;
            }
            for (text, value) in entry.texts() {
                if text.contains('*') {
                    report.add(
                        "Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name.",
                        value.location(),
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
    fn flags_a_wildcard_subject() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}}}]}"#,
        );
    }
}
