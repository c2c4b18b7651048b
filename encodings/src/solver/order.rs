//! Integer and address variables compared with constants, as Boolean order
//! atoms for Z3's SAT core instead of its arithmetic.
//!
//! Each comparison `x ≤ c` with a constant becomes one Boolean atom
//! "`x ≤ c`"; the atoms of one variable are chained by implications between
//! neighbouring constants (`x ≤ c` implies `x ≤ d` for `c < d`), which is
//! exactly what makes an assignment of the atoms the image of an integer.
//! `x < c`, `x = c`, `c ≤ x` and `c < x` are Boolean combinations of the
//! atoms at `c` and `c - 1`.
//!
//! Why: the analysis states "the principal's account is the i-th named
//! account" and "the action is class i" as equalities of an integer with
//! constants, and blocks each finding with their negations. Z3's arithmetic
//! splits every disequality `x ≠ i` into `x < i ∨ x > i`, so enumerating n
//! findings costs about n³ (1,600 named accounts: 88 s in Z3 checks); as
//! order atoms the same enumeration is unit propagation (0.3 s).
//!
//! Both sorts use one key space, `i128`: an `Int` is its own key, an `Ip`
//! (`u128`) is mapped by flipping its top bit, which keeps the order. The
//! atom at the largest key is the constant true and is never made.

use std::collections::{BTreeMap, HashMap};

use z3::ast::Bool;

use crate::model::Value;
use crate::term::{Sort, Var};

/// The order key of an `Ip` value.
pub fn ip_key(n: u128) -> i128 {
    (n ^ (1 << 127)) as i128
}

/// The `Ip` value of an order key.
fn ip_of_key(k: i128) -> u128 {
    (k as u128) ^ (1 << 127)
}

/// The value of a variable of `sort` at order key `k`.
pub fn value_at(sort: Sort, k: i128) -> Option<Value> {
    match sort {
        Sort::Int => Some(Value::Int(k)),
        Sort::Ip => Some(Value::Ip(ip_of_key(k))),
        Sort::Bool | Sort::Str => None,
    }
}

/// The order key of the value 0 of `sort` (what an unconstrained variable
/// takes).
fn zero_key(sort: Sort) -> i128 {
    match sort {
        Sort::Ip => ip_key(0),
        _ => 0,
    }
}

/// An atom made by [`OrderAtoms::at_most`]: its Boolean and, when it is
/// new, the axioms that tie it to its neighbours (to be asserted).
pub struct Made {
    /// "`x ≤ c`".
    pub atom: Bool,
    /// Implications to assert because the atom is new.
    pub axioms: Vec<Bool>,
    /// The key of a new atom (`None` if it existed or is a constant).
    pub new_key: Option<i128>,
}

/// The order atoms of every variable, scoped like the solver's assertions.
#[derive(Default)]
pub struct OrderAtoms {
    atoms: HashMap<Var, BTreeMap<i128, Bool>>,
    /// Atoms made in each open scope (the outermost first), and the number
    /// of the scope's first atom (names are reused once a scope is popped,
    /// so Z3's symbol table does not grow with every question).
    frames: Vec<(Vec<(Var, i128)>, u64)>,
    next: u64,
}

impl OrderAtoms {
    /// No atoms.
    pub fn new() -> OrderAtoms {
        OrderAtoms {
            atoms: HashMap::new(),
            frames: vec![(Vec::new(), 0)],
            next: 0,
        }
    }

    /// Opens a scope.
    pub fn push(&mut self) {
        self.frames.push((Vec::new(), self.next));
    }

    /// Forgets the atoms made since the matching [`OrderAtoms::push`] (their
    /// axioms are popped with the solver's scope).
    pub fn pop(&mut self) {
        if self.frames.len() <= 1 {
            return;
        }
        let Some((made, first)) = self.frames.pop() else {
            return;
        };
        self.next = first;
        for (var, key) in made {
            if let Some(atoms) = self.atoms.get_mut(&var) {
                atoms.remove(&key);
            }
        }
    }

    /// The atoms of `var`, by key.
    pub fn atoms_of(&self, var: &Var) -> impl Iterator<Item = (&i128, &Bool)> {
        self.atoms.get(var).into_iter().flatten()
    }

    /// "`var ≤ k`" (`None` for `k` below the smallest key: false).
    pub fn at_most(&mut self, var: &Var, k: Option<i128>) -> Made {
        let Some(k) = k else {
            return constant(false);
        };
        if k == i128::MAX {
            return constant(true);
        }
        let atoms = self.atoms.entry(var.clone()).or_default();
        if let Some(atom) = atoms.get(&k) {
            return Made {
                atom: atom.clone(),
                axioms: Vec::new(),
                new_key: None,
            };
        }
        let atom = Bool::new_const(format!("o!{}", self.next));
        self.next += 1;
        let mut axioms = Vec::new();
        if let Some((_, below)) = atoms.range(..k).next_back() {
            axioms.push(below.implies(&atom));
        }
        if let Some((_, above)) = atoms.range(k..).next() {
            axioms.push(atom.implies(above));
        }
        atoms.insert(k, atom.clone());
        if let Some((frame, _)) = self.frames.last_mut() {
            frame.push((var.clone(), k));
        }
        Made {
            atom,
            axioms,
            new_key: Some(k),
        }
    }

    /// The value of `var` in a Z3 model: the smallest key whose atom holds
    /// (the chain makes the atoms monotone, so a binary search finds it),
    /// one past the largest key when none holds, 0 without atoms.
    pub fn decode(&self, model: &z3::Model, var: &Var) -> Option<Value> {
        let keys: Vec<(&i128, &Bool)> = self.atoms_of(var).collect();
        let Some((last, _)) = keys.last() else {
            return value_at(var.sort(), zero_key(var.sort()));
        };
        let holds = |atom: &Bool| model.eval(atom, true).and_then(|b| b.as_bool());
        let (mut lo, mut hi) = (0, keys.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (_, atom) = keys.get(mid)?;
            if holds(atom)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        let key = match keys.get(lo) {
            Some((k, _)) => **k,
            None => last.checked_add(1)?,
        };
        value_at(var.sort(), key)
    }
}

fn constant(value: bool) -> Made {
    Made {
        atom: Bool::from_bool(value),
        axioms: Vec::new(),
        new_key: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_keys_keep_the_order_of_addresses() {
        let addresses = [0, 1, 1 << 64, (1 << 127) - 1, 1 << 127, u128::MAX];
        for pair in addresses.windows(2) {
            if let [a, b] = pair {
                assert!(ip_key(*a) < ip_key(*b), "{a} < {b}");
                assert_eq!(ip_of_key(ip_key(*a)), *a);
            }
        }
    }
}
