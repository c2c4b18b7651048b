//! `zoneproof bench engine`: the logic engine's benchmark, both backends on
//! the same random and policy-shaped queries (see `zoneproof_encodings::bench`).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use clap::{Args, Subcommand};
use zoneproof_encodings::bench;

/// What to benchmark.
#[derive(Debug, Subcommand)]
pub enum BenchTarget {
    /// The logic engine: automata vs z3-strings backends on the same queries.
    Engine(EngineArgs),
}

/// Options of `zoneproof bench engine`.
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

/// Runs a benchmark and prints its table on stdout.
pub fn run(target: &BenchTarget) -> anyhow::Result<()> {
    let BenchTarget::Engine(args) = target;
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
