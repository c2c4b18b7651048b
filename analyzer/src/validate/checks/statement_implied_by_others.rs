//! `STATEMENT_IMPLIED_BY_OTHERS`: a statement whose every request other statements
//! of the same effect already match, proved by the solver. Not a check of
//! Access Analyzer's reference page.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::proofs::{statement_name, statement_names};

check! {
    /// ## What it finds
    /// A statement that adds nothing: every request it matches, under any
    /// condition values, is matched by other statements of the same effect
    /// (an `Allow` of `s3:GetObject` beside an `Allow` of `s3:Get*` on the
    /// same resources, a `Deny` with a condition beside the same `Deny`
    /// without it). The solver proves the implication, not a textual
    /// comparison, so differently written statements count too; the
    /// finding names the smallest set of statements that covers it. Of two
    /// equal statements only the later is reported, and a statement written
    /// exactly as an earlier one is left to `REDUNDANT_STATEMENT`.
    ///
    /// ## Why it matters
    /// Redundant statements make a policy longer (policies have size
    /// quotas) and harder to review: narrowing one of them does not narrow
    /// the access.
    ///
    /// ## How to fix
    /// Remove the statement, or narrow the statements that cover it if they
    /// grant more than intended.
    code: "STATEMENT_IMPLIED_BY_OTHERS",
    finding_type: Suggestion,
    title: "Statement implied by others",
    policy_types: ALL_TYPES,
    run: run,
    link: "https://github.com/zoneproof/zoneproof/blob/main/docs/validate-checks.md#checks-only-a-solver-can-make",
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let (Some(policy), Some(proofs)) = (ctx.parsed, ctx.solver_proofs()) else {
        return;
    };
    for covered in &proofs.redundant {
        if super::redundant_statement::repeats_an_earlier_statement(ctx, covered.statement) {
            continue;
        }
        let Some(location) = ctx.statement_location(covered.statement) else {
            continue;
        };
        report.add(
            format!(
                "{} is redundant: {} already {} every request it matches (proved by implication).",
                statement_name(policy, covered.statement),
                statement_names(policy, &covered.by),
                if covered.by.len() == 1 {
                    "matches"
                } else {
                    "match"
                }
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
    fn a_narrower_allow_beside_a_wildcard() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "All", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "One", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/reports/*",
                 "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "All", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "One", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/reports/*",
                 "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].finding_details.starts_with("`One`"), "{found:?}");
    }

    #[test]
    fn equal_statements_report_only_the_later() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
                {"Effect": "Allow", "Action": ["sqs:sendmessage"], "Resource": ["*"]}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
                {"Effect": "Allow", "Action": ["sqs:ReceiveMessage"], "Resource": ["*"]}]}"#,
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].finding_details.starts_with("Statement[1]"),
            "{found:?}"
        );
    }

    #[test]
    fn covered_by_two_statements_together() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::a/x", "arn:aws:s3:::b/y"]}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::a/x", "arn:aws:s3:::c/y"]}]}"#,
        );
    }
}
