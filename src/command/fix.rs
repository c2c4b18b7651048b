//! `zoneproof fix POLICY.json --resource-type T --resource-arn ARN ...`:
//! the policy change that removes each selected finding, proved by the
//! engine: (a) the finding's class is gone, (b) no new access, (c) nothing
//! else lost. `--archive` prints the archive rule of each selected finding
//! instead.

use super::zone::ZoneArgs;
use anyhow::{bail, Context as _};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use zoneproof_analyzer::finding::Finding;
use zoneproof_analyzer::fix::{
    findings, fix, unified_diff, Claims, FixInput, FixOptions, FixReport, FixStatus, Obligation,
    PatchProof, Selection, Strategy,
};
use zoneproof_analyzer::report::archive_rule::{archive_rule_for, rule_matches_among};
use zoneproof_analyzer::resource::ResourceType;

/// Output formats of `fix`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixFormat {
    /// For people: what was done per finding, the proof, the diff.
    Text,
    /// The unified diff only.
    Diff,
    /// One JSON object: `policy` (the patched document), `diff`, `proof`, `fixes`.
    Json,
}

/// Kinds of patch.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyArg {
    /// Add a condition keeping the zone in and the finding's principal out.
    Restrict,
    /// Take the principal out of the statement (drop it when none is left).
    Remove,
}

/// Arguments of `zoneproof fix`.
#[derive(clap::Args)]
pub struct Args {
    /// The resource policy document (JSON).
    policy: PathBuf,
    /// The resource type, e.g. AWS::S3::Bucket, AWS::IAM::Role.
    #[arg(long, value_name = "TYPE")]
    resource_type: String,
    /// The resource ARN.
    #[arg(long, value_name = "ARN")]
    resource_arn: String,
    #[command(flatten)]
    zone: ZoneArgs,
    /// A finding to fix, by id (repeatable; default: every ACTIVE finding).
    #[arg(long = "finding", value_name = "ID")]
    findings: Vec<String>,
    /// Fix every ACTIVE finding (the default when no --finding is given).
    #[arg(long, conflicts_with = "findings")]
    all: bool,
    /// Only this kind of patch (default: restrict, then remove).
    #[arg(long, value_enum)]
    strategy: Option<StrategyArg>,
    /// A claim that restricts a federated finding to your workload,
    /// KEY=VALUE (repeatable; several values of one key are any of them;
    /// `*` and `?` make it StringLike), e.g.
    /// `token.actions.githubusercontent.com:sub=repo:my-org/my-repo:ref:refs/heads/main`
    /// or `SAML:aud=https://signin.aws.amazon.com/saml`.
    #[arg(long = "claim", value_name = "KEY=VALUE")]
    claims: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FixFormat::Text)]
    format: FixFormat,
    /// Rewrite the policy file with the proved patch.
    #[arg(long, conflicts_with = "archive")]
    write: bool,
    /// Print the archive rule (Access Analyzer filter syntax) that archives
    /// exactly each selected finding, instead of patching.
    #[arg(long)]
    archive: bool,
}

/// Runs `fix`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.zone.organization.is_some() {
        anyhow::bail!(
            "--organization: `fix` repairs the resource policy on its own; RCPs are applied by `analyze` and `scan`"
        );
    }
    let bytes = std::fs::read(&args.policy)
        .with_context(|| format!("{}: cannot read", args.policy.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}: $: not valid UTF-8", args.policy.display()))?;
    let resource_type = ResourceType::resolve(&args.resource_type, &args.resource_arn)?;
    resource_type
        .validate_arn(&args.resource_arn)
        .context("--resource-arn")?;
    let input = FixInput {
        resource_type,
        arn: args.resource_arn.clone(),
        zone: args.zone.zone_for(&args.resource_arn)?,
        text,
    };
    let options = FixOptions {
        strategy: args.strategy.map(|s| match s {
            StrategyArg::Restrict => Strategy::Restrict,
            StrategyArg::Remove => Strategy::Remove,
        }),
        analysis: args.zone.options()?,
        claims: Claims::from_args(&args.claims)?,
    };
    let selection = if args.findings.is_empty() {
        Selection::All
    } else {
        Selection::Ids(args.findings.clone())
    };
    let file = args.policy.display().to_string();
    if args.archive {
        let all = findings(&input, &options.analysis).with_context(|| file.clone())?;
        return print_archive_rules(&all, &selection);
    }
    let report = fix(&input, &selection, &options).with_context(|| file.clone())?;
    let diff = unified_diff(&input.text, &report.text, &file);
    let whole_holds = report.proof.as_ref().is_none_or(PatchProof::holds);
    if !whole_holds {
        bail!(
            "{file}: the combined patch failed its proof against the original policy: {}",
            report
                .proof
                .as_ref()
                .and_then(PatchProof::failure)
                .unwrap_or_default()
        );
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        FixFormat::Diff => out.write_all(diff.as_bytes())?,
        FixFormat::Json => {
            let mut value = serde_json::to_value(&report)?;
            if let Some(object) = value.as_object_mut() {
                object.insert("policy".into(), report.policy_json());
                object.insert("diff".into(), diff.clone().into());
            }
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        FixFormat::Text => write_text(&mut out, &report, &diff)?,
    }
    if args.write && report.delete_policy {
        bail!(
            "{file}: the proved fix leaves no statement: delete the policy (AWS does not store a policy without statements); the file is not written"
        );
    }
    if args.write && report.text != input.text {
        std::fs::write(&args.policy, &report.text)
            .with_context(|| format!("{file}: cannot write"))?;
        if args.format == FixFormat::Text {
            writeln!(out, "wrote {file}")?;
        }
    }
    Ok(if report.unfixed() > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_archive_rules(all: &[Finding], selection: &Selection) -> anyhow::Result<ExitCode> {
    let active: Vec<&Finding> = all
        .iter()
        .filter(|f| f.status == zoneproof_analyzer::finding::FindingStatus::Active)
        .collect();
    let chosen: Vec<&Finding> = match selection {
        Selection::All => active.clone(),
        Selection::Ids(ids) => {
            let mut chosen = Vec::new();
            for id in ids {
                match active.iter().find(|f| &f.id == id) {
                    Some(f) => chosen.push(*f),
                    None => bail!("no ACTIVE finding `{id}`"),
                }
            }
            chosen
        }
    };
    let siblings: Vec<&Finding> = all.iter().collect();
    let mut rules = Vec::new();
    for finding in chosen {
        let rule = archive_rule_for(finding, &siblings);
        let matched = rule_matches_among(&rule, &siblings);
        if matched != 1 {
            eprintln!(
                "note: the archive rule for {} also matches {} other finding(s) of this resource: Access Analyzer's filter keys cannot tell them apart",
                finding.id,
                matched.saturating_sub(1)
            );
        }
        rules.push(rule);
    }
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &rules)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

fn mark(o: &Obligation) -> &'static str {
    if o.holds {
        "proved"
    } else {
        "FAILED"
    }
}

fn write_text(out: &mut impl std::io::Write, report: &FixReport, diff: &str) -> anyhow::Result<()> {
    if report.fixes.is_empty() {
        writeln!(out, "{}: no ACTIVE finding to fix", report.resource)?;
        return Ok(());
    }
    for f in &report.fixes {
        let who = format!(
            "{} {}",
            f.finding.principal.type_name(),
            f.finding.principal.value()
        );
        writeln!(
            out,
            "finding {} ({who}; {})",
            f.finding_id,
            f.finding.action.join(", ")
        )?;
        match f.status {
            FixStatus::Fixed => {
                let strategy = f.strategy.map_or("", Strategy::name);
                writeln!(
                    out,
                    "  fixed ({strategy}): {}",
                    f.change.as_deref().unwrap_or_default()
                )?;
                if let Some(p) = &f.proof {
                    writeln!(
                        out,
                        "  proof: (a) class gone {}, (b) no new access {}, (c) nothing else lost {} [{:.1} ms]",
                        mark(&p.class_gone),
                        mark(&p.no_new_access),
                        mark(&p.nothing_else_lost),
                        f.micros as f64 / 1000.0
                    )?;
                }
            }
            FixStatus::FixedByEarlier => {
                writeln!(out, "  fixed by the patch of an earlier finding")?
            }
            FixStatus::None => writeln!(
                out,
                "  not fixed: {}",
                f.reason.as_deref().unwrap_or_default()
            )?,
        }
        for r in &f.rejected {
            writeln!(
                out,
                "  rejected ({}): {}: {}",
                r.strategy.name(),
                r.change,
                r.reason
            )?;
        }
    }
    if let Some(p) = &report.proof {
        writeln!(
            out,
            "whole patch against the original policy: (a) {}, (b) {}, (c) {}",
            mark(&p.class_gone),
            mark(&p.no_new_access),
            mark(&p.nothing_else_lost)
        )?;
    }
    if report.delete_policy {
        writeln!(
            out,
            "the patched policy has no statement left: delete the policy (AWS does not store an empty one)"
        )?;
    }
    if report.remaining.is_empty() {
        writeln!(out, "remaining ACTIVE findings: none")?;
    } else {
        writeln!(out, "remaining ACTIVE findings:")?;
        for f in &report.remaining {
            let condition = if f.condition.is_empty() {
                String::new()
            } else {
                format!(
                    " when {}",
                    serde_json::to_string(&f.condition).unwrap_or_default()
                )
            };
            writeln!(
                out,
                "  {} {} {}{condition}",
                f.id,
                f.principal.type_name(),
                f.principal.value()
            )?;
        }
    }
    if !diff.is_empty() {
        writeln!(out)?;
        out.write_all(diff.as_bytes())?;
    }
    Ok(())
}
