//! `REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY`: a role session listed next to
//! its role.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};

check! {
    /// ## What it finds
    /// A role trust policy that lists both a role
    /// (`arn:aws:iam::111122223333:role/deployer`) and a session of that
    /// role (`arn:aws:sts::111122223333:assumed-role/deployer/ci`).
    ///
    /// ## Why it matters
    /// Naming the role already covers its sessions; the session entry
    /// changes nothing and suggests a narrower grant than there is.
    ///
    /// ## How to fix
    /// Remove the session entry (or the role, if only that session was
    /// meant).
    code: "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
    finding_type: Suggestion,
    title: "Redundant principal in role trust policy",
    policy_types: TRUST_ONLY,
    run: run,
}

/// `(partition, account, role name)` of a role ARN.
fn role(arn: &str) -> Option<(&str, &str, &str)> {
    let rest = arn.strip_prefix("arn:")?;
    let mut fields = rest.splitn(5, ':');
    let partition = fields.next()?;
    let service = fields.next()?;
    let _region = fields.next()?;
    let account = fields.next()?;
    let resource = fields.next()?;
    let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
    (service == "iam").then_some((partition, account, name))
}

/// `(partition, account, role name)` of an assumed-role session ARN.
fn session(arn: &str) -> Option<(&str, &str, &str)> {
    let rest = arn.strip_prefix("arn:")?;
    let mut fields = rest.splitn(5, ':');
    let partition = fields.next()?;
    let service = fields.next()?;
    let _region = fields.next()?;
    let account = fields.next()?;
    let resource = fields.next()?;
    let name = resource.strip_prefix("assumed-role/")?.split('/').next()?;
    (service == "sts").then_some((partition, account, name))
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = &statement.principal else {
            continue;
        };
        let values: Vec<_> = principal.values_of("AWS").collect();
        for value in &values {
            let Some(of_session) = session(value.text) else {
                continue;
            };
            if let Some(parent) = values
                .iter()
                .find(|other| role(other.text) == Some(of_session))
            {
                report.add(
                    format!(
                        "The assumed-role principal {} is redundant with its parent role {}. Remove the assumed-role principal.",
                        value.text, parent.text
                    ),
                    value.location(),
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
    fn flags_a_session_next_to_its_role() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/deployer", "arn:aws:sts::111122223333:assumed-role/deployer/ci"]}, "Action": "sts:AssumeRole"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/deployer", "arn:aws:sts::111122223333:assumed-role/builder/ci"]}, "Action": "sts:AssumeRole"}]}"#,
        );
    }
}
