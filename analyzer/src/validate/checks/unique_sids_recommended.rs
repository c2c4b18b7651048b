//! `UNIQUE_SIDS_RECOMMENDED`: two statements with one `Sid` in a resource
//! policy.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// Two statements with the same `Sid` in a resource policy (whose
    /// services accept it).
    ///
    /// ## Why it matters
    /// Findings, logs and reviews name statements by `Sid`; two statements
    /// with one name are easy to confuse, and an edit meant for one lands
    /// on the other.
    ///
    /// ## How to fix
    /// Give each statement its own `Sid`.
    code: "UNIQUE_SIDS_RECOMMENDED",
    finding_type: Warning,
    title: "Unique Sids recommended",
    policy_types: &[PolicyType::Resource],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    report_duplicates(
        ctx,
        report,
        "We recommend that you use statement IDs that are unique to your policy. Update the Sid value.",
    );
}

/// Reports each statement whose non-empty `Sid` an earlier statement has.
pub(super) fn report_duplicates(ctx: &Context<'_>, report: &mut Report<'_>, details: &str) {
    let statements = ctx.statements();
    for (position, statement) in statements.iter().enumerate() {
        let Some(sid) = statement.sid().filter(|sid| !sid.is_empty()) else {
            continue;
        };
        let repeated = statements
            .iter()
            .take(position)
            .any(|earlier| earlier.sid() == Some(sid));
        if repeated {
            report.add(details, statement.location_of("Sid"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_repeated_sid_in_a_bucket_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "List", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}]}"#,
        );
    }
}
