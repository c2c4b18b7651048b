//! `RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL`: a service principal
//! limited by a key other than its source.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A resource policy statement that allows an AWS service principal
    /// and scopes it with an older or weaker key — `aws:SourceOwner` or
    /// `aws:Referer` — instead of the source keys (`aws:SourceArn`,
    /// `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`).
    ///
    /// ## Why it matters
    /// Other keys do not tie the service's request to your resources, so
    /// another customer's resource can still make the service use yours.
    ///
    /// ## How to fix
    /// Condition the statement on `aws:SourceArn` or `aws:SourceAccount`.
    code: "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
    finding_type: Suggestion,
    title: "Recommended condition key for service principal",
    policy_types: &[PolicyType::Resource],
    run: run,
}

/// Keys that tie a service's request to the resource it acts for.
pub(super) const SOURCE_KEYS: [&str; 4] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Keys used to scope service principals before the source keys: they
/// limit the service less reliably.
pub(super) const WEAKER_KEYS: [&str; 2] = ["aws:SourceOwner", "aws:Referer"];

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if !statement.is_allow() || statement.conditions.is_empty() {
            continue;
        }
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        let Some(service) = principal.values_of("Service").next() else {
            continue;
        };
        if SOURCE_KEYS.iter().any(|key| statement.uses_key(key)) {
            continue;
        }
        for entry in statement
            .conditions
            .iter()
            .filter(|entry| WEAKER_KEYS.iter().any(|key| entry.key_is(key)))
        {
            report.add(
                format!(
                    "To restrict access to the service principal {} operating on your behalf, we recommend aws:SourceArn or aws:SourceAccount instead of {}.",
                    service.text, entry.key
                ),
                entry.key_location(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_service_principal_limited_by_referer() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}"#,
        );
    }
}
