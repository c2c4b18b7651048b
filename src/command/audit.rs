//! `zoneproof audit --authz-details F... [--credential-report CSV]
//! [--password-policy F] [--organization F] [resource inputs...]
//! [--format text|json|sarif] [--fail-on SEVERITY]`: IAM best practices and
//! privilege-escalation paths, decided by the whole-IAM authorizer (see
//! `zoneproof_analyzer::audit` and docs/audit.md).
//!
//! Exit codes: 0 no finding at or above `--fail-on` (default HIGH); 2 some
//! finding is; 1 the inputs cannot be read, or a principal cannot be
//! decided (a policy it needs is missing: the audit fails closed).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use serde_json::{json, Value};
use zoneproof_analyzer::audit::{
    audit, AuditFinding, AuditInputs, AuditOptions, AuditReport, PasswordPolicy, Severity,
};
use zoneproof_analyzer::inputs::credential_report::read_credential_report;
use zoneproof_analyzer::inputs::{read_input_set, ReadOptions};
use zoneproof_analyzer::timestamp::Timestamp;

/// Output format of `zoneproof audit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings grouped by severity, then a score per account.
    #[default]
    Text,
    /// `{"findings": [...], "scores": [...], "undecided": [...], "notes": [...]}`.
    Json,
    /// SARIF 2.1.0, one result per finding.
    Sarif,
}

/// Arguments of `zoneproof audit`.
#[derive(clap::Args)]
pub struct Args {
    /// `aws iam get-account-authorization-details` output (repeat for several accounts).
    #[arg(long = "authz-details", value_name = "FILE", required = true)]
    authz_details: Vec<PathBuf>,
    /// The IAM credential report (CSV, `aws iam get-credential-report`, base64-decoded).
    #[arg(long = "credential-report", value_name = "CSV")]
    credential_report: Option<PathBuf>,
    /// `aws iam get-account-password-policy` output (a file holding the
    /// `NoSuchEntity` error means the account has none).
    #[arg(long = "password-policy", value_name = "FILE")]
    password_policy: Option<PathBuf>,
    /// The organization export (SCPs and RCPs), as `zoneproof authorize` reads it.
    #[arg(long, value_name = "FILE")]
    organization: Option<PathBuf>,
    /// Resource inputs (what `scan` reads): their policies take part in the decisions.
    #[arg(value_name = "RESOURCE_INPUTS")]
    resources: Vec<PathBuf>,
    /// Regions the organization allows (comma-separated); without it, the
    /// audit checks only that some region restriction exists.
    #[arg(long = "allowed-regions", value_name = "R1,R2", value_delimiter = ',')]
    allowed_regions: Vec<String>,
    /// The audit date (default: now); ages and "unused" count to it.
    #[arg(long = "as-of", value_name = "DATE")]
    as_of: Option<String>,
    /// Credentials and roles unused for these many days are reported.
    #[arg(long, default_value_t = 90)]
    days: i64,
    /// Longest privilege-escalation path searched (1 to 3).
    #[arg(long = "max-steps", default_value_t = 3)]
    max_steps: usize,
    /// Exit 2 when a finding of at least this severity exists.
    #[arg(long = "fail-on", value_name = "SEVERITY", default_value = "HIGH", value_parser = parse_severity)]
    fail_on: Severity,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text)
        .ok_or_else(|| format!("expected CRITICAL, HIGH, MEDIUM or LOW, got `{text}`"))
}

/// Runs `zoneproof audit`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if !(1..=3).contains(&args.max_steps) {
        bail!("--max-steps: expected 1, 2 or 3");
    }
    if args.days < 1 {
        bail!("--days: expected at least 1");
    }
    let as_of = match &args.as_of {
        Some(text) => text.parse::<Timestamp>().context("--as-of")?,
        None => Timestamp::now(),
    };
    let mut paths = args.authz_details.clone();
    paths.extend(args.organization.iter().cloned());
    paths.extend(args.resources.iter().cloned());
    let inputs = read_input_set(&paths, &ReadOptions::default());
    if !inputs.unreadable.is_empty() {
        for error in &inputs.unreadable {
            eprintln!("{error}");
        }
        bail!(
            "the inputs cannot be read ({} problem(s) above)",
            inputs.unreadable.len()
        );
    }
    if inputs.iam.is_empty() {
        bail!("no IAM users, groups, roles or policies in --authz-details");
    }
    if args.organization.is_some() && inputs.organizations.is_empty() {
        bail!("--organization: not an organization export");
    }
    for problem in &inputs.problems {
        eprintln!("warning: {problem}");
    }
    let rows = match &args.credential_report {
        Some(path) => {
            let (rows, errors) = read_credential_report(path);
            if !errors.is_empty() {
                for error in &errors {
                    eprintln!("{error}");
                }
                bail!(
                    "the credential report cannot be read ({} problem(s) above)",
                    errors.len()
                );
            }
            Some(rows)
        }
        None => None,
    };
    let password_policy = match &args.password_policy {
        Some(path) => Some(PasswordPolicy::read(path)?),
        None => None,
    };
    let options = AuditOptions {
        as_of,
        days: args.days,
        allowed_regions: args.allowed_regions.clone(),
        max_steps: args.max_steps,
    };
    let report = audit(
        &AuditInputs {
            inputs: &inputs,
            credential_report: rows.as_deref(),
            password_policy: password_policy.as_ref(),
        },
        &options,
    );
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&report)?,
        Format::Sarif => serde_json::to_string_pretty(&sarif(&report))?,
        Format::Text => to_text(&report),
    };
    writeln!(std::io::stdout().lock(), "{}", text.trim_end())?;
    for undecided in &report.undecided {
        eprintln!("undecided: {}: {}", undecided.principal, undecided.reason);
    }
    if !report.undecided.is_empty() {
        return Ok(super::TOOL_FAILED);
    }
    Ok(if report.has_finding_at_least(args.fail_on) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The report for people: findings grouped by severity, then one score
/// block per account.
pub fn to_text(report: &AuditReport) -> String {
    let mut out = String::new();
    for severity in Severity::ALL {
        let group: Vec<&AuditFinding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("== {severity} ({}) ==\n", group.len()));
        for finding in group {
            out.push_str(&format!(
                "[{}] {}\n    {}\n",
                finding.check, finding.principal, finding.message
            ));
            if let Some(steps) = finding.evidence["steps"].as_array() {
                for (i, step) in steps.iter().enumerate() {
                    out.push_str(&format!(
                        "    step {}: {} as {} -> {}\n",
                        i + 1,
                        step["technique"].as_str().unwrap_or_default(),
                        step["principal"].as_str().unwrap_or_default(),
                        step["change"]
                            .as_str()
                            .or(step["becomes"].as_str())
                            .unwrap_or_default()
                    ));
                    for witness in step["witnesses"].as_array().into_iter().flatten() {
                        out.push_str(&format!(
                            "      allowed: {} on {}\n",
                            witness["action"].as_str().unwrap_or_default(),
                            witness["resource"].as_str().unwrap_or_default()
                        ));
                    }
                }
            }
            out.push_str(&format!("    fix: {}\n", finding.fix));
        }
        out.push('\n');
    }
    if report.findings.is_empty() {
        out.push_str("no findings\n\n");
    }
    out.push_str("== score per account ==\n");
    for score in &report.scores {
        let top: Vec<String> = score
            .checks
            .iter()
            .take(5)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        out.push_str(&format!(
            "{}  {:>3}/100  grade {}  critical {} high {} medium {} low {}{}\n",
            score.account,
            score.score,
            score.grade,
            score.counts[0],
            score.counts[1],
            score.counts[2],
            score.counts[3],
            if top.is_empty() {
                String::new()
            } else {
                format!("  ({})", top.join(", "))
            }
        ));
    }
    for note in &report.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&format!("{} requests decided\n", report.requests));
    out
}

/// SARIF 2.1.0: one rule per check, one result per finding.
pub fn sarif(report: &AuditReport) -> Value {
    let mut rules: Vec<&'static str> = report.findings.iter().map(|f| f.check).collect();
    rules.sort_unstable();
    rules.dedup();
    let level = |s: Severity| match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    };
    let security = |s: Severity| match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.0",
        Severity::Low => "2.0",
    };
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.check,
                "level": level(f.severity),
                "message": {"text": format!("{} Fix: {}", f.message, f.fix)},
                "locations": [{"logicalLocations": [{"fullyQualifiedName": f.principal, "kind": "resource"}]}],
                "partialFingerprints": {"auditFinding/v1": format!("{}|{}", f.check, f.principal)},
                "properties": {"severity": f.severity, "account": f.account, "evidence": f.evidence, "security-severity": security(f.severity)},
            })
        })
        .collect();
    json!({
        "$schema": zoneproof_analyzer::scan::sarif::SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "zoneproof audit", "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.iter().map(|r| json!({"id": r, "name": r, "helpUri": "docs/audit.md"})).collect::<Vec<_>>()}},
            "results": results,
        }]
    })
}
