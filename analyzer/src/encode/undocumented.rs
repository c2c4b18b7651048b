//! Undocumented matches as formulas: answered by the policy's reading, or
//! by a free answer that every policy of the environment shares
//! ([`UndocumentedAnswers`]).

use zoneproof_encodings::term::{self, Sort, Term, Var};

use crate::semantics::reading::{Polarity, Reading, UndocumentedAnswers};

use super::env::Environment;

/// The answer to an undocumented match at a position of `polarity`, to be
/// conjoined with "the match may hold": `None` when the reading answers
/// that it does not hold (leave the match out), `Some(true)` when it
/// answers that it holds wherever it may, and with shared answers a free
/// boolean named by `name` (what decides the match: the pattern and the
/// request value it meets), the same in every policy of the environment.
pub fn answer(
    env: &Environment,
    reading: Reading,
    polarity: Polarity,
    name: impl FnOnce() -> String,
) -> Option<Term> {
    match env.undocumented_answers {
        UndocumentedAnswers::ByReading => reading.holds_at(polarity).then(term::tru),
        UndocumentedAnswers::Shared => Some(term::var(&Var::new(
            &format!("undocumented\u{1f}{}", name()),
            Sort::Bool,
        ))),
    }
}
