//! Policy semantics as formulas over one symbolic request.
//!
//! The encoder mirrors the concrete evaluator file by file: each `eval`
//! module has its twin here, and each `encode_*` function names the `eval`
//! function it mirrors:
//!
//! | `eval` | `encode` |
//! |---|---|
//! | [`crate::eval::evaluate`] | [`encode_policy`] |
//! | `eval::request` (the request and its principal keys) | [`request`], [`vars`] |
//! | `eval::principal` | [`principal`] |
//! | `eval::elements` | [`elements`] |
//! | `eval::condition` | [`condition`] |
//! | `eval::compare` | [`compare`] |
//! | `eval::variables` | [`variables`] |
//!
//! Encoding is two steps. [`Environment::build`] reads every policy of a
//! question once and fixes everything the formulas need (names, keys,
//! action classes of the request space, cases of policy variables,
//! representatives, variables). [`encode_policy`] then turns any policy of
//! the environment (resource, trust or identity: a statement without
//! `Principal` applies to every principal) into `allows(r)` and
//! `denies(r)` over the environment's shared request `r`; several policies
//! of one environment are formulas over the same request.
//! [`Environment::domain`] is the set of requests that can happen. The
//! model decoder and its inverse live in [`decode`], the single-request
//! equivalence check (the property tests' and fuzzers' oracle) in
//! [`oracle`].
//!
//! # Example
//! ```
//! use zoneproof_analyzer::encode::{encode_policy, Environment, EnvironmentInput, QuestionLiterals};
//! use zoneproof_analyzer::eval::Reading;
//! use zoneproof_analyzer::policy::parse_policy;
//! use zoneproof_analyzer::resource::ResourceType;
//! use zoneproof_analyzer::semantics::space::RequestSpace;
//! let policy = parse_policy(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
//!     "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#).unwrap();
//! let space = RequestSpace::for_resource(ResourceType::S3Bucket, "arn:aws:s3:::b").unwrap();
//! let env = Environment::build(&EnvironmentInput {
//!     policies: vec![&policy],
//!     space: &space,
//!     owner: "111122223333",
//!     owner_org: None,
//!     org_members: vec![],
//!     question: QuestionLiterals::default(),
//! }).unwrap();
//! let terms = encode_policy(&env, 0, &policy, Reading::GrantsMore).unwrap();
//! assert!(terms.denies.as_bool() == Some(false));
//! ```

pub mod compare;
pub mod condition;
pub mod decode;
pub mod elements;
pub mod env;
pub mod oracle;
pub mod principal;
pub mod representatives;
pub mod request;
pub mod shapes;
pub mod undocumented;
pub mod universe;
pub mod variables;
pub mod vars;

pub use env::{ActionClass, Environment, EnvironmentInput, KeyEntry, QuestionLiterals};
pub use vars::PrincipalKind;

use zoneproof_encodings::term::{self, Term, TermError};

use crate::policy::{Effect, Policy, Statement};
use crate::semantics::reading::{Polarity, Reading};

/// Why a policy could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The policy is valid IAM but uses something the analysis cannot decide
    /// exactly; the result must be `unknown`, never "no access".
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A value that does not parse for its operator.
    #[error("{path}: {message}")]
    Invalid {
        /// JSON path of the condition.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A term was built with the wrong sorts (a bug).
    #[error("internal encoding error: {0}")]
    Term(#[from] TermError),
}

/// The formulas of one policy over the environment's request.
#[derive(Debug, Clone)]
pub struct PolicyTerms {
    /// Some `Allow` statement applies.
    pub allows: Term,
    /// Some `Deny` statement applies.
    pub denies: Term,
    /// Each statement applies (whatever its effect), by index.
    pub statements: Vec<Term>,
}

impl PolicyTerms {
    /// The policy allows the request: an `Allow` applies and no `Deny` does
    /// (mirrors `eval::evaluate` returning `Allow`).
    pub fn allowed(&self) -> Term {
        term::and([self.allows.clone(), term::not(self.denies.clone())])
    }
}

/// Mirrors `eval::evaluate_with`: the statements of `policy` (the
/// environment's policy number `index`) as formulas, undocumented matches
/// read by `reading`.
///
/// # Errors
/// As [`Environment::build`]; also when the policy is not one of the
/// environment's (its variables have no cases).
pub fn encode_policy(
    env: &Environment,
    index: usize,
    policy: &Policy,
    reading: Reading,
) -> Result<PolicyTerms, EncodeError> {
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    let mut statements = Vec::with_capacity(policy.statements.len());
    for statement in &policy.statements {
        let applies = encode_statement(env, index, statement, reading)?;
        match statement.effect {
            Effect::Allow => allows.push(applies.clone()),
            Effect::Deny => denies.push(applies.clone()),
        }
        statements.push(applies);
    }
    Ok(PolicyTerms {
        allows: term::or(allows),
        denies: term::or(denies),
        statements,
    })
}

/// Mirrors `eval::statement_applies`: principal, action, resource and every
/// condition; the statement's effect gives the polarity of undocumented
/// matches.
pub fn encode_statement(
    env: &Environment,
    policy: usize,
    statement: &Statement,
    reading: Reading,
) -> Result<Term, EncodeError> {
    let polarity = Polarity::of_effect(statement.effect);
    let mut parts = vec![
        principal::encode_principal_clause(env, statement.principal.as_ref())?,
        elements::encode_action_clause(env, policy, statement.index),
        elements::encode_resource_clause(
            env,
            policy,
            statement.resource.as_ref(),
            &format!("{}.Resource", statement.path),
            reading,
            polarity,
        )?,
    ];
    for condition in &statement.conditions {
        parts.push(condition::encode_condition(
            env, policy, condition, reading, polarity,
        )?);
    }
    Ok(term::and(parts))
}
