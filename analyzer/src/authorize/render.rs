//! The trace as text, for people: the decision and why, who and what, each
//! policy type's verdict with each policy's applicable statements, the
//! deciding statements, and the missing context values.

use std::fmt::Write as _;

use crate::eval::Decision;

use super::trace::{Authorization, Grant, PolicyVerdict, StatementRef, TypeVerdict};

impl Authorization {
    /// The trace as text (what `zoneproof authorize` prints by default).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let verb = match self.decision {
            Decision::Allow => "may",
            _ => "may not",
        };
        let _ = writeln!(
            out,
            "{}: {} {verb} {} on {}",
            self.decision, self.principal.arn, self.action, self.resource.arn
        );
        let _ = writeln!(out, "  because {}", self.reason);
        out.push('\n');
        self.write_parties(&mut out);
        out.push('\n');
        for verdict in &self.policies {
            write_type(&mut out, verdict);
        }
        out.push('\n');
        if self.deciding_statements.is_empty() {
            let _ = writeln!(out, "deciding statements: none");
        } else {
            let _ = writeln!(out, "deciding statements:");
            for statement in &self.deciding_statements {
                let _ = writeln!(
                    out,
                    "  {} {}",
                    statement.policy_type.label(),
                    describe_statement(statement)
                );
            }
        }
        if self.missing_context_values.is_empty() {
            let _ = writeln!(out, "missing context values: none");
        } else {
            let _ = writeln!(
                out,
                "missing context values: {} (give them with --context KEY=VALUE; the decision may change)",
                self.missing_context_values.join(", ")
            );
        }
        out
    }

    fn write_parties(&self, out: &mut String) {
        let principal = &self.principal;
        let account = principal
            .account
            .as_deref()
            .map_or(String::new(), |a| format!(", account {a}"));
        let service_linked = if principal.service_linked {
            ", service-linked"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "principal  {} {}{account}{service_linked}",
            principal.kind, principal.arn
        );
        let resource = &self.resource;
        let account = resource.account.as_deref().unwrap_or("unknown");
        let _ = writeln!(
            out,
            "resource   {}, account {account} ({})",
            resource.arn, resource.account_source
        );
        if let (Some(policy_resource), Some(resource_type)) =
            (&resource.policy_resource, &resource.resource_type)
        {
            let _ = writeln!(
                out,
                "           policy of {resource_type} {policy_resource}"
            );
        }
        if principal.account.is_some() {
            let scope = if self.cross_account {
                "cross-account: the principal's and the resource's accounts must both allow"
            } else {
                "same account"
            };
            let _ = writeln!(out, "           {scope}");
        }
    }
}

fn write_type(out: &mut String, verdict: &TypeVerdict) {
    let label = verdict.policy_type.label();
    match verdict.decision.filter(|_| verdict.applies) {
        None => {
            let note = verdict.note.as_deref().unwrap_or("");
            let _ = writeln!(out, "{label:<24} not applicable: {note}");
        }
        Some(decision) => {
            let grant = match verdict.grant {
                Some(Grant::Direct) => " (granted to the principal itself)",
                Some(Grant::RoleArn) => " (granted to the role ARN)",
                Some(Grant::Account) => " (granted to the account)",
                None => "",
            };
            let _ = writeln!(out, "{label:<24} {decision}{grant}");
            if let Some(note) = &verdict.note {
                let _ = writeln!(out, "  {note}");
            }
            if verdict.levels.is_empty() {
                for policy in &verdict.policies {
                    write_policy(out, policy, "  ");
                }
            } else {
                for level in &verdict.levels {
                    let _ = writeln!(
                        out,
                        "  {} `{}` ({}): {}",
                        kind_label(level.kind),
                        level.name,
                        level.id,
                        level.decision
                    );
                    let attached_to =
                        format!("{} `{}` ({})", kind_label(level.kind), level.name, level.id);
                    let at_level: Vec<&PolicyVerdict> = verdict
                        .policies
                        .iter()
                        .filter(|p| p.attached_to == attached_to)
                        .collect();
                    if at_level.is_empty() {
                        let _ = writeln!(out, "    no policy attached");
                    }
                    for policy in at_level {
                        write_policy(out, policy, "    ");
                    }
                }
            }
        }
    }
}

fn kind_label(kind: crate::organization::LevelKind) -> &'static str {
    match kind {
        crate::organization::LevelKind::Root => "root",
        crate::organization::LevelKind::OrganizationalUnit => "OU",
        crate::organization::LevelKind::Account => "account",
    }
}

fn write_policy(out: &mut String, policy: &PolicyVerdict, indent: &str) {
    let arn = match &policy.arn {
        Some(arn) if *arn != policy.name && *arn != policy.attached_to => format!(" {arn}"),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{indent}`{}`{arn} ({}): {}",
        policy.name, policy.attached_to, policy.decision
    );
    for statement in &policy.statements {
        let _ = writeln!(
            out,
            "{indent}  {} {}",
            statement.effect,
            statement_label(statement)
        );
    }
}

fn statement_label(statement: &StatementRef) -> String {
    match &statement.sid {
        Some(sid) => format!("Statement[{}] (Sid `{sid}`)", statement.index),
        None => format!("Statement[{}]", statement.index),
    }
}

fn describe_statement(statement: &StatementRef) -> String {
    let arn = statement
        .policy_arn
        .as_deref()
        .filter(|arn| *arn != statement.policy)
        .map_or(String::new(), |arn| format!(" ({arn})"));
    let at = statement
        .attached_to
        .as_deref()
        .map_or(String::new(), |level| format!(" at {level}"));
    format!(
        "`{}`{arn}{at} {}: {}",
        statement.policy,
        statement_label(statement),
        statement.effect
    )
}
