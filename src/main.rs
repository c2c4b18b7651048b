//! The `zoneproof` command-line interface.
//!
//! `main` parses the command line and dispatches to one module per
//! subcommand in [`command`]. Exit codes (README, "Exit codes"; as cfn-policy-validator):
//! 0 nothing blocking, 1 the tool could not do its job (bad input, I/O, usage
//! error), 2 blocking findings. Errors are printed to stderr on one line.

mod command;

/// mimalloc: the analysis allocates many small, short-lived objects (terms,
/// patterns, models) per resource; the system allocator spent about a
/// tenth of the time of `bench corpus` in `malloc` and `free`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Proves who outside your AWS account or organization can reach each resource.
#[derive(Parser)]
#[command(name = "zoneproof", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Prove who outside the zone of trust can access one resource.
    Analyze(command::analyze::Args),
    /// Prove who outside the zone of trust can access every resource of files and directories.
    Scan(command::scan::Args),
    /// Write the HTML report of a scan (`scan --format json` output).
    Report(command::html_report::Args),
    /// Write the proved policy change that removes a finding (or print its archive rule).
    Fix(command::fix::Args),
    /// Parse a policy and print it as normalised IAM JSON.
    Parse(command::parse::Args),
    /// IAM Access Analyzer's policy checks, offline, for policies, templates and plans.
    Validate(command::validate::Args),
    /// Fail if policies grant access their reference does not (proved offline).
    CheckNoNewAccess(command::check::NewAccessArgs),
    /// Fail if policies grant listed actions or access to listed resources.
    CheckAccessNotGranted(command::check::NotGrantedArgs),
    /// Fail if resource policies grant public access.
    CheckNoPublicAccess(command::check::PublicAccessArgs),
    /// Decide one request against a policy (Allow, ExplicitDeny, ImplicitDeny).
    Eval(command::eval::Args),
    /// Write the least-privilege policy for what a principal did (CloudTrail), proved.
    Generate(command::generate::Args),
    /// Report unused roles, access keys, passwords and permissions (CloudTrail, IAM exports).
    Unused(command::unused::Args),
    /// List the resource types zoneproof analyses and what it reads for each.
    Types(command::types::Args),
    /// Decide one request over all the policies that apply (identity, boundary, session, SCP, RCP, resource).
    Authorize(command::authorize::Args),
    /// Audit IAM best practices and privilege-escalation paths (credential report, SCPs, boundaries).
    Audit(command::audit::Args),
    /// Every user and role that can perform an action on a resource, proved (and who can assume them).
    WhoCan(command::who_can::Args),
    /// What one user or role can do, per service: actions and resource patterns, proved.
    Can(command::can::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_exit(&error),
    };
    let result = match &cli.command {
        Command::Analyze(args) => command::analyze::run(args),
        Command::Scan(args) => command::scan::run(args),
        Command::Report(args) => command::html_report::run(args),
        Command::Fix(args) => command::fix::run(args),
        Command::Parse(args) => command::parse::run(args),
        Command::Validate(args) => command::validate::run(args),
        Command::CheckNoNewAccess(args) => command::check::run_new_access(args),
        Command::CheckAccessNotGranted(args) => command::check::run_not_granted(args),
        Command::CheckNoPublicAccess(args) => command::check::run_public_access(args),
        Command::Eval(args) => command::eval::run(args),
        Command::Generate(args) => command::generate::run(args),
        Command::Unused(args) => command::unused::run(args),
        Command::Types(args) => command::types::run(args),
        Command::Authorize(args) => command::authorize::run(args),
        Command::Audit(args) => command::audit::run(args),
        Command::WhoCan(args) => command::who_can::run(args),
        Command::Can(args) => command::can::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => command::exit_seen(),
        Err(error) => {
            eprintln!(
                "{}",
                zoneproof_analyzer::printable::line(&format!("{error:#}"))
            );
            command::TOOL_FAILED
        }
    }
}

/// Prints clap's help, version or usage error; usage errors exit with 1
/// (2 is reserved for blocking findings).
fn usage_exit(error: &clap::Error) -> ExitCode {
    // Nothing useful can be done if stdout/stderr are gone.
    let _ = error.print();
    if error.use_stderr() {
        command::TOOL_FAILED
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether the error comes from writing to a closed pipe (`zoneproof ... |
/// head`), which ends the program quietly with the exit code of the
/// results produced until then (see `command::exit_seen`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io_error| io_error.kind() == io::ErrorKind::BrokenPipe)
    })
}
