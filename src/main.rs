//! The `zoneproof` command-line interface.

mod command {
    pub mod bench;
}

use clap::{Parser, Subcommand};

/// Proves who outside your AWS account or organization can reach each resource.
#[derive(Debug, Parser)]
#[command(name = "zoneproof", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Benchmarks (`make bench` runs `bench engine`).
    Bench {
        #[command(subcommand)]
        target: command::bench::BenchTarget,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Bench { target } => command::bench::run(&target),
    }
}
