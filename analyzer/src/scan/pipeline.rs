//! The scan pipeline: every resource of the inputs, read in path order,
//! analysed on a pool of threads (each with its own solver: Z3 objects never
//! cross threads), handed on in input order whatever the number of threads,
//! each as soon as the results before it are in (so reports stream).
//!
//! Errors belong to one resource: an input that cannot be read, a policy
//! that does not parse, an unknown resource type, a panic of the analysis,
//! each becomes an `error` record in its place, and the scan goes on.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::analysis::AnalysisOptions;
use crate::finding::ResourceResult;
use crate::inputs::{read_path, InputResult, ReadOptions, ZoneTemplate};
use crate::reuse::ReuseCache;

use super::fixes::{fixes_for, ScanFix};
use super::record::{Location, Record};

/// One resource to analyse (or an input error to report in its place),
/// with where it came from.
#[derive(Debug)]
pub struct Task {
    /// The resource read, or why it could not be.
    pub input: InputResult,
    /// Its place in the input files.
    pub location: Location,
}

impl Task {
    /// The task of one input, located at its origin (or its error's place).
    pub fn new(input: InputResult) -> Task {
        let location = match &input {
            Ok(resource) => Location::of_origin(&resource.origin),
            Err(error) => Location::of_error(error),
        };
        Task { input, location }
    }
}

/// What reading one path gave, for logs.
#[derive(Debug, Clone)]
pub struct PathRead<'a> {
    /// The path.
    pub path: &'a Path,
    /// Resources read.
    pub resources: usize,
    /// Inputs that could not be read (each an error record).
    pub errors: usize,
    /// How long reading took.
    pub elapsed: Duration,
}

/// Reads every path, in order; each resource keeps its place. `on_path` is
/// told what each path gave.
pub fn read_tasks(
    paths: &[PathBuf],
    options: &ReadOptions,
    mut on_path: impl FnMut(&PathRead<'_>),
) -> Vec<Task> {
    let mut tasks = Vec::new();
    for path in paths {
        let started = Instant::now();
        let inputs = read_path(path, options);
        let errors = inputs.iter().filter(|i| i.is_err()).count();
        on_path(&PathRead {
            path,
            resources: inputs.len() - errors,
            errors,
            elapsed: started.elapsed(),
        });
        tasks.extend(inputs.into_iter().map(Task::new));
    }
    tasks
}

/// Why the analysis threads cannot start.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the analysis threads: {0}")]
pub struct PoolError(#[from] rayon::ThreadPoolBuildError);

/// A pool of `jobs` analysis threads (`None`: one per core), with the main
/// thread's usual stack (the analysis recurses over policies).
///
/// # Errors
/// When the threads cannot be started.
pub fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, PoolError> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .thread_name(|i| format!("zoneproof-scan-{i}"))
        .stack_size(8 << 20)
        .build()?)
}

/// How the resources are analysed.
pub struct Pipeline<'a> {
    /// The zone of trust, completed with each resource's owner.
    pub template: &'a ZoneTemplate,
    /// The analysis, sharing answers between resources whose answers cannot
    /// differ but by their ARN.
    pub cache: &'a ReuseCache,
    /// With `scan --fixes`: the options the fixes are proved under.
    pub fixes: Option<&'a AnalysisOptions>,
}

impl Pipeline<'_> {
    /// One resource's record: its input error, its conversion error, or its
    /// analysis with reasons located at its policy (and its fixes).
    pub fn record(&self, task: Task) -> Record {
        let (result, fixes) = self.analyze(task.input);
        let mut record = Record::new(result, Some(task.location));
        record.fixes = fixes;
        record
    }

    fn analyze(&self, input: InputResult) -> (ResourceResult, Vec<ScanFix>) {
        let input = match input {
            Ok(input) => input,
            Err(error) => return (error.to_result(), Vec::new()),
        };
        let spec = match input.to_spec(self.template) {
            Ok(spec) => spec,
            Err(error) => return (error.to_result(), Vec::new()),
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| self.cache.analyze(&spec)));
        let mut result = outcome.unwrap_or_else(|_| {
            ResourceResult::error(
                &spec.arn,
                spec.resource_type.name(),
                "internal error: the analysis panicked; please report it".to_string(),
            )
        });
        input.locate_result(&mut result);
        let fixes = self.fixes.map_or_else(Vec::new, |options| {
            catch_unwind(AssertUnwindSafe(|| {
                fixes_for(&input, &spec, &result, options)
            }))
            .unwrap_or_else(|_| {
                vec![
                    ScanFix::none("internal error: the fix panicked; please report it");
                    result.findings.len()
                ]
            })
        });
        (result, fixes)
    }

    /// Every task's record, in input order, analysed on `pool`.
    pub fn records(&self, pool: &rayon::ThreadPool, tasks: Vec<Task>) -> Vec<Record> {
        use rayon::prelude::*;
        pool.install(|| {
            tasks
                .into_par_iter()
                .map(|task| self.record(task))
                .collect()
        })
    }

    /// Analyses the tasks on `pool` and hands each record to `sink` in input
    /// order, as soon as the records before it are in; `on_done` is called
    /// once per record as it is analysed (for progress). When `sink` fails,
    /// the analyses not yet started are skipped and its error is returned.
    ///
    /// # Errors
    /// The first error of `sink`.
    pub fn run_ordered<E>(
        &self,
        pool: &rayon::ThreadPool,
        tasks: Vec<Task>,
        on_done: impl FnMut(),
        sink: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: Send,
    {
        let mut locations: Vec<Option<Location>> = Vec::with_capacity(tasks.len());
        let mut inputs = Vec::with_capacity(tasks.len());
        for task in tasks {
            locations.push(Some(task.location));
            inputs.push(task.input);
        }
        let (sender, receiver) = mpsc::channel::<(usize, Analysed)>();
        // Set when the sink fails (e.g. `| head` closed the pipe).
        let cancelled = AtomicBool::new(false);
        std::thread::scope(|threads| {
            threads.spawn(|| {
                pool.scope_fifo(|scope| {
                    for (index, input) in inputs.into_iter().enumerate() {
                        let sender = sender.clone();
                        let cancelled = &cancelled;
                        scope.spawn_fifo(move |_| {
                            if cancelled.load(Ordering::Relaxed) {
                                return;
                            }
                            let analysed = self.analyze(input);
                            // The receiver only goes away when the sink failed.
                            let _ = sender.send((index, analysed));
                        });
                    }
                });
                drop(sender);
            });
            let handed = hand_in_order(&receiver, &mut locations, on_done, sink);
            if handed.is_err() {
                cancelled.store(true, Ordering::Relaxed);
            }
            handed
        })
    }
}

/// A resource's result and its findings' fixes.
type Analysed = (ResourceResult, Vec<ScanFix>);

/// Hands each record to the sink in input order, as soon as the records
/// before it are in.
fn hand_in_order<E>(
    receiver: &mpsc::Receiver<(usize, Analysed)>,
    locations: &mut [Option<Location>],
    mut on_done: impl FnMut(),
    mut sink: impl FnMut(Record) -> Result<(), E>,
) -> Result<(), E> {
    let mut pending: BTreeMap<usize, Analysed> = BTreeMap::new();
    let mut next = 0;
    for (index, analysed) in receiver.iter() {
        on_done();
        pending.insert(index, analysed);
        while let Some((result, fixes)) = pending.remove(&next) {
            let location = locations.get_mut(next).and_then(Option::take);
            let mut record = Record::new(result, location);
            record.fixes = fixes;
            sink(record)?;
            next += 1;
        }
    }
    Ok(())
}
