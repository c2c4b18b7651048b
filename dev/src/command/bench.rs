//! `zoneproof-bench ...`: benchmarks and their inputs. Numbers are measured
//! and printed, never asserted.
//!
//! - `bench engine`: the logic engine's benchmark, both backends on the same
//!   random and policy-shaped queries (see `zoneproof_encodings::bench`).
//! - `bench validate`: per-policy time of `validate`'s checks over the
//!   corpus, beside the grammar-only parse (see [`super::bench_validate`]).
//! - `bench gen`: a synthetic estate (see [`super::estate`]) for `scan`;
//!   `make bench` scans 10,000 of its resources with `scan --stats` at one
//!   and two jobs (`scripts/bench-scan.sh`).
//! - `bench largest`: the largest legal policy of each resource type in its
//!   costliest shapes (see [`super::bench_largest`]).
//! - `bench authorize`: the whole IAM decision per request over a synthetic
//!   organization, in-process; `bench gen-org` writes that organization.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use zoneproof_encodings::bench;

use super::estate;

/// What to benchmark or generate.
#[derive(Debug, Subcommand)]
pub enum BenchTarget {
    /// The logic engine: automata vs z3-strings backends on the same queries.
    Engine(EngineArgs),
    /// Per-resource analysis time over corpus/ (and backend agreement).
    Corpus(super::bench_corpus::Args),
    /// Over corpus/: restrict / remove / no patch per finding (and why), time per proved fix.
    Fix(super::bench_fix::Args),
    /// Per-policy time of `validate`'s checks over corpus/, beside the grammar parse.
    Validate(super::bench_validate::Args),
    /// Per-check time of the policy checks over corpus/checks (median, p95, max).
    Check(super::bench_check::Args),
    /// Write a synthetic estate: an inventory (JSON Lines) for `zoneproof scan`.
    Gen(GenArgs),
    /// The largest policies AWS accepts per resource type, and their analysis time.
    Largest(super::bench_largest::Args),
    /// Write a synthetic CloudTrail trail (S3 delivery layout) and its IAM exports.
    GenTrail(GenTrailArgs),
    /// Read and map CloudTrail logs: events per second, and the mapping's coverage.
    Trail(super::bench_trail::Args),
    /// The whole IAM decision per request over a synthetic organization (in-process).
    Authorize(super::bench_authorize::Args),
    /// Write the synthetic organization (authorization details, organization export, resources).
    GenOrg(super::bench_authorize::GenArgs),
    /// `who-can` over the synthetic organization (in-process), beside authorizing every principal.
    WhoCan(super::bench_questions::WhoCanArgs),
    /// `can` for roles of the synthetic organization (in-process).
    Can(super::bench_questions::CanArgs),
    /// `zoneproof audit` over the synthetic organization with planted problems.
    Audit(super::bench_audit::Args),
    /// Write the synthetic organization with planted problems and its credential report.
    GenAuditOrg(super::bench_audit::GenArgs),
}

/// Options of `zoneproof-bench gen-trail`.
#[derive(Debug, Args)]
pub struct GenTrailArgs {
    /// Output directory (created).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Events in all (about 80% of them the `DataPipeline` role's).
    #[arg(long, default_value_t = 100_000)]
    pub events: usize,
    /// Days covered, ending 2026-03-31.
    #[arg(long, default_value_t = 90)]
    pub days: i64,
    /// Seed: the same seed gives the same trail.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Options of `zoneproof-bench engine`.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Number of random adversarial queries.
    #[arg(long, default_value_t = 1000)]
    pub queries: usize,
    /// Number of policy-shaped queries (10-200 patterns each).
    #[arg(long, default_value_t = 200)]
    pub policy_queries: usize,
    /// Time limit per check in milliseconds, for both backends.
    #[arg(long, default_value_t = 1000)]
    pub timeout_ms: u64,
    /// Seed of the query generators.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Options of `zoneproof-bench gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Number of resources.
    #[arg(long, default_value_t = 10_000)]
    pub resources: usize,
    /// Seed: the same seed gives the same estate.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file (default: stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs a benchmark (its table on stdout) or writes a benchmark input.
pub fn run(target: &BenchTarget) -> anyhow::Result<()> {
    match target {
        BenchTarget::Engine(args) => engine(args),
        BenchTarget::Corpus(args) => super::bench_corpus::run(args).map(|_| ()),
        BenchTarget::Fix(args) => super::bench_fix::run(args).map(|_| ()),
        BenchTarget::Validate(args) => super::bench_validate::run(args).map(|_| ()),
        BenchTarget::Check(args) => super::bench_check::run(args).map(|_| ()),
        BenchTarget::Gen(args) => generate(args),
        BenchTarget::Largest(args) => super::bench_largest::run(args),
        BenchTarget::GenTrail(args) => {
            let spec = super::trail_gen::TrailSpec {
                events: args.events,
                days: args.days.max(1),
                seed: args.seed,
            };
            let files = super::trail_gen::write_trail(&args.out, &spec)?;
            eprintln!(
                "wrote {} events in {files} files under {}",
                args.events,
                args.out.display()
            );
            Ok(())
        }
        BenchTarget::Trail(args) => super::bench_trail::run(args),
        BenchTarget::Authorize(args) => super::bench_authorize::run(args),
        BenchTarget::GenOrg(args) => super::bench_authorize::generate(args),
        BenchTarget::WhoCan(args) => super::bench_questions::run_who_can(args),
        BenchTarget::Can(args) => super::bench_questions::run_can(args),
        BenchTarget::Audit(args) => super::bench_audit::run(args),
        BenchTarget::GenAuditOrg(args) => super::bench_audit::generate(args),
    }
}

fn engine(args: &EngineArgs) -> anyhow::Result<()> {
    let config = bench::Config {
        random_queries: args.queries,
        policy_queries: args.policy_queries,
        timeout: Duration::from_millis(args.timeout_ms),
        seed: args.seed,
    };
    let show_progress = std::io::stderr().is_terminal();
    let report = bench::run(&config, &mut |set, done, total| {
        if show_progress && (done % 10 == 0 || done == total) {
            eprint!("\r{set}: {done}/{total}   ");
            if done == total {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    });
    print!("{report}");
    Ok(())
}

fn generate(args: &GenArgs) -> anyhow::Result<()> {
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    for record in estate::generate(args.resources, args.seed) {
        serde_json::to_writer(&mut out, &record)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
