//! `POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA`: an identity policy larger
//! than IAM accepts.

use crate::validate::check::{check, Context, Report, IDENTITY_ONLY};
use crate::validate::document::document_location;

check! {
    /// ## What it finds
    /// An identity policy of more than 6,144 characters, not counting
    /// white space outside strings (IAM's quota for managed policies).
    ///
    /// ## Why it matters
    /// IAM rejects the policy when it is created or updated, so a
    /// deployment that looked fine in review fails.
    ///
    /// ## How to fix
    /// Split the policy into several policies, or shorten it with
    /// wildcards that match exactly the actions intended.
    code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
    finding_type: Warning,
    title: "Policy size exceeds identity policy quota",
    policy_types: IDENTITY_ONLY,
    run: run,
}

/// IAM's quota for a managed policy, in characters without white space.
const QUOTA: usize = 6_144;

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let size = size_without_whitespace(ctx.text);
    if size > QUOTA {
        report.add(
            format!(
                "The {size} characters in the identity policy, excluding whitespace, exceed the {QUOTA} character maximum for inline and managed policies. We recommend that you use multiple granular policies."
            ),
            document_location(ctx.policy.root),
        );
    }
}

/// The number of characters of JSON text, white space outside strings
/// left out.
pub(super) fn size_without_whitespace(text: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    let mut count = 0;
    for c in text.trim_start_matches('\u{feff}').chars() {
        if in_string {
            count += 1;
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            count += 1;
            in_string = c == '"';
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::{size_without_whitespace, CHECK};
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    fn policy_with_actions(count: usize) -> String {
        let actions: Vec<String> = (0..count)
            .map(|i| format!("\"s3:GetObject{i:04}\""))
            .collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}"#,
            actions.join(", ")
        )
    }

    #[test]
    fn flags_a_policy_over_the_quota() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            &policy_with_actions(400),
            &policy_with_actions(300),
        );
    }

    #[test]
    fn white_space_inside_strings_counts() {
        assert_eq!(size_without_whitespace("{ \"a b\" : 1 }"), 9);
    }
}
