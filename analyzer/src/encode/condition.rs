//! Condition entries as formulas; the twin of [`crate::eval::condition`].

use zoneproof_encodings::term::{self, Term};

use crate::eval::variables::Part;
use crate::policy::{BaseOperator, Condition, SetQualifier};
use crate::semantics::reading::{Polarity, Reading};
use crate::value::parse_bool;

use super::compare::{accepts_variables, comparison, Compared};
use super::env::Environment;
use super::undocumented;
use super::variables::policy_cases;
use super::EncodeError;

/// The comparisons of one condition entry: each policy value, per case of
/// its policy variables, with the case's guard.
pub fn condition_comparisons(
    env: &Environment,
    policy: usize,
    condition: &Condition,
) -> Result<Vec<(usize, Term, Compared)>, EncodeError> {
    let shape = env
        .key(&condition.key)
        .map_or(crate::semantics::keys::ValueShape::Any, |e| e.info.shape);
    let substitute = accepts_variables(condition.operator.base);
    let mut out = Vec::new();
    for (index, value) in condition.values.iter().enumerate() {
        let path = format!("{}[{index}]", condition.path);
        let cases = if substitute {
            policy_cases(env, policy, value, true, &path)?
        } else {
            vec![(term::tru(), vec![Part::Glob(value.clone())])]
        };
        for (guard, parts) in cases {
            let compared = comparison(shape, condition.operator.base, &parts, &condition.path)?;
            out.push((index, guard, compared));
        }
    }
    Ok(out)
}

/// Mirrors `eval::condition_holds`: one `operator: {key: values}` entry at
/// a position of `polarity`, undocumented matches read by `reading`.
pub fn encode_condition(
    env: &Environment,
    policy: usize,
    condition: &Condition,
    reading: Reading,
    polarity: Polarity,
) -> Result<Term, EncodeError> {
    let key = condition.key.as_str();
    let operator = condition.operator;
    let present = env.key_present(key);
    if operator.base == BaseOperator::Null {
        return Ok(match operator.set {
            Some(SetQualifier::ForAllValues) => term::tru(),
            Some(SetQualifier::ForAnyValue) => term::fls(),
            None => term::or(
                condition
                    .values
                    .iter()
                    .map(|value| match parse_bool(value) {
                        Ok(true) => term::not(present.clone()),
                        Ok(false) => present.clone(),
                        Err(_) => term::fls(),
                    }),
            ),
        });
    }
    let negated = operator.base.is_negated();
    let inner = polarity.negate_if(negated);
    let comparisons = condition_comparisons(env, policy, condition)?;
    let count = env.key_elements(key);
    let mut elements = Vec::with_capacity(count);
    for index in 0..count {
        let mut any = Vec::with_capacity(comparisons.len());
        for (_, guard, compared) in &comparisons {
            let mut matched = vec![
                guard.clone(),
                env.key_compare(key, index, &compared.comparison)?,
            ];
            if !compared.documented {
                let name = || {
                    let lowercase = key.to_lowercase();
                    format!("{lowercase}[{index}] {:?}", compared.comparison)
                };
                match undocumented::answer(env, reading, inner, name) {
                    None => continue,
                    Some(answer) => matched.push(answer),
                }
            }
            any.push(term::and(matched));
        }
        let related = term::or(any);
        elements.push(if negated { term::not(related) } else { related });
    }
    let used: Vec<Term> = (0..count).map(|i| env.key_used(key, i)).collect();
    let some = term::or(
        used.iter()
            .zip(&elements)
            .map(|(u, e)| term::and([u.clone(), e.clone()])),
    );
    let every = term::and(
        used.iter()
            .zip(&elements)
            .map(|(u, e)| term::implies(u.clone(), e.clone())),
    );
    let absent = term::bool_const(negated);
    let result = match operator.set {
        Some(SetQualifier::ForAnyValue) => term::and([present.clone(), some]),
        Some(SetQualifier::ForAllValues) => every,
        None => {
            let exactly_one = exactly_one(&used);
            let on_set = on_set(env, policy, condition, reading, polarity, &some, every);
            term::or([
                term::and([term::not(present.clone()), absent]),
                term::and([present.clone(), exactly_one.clone(), some]),
                term::and([present.clone(), term::not(exactly_one), on_set]),
            ])
        }
    };
    Ok(if operator.if_exists {
        term::or([term::not(present), result])
    } else {
        result
    })
}

/// An operator without a qualifier on a set of other than one value:
/// "some value matches" and "every value matches" are both possible
/// answers (undocumented); the reading, or a shared answer named by the
/// condition, decides where they differ.
fn on_set(
    env: &Environment,
    policy: usize,
    condition: &Condition,
    reading: Reading,
    polarity: Polarity,
    some: &Term,
    every: Term,
) -> Term {
    let name = || {
        let variables = env.variables_enabled.get(policy).copied().unwrap_or(true);
        format!(
            "set {:?} {} {:?} variables={variables}",
            condition.operator.base,
            condition.key.to_lowercase(),
            condition.values
        )
    };
    match undocumented::answer(env, reading, polarity, name) {
        None => term::and([some.clone(), every]),
        Some(answer) if answer.as_bool() == Some(true) => term::or([some.clone(), every]),
        Some(answer) => term::or([
            term::and([some.clone(), every.clone()]),
            term::and([answer, term::or([some.clone(), every])]),
        ]),
    }
}

/// Exactly one of the values is in the request.
fn exactly_one(used: &[Term]) -> Term {
    term::or((0..used.len()).map(|i| {
        term::and(used.iter().enumerate().map(|(j, u)| {
            if i == j {
                u.clone()
            } else {
                term::not(u.clone())
            }
        }))
    }))
}
