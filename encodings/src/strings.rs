//! The string theory of the automata backend: for one string variable, a set
//! of literals "in pattern P" / "not in pattern P" is satisfiable when the
//! product search finds a witness. Unsatisfiable sets are shrunk to small
//! conflict cores, which the backend turns into lemmas for Z3.
//!
//! Answers are memoised per theory instance (one per backend, so per
//! thread); `Unknown` answers are not memoised.

use std::collections::HashMap;

use crate::automata::{find_witness, Budget, Emptiness};
use crate::pattern::{Pattern, Strategy};

/// One string literal: the pattern and whether the string must be in it.
pub type StrLiteral = (Pattern, bool);

/// Pair checks tried before the general core minimisation.
const MAX_PAIR_CHECKS: usize = 4_000;
/// Literals kept in the decision memo (summed over its keys) before it is
/// cleared, so that its memory stays bounded (a few tens of MB).
const MEMO_CAPACITY: usize = 1_000_000;
/// Sets of more literals than this are not memoised: they rarely recur, and
/// keeping one per check would make memory grow with the square of a
/// policy's size.
const MEMO_MAX_KEY: usize = 64;

/// Memoised decisions on sets of string literals.
#[derive(Debug, Default)]
pub struct StringTheory {
    memo: HashMap<Vec<StrLiteral>, Emptiness>,
    memo_literals: usize,
    /// Product searches run (memo misses), for statistics.
    pub searches: u64,
}

impl StringTheory {
    /// A theory with an empty memo.
    pub fn new() -> StringTheory {
        StringTheory::default()
    }

    /// Whether some string satisfies every literal, with a shortest witness.
    pub fn decide(&mut self, literals: &[StrLiteral], budget: &Budget) -> Emptiness {
        let mut key: Vec<StrLiteral> = literals.to_vec();
        sort_literals(&mut key);
        if key
            .windows(2)
            .any(|w| matches!(w, [(p, true), (q, false)] | [(p, false), (q, true)] if p == q))
        {
            return Emptiness::Empty;
        }
        if let Some(answer) = self.memo.get(&key) {
            return answer.clone();
        }
        self.searches += 1;
        let answer = find_witness(&key, budget);
        if !matches!(answer, Emptiness::Unknown(_)) && key.len() <= MEMO_MAX_KEY {
            if self.memo_literals + key.len() > MEMO_CAPACITY {
                self.memo.clear();
                self.memo_literals = 0;
            }
            self.memo_literals += key.len();
            self.memo.insert(key, answer.clone());
        }
        answer
    }

    /// Indices of a small unsatisfiable subset of `literals`, which must be
    /// unsatisfiable. Tries, in order: a positive literal string checked
    /// directly against each other literal, conflicting pairs, and deletion
    /// of every literal that is not needed. A check that ends in `Unknown`
    /// keeps its literal, so the result is always unsatisfiable.
    pub fn core(&mut self, literals: &[StrLiteral], budget: &Budget) -> Vec<usize> {
        if let Some(core) = literal_core(literals) {
            return core;
        }
        if let Some(core) = self.pair_core(literals, budget) {
            return core;
        }
        let mut core: Vec<usize> = (0..literals.len()).collect();
        let mut i = core.len();
        while i > 0 {
            i -= 1;
            let without: Vec<StrLiteral> = core
                .iter()
                .filter(|j| **j != core.get(i).copied().unwrap_or(usize::MAX))
                .filter_map(|j| literals.get(*j).cloned())
                .collect();
            if self.decide(&without, budget) == Emptiness::Empty {
                core.remove(i);
            }
        }
        core
    }

    /// An unsatisfiable pair with a positive literal in it.
    fn pair_core(&mut self, literals: &[StrLiteral], budget: &Budget) -> Option<Vec<usize>> {
        let mut checks = 0;
        for (i, first) in literals.iter().enumerate().filter(|(_, l)| l.1) {
            for (j, second) in literals.iter().enumerate() {
                if i == j || (second.1 && j < i) {
                    continue;
                }
                checks += 1;
                if checks > MAX_PAIR_CHECKS {
                    return None;
                }
                let pair = [first.clone(), second.clone()];
                if self.decide(&pair, budget) == Emptiness::Empty {
                    return Some(vec![i.min(j), i.max(j)]);
                }
            }
        }
        None
    }
}

/// Sorts literals into a canonical order (each pattern's two polarities
/// side by side) and removes duplicates.
pub fn sort_literals(literals: &mut Vec<StrLiteral>) {
    literals.sort_unstable_by(|(p, a), (q, b)| p.cmp_fast(q).then(a.cmp(b)));
    literals.dedup();
}

/// A relation between two pattern languages that their literal prefixes
/// prove without any automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Every string of the first is in the second.
    Subset,
    /// Every string of the second is in the first.
    Superset,
    /// No string is in both.
    Disjoint,
}

/// The characters a pattern's literal character stands for.
fn char_set(c: char, folds: bool) -> [char; 2] {
    if folds && c.is_ascii_alphabetic() {
        [c.to_ascii_lowercase(), c.to_ascii_uppercase()]
    } else {
        [c, c]
    }
}

/// The text of the leading literal token (empty if the pattern starts with
/// a wildcard).
fn leading_literal(p: &Pattern) -> &str {
    match p.tokens().first() {
        Some(crate::pattern::Token::Literal(text)) => text,
        _ => "",
    }
}

/// Whether `p` is `prefix*` (an unrestricted `*` after one literal).
fn prefix_star(p: &Pattern) -> Option<&str> {
    match p.tokens() {
        [crate::pattern::Token::Literal(text), crate::pattern::Token::AnyString { except: None }] => {
            Some(text)
        }
        _ => None,
    }
}

/// Whether every string of `p` starts with the prefix of `q = prefix*`.
fn prefix_covers(q: &Pattern, p: &Pattern) -> bool {
    let Some(prefix) = prefix_star(q) else {
        return false;
    };
    let lead: Vec<char> = leading_literal(p).chars().collect();
    let wanted: Vec<char> = prefix.chars().collect();
    if lead.len() < wanted.len() {
        return false;
    }
    lead.iter().zip(&wanted).all(|(a, b)| {
        let accepted = char_set(*b, q.is_case_insensitive());
        char_set(*a, p.is_case_insensitive())
            .iter()
            .all(|c| accepted.contains(c))
    })
}

/// Cheap, sound (not complete) language relations from literal prefixes:
/// `s3:Get*` ⊆ `s3:*`; `arn:aws:s3:::a/*` and `arn:aws:s3:::b/*` are
/// disjoint. `None` when nothing is proven this way.
pub fn quick_relation(p: &Pattern, q: &Pattern) -> Option<Relation> {
    if prefix_covers(q, p) {
        return Some(Relation::Subset);
    }
    if prefix_covers(p, q) {
        return Some(Relation::Superset);
    }
    let (lp, lq) = (leading_literal(p), leading_literal(q));
    let clash = lp.chars().zip(lq.chars()).any(|(a, b)| {
        let (sa, sb) = (
            char_set(a, p.is_case_insensitive()),
            char_set(b, q.is_case_insensitive()),
        );
        !sa.iter().any(|c| sb.contains(c))
    });
    clash.then_some(Relation::Disjoint)
}

/// A positive case-sensitive literal that violates another literal.
fn literal_core(literals: &[StrLiteral]) -> Option<Vec<usize>> {
    let (i, text) =
        literals
            .iter()
            .enumerate()
            .find_map(|(i, (p, member))| match p.strategy() {
                Strategy::Literal(text) if *member => Some((i, text)),
                _ => None,
            })?;
    let j = literals
        .iter()
        .position(|(p, member)| p.matches(text) != *member)?;
    Some(vec![i.min(j), i.max(j)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_prove_inclusion_and_disjointness() {
        let w = Pattern::wildcard;
        assert_eq!(
            quick_relation(&w("s3:Get*"), &w("s3:*")),
            Some(Relation::Subset)
        );
        assert_eq!(
            quick_relation(
                &w("s3:*").ignoring_case(),
                &w("S3:GetObject").ignoring_case()
            ),
            Some(Relation::Superset)
        );
        // A case-insensitive pattern is not inside a case-sensitive prefix.
        assert_eq!(
            quick_relation(&w("s3:Get*").ignoring_case(), &w("s3:*")),
            None
        );
        assert_eq!(
            quick_relation(&w("a/*"), &w("b/*")),
            Some(Relation::Disjoint)
        );
        assert_eq!(
            quick_relation(&w("a/*").ignoring_case(), &w("A/*")),
            Some(Relation::Superset)
        );
        assert_eq!(quick_relation(&w("a*"), &w("*a")), None);
    }

    fn lit(p: &str, member: bool) -> StrLiteral {
        (Pattern::wildcard(p), member)
    }

    #[test]
    fn cores_are_small_and_unsatisfiable() {
        let mut theory = StringTheory::new();
        let b = Budget::default();
        let literals = vec![
            lit("x*", false),
            lit("a*", true),
            lit("*z", false),
            lit("b*", true),
            lit("*q*", false),
        ];
        assert_eq!(theory.decide(&literals, &b), Emptiness::Empty);
        assert_eq!(theory.core(&literals, &b), vec![1, 3]);
        // No pair conflicts: "one character, neither `:` nor anything but `:`".
        let spread = vec![
            lit("b*", false),
            lit("?", true),
            (Pattern::wildcard_excluding("?", ':'), false),
            lit(":", false),
        ];
        assert_eq!(theory.decide(&spread, &b), Emptiness::Empty);
        assert_eq!(theory.core(&spread, &b), vec![1, 2, 3]);
    }

    #[test]
    fn literal_strings_are_checked_directly() {
        let mut theory = StringTheory::new();
        let b = Budget::default();
        let literals = vec![lit("a*", true), lit("abc", true), lit("*c", false)];
        assert_eq!(theory.core(&literals, &b), vec![1, 2]);
        assert_eq!(theory.searches, 0);
    }
}
