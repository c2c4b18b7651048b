//! `zoneproof-bench fix`: over `corpus/`, fix every ACTIVE policy finding
//! alone (and each case's findings all together), and report how many got a
//! restrict patch, a remove patch or none (and why), and the time per fix
//! with its proof, beside the time of the analysis alone (the baseline,
//! measured in the same run).

use anyhow::Context as _;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zoneproof_analyzer::analysis::AnalysisOptions;
use zoneproof_analyzer::corpus::load_cases;
use zoneproof_analyzer::fix::{
    findings, fix, FindingFix, FixInput, FixOptions, FixStatus, PatchProof, Selection, Strategy,
};
use zoneproof_dev::stats::{summarize, Summary};

/// Arguments of `zoneproof-bench fix`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus directory.
    #[arg(long, default_value = "corpus")]
    dir: PathBuf,
    /// List every finding left without a patch, with the reason.
    #[arg(long)]
    verbose: bool,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(name: &str, s: Summary) -> String {
    format!(
        "| {name:<22} | {:>9.2} | {:>9.2} | {:>9.2} |",
        ms(s.median),
        ms(s.p95),
        ms(s.max)
    )
}

/// The head of a reason (before its example), to group reasons.
fn head(reason: &str) -> String {
    let cut = reason.find(": e.g.").unwrap_or(reason.len());
    let text = &reason[..cut];
    // Statement numbers and principals vary; group by the words.
    let mut out = String::new();
    let mut skip = false;
    for c in text.chars() {
        match c {
            '#' | '{' => skip = true,
            ' ' | ',' | '}' if skip => {
                skip = c == ',' || c == '}';
                if c == ' ' {
                    skip = false;
                    out.push(' ');
                }
            }
            _ if skip => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn why_none(fix: &FindingFix) -> String {
    if fix.rejected.is_empty() {
        return head(fix.reason.as_deref().unwrap_or("unknown"));
    }
    let mut heads: Vec<String> = fix
        .rejected
        .iter()
        .map(|r| format!("{}: {}", r.strategy.name(), head(&r.reason)))
        .collect();
    heads.dedup();
    heads.join(" / ")
}

/// Runs the benchmark and prints Markdown tables.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let cases = load_cases(&args.dir).with_context(|| args.dir.display().to_string())?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut fix_times = Vec::new();
    let mut analysis_times = Vec::new();
    let mut all_times = Vec::new();
    let (mut cases_with, mut all_fixed, mut all_proved, mut errors) = (0, 0, 0, 0);
    let mut out = std::io::stdout().lock();
    for case in &cases {
        let Ok(spec) = case.spec() else { continue };
        let Some(input) = FixInput::from_spec(&spec) else {
            continue;
        };
        let options = FixOptions {
            strategy: None,
            analysis: case.options(&AnalysisOptions::default()),
            claims: Default::default(),
        };
        let started = Instant::now();
        let Ok(found) = findings(&input, &options.analysis) else {
            continue;
        };
        let analysis = started.elapsed();
        let active: Vec<String> = found
            .iter()
            .filter(|f| f.status == zoneproof_analyzer::finding::FindingStatus::Active)
            .map(|f| f.id.clone())
            .collect();
        if active.is_empty() {
            continue;
        }
        cases_with += 1;
        for id in &active {
            let started = Instant::now();
            let report = match fix(&input, &Selection::Ids(vec![id.clone()]), &options) {
                Ok(r) => r,
                Err(e) => {
                    errors += 1;
                    writeln!(out, "error: {}: {e}", case.file.display())?;
                    continue;
                }
            };
            fix_times.push(started.elapsed());
            analysis_times.push(analysis);
            for f in &report.fixes {
                let key = match (f.status, f.strategy) {
                    (FixStatus::Fixed, Some(Strategy::Restrict)) => "restrict",
                    (FixStatus::Fixed, _) => "remove",
                    (FixStatus::FixedByEarlier, _) => "fixed by earlier",
                    (FixStatus::None, _) => "none",
                };
                *counts.entry(key).or_default() += 1;
                if f.status == FixStatus::None {
                    *reasons.entry(why_none(f)).or_default() += 1;
                    if args.verbose {
                        writeln!(
                            out,
                            "none: {} {}: {}",
                            case.file.display(),
                            f.finding_id,
                            why_none(f)
                        )?;
                    }
                }
            }
        }
        let started = Instant::now();
        match fix(&input, &Selection::All, &options) {
            Ok(report) => {
                all_times.push(started.elapsed());
                if report.unfixed() == 0 {
                    all_fixed += 1;
                }
                if report.proof.as_ref().is_none_or(PatchProof::holds) {
                    all_proved += 1;
                }
            }
            Err(e) => {
                errors += 1;
                writeln!(out, "error: {}: {e}", case.file.display())?;
            }
        }
    }
    let total: usize = counts.values().sum();
    writeln!(
        out,
        "fix: {} corpus cases with ACTIVE findings, {total} findings fixed one at a time",
        cases_with
    )?;
    writeln!(out, "| outcome          | findings |")?;
    writeln!(out, "|------------------|----------|")?;
    for (key, n) in &counts {
        writeln!(out, "| {key:<16} | {n:>8} |")?;
    }
    writeln!(out)?;
    writeln!(out, "why none (rejected candidates, by reason):")?;
    let mut sorted: Vec<(&String, &usize)> = reasons.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (reason, n) in sorted {
        writeln!(out, "  {n:>4}  {reason}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "all findings of a case together: {all_fixed}/{cases_with} cases fully fixed, {all_proved}/{cases_with} whole patches proved against the original; errors: {errors}"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| time per run           | median ms |    p95 ms |    max ms |"
    )?;
    writeln!(
        out,
        "|------------------------|-----------|-----------|-----------|"
    )?;
    writeln!(
        out,
        "{}",
        row("fix one finding+proof", summarize(&fix_times))
    )?;
    writeln!(out, "{}", row("fix all of a case", summarize(&all_times)))?;
    writeln!(
        out,
        "{}",
        row("analysis alone (base)", summarize(&analysis_times))
    )?;
    let base = summarize(&analysis_times).median.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "median fix / median analysis: {:.1}x",
        summarize(&fix_times).median.as_secs_f64() / base
    )?;
    Ok(ExitCode::SUCCESS)
}
