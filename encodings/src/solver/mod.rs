//! Solver backends: decide queries of the term IR.
//!
//! Two implementations of [`Backend`]:
//! - `automata` ([`BackendKind::Automata`], the default): Z3 decides the
//!   Boolean, integer and bit-vector skeleton, in which each string literal
//!   ("`x` in pattern P") is an opaque Boolean; the automata layer decides
//!   the string literals of each variable that a skeleton model relies on,
//!   and adds a lemma to Z3 when they conflict. Z3 never searches strings.
//! - `z3-strings` ([`BackendKind::Z3Strings`]): the same query in Z3's native
//!   string and regex theory, as Zelkova does. Slower; kept for differential
//!   testing and as the benchmark baseline.
//!
//! Both check with a timeout and answer `Sat(model)`, `Unsat` or
//! `Unknown(reason)` (a timeout is `Unknown`, never `Unsat`), support
//! push/pop, and re-check every model with [`Term::holds`] before returning
//! it: a model that does not satisfy the assertions becomes `Unknown`.
//!
//! Z3 objects are not `Send`: a backend stays on the thread that made it.
//! Terms are `Send`, so callers solve many queries in parallel by building
//! one backend per worker thread; [`with_thread_backend`] keeps one per
//! thread and kind.
//!
//! # Example
//! ```
//! use std::time::Duration;
//! use zoneproof_encodings::pattern::Pattern;
//! use zoneproof_encodings::solver::{with_thread_backend, BackendKind, CheckResult};
//! use zoneproof_encodings::term::{self, Sort, Var};
//! let x = Var::new("x", Sort::Str);
//! let query = term::and([
//!     term::in_pattern(&x, &Pattern::wildcard("arn:aws:s3:::*")).unwrap(),
//!     term::not(term::in_pattern(&x, &Pattern::wildcard("arn:aws:s3:::a*")).unwrap()),
//! ]);
//! let answer = with_thread_backend(BackendKind::Automata, Duration::from_secs(1), |b| {
//!     b.assert(&query).unwrap();
//!     b.check()
//! });
//! let CheckResult::Sat(model) = answer else { panic!("expected sat") };
//! assert_eq!(model.get_str(&x), Some("arn:aws:s3:::"));
//! ```

mod automata;
mod order;
mod skeleton;
mod z3_strings;

use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use automata::AutomataBackend;
pub use z3_strings::Z3StringsBackend;

use crate::model::Model;
use crate::term::{self, Sort, Term, Var, MAX_DEPTH};

/// Which backend decides queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BackendKind {
    /// Z3 for the skeleton, automata for strings (the default).
    #[default]
    Automata,
    /// Z3's native string and regex theory.
    Z3Strings,
}

impl BackendKind {
    /// Both kinds, default first.
    pub const ALL: [BackendKind; 2] = [BackendKind::Automata, BackendKind::Z3Strings];
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Automata => "automata",
            BackendKind::Z3Strings => "z3-strings",
        })
    }
}

impl FromStr for BackendKind {
    type Err = SolverError;

    fn from_str(s: &str) -> Result<BackendKind, SolverError> {
        match s {
            "automata" => Ok(BackendKind::Automata),
            "z3-strings" => Ok(BackendKind::Z3Strings),
            other => Err(SolverError::UnknownBackend(other.to_string())),
        }
    }
}

/// The answer to a satisfiability check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckResult {
    /// Satisfiable, with a model giving a value to every variable of the
    /// assertions (and of [`Backend::declare`]d variables).
    Sat(Model),
    /// Unsatisfiable: a proof that no model exists.
    Unsat,
    /// Not decided (timeout, budget, unsupported input); the reason says why.
    Unknown(String),
}

impl CheckResult {
    /// `sat`, `unsat` or `unknown`.
    pub fn label(&self) -> &'static str {
        match self {
            CheckResult::Sat(_) => "sat",
            CheckResult::Unsat => "unsat",
            CheckResult::Unknown(_) => "unknown",
        }
    }
}

/// Why a term could not be asserted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolverError {
    /// The term is not a well-sorted `Bool` formula.
    #[error("cannot assert an ill-sorted term or a non-Bool term: `{0}`")]
    IllSorted(String),
    /// The term is nested too deeply.
    #[error("term nesting depth {0} exceeds the limit of {MAX_DEPTH}")]
    TooDeep(u32),
    /// A backend name that is neither `automata` nor `z3-strings`.
    #[error("unknown backend `{0}` (expected `automata` or `z3-strings`)")]
    UnknownBackend(String),
}

/// A satisfiability checker over the term IR.
pub trait Backend {
    /// Which backend this is.
    fn kind(&self) -> BackendKind;
    /// Opens a scope: assertions made after it are removed by [`Backend::pop`].
    fn push(&mut self);
    /// Closes the innermost scope (does nothing when none is open).
    fn pop(&mut self);
    /// The number of open scopes.
    fn scopes(&self) -> usize;
    /// Adds a formula; fails if it is ill-sorted or too deep.
    fn assert(&mut self, t: &Term) -> Result<(), SolverError>;
    /// Makes models give a value to `v` even if no assertion mentions it
    /// (scoped like an assertion).
    fn declare(&mut self, v: &Var);
    /// Decides the conjunction of the assertions of all open scopes.
    fn check(&mut self) -> CheckResult;
    /// The time limit of each [`Backend::check`].
    fn set_timeout(&mut self, timeout: Duration);
}

/// Rejects terms that must not reach Z3.
pub(crate) fn validate(t: &Term) -> Result<(), SolverError> {
    if t.depth() > MAX_DEPTH {
        return Err(SolverError::TooDeep(t.depth()));
    }
    if !t.is_well_sorted() || t.sort() != Sort::Bool {
        let mut text = t.to_string();
        if text.len() > 200 {
            let cut = (0..=200)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            text.truncate(cut);
            text.push_str("...");
        }
        return Err(SolverError::IllSorted(text));
    }
    Ok(())
}

/// A new backend of `kind` whose checks time out after `timeout`.
/// Creating one costs a few milliseconds (a Z3 context and solver); prefer
/// [`with_thread_backend`] for many small queries.
pub fn new_backend(kind: BackendKind, timeout: Duration) -> Box<dyn Backend> {
    match kind {
        BackendKind::Automata => Box::new(AutomataBackend::new(timeout)),
        BackendKind::Z3Strings => Box::new(Z3StringsBackend::new(timeout)),
    }
}

thread_local! {
    static THREAD_BACKENDS: RefCell<Vec<Box<dyn Backend>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's cached backend of `kind` (made on first use),
/// inside a fresh scope that is closed afterwards, so every call starts from
/// an empty assertion set. Nested calls on one thread get a fresh backend.
pub fn with_thread_backend<R>(
    kind: BackendKind,
    timeout: Duration,
    f: impl FnOnce(&mut dyn Backend) -> R,
) -> R {
    let cached = THREAD_BACKENDS.with(|cell| {
        let mut backends = cell.borrow_mut();
        let at = backends.iter().position(|b| b.kind() == kind)?;
        Some(backends.swap_remove(at))
    });
    let mut backend = cached.unwrap_or_else(|| new_backend(kind, timeout));
    backend.set_timeout(timeout);
    let depth = backend.scopes();
    backend.push();
    let result = f(backend.as_mut());
    while backend.scopes() > depth {
        backend.pop();
    }
    THREAD_BACKENDS.with(|cell| cell.borrow_mut().push(backend));
    result
}

/// One class of models found by [`enumerate_projections`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// The truth value of each projection formula, in order.
    pub valuation: Vec<bool>,
    /// A model with this valuation.
    pub model: Model,
}

/// How an enumeration ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumerationOutcome {
    /// The final check was `Unsat`: the list is complete.
    Complete,
    /// A check was `Unknown`: the list may be incomplete.
    Unknown(String),
    /// The limit was reached before the final `Unsat`.
    LimitReached,
}

/// The result of [`enumerate_projections`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumeration {
    /// Distinct valuations of the projection, each with one model.
    pub projections: Vec<Projection>,
    /// Whether the list is complete.
    pub outcome: EnumerationOutcome,
    /// The number of checks made.
    pub checks: usize,
}

/// Enumerates the distinct truth valuations of the `projection` formulas
/// over the models of the backend's assertions, each with one model, by
/// blocking every valuation found and checking again. Stops at the first
/// `Unsat` (complete), `Unknown`, or after `limit` valuations. Runs in its
/// own scope: the backend's assertions are unchanged afterwards.
///
/// A projection term that is not a well-sorted formula makes the outcome
/// `Unknown` (fail closed).
pub fn enumerate_projections(
    backend: &mut dyn Backend,
    projection: &[Term],
    limit: usize,
) -> Enumeration {
    let depth = backend.scopes();
    backend.push();
    let result = enumerate_in_scope(backend, projection, limit);
    while backend.scopes() > depth {
        backend.pop();
    }
    result
}

fn enumerate_in_scope(backend: &mut dyn Backend, projection: &[Term], limit: usize) -> Enumeration {
    let mut found = Enumeration {
        projections: Vec::new(),
        outcome: EnumerationOutcome::Complete,
        checks: 0,
    };
    for p in projection {
        if let Err(e) = validate(p) {
            found.outcome = EnumerationOutcome::Unknown(e.to_string());
            return found;
        }
        for v in p.vars() {
            backend.declare(&v);
        }
    }
    loop {
        if found.projections.len() >= limit {
            found.outcome = EnumerationOutcome::LimitReached;
            return found;
        }
        found.checks += 1;
        let model = match backend.check() {
            CheckResult::Sat(model) => model,
            CheckResult::Unsat => return found,
            CheckResult::Unknown(reason) => {
                found.outcome = EnumerationOutcome::Unknown(reason);
                return found;
            }
        };
        let valuation: Result<Vec<bool>, _> = projection.iter().map(|p| p.holds(&model)).collect();
        let valuation = match valuation {
            Ok(v) => v,
            Err(e) => {
                found.outcome = EnumerationOutcome::Unknown(e.to_string());
                return found;
            }
        };
        let cell = term::and(projection.iter().zip(&valuation).map(|(p, v)| {
            if *v {
                p.clone()
            } else {
                term::not(p.clone())
            }
        }));
        if let Err(e) = backend.assert(&term::not(cell)) {
            found.outcome = EnumerationOutcome::Unknown(e.to_string());
            return found;
        }
        found.projections.push(Projection { valuation, model });
    }
}

#[cfg(test)]
mod tests;
