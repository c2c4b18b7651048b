//! `zoneproof scan PATH...`: every resource of every input file, analysed in
//! parallel, reported in input order.
//!
//! Inputs are recognised by their shape (`zoneproof_analyzer::inputs`):
//! inventories, `get-account-authorization-details` output, AWS Config
//! items, CloudFormation templates and Terraform plans, in files or
//! directories. Resources are analysed by a rayon pool of `--jobs` threads,
//! each with its own solver (Z3 objects never cross threads); results are
//! written in input order whatever the number of jobs, as soon as all the
//! results before them are in (so `--format jsonl` streams).
//!
//! Errors belong to one resource: an input that cannot be read, a policy
//! that does not parse, an unknown resource type, each becomes an `error`
//! record in its place, printed on stderr too, and the scan goes on.
//!
//! Exit code: 1 if any resource errored or is unknown; else 2 if some
//! finding blocks under `--fail-on`; else 0.
//!
//! The pipeline and the reports are the library's (`zoneproof_analyzer::scan`),
//! shared with the Python package; this module is the command line.

use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zoneproof_analyzer::inputs::ReadOptions;
use zoneproof_analyzer::reuse::ReuseCache;
use zoneproof_analyzer::scan::baseline::Baseline;
use zoneproof_analyzer::scan::pipeline::{thread_pool, PathRead, Pipeline, ScanObserver};
use zoneproof_analyzer::scan::record::Record;
use zoneproof_analyzer::scan::summary::{self, Summary};
use zoneproof_analyzer::scan::text::{error_line, Paint};
use zoneproof_analyzer::scan::writer::{ReportOptions, ReportWriter};
use zoneproof_analyzer::scan::{ReportError, Verdict};
use zoneproof_analyzer::validate::FindingType;

use super::progress::Console;
use super::report::Format;
use super::zone::ZoneArgs;

/// Arguments of `zoneproof scan`.
#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to scan: inventories (JSON, JSON Lines),
    /// `aws iam get-account-authorization-details` output, AWS Config items,
    /// CloudFormation templates (JSON, YAML), Terraform plans (JSON).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    zone: ZoneArgs,
    /// The region templates and plans deploy into (`AWS::Region`).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// The partition templates and plans deploy into (default `aws`).
    #[arg(long, value_name = "PARTITION")]
    partition: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Resources analysed in parallel (default: every core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// An earlier `scan --format json` output: mark findings NEW or
    /// UNCHANGED and list the baseline's findings that are gone as RESOLVED.
    #[arg(long, value_name = "FINDINGS.json")]
    baseline: Option<PathBuf>,
    /// Which findings make the exit code 2: NEW active ones (default with
    /// --baseline), every ACTIVE one (default otherwise), or none.
    #[arg(long, value_enum, value_name = "WHICH")]
    fail_on: Option<FailOn>,
    /// Log what the scan does on stderr (-v: steps, -vv: every resource).
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Do not show the progress bar (it is only shown when stderr is a terminal).
    #[arg(long)]
    no_progress: bool,
    /// Print one line of statistics on stderr at the end: resources,
    /// findings, jobs, wall time and peak memory.
    #[arg(long)]
    stats: bool,
    /// Also validate every policy of the inputs (`zoneproof validate`):
    /// the validation report follows the scan's (text: a section before
    /// the summary; json: a `validation` member; jsonl: `{"validation":
    /// ...}` lines; SARIF: a second run), and an ERROR or SECURITY_WARNING
    /// finding makes the exit code 2.
    #[arg(long)]
    validate: bool,
    /// Analyse every resource on its own, never reusing the answer of a
    /// resource with the same policy (slower; for comparisons).
    #[arg(long)]
    no_reuse: bool,
    /// Add to each finding the proved patch that removes it (as `zoneproof
    /// fix` proves it): in JSON a `fix` member (the patched policy, the
    /// change, the proof, the policy's location and, for a policy written
    /// in a JSON file, the replacement of its text), in SARIF `fixes`; a
    /// finding without a patch carries the reason.
    #[arg(long)]
    fixes: bool,
}

/// Which findings block (exit code 2).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// ACTIVE findings that are not in the baseline.
    New,
    /// Every ACTIVE finding.
    Active,
    /// None: only errors make the scan fail.
    None,
}

/// Scans the paths and reports.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let console = Console::new(!args.no_progress, args.verbose);
    let baseline = match &args.baseline {
        Some(path) => {
            let baseline = Baseline::load(path)?;
            tracing::info!("baseline {}: {} findings", path.display(), baseline.len());
            Some(baseline)
        }
        None => None,
    };
    let template = args.zone.template()?;
    let options = args.zone.options()?;
    let jobs = args.jobs.map_or_else(default_jobs, usize::from);

    let read_options = ReadOptions {
        account: args.zone.account.clone(),
        region: args.region.clone(),
        partition: args.partition.clone(),
    };
    let fail_on = args.fail_on.map_or(
        if baseline.is_some() {
            summary::FailOn::New
        } else {
            summary::FailOn::Active
        },
        summary::FailOn::from,
    );
    let validation = if args.validate {
        let options = super::validate::read_options(
            args.zone.account.clone(),
            args.region.clone(),
            args.partition.clone(),
        );
        Some(super::validate::validate_paths(
            &args.paths,
            &options,
            zoneproof_analyzer::inputs::documents::DocumentKind::Identity,
        )?)
    } else {
        None
    };
    let validation_verdict = validation.as_deref().map(|records| {
        for record in records {
            if let Err(error) = &record.document {
                console.line(&error.to_string());
            }
        }
        zoneproof_analyzer::scan::validation::verdict(records, &BLOCKING_VALIDATION)
    });
    let report_options = ReportOptions {
        baseline,
        validation,
        cwd: std::env::current_dir().ok(),
    };
    let mut writer = ReportWriter::new(
        args.format.into(),
        BufWriter::new(std::io::stdout()),
        Paint::for_stdout(),
        report_options,
    );
    console.start();
    tracing::info!("reading and analysing with {jobs} jobs");
    let cache = if args.no_reuse {
        ReuseCache::disabled(&options)
    } else {
        ReuseCache::new(&options)
    };
    let pipeline = Pipeline {
        template: &template,
        cache: &cache,
        fixes: args.fixes.then_some(&options),
    };
    let pool = thread_pool(Some(jobs))?;
    let observer = Observer {
        console: &console,
        started,
    };
    pipeline.run_paths(&pool, &args.paths, &read_options, &observer, |record| {
        emit(&mut writer, &console, fail_on, record)
    })?;
    console.finish();
    if writer.summary().resources == 0 {
        console.line("zoneproof scan: no resources found");
    }
    let summary = writer.finish()?;
    let wall = started.elapsed();
    tracing::info!("done in {:.2} s", wall.as_secs_f64());
    if args.stats {
        console.line(&stats_line(&summary, jobs, cache.reused(), wall));
    }
    let verdict = summary
        .verdict(fail_on)
        .max(validation_verdict.unwrap_or(Verdict::Clean));
    Ok(super::verdict_exit_code(verdict))
}

/// Logs each path read and moves the progress bar.
struct Observer<'a> {
    console: &'a Console,
    started: Instant,
}

impl ScanObserver for Observer<'_> {
    fn path_read(&self, read: &PathRead<'_>) {
        tracing::info!(
            "{}: {} resources, {} input errors (read by {:.0} ms)",
            read.path.display(),
            read.resources,
            read.errors,
            self.started.elapsed().as_secs_f64() * 1000.0
        );
    }

    fn input_read(&self) {
        self.console.grow();
    }

    fn analysed(&self) {
        self.console.advance();
    }
}

/// The validation finding types that block a `scan --validate`.
const BLOCKING_VALIDATION: [FindingType; 2] = [FindingType::Error, FindingType::SecurityWarning];

/// Writes one record: its error line on stderr, the record in the report,
/// and the exit code so far (for a closed output).
fn emit(
    writer: &mut ReportWriter<BufWriter<std::io::Stdout>>,
    console: &Console,
    fail_on: summary::FailOn,
    record: Record,
) -> Result<(), ReportError> {
    let result = &record.result;
    tracing::debug!(
        "{} ({}): {:?}, {} findings, {} checks, {:.1} ms",
        result.resource,
        result.resource_type,
        result.status,
        result.findings.len(),
        result.proof.solver_checks,
        result.proof.micros as f64 / 1000.0
    );
    if let Some(line) = error_line(result) {
        console.line(&line);
    }
    writer.write(record)?;
    super::note_exit(writer.summary().verdict(fail_on).exit_number());
    Ok(())
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

impl From<FailOn> for summary::FailOn {
    fn from(fail_on: FailOn) -> summary::FailOn {
        match fail_on {
            FailOn::New => summary::FailOn::New,
            FailOn::Active => summary::FailOn::Active,
            FailOn::None => summary::FailOn::None,
        }
    }
}

/// The `--stats` line.
fn stats_line(summary: &Summary, jobs: usize, reused: usize, wall: Duration) -> String {
    let peak = peak_memory().map_or_else(
        || "unavailable".to_string(),
        |kib| format!("{:.1} MiB", kib as f64 / 1024.0),
    );
    format!(
        "zoneproof scan stats: {} resources ({} analyzed, {} errors, {} unknown), {} findings, \
         {jobs} jobs, {reused} answers reused, wall {:.2} s, peak memory {peak} \
         (VmHWM)",
        summary.resources,
        summary.analyzed,
        summary.errors,
        summary.unknown,
        summary.findings,
        wall.as_secs_f64()
    )
}

/// The process's peak resident memory in KiB (`VmHWM` of
/// `/proc/self/status`), where the system tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
