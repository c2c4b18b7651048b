//! Concrete values, models, and concrete evaluation of terms.
//!
//! Every `Sat` answer of a backend carries a [`Model`]; [`Term::holds`]
//! re-checks it against the query without any solver, so a wrong model is
//! caught rather than trusted.

use std::collections::BTreeMap;
use std::fmt;

use crate::ip;
use crate::term::{CmpOp, NodeMap, Sort, Term, TermKind, Var};

/// A concrete value of one of the IR's sorts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// A truth value.
    Bool(bool),
    /// A string.
    Str(String),
    /// An integer.
    Int(i128),
    /// An IP address (IPv4 mapped into IPv6).
    Ip(u128),
}

impl Value {
    /// The sort of the value.
    pub fn sort(&self) -> Sort {
        match self {
            Value::Bool(_) => Sort::Bool,
            Value::Str(_) => Sort::Str,
            Value::Int(_) => Sort::Int,
            Value::Ip(_) => Sort::Ip,
        }
    }
}

impl fmt::Display for Value {
    /// Booleans and integers as numbers, strings quoted (Rust escapes), IP
    /// addresses in their usual text form (IPv4 dotted when mapped).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Ip(n) => write!(f, "{}", ip::to_addr(*n)),
        }
    }
}

/// Why a value could not be put into a model or a term evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    /// The model has no value for a variable of the term.
    #[error("the model has no value for variable `{0}`")]
    Unbound(String),
    /// A value or operand has the wrong sort.
    #[error("sort mismatch: expected {expected}, found {found}")]
    SortMismatch {
        /// The sort needed.
        expected: Sort,
        /// The sort found.
        found: Sort,
    },
    /// The term is too deeply nested to evaluate.
    #[error("term nesting depth {0} exceeds the limit of {limit}", limit = MAX_EVAL_DEPTH)]
    TooDeep(u32),
}

/// Terms deeper than this are not evaluated (the evaluator recurses).
pub const MAX_EVAL_DEPTH: u32 = crate::term::MAX_DEPTH;

/// An assignment of values to variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    values: BTreeMap<Var, Value>,
}

impl Model {
    /// The empty model.
    pub fn new() -> Model {
        Model::default()
    }

    /// Sets the value of `var`; fails if the value's sort is not the
    /// variable's.
    pub fn insert(&mut self, var: Var, value: Value) -> Result<(), EvalError> {
        if var.sort() != value.sort() {
            return Err(EvalError::SortMismatch {
                expected: var.sort(),
                found: value.sort(),
            });
        }
        self.values.insert(var, value);
        Ok(())
    }

    /// The value of `var`, if any.
    pub fn get(&self, var: &Var) -> Option<&Value> {
        self.values.get(var)
    }

    /// The value of a `Bool` variable.
    pub fn get_bool(&self, var: &Var) -> Option<bool> {
        match self.get(var)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value of a `Str` variable.
    pub fn get_str(&self, var: &Var) -> Option<&str> {
        match self.get(var)? {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of an `Int` variable.
    pub fn get_int(&self, var: &Var) -> Option<i128> {
        match self.get(var)? {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The value of an `Ip` variable.
    pub fn get_ip(&self, var: &Var) -> Option<u128> {
        match self.get(var)? {
            Value::Ip(n) => Some(*n),
            _ => None,
        }
    }

    /// Every variable and its value, ordered by variable.
    pub fn iter(&self) -> impl Iterator<Item = (&Var, &Value)> {
        self.values.iter()
    }

    /// The number of variables with a value.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no variable has a value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Display for Model {
    /// `name = value` pairs separated by `, `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (var, value)) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} = {value}", var.name())?;
        }
        Ok(())
    }
}

impl Model {
    /// The first of `terms` that does not hold in the model (`None`: all
    /// hold). Each string atom shared by several terms is matched once.
    pub fn first_false<'t>(&self, terms: &'t [Term]) -> Result<Option<&'t Term>, EvalError> {
        let mut memo: Memo = Some(NodeMap::default());
        for t in terms {
            if t.depth() > MAX_EVAL_DEPTH {
                return Err(EvalError::TooDeep(t.depth()));
            }
            if !eval_bool(t, self, &mut memo)? {
                return Ok(Some(t));
            }
        }
        Ok(None)
    }
}

impl Model {
    /// The truth values of Boolean `terms` under the model, each string
    /// atom shared by several terms matched once.
    pub fn truths<'t>(
        &self,
        terms: impl IntoIterator<Item = &'t Term>,
    ) -> Result<Vec<bool>, EvalError> {
        let mut memo: Memo = Some(NodeMap::default());
        terms
            .into_iter()
            .map(|t| {
                if t.depth() > MAX_EVAL_DEPTH {
                    return Err(EvalError::TooDeep(t.depth()));
                }
                eval_bool(t, self, &mut memo)
            })
            .collect()
    }
}

impl Term {
    /// The value of the term under `model`.
    ///
    /// # Example
    /// ```
    /// use zoneproof_encodings::model::{Model, Value};
    /// use zoneproof_encodings::pattern::Pattern;
    /// use zoneproof_encodings::term::{self, Sort, Var};
    /// let x = Var::new("x", Sort::Str);
    /// let t = term::in_pattern(&x, &Pattern::wildcard("a*")).unwrap();
    /// let mut m = Model::new();
    /// m.insert(x, Value::Str("abc".into())).unwrap();
    /// assert_eq!(t.evaluate(&m), Ok(Value::Bool(true)));
    /// ```
    pub fn evaluate(&self, model: &Model) -> Result<Value, EvalError> {
        if self.depth() > MAX_EVAL_DEPTH {
            return Err(EvalError::TooDeep(self.depth()));
        }
        eval(self, model, &mut None)
    }

    /// The truth value of a `Bool` term under `model`.
    pub fn holds(&self, model: &Model) -> Result<bool, EvalError> {
        match self.evaluate(model)? {
            Value::Bool(b) => Ok(b),
            other => Err(EvalError::SortMismatch {
                expected: Sort::Bool,
                found: other.sort(),
            }),
        }
    }
}

/// Truth values of string atoms already evaluated, by node: an atom shared
/// by many formulas is matched once.
type Memo = Option<NodeMap<usize, bool>>;

fn eval(t: &Term, model: &Model, memo: &mut Memo) -> Result<Value, EvalError> {
    match t.kind() {
        TermKind::Bool(b) => Ok(Value::Bool(*b)),
        TermKind::Int(n) => Ok(Value::Int(*n)),
        TermKind::Ip(n) => Ok(Value::Ip(*n)),
        TermKind::Var(v) => lookup(model, v).cloned(),
        TermKind::Not(inner) => Ok(Value::Bool(!eval_bool(inner, model, memo)?)),
        TermKind::And(ts) => {
            for c in ts {
                if !eval_bool(c, model, memo)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        }
        TermKind::Or(ts) => {
            for c in ts {
                if eval_bool(c, model, memo)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        TermKind::InPattern(v, p) => {
            if let Some(known) = memo.as_ref().and_then(|m| m.get(&t.node_id())) {
                return Ok(Value::Bool(*known));
            }
            let member = match lookup(model, v)? {
                Value::Str(s) => p.matches(s),
                other => {
                    return Err(EvalError::SortMismatch {
                        expected: Sort::Str,
                        found: other.sort(),
                    })
                }
            };
            if let Some(m) = memo.as_mut() {
                m.insert(t.node_id(), member);
            }
            Ok(Value::Bool(member))
        }
        TermKind::Cmp(op, a, b) => {
            let result = match (eval(a, model, memo)?, eval(b, model, memo)?) {
                (Value::Int(x), Value::Int(y)) => compare(*op, x, y),
                (Value::Ip(x), Value::Ip(y)) => compare(*op, x, y),
                (x, y) => {
                    return Err(EvalError::SortMismatch {
                        expected: x.sort(),
                        found: y.sort(),
                    })
                }
            };
            Ok(Value::Bool(result))
        }
    }
}

fn eval_bool(t: &Term, model: &Model, memo: &mut Memo) -> Result<bool, EvalError> {
    match eval(t, model, memo)? {
        Value::Bool(b) => Ok(b),
        other => Err(EvalError::SortMismatch {
            expected: Sort::Bool,
            found: other.sort(),
        }),
    }
}

fn lookup<'m>(model: &'m Model, v: &Var) -> Result<&'m Value, EvalError> {
    model
        .get(v)
        .ok_or_else(|| EvalError::Unbound(v.name().to_string()))
}

fn compare<T: Ord>(op: CmpOp, x: T, y: T) -> bool {
    match op {
        CmpOp::Eq => x == y,
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::Pattern;
    use crate::term;

    #[test]
    fn evaluates_nested_formulas() {
        let x = Var::new("x", Sort::Str);
        let n = Var::new("n", Sort::Int);
        let a = Var::new("a", Sort::Ip);
        let t = term::and([
            term::in_pattern(&x, &Pattern::wildcard("a?c")).unwrap(),
            term::or([
                term::cmp(CmpOp::Lt, term::var(&n), term::int(-3)).unwrap(),
                term::cmp(CmpOp::Eq, term::var(&a), term::ip(7)).unwrap(),
            ]),
        ]);
        let mut m = Model::new();
        m.insert(x.clone(), Value::Str("abc".into())).unwrap();
        m.insert(n.clone(), Value::Int(-2)).unwrap();
        m.insert(a.clone(), Value::Ip(7)).unwrap();
        assert_eq!(t.holds(&m), Ok(true));
        m.insert(a, Value::Ip(8)).unwrap();
        assert_eq!(t.holds(&m), Ok(false));
    }

    #[test]
    fn unbound_variables_and_wrong_sorts_are_errors() {
        let x = Var::new("x", Sort::Str);
        let t = term::str_eq(&x, "a").unwrap();
        assert_eq!(t.holds(&Model::new()), Err(EvalError::Unbound("x".into())));
        let mut m = Model::new();
        assert!(m.insert(x, Value::Int(1)).is_err());
    }
}
