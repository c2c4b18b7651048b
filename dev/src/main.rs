//! `zoneproof-bench`: zoneproof's benchmarks and the generators of their
//! inputs (a development tool, not shipped). Numbers are measured and
//! printed, never asserted. Errors are printed on stderr on one line; the
//! exit code is then 1.

mod command;

use clap::Parser;
use std::process::ExitCode;

/// The allocator of the shipped `zoneproof` CLI, so in-process benchmarks
/// measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// zoneproof's benchmarks and their inputs (`make bench` runs them).
#[derive(Parser)]
#[command(name = "zoneproof-bench", version)]
struct Cli {
    #[command(subcommand)]
    target: command::bench::BenchTarget,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match command::bench::run(&cli.target) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "{}",
                zoneproof_analyzer::printable::line(&format!("{error:#}"))
            );
            ExitCode::FAILURE
        }
    }
}
