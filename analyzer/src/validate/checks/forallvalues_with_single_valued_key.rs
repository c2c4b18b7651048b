//! `FORALLVALUES_WITH_SINGLE_VALUED_KEY`: `ForAllValues:` on a key with
//! one value.

use crate::policy::SetQualifier;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys;

check! {
    /// ## What it finds
    /// `ForAllValues:` on a single-valued key (`aws:SourceVpc`,
    /// `aws:PrincipalOrgID`, ...), per the IAM catalog.
    ///
    /// ## Why it matters
    /// `ForAllValues` holds when the request has no value for the key, so
    /// an `Allow` conditioned on `ForAllValues:StringEquals
    /// aws:PrincipalOrgID` lets in every principal outside any
    /// organization — the opposite of its intent.
    ///
    /// ## How to fix
    /// Remove the `ForAllValues:` prefix.
    code: "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
    finding_type: SecurityWarning,
    title: "ForAllValues with single valued key",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.qualifier() != Some(SetQualifier::ForAllValues) {
                continue;
            }
            if super::confirm_audience_claim_type::is_audience_key(ctx, entry.key) {
                continue;
            }
            if keys::key_type(ctx.catalog, entry.key).is_some_and(|t| !t.is_multivalued()) {
                report.add(
                    format!(
                        "Using ForAllValues qualifier with the single-valued condition key {} can be overly permissive. We recommend that you remove ForAllValues:.",
                        entry.key
                    ),
                    entry.operator_location(),
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
    fn flags_for_all_values_on_the_org_id() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        );
    }
}
