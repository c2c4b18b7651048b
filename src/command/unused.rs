//! `zoneproof unused --cloudtrail PATH... --authz-details FILE
//! [--credential-report CSV] [--days 90] [--as-of DATE] [--format
//! text|json|sarif]`: unused roles, access keys, passwords and permissions,
//! each with a recommended change; the recommended policies are proved
//! with the concrete evaluator to allow every request of every event of
//! the window that the current identity policies allowed.
//!
//! Exit codes: 0 no finding; 2 findings; 1 bad input or a recommendation
//! whose proof fails.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use serde_json::{json, Value};
use zoneproof_analyzer::activity::allowed::{AllowedActions, IdentityPolicyActions};
use zoneproof_analyzer::activity::report::{unused_notes, unused_report};
use zoneproof_analyzer::activity::unused::{
    findings, RecommendationChecker, UnusedFinding, UnusedOptions, UnusedType, Usage,
};
use zoneproof_analyzer::inputs::credential_report::read_credential_report;
use zoneproof_analyzer::inputs::identities::Identities;
use zoneproof_analyzer::timestamp::Timestamp;

use super::trail::fold_trails;

/// Output format of `unused`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with their recommendations, for people.
    #[default]
    Text,
    /// The report: `window`, `trail`, `findings`, `summary`, `notes`.
    Json,
    /// SARIF 2.1.0, one result per finding.
    Sarif,
}

/// Arguments of `zoneproof unused`.
#[derive(clap::Args)]
pub struct Args {
    /// CloudTrail logs: files or directories.
    #[arg(long = "cloudtrail", value_name = "PATH", required = true, num_args = 1..)]
    cloudtrail: Vec<PathBuf>,
    /// `aws iam get-account-authorization-details` output (repeat for several accounts).
    #[arg(long = "authz-details", value_name = "FILE", required = true)]
    authz_details: Vec<PathBuf>,
    /// The IAM credential report (CSV, as `aws iam get-credential-report` returns it, base64-decoded).
    #[arg(long = "credential-report", value_name = "CSV")]
    credential_report: Option<PathBuf>,
    /// The window: access not used in these many days is unused.
    #[arg(long, default_value_t = 90)]
    days: i64,
    /// The end of the window (default: the last event of the trails).
    #[arg(long = "as-of", value_name = "DATE")]
    as_of: Option<String>,
    /// Files read at a time (default: every core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs `zoneproof unused`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.days < 1 {
        bail!("--days: expected at least 1");
    }
    let as_of = args
        .as_of
        .as_ref()
        .map(|t| t.parse::<Timestamp>().context("--as-of"))
        .transpose()?;
    let mut identities = Identities::default();
    for path in &args.authz_details {
        identities.read_file(path);
    }
    let mut input_errors = identities.errors.len() as u64;
    for error in &identities.errors {
        eprintln!("{error}");
    }
    let rows = match &args.credential_report {
        Some(path) => {
            let (rows, errors) = read_credential_report(path);
            input_errors += errors.len() as u64;
            for error in &errors {
                eprintln!("{error}");
            }
            Some(rows)
        }
        None => None,
    };
    let read = fold_trails(
        &args.cloudtrail,
        args.jobs,
        true,
        Usage::default,
        |usage, mapper, event| usage.add(mapper, event),
        Usage::merge,
    )?;
    let usage = read.value;
    let options = UnusedOptions {
        days: args.days,
        as_of: as_of
            .or(usage.span.map(|s| s.1))
            .unwrap_or_else(Timestamp::now),
    };
    let view = IdentityPolicyActions::default();
    let (mut found, unassessed) = findings(&identities, &usage, rows.as_deref(), &view, &options);
    let checker = RecommendationChecker::new(&identities, &found, &options);
    if !checker.is_empty() {
        let checked = fold_trails(
            &args.cloudtrail,
            args.jobs,
            false,
            || checker.clone(),
            |checker, mapper, event| checker.check(mapper, event),
            RecommendationChecker::merge,
        )?;
        checked.value.attach(&identities, &mut found);
    }
    let mut notes = unused_notes(&usage, &options, rows.is_some(), view.describe());
    notes.extend(unassessed);
    let report = unused_report(&found, &usage, &options, &notes);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        Format::Text => write!(out, "{}", text(&found, &report))?,
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&sarif(
                &found,
                args.authz_details.first().map(PathBuf::as_path)
            ))?
        )?,
    }
    let failed_proofs = found
        .iter()
        .filter(|f| f.proof.as_ref().is_some_and(|p| !p.holds()))
        .count();
    if failed_proofs > 0 {
        eprintln!("zoneproof: {failed_proofs} recommendation(s) would refuse requests the events made: this is a bug, please report it");
    }
    let widening = found
        .iter()
        .filter(|f| {
            f.no_new_access
                .as_ref()
                .is_some_and(|v| v["status"] == "failed")
        })
        .count();
    if widening > 0 {
        eprintln!("zoneproof: {widening} recommendation(s) would grant access the current policies do not: this is a bug, please report it");
    }
    let failed_proofs = failed_proofs + widening;
    Ok(if input_errors + read.errors > 0 || failed_proofs > 0 {
        super::TOOL_FAILED
    } else if found.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn text(found: &[UnusedFinding], report: &Value) -> String {
    let mut out = format!(
        "Unused access in the {} days to {} (trails: {} events, {} to {})\n",
        report["window"]["days"],
        report["window"]["end"].as_str().unwrap_or(""),
        report["trail"]["events"],
        report["trail"]["firstEvent"].as_str().unwrap_or("-"),
        report["trail"]["lastEvent"].as_str().unwrap_or("-"),
    );
    for finding in found {
        out.push_str(&format!(
            "\n{} {}\n",
            finding.finding_type.name(),
            finding.resource
        ));
        if finding.finding_type == UnusedType::Permission {
            for detail in &finding.finding_details {
                let d = &detail["unusedPermissionDetails"];
                let actions: Vec<&str> = d["actions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a["action"].as_str())
                    .collect();
                let shown: Vec<&str> = actions.iter().take(6).copied().collect();
                out.push_str(&format!(
                    "  {}: {} unused action(s){}: {}{}\n",
                    d["serviceNamespace"].as_str().unwrap_or(""),
                    actions.len(),
                    d["lastAccessed"]
                        .as_str()
                        .map_or(" (service never used)".to_string(), |t| format!(
                            " (service last used {t})"
                        )),
                    shown.join(", "),
                    if actions.len() > shown.len() {
                        format!(", and {} more", actions.len() - shown.len())
                    } else {
                        String::new()
                    },
                ));
            }
            for step in &finding.recommended_steps {
                out.push_str(&format!(
                    "  recommended: {} {}\n",
                    step.recommended_action, step.existing_policy_id
                ));
            }
            if let Some(proof) = &finding.proof {
                out.push_str(&format!(
                    "  proof: {} — {} request(s) of the window allowed by the current identity policies, {} still allowed by the recommended ones ({} allowed by other policies or not at all)\n",
                    if proof.holds() { "PROVED" } else { "FAILED" },
                    proof.allowed_before, proof.allowed_after, proof.not_allowed_by_identity_policies,
                ));
                for example in &proof.counterexamples {
                    out.push_str(&format!("    no longer allowed: {example}\n"));
                }
            }
            if let Some(nna) = &finding.no_new_access {
                out.push_str(&format!(
                    "  no access beyond the current policies: {} ({})\n",
                    nna["status"].as_str().unwrap_or("").to_uppercase(),
                    nna["reason"].as_str().unwrap_or("")
                ));
            }
        } else {
            out.push_str(&format!("  {}\n", finding.remediation));
        }
        for note in &finding.notes {
            out.push_str(&format!("  incomplete: {note}\n"));
        }
    }
    let summary = report["summary"].as_object().cloned().unwrap_or_default();
    let parts: Vec<String> = summary.iter().map(|(k, v)| format!("{v} {k}")).collect();
    out.push_str(&format!(
        "\n{} finding(s){}\n",
        found.len(),
        if parts.is_empty() {
            String::new()
        } else {
            format!(": {}", parts.join(", "))
        }
    ));
    for note in report["notes"].as_array().into_iter().flatten() {
        out.push_str(&format!("note: {}\n", note.as_str().unwrap_or("")));
    }
    out
}

const RULES: [(&str, &str, &str); 4] = [
    ("UnusedIAMRole", "A role none of whose sessions made a call in the window",
     "## What it means\nNo session of the role made an API call in the window (per the CloudTrail logs and the role's RoleLastUsed).\n\n## Why is this bad?\nAn unused role is standing access that someone could assume without anyone noticing.\n\n## How to fix\nConfirm nothing needs it, then delete the role (or remove its policies and trust policy)."),
    ("UnusedIAMUserAccessKey", "An active access key not used in the window",
     "## What it means\nThe credential report shows no use of this active access key in the window.\n\n## Why is this bad?\nLong-term keys that nobody uses can only leak.\n\n## How to fix\nDeactivate the key, wait, then delete it."),
    ("UnusedIAMUserPassword", "A console password not used in the window",
     "## What it means\nThe user has a console password that was not used to sign in during the window.\n\n## Why is this bad?\nAn unused password is a way in that nobody watches.\n\n## How to fix\nDelete the user's login profile."),
    ("UnusedPermission", "Permissions the principal has but did not use in the window",
     "## What it means\nThe principal's identity policies allow actions it did not use in the window.\n\n## Why is this bad?\nUnused permissions widen what a stolen credential can do.\n\n## How to fix\nApply the recommended policies: each is proved by the concrete evaluator to still allow every request the events made."),
];

fn sarif(found: &[UnusedFinding], authz: Option<&Path>) -> Value {
    // A relative path is a relative URI; an absolute one gets `file://`.
    let uri = authz
        .map(|p| {
            let text = p.to_string_lossy().replace('\\', "/");
            if p.is_absolute() {
                format!("file://{text}")
            } else {
                text
            }
        })
        .unwrap_or_default();
    let results: Vec<Value> = found
        .iter()
        .map(|finding| {
            let rule = RULES.iter().position(|(id, _, _)| *id == finding.finding_type.name()).unwrap_or(0);
            json!({
                "ruleId": finding.finding_type.name(),
                "ruleIndex": rule,
                "level": if finding.finding_type == UnusedType::Permission { "note" } else { "warning" },
                "message": {"text": format!("{}: {}", finding.resource, finding.remediation)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": uri}},
                    "logicalLocations": [{"fullyQualifiedName": finding.resource, "kind": "resource"}],
                }],
                "partialFingerprints": {"findingId/v1": finding.id},
                "properties": {"lastAccessed": finding.last_accessed, "findingDetails": finding.finding_details},
            })
        })
        .collect();
    json!({
        "$schema": zoneproof_analyzer::scan::sarif::SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "zoneproof",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": RULES.iter().map(|(id, short, help)| json!({
                    "id": id, "name": id,
                    "shortDescription": {"text": short},
                    "help": {"text": help.replace("## ", ""), "markdown": help},
                    "defaultConfiguration": {"level": if *id == "UnusedPermission" { "note" } else { "warning" }},
                    "properties": {"tags": ["security", "aws", "iam", "least-privilege"]},
                })).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    })
}
