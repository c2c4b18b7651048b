//! The `z3-strings` backend: the query in Z3's native string and regex
//! theory, Zelkova-style. Each assertion is sent to Z3 as the SMT-LIB text
//! that [`Term`]'s `Display` prints, so what this backend solves is exactly
//! what `z3 -smt2` replays.
//!
//! Z3 4.8.12's characters stop at `\u{2ffff}`: a query whose patterns
//! mention a character above it is answered `Unknown`. Model strings are read
//! back from Z3's escaped form; characters Z3 can hold but Rust cannot
//! (surrogates) are replaced by a character no pattern mentions, which keeps
//! every membership, and the model is re-checked like any other.

use std::collections::BTreeSet;
use std::time::Duration;

use z3::Solver;

use super::skeleton;
use super::{validate, Backend, BackendKind, CheckResult, SolverError};
use crate::model::{Model, Value};
use crate::pattern::Pattern;
use crate::smtlib::{self, Z3_MAX_CHAR};
use crate::term::{Sort, Term, TermKind, Var};

#[derive(Debug, Default)]
struct Frame {
    assertions: Vec<Term>,
    /// The SMT-LIB text sent to Z3 in this scope, to rebuild the solver.
    texts: Vec<String>,
    vars: BTreeSet<Var>,
    unsupported: Option<String>,
}

/// Z3's string and regex theory.
pub struct Z3StringsBackend {
    solver: Solver,
    timeout: Duration,
    frames: Vec<Frame>,
}

impl Z3StringsBackend {
    /// A backend with an empty assertion set.
    pub fn new(timeout: Duration) -> Z3StringsBackend {
        let solver = Solver::new();
        // Incremental mode: Z3 skips its slow preprocessing of strings.
        solver.push();
        Z3StringsBackend {
            solver,
            timeout,
            frames: vec![Frame::default()],
        }
    }

    fn frame(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    /// Replaces the solver by a fresh one holding the same scopes and
    /// assertions. Z3 4.8.12's string solver can be left in a state that
    /// crashes a later check after a check was cancelled by its timeout, so
    /// a solver is never reused after an `unknown`.
    fn rebuild(&mut self) {
        self.solver = Solver::new();
        self.solver.push();
        for (i, frame) in self.frames.iter().enumerate() {
            if i > 0 {
                self.solver.push();
            }
            for text in &frame.texts {
                self.solver.from_string(text.as_str());
            }
        }
    }

    fn send(&mut self, text: String) {
        self.solver.from_string(text.as_str());
        self.frame().texts.push(text);
    }

    fn known_vars(&self) -> BTreeSet<Var> {
        self.frames
            .iter()
            .flat_map(|f| f.vars.iter().cloned())
            .collect()
    }

    fn decode(&self, z3_model: &z3::Model) -> Result<Model, String> {
        let patterns: Vec<Pattern> = self
            .frames
            .iter()
            .flat_map(|f| f.assertions.iter())
            .flat_map(patterns_of)
            .collect();
        let mut model = Model::new();
        for v in self.known_vars() {
            let name = smtlib::symbol_name(&v);
            let value = match v.sort() {
                Sort::Str => z3_model
                    .eval(&z3::ast::String::new_const(name.as_str()), true)
                    .and_then(|s| s.as_string())
                    .map(|text| Value::Str(readable(&text, &patterns))),
                _ => skeleton::decode_value(z3_model, &v, &name),
            };
            let value = value.ok_or_else(|| {
                format!("cannot read the value of `{}` from the z3 model", v.name())
            })?;
            model.insert(v, value).map_err(|e| e.to_string())?;
        }
        Ok(model)
    }
}

/// A Z3 model string as a Rust string; unrepresentable characters become a
/// character no pattern mentions.
fn readable(text: &str, patterns: &[Pattern]) -> String {
    let mentioned: BTreeSet<char> = patterns.iter().flat_map(|p| p.mentioned_chars()).collect();
    let stand_in = ('a'..='z')
        .chain('0'..='9')
        .find(|c| !mentioned.contains(c))
        .unwrap_or('\u{fffd}');
    smtlib::decode_z3_string(text)
        .into_iter()
        .map(|c| c.unwrap_or(stand_in))
        .collect()
}

fn patterns_of(t: &Term) -> Vec<Pattern> {
    let mut out = Vec::new();
    let mut stack = vec![t];
    while let Some(t) = stack.pop() {
        match t.kind() {
            TermKind::InPattern(_, p) => out.push(p.clone()),
            TermKind::Not(inner) => stack.push(inner),
            TermKind::And(ts) | TermKind::Or(ts) => stack.extend(ts),
            _ => {}
        }
    }
    out
}

/// Why Z3's string theory cannot hold a pattern, if it cannot.
fn unsupported(t: &Term) -> Option<String> {
    patterns_of(t).into_iter().find_map(|p| {
        p.mentioned_chars()
            .find(|c| *c as u32 > Z3_MAX_CHAR)
            .map(|c| {
                format!(
                    "character U+{:X} in `{p}` is beyond z3's alphabet",
                    c as u32
                )
            })
    })
}

impl Backend for Z3StringsBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Z3Strings
    }

    fn push(&mut self) {
        self.solver.push();
        self.frames.push(Frame::default());
    }

    fn pop(&mut self) {
        if self.frames.len() <= 1 {
            return;
        }
        self.solver.pop(1);
        self.frames.pop();
    }

    fn scopes(&self) -> usize {
        self.frames.len().saturating_sub(1)
    }

    fn assert(&mut self, t: &Term) -> Result<(), SolverError> {
        validate(t)?;
        let known = self.known_vars();
        let text = smtlib::declarations_and_assertions(std::slice::from_ref(t), &known);
        self.send(text);
        let reason = unsupported(t);
        let frame = self.frame();
        frame
            .vars
            .extend(t.vars().into_iter().filter(|v| !known.contains(v)));
        frame.assertions.push(t.clone());
        if frame.unsupported.is_none() {
            frame.unsupported = reason;
        }
        Ok(())
    }

    fn declare(&mut self, v: &Var) {
        if self.known_vars().contains(v) {
            return;
        }
        let mut text = format!(
            "(declare-const |{}| {})\n",
            smtlib::symbol_name(v),
            smtlib::sort_name(v.sort())
        );
        if v.sort() == Sort::Int {
            text.push_str(&format!("(assert {})\n", smtlib::int_bounds(v)));
        }
        self.send(text);
        self.frame().vars.insert(v.clone());
    }

    fn check(&mut self) -> CheckResult {
        if let Some(reason) = self.frames.iter().find_map(|f| f.unsupported.clone()) {
            return CheckResult::Unknown(reason);
        }
        skeleton::set_solver_timeout(&self.solver, self.timeout);
        match skeleton::run_timed_check(&self.solver) {
            Ok(false) => CheckResult::Unsat,
            Err(reason) => {
                self.rebuild();
                CheckResult::Unknown(reason)
            }
            Ok(true) => {
                let Some(z3_model) = self.solver.get_model() else {
                    return CheckResult::Unknown("z3 gave no model".into());
                };
                let model = match self.decode(&z3_model) {
                    Ok(m) => m,
                    Err(e) => return CheckResult::Unknown(e),
                };
                for t in self.frames.iter().flat_map(|f| f.assertions.iter()) {
                    if t.holds(&model) != Ok(true) {
                        return CheckResult::Unknown(format!(
                            "z3's model does not satisfy `{t}` once decoded"
                        ));
                    }
                }
                CheckResult::Sat(model)
            }
        }
    }

    fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }
}
