//! The single-request equivalence check between the encoder and the
//! evaluator: the oracle of the property tests and of fuzzers.
//!
//! For a concrete request `r` in the request space, [`check_request`]
//! 1. maps `r` to its representative `ρ(r)` (fresh values of policy
//!    variables replaced by the representatives the encoder uses) and
//!    checks that the evaluator gives every policy the same decision on
//!    `r` and `ρ(r)` — the proof obligation of the abstraction;
//! 2. turns `ρ(r)` into an assignment of the environment's variables
//!    ([`super::decode::encode_request`]) and checks that it satisfies the
//!    request domain;
//! 3. checks, for both readings of undocumented matches, that every
//!    statement's formula holds exactly when the evaluator says the
//!    statement applies (so `allows` and `denies` agree with the decision);
//! 4. decodes the assignment back ([`super::decode::decode_request`]) and
//!    checks the evaluator's decision on it.
//!
//! A failure is a [`Mismatch`] naming the part that disagrees.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use zoneproof_encodings::model::Model;
use zoneproof_encodings::term::{Term, TermKind};

use crate::eval::{evaluate_with, statement_applies, Context, Reading, Request, RequestPrincipal};
use crate::policy::{AwsIdentity, Policy};
use crate::semantics::principal_keys::{derivation, Derivation, PrincipalKey, PrincipalShape};

use super::decode::{decode_request, encode_request};
use super::env::{Environment, FreshValues};
use super::representatives::{representative_of, same_region};
use super::{encode_policy, EncodeError};

/// A disagreement between the encoder and the evaluator on one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What disagrees.
    pub what: String,
    /// The request (after the representative map).
    pub request: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.what, self.request)
    }
}

impl std::error::Error for Mismatch {}

fn describe(request: &Request) -> String {
    let context: BTreeMap<&str, &[String]> = request.context.iter().collect();
    format!(
        "principal `{}`, action `{}`, resource `{}`, context {context:?}",
        request.principal, request.action, request.resource
    )
}

/// The encoder's formulas for a set of policies, built once and checked
/// against the evaluator on any number of requests.
pub struct Oracle<'p> {
    env: &'p Environment,
    policies: Vec<&'p Policy>,
    domain: Term,
    /// For each policy: its statements' formulas under the grants-more and
    /// the grants-less readings.
    terms: Vec<[Vec<Term>; 2]>,
}

/// The two readings, in the order of [`Oracle`]'s formulas.
const READINGS: [Reading; 2] = [Reading::GrantsMore, Reading::GrantsLess];

impl<'p> Oracle<'p> {
    /// Encodes `policies` (the environment's, in its order).
    ///
    /// # Errors
    /// When a policy cannot be encoded.
    pub fn new(env: &'p Environment, policies: &[&'p Policy]) -> Result<Oracle<'p>, EncodeError> {
        let mut terms = Vec::with_capacity(policies.len());
        for (index, policy) in policies.iter().enumerate() {
            let more = encode_policy(env, index, policy, Reading::GrantsMore)?.statements;
            let less = encode_policy(env, index, policy, Reading::GrantsLess)?.statements;
            terms.push([more, less]);
        }
        Ok(Oracle {
            env,
            policies: policies.to_vec(),
            domain: env.domain()?,
            terms,
        })
    }

    /// Checks the encoder against the evaluator on one request (see the
    /// module documentation); returns the model of its representative.
    ///
    /// # Errors
    /// The first [`Mismatch`] found.
    pub fn check(&self, request: &Request) -> Result<Model, Mismatch> {
        let env = self.env;
        let representative = representative_request(env, request);
        let mismatch = |what: String| Mismatch {
            what,
            request: describe(&representative),
        };
        for (index, policy) in self.policies.iter().enumerate() {
            for reading in READINGS {
                let before = evaluate_with(policy, request, reading).decision;
                let after = evaluate_with(policy, &representative, reading).decision;
                if before != after {
                    return Err(mismatch(format!(
                        "policy {index}: the representative request is {after}, the original ({}) {before} ({reading:?})",
                        describe(request)
                    )));
                }
            }
        }
        let model = encode_request(env, &representative)
            .map_err(|e| mismatch(format!("cannot encode the request: {e}")))?;
        let holds = |t: &Term, what: &str| {
            t.holds(&model)
                .map_err(|e| mismatch(format!("cannot evaluate {what}: {e}")))
        };
        if !holds(&self.domain, "the domain")? {
            return Err(mismatch(format!(
                "the request is outside the encoded domain (the constraint `{}` fails)",
                failing_part(&self.domain, &model)
            )));
        }
        for (index, (policy, terms)) in self.policies.iter().zip(&self.terms).enumerate() {
            let enabled = policy.variables_enabled();
            for (reading, statements) in READINGS.iter().zip(terms) {
                for (statement, term) in policy.statements.iter().zip(statements) {
                    let expected = statement_applies(statement, &representative, enabled, *reading);
                    if holds(term, &statement.path)? != expected {
                        return Err(mismatch(format!(
                            "policy {index} {} ({reading:?}): the evaluator says {}, the encoder {}",
                            statement.path,
                            if expected { "it applies" } else { "it does not apply" },
                            if expected { "not" } else { "it does" }
                        )));
                    }
                }
            }
        }
        let decoded = decode_request(env, &model)
            .map_err(|e| mismatch(format!("cannot decode the model back: {e}")))?;
        for (index, policy) in self.policies.iter().enumerate() {
            let original = evaluate_with(policy, &representative, Reading::GrantsMore).decision;
            let round = evaluate_with(policy, &decoded, Reading::GrantsMore).decision;
            if original != round {
                return Err(mismatch(format!(
                    "policy {index}: the decoded request ({}) is {round}, the request {original}",
                    describe(&decoded)
                )));
            }
        }
        Ok(model)
    }
}

/// The first conjunct of `t` that fails on `model`, for messages.
fn failing_part(t: &Term, model: &Model) -> String {
    let part = match t.kind() {
        TermKind::And(parts) => parts.iter().find(|p| p.holds(model) == Ok(false)),
        _ => None,
    };
    let mut text = part.map(ToString::to_string).unwrap_or_default();
    if text.len() > 600 {
        let cut = (0..=600)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        text.truncate(cut);
    }
    text
}

/// Checks the encoder against the evaluator on one request (see the module
/// documentation). `policies` are the environment's, in its order. To
/// check many requests, build an [`Oracle`] once.
///
/// # Errors
/// The first [`Mismatch`] found (an encoding failure is reported as one).
pub fn check_request(
    env: &Environment,
    policies: &[&Policy],
    request: &Request,
) -> Result<Model, Mismatch> {
    let oracle = Oracle::new(env, policies).map_err(|e| Mismatch {
        what: format!("encoding: {e}"),
        request: describe(request),
    })?;
    oracle.check(request)
}

/// Where a renamed value is replaced: in the principal, in the values of
/// some keys, in the resource.
#[derive(Debug, Clone, Default)]
struct Scope {
    principal: bool,
    keys: BTreeSet<String>,
    resource: bool,
    /// Only whole values are replaced (never a word inside a longer
    /// string such as the resource ARN).
    whole: bool,
}

impl Scope {
    /// The strings a variable is substituted into and compared with.
    fn of_targets<'t>(targets: impl IntoIterator<Item = &'t Option<String>>) -> Scope {
        let mut scope = Scope::default();
        for target in targets {
            match target {
                None => scope.resource = true,
                Some(key) => {
                    scope.keys.insert(key.clone());
                }
            }
        }
        scope
    }

    /// Widens this scope to cover `other` too (one value observed
    /// through several variables keeps one representative everywhere).
    fn merge(&mut self, other: Scope) {
        self.principal |= other.principal;
        self.resource |= other.resource;
        self.keys.extend(other.keys);
    }

    /// Whether the two scopes replace in some common place.
    fn overlaps(&self, other: &Scope) -> bool {
        (self.principal && other.principal)
            || (self.resource && other.resource)
            || self.keys.iter().any(|k| other.keys.contains(k))
    }

    fn with_keys(mut self, keys: &[&str]) -> Scope {
        self.keys.extend(keys.iter().map(|k| k.to_string()));
        self
    }
}

/// The representative of a request: every value of a policy variable that
/// no literal names is replaced by the representative of its region
/// ([`super::representatives`]), wherever the policies can observe it: in
/// the key itself, in the principal when the value is the principal's
/// account or name, and in the strings the variable is substituted into or
/// compared with.
pub fn representative_request(env: &Environment, request: &Request) -> Request {
    let mut renames: Vec<(String, String, Scope)> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut rename = |value: &str,
                      fresh: &FreshValues,
                      scope: Scope,
                      avoid: &[&str],
                      renames: &mut Vec<(String, String, Scope)>| {
        if fresh.literals.iter().any(|l| l == value) {
            return;
        }
        // A value another variable already renamed keeps that name here
        // too when the name stands for it in this variable's regions, or
        // when both variables are observed in one place (one name there
        // keeps them equal); otherwise this variable renames it on its own,
        // in its own scope.
        if let Some((_, _, seen)) = renames.iter_mut().find(|(f, to, seen)| {
            f == value
                && (seen.overlaps(&scope)
                    || fresh
                        .representatives
                        .iter()
                        .any(|r| r.value == *to && same_region(value, to, &fresh.tests)))
        }) {
            seen.merge(scope);
            return;
        }
        // A stand-in that differs from the other values in its scope needs
        // no swap there (a swap into a key the principal derives, such as
        // `aws:username`, could not follow the principal).
        let used: Vec<&str> = taken.iter().map(String::as_str).collect();
        let avoiding: Vec<&str> = used.iter().chain(avoid).copied().collect();
        // A value that is a stand-in itself stands for itself.
        let itself = fresh
            .representatives
            .iter()
            .find(|r| r.value == value && !used.contains(&value));
        let chosen = itself
            .or_else(|| representative_of(value, &fresh.tests, &fresh.representatives, &avoiding))
            .or_else(|| representative_of(value, &fresh.tests, &fresh.representatives, &used));
        if let Some(r) = chosen {
            // Kept values are recorded too (renamed to themselves), so
            // that a variable observed in the same place keeps them.
            renames.push((value.to_string(), r.value.clone(), scope));
            taken.push(r.value.clone());
        }
    };
    let targets_of = |keys: &[&str]| {
        Scope::of_targets(
            keys.iter()
                .filter_map(|k| env.variables.get(*k))
                .flat_map(|v| v.targets.iter()),
        )
    };
    let identity = match &request.principal {
        RequestPrincipal::Aws(arn) => AwsIdentity::parse(arn),
        _ => None,
    };
    let account_keys = ["aws:principalaccount", "kms:calleraccount", "aws:userid"];
    // The strings compared with the account: those of the keys that hold
    // it, and those of `aws:userid` only when this principal's userid
    // names the account (a root user, a federated user); an IAM user's or
    // a role's userid is a unique id, and a value equal to the account
    // elsewhere is then no copy of it.
    let observed_account_keys = |account: &str| -> Vec<&str> {
        let userid_names_it = request
            .context
            .get("aws:userid")
            .is_some_and(|ids| ids.iter().any(|id| names_word(id, account)));
        account_keys
            .iter()
            .copied()
            .filter(|k| *k != "aws:userid" || userid_names_it)
            .collect()
    };
    if let (Some(accounts), Some(identity)) = (&env.principal_accounts, &identity) {
        let mut scope =
            targets_of(&observed_account_keys(identity.account())).with_keys(&account_keys);
        scope.principal = true;
        scope.keys.insert("aws:principalarn".into());
        rename(identity.account(), accounts, scope, &[], &mut renames);
    }
    if let (Some(accounts), RequestPrincipal::CanonicalUser(_))
    | (Some(accounts), RequestPrincipal::Aws(_)) = (&env.principal_accounts, &request.principal)
    {
        if let (None, Some([account])) = (&identity, request.context.get("aws:PrincipalAccount")) {
            // An opaque principal's ARN (a fact of the request) names the
            // same account: it is renamed with it.
            let scope = targets_of(&observed_account_keys(account))
                .with_keys(&account_keys)
                .with_keys(&["aws:principalarn"]);
            rename(account, accounts, scope, &[], &mut renames);
        }
    }
    if let (Some(names), Some(i @ AwsIdentity::User { .. })) = (&env.user_names, &identity) {
        let mut scope =
            targets_of(&["aws:username"]).with_keys(&["aws:username", "aws:principalarn"]);
        scope.principal = true;
        rename(i.name(), names, scope, &[], &mut renames);
    }
    if let (Some(names), RequestPrincipal::Service(name)) = (&env.service_names, &request.principal)
    {
        let mut scope =
            targets_of(&["aws:principalservicename"]).with_keys(&["aws:principalservicename"]);
        scope.principal = true;
        rename(name, names, scope, &[], &mut renames);
    }
    if let (Some(users), Some(AwsIdentity::FederatedUser { account, name, .. })) =
        (&env.federated_users, &identity)
    {
        let account = renames
            .iter()
            .find(|(from, _, _)| from == account)
            .map_or(account.as_str(), |(_, to, _)| to.as_str());
        let listed = users
            .arns
            .iter()
            .any(|arn| arn.ends_with(&format!("::{account}:federated-user/{name}")));
        if let (false, Some(fresh)) = (listed, users.fresh_names.first()) {
            let mut scope =
                targets_of(&["aws:userid"]).with_keys(&["aws:userid", "aws:principalarn"]);
            scope.principal = true;
            renames.push((name.clone(), fresh.clone(), scope));
        }
    }
    for (key, cases) in &env.variables {
        if cases.representatives.is_empty() {
            continue;
        }
        if matches!(
            PrincipalKey::of(key),
            Some(PrincipalKey::Account | PrincipalKey::CallerAccount)
        ) {
            continue;
        }
        // A key this principal derives (a federated user's aws:userid, a
        // user's aws:username) is renamed with the principal above; only
        // a fact of the request has a stand-in of its own.
        if let Some(pk) = PrincipalKey::of(key) {
            let shape = PrincipalShape::of(&request.principal);
            if !matches!(
                derivation(shape, pk),
                Derivation::Fact(_) | Derivation::PresentFact(_)
            ) {
                continue;
            }
        }
        let fresh = FreshValues {
            literals: cases
                .cases
                .iter()
                .filter_map(|(_, v)| v.clone())
                .filter(|v| !cases.representatives.iter().any(|r| r.value == *v))
                .collect(),
            tests: cases.tests.clone(),
            representatives: cases.representatives.clone(),
        };
        if let Some([value]) = request.context.get(key) {
            let scope = Scope::of_targets(&cases.targets).with_keys(&[key.as_str()]);
            let others: Vec<&str> = scope
                .keys
                .iter()
                .filter_map(|k| request.context.get(k))
                .flatten()
                .map(String::as_str)
                .filter(|v| v != value)
                .collect();
            rename(value, &fresh, scope, &others, &mut renames);
        }
    }
    add_swaps(&mut renames);
    let renamed = follow_principal_account(request, apply_renames(request, &renames));
    let renamed = follow_principal_org(request, renamed);
    follow_user_name(request, renamed)
}

/// Keeps each organization path beginning with the principal's
/// organization id: where the renaming changed a path's first component
/// (a tag equal to the organization id, renamed in the keys it is
/// compared with) but not `aws:PrincipalOrgID`, or the id but not the
/// path, the path's first component follows the id. AWS derives both
/// from the principal's organization, and the request domain says so.
fn follow_principal_org(original: &Request, mut renamed: Request) -> Request {
    let (Some([old_org]), Some([new_org]), Some(old_paths), Some(new_paths)) = (
        original.context.get("aws:PrincipalOrgID"),
        renamed.context.get("aws:PrincipalOrgID"),
        original.context.get("aws:PrincipalOrgPaths"),
        renamed.context.get("aws:PrincipalOrgPaths"),
    ) else {
        return renamed;
    };
    let old_prefix = format!("{old_org}/");
    let new_prefix = format!("{new_org}/");
    let paths: Vec<String> = old_paths
        .iter()
        .zip(new_paths)
        .map(|(old, new)| match new.split_once('/') {
            Some((_, rest)) if old.starts_with(&old_prefix) && !new.starts_with(&new_prefix) => {
                format!("{new_prefix}{rest}")
            }
            _ => new.clone(),
        })
        .collect();
    if paths.as_slice() == new_paths {
        return renamed;
    }
    let mut context = Context::new();
    for (key, values) in renamed.context.iter() {
        if key.eq_ignore_ascii_case("aws:PrincipalOrgPaths") {
            context.insert_all(key, paths.iter().cloned());
        } else {
            context.insert_all(key, values.iter().cloned());
        }
    }
    renamed.context = context;
    renamed
}

/// Keeps an IAM user's ARN naming the user: where the renaming changed
/// `aws:username` (a key another variable is compared with, say) but not
/// the principal, the ARN's name changes alike, when the new value is a
/// name IAM allows. AWS derives the key from the principal, and so does
/// the encoder.
fn follow_user_name(original: &Request, mut renamed: Request) -> Request {
    let (Some([old]), Some([new])) = (
        original.context.get("aws:username"),
        renamed.context.get("aws:username"),
    ) else {
        return renamed;
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c);
    if old == new || new.is_empty() || !new.chars().all(allowed) {
        return renamed;
    }
    let RequestPrincipal::Aws(arn) = &renamed.principal else {
        return renamed;
    };
    if !matches!(AwsIdentity::parse(arn), Some(i @ AwsIdentity::User { .. }) if i.name() == old) {
        return renamed;
    }
    let Some(stem) = arn.strip_suffix(old.as_str()) else {
        return renamed;
    };
    let new_arn = format!("{stem}{new}");
    let old_arn = arn.clone();
    renamed.principal = RequestPrincipal::Aws(new_arn.clone());
    let mut context = Context::new();
    for (key, values) in renamed.context.iter() {
        let follows = key.eq_ignore_ascii_case("aws:PrincipalArn");
        context.insert_all(
            key,
            values.iter().map(|v| {
                if follows && *v == old_arn {
                    new_arn.clone()
                } else {
                    v.clone()
                }
            }),
        );
    }
    renamed.context = context;
    renamed
}

/// Keeps the principal's ARN naming the principal's account: where the
/// renaming changed `aws:PrincipalAccount` (a key another variable is
/// compared with, say) but not the principal, the ARN's account component
/// (and the keys that repeat it) changes alike. AWS derives the key from
/// the principal, and so does the encoder.
fn follow_principal_account(original: &Request, mut renamed: Request) -> Request {
    let (Some([old]), Some([new])) = (
        original.context.get("aws:PrincipalAccount"),
        renamed.context.get("aws:PrincipalAccount"),
    ) else {
        return renamed;
    };
    if old == new || !crate::policy::is_account_id(new) {
        return renamed;
    }
    let (old, new) = (old.clone(), new.clone());
    let RequestPrincipal::Aws(arn) = &renamed.principal else {
        return renamed;
    };
    if AwsIdentity::parse(arn).is_none_or(|i| i.account() != old) {
        return renamed;
    }
    let rename = |text: &str| replace_all_bounded(text, &[(old.as_str(), new.as_str())]);
    renamed.principal = RequestPrincipal::Aws(rename(arn));
    let mut context = Context::new();
    for (key, values) in renamed.context.iter() {
        let follows = ["aws:principalarn", "aws:userid", "kms:calleraccount"]
            .contains(&key.to_lowercase().as_str());
        context.insert_all(
            key,
            values
                .iter()
                .map(|v| if follows { rename(v) } else { v.clone() }),
        );
    }
    renamed.context = context;
    renamed
}

/// Completes the renaming into a permutation: where a value `v` is renamed
/// to the representative `r`, an `r` that other parts of the request hold
/// in the same scope (a free value that happens to equal the stand-in) is
/// renamed to `v`, so that equal values stay equal and distinct ones stay
/// distinct. `r` and `v` lie in the same region of every test, so the swap
/// changes no test's outcome.
fn add_swaps(renames: &mut Vec<(String, String, Scope)>) {
    let swaps: Vec<(String, String, Scope)> = renames
        .iter()
        .filter(|(from, to, _)| {
            // (values kept as they are take no part in swaps)
            from != to
                && !renames.iter().any(|(f, t, _)| f == to && f != t)
                && !renames.iter().any(|(f, t, _)| t == from && f != t)
        })
        .map(|(from, to, scope)| {
            let scope = Scope {
                principal: false,
                keys: scope.keys.clone(),
                resource: false,
                whole: true,
            };
            (to.clone(), from.clone(), scope)
        })
        .collect();
    renames.extend(swaps);
}

/// Replaces each fresh value by its representative within its scope.
fn apply_renames(request: &Request, renames: &[(String, String, Scope)]) -> Request {
    if renames.is_empty() {
        return request.clone();
    }
    let replace = |text: &str, applies: &dyn Fn(&Scope) -> bool| -> String {
        let applying = || renames.iter().filter(|(_, _, scope)| applies(scope));
        if let Some((_, to, _)) = applying().find(|(from, _, _)| from == text) {
            return to.clone();
        }
        let pairs: Vec<(&str, &str)> = applying()
            .filter(|(_, _, scope)| !scope.whole)
            .map(|(from, to, _)| (from.as_str(), to.as_str()))
            .collect();
        replace_all_bounded(text, &pairs)
    };
    let principal = match &request.principal {
        RequestPrincipal::Aws(arn) => RequestPrincipal::Aws(replace(arn, &|s| s.principal)),
        RequestPrincipal::Service(name) => {
            RequestPrincipal::Service(replace(name, &|s| s.principal))
        }
        other => other.clone(),
    };
    let mut context = Context::new();
    for (key, values) in request.context.iter() {
        let lowercase = key.to_lowercase();
        context.insert_all(
            key,
            values
                .iter()
                .map(|v| replace(v, &|s| s.keys.contains(&lowercase))),
        );
    }
    Request {
        principal,
        action: request.action.clone(),
        resource: replace(&request.resource, &|s| s.resource),
        context,
    }
}

/// Whether `word` occurs in `text` as a whole word (see
/// [`replace_all_bounded`]).
fn names_word(text: &str, word: &str) -> bool {
    replace_all_bounded(text, &[(word, "")]).len() != text.len()
}

/// Replaces, in one pass, the occurrences of each `from` in `text` that are
/// not part of a longer word (bounded by the text's ends or by characters
/// other than letters and digits) by its `to`. The replacements are
/// simultaneous: a value written by one pair is never rewritten by another,
/// so a renaming that swaps two values stays a bijection.
fn replace_all_bounded(text: &str, pairs: &[(&str, &str)]) -> String {
    let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut previous: Option<char> = None;
    while at < text.len() {
        let rest = &text[at..];
        let hit = pairs
            .iter()
            .filter(|(from, _)| !from.is_empty() && rest.starts_with(from))
            .filter(|(from, _)| bounded(previous) && bounded(rest[from.len()..].chars().next()))
            .max_by_key(|(from, _)| from.len());
        if let Some((from, to)) = hit {
            out.push_str(to);
            previous = from.chars().last();
            at += from.len();
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        previous = Some(c);
        at += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_words_only() {
        let pairs = [("444455556666", "000000000000")];
        assert_eq!(
            replace_all_bounded("arn:aws:s3:::b/444455556666/x", &pairs),
            "arn:aws:s3:::b/000000000000/x"
        );
        assert_eq!(replace_all_bounded("ab-cab/ab", &[("ab", "x")]), "x-cab/x");
    }

    #[test]
    fn replacements_are_simultaneous() {
        let swap = [
            ("o-bbbbbbbbbb", "o-aaaaaaaaaa"),
            ("o-aaaaaaaaaa", "o-aaaaaaaaab"),
        ];
        assert_eq!(
            replace_all_bounded("o-bbbbbbbbbb,o-aaaaaaaaaa", &swap),
            "o-aaaaaaaaaa,o-aaaaaaaaab"
        );
        assert_eq!(replace_all_bounded("o-bbbbbbbbbb", &swap), "o-aaaaaaaaaa");
    }

    fn with_org(org: &str, paths: &[&str]) -> Request {
        let mut context = Context::new();
        context.insert("aws:PrincipalOrgID", org);
        context.insert_all("aws:PrincipalOrgPaths", paths.iter().map(|p| p.to_string()));
        Request {
            principal: RequestPrincipal::Aws("arn:aws:iam::444455556666:root".into()),
            action: "s3:ListBucket".into(),
            resource: "arn:aws:s3:::b".into(),
            context,
        }
    }

    #[test]
    fn organization_paths_follow_the_organization_id() {
        // Seed 3212782805: a tag equal to the organization id was renamed
        // inside the paths it is compared with, but not in the id.
        let original = with_org("o-aaaaaaaaaa", &["o-aaaaaaaaaa/r-ab12/"]);
        let renamed = with_org("o-aaaaaaaaaa", &["a/r-ab12/"]);
        let followed = follow_principal_org(&original, renamed);
        assert_eq!(
            followed.context.get("aws:PrincipalOrgPaths"),
            Some(&["o-aaaaaaaaaa/r-ab12/".to_string()][..])
        );
        // A renamed id takes its paths along.
        let renamed = with_org("o-bbbbbbbbbb", &["o-aaaaaaaaaa/r-ab12/"]);
        let followed = follow_principal_org(&original, renamed);
        assert_eq!(
            followed.context.get("aws:PrincipalOrgPaths"),
            Some(&["o-bbbbbbbbbb/r-ab12/".to_string()][..])
        );
    }
}
