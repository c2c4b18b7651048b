//! `ALLOW_OVERRIDDEN_BY_DENY`: an `Allow` whose every request a `Deny` of
//! the same policy denies, proved by the solver. Not a check of Access
//! Analyzer's reference page.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::proofs::{statement_name, statement_names};

check! {
    /// ## What it finds
    /// An `Allow` statement whose access is entirely denied by `Deny`
    /// statements of the same policy: every request it matches, under any
    /// condition values, is matched by one of them. The solver proves the
    /// implication over every request the policy can meet, and the finding
    /// names the smallest set of `Deny` statements that covers the `Allow`.
    ///
    /// ## Why it matters
    /// An explicit deny wins, so the `Allow` grants nothing: either the
    /// `Deny` is broader than intended (and blocks access someone needs) or
    /// the `Allow` is dead text that misleads readers.
    ///
    /// ## How to fix
    /// Narrow the `Deny` (add the condition or the resources it was meant
    /// for), or remove the `Allow`.
    code: "ALLOW_OVERRIDDEN_BY_DENY",
    finding_type: Warning,
    title: "Allow overridden by deny",
    policy_types: ALL_TYPES,
    run: run,
    link: "https://github.com/zoneproof/zoneproof/blob/main/docs/validate-checks.md#checks-only-a-solver-can-make",
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let (Some(policy), Some(proofs)) = (ctx.parsed, ctx.solver_proofs()) else {
        return;
    };
    for covered in &proofs.overridden {
        let Some(location) = ctx.statement_location(covered.statement) else {
            continue;
        };
        report.add(
            format!(
                "{} grants nothing: every request it allows is denied by {} (proved: no request matches it and escapes them).",
                statement_name(policy, covered.statement),
                statement_names(policy, &covered.by)
            ),
            location,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn a_broad_deny_overrides_the_allow() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "NoHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                 "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "NoHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                 "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}}]}"#,
        );
        assert!(found[0].finding_details.contains("`NoHttp`"), "{found:?}");
    }

    #[test]
    fn identity_policy_deny_on_the_same_actions() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"},
                {"Effect": "Deny", "Action": "ec2:Terminate*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"},
                {"Effect": "Deny", "Action": "ec2:Terminate*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}"#,
        );
    }
}
