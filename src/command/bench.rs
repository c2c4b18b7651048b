//! `zoneproof bench ...`: benchmark inputs and harnesses. Numbers are
//! measured and printed, never asserted.
//!
//! `bench gen` writes a synthetic estate (see [`super::estate`]); `make
//! bench` scans 10,000 of its resources with `scan --stats` at one and two
//! jobs (`scripts/bench-scan.sh`).

use anyhow::Context as _;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::estate;

/// What to benchmark or generate.
#[derive(clap::Subcommand)]
pub enum BenchTarget {
    /// Write a synthetic estate: an inventory (JSON Lines) for `zoneproof scan`.
    Gen(GenArgs),
}

/// Options of `zoneproof bench gen`.
#[derive(clap::Args)]
pub struct GenArgs {
    /// Number of resources.
    #[arg(long, default_value_t = 10_000)]
    resources: usize,
    /// Seed: the same seed gives the same estate.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output file (default: stdout).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs a benchmark target.
pub fn run(target: &BenchTarget) -> anyhow::Result<ExitCode> {
    match target {
        BenchTarget::Gen(args) => generate(args),
    }
}

fn generate(args: &GenArgs) -> anyhow::Result<ExitCode> {
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
    Ok(ExitCode::SUCCESS)
}
