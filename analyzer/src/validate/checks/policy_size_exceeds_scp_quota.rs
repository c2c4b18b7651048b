//! `POLICY_SIZE_EXCEEDS_SCP_QUOTA`: a service control policy larger than
//! AWS Organizations accepts.

use crate::validate::check::{check, Context, Report, SCP_ONLY};
use crate::validate::document::document_location;

check! {
    /// ## What it finds
    /// A service control policy of more than 5,120 characters. AWS
    /// Organizations counts every character, white space included.
    ///
    /// ## Why it matters
    /// AWS Organizations rejects the policy.
    ///
    /// ## How to fix
    /// Remove white space outside strings, or split the policy into
    /// several SCPs attached to the same target.
    code: "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
    finding_type: Error,
    title: "Policy size exceeds SCP quota",
    policy_types: SCP_ONLY,
    run: run,
}

const QUOTA: usize = 5_120;

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let size = ctx.text.chars().count();
    if size > QUOTA {
        report.add(
            format!(
                "The {size} characters in the service control policy (SCP) exceed the {QUOTA} character maximum for SCPs. We recommend that you use multiple granular policies."
            ),
            document_location(ctx.policy.root),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    fn scp(actions: usize) -> String {
        let list: Vec<String> = (0..actions)
            .map(|i| format!("\"ec2:RunInstances{i:04}\""))
            .collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Action": [{}], "Resource": "*"}}]}}"#,
            list.join(", ")
        )
    }

    #[test]
    fn flags_a_long_scp() {
        assert_flags(&CHECK, PolicyType::Scp, &scp(260), &scp(200));
    }
}
