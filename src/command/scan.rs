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

use anyhow::Context as _;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufWriter, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use zoneproof_analyzer::finding::{Finding, FindingStatus, ResourceResult, ResultStatus};
use zoneproof_analyzer::inputs::{read_path, InputError, ReadOptions, ResourceInput, ZoneTemplate};
use zoneproof_analyzer::reuse::ReuseCache;

use super::baseline::Baseline;
use super::progress::Console;
use super::record::{Change, Location, Record};
use super::report::{error_line, write_resolved_text, write_text, Format, Paint};
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
    let tasks = read_inputs(&args.paths, &read_options);
    let read_time = started.elapsed();
    tracing::info!(
        "read {} resources from {} paths in {:.0} ms",
        tasks.len(),
        args.paths.len(),
        read_time.as_secs_f64() * 1000.0
    );
    if tasks.is_empty() {
        console.line("zoneproof scan: no resources found");
    }

    let fail_on = args.fail_on.unwrap_or(if baseline.is_some() {
        FailOn::New
    } else {
        FailOn::Active
    });
    let cwd = std::env::current_dir().ok();
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
    let mut emitter = Emitter::new(args.format, baseline, console.clone(), cwd);
    emitter.validation = validation;
    emitter.fail_on = fail_on;
    console.start(tasks.len());
    tracing::info!("analysing with {jobs} jobs");
    let cache = if args.no_reuse {
        ReuseCache::disabled(&options)
    } else {
        ReuseCache::new(&options)
    };
    let scan = Scan {
        template: &template,
        cache: &cache,
        jobs,
        fixes: args.fixes.then_some(&options),
    };
    scan.run(tasks, &console, &mut emitter)?;
    console.finish();
    let summary = emitter.finish()?;
    let wall = started.elapsed();
    tracing::info!("done in {:.2} s", wall.as_secs_f64());
    if args.stats {
        console.line(&summary.stats_line(jobs, cache.reused(), read_time, wall));
    }
    Ok(combined_exit_code(
        summary.exit_code(fail_on),
        summary.validation_exit.unwrap_or(ExitCode::SUCCESS),
    ))
}

/// The number of an exit code this command gives (0, 1 or 2).
fn exit_number(code: ExitCode) -> u8 {
    if code == ExitCode::SUCCESS {
        0
    } else if code == ExitCode::from(2) {
        2
    } else {
        1
    }
}

/// The worse of two exit codes: 1 (could not do the job) over 2
/// (blocking findings) over 0.
fn combined_exit_code(scan: ExitCode, validation: ExitCode) -> ExitCode {
    let rank = |code: ExitCode| {
        if code == super::TOOL_FAILED {
            2
        } else if code == ExitCode::from(2) {
            1
        } else {
            0
        }
    };
    if rank(validation) > rank(scan) {
        validation
    } else {
        scan
    }
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// One resource to analyse (or an input error to report in its place).
struct Task {
    input: Result<ResourceInput, InputError>,
    location: Location,
}

/// Reads every path, in order; each resource keeps its place.
fn read_inputs(paths: &[PathBuf], options: &ReadOptions) -> Vec<Task> {
    let mut tasks = Vec::new();
    for path in paths {
        let started = Instant::now();
        let inputs = read_path(path, options);
        let errors = inputs.iter().filter(|i| i.is_err()).count();
        tracing::info!(
            "{}: {} resources, {errors} input errors ({:.0} ms)",
            path.display(),
            inputs.len() - errors,
            started.elapsed().as_secs_f64() * 1000.0
        );
        tasks.extend(inputs.into_iter().map(|input| {
            let location = match &input {
                Ok(resource) => Location::of_origin(&resource.origin),
                Err(error) => Location::of_error(error),
            };
            Task { input, location }
        }));
    }
    tasks
}

/// How the resources are analysed.
struct Scan<'a> {
    template: &'a ZoneTemplate,
    /// The analysis, with answers shared by resources whose answers cannot
    /// differ but by their ARN.
    cache: &'a ReuseCache,
    jobs: usize,
    /// With `--fixes`: the analysis options the fixes are proved under.
    fixes: Option<&'a zoneproof_analyzer::analysis::AnalysisOptions>,
}

impl Scan<'_> {
    /// Analyses the tasks on a pool of `jobs` threads and hands each result
    /// to the emitter in input order, as soon as its predecessors are done.
    fn run(
        &self,
        tasks: Vec<Task>,
        console: &Console,
        emitter: &mut Emitter,
    ) -> anyhow::Result<()> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .thread_name(|i| format!("zoneproof-scan-{i}"))
            // The analysis recurses over policies; give workers the main
            // thread's usual stack.
            .stack_size(8 << 20)
            .build()
            .context("cannot start the analysis threads")?;
        let mut locations: Vec<Option<Location>> = Vec::with_capacity(tasks.len());
        let mut inputs = Vec::with_capacity(tasks.len());
        for task in tasks {
            locations.push(Some(task.location));
            inputs.push(task.input);
        }
        let (sender, receiver) = mpsc::channel::<(usize, Analysed)>();
        // Set when the output fails (e.g. `| head` closed the pipe): the
        // analyses not yet started are skipped.
        let cancelled = AtomicBool::new(false);
        std::thread::scope(|threads| -> anyhow::Result<()> {
            threads.spawn(|| {
                pool.scope_fifo(|scope| {
                    for (index, input) in inputs.into_iter().enumerate() {
                        let sender = sender.clone();
                        let cancelled = &cancelled;
                        scope.spawn_fifo(move |_| {
                            if cancelled.load(Ordering::Relaxed) {
                                return;
                            }
                            let result = self.analyze_one(input);
                            // The receiver only goes away when output failed.
                            let _ = sender.send((index, result));
                        });
                    }
                });
                drop(sender);
            });
            let written = write_in_order(&receiver, &mut locations, console, emitter);
            if written.is_err() {
                cancelled.store(true, Ordering::Relaxed);
            }
            written
        })
    }

    /// One resource: its input error, its conversion error, or its analysis,
    /// with reasons located at its policy.
    fn analyze_one(&self, input: Result<ResourceInput, InputError>) -> Analysed {
        let input = match input {
            Ok(input) => input,
            Err(error) => return (error.to_result(), Vec::new()),
        };
        let spec = match input.to_spec(self.template) {
            Ok(spec) => spec,
            Err(error) => return (error.to_result(), Vec::new()),
        };
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.cache.analyze(&spec)));
        let mut result = outcome.unwrap_or_else(|_| {
            ResourceResult::error(
                &spec.arn,
                spec.resource_type.name(),
                "internal error: the analysis panicked; please report it".to_string(),
            )
        });
        input.locate_result(&mut result);
        tracing::debug!(
            "{} ({}): {:?}, {} findings, {} checks, {:.1} ms",
            result.resource,
            result.resource_type,
            result.status,
            result.findings.len(),
            result.proof.solver_checks,
            started.elapsed().as_secs_f64() * 1000.0
        );
        let fixes = self.fixes.map_or_else(Vec::new, |options| {
            catch_unwind(AssertUnwindSafe(|| {
                super::scan_fix::fixes_for(&input, &spec, &result, options)
            }))
            .unwrap_or_else(|_| {
                vec![
                    super::scan_fix::ScanFix::none(
                        "internal error: the fix panicked; please report it"
                    );
                    result.findings.len()
                ]
            })
        });
        (result, fixes)
    }
}

/// A resource's result and, with `--fixes`, its findings' fixes.
type Analysed = (ResourceResult, Vec<super::scan_fix::ScanFix>);

/// Hands each result to the emitter in input order, as soon as the results
/// before it are in.
fn write_in_order(
    receiver: &mpsc::Receiver<(usize, Analysed)>,
    locations: &mut [Option<Location>],
    console: &Console,
    emitter: &mut Emitter,
) -> anyhow::Result<()> {
    let mut pending: BTreeMap<usize, Analysed> = BTreeMap::new();
    let mut next = 0;
    for (index, analysed) in receiver.iter() {
        console.advance();
        pending.insert(index, analysed);
        while let Some((result, fixes)) = pending.remove(&next) {
            let location = locations.get_mut(next).and_then(Option::take);
            let mut record = Record::new(result, location);
            record.fixes = fixes;
            emitter.emit(record)?;
            next += 1;
        }
    }
    Ok(())
}

/// Writes records as they come, in the chosen format, and keeps what the
/// end of the report and the exit code need.
struct Emitter {
    format: Format,
    out: BufWriter<std::io::Stdout>,
    paint: Paint,
    console: Console,
    baseline: Option<Baseline>,
    cwd: Option<PathBuf>,
    /// Records kept for formats written at the end (SARIF).
    kept: Vec<Record>,
    written: usize,
    seen_ids: HashSet<String>,
    undecided: BTreeSet<String>,
    summary: Summary,
    /// Which findings block (for the exit code of a closed output).
    fail_on: FailOn,
    /// The validation report of `--validate`.
    validation: Option<Vec<super::validate::ValidationRecord>>,
}

impl Emitter {
    fn new(
        format: Format,
        baseline: Option<Baseline>,
        console: Console,
        cwd: Option<PathBuf>,
    ) -> Emitter {
        Emitter {
            format,
            out: BufWriter::new(std::io::stdout()),
            paint: Paint::for_stdout(),
            console,
            baseline,
            cwd,
            kept: Vec::new(),
            written: 0,
            seen_ids: HashSet::new(),
            undecided: BTreeSet::new(),
            summary: Summary::default(),
            fail_on: FailOn::Active,
            validation: None,
        }
    }

    fn emit(&mut self, mut record: Record) -> anyhow::Result<()> {
        if let Some(baseline) = &self.baseline {
            baseline.mark(&mut record);
        }
        self.summary.count(&record, self.baseline.is_some());
        super::note_exit(exit_number(self.summary.exit_code(self.fail_on)));
        if let Some(line) = error_line(&record.result) {
            self.console.line(&line);
        }
        if record.result.status != ResultStatus::Analyzed {
            self.undecided.insert(record.result.resource.clone());
        }
        if self.baseline.is_some() {
            self.seen_ids
                .extend(record.result.findings.iter().map(|f| f.id.clone()));
        }
        match self.format {
            Format::Text => {
                write_text(&mut self.out, &record, &self.paint)?;
                self.out.flush()?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, &record.to_json()?)?;
                writeln!(self.out)?;
                self.out.flush()?;
            }
            Format::Json => self.write_json_item(&record)?,
            Format::Sarif => self.kept.push(record),
        }
        self.written += 1;
        Ok(())
    }

    /// Streams one element of the JSON array (`[` before the first).
    fn write_json_item(&mut self, record: &Record) -> anyhow::Result<()> {
        if self.written == 0 {
            let open = if self.wraps_json() {
                "{\n  \"results\": ["
            } else {
                "["
            };
            write!(self.out, "{open}")?;
        } else {
            write!(self.out, ",")?;
        }
        let indent = if self.wraps_json() { "    " } else { "  " };
        let text = serde_json::to_string_pretty(&record.to_json()?)?;
        // JSON strings hold no raw newline, so this only indents lines.
        write!(
            self.out,
            "\n{indent}{}",
            text.replace('\n', &format!("\n{indent}"))
        )?;
        Ok(())
    }

    /// Whether the JSON report is an object (`results` and `resolved` or
    /// `validation`) rather than the array of results.
    fn wraps_json(&self) -> bool {
        self.baseline.is_some() || self.validation.is_some()
    }

    /// Writes the end of the report and returns the summary.
    fn finish(mut self) -> anyhow::Result<Summary> {
        let blocking = [
            zoneproof_analyzer::validate::FindingType::Error,
            zoneproof_analyzer::validate::FindingType::SecurityWarning,
        ];
        if let Some(records) = &self.validation {
            self.summary.validation_exit = Some(super::validate::exit_code(records, &blocking));
            for record in records {
                if let Err(error) = &record.document {
                    self.console.line(&error.to_string());
                }
            }
        }
        let resolved = self
            .baseline
            .as_ref()
            .map(|b| b.resolved(&self.seen_ids, &self.undecided));
        self.summary.resolved = resolved.as_ref().map_or(0, Vec::len);
        match self.format {
            Format::Text => {
                if let Some(resolved) = &resolved {
                    write_resolved_text(&mut self.out, resolved, &self.paint)?;
                }
                if let Some(records) = &self.validation {
                    writeln!(self.out, "{}", self.paint.header.apply_to("Validation"))?;
                    super::validation_output::write_text(&mut self.out, records, &self.paint)?;
                    writeln!(
                        self.out,
                        "{}",
                        super::validation_output::summary_line(records, &blocking)
                    )?;
                }
                writeln!(self.out, "{}", self.summary.text_line(resolved.is_some()))?;
            }
            Format::Jsonl => {
                for finding in resolved.iter().flatten() {
                    serde_json::to_writer(
                        &mut self.out,
                        &serde_json::json!({"resolved": finding}),
                    )?;
                    writeln!(self.out)?;
                }
                for record in self.validation.iter().flatten() {
                    let line = serde_json::json!({
                        "validation": super::validation_output::record_json(record)
                    });
                    serde_json::to_writer(&mut self.out, &line)?;
                    writeln!(self.out)?;
                }
            }
            Format::Json => self.end_json(resolved.as_deref())?,
            Format::Sarif => {
                let mut log =
                    super::sarif::log(&self.kept, resolved.as_deref(), self.cwd.as_deref());
                if let (Some(records), Some(runs)) = (&self.validation, log["runs"].as_array_mut())
                {
                    runs.push(super::validation_output::sarif_run(
                        records,
                        self.cwd.as_deref(),
                    ));
                }
                serde_json::to_writer_pretty(&mut self.out, &log)?;
                writeln!(self.out)?;
            }
        }
        self.out.flush()?;
        Ok(self.summary)
    }

    fn end_json(&mut self, resolved: Option<&[Finding]>) -> anyhow::Result<()> {
        if !self.wraps_json() {
            let close = if self.written == 0 { "[]" } else { "\n]" };
            writeln!(self.out, "{close}")?;
            return Ok(());
        }
        if self.written == 0 {
            write!(self.out, "{{\n  \"results\": [")?;
        }
        write!(self.out, "{}]", if self.written == 0 { "" } else { "\n  " })?;
        if let Some(resolved) = resolved {
            let text = serde_json::to_string_pretty(resolved)?;
            write!(
                self.out,
                ",\n  \"resolved\": {}",
                text.replace('\n', "\n  ")
            )?;
        }
        if let Some(records) = &self.validation {
            let text = serde_json::to_string_pretty(&super::validation_output::to_json(records))?;
            write!(
                self.out,
                ",\n  \"validation\": {}",
                text.replace('\n', "\n  ")
            )?;
        }
        writeln!(self.out, "\n}}")?;
        Ok(())
    }
}

/// Counts for the summary, the statistics line and the exit code.
#[derive(Debug, Default)]
struct Summary {
    resources: usize,
    analyzed: usize,
    errors: usize,
    unknown: usize,
    findings: usize,
    active: usize,
    public: usize,
    archived: usize,
    new: usize,
    resolved: usize,
    blocking_new: bool,
    blocking_active: bool,
    /// The exit code of `--validate`'s report.
    validation_exit: Option<ExitCode>,
}

impl Summary {
    fn count(&mut self, record: &Record, compared: bool) {
        let result = &record.result;
        self.resources += 1;
        match result.status {
            ResultStatus::Analyzed => self.analyzed += 1,
            ResultStatus::Error => self.errors += 1,
            ResultStatus::Unknown => self.unknown += 1,
        }
        for (index, f) in result.findings.iter().enumerate() {
            self.findings += 1;
            let active = f.status == FindingStatus::Active;
            self.active += usize::from(active);
            self.public += usize::from(active && f.is_public);
            self.archived += usize::from(!active);
            self.new += usize::from(compared && record.change(index) == Some(Change::New));
        }
        self.blocking_active |= record.blocks(false);
        self.blocking_new |= record.blocks(true);
    }

    fn exit_code(&self, fail_on: FailOn) -> ExitCode {
        let blocking = match fail_on {
            FailOn::New => self.blocking_new,
            FailOn::Active => self.blocking_active,
            FailOn::None => false,
        };
        if self.errors > 0 || self.unknown > 0 {
            super::TOOL_FAILED
        } else if blocking {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }

    /// The last line of the text report.
    fn text_line(&self, compared: bool) -> String {
        let mut line = format!(
            "{} resources: {} analyzed, {} errors, {} unknown; {} findings: {} active ({} public), {} archived",
            self.resources,
            self.analyzed,
            self.errors,
            self.unknown,
            self.findings,
            self.active,
            self.public,
            self.archived
        );
        if compared {
            line.push_str(&format!("; {} new, {} resolved", self.new, self.resolved));
        }
        line
    }

    /// The `--stats` line.
    fn stats_line(&self, jobs: usize, reused: usize, read: Duration, wall: Duration) -> String {
        let peak = peak_memory().map_or_else(
            || "unavailable".to_string(),
            |kib| format!("{:.1} MiB", kib as f64 / 1024.0),
        );
        format!(
            "zoneproof scan stats: {} resources ({} analyzed, {} errors, {} unknown), {} findings, \
             {jobs} jobs, {reused} answers reused, read {:.2} s, wall {:.2} s, peak memory {peak} \
             (VmHWM)",
            self.resources,
            self.analyzed,
            self.errors,
            self.unknown,
            self.findings,
            read.as_secs_f64(),
            wall.as_secs_f64()
        )
    }
}

/// The process's peak resident memory in KiB (`VmHWM` of
/// `/proc/self/status`), where the system tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
