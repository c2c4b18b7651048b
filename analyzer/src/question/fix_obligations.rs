//! The proof obligations of a fix: a patched policy removes the classes of
//! the selected findings and nothing else, and grants nothing new.
//!
//! Three policies share one symbolic request: the ORIGINAL policy (whose
//! findings define the classes, policy number 0), the CURRENT policy (the
//! original, or the original with earlier patches applied) and the PATCHED
//! policy. With `removed(r) = external(r) ∧ (region(C1) ∨ ... ∨ region(Cn))`
//! over the selected classes:
//! - (a) *class gone*, per class C: `domain ∧ external ∧ region(C) ∧
//!   allowed(PATCHED)` is UNSAT;
//! - (b) *no new access*: `domain ∧ allowed(PATCHED) ∧ ¬allowed(CURRENT)` is
//!   UNSAT;
//! - (c) *nothing else lost*: `domain ∧ allowed(CURRENT) ∧ ¬removed ∧
//!   ¬allowed(PATCHED)` is UNSAT.
//!
//! A narrowing fix keeps part of the classes: with a KEPT policy (the
//! requests that satisfy the federation claims the user gave, see
//! `crate::fix::claims`), `removed(r)` and the class of (a) are cut down to
//! the requests KEPT does not allow, `external(r) ∧ region(C) ∧
//! ¬allowed(KEPT)`. Then (a) says no request of the class outside the claims
//! is allowed any more, and (c) that everything else — the class's requests
//! that satisfy the claims included — still is: the patched policy's access
//! is exactly the original's restricted to the claims.
//!
//! (c) assumes that a service acting for a resource describes that one
//! resource ([`source_consistency`]): `aws:SourceAccount` comes with
//! `aws:SourceArn` (AWS documents the same availability for both) and with
//! `aws:SourceOwner` or `aws:SourceOrgID`, and they agree on whether the
//! resource is in the zone. Without it, a request whose `aws:SourceOwner`
//! names the zone while its `aws:SourceAccount` names another account would
//! count as in-zone access that a condition on `aws:SourceAccount` takes
//! away. (a) and (b) assume nothing.
//!
//! When a policy has matches AWS does not document, (b) and (c) are checked
//! under both readings (the same reading for both policies) and (a) under
//! the reading that grants more. A satisfiable obligation yields a witness
//! request, re-checked with the concrete evaluator before it is reported;
//! a witness the evaluator contradicts is an error (never a pass).

use zoneproof_encodings::solver::{Backend, CheckResult};
use zoneproof_encodings::term::{self, Term};

use super::external_access::{
    arn_of_account, environment_input, key_equals, key_matches, ExternalAccess, FindingClass,
    QuestionOptions,
};
use super::{Classifier, QuestionError};
use crate::encode::decode::{complete_model, decode_request};
use crate::encode::{encode_policy, EncodeError, Environment, PolicyTerms};
use crate::eval::{evaluate_with, Decision, Request};
use crate::policy::{Effect, Policy};
use crate::resource::ResourceType;
use crate::semantics::reading::Reading;
use crate::semantics::space::RequestSpace;
use crate::zone::Zone;

/// The answer to one obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Proved (UNSAT).
    Holds,
    /// Refuted: a request that breaks it, re-checked by the evaluator.
    Fails(Box<Request>),
    /// Not decided (solver unknown, or a witness the evaluator contradicts).
    Unknown(String),
}

impl Verdict {
    /// Whether the obligation is proved.
    pub fn holds(&self) -> bool {
        matches!(self, Verdict::Holds)
    }
}

/// The policies of the obligations, encoded over one request.
pub struct Obligations {
    access: ExternalAccess,
    consistency: Term,
    kept: Option<(Policy, Term)>,
    current: Vec<(Reading, PolicyTerms)>,
    patched: Vec<Vec<(Reading, PolicyTerms)>>,
    domain: Term,
}

/// The policies the obligations compare.
#[derive(Clone, Copy)]
pub struct Policies<'a> {
    /// The analysed policy, whose findings define the classes.
    pub original: &'a Policy,
    /// The policy being patched (the original, or a patched original).
    pub current: &'a Policy,
    /// The candidate patches, proved one by one over the same request
    /// (none to ask only which statements grant a class).
    pub patched: &'a [&'a Policy],
    /// The requests the fix keeps even inside the removed classes (a
    /// narrowing restrict: what the claims allow); `None`: the classes
    /// go whole.
    pub kept: Option<&'a Policy>,
}

/// The resource the policies are attached to.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    /// Its type.
    pub resource_type: ResourceType,
    /// Its ARN.
    pub arn: &'a str,
    /// The zone of trust.
    pub zone: &'a Zone,
    /// The external-access question's options.
    pub options: QuestionOptions,
}

impl Obligations {
    /// Encodes the three policies over one environment.
    ///
    /// # Errors
    /// As [`Environment::build`] and [`encode_policy`].
    pub fn new(policies: Policies<'_>, target: Target<'_>) -> Result<Obligations, EncodeError> {
        let space = RequestSpace::for_resource(target.resource_type, target.arn)
            .map_err(|e| EncodeError::Unsupported(e.to_string()))?;
        let kind = target.resource_type.policy_kind();
        let mut input =
            environment_input(policies.original, &space, target.zone, kind, target.options);
        let current_index = policy_index(&mut input.policies, policies.current);
        let patched_indexes: Vec<usize> = policies
            .patched
            .iter()
            .map(|p| policy_index(&mut input.policies, p))
            .collect();
        let kept_index = policies.kept.map(|p| policy_index(&mut input.policies, p));
        let env = Environment::build(&input)?;
        let readings = if env.undocumented {
            vec![Reading::GrantsMore, Reading::GrantsLess]
        } else {
            vec![Reading::GrantsMore]
        };
        let encode =
            |index: usize, policy: &Policy| -> Result<Vec<(Reading, PolicyTerms)>, EncodeError> {
                readings
                    .iter()
                    .map(|r| Ok((*r, encode_policy(&env, index, policy, *r)?)))
                    .collect()
            };
        let current = encode(current_index, policies.current)?;
        let patched = patched_indexes
            .iter()
            .zip(policies.patched)
            .map(|(index, policy)| encode(*index, policy))
            .collect::<Result<Vec<_>, _>>()?;
        let kept = match (policies.kept, kept_index) {
            (Some(policy), Some(index)) => Some((
                policy.clone(),
                encode_policy(&env, index, policy, Reading::GrantsMore)?.allowed(),
            )),
            _ => None,
        };
        let domain = env.domain()?;
        let consistency = source_consistency(&env, target.zone)?;
        let access =
            ExternalAccess::over(env, policies.original, target.zone, kind, target.options)?;
        Ok(Obligations {
            access,
            consistency,
            kept,
            current,
            patched,
            domain,
        })
    }

    /// The environment.
    pub fn env(&self) -> &Environment {
        &self.access.env
    }

    /// `external(r) ∧ region(C) ∧ ¬kept(r)`: the requests of a class that
    /// the fix takes away.
    pub fn class_requests(&self, class: &FindingClass) -> Term {
        term::and([
            self.access.external.clone(),
            self.access.region(class),
            self.not_kept(),
        ])
    }

    /// `external(r) ∧ (region(C1) ∨ ...) ∧ ¬kept(r)`: the requests the fix
    /// removes.
    pub fn removed(&self, classes: &[&FindingClass]) -> Term {
        term::and([
            self.access.external.clone(),
            term::or(classes.iter().map(|c| self.access.region(c))),
            self.not_kept(),
        ])
    }

    /// `¬allowed(KEPT)` (true without a KEPT policy).
    fn not_kept(&self) -> Term {
        self.kept
            .as_ref()
            .map_or_else(term::tru, |(_, allowed)| term::not(allowed.clone()))
    }

    /// Whether the KEPT policy allows a concrete request (the fix keeps it).
    fn keeps(&self, request: &Request) -> bool {
        self.kept
            .as_ref()
            .is_some_and(|(policy, _)| allowed(policy, request, Reading::GrantsMore))
    }

    /// The Allow statements of the current policy that allow some request
    /// of the class (allowed overall: no Deny applies).
    ///
    /// # Errors
    /// [`QuestionError::Stopped`] with the solver's reason when it cannot
    /// decide.
    pub fn granting_statements(
        &self,
        backend: &mut dyn Backend,
        current: &Policy,
        class: &FindingClass,
    ) -> Result<Vec<usize>, QuestionError> {
        let (_, terms) = &self.current[0];
        let mut granting = Vec::new();
        for (index, statement) in current.statements.iter().enumerate() {
            if statement.effect != Effect::Allow {
                continue;
            }
            let Some(applies) = terms.statements.get(index) else {
                continue;
            };
            let query = term::and([
                self.domain.clone(),
                self.class_requests(class),
                applies.clone(),
                term::not(terms.denies.clone()),
            ]);
            match check(backend, &query) {
                CheckResult::Sat(_) => granting.push(index),
                CheckResult::Unsat => {}
                CheckResult::Unknown(reason) => return Err(QuestionError::Stopped(reason)),
            }
        }
        Ok(granting)
    }

    /// (a): no request of the class is allowed by the patched policy.
    pub fn class_gone(
        &self,
        backend: &mut dyn Backend,
        candidate: usize,
        patched: &Policy,
        class: &FindingClass,
    ) -> Verdict {
        let Some((reading, terms)) = self.patched.get(candidate).and_then(|t| t.first()) else {
            return Verdict::Unknown(format!("no candidate {candidate}"));
        };
        let query = term::and([
            self.domain.clone(),
            self.class_requests(class),
            terms.allowed(),
        ]);
        self.decide(backend, &query, |request| {
            allowed(patched, request, *reading)
                && self.access.is_external(request)
                && !self.keeps(request)
        })
    }

    /// Whether the current policy still allows no request of the class
    /// (an earlier patch removed it): (a) for the current policy.
    pub fn class_gone_already(
        &self,
        backend: &mut dyn Backend,
        current: &Policy,
        class: &FindingClass,
    ) -> Verdict {
        let (reading, terms) = &self.current[0];
        let query = term::and([
            self.domain.clone(),
            self.class_requests(class),
            terms.allowed(),
        ]);
        self.decide(backend, &query, |request| {
            allowed(current, request, *reading)
                && self.access.is_external(request)
                && !self.keeps(request)
        })
    }

    /// (b): the patched policy allows nothing the current one does not.
    pub fn no_new_access(
        &self,
        backend: &mut dyn Backend,
        candidate: usize,
        current: &Policy,
        patched: &Policy,
    ) -> Verdict {
        let Some(terms) = self.patched.get(candidate) else {
            return Verdict::Unknown(format!("no candidate {candidate}"));
        };
        for ((reading, now), (_, new)) in self.current.iter().zip(terms) {
            let query = term::and([self.domain.clone(), new.allowed(), term::not(now.allowed())]);
            let verdict = self.decide(backend, &query, |request| {
                allowed(patched, request, *reading) && !allowed(current, request, *reading)
            });
            if !verdict.holds() {
                return verdict;
            }
        }
        Verdict::Holds
    }

    /// (c): every request the current policy allows outside the removed
    /// classes is still allowed.
    pub fn nothing_else_lost(
        &self,
        backend: &mut dyn Backend,
        candidate: usize,
        current: &Policy,
        patched: &Policy,
        classes: &[&FindingClass],
    ) -> Verdict {
        let Some(terms) = self.patched.get(candidate) else {
            return Verdict::Unknown(format!("no candidate {candidate}"));
        };
        let removed = self.removed(classes);
        for ((reading, now), (_, new)) in self.current.iter().zip(terms) {
            let query = term::and([
                self.domain.clone(),
                self.consistency.clone(),
                now.allowed(),
                term::not(removed.clone()),
                term::not(new.allowed()),
            ]);
            let verdict = self.decide(backend, &query, |request| {
                allowed(current, request, *reading)
                    && !allowed(patched, request, *reading)
                    && !self.in_classes(request, classes)
            });
            if !verdict.holds() {
                return verdict;
            }
        }
        Verdict::Holds
    }

    /// Whether a concrete request is external, in one of the classes (its
    /// representative model is in the region) and not kept.
    fn in_classes(&self, request: &Request, classes: &[&FindingClass]) -> bool {
        if !self.access.is_external(request) || self.keeps(request) {
            return false;
        }
        let Ok(model) = crate::encode::decode::encode_request(self.env(), request) else {
            // Undecidable here: count it as in a class, so that the witness
            // is not taken as a refutation on this ground alone.
            return true;
        };
        classes
            .iter()
            .any(|c| self.access.in_region(c, &model).unwrap_or(true))
    }

    /// Checks a query that must be UNSAT; a model is decoded and must
    /// satisfy `confirms` under the evaluator.
    fn decide(
        &self,
        backend: &mut dyn Backend,
        query: &Term,
        confirms: impl Fn(&Request) -> bool,
    ) -> Verdict {
        match check(backend, query) {
            CheckResult::Unsat => Verdict::Holds,
            CheckResult::Unknown(reason) => Verdict::Unknown(reason),
            CheckResult::Sat(model) => {
                let model = complete_model(self.env(), &model);
                match decode_request(self.env(), &model) {
                    Ok(request) if confirms(&request) => Verdict::Fails(Box::new(request)),
                    Ok(request) => Verdict::Unknown(format!(
                        "model invalid: the solver's counterexample (principal `{}`, action `{}`, resource `{}`) is not one by the concrete evaluator",
                        request.principal, request.action, request.resource
                    )),
                    Err(e) => Verdict::Unknown(format!("cannot decode a counterexample: {e}")),
                }
            }
        }
    }
}

/// The assumption of (c) (see the module documentation): the source keys
/// of a service request describe one resource. Keys the environment does
/// not have add nothing.
fn source_consistency(env: &Environment, zone: &Zone) -> Result<Term, EncodeError> {
    const ACCOUNT: &str = "aws:SourceAccount";
    let has = |key: &str| env.key(key).is_some_and(|e| e.vars.is_some());
    if !has(ACCOUNT) {
        return Ok(term::tru());
    }
    let present = |key: &str| env.key_present(key);
    let in_zone = |key: &str| -> Result<Term, EncodeError> {
        let mut any = Vec::new();
        for account in zone.accounts() {
            any.push(key_equals(env, key, account)?);
        }
        Ok(term::or(any))
    };
    let account_in_zone = in_zone(ACCOUNT)?;
    let mut parts = Vec::new();
    if has("aws:SourceArn") {
        parts.push(term::iff(present(ACCOUNT), present("aws:SourceArn")));
        let mut arn_in_zone = Vec::new();
        for account in zone.accounts() {
            arn_in_zone.push(key_matches(env, "aws:SourceArn", &arn_of_account(account))?);
        }
        let names_an_account = key_matches(env, "aws:SourceArn", &arn_of_any_account())?;
        parts.push(term::implies(
            term::and([present(ACCOUNT), names_an_account]),
            term::iff(account_in_zone.clone(), term::or(arn_in_zone)),
        ));
    }
    if has("aws:SourceOwner") {
        let owner = "aws:SourceOwner";
        parts.push(term::implies(present(owner), present(ACCOUNT)));
        parts.push(term::implies(
            term::and([present(owner), present(ACCOUNT)]),
            term::iff(account_in_zone.clone(), in_zone(owner)?),
        ));
    }
    if let (true, Some(org)) = (has("aws:SourceOrgID"), &zone.org) {
        let key = "aws:SourceOrgID";
        parts.push(term::implies(present(key), present(ACCOUNT)));
        let mut members = vec![key_equals(env, ACCOUNT, &zone.account)?];
        for account in &zone.org_accounts {
            members.push(key_equals(env, ACCOUNT, account)?);
        }
        parts.push(term::implies(
            term::and([present(key), term::or(members)]),
            key_equals(env, key, org)?,
        ));
    }
    Ok(term::and(parts))
}

/// ARNs whose account field is not empty.
fn arn_of_any_account() -> zoneproof_encodings::pattern::Pattern {
    use zoneproof_encodings::pattern::{Pattern, Token};
    Pattern::new(
        [
            Token::Literal("arn:".into()),
            Token::AnyString { except: Some(':') },
            Token::Literal(":".into()),
            Token::AnyString { except: Some(':') },
            Token::Literal(":".into()),
            Token::AnyString { except: Some(':') },
            Token::Literal(":".into()),
            Token::AnyChar { except: Some(':') },
            Token::AnyString { except: Some(':') },
            Token::Literal(":".into()),
            Token::AnyString { except: None },
        ],
        false,
    )
}

/// The index of `policy` among `policies`, added when it is not there.
fn policy_index<'a>(policies: &mut Vec<&'a Policy>, policy: &'a Policy) -> usize {
    if let Some(at) = policies.iter().position(|p| std::ptr::eq(*p, policy)) {
        return at;
    }
    policies.push(policy);
    policies.len() - 1
}

/// Whether the evaluator allows the request under a reading.
fn allowed(policy: &Policy, request: &Request, reading: Reading) -> bool {
    evaluate_with(policy, request, reading).decision == Decision::Allow
}

/// One check in its own scope.
fn check(backend: &mut dyn Backend, query: &Term) -> CheckResult {
    let mut checks = 0;
    super::check_with(backend, query, &mut checks)
}
