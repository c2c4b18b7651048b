//! `zoneproof.scan`: every resource of every input file, analysed on a
//! rayon pool with the GIL released, in input order, as `zoneproof scan`
//! does it (the same readers, `ResourceInput::to_spec` and error records).

use crate::request::{analysis_options, organization, value_error, OrganizationExport};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use zoneproof_analyzer::finding::ResourceResult;
use zoneproof_analyzer::inputs::{read_path, InputResult, ReadOptions, ZoneTemplate};
use zoneproof_analyzer::reuse::ReuseCache;

/// The arguments of `zoneproof.scan`, as the Python layer passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct ScanRequest {
    paths: Vec<PathBuf>,
    account: Option<String>,
    org: Option<String>,
    org_accounts: Vec<String>,
    trusted_accounts: Vec<String>,
    region: Option<String>,
    partition: Option<String>,
    archive_rules: Option<String>,
    service_findings: bool,
    backend: String,
    timeout_ms: u64,
    jobs: Option<usize>,
    organization: Option<OrganizationExport>,
}

/// A checked scan.
pub(crate) struct Scan {
    paths: Vec<PathBuf>,
    read_options: ReadOptions,
    template: ZoneTemplate,
    /// The analysis, sharing answers between resources whose answers
    /// cannot differ but by their ARN.
    cache: ReuseCache,
    pool: rayon::ThreadPool,
}

impl ScanRequest {
    /// The paths to scan.
    pub(crate) fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    pub(crate) fn prepare(self) -> PyResult<Scan> {
        let template = ZoneTemplate {
            account: self.account.clone(),
            org: self.org,
            org_accounts: self.org_accounts,
            trusted_accounts: self.trusted_accounts,
        };
        // Any valid owner will do to check the other ids (as the CLI does).
        let owner = self.account.as_deref().unwrap_or("000000000000");
        template.zone(owner).validate().map_err(value_error)?;
        let mut options = analysis_options(
            self.archive_rules.as_deref(),
            self.service_findings,
            &self.backend,
            self.timeout_ms,
        )?;
        options.organization = organization(self.organization)?;
        if self.jobs == Some(0) {
            return Err(value_error("jobs: expected at least 1"));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            .thread_name(|i| format!("zoneproof-scan-{i}"))
            // The analysis recurses over policies; give workers the main
            // thread's usual stack, as the CLI does.
            .stack_size(8 << 20)
            .build()
            .map_err(|e| {
                PyRuntimeError::new_err(format!("cannot start the analysis threads: {e}"))
            })?;
        Ok(Scan {
            paths: self.paths,
            read_options: ReadOptions {
                account: self.account,
                region: self.region,
                partition: self.partition,
            },
            template,
            cache: ReuseCache::new(&options),
            pool,
        })
    }
}

impl Scan {
    /// Every resource's result as the CLI's `scan --format json` record, in
    /// input order.
    fn run(&self) -> serde_json::Result<Vec<Value>> {
        let inputs: Vec<InputResult> = self
            .paths
            .iter()
            .flat_map(|path| read_path(path, &self.read_options))
            .collect();
        self.run_inputs(inputs)
    }

    /// How the scan reads templates and plans.
    pub(crate) fn read_options(&self) -> &ReadOptions {
        &self.read_options
    }

    /// The records of inputs already read, in their order.
    pub(crate) fn run_inputs(&self, inputs: Vec<InputResult>) -> serde_json::Result<Vec<Value>> {
        self.pool.install(|| {
            inputs
                .into_par_iter()
                .map(|input| self.record(input))
                .collect()
        })
    }

    /// One resource: its input error, its conversion error, or its analysis
    /// with reasons located at its policy; with its `origin`.
    pub(crate) fn record(&self, input: InputResult) -> serde_json::Result<Value> {
        let (result, origin) = match input {
            Err(error) => {
                let origin = origin_json(&error.file, &error.pointer, None, None);
                (error.to_result(), origin)
            }
            Ok(input) => {
                let origin = origin_json(
                    &input.origin.file,
                    &input.origin.pointer,
                    input.origin.line,
                    Some(input.origin.format.to_string()),
                );
                let result = match input.to_spec(&self.template) {
                    Err(error) => error.to_result(),
                    Ok(spec) => {
                        let mut result = analyze_guarded(&spec, &self.cache);
                        input.locate_result(&mut result);
                        result
                    }
                };
                (result, origin)
            }
        };
        let mut value = serde_json::to_value(&result)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("origin".into(), origin);
        }
        Ok(value)
    }
}

/// The analysis; a panic becomes an error result (a scan goes on).
fn analyze_guarded(
    spec: &zoneproof_analyzer::analysis::ResourceSpec,
    cache: &ReuseCache,
) -> ResourceResult {
    catch_unwind(AssertUnwindSafe(|| cache.analyze(spec))).unwrap_or_else(|_| {
        ResourceResult::error(
            &spec.arn,
            spec.resource_type.name(),
            "internal error: the analysis panicked; please report it".to_string(),
        )
    })
}

/// Where a result comes from, as `zoneproof scan --format json` writes it.
fn origin_json(
    file: &std::path::Path,
    pointer: &str,
    line: Option<u32>,
    format: Option<String>,
) -> Value {
    let mut map = Map::new();
    map.insert("file".into(), json!(file.display().to_string()));
    map.insert("pointer".into(), json!(pointer));
    if let Some(line) = line {
        map.insert("line".into(), json!(line));
    }
    if let Some(format) = format {
        map.insert("format".into(), json!(format));
    }
    Value::Object(map)
}

/// Scans files and directories; returns each resource's record as JSON
/// text, in input order. Bad arguments raise `ValueError`; bad inputs are
/// error records in their place.
#[pyfunction]
pub fn scan(py: Python<'_>, request: ScanRequest) -> PyResult<String> {
    let scan = request.prepare()?;
    let records = py
        .detach(|| scan.run())
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise a result: {e}")))?;
    serde_json::to_string(&records)
        .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise the results: {e}")))
}
