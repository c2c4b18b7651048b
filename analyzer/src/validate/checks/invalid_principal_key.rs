//! `INVALID_PRINCIPAL_KEY`: an unknown principal type.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A principal type other than `AWS`, `Service`, `Federated` and
    /// `CanonicalUser` (names are case-sensitive: `aws` is not `AWS`).
    ///
    /// ## Why it matters
    /// The service rejects the policy.
    ///
    /// ## How to fix
    /// Use one of the four principal types.
    code: "INVALID_PRINCIPAL_KEY",
    finding_type: Error,
    title: "Invalid principal key",
    policy_types: ALL_TYPES,
    run: run,
}

const KINDS: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = &statement.principal else {
            continue;
        };
        for entry in principal.entries() {
            if !KINDS.contains(&entry.kind) {
                report.add(
                    format!("The principal key {} is not valid.", entry.kind),
                    crate::validate::Location {
                        path: principal.path.key(entry.kind),
                        span: entry.member.key_span,
                    },
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
    fn flags_a_lower_case_principal_type() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"aws": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
