//! `zoneproof report SCAN.json [--baseline F] -o REPORT.html`: the HTML
//! report of a scan (`zoneproof_analyzer::report` writes it).
//!
//! With `--baseline`, findings are marked NEW or UNCHANGED and the
//! baseline's vanished findings listed as RESOLVED by the same code as
//! `scan --baseline` ([`Baseline::mark`], [`Baseline::resolved`]). Without
//! it, the changes that a `scan --baseline` output already carries are
//! shown as they are.

use anyhow::Context as _;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zoneproof_analyzer::finding::ResultStatus;
use zoneproof_analyzer::report::{self, parse_scan_output, ReportOptions, ScanOutput};

use zoneproof_analyzer::scan::baseline::Baseline;
use zoneproof_analyzer::scan::record::{Change, Record};

/// Arguments of `zoneproof report`.
#[derive(clap::Args)]
pub struct Args {
    /// The output of `zoneproof scan --format json` (or `--format jsonl`).
    #[arg(value_name = "SCAN.json")]
    scan: PathBuf,
    /// An earlier scan output: mark findings NEW or UNCHANGED and list the
    /// baseline's findings that are gone as RESOLVED (as `scan --baseline`).
    #[arg(long, value_name = "FINDINGS.json")]
    baseline: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(short, long, value_name = "REPORT.html")]
    output: PathBuf,
    /// The report's title.
    #[arg(long, default_value = "zoneproof report")]
    title: String,
}

/// Writes the report.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.scan)
        .with_context(|| format!("{}: cannot read", args.scan.display()))?;
    let mut output = parse_scan_output(&text)
        .with_context(|| format!("{}: not a scan output", args.scan.display()))?;
    if let Some(path) = &args.baseline {
        compare(&mut output, &Baseline::load(path)?);
    }
    let options = ReportOptions {
        title: args.title.clone(),
        source: file_name(&args.scan),
        ..ReportOptions::default()
    };
    let html = report::render_html(&output, &options)?;
    write_file(&args.output, &html)?;
    Ok(ExitCode::SUCCESS)
}

/// Marks every finding against the baseline and lists the resolved ones,
/// with `scan --baseline`'s own matching.
fn compare(output: &mut ScanOutput, baseline: &Baseline) {
    let mut seen = HashSet::new();
    let mut undecided = BTreeSet::new();
    for entry in &mut output.records {
        let mut record = Record::new(entry.result.clone(), None);
        baseline.mark(&mut record);
        entry.changes = record
            .changes
            .iter()
            .map(|change| match change {
                Change::New => report::Change::New,
                Change::Unchanged => report::Change::Unchanged,
            })
            .collect();
        seen.extend(entry.result.findings.iter().map(|f| f.id.clone()));
        if entry.result.status != ResultStatus::Analyzed {
            undecided.insert(entry.result.resource.clone());
        }
    }
    output.resolved = Some(baseline.resolved(&seen, &undecided));
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Writes next to the target and renames, so a reader never sees half a
/// report.
fn write_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let partial = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    std::fs::write(&partial, contents)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("{}: cannot write", path.display()))
}
