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
//! proof that nothing else is allowed. A class's region is blocked only
//! for the action classes found in it until the solver proves there are no
//! others, so cells derived without the solver ([`Classifier::variants`])
//! stay sound: their regions reopen for any other action, and the final
//! UNSAT still covers everything. [`decode_witness`] turns each model
//! into a concrete request, which the question re-checks with the
//! evaluator.

pub mod access_not_granted;
pub mod can;
pub mod check;
mod error;
pub mod external_access;
pub mod fix_obligations;
pub mod new_access;
pub mod public_access;
pub mod resource_controls;
mod statement_variants;
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
pub use error::{InvalidWitness, QuestionError};

/// How a question abstracts models to the classes it reports.
pub trait Classifier {
    /// What a finding reports.
    type Class: Clone + Ord;
    /// The class of a (completed) model.
    ///
    /// # Errors
    /// When the model cannot be classified (a term does not evaluate).
    fn classify(&self, model: &Model) -> Result<Self::Class, QuestionError>;
    /// The requests a class covers: the class itself and the classes it
    /// contains, blocked at once.
    fn region(&self, class: &Self::Class) -> Term;
    /// An assumption to try first while it is satisfiable (the broadest
    /// classes), if any.
    fn broadest_first(&self) -> Option<Term> {
        None
    }
    /// Requests of other classes that a found model suggests without the
    /// solver (the same request from another account the policy names,
    /// say), as models. [`enumerate`] keeps only those that satisfy the
    /// query and fall in a class not found yet; the default suggests none.
    fn variants(&self, _model: &Model) -> Vec<Model> {
        Vec::new()
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
    if let Err(reason) = enumerate_cells(backend, env, query, classifier, bounds, &mut run) {
        run.incomplete = Some(reason.to_string());
    }
    backend.pop();
    run
}

/// The cells whose regions are blocked only for the action classes found
/// so far (derived cells), and whether deriving is still worth trying.
struct Derived {
    /// `(cell index, the cell's whole region)`.
    partial: Vec<(usize, Term)>,
    enabled: bool,
}

/// The enumeration loop of [`enumerate`], in the scope that holds the
/// query; `Err` is why it stopped before the final UNSAT.
fn enumerate_cells<C: Classifier>(
    backend: &mut dyn Backend,
    env: &Environment,
    query: &Term,
    classifier: &C,
    bounds: &Bounds,
    run: &mut Enumeration<C::Class>,
) -> Result<(), QuestionError> {
    let broadest = classifier.broadest_first();
    let mut broadest_left = broadest.is_some();
    let mut derived = Derived {
        partial: Vec::new(),
        enabled: true,
    };
    loop {
        let mut result = CheckResult::Unsat;
        if let (true, Some(assumption)) = (broadest_left, &broadest) {
            ensure_time(backend, bounds, run.cells.len())?;
            result = check_with(backend, assumption, &mut run.checks);
            broadest_left = matches!(result, CheckResult::Sat(_));
        }
        if matches!(result, CheckResult::Unsat) {
            ensure_time(backend, bounds, run.cells.len())?;
            run.checks += 1;
            result = backend.check();
        }
        let model = match result {
            CheckResult::Unsat => return Ok(()),
            CheckResult::Unknown(reason) => {
                return Err(QuestionError::Stopped(bounds.unknown_reason(reason)))
            }
            CheckResult::Sat(model) => complete_model(env, &model),
        };
        if let Some(at) = partial_cell_of(&derived.partial, &model)? {
            let (index, block) = derived.partial.remove(at);
            complete_cell(
                backend,
                env,
                &block,
                &mut run.cells[index],
                model,
                bounds,
                &mut run.checks,
            )?;
            assert_blocked(backend, &block)?;
            continue;
        }
        let (cell, block) = explore_cell(backend, env, classifier, model, bounds, &mut run.checks)?;
        let mut more = Vec::new();
        if derived.enabled {
            let derivation = derive_cells(classifier, env, query, &cell, &run.cells, bounds)?;
            // Variants that keep failing are not worth their evaluation.
            derived.enabled = !derivation.offered || !derivation.cells.is_empty();
            more = derivation.cells;
            // The findings limit holds for derived cells too: the next
            // check then stops the enumeration, incomplete.
            more.truncate(
                bounds
                    .limits
                    .max_findings
                    .saturating_sub(run.cells.len() + 1),
            );
        }
        run.cells.push(cell);
        assert_blocked(backend, &block)?;
        for cell in more {
            let region = classifier.region(&cell.class);
            assert_blocked(backend, &found_actions_region(env, &region, &cell))?;
            derived.partial.push((run.cells.len(), region));
            run.cells.push(cell);
        }
    }
}

/// Why the enumeration must stop before its next check, as an error.
fn ensure_time(
    backend: &mut dyn Backend,
    bounds: &Bounds,
    cells: usize,
) -> Result<(), QuestionError> {
    match bounds.before_check(backend, cells) {
        Some(reason) => Err(QuestionError::Stopped(reason)),
        None => Ok(()),
    }
}

/// Blocks a region: asserts its negation.
fn assert_blocked(backend: &mut dyn Backend, region: &Term) -> Result<(), QuestionError> {
    backend
        .assert(&term::not(region.clone()))
        .map_err(QuestionError::BlockingClause)
}

/// A derived cell's region, for the action classes it has models of.
fn found_actions_region<C>(env: &Environment, region: &Term, cell: &Cell<C>) -> Term {
    term::and([
        region.clone(),
        term::or(
            cell.models
                .iter()
                .map(|(class, _)| env.vars.action_is(*class)),
        ),
    ])
}

/// The position in `partial` of the derived cell whose region holds
/// `model` (the model then has an action class the cell has not seen), if
/// any.
fn partial_cell_of(
    partial: &[(usize, Term)],
    model: &Model,
) -> Result<Option<usize>, QuestionError> {
    let regions = truth_values(partial.iter().map(|(_, region)| region), model)?;
    Ok(regions.iter().position(|holds| *holds))
}

/// Completes a derived cell from a model in its region (`block`) with a
/// new action class: collects every other action class allowed there.
fn complete_cell<C>(
    backend: &mut dyn Backend,
    env: &Environment,
    block: &Term,
    cell: &mut Cell<C>,
    model: Model,
    bounds: &Bounds,
    checks: &mut u64,
) -> Result<(), QuestionError> {
    let mut classes: BTreeSet<usize> = cell.models.iter().map(|(class, _)| *class).collect();
    let first = decode_class(env, &model)?;
    if !classes.insert(first) {
        return Err(QuestionError::RepeatedDerivedClass(first));
    }
    cell.models.push((first, model));
    backend.push();
    let result = more_classes(
        backend,
        env,
        block,
        bounds,
        &mut classes,
        &mut cell.models,
        checks,
    );
    backend.pop();
    result
}

/// The cells a found cell's models suggest ([`Classifier::variants`]):
/// each variant must satisfy the query and fall in a class that no cell
/// has; variants of one class form one cell, one model per action class.
/// Also says whether the classifier offered any variant. Stops early
/// (with what it has) when the deadline passes, or after
/// [`TRIAL_VARIANTS`] failures in a row at the start.
fn derive_cells<C: Classifier>(
    classifier: &C,
    env: &Environment,
    query: &Term,
    cell: &Cell<C::Class>,
    cells: &[Cell<C::Class>],
    bounds: &Bounds,
) -> Result<Derivation<C::Class>, QuestionError> {
    let known: BTreeSet<&C::Class> = cells
        .iter()
        .map(|c| &c.class)
        .chain([&cell.class])
        .collect();
    let mut derived: std::collections::BTreeMap<C::Class, Vec<(usize, Model)>> =
        std::collections::BTreeMap::new();
    let mut offered = 0_usize;
    for (_, model) in &cell.models {
        for variant in classifier.variants(model) {
            offered += 1;
            let hopeless = offered > TRIAL_VARIANTS && derived.is_empty();
            if hopeless || bounds.deadline.passed() {
                break;
            }
            let variant = complete_model(env, &variant);
            let class = classifier.classify(&variant)?;
            if known.contains(&class) || !truth_values(std::iter::once(query), &variant)?[0] {
                continue;
            }
            if !holds(&classifier.region(&class), &variant)? {
                continue;
            }
            let action = decode_class(env, &variant)?;
            let models = derived.entry(class).or_default();
            if models.iter().all(|(seen, _)| *seen != action) {
                models.push((action, variant));
            }
        }
    }
    let cells = derived
        .into_iter()
        .map(|(class, models)| Cell { class, models })
        .collect();
    Ok(Derivation {
        cells,
        offered: offered > 0,
    })
}

/// Variants [`derive_cells`] tries before it gives up on a cell whose
/// variants all fail (statements that each grant a partner something
/// different): the failures cost a full evaluation of the query each.
const TRIAL_VARIANTS: usize = 16;

/// What [`derive_cells`] found.
struct Derivation<C> {
    /// The derived cells.
    cells: Vec<Cell<C>>,
    /// Whether the classifier offered any variant.
    offered: bool,
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
) -> Result<(Cell<C::Class>, Term), QuestionError> {
    let class = classifier.classify(&model)?;
    let block = classifier.region(&class);
    if !holds(&block, &model)? {
        return Err(QuestionError::OutsideRegion);
    }
    let first = decode_class(env, &model)?;
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
) -> Result<(), QuestionError> {
    backend.assert(block)?;
    // The domain keeps the action among the environment's classes, so once
    // every class has a model no check is left to make.
    while classes.len() < env.classes.len() {
        let excluded = term::and(classes.iter().map(|c| term::not(env.vars.action_is(*c))));
        backend.assert(&excluded)?;
        if let Some(reason) = bounds.before_check(backend, 0) {
            return Err(QuestionError::Stopped(reason));
        }
        *checks += 1;
        match backend.check() {
            CheckResult::Unsat => return Ok(()),
            CheckResult::Unknown(reason) => {
                return Err(QuestionError::Stopped(bounds.unknown_reason(reason)))
            }
            CheckResult::Sat(model) => {
                let model = complete_model(env, &model);
                let class = decode_class(env, &model)?;
                if !classes.insert(class) {
                    return Err(QuestionError::RepeatedClass(class));
                }
                models.push((class, model));
            }
        }
    }
    Ok(())
}

/// Evaluates atoms on a model.
///
/// # Errors
/// [`QuestionError::Evaluate`] when an atom does not evaluate.
pub fn truth_values<'t>(
    terms: impl Iterator<Item = &'t Term>,
    model: &Model,
) -> Result<Vec<bool>, QuestionError> {
    model.truths(terms).map_err(QuestionError::Evaluate)
}

/// Whether a Boolean term holds in a model.
///
/// # Errors
/// [`QuestionError::Evaluate`] when the term does not evaluate.
pub fn holds(t: &Term, model: &Model) -> Result<bool, QuestionError> {
    t.holds(model).map_err(QuestionError::Evaluate)
}

/// The concrete request of a model, for the question to re-check.
///
/// # Errors
/// When the model does not decode.
pub fn decode_witness(env: &Environment, model: &Model) -> Result<Request, DecodeError> {
    decode_request(env, model)
}
