//! Checks of the credential report
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html>)
//! against the IAM security best practices
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html>)
//! and the CIS AWS Foundations Benchmark identity section: root user MFA,
//! root access keys, recent root use, console users without MFA, access
//! keys not rotated or unused, passwords unused, two active keys.

use serde_json::json;

use super::{arn_account, AuditFinding, AuditOptions, Category, Severity};
use crate::inputs::credential_report::CredentialRow;
use crate::timestamp::Timestamp;

/// The user name the report gives the root user.
const ROOT_USER: &str = "<root_account>";

/// Every credential finding of the report's rows.
pub fn check(rows: &[CredentialRow], options: &AuditOptions) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    for row in rows {
        if row.user == ROOT_USER {
            root(row, options, &mut out);
        } else {
            user(row, options, &mut out);
        }
    }
    out
}

fn finding(
    row: &CredentialRow,
    check: &'static str,
    severity: Severity,
    message: String,
    evidence: serde_json::Value,
    fix: &str,
) -> AuditFinding {
    let account = arn_account(&row.arn).to_string();
    let principal = if row.user == ROOT_USER {
        super::root_arn(&account)
    } else {
        row.arn.clone()
    };
    AuditFinding {
        check,
        severity,
        category: Category::Credentials,
        account,
        principal,
        message,
        evidence,
        fix: fix.to_string(),
    }
}

fn date(value: Option<Timestamp>) -> serde_json::Value {
    value.map_or(serde_json::Value::Null, |t| json!(t.to_string()))
}

/// Days from `then` to the audit date.
fn age(then: Timestamp, options: &AuditOptions) -> i64 {
    then.days_before(&options.as_of)
}

fn root(row: &CredentialRow, options: &AuditOptions, out: &mut Vec<AuditFinding>) {
    if !row.mfa_active {
        out.push(finding(
            row,
            "ROOT_MFA_DISABLED",
            Severity::Critical,
            "the root user has no MFA device".into(),
            json!({"mfa_active": false}),
            "Enable MFA for the root user (a hardware or passkey device), and keep the root user for the tasks that need it.",
        ));
    }
    let active: Vec<usize> = (0..2).filter(|&i| row.access_keys[i].active).collect();
    if !active.is_empty() {
        let keys: Vec<_> = active
            .iter()
            .map(|&i| json!({"key": i + 1, "last_rotated": date(row.access_keys[i].last_rotated), "last_used": date(row.access_keys[i].last_used)}))
            .collect();
        out.push(finding(
            row,
            "ROOT_ACCESS_KEY",
            Severity::Critical,
            format!("the root user has {} active access key(s)", active.len()),
            json!({"access_keys": keys}),
            "Delete the root user's access keys; use IAM roles with temporary credentials for programmatic access.",
        ));
    }
    let uses = [
        ("password_last_used", row.password_last_used),
        ("access_key_1_last_used_date", row.access_keys[0].last_used),
        ("access_key_2_last_used_date", row.access_keys[1].last_used),
    ];
    if let Some((column, when)) = uses
        .iter()
        .filter_map(|(c, t)| t.map(|t| (*c, t)))
        .max_by_key(|(_, t)| *t)
        .filter(|(_, t)| age(*t, options) < options.days)
    {
        out.push(finding(
            row,
            "ROOT_RECENTLY_USED",
            Severity::High,
            format!(
                "the root user was used {} day(s) before the audit date (less than {})",
                age(when, options),
                options.days
            ),
            json!({"column": column, "last_used": when.to_string(), "as_of": options.as_of.to_string()}),
            "Do everyday work with IAM roles or IAM Identity Center users; keep the root user for the tasks only it can do, and review why it was used.",
        ));
    }
}

fn user(row: &CredentialRow, options: &AuditOptions, out: &mut Vec<AuditFinding>) {
    if row.password_enabled && !row.mfa_active {
        out.push(finding(
            row,
            "CONSOLE_USER_NO_MFA",
            Severity::High,
            format!("user `{}` can sign in to the console without MFA", row.user),
            json!({"password_enabled": true, "mfa_active": false}),
            "Enable an MFA device for the user, or remove the console password; prefer federation (IAM Identity Center) for people.",
        ));
    }
    if row.password_enabled {
        let last = row.password_last_used.or(row.created);
        if let Some(last) = last.filter(|t| age(*t, options) >= options.days) {
            out.push(finding(
                row,
                "PASSWORD_UNUSED",
                Severity::Medium,
                format!(
                    "user `{}` has a console password not used for {} day(s)",
                    row.user,
                    age(last, options)
                ),
                json!({"password_last_used": date(row.password_last_used), "user_creation_time": date(row.created)}),
                "Delete the user's login profile (console password); it is an unused credential.",
            ));
        }
    }
    let mut active = 0;
    for (index, key) in row.access_keys.iter().enumerate() {
        if !key.active {
            continue;
        }
        active += 1;
        let number = index + 1;
        if let Some(rotated) = key
            .last_rotated
            .filter(|t| age(*t, options) >= options.days)
        {
            out.push(finding(
                row,
                "ACCESS_KEY_NOT_ROTATED",
                Severity::Medium,
                format!(
                    "access key {number} of user `{}` is {} day(s) old (rotate within {})",
                    row.user,
                    age(rotated, options),
                    options.days
                ),
                json!({"key": number, "last_rotated": rotated.to_string()}),
                "Create a new access key, move the workload to it, deactivate and delete the old one; better, replace long-term keys with a role.",
            ));
        }
        let last = key.last_used.or(key.last_rotated);
        if let Some(last) = last.filter(|t| age(*t, options) >= options.days) {
            out.push(finding(
                row,
                "ACCESS_KEY_UNUSED",
                Severity::Medium,
                format!(
                    "active access key {number} of user `{}` not used for {} day(s)",
                    row.user,
                    age(last, options)
                ),
                json!({"key": number, "last_used": date(key.last_used), "last_rotated": date(key.last_rotated)}),
                "Deactivate, then delete the unused access key.",
            ));
        }
    }
    if active == 2 {
        out.push(finding(
            row,
            "TWO_ACTIVE_ACCESS_KEYS",
            Severity::Low,
            format!("user `{}` has two active access keys", row.user),
            json!({"access_key_1_active": true, "access_key_2_active": true}),
            "Keep one active access key per user (two only while rotating).",
        ));
    }
}
