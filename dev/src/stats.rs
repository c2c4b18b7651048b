//! The corpus benchmark: per-resource analysis time over `corpus/`,
//! in-process, and agreement of the two solver backends. Used by
//! `zoneproof-bench corpus`; numbers are measured, never asserted.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use zoneproof_analyzer::analysis::{analyze, AnalysisOptions};
use zoneproof_analyzer::corpus::Case;
use zoneproof_analyzer::finding::{Finding, ResourceResult, ResultStatus};
use zoneproof_encodings::solver::BackendKind;

/// Timings of one backend over the corpus.
#[derive(Debug, Clone, Default)]
pub struct BackendRun {
    /// Wall time of each resource's analysis (the best of the repetitions).
    pub times: Vec<Duration>,
    /// Results with status `unknown`.
    pub unknown: usize,
    /// Results with status `error`.
    pub errors: usize,
    /// Cases whose result does not match the corpus expectation.
    pub mismatches: usize,
}

/// Distribution summary of durations.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// Median.
    pub median: Duration,
    /// 95th percentile.
    pub p95: Duration,
    /// Maximum.
    pub max: Duration,
}

/// Median, p95 and max of a list of durations.
pub fn summarize(times: &[Duration]) -> Summary {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| -> Duration {
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let index = ((sorted.len() - 1) as f64 * q).round() as usize;
        sorted.get(index).copied().unwrap_or_default()
    };
    Summary {
        median: at(0.5),
        p95: at(0.95),
        max: sorted.last().copied().unwrap_or_default(),
    }
}

/// Analyses every case `repeat` times with one backend, keeping each
/// resource's best time (the first, cold run warms the thread's solver and
/// the automata cache).
pub fn run_backend(
    cases: &[Case],
    backend: BackendKind,
    timeout: Duration,
    repeat: usize,
) -> (BackendRun, Vec<Option<ResourceResult>>) {
    let mut run = BackendRun::default();
    let mut results = Vec::with_capacity(cases.len());
    for case in cases {
        let Ok(spec) = case.spec() else {
            results.push(None);
            continue;
        };
        let options = case.options(&AnalysisOptions {
            backend,
            timeout,
            ..AnalysisOptions::default()
        });
        let mut best = Duration::MAX;
        let mut last = None;
        for _ in 0..repeat.max(1) {
            let started = Instant::now();
            let result = analyze(&spec, &options);
            best = best.min(started.elapsed());
            last = Some(result);
        }
        if let Some(result) = &last {
            match result.status {
                ResultStatus::Unknown => run.unknown += 1,
                ResultStatus::Error => run.errors += 1,
                ResultStatus::Analyzed => {}
            }
            if case.check(result).is_err() {
                run.mismatches += 1;
            }
        }
        run.times.push(best);
        results.push(last);
    }
    (run, results)
}

/// What the two backends found for one resource, comparable across them.
pub fn finding_signature(result: &ResourceResult) -> BTreeSet<String> {
    result.findings.iter().map(signature).collect()
}

fn signature(f: &Finding) -> String {
    format!(
        "{:?}|{}:{}|{}|{}|{}",
        f.finding_type,
        f.principal.type_name(),
        f.principal.value(),
        zoneproof_analyzer::finding::condition_text(&f.condition),
        f.is_public,
        f.action.join(",")
    )
}

/// Agreement of two backends over the same cases.
#[derive(Debug, Clone, Copy, Default)]
pub struct Agreement {
    /// Cases both decided (status analyzed or error).
    pub decided: usize,
    /// Of those, cases with identical findings.
    pub agreed: usize,
    /// Cases the second backend could not decide (unknown).
    pub undecided: usize,
}

/// Compares the results of two backends case by case.
pub fn agreement(
    first: &[Option<ResourceResult>],
    second: &[Option<ResourceResult>],
) -> (Agreement, Vec<usize>) {
    let mut out = Agreement::default();
    let mut disagreeing = Vec::new();
    for (index, (a, b)) in first.iter().zip(second).enumerate() {
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        if b.status == ResultStatus::Unknown || a.status == ResultStatus::Unknown {
            out.undecided += 1;
            continue;
        }
        out.decided += 1;
        if a.status == b.status && finding_signature(a) == finding_signature(b) {
            out.agreed += 1;
        } else {
            disagreeing.push(index);
        }
    }
    (out, disagreeing)
}
