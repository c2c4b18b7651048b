//! Why a question's enumeration or witness re-check stopped short of its
//! final answer.

use zoneproof_encodings::model::EvalError;
use zoneproof_encodings::solver::SolverError;

use crate::encode::decode::DecodeError;
use crate::encode::EncodeError;

/// Why a question could not be answered completely. Each message is the
/// reason an `unknown` result or an `error` result reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// A bound was reached or the solver answered `unknown`: the reason,
    /// naming the flag that raises the bound when there is one.
    #[error("{0}")]
    Stopped(String),
    /// A term of the question does not evaluate on a model (a bug).
    #[error("cannot evaluate atom on the model: {0}")]
    Evaluate(#[source] EvalError),
    /// The question's query could not be built from the policy.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// A model does not decode to a request (a bug).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The solver rejected a formula of the enumeration (a bug).
    #[error(transparent)]
    Solver(#[from] SolverError),
    /// The solver rejected the clause that blocks a found region (a bug).
    #[error("solver rejected a blocking clause: {0}")]
    BlockingClause(#[source] SolverError),
    /// The solver returned an action class already excluded (a bug).
    #[error("solver repeated action class {0}")]
    RepeatedClass(usize),
    /// The solver returned an action class a derived cell already has (a
    /// bug).
    #[error("solver repeated action class {0} in a derived cell")]
    RepeatedDerivedClass(usize),
    /// A model lies outside the region of the class it was classified in
    /// (a bug of the classifier).
    #[error("the model is outside the region of its own finding class")]
    OutsideRegion,
    /// The concrete evaluator disagrees with the solver's witness (a bug of
    /// the encoder; see `docs/semantics.md`).
    #[error("model invalid: {0}")]
    ModelInvalid(Box<InvalidWitness>),
}

/// A solver witness that the concrete evaluator does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the solver's witness (principal `{principal}`, action `{action}`, resource `{resource}`, \
     context {context}) is {verdict} by the concrete evaluator{}",
    if *.inside_zone { " and inside the zone" } else { "" }
)]
pub struct InvalidWitness {
    /// The witness's principal.
    pub principal: String,
    /// The witness's action.
    pub action: String,
    /// The witness's resource.
    pub resource: String,
    /// The witness's context, as `{key: [values]}`.
    pub context: String,
    /// What the evaluator said instead of `allowed`: its decision, or
    /// `denied by an RCP`.
    pub verdict: &'static str,
    /// Whether the witness's caller is inside the zone of trust.
    pub inside_zone: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_witness_reads_as_before_the_errors_were_typed() {
        let error = QuestionError::ModelInvalid(Box::new(InvalidWitness {
            principal: "arn:aws:iam::444455556666:root".into(),
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::b/k".into(),
            context: r#"{"aws:SourceIp": ["192.0.2.1"]}"#.into(),
            verdict: "ImplicitDeny",
            inside_zone: true,
        }));
        assert_eq!(
            error.to_string(),
            "model invalid: the solver's witness (principal `arn:aws:iam::444455556666:root`, \
             action `s3:GetObject`, resource `arn:aws:s3:::b/k`, context \
             {\"aws:SourceIp\": [\"192.0.2.1\"]}) is ImplicitDeny by the concrete evaluator \
             and inside the zone"
        );
    }
}
