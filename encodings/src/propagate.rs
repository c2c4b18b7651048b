//! Unit propagation on terms: the literals of a conjunction decide the
//! other operands they occur in, before the formula reaches a solver.
//!
//! A conjunction `l ∧ F` with a literal `l` is equivalent to `l ∧ F[l := true]`
//! (and `¬l ∧ F` to `¬l ∧ F[l := false]`): in every model of the
//! conjunction the literal has that value, so replacing its occurrences by
//! the value changes no model. Two kinds of literal decide more than their
//! own occurrences, by the same argument:
//! - `x = k` for an `Int` or `Ip` variable and a constant decides every
//!   comparison of `x` with a constant;
//! - `s ∈ L("abc")` for a one-string pattern decides every pattern atom on
//!   `s` (`s` is `"abc"`, and the atom holds exactly when the pattern
//!   matches `"abc"`).
//!
//! A literal that the others decide (`x < 5` beside `x = 2`) is replaced
//! by its value like any other occurrence; the literals that set an
//! equality or a string stay. So the models of the result are exactly the
//! models of the input, and a solver's model of the result gives every
//! variable of the input that the input constrains.
//!
//! The encoder states the request's shape (the principal kind, the action
//! class, the resource) as such literals; propagating them removes the
//! cases of the domain that cannot apply before Z3 internalises them.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::pattern::Strategy;
use crate::term::{self, CmpOp, NodeMap, Term, TermKind, Var};

/// Rounds of propagation at most (a round can expose new literals).
const MAX_ROUNDS: usize = 4;

/// The conjunction `t` with its literals propagated into its other
/// operands (see the module documentation); `t` itself when it has no
/// literal to propagate. Equivalent to `t`.
pub fn propagate(t: &Term) -> Term {
    let mut current = t.clone();
    for _ in 0..MAX_ROUNDS {
        let TermKind::And(operands) = current.kind() else {
            return current;
        };
        let facts = Facts::of(operands);
        if facts.is_empty() {
            return current;
        }
        let mut rewriter = Rewriter {
            facts: &facts,
            memo: NodeMap::default(),
            changed: false,
        };
        let next: Vec<Term> = operands
            .iter()
            .map(|o| {
                if facts.is_literal(o) {
                    rewriter.literal(o)
                } else {
                    rewriter.rewrite(o)
                }
            })
            .collect();
        if !rewriter.changed {
            return current;
        }
        current = term::and(next);
    }
    current
}

/// The literals of a conjunction's operands.
#[derive(Default)]
struct Facts {
    /// Each literal operand (an atom, not negated) with its value.
    atoms: FxHashMap<Term, bool>,
    /// `x = k`: the constant (an `Int` or `Ip` term) of each such variable.
    equal: FxHashMap<Var, Term>,
    /// `s ∈ L("abc")`: the string of each such variable.
    strings: FxHashMap<Var, String>,
    /// The atoms that set `equal` and `strings` (kept as they are).
    defining: FxHashSet<Term>,
}

impl Facts {
    fn of(operands: &[Term]) -> Facts {
        let mut facts = Facts::default();
        for o in operands {
            let (atom, value) = match o.kind() {
                TermKind::Not(inner) => (inner, false),
                _ => (o, true),
            };
            if !is_atom(atom) {
                continue;
            }
            facts.atoms.insert(atom.clone(), value);
            if value {
                facts.note_positive(atom);
            }
        }
        facts
    }

    /// Records what a true atom decides beyond its own occurrences.
    fn note_positive(&mut self, atom: &Term) {
        match atom.kind() {
            TermKind::Cmp(CmpOp::Eq, a, b) => match (a.kind(), b.kind()) {
                (TermKind::Var(x), TermKind::Int(_) | TermKind::Ip(_)) => {
                    self.equal.insert(x.clone(), b.clone());
                    self.defining.insert(atom.clone());
                }
                (TermKind::Int(_) | TermKind::Ip(_), TermKind::Var(x)) => {
                    self.equal.insert(x.clone(), a.clone());
                    self.defining.insert(atom.clone());
                }
                _ => {}
            },
            TermKind::InPattern(s, p) => {
                if let Strategy::Literal(text) = p.strategy() {
                    self.strings.insert(s.clone(), text.to_string());
                    self.defining.insert(atom.clone());
                }
            }
            _ => {}
        }
    }

    fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    /// Whether `t` is one of the literals (kept as it is).
    fn is_literal(&self, t: &Term) -> bool {
        match t.kind() {
            TermKind::Not(inner) => self.atoms.get(inner) == Some(&false),
            _ => self.atoms.get(t) == Some(&true),
        }
    }

    /// The value the facts give an atom, if they decide it.
    fn decide(&self, atom: &Term) -> Option<bool> {
        match self.atoms.get(atom) {
            Some(value) => Some(*value),
            None => self.derive(atom),
        }
    }

    /// The value the equalities and one-string patterns give an atom.
    fn derive(&self, atom: &Term) -> Option<bool> {
        match atom.kind() {
            TermKind::Cmp(op, a, b) => compare(*op, &self.constant(a)?, &self.constant(b)?),
            TermKind::InPattern(s, p) => Some(p.matches(self.strings.get(s)?)),
            _ => None,
        }
    }

    /// The constant an `Int` or `Ip` term is known to equal.
    fn constant(&self, t: &Term) -> Option<TermKind> {
        match t.kind() {
            TermKind::Int(_) | TermKind::Ip(_) => Some(t.kind().clone()),
            TermKind::Var(x) => self.equal.get(x).map(|k| k.kind().clone()),
            _ => None,
        }
    }
}

/// `a op b` on two constants of one sort (`Lt` and `Le` signed on `Int`,
/// unsigned on `Ip`, as in [`crate::model`]).
fn compare(op: CmpOp, a: &TermKind, b: &TermKind) -> Option<bool> {
    fn by<T: Ord>(op: CmpOp, x: T, y: T) -> bool {
        match op {
            CmpOp::Eq => x == y,
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
        }
    }
    match (a, b) {
        (TermKind::Int(x), TermKind::Int(y)) => Some(by(op, x, y)),
        (TermKind::Ip(x), TermKind::Ip(y)) => Some(by(op, x, y)),
        _ => None,
    }
}

/// A formula without Boolean structure: a Boolean variable, a pattern
/// atom or a comparison.
fn is_atom(t: &Term) -> bool {
    matches!(
        t.kind(),
        TermKind::Var(_) | TermKind::InPattern(..) | TermKind::Cmp(..)
    )
}

/// Replaces decided atoms by their values, rebuilding only what changes.
struct Rewriter<'a> {
    facts: &'a Facts,
    memo: NodeMap<usize, Term>,
    changed: bool,
}

impl Rewriter<'_> {
    /// A literal operand: kept when it sets an equality or a string,
    /// decided when the others decide its atom (`x = 1` when `x = 2`).
    fn literal(&mut self, t: &Term) -> Term {
        let (atom, positive) = match t.kind() {
            TermKind::Not(inner) => (inner, false),
            _ => (t, true),
        };
        if self.facts.defining.contains(atom) {
            return t.clone();
        }
        match self.facts.derive(atom) {
            Some(value) => {
                self.changed = true;
                term::bool_const(value == positive)
            }
            None => t.clone(),
        }
    }

    fn rewrite(&mut self, t: &Term) -> Term {
        if let Some(done) = self.memo.get(&t.node_id()) {
            return done.clone();
        }
        let out = match t.kind() {
            TermKind::Not(inner) => {
                let r = self.rewrite(inner);
                if r == *inner {
                    t.clone()
                } else {
                    term::not(r)
                }
            }
            TermKind::And(ts) | TermKind::Or(ts) => {
                let rs: Vec<Term> = ts.iter().map(|c| self.rewrite(c)).collect();
                if rs.iter().zip(ts).all(|(r, c)| r == c) {
                    t.clone()
                } else if matches!(t.kind(), TermKind::And(_)) {
                    term::and(rs)
                } else {
                    term::or(rs)
                }
            }
            _ if is_atom(t) => match self.facts.decide(t) {
                Some(value) => {
                    self.changed = true;
                    term::bool_const(value)
                }
                None => t.clone(),
            },
            _ => t.clone(),
        };
        self.memo.insert(t.node_id(), out.clone());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::Rng;
    use crate::model::{Model, Value};
    use crate::pattern::{Pattern, Token};
    use crate::term::Sort;

    /// The small universe the test draws formulas and models from.
    struct Universe {
        flags: [Var; 2],
        int: Var,
        addr: Var,
        text: Var,
        patterns: Vec<Pattern>,
    }

    const INTS: &[i128] = &[-2, -1, 0, 1, 2, 3];
    const IPS: &[u128] = &[0, 1, 2, u128::MAX];
    const TEXTS: &[&str] = &["", "a", "ab", "b"];

    impl Universe {
        fn new() -> Universe {
            let any = Token::AnyString { except: None };
            let lit = |s: &str| Token::Literal(s.to_string());
            Universe {
                flags: [Var::new("p", Sort::Bool), Var::new("q", Sort::Bool)],
                int: Var::new("n", Sort::Int),
                addr: Var::new("ip", Sort::Ip),
                text: Var::new("s", Sort::Str),
                patterns: vec![
                    Pattern::literal("a"),
                    Pattern::literal("ab"),
                    Pattern::literal(""),
                    Pattern::new([lit("a"), any.clone()], false),
                    Pattern::new([any, lit("b")], false),
                    Pattern::new([Token::AnyChar { except: None }], false),
                    Pattern::new([lit("A")], true),
                ],
            }
        }

        fn atom(&self, rng: &mut Rng) -> Term {
            let op = *rng
                .pick(&[CmpOp::Eq, CmpOp::Eq, CmpOp::Lt, CmpOp::Le])
                .unwrap();
            match rng.below(4) {
                0 => term::var(rng.pick(&self.flags).unwrap()),
                1 => {
                    let k = term::int(*rng.pick(INTS).unwrap());
                    let x = term::var(&self.int);
                    let (a, b) = if rng.chance(1, 2) { (x, k) } else { (k, x) };
                    term::cmp(op, a, b).unwrap()
                }
                2 => {
                    let k = term::ip(*rng.pick(IPS).unwrap());
                    let x = term::var(&self.addr);
                    let (a, b) = if rng.chance(1, 2) { (x, k) } else { (k, x) };
                    term::cmp(op, a, b).unwrap()
                }
                _ => term::in_pattern(&self.text, rng.pick(&self.patterns).unwrap()).unwrap(),
            }
        }

        fn literal(&self, rng: &mut Rng) -> Term {
            let atom = self.atom(rng);
            if rng.chance(1, 3) {
                term::not(atom)
            } else {
                atom
            }
        }

        fn formula(&self, rng: &mut Rng, depth: usize) -> Term {
            if depth == 0 || rng.chance(1, 3) {
                return self.literal(rng);
            }
            let operands: Vec<Term> = (0..rng.between(2, 3))
                .map(|_| self.formula(rng, depth - 1))
                .collect();
            match rng.below(3) {
                0 => term::and(operands),
                1 => term::or(operands),
                _ => term::not(term::or(operands)),
            }
        }

        /// A conjunction of literals and formulas.
        fn conjunction(&self, rng: &mut Rng) -> Term {
            let mut operands: Vec<Term> =
                (0..rng.between(1, 3)).map(|_| self.literal(rng)).collect();
            for _ in 0..rng.between(1, 3) {
                operands.push(self.formula(rng, 3));
            }
            term::and(operands)
        }

        /// Every assignment of the universe's values to its variables.
        fn models(&self) -> Vec<Model> {
            let mut models = Vec::new();
            for p in [false, true] {
                for q in [false, true] {
                    for n in INTS {
                        for ip in IPS {
                            for s in TEXTS {
                                let mut m = Model::new();
                                m.insert(self.flags[0].clone(), Value::Bool(p)).unwrap();
                                m.insert(self.flags[1].clone(), Value::Bool(q)).unwrap();
                                m.insert(self.int.clone(), Value::Int(*n)).unwrap();
                                m.insert(self.addr.clone(), Value::Ip(*ip)).unwrap();
                                m.insert(self.text.clone(), Value::Str(s.to_string()))
                                    .unwrap();
                                models.push(m);
                            }
                        }
                    }
                }
            }
            models
        }
    }

    /// Propagation is an equivalence: on every model of a small universe,
    /// the propagated conjunction has the value of the original one.
    #[test]
    fn propagation_preserves_every_model() {
        let universe = Universe::new();
        let models = universe.models();
        let mut rng = Rng::new(7);
        let mut rewritten = 0;
        for case in 0..3000 {
            let t = universe.conjunction(&mut rng);
            let p = propagate(&t);
            if p != t {
                rewritten += 1;
            }
            for m in &models {
                assert_eq!(
                    t.holds(m).unwrap(),
                    p.holds(m).unwrap(),
                    "case {case}: {t:?} became {p:?}, differing on {m:?}"
                );
            }
        }
        assert!(rewritten > 1000, "only {rewritten} of 3000 cases rewritten");
    }

    #[test]
    fn an_equality_decides_comparisons_signed_on_ints_and_unsigned_on_ips() {
        let n = Var::new("n", Sort::Int);
        let ip = Var::new("ip", Sort::Ip);
        let t = term::and([
            term::cmp(CmpOp::Eq, term::var(&n), term::int(-1)).unwrap(),
            term::cmp(CmpOp::Eq, term::var(&ip), term::ip(u128::MAX)).unwrap(),
            term::or([
                term::cmp(CmpOp::Lt, term::var(&n), term::int(0)).unwrap(),
                term::var(&Var::new("p", Sort::Bool)),
            ]),
            term::cmp(CmpOp::Lt, term::ip(0), term::var(&ip)).unwrap(),
        ]);
        let p = propagate(&t);
        let TermKind::And(operands) = p.kind() else {
            panic!("not a conjunction: {p:?}");
        };
        assert_eq!(operands.len(), 2, "both comparisons decided true: {p:?}");
    }

    #[test]
    fn a_one_string_pattern_decides_other_patterns_on_the_same_variable() {
        let s = Var::new("s", Sort::Str);
        let prefix = Pattern::new(
            [
                Token::Literal("ab".into()),
                Token::AnyString { except: None },
            ],
            false,
        );
        let t = term::and([
            term::in_pattern(&s, &Pattern::literal("abc")).unwrap(),
            term::not(term::in_pattern(&s, &prefix).unwrap()),
        ]);
        assert_eq!(propagate(&t), term::fls());
    }
}
