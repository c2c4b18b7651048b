//! `zoneproof-bench validate`: per-policy time of `zoneproof validate`'s
//! checks over `corpus/` (in-process, best of N repetitions per policy),
//! beside the grammar-only parse that `validate` did before the checks, as
//! the baseline measured in the same run.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zoneproof_analyzer::corpus::{load_cases, Case};
use zoneproof_analyzer::policy::parse_policy;
use zoneproof_analyzer::validate::{validate_policy, PolicyType, ValidateOptions};
use zoneproof_dev::stats::{summarize, Summary};

/// Arguments of `zoneproof-bench validate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus directory.
    #[arg(long, default_value = "corpus")]
    dir: PathBuf,
    /// Repetitions per policy (the best is kept; the first warms caches).
    #[arg(long, default_value_t = 5)]
    repeat: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(name: &str, s: Summary) -> String {
    format!(
        "| {name:<26} | {:>9.3} | {:>9.3} | {:>9.3} |",
        ms(s.median),
        ms(s.p95),
        ms(s.max)
    )
}

/// A corpus case as validation takes it: its policy text and options.
fn policy_of(case: &Case) -> Option<(String, ValidateOptions)> {
    let text = match &case.policy {
        serde_json::Value::Null => return None,
        serde_json::Value::String(text) => text.clone(),
        other => serde_json::to_string_pretty(other).ok()?,
    };
    let policy_type = if case.resource_type == "AWS::IAM::Role" {
        PolicyType::Trust
    } else {
        PolicyType::Resource
    };
    let resource_type = zoneproof_analyzer::validate::resource_kind(&case.resource_type)
        .filter(|kind| kind.aws_validated && policy_type == PolicyType::Resource)
        .map(|kind| kind.name.to_owned());
    Some((
        text,
        ValidateOptions {
            policy_type,
            resource_type,
        },
    ))
}

/// The best of `repeat` runs of `work`.
fn best_of(repeat: usize, mut work: impl FnMut()) -> Duration {
    (0..repeat.max(1))
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Runs the benchmark and prints a Markdown table.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let cases = load_cases(&args.dir).with_context(|| args.dir.display().to_string())?;
    let policies: Vec<(String, ValidateOptions)> = cases.iter().filter_map(policy_of).collect();
    // The catalog is loaded once per process; load it before timing.
    let started = Instant::now();
    let _ = validate_policy("{}", &ValidateOptions::default())?;
    let first_load = started.elapsed();
    let mut parse_times = Vec::with_capacity(policies.len());
    let mut validate_times = Vec::with_capacity(policies.len());
    let mut findings = 0;
    for (text, options) in &policies {
        parse_times.push(best_of(args.repeat, || {
            let _ = parse_policy(text);
        }));
        let mut count = 0;
        validate_times.push(best_of(args.repeat, || {
            count = validate_policy(text, options).map_or(0, |found| found.len());
        }));
        findings += count;
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    let parse = summarize(&parse_times);
    let validate = summarize(&validate_times);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "validate: {} policies of {}, best of {} runs each; {findings} findings",
        policies.len(),
        args.dir.display(),
        args.repeat
    )?;
    writeln!(
        out,
        "| per policy                 | median ms |    p95 ms |    max ms |"
    )?;
    writeln!(
        out,
        "|----------------------------|-----------|-----------|-----------|"
    )?;
    writeln!(out, "{}", row("grammar parse (baseline)", parse))?;
    writeln!(out, "{}", row("validate (all checks)", validate))?;
    writeln!(out)?;
    writeln!(
        out,
        "validate / parse, medians: {:.1}x; first call (catalog load): {:.1} ms",
        ratio(validate.median, parse.median),
        ms(first_load)
    )?;
    Ok(ExitCode::SUCCESS)
}
