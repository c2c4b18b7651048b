//! `zoneproof.scan`: every resource of every input file, analysed with the
//! GIL released by the library's scan pipeline (`zoneproof_analyzer::scan`),
//! the one `zoneproof scan` runs: the same readers, error records, order
//! and record JSON.

use crate::request::{analysis_options, organization, value_error, OrganizationExport};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use zoneproof_analyzer::inputs::{InputResult, ReadOptions, ZoneTemplate};
use zoneproof_analyzer::reuse::ReuseCache;
use zoneproof_analyzer::scan::pipeline::{thread_pool, Pipeline, Task};
use zoneproof_analyzer::scan::record::Record;

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
        let pool = thread_pool(self.jobs).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
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
    fn pipeline(&self) -> Pipeline<'_> {
        Pipeline {
            template: &self.template,
            cache: &self.cache,
            fixes: None,
        }
    }

    /// Every resource's result as the CLI's `scan --format json` record, in
    /// input order.
    fn run(&self) -> serde_json::Result<Vec<Value>> {
        records_json(
            self.pipeline()
                .records_of_paths(&self.pool, &self.paths, &self.read_options),
        )
    }

    /// How the scan reads templates and plans.
    pub(crate) fn read_options(&self) -> &ReadOptions {
        &self.read_options
    }

    /// The records of inputs already read, in their order.
    pub(crate) fn run_inputs(&self, inputs: Vec<InputResult>) -> serde_json::Result<Vec<Value>> {
        let tasks = inputs.into_iter().map(Task::new).collect();
        records_json(self.pipeline().records(&self.pool, tasks))
    }

    /// One input's record (its error record, for an input error).
    pub(crate) fn record(&self, input: InputResult) -> serde_json::Result<Value> {
        self.pipeline().record(Task::new(input)).to_json()
    }
}

/// The records as `zoneproof scan --format json` writes them.
fn records_json(records: Vec<Record>) -> serde_json::Result<Vec<Value>> {
    records.iter().map(Record::to_json).collect()
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
