//! A small typed IR for queries.
//!
//! Terms are immutable, `Arc`-shared and `Send + Sync`, so a query can be
//! built on one thread and solved on another. They are built only through the
//! smart constructors of this module ([`and`], [`or`], [`not`], [`cmp`],
//! [`in_pattern`], ...), which check sorts where they can return an error and
//! fold constants: `and([t, fls()]) == fls()`, `not(not(t)) == t`, nested
//! conjunctions are flattened, duplicates and neutral elements dropped.
//!
//! Sorts: `Bool`; `Str` (strings, constrained only through wildcard patterns);
//! `Int` (128-bit signed integers, also used for dates as epoch seconds);
//! `Ip` (a 128-bit unsigned value: IPv6 addresses as they are, IPv4 addresses
//! mapped into `::ffff:0:0/96`, see [`crate::ip`]).
//!
//! `Display` prints SMT-LIB 2 (strings in Z3's string/regex theory, IP
//! addresses as 128-bit bit-vectors); [`smtlib_script`] prints a whole query
//! that `z3 -smt2` can replay.
//!
//! # Example
//! ```
//! use zoneproof_encodings::pattern::Pattern;
//! use zoneproof_encodings::term::{self, Sort, Var};
//! let action = Var::new("action", Sort::Str);
//! let t = term::and([
//!     term::in_pattern(&action, &Pattern::wildcard("s3:Get*")).unwrap(),
//!     term::tru(),
//! ]);
//! assert_eq!(t.to_string(), r#"(str.in_re |action| (re.++ (str.to_re "s3:Get") (re.* re.allchar)))"#);
//! assert_eq!(term::and([t.clone(), term::fls()]), term::fls());
//! ```

use rustc_hash::{FxHashSet, FxHasher};
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::pattern::{Pattern, Strategy};
use crate::smtlib;

/// The deepest nesting the backends and the evaluator accept (they recurse);
/// deeper terms are rejected with an error, never a stack overflow.
pub const MAX_DEPTH: u32 = 1_000;

/// The sort (type) of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sort {
    /// Truth values.
    Bool,
    /// Strings of Unicode scalar values.
    Str,
    /// 128-bit signed integers.
    Int,
    /// 128-bit unsigned IP addresses (IPv4 mapped into IPv6).
    Ip,
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sort::Bool => "Bool",
            Sort::Str => "Str",
            Sort::Int => "Int",
            Sort::Ip => "Ip",
        })
    }
}

/// A free variable: a name and a sort. Two variables are the same when both
/// name and sort are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var {
    name: Arc<str>,
    sort: Sort,
}

impl Var {
    /// A variable named `name` of sort `sort`.
    pub fn new(name: &str, sort: Sort) -> Var {
        Var {
            name: Arc::from(name),
            sort,
        }
    }

    /// The variable's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The variable's sort.
    pub fn sort(&self) -> Sort {
        self.sort
    }
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A comparison operator of [`cmp`]. `Lt` and `Le` are signed on `Int` and
/// unsigned on `Ip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CmpOp {
    /// Equal.
    Eq,
    /// Strictly less than.
    Lt,
    /// Less than or equal.
    Le,
}

/// The shape of a term. Read it with [`Term::kind`]; build terms only with the
/// constructors of this module.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// A Boolean constant.
    Bool(bool),
    /// An integer constant.
    Int(i128),
    /// An IP address constant.
    Ip(u128),
    /// A variable (a formula when the variable is `Bool`, a value otherwise).
    Var(Var),
    /// Negation.
    Not(Term),
    /// Conjunction of at least two formulas.
    And(Vec<Term>),
    /// Disjunction of at least two formulas.
    Or(Vec<Term>),
    /// The string variable is in the (hole-free) pattern's language.
    InPattern(Var, Pattern),
    /// Comparison of two `Int` or two `Ip` terms.
    Cmp(CmpOp, Term, Term),
}

#[derive(Debug)]
struct Node {
    kind: TermKind,
    sort: Sort,
    depth: u32,
    well_sorted: bool,
    /// Structural hash, computed once from the children's hashes.
    hash: u64,
}

/// A term of the IR. Cheap to clone (one `Arc`), compared structurally.
#[derive(Debug, Clone)]
pub struct Term(Arc<Node>);

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.hash == other.0.hash
                && self.0.sort == other.0.sort
                && self.0.kind == other.0.kind)
    }
}

impl Eq for Term {}

impl Hash for Term {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash);
    }
}

/// Hashes a node from its own data and its children's cached hashes.
fn shallow_hash(kind: &TermKind, sort: Sort) -> u64 {
    let mut h = FxHasher::default();
    sort.hash(&mut h);
    std::mem::discriminant(kind).hash(&mut h);
    match kind {
        TermKind::Bool(b) => b.hash(&mut h),
        TermKind::Int(n) => n.hash(&mut h),
        TermKind::Ip(n) => n.hash(&mut h),
        TermKind::Var(v) => v.hash(&mut h),
        TermKind::InPattern(v, p) => (v, p).hash(&mut h),
        TermKind::Cmp(op, _, _) => op.hash(&mut h),
        TermKind::Not(_) | TermKind::And(_) | TermKind::Or(_) => {}
    }
    for c in children(kind) {
        h.write_u64(c.0.hash);
    }
    h.finish()
}

/// Why a term could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    /// An operand has the wrong sort.
    #[error("sort mismatch in `{context}`: expected {expected}, found {found}")]
    SortMismatch {
        /// The constructor that was called.
        context: &'static str,
        /// The sort it needs.
        expected: String,
        /// The sort it got.
        found: Sort,
    },
    /// A pattern still contains policy-variable holes.
    #[error("pattern `{0}` still has holes; substitute them before building a term")]
    HoledPattern(String),
    /// Two operands of a comparison have different sorts.
    #[error("cannot compare a {0} with a {1}")]
    CmpSorts(Sort, Sort),
}

impl Term {
    fn make(kind: TermKind, sort: Sort, children_ok: bool) -> Term {
        let depth = 1 + children(&kind).map(|c| c.0.depth).max().unwrap_or(0);
        let hash = shallow_hash(&kind, sort);
        Term(Arc::new(Node {
            kind,
            sort,
            depth,
            well_sorted: children_ok,
            hash,
        }))
    }

    /// The sort of the term.
    pub fn sort(&self) -> Sort {
        self.0.sort
    }

    /// The shape of the term.
    pub fn kind(&self) -> &TermKind {
        &self.0.kind
    }

    /// Nesting depth (a leaf has depth 1).
    pub fn depth(&self) -> u32 {
        self.0.depth
    }

    /// Whether every connective in the term has operands of the right sort.
    /// [`and`], [`or`] and [`not`] cannot return errors, so a non-Bool operand
    /// given to them is recorded here and rejected when the term is asserted.
    pub fn is_well_sorted(&self) -> bool {
        self.0.well_sorted
    }

    /// The constant value if the term is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind() {
            TermKind::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The variables that occur in the term, in order.
    pub fn vars(&self) -> BTreeSet<Var> {
        let mut out = BTreeSet::new();
        self.for_each_var(|v| {
            out.insert(v.clone());
        });
        out
    }

    /// Calls `f` on each occurrence of a variable in the term's distinct
    /// nodes (a variable can come more than once), in no particular order.
    pub fn for_each_var(&self, mut f: impl FnMut(&Var)) {
        let mut seen = FxHashSet::default();
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            if !seen.insert(t.node_id()) {
                continue;
            }
            match t.kind() {
                TermKind::Var(v) | TermKind::InPattern(v, _) => f(v),
                _ => stack.extend(children(t.kind())),
            }
        }
    }

    /// The number of distinct string atoms (memberships of a variable in a
    /// pattern) in the term: each is one Boolean for Z3 and one automaton
    /// for the string theory, so this measures what solving it costs.
    pub fn string_atoms(&self) -> usize {
        let mut atoms: HashSet<(&Var, &Pattern)> = HashSet::new();
        let mut seen: NodeSet<usize> = NodeSet::default();
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            if !seen.insert(t.node_id()) {
                continue;
            }
            match t.kind() {
                TermKind::InPattern(v, p) => {
                    atoms.insert((v, p));
                }
                _ => stack.extend(children(t.kind())),
            }
        }
        atoms.len()
    }

    /// An address usable as a memo key for this shared node.
    pub(crate) fn node_id(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

/// Hashes node ids ([`Term::node_id`], addresses) for memo tables: one
/// multiplication instead of SipHash, which dominated the memo lookups of
/// the solver's per-model walks.
#[derive(Default, Clone, Copy)]
pub(crate) struct NodeHasher(u64);

impl std::hash::Hasher for NodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_u8(&mut self, n: u8) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A hash map keyed by node ids.
pub(crate) type NodeMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<NodeHasher>>;
/// A hash set keyed by node ids.
pub(crate) type NodeSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<NodeHasher>>;

/// The direct sub-terms of a term.
pub(crate) fn children(kind: &TermKind) -> impl Iterator<Item = &Term> {
    let (slice, pair): (&[Term], [Option<&Term>; 2]) = match kind {
        TermKind::Not(t) => (&[], [Some(t), None]),
        TermKind::And(ts) | TermKind::Or(ts) => (ts.as_slice(), [None, None]),
        TermKind::Cmp(_, a, b) => (&[], [Some(a), Some(b)]),
        _ => (&[], [None, None]),
    };
    slice.iter().chain(pair.into_iter().flatten())
}

impl fmt::Display for Term {
    /// Prints the term in SMT-LIB 2.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        smtlib::write_term(f, self)
    }
}

/// The constant `true`.
pub fn tru() -> Term {
    bool_const(true)
}

/// The constant `false`.
pub fn fls() -> Term {
    bool_const(false)
}

/// A Boolean constant.
pub fn bool_const(b: bool) -> Term {
    Term::make(TermKind::Bool(b), Sort::Bool, true)
}

/// A variable as a term: a formula when it is `Bool`, a value otherwise.
pub fn var(v: &Var) -> Term {
    Term::make(TermKind::Var(v.clone()), v.sort(), true)
}

/// An integer constant.
pub fn int(n: i128) -> Term {
    Term::make(TermKind::Int(n), Sort::Int, true)
}

/// An IP address constant (see [`crate::ip`] for conversions).
pub fn ip(n: u128) -> Term {
    Term::make(TermKind::Ip(n), Sort::Ip, true)
}

/// Negation, folding constants and double negation.
pub fn not(t: Term) -> Term {
    match t.kind() {
        TermKind::Bool(b) => bool_const(!b),
        TermKind::Not(inner) => inner.clone(),
        _ => {
            let ok = t.is_well_sorted() && t.sort() == Sort::Bool;
            Term::make(TermKind::Not(t), Sort::Bool, ok)
        }
    }
}

/// Conjunction. Flattens nested conjunctions, drops `true` and duplicates,
/// and folds to `false` when an operand is `false` or two operands are
/// complementary. The empty conjunction is `true`.
pub fn and(ts: impl IntoIterator<Item = Term>) -> Term {
    junction(ts, true)
}

/// Disjunction. Flattens nested disjunctions, drops `false` and duplicates,
/// and folds to `true` when an operand is `true` or two operands are
/// complementary. The empty disjunction is `false`.
pub fn or(ts: impl IntoIterator<Item = Term>) -> Term {
    junction(ts, false)
}

/// `and` (`is_and`) or `or`: the neutral element is `is_and`, the absorbing
/// element `!is_and`.
fn junction(ts: impl IntoIterator<Item = Term>, is_and: bool) -> Term {
    let mut out = Operands::default();
    let mut pending: Vec<Term> = ts.into_iter().collect();
    pending.reverse();
    while let Some(t) = pending.pop() {
        match t.kind() {
            TermKind::Bool(b) if *b == is_and => {}
            TermKind::Bool(_) => return bool_const(!is_and),
            TermKind::And(inner) if is_and => pending.extend(inner.iter().rev().cloned()),
            TermKind::Or(inner) if !is_and => pending.extend(inner.iter().rev().cloned()),
            _ => {
                if out.has_complement_of(&t) {
                    return bool_const(!is_and);
                }
                out.insert(t);
            }
        }
    }
    let mut out = out.terms;
    match out.len() {
        0 => bool_const(is_and),
        1 => out.swap_remove(0),
        _ => {
            let ok = out
                .iter()
                .all(|t| t.is_well_sorted() && t.sort() == Sort::Bool);
            let kind = if is_and {
                TermKind::And(out)
            } else {
                TermKind::Or(out)
            };
            Term::make(kind, Sort::Bool, ok)
        }
    }
}

/// The distinct operands of a junction, in order, with sets to look them
/// up once there are many (a short list is searched directly).
#[derive(Default)]
struct Operands {
    terms: Vec<Term>,
    /// Every operand, once `terms` is long.
    seen: FxHashSet<Term>,
    /// The operand of every negation among the operands, once `terms` is
    /// long.
    negated: FxHashSet<Term>,
}

impl Operands {
    const SHORT: usize = 16;

    fn is_short(&self) -> bool {
        self.terms.len() < Self::SHORT
    }

    /// Whether `not t` (or, when `t` is a negation, its operand) is here.
    fn has_complement_of(&self, t: &Term) -> bool {
        let inner = match t.kind() {
            TermKind::Not(inner) => Some(inner),
            _ => None,
        };
        if self.is_short() {
            return self.terms.iter().any(|u| match (inner, u.kind()) {
                (Some(inner), _) => u == inner,
                (None, TermKind::Not(v)) => v == t,
                (None, _) => false,
            });
        }
        match inner {
            Some(inner) => self.seen.contains(inner),
            None => self.negated.contains(t),
        }
    }

    /// Adds `t` unless it is here.
    fn insert(&mut self, t: Term) {
        if self.is_short() {
            if self.terms.contains(&t) {
                return;
            }
            self.terms.push(t);
            if !self.is_short() {
                for u in &self.terms {
                    Self::index(&mut self.seen, &mut self.negated, u);
                }
            }
            return;
        }
        if Self::index(&mut self.seen, &mut self.negated, &t) {
            self.terms.push(t);
        }
    }

    /// Records `t` in the sets; false when it was there.
    fn index(seen: &mut FxHashSet<Term>, negated: &mut FxHashSet<Term>, t: &Term) -> bool {
        if !seen.insert(t.clone()) {
            return false;
        }
        if let TermKind::Not(inner) = t.kind() {
            negated.insert(inner.clone());
        }
        true
    }
}

/// Implication `a => b`, as `(or (not a) b)`.
pub fn implies(a: Term, b: Term) -> Term {
    or([not(a), b])
}

/// Equivalence `a <=> b`, as `(or (and a b) (and (not a) (not b)))`.
pub fn iff(a: Term, b: Term) -> Term {
    or([and([a.clone(), b.clone()]), and([not(a), not(b)])])
}

/// The string variable `s` is in the language of `p`.
///
/// Fails if `s` is not a `Str` variable or `p` has holes. Folds to `true` when
/// `p` matches every string. A case-insensitive pattern without ASCII letters
/// is stored as the equivalent case-sensitive one.
pub fn in_pattern(s: &Var, p: &Pattern) -> Result<Term, TermError> {
    if s.sort() != Sort::Str {
        return Err(TermError::SortMismatch {
            context: "in_pattern",
            expected: "Str".into(),
            found: s.sort(),
        });
    }
    if p.has_holes() {
        return Err(TermError::HoledPattern(p.to_string()));
    }
    let p = p.without_needless_case_folding();
    if p.strategy() == Strategy::Everything {
        return Ok(tru());
    }
    Ok(Term::make(
        TermKind::InPattern(s.clone(), p),
        Sort::Bool,
        true,
    ))
}

/// The string variable `s` equals `literal` (case-sensitively).
pub fn str_eq(s: &Var, literal: &str) -> Result<Term, TermError> {
    in_pattern(s, &Pattern::literal(literal))
}

/// Comparison of two `Int` terms or two `Ip` terms. Folds constants and
/// comparisons of a term with itself or with the bounds of its sort.
pub fn cmp(op: CmpOp, a: Term, b: Term) -> Result<Term, TermError> {
    for t in [&a, &b] {
        if !matches!(t.sort(), Sort::Int | Sort::Ip) || !t.is_well_sorted() {
            return Err(TermError::SortMismatch {
                context: "cmp",
                expected: "Int or Ip".into(),
                found: t.sort(),
            });
        }
    }
    if a.sort() != b.sort() {
        return Err(TermError::CmpSorts(a.sort(), b.sort()));
    }
    if let Some(folded) = fold_cmp(op, &a, &b) {
        return Ok(bool_const(folded));
    }
    Ok(Term::make(TermKind::Cmp(op, a, b), Sort::Bool, true))
}

/// The value of a comparison when it does not depend on any variable.
fn fold_cmp(op: CmpOp, a: &Term, b: &Term) -> Option<bool> {
    if a == b {
        return Some(op != CmpOp::Lt);
    }
    let (lo, hi) = match a.sort() {
        Sort::Ip => (ip(0), ip(u128::MAX)),
        _ => (int(i128::MIN), int(i128::MAX)),
    };
    match (op, a.kind(), b.kind()) {
        (_, TermKind::Int(x), TermKind::Int(y)) => Some(compare(op, x, y)),
        (_, TermKind::Ip(x), TermKind::Ip(y)) => Some(compare(op, x, y)),
        (CmpOp::Le, _, _) if *a == lo || *b == hi => Some(true),
        (CmpOp::Lt, _, _) if *b == lo || *a == hi => Some(false),
        _ => None,
    }
}

fn compare<T: Ord>(op: CmpOp, x: &T, y: &T) -> bool {
    match op {
        CmpOp::Eq => x == y,
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
    }
}

/// `lo <= t <= hi` for an `Int` or `Ip` term and constants of its sort.
pub fn in_range(t: Term, lo: Term, hi: Term) -> Result<Term, TermError> {
    Ok(and([
        cmp(CmpOp::Le, lo, t.clone())?,
        cmp(CmpOp::Le, t, hi)?,
    ]))
}

/// A whole query (declarations, assertions, `check-sat`, `get-model`) as an
/// SMT-LIB 2 script that `z3 -smt2` replays. `Int` variables are bounded to
/// the 128-bit range that the IR gives them.
pub fn smtlib_script(assertions: &[Term]) -> String {
    smtlib::script(assertions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(name: &str) -> Var {
        Var::new(name, Sort::Str)
    }

    #[test]
    fn and_folds_false_and_drops_true() {
        let b = var(&Var::new("b", Sort::Bool));
        assert_eq!(and([b.clone(), fls()]), fls());
        assert_eq!(and([b.clone(), tru()]), b);
        assert_eq!(and(Vec::<Term>::new()), tru());
        assert_eq!(or(Vec::<Term>::new()), fls());
        assert_eq!(or([b.clone(), tru()]), tru());
    }

    #[test]
    fn junctions_flatten_and_deduplicate() {
        let a = var(&Var::new("a", Sort::Bool));
        let b = var(&Var::new("b", Sort::Bool));
        let c = var(&Var::new("c", Sort::Bool));
        let t = and([a.clone(), and([b.clone(), c.clone()]), a.clone()]);
        assert_eq!(
            t.kind(),
            &TermKind::And(vec![a.clone(), b.clone(), c.clone()])
        );
        assert_eq!(and([a.clone(), not(a.clone())]), fls());
        assert_eq!(or([not(b.clone()), b.clone()]), tru());
    }

    #[test]
    fn long_junctions_deduplicate_and_find_complements() {
        let vars: Vec<Term> = (0..40)
            .map(|i| var(&Var::new(&format!("b{i}"), Sort::Bool)))
            .collect();
        let mut twice = vars.clone();
        twice.extend(vars.iter().cloned());
        assert_eq!(and(twice.clone()).kind(), &TermKind::And(vars.clone()));
        for at in [0, 15, 16, 39] {
            let mut with_complement = vars.clone();
            with_complement.push(not(vars[at].clone()));
            assert_eq!(and(with_complement.clone()), fls(), "b{at} and not b{at}");
            with_complement.reverse();
            assert_eq!(or(with_complement), tru(), "not b{at} or b{at}");
        }
    }

    #[test]
    fn double_negation_folds() {
        let a = var(&Var::new("a", Sort::Bool));
        assert_eq!(not(not(a.clone())), a);
        assert_eq!(not(tru()), fls());
    }

    #[test]
    fn in_pattern_checks_sort_and_holes() {
        let n = Var::new("n", Sort::Int);
        assert!(matches!(
            in_pattern(&n, &Pattern::wildcard("a*")),
            Err(TermError::SortMismatch { .. })
        ));
        let holed = Pattern::new([crate::pattern::Token::Hole("aws:username".into())], false);
        assert!(matches!(
            in_pattern(&s("x"), &holed),
            Err(TermError::HoledPattern(_))
        ));
        assert_eq!(in_pattern(&s("x"), &Pattern::wildcard("*")).unwrap(), tru());
    }

    #[test]
    fn cmp_checks_sorts_and_folds_constants() {
        let n = var(&Var::new("n", Sort::Int));
        let a = var(&Var::new("a", Sort::Ip));
        assert!(matches!(
            cmp(CmpOp::Lt, n.clone(), a.clone()),
            Err(TermError::CmpSorts(..))
        ));
        assert!(cmp(CmpOp::Eq, var(&Var::new("b", Sort::Bool)), n.clone()).is_err());
        assert_eq!(cmp(CmpOp::Lt, int(1), int(2)).unwrap(), tru());
        assert_eq!(cmp(CmpOp::Le, ip(3), ip(2)).unwrap(), fls());
        assert_eq!(cmp(CmpOp::Lt, n.clone(), n.clone()).unwrap(), fls());
        assert_eq!(cmp(CmpOp::Le, ip(0), a.clone()).unwrap(), tru());
        assert_eq!(cmp(CmpOp::Lt, n.clone(), int(i128::MIN)).unwrap(), fls());
    }

    #[test]
    fn ill_sorted_connectives_are_flagged_not_panicking() {
        let n = var(&Var::new("n", Sort::Int));
        let b = var(&Var::new("b", Sort::Bool));
        assert!(!and([n.clone(), b.clone()]).is_well_sorted());
        assert!(!not(n).is_well_sorted());
        assert!(and([b.clone(), b]).is_well_sorted());
    }

    #[test]
    fn vars_lists_every_variable_once() {
        let x = s("x");
        let n = Var::new("n", Sort::Int);
        let t = and([
            in_pattern(&x, &Pattern::wildcard("a*")).unwrap(),
            cmp(CmpOp::Lt, var(&n), int(3)).unwrap(),
            str_eq(&x, "b").unwrap(),
        ]);
        assert_eq!(t.vars().into_iter().collect::<Vec<_>>(), vec![n, x]);
    }
}
