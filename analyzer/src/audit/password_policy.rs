//! The account password policy (`aws iam get-account-password-policy`)
//! against the CIS AWS Foundations Benchmark: a minimum length of 14 and
//! reuse prevention of 24 (CIS v1.4 and later), and the complexity and
//! 90-day expiry rules of CIS v1.2
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>).

use std::path::Path;

use serde_json::{json, Value};

use super::{root_arn, AuditFinding, Category, Severity};

/// The fields of `PasswordPolicy` the baseline looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// `MinimumPasswordLength`.
    pub minimum_length: Option<u64>,
    /// `RequireSymbols`.
    pub require_symbols: bool,
    /// `RequireNumbers`.
    pub require_numbers: bool,
    /// `RequireUppercaseCharacters`.
    pub require_uppercase: bool,
    /// `RequireLowercaseCharacters`.
    pub require_lowercase: bool,
    /// `MaxPasswordAge` (days).
    pub max_age: Option<u64>,
    /// `PasswordReusePrevention`.
    pub reuse_prevention: Option<u64>,
}

/// A password policy file that cannot be read, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {path}: {message}")]
pub struct PasswordPolicyError {
    /// The file.
    pub file: String,
    /// The JSON path.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl PasswordPolicy {
    /// Reads `aws iam get-account-password-policy` output: `{"PasswordPolicy":
    /// {...}}` (or the inner object). `Ok(None)` when the file holds the
    /// `NoSuchEntity` error the CLI prints for an account without a policy.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or is not such a document.
    pub fn read(path: &Path) -> Result<Option<PasswordPolicy>, PasswordPolicyError> {
        let file = path.display().to_string();
        let error = |path: &str, message: String| PasswordPolicyError {
            file: file.clone(),
            path: path.to_string(),
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| error("$", format!("cannot read: {e}")))?;
        if text.contains("NoSuchEntity") {
            return Ok(None);
        }
        let value: Value =
            serde_json::from_str(&text).map_err(|e| error("$", format!("not JSON: {e}")))?;
        PasswordPolicy::from_json(&value)
            .map(Some)
            .map_err(|(p, m)| error(&p, m))
    }

    /// From the JSON document; errors carry a JSON path.
    ///
    /// # Errors
    ///
    /// `(path, message)` when a field has the wrong type.
    pub fn from_json(value: &Value) -> Result<PasswordPolicy, (String, String)> {
        let (inner, prefix) = match value.get("PasswordPolicy") {
            Some(inner) => (inner, "$.PasswordPolicy"),
            None => (value, "$"),
        };
        if !inner.is_object() {
            return Err((prefix.to_string(), "expected an object".to_string()));
        }
        let number = |key: &str| -> Result<Option<u64>, (String, String)> {
            match inner.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v
                    .as_u64()
                    .map(Some)
                    .ok_or_else(|| (format!("{prefix}.{key}"), "expected a number".to_string())),
            }
        };
        let flag = |key: &str| -> Result<bool, (String, String)> {
            match inner.get(key) {
                None | Some(Value::Null) => Ok(false),
                Some(v) => v.as_bool().ok_or_else(|| {
                    (
                        format!("{prefix}.{key}"),
                        "expected true or false".to_string(),
                    )
                }),
            }
        };
        Ok(PasswordPolicy {
            minimum_length: number("MinimumPasswordLength")?,
            require_symbols: flag("RequireSymbols")?,
            require_numbers: flag("RequireNumbers")?,
            require_uppercase: flag("RequireUppercaseCharacters")?,
            require_lowercase: flag("RequireLowercaseCharacters")?,
            max_age: number("MaxPasswordAge")?,
            reuse_prevention: number("PasswordReusePrevention")?,
        })
    }

    /// The baseline rules the policy breaks, each as (rule, severity).
    pub fn weaknesses(&self) -> Vec<(String, Severity)> {
        let mut out = Vec::new();
        if self.minimum_length.unwrap_or(8) < 14 {
            out.push((
                format!(
                    "minimum length {} (CIS: at least 14)",
                    self.minimum_length.unwrap_or(8)
                ),
                Severity::Medium,
            ));
        }
        if self.reuse_prevention.unwrap_or(0) < 24 {
            out.push((
                format!(
                    "reuse prevention {} (CIS: the last 24 passwords)",
                    self.reuse_prevention.unwrap_or(0)
                ),
                Severity::Medium,
            ));
        }
        for (on, what) in [
            (self.require_uppercase, "an uppercase letter"),
            (self.require_lowercase, "a lowercase letter"),
            (self.require_symbols, "a symbol"),
            (self.require_numbers, "a number"),
        ] {
            if !on {
                out.push((format!("does not require {what} (CIS v1.2)"), Severity::Low));
            }
        }
        if self.max_age.is_none_or(|days| days > 90) {
            out.push((
                "passwords do not expire within 90 days (CIS v1.2)".to_string(),
                Severity::Low,
            ));
        }
        out
    }
}

/// The password-policy findings of each account (one policy given for all
/// the accounts of the inputs).
pub fn check(policy: Option<&PasswordPolicy>, accounts: &[String]) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    for account in accounts {
        match policy {
            None => out.push(AuditFinding {
                check: "PASSWORD_POLICY_MISSING",
                severity: Severity::Medium,
                category: Category::Credentials,
                account: account.clone(),
                principal: root_arn(account),
                message: "the account has no password policy (IAM's default allows 8-character passwords)".to_string(),
                evidence: json!({"passwordPolicy": null}),
                fix: "Set a password policy: minimum length 14, prevent reuse of the last 24 passwords (aws iam update-account-password-policy).".to_string(),
            }),
            Some(policy) => {
                let weaknesses = policy.weaknesses();
                let Some(severity) = weaknesses.iter().map(|(_, s)| *s).max() else {
                    continue;
                };
                let rules: Vec<&String> = weaknesses.iter().map(|(r, _)| r).collect();
                out.push(AuditFinding {
                    check: "PASSWORD_POLICY_WEAK",
                    severity,
                    category: Category::Credentials,
                    account: account.clone(),
                    principal: root_arn(account),
                    message: format!("the password policy is weaker than the CIS baseline in {} rule(s)", rules.len()),
                    evidence: json!({"weaknesses": rules}),
                    fix: "Update the password policy: MinimumPasswordLength 14 or more, PasswordReusePrevention 24; require all character classes if your baseline is CIS v1.2.".to_string(),
                });
            }
        }
    }
    out
}
