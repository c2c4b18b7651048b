//! `zoneproof-bench audit`: `zoneproof audit`, in-process, over the
//! synthetic organization with planted problems
//! ([`zoneproof_analyzer::audit::planted`]): by default 1,000 roles, 100
//! users, 300 managed policies, 12 member accounts. Prints the median time
//! of `--repeat` runs, the requests decided, and the planted problems
//! found, missed, and the near-misses falsely reported.
//! `bench gen-audit-org` writes the same organization as files.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use zoneproof_analyzer::audit::planted::PlantedOrg;
use zoneproof_analyzer::audit::{audit, AuditInputs, AuditOptions};
use zoneproof_analyzer::authorize::synthetic::SyntheticConfig;
use zoneproof_analyzer::inputs::credential_report::parse_credential_report;

/// Arguments of `zoneproof-bench audit`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Roles of the organization.
    #[arg(long, default_value_t = 1000)]
    roles: usize,
    /// Runs (the median is printed).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Seed of the organization.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Arguments of `zoneproof-bench gen-audit-org`.
#[derive(clap::Args, Debug)]
pub struct GenArgs {
    /// Directory to write `account-ID.json`, `organization.json`, `resources.json` and `credential-report.csv` into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn config(roles: usize, seed: u64) -> SyntheticConfig {
    SyntheticConfig {
        roles,
        seed,
        ..SyntheticConfig::default()
    }
}

/// Runs the benchmark.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let planted = PlantedOrg::generate(&config(args.roles, args.seed));
    let inputs = planted.org.input_set();
    let (rows, _) = parse_credential_report("credential-report.csv", &planted.credential_report);
    let options = AuditOptions {
        as_of: planted.as_of.parse()?,
        ..AuditOptions::default()
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..args.repeat.max(1) {
        let start = Instant::now();
        let report = audit(
            &AuditInputs {
                inputs: &inputs,
                credential_report: Some(&rows),
                password_policy: None,
            },
            &options,
        );
        times.push(start.elapsed());
        last = Some(report);
    }
    times.sort();
    let median = times[times.len() / 2];
    let report = last.context("no run")?;
    let reported = |(check, principal): &(&str, String)| {
        report
            .findings
            .iter()
            .any(|f| f.check == *check && &f.principal == principal)
    };
    let found = planted.expected.iter().filter(|e| reported(e)).count();
    let missed: Vec<_> = planted.expected.iter().filter(|e| !reported(e)).collect();
    let false_reports: Vec<_> = planted.near_misses.iter().filter(|e| reported(e)).collect();
    let paths = report
        .findings
        .iter()
        .filter(|f| f.check == "PRIVILEGE_ESCALATION")
        .count();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "synthetic organization (seed {}): {} accounts, {} users, {} roles, {} managed policies",
        args.seed,
        inputs.iam.accounts().count(),
        inputs.iam.users().count(),
        inputs.iam.roles().count(),
        inputs.iam.managed_policies().count()
    )?;
    writeln!(
        out,
        "audit: median {:.2} s of {} run(s) (min {:.2} s, max {:.2} s), {} requests decided, {} findings ({} escalation paths), {} undecided",
        median.as_secs_f64(),
        times.len(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        report.requests,
        report.findings.len(),
        paths,
        report.undecided.len()
    )?;
    writeln!(
        out,
        "planted: {found}/{} found, {} missed, {}/{} near-misses falsely reported",
        planted.expected.len(),
        missed.len(),
        false_reports.len(),
        planted.near_misses.len()
    )?;
    for (check, principal) in missed {
        writeln!(out, "  missed: {check} {principal}")?;
    }
    for (check, principal) in false_reports {
        writeln!(out, "  false: {check} {principal}")?;
    }
    Ok(())
}

/// Writes the planted organization as files for `zoneproof audit`.
pub fn generate(args: &GenArgs) -> anyhow::Result<()> {
    let planted = PlantedOrg::generate(&config(1000, args.seed));
    let mut written = planted
        .org
        .write(&args.out)
        .with_context(|| format!("{}: cannot write", args.out.display()))?;
    let report = args.out.join("credential-report.csv");
    std::fs::write(&report, &planted.credential_report)
        .with_context(|| format!("{}: cannot write", report.display()))?;
    written.push(report);
    writeln!(
        std::io::stdout().lock(),
        "wrote {} files to {} (audit date {})",
        written.len(),
        args.out.display(),
        planted.as_of
    )?;
    Ok(())
}
