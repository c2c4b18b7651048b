//! `UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL`: a key about IAM
//! principals in a statement for service principals.

use crate::validate::check::{check, Context, Report, PRINCIPAL_TYPES};
use crate::validate::document::PrincipalShape;

check! {
    /// ## What it finds
    /// A statement whose principals are all AWS service principals, with a
    /// condition on a key that only IAM principals' requests carry:
    /// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalTag/*`,
    /// `aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`, `aws:userid`,
    /// `aws:username`, `aws:SourceIdentity`, `aws:TokenIssueTime`,
    /// `aws:FederatedProvider`.
    ///
    /// ## Why it matters
    /// A service principal's request does not carry the key, so the
    /// condition never holds in an `Allow` (the service is locked out) and
    /// holds or not by accident in a `Deny`.
    ///
    /// ## How to fix
    /// Use the source keys for service principals: `aws:SourceOrgID`
    /// instead of `aws:PrincipalOrgID`, `aws:SourceAccount`,
    /// `aws:SourceArn`.
    code: "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
    finding_type: Error,
    title: "Unsupported condition key for service principal",
    policy_types: PRINCIPAL_TYPES,
    run: run,
}

const PRINCIPAL_ONLY_KEYS: [&str; 9] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:userid",
    "aws:username",
    "aws:SourceIdentity",
    "aws:TokenIssueTime",
    "aws:FederatedProvider",
];

fn is_principal_only(key: &str) -> bool {
    PRINCIPAL_ONLY_KEYS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(key))
        || key.to_ascii_lowercase().starts_with("aws:principaltag/")
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        let PrincipalShape::Map(entries) = &principal.shape else {
            continue;
        };
        let only_services =
            !entries.is_empty() && entries.iter().all(|entry| entry.kind == "Service");
        if !only_services {
            continue;
        }
        let unsupported: Vec<_> = statement
            .conditions
            .iter()
            .filter(|entry| is_principal_only(entry.key))
            .collect();
        if let Some(first) = unsupported.first() {
            let names: Vec<&str> = unsupported.iter().map(|entry| entry.key).collect();
            report.add_at(
                format!(
                    "The following condition keys are not supported when used with the service principal: {}.",
                    names.join(", ")
                ),
                std::iter::once(first.key_location())
                    .chain(unsupported.iter().skip(1).map(|entry| entry.key_location()))
                    .collect(),
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
    fn flags_principal_org_id_for_cloudfront() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}}]}"#,
        );
    }
}
