//! `zoneproof generate --cloudtrail PATH... --principal ARN [--since DATE]
//! [--until DATE] [--authz-details FILE] [--format json|text]`: the
//! least-privilege identity policy for what a principal did.
//!
//! Two passes over the trails, each parallel over files: the first gathers
//! what the principal's events needed and writes the policy, the second
//! proves with the concrete evaluator that the policy allows every request
//! of every event. With `--authz-details`, the report compares the policy
//! with the principal's current identity policies.
//!
//! Exit codes: 0 the policy is written and proved; 1 bad input (a bad
//! record or file, an unknown principal), no event of the principal in the
//! window, or a failed proof.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _};
use serde_json::Value;
use zoneproof_analyzer::activity::actor::{PrincipalId, PrincipalKind};
use zoneproof_analyzer::activity::allowed::{AllowedActions, IdentityPolicyActions};
use zoneproof_analyzer::activity::generalise::DEFAULT_MAX_EXACT;
use zoneproof_analyzer::activity::generate::{build_policy, EventProof, PrincipalActivity, Window};
use zoneproof_analyzer::activity::report::{
    check_generated_policy, generate_report, CurrentComparison,
};
use zoneproof_analyzer::inputs::identities::Identities;
use zoneproof_analyzer::policy::parse_policy_value;
use zoneproof_analyzer::question::check::CheckVerdict;
use zoneproof_analyzer::timestamp::Timestamp;

use zoneproof_analyzer::activity::fold::fold_trails;

/// Output format of `generate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary, the policy and the proof, for people.
    #[default]
    Text,
    /// The report object; its `policy` field is the policy document.
    Json,
}

/// Arguments of `zoneproof generate`.
#[derive(clap::Args)]
pub struct Args {
    /// CloudTrail logs: files or directories (S3 delivery `.json.gz`,
    /// `lookup-events` output, CloudTrail Lake / Athena JSON Lines).
    #[arg(long = "cloudtrail", value_name = "PATH", required = true, num_args = 1..)]
    cloudtrail: Vec<PathBuf>,
    /// The principal: a role ARN (covers its sessions), a user ARN, or the
    /// account's root ARN.
    #[arg(long)]
    principal: String,
    /// Only events at or after this date (YYYY-MM-DD or ISO 8601 date-time).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only events before this date (YYYY-MM-DD or ISO 8601 date-time).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// `aws iam get-account-authorization-details` output: compare with the
    /// principal's current identity policies.
    #[arg(long = "authz-details", value_name = "FILE")]
    authz_details: Option<PathBuf>,
    /// Distinct values kept at one level of a resource ARN (a bucket's
    /// objects, a table's name) before they are generalised to their common
    /// prefix followed by `*`.
    #[arg(long, default_value_t = DEFAULT_MAX_EXACT, value_name = "N")]
    max_exact: usize,
    /// Files read at a time (default: every core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn parse_date(flag: &str, text: Option<&String>) -> anyhow::Result<Option<Timestamp>> {
    text.map(|t| t.parse::<Timestamp>().with_context(|| format!("--{flag}")))
        .transpose()
}

/// Runs `zoneproof generate`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let principal = PrincipalId::from_arn(&args.principal).ok_or_else(|| {
        anyhow!("--principal: `{}` is not a role, user or root ARN (arn:aws:iam::ID:role/NAME, arn:aws:iam::ID:user/NAME, arn:aws:iam::ID:root)", args.principal)
    })?;
    let window = Window {
        since: parse_date("since", args.since.as_ref())?,
        until: parse_date("until", args.until.as_ref())?,
    };
    if let (Some(since), Some(until)) = (window.since, window.until) {
        if since >= until {
            bail!("--since {since} is not before --until {until}");
        }
    }
    if args.max_exact == 0 {
        bail!("--max-exact: expected at least 1");
    }
    let current = match &args.authz_details {
        Some(path) => Some(current_policies(path, &principal)?),
        None => None,
    };
    let start = PrincipalActivity::new(principal.clone(), window.clone(), args.max_exact);
    let read = fold_trails(
        &args.cloudtrail,
        args.jobs,
        Some(&super::print_error_line),
        || start.clone(),
        |activity, mapper, event| activity.add(mapper, event),
        PrincipalActivity::merge,
    )?;
    let activity = read.value;
    let generated = build_policy(&activity);
    let mut proof = EventProof::default();
    let mut no_new_access = None;
    if let Some(generated) = &generated {
        let policy = parse_policy_value(&generated.document)
            .context("the generated policy does not parse")?;
        if let Some(current) = &current {
            no_new_access = Some(check_generated_policy(&policy, &current.identity));
        }
        let proved = fold_trails(
            &args.cloudtrail,
            args.jobs,
            None,
            EventProof::default,
            |proof, mapper, event| proof.check(&activity, &policy, mapper, event),
            EventProof::merge,
        )?;
        proof = proved.value;
    }
    let report = generate_report(
        &activity,
        generated.as_ref(),
        &proof,
        current.as_ref(),
        no_new_access.as_ref(),
    );
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        Format::Text => write!(out, "{}", text(&report, read.files))?,
    }
    if read.errors > 0 {
        eprintln!(
            "zoneproof: {} bad record(s) or file(s) were skipped (see above)",
            read.errors
        );
    }
    if generated.is_none() {
        eprintln!(
            "zoneproof: no event of {} needed a permission in the window ({} events of the principal read)",
            args.principal, activity.counts.of_principal
        );
    }
    if let Some(outcome) = &no_new_access {
        if outcome.result != CheckVerdict::Pass {
            eprintln!(
                "zoneproof: no-new-access {}: {}",
                outcome.result.name(),
                outcome.message
            );
        }
    }
    if !proof.holds() {
        eprintln!("zoneproof: the generated policy does not allow {} request(s) of the events: this is a bug, please report it", proof.not_allowed);
    }
    let failed = read.errors > 0 || generated.is_none() || !proof.holds();
    Ok(if failed {
        super::TOOL_FAILED
    } else {
        ExitCode::SUCCESS
    })
}

/// The principal's current policies, from the authorization details.
fn current_policies(
    path: &std::path::Path,
    principal: &PrincipalId,
) -> anyhow::Result<CurrentComparison> {
    let mut identities = Identities::default();
    identities.read_file(path);
    for error in &identities.errors {
        eprintln!("{error}");
    }
    let identity = identities.get(principal).cloned().ok_or_else(|| {
        anyhow!(
            "{}: the principal {} is not in the authorization details",
            path.display(),
            principal
        )
    })?;
    if principal.kind == PrincipalKind::Root {
        bail!("--authz-details: the root user has no identity policies to compare with");
    }
    let view = IdentityPolicyActions::default();
    Ok(CurrentComparison {
        allowed: view.allowed_actions(&identity),
        method: view.describe(),
        identity,
    })
}

/// The report for people.
fn text(report: &Value, files: usize) -> String {
    let mut out = String::new();
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let events = &report["events"];
    out.push_str(&format!(
        "Least-privilege policy for {}\n",
        report["principal"].as_str().unwrap_or("")
    ));
    out.push_str(&format!(
        "  events: {} read from {} file(s); {} of the principal in the window ({} to {}): {} granted, {} refused, {} needing no permission, {} not mapped\n",
        n(&events["read"]), files, n(&events["inWindow"]),
        report["window"]["firstEvent"].as_str().unwrap_or("-"), report["window"]["lastEvent"].as_str().unwrap_or("-"),
        n(&events["granted"]), n(&events["denied"]), n(&events["noPermissionNeeded"]), n(&events["unmapped"]),
    ));
    let actions = report["actions"].as_array().map_or(0, Vec::len);
    let size = n(&report["policySize"]["characters"]);
    let limit = n(&report["policySize"]["managedPolicyLimit"]);
    if report["policy"].is_null() {
        out.push_str("  no policy: the principal used no permission in the window\n");
    } else {
        let statements = report["policy"]["Statement"].as_array().map_or(0, Vec::len);
        out.push_str(&format!("  policy: {statements} statement(s), {actions} action(s), {size} of {limit} characters{}\n\n",
            if size > limit { " (too large for one managed policy: split it)" } else { "" }));
        out.push_str(&serde_json::to_string_pretty(&report["policy"]).unwrap_or_default());
        out.push('\n');
    }
    let proof = &report["proof"];
    let allowed = &proof["eventsAllowed"];
    out.push_str("\nProof\n");
    out.push_str(&format!(
        "  every event allowed by the policy: {} ({} events, {} requests decided by the concrete evaluator; {} with resource parts the events do not show, checked where the policy has `*`)\n",
        allowed["status"].as_str().unwrap_or("").to_uppercase(), n(&allowed["events"]), n(&allowed["requests"]), n(&allowed["requestsWithUnknownResourceParts"]),
    ));
    for example in allowed["counterexamples"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "    not allowed: {}\n",
            example.as_str().unwrap_or("")
        ));
    }
    out.push_str(&no_new_access_text(&proof["noNewAccess"]));
    let list = |title: &str, items: &Value, line: &dyn Fn(&Value) -> String| -> String {
        let items = items.as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            return String::new();
        }
        let mut text = format!("\n{title}\n");
        for item in items {
            text.push_str(&format!("  {}\n", line(&item)));
        }
        text
    };
    out.push_str(&list(
        "Refused for lack of permission (not granted)",
        &report["denied"],
        &|d| {
            format!(
                "{} {}: {} event(s), last {}, on {}",
                d["action"].as_str().unwrap_or(""),
                d["errorCode"].as_str().unwrap_or(""),
                n(&d["events"]),
                d["lastSeen"].as_str().unwrap_or(""),
                join(&d["resources"])
            )
        },
    ));
    out.push_str(&list(
        "Needing no IAM permission",
        &report["noPermissionNeeded"],
        &|d| {
            format!(
                "{} {}: {} event(s) ({})",
                d["eventSource"].as_str().unwrap_or(""),
                d["eventName"].as_str().unwrap_or(""),
                n(&d["events"]),
                d["reason"].as_str().unwrap_or("")
            )
        },
    ));
    out.push_str(&list(
        "Not mapped to IAM actions (left out)",
        &report["unmapped"],
        &|d| {
            format!(
                "{} {}: {} event(s) ({})",
                d["eventSource"].as_str().unwrap_or(""),
                d["eventName"].as_str().unwrap_or(""),
                n(&d["events"]),
                d["reason"].as_str().unwrap_or("")
            )
        },
    ));
    if let Some(current) = report.get("currentPolicy") {
        out.push_str(&current_text(current));
    }
    out
}

/// The no-new-access half of the proof, with each class of new access and
/// its first witness.
fn no_new_access_text(nna: &Value) -> String {
    let mut out = format!(
        "  no access beyond the current policies: {} ({})\n",
        nna["status"].as_str().unwrap_or("").to_uppercase(),
        nna["reason"].as_str().unwrap_or("")
    );
    if let Some(error) = nna["error"].as_str() {
        out.push_str(&format!("    why: {error}\n"));
    }
    for class in nna["classes"].as_array().into_iter().flatten() {
        let statements: Vec<String> = class["statements"]
            .as_array()
            .into_iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        out.push_str(&format!(
            "    new access in statement(s) {}: {}\n",
            statements.join(", "),
            join(&class["actions"])
        ));
        if let Some(witness) = class["witnesses"].get(0) {
            out.push_str(&format!(
                "      e.g. {} on {}\n",
                witness["action"].as_str().unwrap_or(""),
                witness["resource"].as_str().unwrap_or("")
            ));
        }
    }
    out
}

fn current_text(current: &Value) -> String {
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let mut out = format!(
        "\nCurrent identity policies of {} ({}): {} action(s) allowed, {} used by the events\n",
        current["principal"].as_str().unwrap_or(""),
        join(&current["policies"]),
        n(&current["allowedActions"]),
        n(&current["usedActions"]),
    );
    if current["complete"] == Value::Bool(false) {
        for note in current["notes"].as_array().into_iter().flatten() {
            out.push_str(&format!("  incomplete: {}\n", note.as_str().unwrap_or("")));
        }
    }
    let not_used = current["notUsed"].as_array().cloned().unwrap_or_default();
    if !not_used.is_empty() {
        out.push_str("  left out of the generated policy (allowed now, not used):\n");
        for service in not_used {
            let actions = service["notUsed"].as_array().cloned().unwrap_or_default();
            let shown: Vec<&str> = actions.iter().take(8).filter_map(Value::as_str).collect();
            let more = actions.len().saturating_sub(shown.len());
            out.push_str(&format!(
                "    {}: {} of {} action(s): {}{}\n",
                service["service"].as_str().unwrap_or(""),
                actions.len(),
                n(&service["allowed"]),
                shown.join(", "),
                if more > 0 {
                    format!(", and {more} more")
                } else {
                    String::new()
                },
            ));
        }
    }
    let beyond = current["usedButNotAllowedByIdentityPolicies"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !beyond.is_empty() {
        out.push_str(&format!(
            "  used but not allowed by the identity policies (allowed by a resource policy, or beyond the current policies): {}\n",
            join(&Value::from(beyond))
        ));
    }
    out
}

fn join(values: &Value) -> String {
    values
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}
