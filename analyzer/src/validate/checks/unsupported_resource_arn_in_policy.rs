//! `UNSUPPORTED_RESOURCE_ARN_IN_POLICY`: a resource that is not the
//! policy's own resource type.

use crate::validate::check::{check, Context, Report};
use crate::validate::support::glob;
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// With the resource type known (`--resource-type`), a `Resource`
    /// entry that can name resources of other types: a KMS key ARN in an
    /// S3 bucket policy, or `"*"` in a bucket policy (which covers every
    /// resource of every service; for the resource types Access Analyzer
    /// has no resource-specific checks for, such as SQS queues, whose
    /// services accept `"*"`, it is not reported).
    ///
    /// ## Why it matters
    /// A resource policy only governs its own resource; the service
    /// rejects the policy, or the entry suggests access it cannot grant.
    ///
    /// ## How to fix
    /// Name the resource (and, for buckets, its objects) by ARN:
    /// `arn:aws:s3:::example-bucket` and `arn:aws:s3:::example-bucket/*`.
    code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
    finding_type: Error,
    title: "Unsupported resource ARN in policy",
    policy_types: &[PolicyType::Resource],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let Some(kind) = ctx.resource_kind.filter(|kind| !kind.arn_types.is_empty()) else {
        return;
    };
    let formats: Vec<String> = kind
        .arn_types
        .iter()
        .filter_map(|(service, name)| ctx.catalog.service(service)?.resource_type(name))
        .flat_map(|resource_type| resource_type.arn_formats.iter())
        .map(|format| wildcard_format(format))
        .collect();
    for statement in ctx.statements() {
        let Some(clause) = statement.resources.as_ref().filter(|c| !c.negated) else {
            continue;
        };
        for item in &clause.items {
            if item.text == "*" && !kind.aws_validated {
                continue;
            }
            let pattern = wildcard_format(item.text);
            if !formats
                .iter()
                .any(|format| glob::covers(format, &pattern, false))
            {
                report.add(
                    format!(
                        "The resource ARN is not supported for the resource-based policy attached to the resource type {}.",
                        kind.display
                    ),
                    item.location(),
                );
            }
        }
    }
}

/// A format or resource with every `${...}` turned into `*`.
fn wildcard_format(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or(""));
        out.push('*');
        rest = rest
            .get(start..)
            .and_then(|tail| tail.find('}').and_then(|end| tail.get(end + 1..)))
            .unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags_for;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_key_arn_in_a_bucket_policy() {
        assert_flags_for(
            &CHECK,
            PolicyType::Resource,
            Some("AWS::S3::Bucket"),
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:kms:us-east-1:111122223333:key/k"]}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]}]}"#,
        );
    }

    #[test]
    fn flags_a_star_in_a_bucket_policy() {
        assert_flags_for(
            &CHECK,
            PolicyType::Resource,
            Some("AWS::S3::Bucket"),
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::*"}]}"#,
        );
    }
}
