//! Reading CloudTrail logs in parallel for `generate`, `unused` and the
//! trail benchmark: every file is read by one worker of a rayon pool, each
//! worker folds its events into its own accumulator (with its own event
//! mapper), and the accumulators are merged. Bad records and files are
//! reported as lines to the caller's sink (the CLI prints them on stderr),
//! one line each (the first [`MAX_ERROR_LINES`], then a count), and
//! reading goes on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::activity::mapping::Mapper;
use crate::catalog::events::EventMapError;
use crate::inputs::cloudtrail::{read_trail_file, trail_files, TrailError, TrailEvent};

use rayon::prelude::*;

/// Why trails cannot be read at all (bad records and files are not this:
/// they are reported and counted).
#[derive(Debug, thiserror::Error)]
pub enum FoldError {
    /// The reading threads cannot start.
    #[error("cannot start the reading threads: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
    /// The embedded CloudTrail event mapping does not load.
    #[error("the embedded CloudTrail event mapping does not load: {0}")]
    Mapping(#[from] EventMapError),
}

/// Where the lines about bad records go (`None`: nowhere, for a second
/// pass over the same files).
pub type ErrorLines<'a> = Option<&'a (dyn Fn(&str) + Sync)>;

/// Error lines reported before the rest are only counted.
pub const MAX_ERROR_LINES: u64 = 1_000;

/// What reading gave.
pub struct Folded<A> {
    /// The merged accumulator.
    pub value: A,
    /// Files read.
    pub files: usize,
    /// Bad records and files.
    pub errors: u64,
}

/// Reads every trail file under `paths` on `jobs` threads (default: every
/// core) and folds the events; bad records are reported to `lines`.
///
/// # Errors
/// When the threads cannot start or the event mapping does not load.
pub fn fold_trails<A, I, F, M>(
    paths: &[PathBuf],
    jobs: Option<usize>,
    lines: ErrorLines<'_>,
    init: I,
    add: F,
    merge: M,
) -> Result<Folded<A>, FoldError>
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    F: Fn(&mut A, &mut Mapper, &TrailEvent<'_>) + Sync + Send,
    M: Fn(&mut A, A) + Sync + Send,
{
    let (files, path_errors) = trail_files(paths);
    let errors = AtomicU64::new(0);
    let report = |error: TrailError| {
        let count = errors.fetch_add(1, Ordering::Relaxed) + 1;
        if let (Some(lines), true) = (lines, count <= MAX_ERROR_LINES) {
            lines(&error.to_string());
        }
    };
    for error in path_errors {
        report(error);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .thread_name(|i| format!("zoneproof-trail-{i}"))
        .build()?;
    // Every worker builds its own mapper; check once that the mapping loads.
    Mapper::new()?;
    let value = pool.install(|| {
        files
            .par_iter()
            .fold(
                || (init(), Mapper::new().ok()),
                |(mut acc, mut worker_mapper), (file, named)| {
                    if let Some(mapper) = worker_mapper.as_mut() {
                        read_trail_file(
                            file,
                            *named,
                            &mut |event| add(&mut acc, mapper, event),
                            &mut |e| report(e),
                        );
                    }
                    (acc, worker_mapper)
                },
            )
            .map(|(acc, _)| acc)
            .reduce_with(|mut left, right| {
                merge(&mut left, right);
                left
            })
    });
    let errors = errors.load(Ordering::Relaxed);
    if let (Some(lines), true) = (lines, errors > MAX_ERROR_LINES) {
        lines(&format!(
            "... and {} more bad records or files",
            errors - MAX_ERROR_LINES
        ));
    }
    Ok(Folded {
        value: value.unwrap_or_else(init),
        files: files.len(),
        errors,
    })
}
