//! `DENY_WITHOUT_EFFECT`: a `Deny` that denies nothing the policy or its
//! type could allow, proved by the solver. Not a check of Access
//! Analyzer's reference page.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::proofs::statement_name;

check! {
    /// ## What it finds
    /// A `Deny` statement that can deny nothing: its principal, actions and
    /// resources fit no request the policy can receive (in a bucket policy,
    /// a queue's ARN; anywhere, an object action on a bucket ARN), or, in
    /// a role trust policy (which must allow every
    /// assumption itself), it matches nothing the policy's `Allow`
    /// statements allow. The solver proves it; the finding names the
    /// elements that cannot hold together, or says that the `Allow`
    /// statements are the reason.
    ///
    /// ## Why it matters
    /// A guardrail that denies nothing gives a false sense of safety: the
    /// request it was written against is still decided by the `Allow`
    /// statements (here and in other policies).
    ///
    /// ## How to fix
    /// Write the actions and resources of the requests it is meant to stop
    /// (with `--resource-type`, the type's own actions and ARNs), or remove
    /// the statement.
    code: "DENY_WITHOUT_EFFECT",
    finding_type: Warning,
    title: "Deny without effect",
    policy_types: ALL_TYPES,
    run: run,
    link: "https://github.com/zoneproof/zoneproof/blob/main/docs/validate-checks.md#checks-only-a-solver-can-make",
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let (Some(policy), Some(proofs)) = (ctx.parsed, ctx.solver_proofs()) else {
        return;
    };
    for unmatchable in &proofs.ineffective_denies {
        let Some(location) = ctx.statement_location(unmatchable.statement) else {
            continue;
        };
        let name = statement_name(policy, unmatchable.statement);
        let reason = if unmatchable.outside_allows {
            "it matches no request that the policy's Allow statements allow, and a role trust policy must allow every assumption itself".to_owned()
        } else {
            match unmatchable.parts.as_slice() {
                [one] => format!("its {one} fits no request this policy can receive"),
                parts => format!(
                    "its {} fit no request this policy can receive together",
                    parts.join(", ")
                ),
            }
        };
        report.add(
            format!("{name} denies nothing: {reason} (proved unsatisfiable)."),
            location,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::{assert_flags, assert_flags_for};
    use crate::validate::PolicyType;

    #[test]
    fn deny_of_another_services_arn_in_a_bucket_policy() {
        let found = assert_flags_for(
            &CHECK,
            PolicyType::Resource,
            Some("AWS::S3::Bucket"),
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Guard", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Guard", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
        assert!(
            found[0]
                .finding_details
                .contains("its Resource fits no request"),
            "{found:?}"
        );
    }

    #[test]
    fn deny_of_an_object_action_on_a_bucket_arn() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::logs"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::logs/*"}]}"#,
        );
    }

    #[test]
    fn trust_policy_deny_outside_the_allows() {
        let found = assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"},
                {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::777788889999:root"}, "Action": "sts:AssumeRole"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
                {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::777788889999:root"}, "Action": "sts:AssumeRole"}]}"#,
        );
        assert!(
            found[0].finding_details.contains("Allow statements"),
            "{found:?}"
        );
    }
}
