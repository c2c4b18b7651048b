//! The scan pipeline: every resource of the inputs, read in path order,
//! analysed on a pool of threads (each with its own solver: Z3 objects never
//! cross threads), handed on in input order whatever the number of threads,
//! each as soon as the results before it are in (so reports stream).
//!
//! Reading streams too: a JSON Lines inventory is read a range of records
//! at a time, each record handed to the pool as soon as it is read, so
//! analysis starts at once and the inputs of a large estate are never all
//! in memory.
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
use crate::inputs::ranges::{is_json_lines_file, json_lines_ranges, read_json_lines_range};
use crate::inputs::{
    plan_path, read_planned_file, InputResult, PlannedInput, ReadOptions, ZoneTemplate,
};
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

/// Records of a JSON Lines file read (and handed on) at a time.
const RECORDS_PER_READ: usize = 256;

/// Reads every path, in order, handing each input to `each` as soon as it
/// is read: the inputs [`read_path`] gives, in the same order, with JSON
/// Lines files read a range of records at a time. `on_path` is told what
/// each path gave.
pub fn stream_inputs(
    paths: &[PathBuf],
    options: &ReadOptions,
    on_path: &mut dyn FnMut(&PathRead<'_>),
    each: &mut dyn FnMut(InputResult),
) {
    for path in paths {
        let started = Instant::now();
        let (mut resources, mut errors) = (0, 0);
        let mut counted = |input: InputResult| {
            if input.is_ok() {
                resources += 1;
            } else {
                errors += 1;
            }
            each(input);
        };
        for planned in plan_path(path) {
            match planned {
                PlannedInput::Error(error) => counted(Err(error)),
                PlannedInput::File { path, walked } => {
                    stream_file(&path, walked, options, &mut counted);
                }
            }
        }
        on_path(&PathRead {
            path,
            resources,
            errors,
            elapsed: started.elapsed(),
        });
    }
}

/// One file's inputs: a JSON Lines file of UTF-8 text by ranges of records,
/// any other file (or one that cannot be read whole) as `read_path` reads it.
fn stream_file(
    file: &Path,
    walked: bool,
    options: &ReadOptions,
    each: &mut dyn FnMut(InputResult),
) {
    let text = is_json_lines_file(file)
        .then(|| std::fs::read(file).ok())
        .flatten()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let Some(text) = text else {
        read_planned_file(file, walked, options)
            .into_iter()
            .for_each(each);
        return;
    };
    for range in json_lines_ranges(&text, RECORDS_PER_READ) {
        let Some(part) = text.get(range.start..range.end) else {
            continue;
        };
        read_json_lines_range(file, part, range.first_index, range.first_line, options)
            .into_iter()
            .for_each(&mut *each);
    }
}

/// What a scan tells as it goes (for logs and a progress bar); every
/// method does nothing by default.
pub trait ScanObserver: Sync {
    /// A path was read whole.
    fn path_read(&self, _read: &PathRead<'_>) {}
    /// One more input was read (and queued for analysis).
    fn input_read(&self) {}
    /// One more resource was analysed.
    fn analysed(&self) {}
}

/// The observer that wants to know nothing.
impl ScanObserver for () {}

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

    /// Every record of the paths, in input order (see [`Pipeline::run_paths`]).
    pub fn records_of_paths(
        &self,
        pool: &rayon::ThreadPool,
        paths: &[PathBuf],
        options: &ReadOptions,
    ) -> Vec<Record> {
        let mut records = Vec::new();
        let pushed: Result<(), std::convert::Infallible> =
            self.run_paths(pool, paths, options, &(), |record| {
                records.push(record);
                Ok(())
            });
        match pushed {
            Ok(()) => records,
            Err(never) => match never {},
        }
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

    /// Reads the paths and analyses their resources on `pool`, handing
    /// each record to `sink` in input order as soon as the records before it
    /// are in. Reading runs on the pool too, a range of records at a time,
    /// so analysis starts before reading ends. When `sink` fails, the
    /// analyses not yet started are skipped and its error is returned.
    ///
    /// # Errors
    /// The first error of `sink`.
    pub fn run_paths<E>(
        &self,
        pool: &rayon::ThreadPool,
        paths: &[PathBuf],
        options: &ReadOptions,
        observer: &dyn ScanObserver,
        sink: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E> {
        self.run_ordered(pool, observer, sink, |queue| {
            stream_inputs(
                paths,
                options,
                &mut |read| observer.path_read(read),
                &mut |input| queue(Task::new(input)),
            );
        })
    }

    /// Runs `produce` on the pool; each task it queues is analysed on the
    /// pool, and the records reach `sink` in queue order.
    fn run_ordered<E>(
        &self,
        pool: &rayon::ThreadPool,
        observer: &dyn ScanObserver,
        sink: impl FnMut(Record) -> Result<(), E>,
        produce: impl FnOnce(&mut dyn FnMut(Task)) + Send,
    ) -> Result<(), E> {
        let (sender, receiver) = mpsc::channel::<(usize, Record)>();
        // Set when the sink fails (e.g. `| head` closed the pipe): the
        // analyses not yet started are skipped.
        let cancelled = AtomicBool::new(false);
        std::thread::scope(|threads| {
            threads.spawn(|| {
                pool.scope_fifo(|scope| {
                    let mut index = 0;
                    produce(&mut |task| {
                        observer.input_read();
                        let sender = sender.clone();
                        let cancelled = &cancelled;
                        let this = index;
                        index += 1;
                        scope.spawn_fifo(move |_| {
                            if cancelled.load(Ordering::Relaxed) {
                                return;
                            }
                            let record = self.record(task);
                            // The receiver only goes away when the sink failed.
                            let _ = sender.send((this, record));
                        });
                    });
                });
                drop(sender);
            });
            let handed = hand_in_order(&receiver, observer, sink);
            if handed.is_err() {
                cancelled.store(true, Ordering::Relaxed);
            }
            handed
        })
    }
}

/// Hands each record to the sink in input order, as soon as the records
/// before it are in.
fn hand_in_order<E>(
    receiver: &mpsc::Receiver<(usize, Record)>,
    observer: &dyn ScanObserver,
    mut sink: impl FnMut(Record) -> Result<(), E>,
) -> Result<(), E> {
    let mut pending: BTreeMap<usize, Record> = BTreeMap::new();
    let mut next = 0;
    for (index, record) in receiver.iter() {
        observer.analysed();
        pending.insert(index, record);
        while let Some(record) = pending.remove(&next) {
            sink(record)?;
            next += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::read_path;
    use std::io::Write as _;

    /// A JSON Lines inventory of `records` lines over several read ranges,
    /// with blank lines, a line that is not JSON and a record of an unknown
    /// shape among them.
    fn inventory(records: usize) -> String {
        let mut text = String::new();
        for i in 0..records {
            match i % 97 {
                13 => text.push_str("{not json\n"),
                41 => text.push_str("\n  \n{\"arn\": 5}\n"),
                _ => text.push_str(&format!(
                    "{{\"arn\": \"arn:aws:sqs:eu-west-1:111122223333:q{i}\", \
                     \"resourceType\": \"AWS::SQS::Queue\", \"policy\": {{\"Version\": \
                     \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": \
                     \"*\", \"Action\": \"sqs:SendMessage\", \"Resource\": \"*\"}}]}}}}\n"
                )),
            }
        }
        text
    }

    fn streamed(paths: &[PathBuf], options: &ReadOptions) -> Vec<InputResult> {
        let mut inputs = Vec::new();
        stream_inputs(paths, options, &mut |_| {}, &mut |input| inputs.push(input));
        inputs
    }

    #[test]
    fn streamed_reading_gives_what_reading_whole_files_gives() {
        let dir = std::env::temp_dir().join(format!("zoneproof-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("estate.jsonl");
        std::fs::File::create(&big)
            .unwrap()
            .write_all(inventory(3 * RECORDS_PER_READ + 17).as_bytes())
            .unwrap();
        let missing = dir.join("missing.json");
        let paths = vec![big.clone(), missing, dir.clone()];
        let options = ReadOptions::default();
        let whole: Vec<InputResult> = paths.iter().flat_map(|p| read_path(p, &options)).collect();
        let streamed = streamed(&paths, &options);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(whole.len() > 2 * (3 * RECORDS_PER_READ));
        assert!(
            whole.iter().any(Result::is_err),
            "bad lines are error records"
        );
        assert_eq!(streamed, whole);
    }
}
