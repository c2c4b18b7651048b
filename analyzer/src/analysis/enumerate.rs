//! Enumeration by stratified abstraction: find an allowed external request,
//! abstract it to the cell of principal and restricting-key atoms it
//! satisfies, collect the action classes allowed in that cell, block the
//! cell, repeat until UNSAT. The final UNSAT proves that no other external
//! request is allowed.

use super::limits::{Deadline, Limits};
use super::render::{region, render_cell, FindingClass};
use crate::encode::Question;
use std::collections::BTreeSet;
use std::time::Duration;
use zoneproof_encodings::model::{Model, Value};
use zoneproof_encodings::solver::{Backend, CheckResult};
use zoneproof_encodings::term::{self, Term};

/// One finding class found: the class the first model's atoms render to,
/// and one allowed external request per action class allowed anywhere in
/// the class's region.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The finding class.
    pub class: FindingClass,
    /// One allowed external request per action class.
    pub models: Vec<(usize, Model)>,
}

/// How an enumeration ended.
#[derive(Debug, Clone)]
pub struct Enumeration {
    /// The cells found.
    pub cells: Vec<Cell>,
    /// `None` when the final answer was UNSAT (complete), else why not.
    pub incomplete: Option<String>,
    /// Solver checks made.
    pub checks: u64,
}

/// When an enumeration must stop: the resource's deadline and limits, and
/// the timeout of one check.
pub struct Bounds {
    /// The resource's deadline.
    pub deadline: Deadline,
    /// The resource's limits.
    pub limits: Limits,
    /// The timeout of one solver check.
    pub check_timeout: Duration,
}

impl Bounds {
    /// Why the enumeration must stop before its next check, if it must;
    /// otherwise gives that check the time left.
    fn before_check(&self, backend: &mut dyn Backend, cells: usize) -> Option<String> {
        if cells >= self.limits.max_findings {
            return Some(self.limits.findings_reason());
        }
        if self.deadline.passed() {
            return Some(self.limits.timeout_reason());
        }
        backend.set_timeout(self.deadline.remaining(self.check_timeout));
        None
    }
}

/// Enumerates the cells of a question on a backend (which it leaves with
/// balanced scopes), within the bounds.
pub fn enumerate_cells(
    backend: &mut dyn Backend,
    question: &Question,
    bounds: &Bounds,
) -> Enumeration {
    let mut run = Enumeration {
        cells: Vec::new(),
        incomplete: None,
        checks: 0,
    };
    backend.push();
    if let Err(e) = backend.assert(&question.query) {
        run.incomplete = Some(format!("solver rejected the query: {e}"));
        backend.pop();
        return run;
    }
    // Requests that no restricting value limits give the broadest finding
    // classes: look for those first, while there are any.
    let unrestricted = term::not(term::or(
        question.condition_atoms.iter().map(|a| a.term.clone()),
    ));
    let mut unrestricted_left = !question.condition_atoms.is_empty();
    loop {
        if let Some(reason) = bounds.before_check(backend, run.cells.len()) {
            run.incomplete = Some(reason);
            break;
        }
        let mut result = CheckResult::Unsat;
        if unrestricted_left {
            result = check_with(backend, &unrestricted, &mut run.checks);
            unrestricted_left = matches!(result, CheckResult::Sat(_));
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
                run.incomplete = Some(reason);
                break;
            }
            CheckResult::Sat(model) => model,
        };
        match explore_cell(backend, question, model, bounds, &mut run.checks) {
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
fn check_with(backend: &mut dyn Backend, assumption: &Term, checks: &mut u64) -> CheckResult {
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

/// Abstracts a model to its cell and collects every action class allowed in
/// the cell. Returns the cell and its formula.
fn explore_cell(
    backend: &mut dyn Backend,
    question: &Question,
    model: Model,
    bounds: &Bounds,
    checks: &mut u64,
) -> Result<(Cell, Term), String> {
    let principal = truth_values(question.principal_atoms.iter().map(|a| &a.term), &model)?;
    let condition = truth_values(question.condition_atoms.iter().map(|a| &a.term), &model)?;
    let class = render_cell(question, &principal, &condition);
    let block = region(question, &class);
    if !holds(&block, &model)? {
        return Err("the model is outside the region of its own finding class".into());
    }
    let mut classes = BTreeSet::new();
    let mut models = Vec::new();
    let first = action_class(question, &model)?;
    classes.insert(first);
    models.push((first, model));
    backend.push();
    let result = more_classes(
        backend,
        question,
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
    question: &Question,
    block: &Term,
    bounds: &Bounds,
    classes: &mut BTreeSet<usize>,
    models: &mut Vec<(usize, Model)>,
    checks: &mut u64,
) -> Result<(), String> {
    backend.assert(block).map_err(|e| e.to_string())?;
    loop {
        let excluded = term::and(
            classes
                .iter()
                .map(|c| term::not(question.vars.action_is(*c))),
        );
        backend.assert(&excluded).map_err(|e| e.to_string())?;
        if let Some(reason) = bounds.before_check(backend, 0) {
            return Err(reason);
        }
        *checks += 1;
        match backend.check() {
            CheckResult::Unsat => return Ok(()),
            CheckResult::Unknown(reason) => return Err(reason),
            CheckResult::Sat(model) => {
                let class = action_class(question, &model)?;
                if !classes.insert(class) {
                    return Err(format!("solver repeated action class {class}"));
                }
                models.push((class, model));
            }
        }
    }
}

fn action_class(question: &Question, model: &Model) -> Result<usize, String> {
    match model.get(&question.vars.action) {
        Some(Value::Int(i)) => usize::try_from(*i).map_err(|e| e.to_string()),
        other => Err(format!("model has no action class ({other:?})")),
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
