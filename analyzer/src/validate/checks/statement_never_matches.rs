//! `STATEMENT_NEVER_MATCHES`: a statement no request can match, proved by
//! the solver. Not a check of Access Analyzer's reference page.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::proofs::statement_name;

check! {
    /// ## What it finds
    /// A statement that no request can ever match: its conditions
    /// contradict each other (`aws:SourceVpc` equal to two different VPCs,
    /// `NumericLessThan 5` with `NumericGreaterThan 10`, a key that must be
    /// both absent and equal to a value), or they cannot hold with its
    /// principal, actions or resources (an `Allow` of `s3:GetObject` on a
    /// bucket ARN, which names no object). The solver proves it over every
    /// request the policy can meet, and the finding names the smallest set
    /// of elements that cannot hold together.
    ///
    /// ## Why it matters
    /// An `Allow` that never matches grants nothing, so whoever wrote it is
    /// missing access they think they have; a `Deny` that never matches
    /// (because of its conditions) protects nothing.
    ///
    /// ## How to fix
    /// Correct the elements the finding names (a condition usually meant
    /// `ForAnyValue:`, a list of values instead of two entries, or another
    /// resource ARN), or remove the statement.
    code: "STATEMENT_NEVER_MATCHES",
    finding_type: Warning,
    title: "Statement never matches",
    policy_types: ALL_TYPES,
    run: run,
    link: "https://github.com/zoneproof/zoneproof/blob/main/docs/validate-checks.md#checks-only-a-solver-can-make",
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let (Some(policy), Some(proofs)) = (ctx.parsed, ctx.solver_proofs()) else {
        return;
    };
    for unmatchable in &proofs.never_matches {
        let Some(location) = ctx.statement_location(unmatchable.statement) else {
            continue;
        };
        if actions_alone(&unmatchable.parts) {
            // The action checks (INVALID_ACTION, UNSUPPORTED_ACTION_IN_POLICY)
            // already explain a statement whose actions alone cannot apply.
            continue;
        }
        let name = statement_name(policy, unmatchable.statement);
        let reason = match unmatchable.parts.as_slice() {
            [one] => format!("{one} matches no request it can apply to"),
            parts => format!("{} cannot hold together", parts.join(", ")),
        };
        report.add(
            format!("{name} can never match: {reason} (proved: no request satisfies them)."),
            location,
        );
    }
}

/// Whether the only element that cannot hold is the statement's action list.
fn actions_alone(parts: &[String]) -> bool {
    matches!(parts, [one] if one.contains("Action"))
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn contradictory_conditions() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
                "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1111aaaa"}, "StringLike": {"aws:SourceVpc": "vpc-2222*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
                "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1111aaaa"}, "StringLike": {"aws:SourceVpc": "vpc-1111*"}}}]}"#,
        );
        let details = &found[0].finding_details;
        assert!(
            details.contains("Condition.StringEquals.aws:SourceVpc"),
            "{details}"
        );
        assert!(
            details.contains("Condition.StringLike.aws:SourceVpc"),
            "{details}"
        );
        assert!(!details.contains("Action"), "{details}");
    }

    #[test]
    fn numeric_range_that_is_empty() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
                "Condition": {"NumericLessThan": {"s3:max-keys": "5"}, "NumericGreaterThan": {"s3:max-keys": "10"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
                "Condition": {"NumericLessThan": {"s3:max-keys": "50"}, "NumericGreaterThan": {"s3:max-keys": "10"}}}]}"#,
        );
    }

    #[test]
    fn object_action_on_a_bucket_arn() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
        assert!(
            found[0].finding_details.contains("Action, Resource"),
            "{found:?}"
        );
    }

    #[test]
    fn absent_and_present_at_once() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Vpc", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
                "Condition": {"Null": {"aws:SourceVpce": "true"}, "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Vpc", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
                "Condition": {"Null": {"aws:SourceVpce": "false"}, "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}"#,
        );
    }
}
