//! Questions over policy formulas, one module each, sharing one
//! enumeration loop and one witness check.
//!
//! A question builds a query from the formulas of [`crate::encode`] (say
//! `domain ∧ external(r) ∧ allowed(P, r)`; for "new access",
//! `domain ∧ allowed(NEW, r) ∧ ¬allowed(REF, r)`; for "who can",
//! `domain ∧ action(r) = a ∧ resource(r) = x ∧ allowed(P, r)`), and a
//! [`Classifier`]: how a model abstracts to the class a finding reports
//! (who, under which restricting condition) and which requests a class
//! covers. [`enumerate`] finds a model, classifies it, collects every
//! action class allowed in the class's region, blocks the region and
//! repeats until UNSAT (stratified abstraction); the final UNSAT is the
//! proof that nothing else is allowed. [`decode_witness`] turns each model
//! into a concrete request, which the question re-checks with the
//! evaluator.

pub mod access_not_granted;
pub mod can;
pub mod check;
pub mod external_access;
pub mod fix_obligations;
pub mod new_access;
pub mod public_access;
pub mod resource_controls;
pub mod who_can;

use std::collections::BTreeSet;
use std::time::Duration;

use zoneproof_encodings::model::Model;
use zoneproof_encodings::solver::{Backend, CheckResult};
use zoneproof_encodings::term::{self, Term};

use crate::encode::decode::{complete_model, decode_class, decode_request, DecodeError};
use crate::encode::Environment;
use crate::eval::Request;
use crate::limits::{Deadline, Limits};

/// How a question abstracts models to the classes it reports.
pub trait Classifier {
    /// What a finding reports.
    type Class: Clone + Ord;
    /// The class of a (completed) model.
    ///
    /// # Errors
    /// When the model cannot be classified (a term does not evaluate).
    fn classify(&self, model: &Model) -> Result<Self::Class, String>;
    /// The requests a class covers: the class itself and the classes it
    /// contains, blocked at once.
    fn region(&self, class: &Self::Class) -> Term;
    /// An assumption to try first while it is satisfiable (the broadest
    /// classes), if any.
    fn broadest_first(&self) -> Option<Term> {
        None
    }
}

/// One class found, with one allowed request per action class allowed
/// anywhere in its region.
#[derive(Debug, Clone)]
pub struct Cell<C> {
    /// The class.
    pub class: C,
    /// `(action class, model)` pairs; models are completed.
    pub models: Vec<(usize, Model)>,
}

/// How an enumeration ended.
#[derive(Debug, Clone)]
pub struct Enumeration<C> {
    /// The cells found.
    pub cells: Vec<Cell<C>>,
    /// `None` when the final answer was UNSAT (complete), else why not.
    pub incomplete: Option<String>,
    /// Solver checks made.
    pub checks: u64,
}

/// When an enumeration must stop: the resource's deadline and limits, and
/// the timeout of one check.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// The resource's deadline.
    pub deadline: Deadline,
    /// The resource's limits (the enumeration reads `max_findings`).
    pub limits: Limits,
    /// The timeout of one solver check.
    pub check_timeout: Duration,
}

impl Bounds {
    /// The default limits, from now, with `check_timeout` per check.
    pub fn new(limits: Limits, check_timeout: Duration) -> Bounds {
        Bounds {
            deadline: Deadline::after(std::time::Instant::now(), limits.resource_timeout),
            limits,
            check_timeout,
        }
    }

    /// Why the enumeration must stop before its next check, if it must;
    /// otherwise gives that check the time left (at most `check_timeout`).
    pub fn before_check(&self, backend: &mut dyn Backend, cells: usize) -> Option<String> {
        if cells >= self.limits.max_findings {
            return Some(self.limits.findings_reason());
        }
        if self.deadline.passed() {
            return Some(self.limits.timeout_reason());
        }
        backend.set_timeout(self.deadline.remaining(self.check_timeout));
        None
    }

    /// The reason a check that came back `unknown` gives: the deadline's
    /// when the check ran out of the resource's time, else the solver's.
    fn unknown_reason(&self, solver: String) -> String {
        if self.deadline.passed() {
            format!("{} ({solver})", self.limits.timeout_reason())
        } else {
            solver
        }
    }
}

/// Enumerates the classes of `query` (see the module documentation) on a
/// backend, which it leaves with balanced scopes, within `bounds`.
pub fn enumerate<C: Classifier>(
    backend: &mut dyn Backend,
    env: &Environment,
    query: &Term,
    classifier: &C,
    bounds: &Bounds,
) -> Enumeration<C::Class> {
    let mut run = Enumeration {
        cells: Vec::new(),
        incomplete: None,
        checks: 0,
    };
    backend.push();
    if let Err(e) = backend.assert(query) {
        run.incomplete = Some(format!("solver rejected the query: {e}"));
        backend.pop();
        return run;
    }
    let broadest = classifier.broadest_first();
    let mut broadest_left = broadest.is_some();
    loop {
        if let Some(reason) = bounds.before_check(backend, run.cells.len()) {
            run.incomplete = Some(reason);
            break;
        }
        let mut result = CheckResult::Unsat;
        if let (true, Some(assumption)) = (broadest_left, &broadest) {
            result = check_with(backend, assumption, &mut run.checks);
            broadest_left = matches!(result, CheckResult::Sat(_));
        }
        if matches!(result, CheckResult::Unsat) {
            if let Some(reason) = bounds.before_check(backend, run.cells.len()) {
                run.incomplete = Some(reason);
                break;
            }
            run.checks += 1;
            result = backend.check();
        }
        let model = match result {
            CheckResult::Unsat => break,
            CheckResult::Unknown(reason) => {
                run.incomplete = Some(bounds.unknown_reason(reason));
                break;
            }
            CheckResult::Sat(model) => complete_model(env, &model),
        };
        match explore_cell(backend, env, classifier, model, bounds, &mut run.checks) {
            Ok((cell, block)) => {
                run.cells.push(cell);
                if let Err(e) = backend.assert(&term::not(block)) {
                    run.incomplete = Some(format!("solver rejected a blocking clause: {e}"));
                    break;
                }
            }
            Err(reason) => {
                run.incomplete = Some(reason);
                break;
            }
        }
    }
    backend.pop();
    run
}

/// One check under an extra assumption, in its own scope.
pub fn check_with(backend: &mut dyn Backend, assumption: &Term, checks: &mut u64) -> CheckResult {
    backend.push();
    let result = match backend.assert(assumption) {
        Ok(()) => {
            *checks += 1;
            backend.check()
        }
        Err(e) => CheckResult::Unknown(format!("solver rejected an assumption: {e}")),
    };
    backend.pop();
    result
}

/// Classifies a model and collects every action class allowed in its
/// class's region. Returns the cell and the region.
fn explore_cell<C: Classifier>(
    backend: &mut dyn Backend,
    env: &Environment,
    classifier: &C,
    model: Model,
    bounds: &Bounds,
    checks: &mut u64,
) -> Result<(Cell<C::Class>, Term), String> {
    let class = classifier.classify(&model)?;
    let block = classifier.region(&class);
    if !holds(&block, &model)? {
        return Err("the model is outside the region of its own finding class".into());
    }
    let first = decode_class(env, &model).map_err(|e| e.to_string())?;
    let mut classes = BTreeSet::from([first]);
    let mut models = vec![(first, model)];
    backend.push();
    let result = more_classes(
        backend,
        env,
        &block,
        bounds,
        &mut classes,
        &mut models,
        checks,
    );
    backend.pop();
    result?;
    Ok((Cell { class, models }, block))
}

fn more_classes(
    backend: &mut dyn Backend,
    env: &Environment,
    block: &Term,
    bounds: &Bounds,
    classes: &mut BTreeSet<usize>,
    models: &mut Vec<(usize, Model)>,
    checks: &mut u64,
) -> Result<(), String> {
    backend.assert(block).map_err(|e| e.to_string())?;
    loop {
        let excluded = term::and(classes.iter().map(|c| term::not(env.vars.action_is(*c))));
        backend.assert(&excluded).map_err(|e| e.to_string())?;
        if let Some(reason) = bounds.before_check(backend, 0) {
            return Err(reason);
        }
        *checks += 1;
        match backend.check() {
            CheckResult::Unsat => return Ok(()),
            CheckResult::Unknown(reason) => return Err(bounds.unknown_reason(reason)),
            CheckResult::Sat(model) => {
                let model = complete_model(env, &model);
                let class = decode_class(env, &model).map_err(|e| e.to_string())?;
                if !classes.insert(class) {
                    return Err(format!("solver repeated action class {class}"));
                }
                models.push((class, model));
            }
        }
    }
}

/// Evaluates atoms on a model.
pub fn truth_values<'t>(
    terms: impl Iterator<Item = &'t Term>,
    model: &Model,
) -> Result<Vec<bool>, String> {
    terms.map(|t| holds(t, model)).collect()
}

/// Whether a Boolean term holds in a model.
pub fn holds(t: &Term, model: &Model) -> Result<bool, String> {
    t.holds(model)
        .map_err(|e| format!("cannot evaluate atom on the model: {e}"))
}

/// The concrete request of a model, for the question to re-check.
///
/// # Errors
/// When the model does not decode.
pub fn decode_witness(env: &Environment, model: &Model) -> Result<Request, DecodeError> {
    decode_request(env, model)
}
