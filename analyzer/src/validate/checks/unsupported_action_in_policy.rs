//! `UNSUPPORTED_ACTION_IN_POLICY`: an action of another service in a
//! resource's policy.

use crate::validate::check::{check, Context, Report, RESOURCE_TYPES};
use crate::validate::support::actions::{self, ActionPattern};
use crate::validate::support::glob;

check! {
    /// ## What it finds
    /// With the resource type known (`--resource-type`, or a trust policy),
    /// an `Action` entry that no action of that resource's policy can
    /// match: `kms:Decrypt` in an S3 bucket policy, `s3:GetObject` in a
    /// role trust policy.
    ///
    /// ## Why it matters
    /// The service rejects the policy, or the entry grants nothing; either
    /// way the policy does not say what its author meant.
    ///
    /// ## How to fix
    /// Move the action to a policy of the resource it acts on (usually an
    /// identity policy), or remove it.
    code: "UNSUPPORTED_ACTION_IN_POLICY",
    finding_type: Error,
    title: "Unsupported action in policy",
    policy_types: RESOURCE_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let Some(kind) = ctx.resource_kind else {
        return;
    };
    for statement in ctx.statements() {
        let Some(clause) = statement.actions.as_ref().filter(|c| !c.negated) else {
            continue;
        };
        for item in &clause.items {
            let ActionPattern::Qualified { service, .. } = actions::parse(item.text) else {
                continue;
            };
            if glob::has_wildcard(service) {
                continue;
            }
            let supported = kind
                .actions
                .iter()
                .any(|allowed| glob::intersects(allowed, item.text, true));
            if !supported {
                report.add(
                    format!(
                        "The action {} is not supported for the resource-based policy attached to the resource type {}.",
                        item.text, kind.display
                    ),
                    item.location(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags_for;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_kms_action_in_a_bucket_policy() {
        assert_flags_for(
            &CHECK,
            PolicyType::Resource,
            Some("AWS::S3::Bucket"),
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }

    #[test]
    fn flags_a_non_sts_action_in_a_trust_policy() {
        assert_flags_for(
            &CHECK,
            PolicyType::Trust,
            None,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        );
    }
}
