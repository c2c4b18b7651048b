//! `zoneproof-bench corpus`: per-resource analysis time over `corpus/`
//! (in-process, medians of the best of N repetitions) and the agreement of
//! the automata and z3-strings backends measured in the same run.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use zoneproof_analyzer::corpus::load_cases;
use zoneproof_dev::stats::{agreement, run_backend, summarize, Summary};
use zoneproof_encodings::solver::BackendKind;

/// Arguments of `zoneproof-bench corpus`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus directory.
    #[arg(long, default_value = "corpus")]
    dir: PathBuf,
    /// Repetitions per resource (the best is kept; the first warms caches).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Also run the z3-strings backend and compare findings.
    #[arg(long)]
    differential: bool,
    /// Per-check timeout of the z3-strings backend, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    z3_timeout_ms: u64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(name: &str, s: Summary) -> String {
    format!(
        "| {name:<11} | {:>9.3} | {:>9.3} | {:>9.3} |",
        ms(s.median),
        ms(s.p95),
        ms(s.max)
    )
}

/// Runs the corpus benchmark and prints a Markdown table.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let cases = load_cases(&args.dir).with_context(|| args.dir.display().to_string())?;
    let (automata, first) = run_backend(
        &cases,
        BackendKind::Automata,
        Duration::from_secs(10),
        args.repeat,
    );
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "corpus: {} resources, best of {} runs each",
        cases.len(),
        args.repeat
    )?;
    writeln!(out, "| backend     | median ms |    p95 ms |    max ms |")?;
    writeln!(out, "|-------------|-----------|-----------|-----------|")?;
    writeln!(out, "{}", row("automata", summarize(&automata.times)))?;
    let checks: u64 = first.iter().flatten().map(|r| r.proof.solver_checks).sum();
    writeln!(out, "automata solver checks: {checks} in all")?;
    if args.differential {
        let timeout = Duration::from_millis(args.z3_timeout_ms);
        let (z3, second) = run_backend(&cases, BackendKind::Z3Strings, timeout, 1);
        writeln!(out, "{}", row("z3-strings", summarize(&z3.times)))?;
        let ratios: Vec<f64> = automata
            .times
            .iter()
            .zip(&z3.times)
            .map(|(a, z)| z.as_secs_f64() / a.as_secs_f64().max(1e-9))
            .collect();
        let mut sorted = ratios.clone();
        sorted.sort_by(f64::total_cmp);
        let median_ratio = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        let (numbers, disagreeing) = agreement(&first, &second);
        writeln!(out)?;
        writeln!(
            out,
            "z3-strings / automata, median per-resource ratio: {median_ratio:.1}x; z3-strings unknown: {} (timeout {} ms per check)",
            z3.unknown, args.z3_timeout_ms
        )?;
        writeln!(
            out,
            "agreement: {} of {} decided by both agree; {} undecided by z3-strings",
            numbers.agreed, numbers.decided, numbers.undecided
        )?;
        for index in disagreeing {
            if let Some(case) = cases.get(index) {
                writeln!(out, "  disagree: {}", case.file.display())?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "automata: {} unknown, {} error results, {} cases not matching their expectation",
        automata.unknown, automata.errors, automata.mismatches
    )?;
    Ok(ExitCode::SUCCESS)
}
