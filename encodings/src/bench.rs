//! The engine benchmark and differential harness: the same queries on both
//! backends, timed in the same run.
//!
//! [`run`] solves two query sets from [`crate::gen`] (random adversarial
//! queries, policy-shaped queries) on the `automata` and `z3-strings`
//! backends, one query at a time on the calling thread (with a per-thread
//! cached solver, so solver creation is not measured), and reports per
//! backend and set the median, 95th percentile and maximum time per query
//! (assert + check), the answers, the number of `Unknown`s, the median
//! per-query ratio of z3-strings time to automata time, and every
//! disagreement (one backend `Sat`, the other `Unsat`). Every `Sat` model has
//! already been re-checked by the backend that produced it.

use std::fmt;
use std::time::{Duration, Instant};

use crate::gen::{self, Query};
use crate::solver::{with_thread_backend, BackendKind, CheckResult};

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Number of random adversarial queries.
    pub random_queries: usize,
    /// Number of policy-shaped queries.
    pub policy_queries: usize,
    /// Time limit per check, for both backends.
    pub timeout: Duration,
    /// Seed of the query generators.
    pub seed: u64,
}

impl Default for Config {
    /// 1,000 random and 200 policy-shaped queries, 1 s timeout, seed 1.
    fn default() -> Config {
        Config {
            random_queries: 1_000,
            policy_queries: 200,
            timeout: Duration::from_secs(1),
            seed: 1,
        }
    }
}

/// One backend's answer to one query and the time it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solved {
    /// The answer.
    pub result: CheckResult,
    /// Wall time of assert + check.
    pub elapsed: Duration,
}

/// Solves a query on this thread's backend of `kind`.
pub fn solve(kind: BackendKind, query: &Query, timeout: Duration) -> Solved {
    with_thread_backend(kind, timeout, |backend| {
        let start = Instant::now();
        for t in &query.assertions {
            if let Err(e) = backend.assert(t) {
                return Solved {
                    result: CheckResult::Unknown(e.to_string()),
                    elapsed: start.elapsed(),
                };
            }
        }
        let result = backend.check();
        Solved {
            result,
            elapsed: start.elapsed(),
        }
    })
}

/// Both backends' answers to one query.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The query's name.
    pub name: String,
    /// The automata backend's answer.
    pub automata: Solved,
    /// The z3-strings backend's answer.
    pub z3_strings: Solved,
}

impl Comparison {
    /// Whether both backends decided and one said `Sat`, the other `Unsat`.
    pub fn disagrees(&self) -> bool {
        matches!(
            (&self.automata.result, &self.z3_strings.result),
            (CheckResult::Sat(_), CheckResult::Unsat) | (CheckResult::Unsat, CheckResult::Sat(_))
        )
    }

    /// Whether both backends decided.
    pub fn both_decided(&self) -> bool {
        !matches!(self.automata.result, CheckResult::Unknown(_))
            && !matches!(self.z3_strings.result, CheckResult::Unknown(_))
    }
}

/// Runs one query on both backends.
pub fn compare(query: &Query, timeout: Duration) -> Comparison {
    Comparison {
        name: query.name.clone(),
        automata: solve(BackendKind::Automata, query, timeout),
        z3_strings: solve(BackendKind::Z3Strings, query, timeout),
    }
}

/// Timing and answers of one backend on one set.
#[derive(Debug, Clone, Default)]
pub struct BackendSummary {
    /// Time per query, sorted.
    pub times: Vec<Duration>,
    /// `Sat` answers.
    pub sat: usize,
    /// `Unsat` answers.
    pub unsat: usize,
    /// `Unknown` answers.
    pub unknown: usize,
}

impl BackendSummary {
    fn add(&mut self, solved: &Solved) {
        self.times.push(solved.elapsed);
        match solved.result {
            CheckResult::Sat(_) => self.sat += 1,
            CheckResult::Unsat => self.unsat += 1,
            CheckResult::Unknown(_) => self.unknown += 1,
        }
    }

    /// The time at quantile `q` (0 to 1) of the sorted times.
    pub fn quantile(&self, q: f64) -> Duration {
        quantile(&self.times, q)
    }
}

fn quantile<T: Copy + Default>(sorted: &[T], q: f64) -> T {
    if sorted.is_empty() {
        return T::default();
    }
    let index = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

/// The results on one query set.
#[derive(Debug, Clone, Default)]
pub struct SetReport {
    /// The set's name.
    pub name: String,
    /// Queries run.
    pub queries: usize,
    /// The automata backend.
    pub automata: BackendSummary,
    /// The z3-strings backend.
    pub z3_strings: BackendSummary,
    /// z3-strings time / automata time per query, sorted.
    pub ratios: Vec<f64>,
    /// Queries both backends decided.
    pub both_decided: usize,
    /// Names and answers of queries on which the backends disagree.
    pub disagreements: Vec<String>,
    /// Unknown reasons of the automata backend (first few).
    pub automata_unknown_reasons: Vec<String>,
}

impl SetReport {
    /// The median of the per-query ratios.
    pub fn median_ratio(&self) -> f64 {
        quantile(&self.ratios, 0.5)
    }
}

/// Runs the queries on both backends and summarises.
pub fn run_set(
    name: &str,
    queries: &[Query],
    timeout: Duration,
    progress: &mut dyn FnMut(usize),
) -> SetReport {
    let mut report = SetReport {
        name: name.to_string(),
        queries: queries.len(),
        ..SetReport::default()
    };
    for (i, query) in queries.iter().enumerate() {
        let c = compare(query, timeout);
        report.automata.add(&c.automata);
        report.z3_strings.add(&c.z3_strings);
        let a = c.automata.elapsed.as_secs_f64().max(1e-7);
        report.ratios.push(c.z3_strings.elapsed.as_secs_f64() / a);
        if c.both_decided() {
            report.both_decided += 1;
        }
        if c.disagrees() {
            report.disagreements.push(format!(
                "{}: automata {}, z3-strings {}",
                c.name,
                c.automata.result.label(),
                c.z3_strings.result.label()
            ));
        }
        if let CheckResult::Unknown(reason) = &c.automata.result {
            if report.automata_unknown_reasons.len() < 5 {
                report
                    .automata_unknown_reasons
                    .push(format!("{}: {reason}", c.name));
            }
        }
        progress(i + 1);
    }
    report.automata.times.sort();
    report.z3_strings.times.sort();
    report.ratios.sort_by(f64::total_cmp);
    report
}

/// The whole benchmark.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was run.
    pub config: Config,
    /// One report per query set.
    pub sets: Vec<SetReport>,
}

/// Runs the benchmark; `progress` gets the set name and queries done.
pub fn run(config: &Config, progress: &mut dyn FnMut(&str, usize, usize)) -> Report {
    let random = gen::random_queries(config.seed, config.random_queries);
    let policy = gen::policy_like_queries(config.seed, config.policy_queries);
    let mut sets = Vec::new();
    for (name, queries) in [("random", &random), ("policy-like", &policy)] {
        let total = queries.len();
        sets.push(run_set(name, queries, config.timeout, &mut |done| {
            progress(name, done, total)
        }));
    }
    Report {
        config: config.clone(),
        sets,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

impl fmt::Display for Report {
    /// A plain-text table (times in milliseconds).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "engine benchmark: seed {}, timeout {} ms per check, times in ms (assert + check)",
            self.config.seed,
            self.config.timeout.as_millis()
        )?;
        writeln!(
            f,
            "{:<12} {:<11} {:>7} {:>9} {:>9} {:>9} {:>6} {:>6} {:>8}",
            "set", "backend", "queries", "median", "p95", "max", "sat", "unsat", "unknown"
        )?;
        for set in &self.sets {
            for (label, s) in [("automata", &set.automata), ("z3-strings", &set.z3_strings)] {
                writeln!(
                    f,
                    "{:<12} {:<11} {:>7} {:>9} {:>9} {:>9} {:>6} {:>6} {:>8}",
                    set.name,
                    label,
                    set.queries,
                    ms(s.quantile(0.5)),
                    ms(s.quantile(0.95)),
                    ms(s.quantile(1.0)),
                    s.sat,
                    s.unsat,
                    s.unknown
                )?;
            }
        }
        writeln!(f)?;
        for set in &self.sets {
            writeln!(
                f,
                "{}: median per-query ratio z3-strings/automata {:.1}x; both decided {} of {}; z3-strings undecided {}; disagreements {}",
                set.name,
                set.median_ratio(),
                set.both_decided,
                set.queries,
                set.z3_strings.unknown,
                set.disagreements.len()
            )?;
            for d in &set.disagreements {
                writeln!(f, "  DISAGREEMENT {d}")?;
            }
            for r in &set.automata_unknown_reasons {
                writeln!(f, "  automata unknown: {r}")?;
            }
        }
        Ok(())
    }
}
