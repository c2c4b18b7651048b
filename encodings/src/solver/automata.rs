//! The `automata` backend: Z3 decides the skeleton, automata decide strings.
//!
//! Every string literal `x ∈ L(P)` of the query is a fresh Boolean constant
//! ("atom") in Z3; `Int` and `Ip` variables are Z3 integers (comparisons
//! with constants are decided much faster by linear arithmetic than by
//! 128-bit vectors), kept in their 128-bit ranges where needed. After each skeleton model, the backend computes
//! which string literals the model really relies on (an implicant of the
//! assertions: for a true disjunction one true disjunct, for a true
//! conjunction all conjuncts), groups them per string variable and asks the
//! automata layer for a witness. When a variable's literals conflict, a small
//! conflict core becomes a lemma (a clause over atoms) and Z3 checks again;
//! each lemma removes at least the current model, and there are finitely many
//! cores, so the loop ends. Some relations are cheap enough to assert up
//! front when two atoms on one variable meet: a literal `x = "abc"` decides
//! every other atom on `x`, and literal prefixes prove inclusions
//! (`s3:Get*` ⊆ `s3:*`) without automata.
//!
//! Integer and address variables compared only with constants are not Z3
//! arithmetic but Boolean order atoms (see [`super::order`]); a variable
//! compared with another variable is also a Z3 integer, tied to its order
//! atoms by equivalences.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::time::{Duration, Instant};

use z3::ast::{Bool, Int};

use super::order::{self, OrderAtoms};
use super::skeleton::{self, LimitedSolver};
use super::{validate, Backend, BackendKind, CheckResult, SolverError};
use crate::automata::{Budget, Emptiness};
use crate::model::{EvalError, Model, Value};
use crate::pattern::{Pattern, Strategy};
use crate::strings::{quick_relation, sort_literals, Relation, StrLiteral, StringTheory};
use crate::term::{CmpOp, NodeMap, NodeSet, Sort, Term, TermKind, Var};

/// Skeleton checks per `check` before giving up (a safety net; each round
/// adds a new lemma, so real queries stop long before).
const MAX_ROUNDS: usize = 10_000;

#[derive(Debug, Default)]
struct Frame {
    assertions: Vec<Term>,
    vars: BTreeSet<Var>,
    atoms: Vec<(Var, Pattern)>,
    bounded: Vec<Var>,
    /// Atom nodes of this frame's assertions (see `AutomataBackend::atom_nodes`).
    atom_nodes: Vec<usize>,
    /// The number of the frame's first atom: its atoms' names are free
    /// again once it is popped, so that a long scan does not grow Z3's
    /// symbol table by the atoms of every resource.
    first_atom: u64,
}

/// Literal atoms on one variable that exclude each other by pairwise
/// lemmas; past this many, new ones go through the selector.
const PAIRWISE_LITERALS: usize = 32;

/// The literal atoms of one string variable. At most one literal holds:
/// the first [`PAIRWISE_LITERALS`] live ones exclude each other (and every
/// later one) by a lemma per pair, which Z3 decides fastest; the later ones
/// are tied to a selector, a Z3 integer that names which of them holds
/// (`v = "abc"` is `selector = id("abc")`), so they exclude each other
/// without a lemma per pair. With pairwise lemmas only, n literals on one
/// variable were n²/2 clauses: a 20 KB policy listing 1,350 accounts made
/// 900,000, and Z3 gave up. A selector outside every id is a value that is
/// none of the literals.
struct LiteralChoice {
    selector: Int,
    ids: HashMap<String, i64>,
    /// Live literal patterns excluded pairwise, in creation order.
    pairwise: Vec<Pattern>,
    /// Live literal patterns tied to the selector, in creation order.
    selected: Vec<Pattern>,
}

impl LiteralChoice {
    fn new(v: &Var) -> LiteralChoice {
        LiteralChoice {
            selector: Int::new_const(format!("s!{}", const_name(v))),
            ids: HashMap::default(),
            pairwise: Vec::new(),
            selected: Vec::new(),
        }
    }

    /// `selector = id(text)`; a text keeps its id across scopes.
    fn chosen(&mut self, text: &str) -> Bool {
        let next = i64::try_from(self.ids.len()).unwrap_or(i64::MAX);
        let id = *self.ids.entry(text.to_string()).or_insert(next);
        self.selector.eq(Int::from_i64(id))
    }

    /// Every live literal pattern.
    fn all(&self) -> impl Iterator<Item = &Pattern> {
        self.pairwise.iter().chain(&self.selected)
    }
}

/// Counters of the work a backend did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutomataStats {
    /// Calls of `check`.
    pub checks: u64,
    /// Z3 skeleton checks (at least one per `check`).
    pub skeleton_checks: u64,
    /// Conflict lemmas added.
    pub lemmas: u64,
    /// Eager literal lemmas added.
    pub eager_lemmas: u64,
}

/// Z3 for the Boolean/integer/bit-vector skeleton, automata for strings.
pub struct AutomataBackend {
    limited: LimitedSolver,
    timeout: Duration,
    frames: Vec<Frame>,
    atoms: HashMap<(Var, Pattern), Bool>,
    /// The Z3 atom of each `InPattern` node of the asserted terms, by node:
    /// the frames' assertions keep those nodes alive, and a frame's entries
    /// go when it is popped, so a node id is never stale.
    atom_nodes: NodeMap<usize, Bool>,
    /// Per string variable, its atoms' patterns other than literals, in
    /// creation order (a popped frame's are at the tail).
    atoms_by_var: HashMap<Var, Vec<Pattern>>,
    /// Per string variable, its literal atoms (see [`LiteralChoice`]).
    literals_by_var: HashMap<Var, LiteralChoice>,
    bounded: HashSet<Var>,
    order: OrderAtoms,
    next_atom: u64,
    /// Formulas for Z3 not yet handed over: asserted together, as one
    /// conjunction, before the next push or check (one `Z3_solver_assert`
    /// per call costs more than the formulas of a small question).
    pending: Vec<Bool>,
    theory: StringTheory,
    memo: WalkMemo,
    stats: AutomataStats,
}

impl AutomataBackend {
    /// A backend with an empty assertion set.
    pub fn new(timeout: Duration) -> AutomataBackend {
        let limited = LimitedSolver::new(timeout);
        AutomataBackend {
            limited,
            timeout,
            frames: vec![Frame::default()],
            atoms: HashMap::default(),
            atom_nodes: NodeMap::default(),
            atoms_by_var: HashMap::default(),
            literals_by_var: HashMap::default(),
            bounded: HashSet::default(),
            order: OrderAtoms::new(),
            next_atom: 0,
            pending: Vec::new(),
            theory: StringTheory::new(),
            memo: WalkMemo::default(),
            stats: AutomataStats::default(),
        }
    }

    /// The work done so far.
    pub fn stats(&self) -> AutomataStats {
        self.stats
    }

    /// Asserts `b` in the current scope (handed to Z3 at the next push or
    /// check).
    fn assert_in_scope(&mut self, b: Bool) {
        self.pending.push(b);
    }

    /// Hands the pending formulas to Z3, in the scope they were made in.
    fn flush_pending(&mut self) {
        match self.pending.len() {
            0 => {}
            1 => {
                if let Some(b) = self.pending.pop() {
                    self.limited.solver.assert(&b);
                }
            }
            _ => {
                self.limited.solver.assert(Bool::and(&self.pending));
                self.pending.clear();
            }
        }
    }

    fn frame(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn knows(&self, v: &Var) -> bool {
        self.frames.iter().any(|f| f.vars.contains(v))
    }

    /// Records a variable.
    fn note_var(&mut self, v: &Var) -> Result<(), SolverError> {
        if !self.knows(v) {
            self.frame().vars.insert(v.clone());
        }
        Ok(())
    }

    /// Makes an `Int` or `Ip` variable a Z3 integer too (it is compared
    /// with another variable): bounded to 128 signed (`Int`) or unsigned
    /// (`Ip`) bits, and equivalent to its order atoms.
    fn bound(&mut self, v: &Var) -> Result<(), SolverError> {
        if self.bounded.contains(v) {
            return Ok(());
        }
        let (lo, hi) = match v.sort() {
            Sort::Int => (int_const(i128::MIN)?, int_const(i128::MAX)?),
            Sort::Ip => (int_const(0)?, ip_const(u128::MAX)?),
            _ => return Ok(()),
        };
        let x = Int::new_const(const_name(v));
        self.assert_in_scope(Bool::and(&[lo.le(&x), x.le(&hi)]));
        self.bounded.insert(v.clone());
        self.frame().bounded.push(v.clone());
        let atoms: Vec<(i128, Bool)> = self
            .order
            .atoms_of(v)
            .map(|(k, b)| (*k, b.clone()))
            .collect();
        for (k, atom) in atoms {
            self.channel(v, k, &atom)?;
        }
        Ok(())
    }

    /// Asserts that the order atom "`v ≤ k`" is `v`'s Z3 integer at most `k`.
    fn channel(&mut self, v: &Var, k: i128, atom: &Bool) -> Result<(), SolverError> {
        let bound = match order::value_at(v.sort(), k) {
            Some(Value::Int(n)) => int_const(n)?,
            Some(Value::Ip(n)) => ip_const(n)?,
            _ => return Err(SolverError::IllSorted(v.name().to_string())),
        };
        let x = Int::new_const(const_name(v));
        self.assert_in_scope(atom.iff(x.le(&bound)));
        Ok(())
    }

    /// The order atom "`v ≤ k`" (`None`: below every key, false), with its
    /// chain axioms, and its equivalence with `v`'s Z3 integer when there
    /// is one.
    fn at_most(&mut self, v: &Var, k: Option<i128>) -> Result<Bool, SolverError> {
        self.note_var(v)?;
        let made = self.order.at_most(v, k);
        for axiom in made.axioms {
            self.assert_in_scope(axiom);
        }
        if let Some(key) = made.new_key {
            if self.bounded.contains(v) {
                self.channel(v, key, &made.atom)?;
            }
        }
        Ok(made.atom)
    }

    /// A comparison. With a constant on one side it is a Boolean
    /// combination of order atoms; between two variables it is Z3
    /// arithmetic.
    fn encode_cmp(&mut self, op: CmpOp, a: &Term, b: &Term) -> Result<Bool, SolverError> {
        let key = |t: &Term| match t.kind() {
            TermKind::Int(n) => Some(*n),
            TermKind::Ip(n) => Some(order::ip_key(*n)),
            _ => None,
        };
        let below = |k: i128| k.checked_sub(1);
        match (a.kind(), b.kind(), key(a), key(b)) {
            (TermKind::Var(x), _, None, Some(k)) => match op {
                CmpOp::Le => self.at_most(x, Some(k)),
                CmpOp::Lt => self.at_most(x, below(k)),
                CmpOp::Eq => self.equals(x, k),
            },
            (_, TermKind::Var(x), Some(k), None) => match op {
                CmpOp::Le => Ok(self.at_most(x, below(k))?.not()),
                CmpOp::Lt => Ok(self.at_most(x, Some(k))?.not()),
                CmpOp::Eq => self.equals(x, k),
            },
            (_, _, Some(j), Some(k)) => Ok(Bool::from_bool(match op {
                CmpOp::Eq => j == k,
                CmpOp::Lt => j < k,
                CmpOp::Le => j <= k,
            })),
            _ => self.encode_arithmetic(op, a, b),
        }
    }

    /// `x = k`: at most `k` and not at most `k - 1`.
    fn equals(&mut self, x: &Var, k: i128) -> Result<Bool, SolverError> {
        let upper = self.at_most(x, Some(k))?;
        let lower = self.at_most(x, k.checked_sub(1))?;
        Ok(Bool::and(&[upper, lower.not()]))
    }

    /// A comparison between variables, in Z3 arithmetic.
    fn encode_arithmetic(&mut self, op: CmpOp, a: &Term, b: &Term) -> Result<Bool, SolverError> {
        for t in [a, b] {
            if let TermKind::Var(v) = t.kind() {
                self.bound(v)?;
            }
        }
        let (x, y) = if a.sort() == Sort::Ip {
            (self.encode_ip(a)?, self.encode_ip(b)?)
        } else {
            (self.encode_int(a)?, self.encode_int(b)?)
        };
        Ok(match op {
            CmpOp::Eq => x.eq(&y),
            CmpOp::Lt => x.lt(&y),
            CmpOp::Le => x.le(&y),
        })
    }

    /// The Z3 atom of `v ∈ L(p)`, made (with its eager lemmas) on first use.
    ///
    /// A literal atom `v = "abc"` is tied to the variable's selector (see
    /// [`LiteralChoice`]), so literals exclude each other without a lemma
    /// per pair; each literal decides every other pattern on `v`, asserted
    /// once per (literal, pattern) pair.
    fn atom(&mut self, v: &Var, p: &Pattern) -> Result<Bool, SolverError> {
        let key = (v.clone(), p.clone());
        if let Some(b) = self.atoms.get(&key) {
            return Ok(b.clone());
        }
        self.note_var(v)?;
        let b = Bool::new_const(format!("a!{}", self.next_atom));
        self.next_atom += 1;
        if let Strategy::Literal(text) = p.strategy() {
            self.literal_atom(v, &b, p, text);
        } else {
            self.pattern_atom(v, &b, p);
        }
        self.atoms.insert(key.clone(), b.clone());
        self.frame().atoms.push(key);
        Ok(b)
    }

    /// Makes a new literal atom `b` (`v = text`) exclude the other literals
    /// on `v` (see [`LiteralChoice`]) and decide the other patterns on `v`.
    fn literal_atom(&mut self, v: &Var, b: &Bool, literal: &Pattern, text: &str) {
        let choice = self
            .literals_by_var
            .entry(v.clone())
            .or_insert_with(|| LiteralChoice::new(v));
        let literal = literal.clone();
        let excluded: Vec<Pattern> = if choice.pairwise.len() < PAIRWISE_LITERALS {
            let all = choice.all().cloned().collect();
            choice.pairwise.push(literal);
            all
        } else {
            let chosen = choice.chosen(text);
            self.pending.push(b.eq(&chosen));
            let pairwise = choice.pairwise.clone();
            choice.selected.push(literal);
            pairwise
        };
        for q in &excluded {
            if let Some(qb) = self.atoms.get(&(v.clone(), q.clone())).cloned() {
                self.eager_lemma(b, &qb, false);
            }
        }
        let patterns = self.atoms_by_var.get(v).cloned().unwrap_or_default();
        for q in &patterns {
            if let Some(qb) = self.atoms.get(&(v.clone(), q.clone())).cloned() {
                self.eager_lemma(b, &qb, q.matches(text));
            }
        }
    }

    /// Relates a new non-literal atom `b` (`v ∈ L(p)`) to the literals on
    /// `v` (each decides it) and to the other patterns (inclusions).
    fn pattern_atom(&mut self, v: &Var, b: &Bool, p: &Pattern) {
        let literals: Vec<Pattern> = self
            .literals_by_var
            .get(v)
            .map(|choice| choice.all().cloned().collect())
            .unwrap_or_default();
        for literal in &literals {
            let Strategy::Literal(text) = literal.strategy() else {
                continue;
            };
            if let Some(lb) = self.atoms.get(&(v.clone(), literal.clone())).cloned() {
                self.eager_lemma(&lb, b, p.matches(text));
            }
        }
        let others = self.atoms_by_var.get(v).cloned().unwrap_or_default();
        for q in &others {
            let Some(qb) = self.atoms.get(&(v.clone(), q.clone())).cloned() else {
                continue;
            };
            // Inclusions only: eager disjointness lemmas are many (every
            // pair of distinct ARN prefixes) and measured slower than
            // finding the few that matter as conflicts.
            match quick_relation(p, q) {
                Some(Relation::Subset) => self.eager_lemma(b, &qb, true),
                Some(Relation::Superset) => self.eager_lemma(&qb, b, true),
                Some(Relation::Disjoint) | None => {}
            }
        }
        self.atoms_by_var
            .entry(v.clone())
            .or_default()
            .push(p.clone());
    }

    /// Forgets an atom of a popped frame. A frame's atoms were made last, so
    /// each sits at the tail of its variable's list.
    fn forget_atom(&mut self, key: &(Var, Pattern)) {
        self.atoms.remove(key);
        let lists = match key.1.strategy() {
            Strategy::Literal(_) => match self.literals_by_var.get_mut(&key.0) {
                Some(choice) => vec![&mut choice.pairwise, &mut choice.selected],
                None => Vec::new(),
            },
            _ => self.atoms_by_var.get_mut(&key.0).into_iter().collect(),
        };
        for list in lists {
            if let Some(i) = list.iter().rposition(|p| *p == key.1) {
                list.remove(i);
                return;
            }
        }
    }

    /// `literal => other` (or `literal => not other`).
    fn eager_lemma(&mut self, literal: &Bool, other: &Bool, other_holds: bool) {
        let consequence = if other_holds {
            other.clone()
        } else {
            other.not()
        };
        self.assert_in_scope(literal.implies(&consequence));
        self.stats.eager_lemmas += 1;
    }

    fn encode_bool(
        &mut self,
        t: &Term,
        memo: &mut NodeMap<usize, Bool>,
    ) -> Result<Bool, SolverError> {
        if let Some(b) = memo.get(&t.node_id()) {
            return Ok(b.clone());
        }
        let b = match t.kind() {
            TermKind::Bool(b) => Bool::from_bool(*b),
            TermKind::Var(v) if v.sort() == Sort::Bool => {
                self.note_var(v)?;
                Bool::new_const(const_name(v))
            }
            TermKind::Not(inner) => self.encode_bool(inner, memo)?.not(),
            TermKind::And(ts) | TermKind::Or(ts) => {
                let mut parts = Vec::with_capacity(ts.len());
                for c in ts {
                    parts.push(self.encode_bool(c, memo)?);
                }
                if matches!(t.kind(), TermKind::And(_)) {
                    Bool::and(&parts)
                } else {
                    Bool::or(&parts)
                }
            }
            TermKind::InPattern(v, p) => {
                let atom = self.atom(v, p)?;
                if self.atom_nodes.insert(t.node_id(), atom.clone()).is_none() {
                    self.frame().atom_nodes.push(t.node_id());
                }
                atom
            }
            TermKind::Cmp(op, a, b) if a.sort() == b.sort() => self.encode_cmp(*op, a, b)?,
            _ => return Err(ill_sorted(t)),
        };
        memo.insert(t.node_id(), b.clone());
        Ok(b)
    }

    fn encode_int(&mut self, t: &Term) -> Result<Int, SolverError> {
        match t.kind() {
            TermKind::Int(n) => int_const(*n),
            TermKind::Var(v) if v.sort() == Sort::Int => {
                self.note_var(v)?;
                Ok(Int::new_const(const_name(v)))
            }
            _ => Err(ill_sorted(t)),
        }
    }

    /// An `Ip` term as a Z3 integer in `0..2^128` (linear arithmetic
    /// decides comparisons with constants far faster than 128-bit vectors).
    fn encode_ip(&mut self, t: &Term) -> Result<Int, SolverError> {
        match t.kind() {
            TermKind::Ip(n) => skeleton::ip_int_value(*n)
                .ok_or_else(|| SolverError::IllSorted(format!("ip constant {n}"))),
            TermKind::Var(v) if v.sort() == Sort::Ip => {
                self.note_var(v)?;
                Ok(Int::new_const(const_name(v)))
            }
            _ => Err(ill_sorted(t)),
        }
    }

    /// One round: a skeleton model, then the string literals it relies on.
    fn round(&mut self, deadline: Instant) -> Round {
        if Instant::now() >= deadline {
            return Round::Done(CheckResult::Unknown("timeout".into()));
        }
        self.stats.skeleton_checks += 1;
        self.flush_pending();
        match self.limited.check_until(deadline) {
            Ok(false) => return Round::Done(CheckResult::Unsat),
            Err(reason) => return Round::Done(CheckResult::Unknown(reason)),
            Ok(true) => {}
        }
        let Some(z3_model) = self.limited.solver.get_model() else {
            return Round::Done(CheckResult::Unknown("z3 gave no model".into()));
        };
        let mut model = Model::new();
        let vars: Vec<Var> = self
            .frames
            .iter()
            .flat_map(|f| f.vars.iter().cloned())
            .collect();
        for v in vars.iter().filter(|v| v.sort() != Sort::Str) {
            let value = match v.sort() {
                Sort::Int | Sort::Ip if !self.bounded.contains(v) => {
                    self.order.decode(&z3_model, v)
                }
                _ => skeleton::decode_value_ip_as_int(&z3_model, v, &const_name(v)),
            };
            let Some(value) = value else {
                return Round::Done(CheckResult::Unknown(format!(
                    "cannot read the value of `{}` from the z3 model",
                    v.name()
                )));
            };
            let _ = model.insert(v.clone(), value);
        }
        let atoms = &self.atoms;
        let atom_nodes = &self.atom_nodes;
        let atom_value = |t: &Term, v: &Var, p: &Pattern| -> Option<bool> {
            let b = match atom_nodes.get(&t.node_id()) {
                Some(b) => b,
                None => atoms.get(&(v.clone(), p.clone()))?,
            };
            // An atom the model leaves open takes the value model completion
            // gives it (false); reading the interpretation is several times
            // cheaper than evaluating.
            Some(
                z3_model
                    .get_const_interp(b)
                    .is_some_and(|value| value.as_bool() == Some(true)),
            )
        };
        let assertions: Vec<Term> = self
            .frames
            .iter()
            .flat_map(|f| f.assertions.iter().cloned())
            .collect();
        let literals = match relied_on_literals(&assertions, &model, &atom_value, &mut self.memo) {
            Ok(l) => l,
            Err(e) => return Round::Done(CheckResult::Unknown(e)),
        };
        self.strings_round(deadline, model, &vars, literals, &assertions)
    }

    /// Decides each string variable's literals: a model, or lemmas.
    fn strings_round(
        &mut self,
        deadline: Instant,
        mut model: Model,
        vars: &[Var],
        literals: BTreeMap<Var, Vec<StrLiteral>>,
        assertions: &[Term],
    ) -> Round {
        let budget = Budget {
            deadline: Some(deadline),
            ..Budget::default()
        };
        let mut lemmas = Vec::new();
        for v in vars.iter().filter(|v| v.sort() == Sort::Str) {
            let lits = literals.get(v).cloned().unwrap_or_default();
            match self.theory.decide(&lits, &budget) {
                Emptiness::NonEmpty(w) => {
                    let _ = model.insert(v.clone(), Value::Str(w));
                }
                Emptiness::Empty => {
                    let core = self.theory.core(&lits, &budget);
                    lemmas.push((
                        v.clone(),
                        core.iter()
                            .filter_map(|i| lits.get(*i).cloned())
                            .collect::<Vec<_>>(),
                    ));
                }
                Emptiness::Unknown(reason) => {
                    return Round::Done(CheckResult::Unknown(format!(
                        "strings of `{}`: {reason}",
                        v.name()
                    )))
                }
            }
        }
        if lemmas.is_empty() {
            return Round::Done(verified(model, assertions));
        }
        for (v, core) in lemmas {
            let mut clause = Vec::with_capacity(core.len());
            for (p, member) in &core {
                let Some(b) = self.atoms.get(&(v.clone(), p.clone())) else {
                    return Round::Done(CheckResult::Unknown("lemma over an unknown atom".into()));
                };
                clause.push(if *member { b.not() } else { b.clone() });
            }
            self.assert_in_scope(Bool::or(&clause));
            self.stats.lemmas += 1;
        }
        Round::Again
    }
}

enum Round {
    Done(CheckResult),
    Again,
}

/// The model if it satisfies every assertion, `Unknown` otherwise.
fn verified(model: Model, assertions: &[Term]) -> CheckResult {
    match model.first_false(assertions) {
        Ok(None) => CheckResult::Sat(model),
        Ok(Some(t)) => {
            CheckResult::Unknown(format!("internal error: the model does not satisfy `{t}`"))
        }
        Err(e) => CheckResult::Unknown(format!("internal error: {e}")),
    }
}

/// The Z3 constant of a variable; the sort is part of the name because `Int`
/// and `Ip` variables are both Z3 integers here.
/// Escaped as in SMT-LIB output ([`crate::smtlib::symbol_name`]): a name
/// with a NUL or another character Z3's symbols cannot take (a condition
/// key is arbitrary policy text) must not reach Z3's symbol constructor,
/// which panics on it (#15).
fn const_name(v: &Var) -> String {
    format!("v!{}!{}", v.sort(), crate::smtlib::symbol_name(v))
}

fn int_const(n: i128) -> Result<Int, SolverError> {
    skeleton::int_value(n).ok_or_else(|| SolverError::IllSorted(format!("integer constant {n}")))
}

fn ip_const(n: u128) -> Result<Int, SolverError> {
    skeleton::ip_int_value(n).ok_or_else(|| SolverError::IllSorted(format!("ip constant {n}")))
}

fn ill_sorted(t: &Term) -> SolverError {
    SolverError::IllSorted(t.to_string())
}

/// The string literals (per variable) that make the assertions true under
/// the skeleton model: the assertions stay true whatever value the other
/// atoms take.
fn relied_on_literals(
    assertions: &[Term],
    model: &Model,
    atom_value: &dyn Fn(&Term, &Var, &Pattern) -> Option<bool>,
    memo: &mut WalkMemo,
) -> Result<BTreeMap<Var, Vec<StrLiteral>>, String> {
    memo.clear();
    let mut walk = Implicant {
        model,
        atom_value,
        memo,
        out: BTreeMap::new(),
    };
    for t in assertions {
        if !walk.truth(t)? {
            return Err(format!(
                "internal error: the skeleton model falsifies `{t}`"
            ));
        }
        walk.need(t, true)?;
    }
    let mut out = walk.out;
    for literals in out.values_mut() {
        sort_literals(literals);
    }
    Ok(out)
}

/// The memo tables of one walk over the assertions, kept by the backend
/// so that their memory is reused from one model to the next.
#[derive(Default)]
struct WalkMemo {
    truth: NodeMap<usize, bool>,
    has_atoms: NodeMap<usize, bool>,
    visited: NodeSet<(usize, bool)>,
}

impl WalkMemo {
    fn clear(&mut self) {
        self.truth.clear();
        self.has_atoms.clear();
        self.visited.clear();
    }
}

struct Implicant<'a> {
    model: &'a Model,
    atom_value: &'a dyn Fn(&Term, &Var, &Pattern) -> Option<bool>,
    memo: &'a mut WalkMemo,
    out: BTreeMap<Var, Vec<StrLiteral>>,
}

impl Implicant<'_> {
    /// The truth of a formula under the skeleton model.
    fn truth(&mut self, t: &Term) -> Result<bool, String> {
        if let Some(b) = self.memo.truth.get(&t.node_id()) {
            return Ok(*b);
        }
        let b = match t.kind() {
            TermKind::InPattern(v, p) => {
                (self.atom_value)(t, v, p).ok_or_else(|| format!("no value for the atom `{t}`"))?
            }
            TermKind::Not(inner) => !self.truth(inner)?,
            TermKind::And(ts) => {
                let mut all = true;
                for c in ts {
                    all &= self.truth(c)?;
                }
                all
            }
            TermKind::Or(ts) => {
                let mut any = false;
                for c in ts {
                    any |= self.truth(c)?;
                }
                any
            }
            _ => t.holds(self.model).map_err(|e: EvalError| e.to_string())?,
        };
        self.memo.truth.insert(t.node_id(), b);
        Ok(b)
    }

    fn has_atoms(&mut self, t: &Term) -> bool {
        if let Some(b) = self.memo.has_atoms.get(&t.node_id()) {
            return *b;
        }
        let b = match t.kind() {
            TermKind::InPattern(..) => true,
            TermKind::Not(inner) => self.has_atoms(inner),
            TermKind::And(ts) | TermKind::Or(ts) => ts.iter().any(|c| self.has_atoms(c)),
            _ => false,
        };
        self.memo.has_atoms.insert(t.node_id(), b);
        b
    }

    /// Records the literals that keep `t` at `want` (its current value).
    fn need(&mut self, t: &Term, want: bool) -> Result<(), String> {
        if !self.memo.visited.insert((t.node_id(), want)) {
            return Ok(());
        }
        match t.kind() {
            TermKind::InPattern(v, p) => {
                self.out
                    .entry(v.clone())
                    .or_default()
                    .push((p.clone(), want));
            }
            TermKind::Not(inner) => self.need(inner, !want)?,
            TermKind::And(ts) | TermKind::Or(ts) => {
                let is_and = matches!(t.kind(), TermKind::And(_));
                if want == is_and {
                    // Every operand must keep its value.
                    for c in ts {
                        self.need(c, want)?;
                    }
                } else {
                    // One operand with value `want` decides: prefer one
                    // without string literals, then the first.
                    let mut chosen = None;
                    for c in ts {
                        if self.truth(c)? == want {
                            if !self.has_atoms(c) {
                                chosen = Some(c);
                                break;
                            }
                            chosen = chosen.or(Some(c));
                        }
                    }
                    let Some(c) = chosen else {
                        return Err(format!("internal error: no operand decides `{t}`"));
                    };
                    self.need(c, want)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

impl Backend for AutomataBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Automata
    }

    fn push(&mut self) {
        self.flush_pending();
        self.limited.solver.push();
        self.frames.push(Frame {
            first_atom: self.next_atom,
            ..Frame::default()
        });
        self.order.push();
    }

    fn pop(&mut self) {
        if self.frames.len() <= 1 {
            return;
        }
        // What is still pending was made in the scope that goes.
        self.pending.clear();
        self.limited.solver.pop(1);
        self.order.pop();
        if let Some(frame) = self.frames.pop() {
            self.next_atom = frame.first_atom;
            for node in frame.atom_nodes {
                self.atom_nodes.remove(&node);
            }
            for v in frame.bounded {
                self.bounded.remove(&v);
            }
            for key in frame.atoms.iter().rev() {
                self.forget_atom(key);
            }
        }
    }

    fn scopes(&self) -> usize {
        self.frames.len().saturating_sub(1)
    }

    fn assert(&mut self, t: &Term) -> Result<(), SolverError> {
        validate(t)?;
        let propagated = crate::propagate::propagate(t);
        if propagated.node_id() != t.node_id() {
            // A model gives every variable of the input, decided away or not.
            let mut vars = Vec::new();
            t.for_each_var(|v| {
                if !self.knows(v) {
                    vars.push(v.clone());
                }
            });
            for v in vars {
                self.note_var(&v)?;
            }
        }
        let t = &propagated;
        let b = self.encode_bool(t, &mut NodeMap::default())?;
        self.assert_in_scope(b);
        self.frame().assertions.push(t.clone());
        Ok(())
    }

    fn declare(&mut self, v: &Var) {
        let _ = self.note_var(v);
    }

    fn check(&mut self) -> CheckResult {
        self.stats.checks += 1;
        let deadline = Instant::now() + self.timeout;
        for _ in 0..MAX_ROUNDS {
            match self.round(deadline) {
                Round::Done(result) => return result,
                Round::Again => {}
            }
        }
        CheckResult::Unknown(format!("no answer after {MAX_ROUNDS} lemma rounds"))
    }

    fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
        self.limited.set_timeout(timeout);
    }
}
