//! Policy variables as cases; the twin of [`crate::eval::variables`].
//!
//! A policy string with variables becomes one pattern per *case*: each
//! variable takes one of finitely many values under a guard on the
//! symbolic request, the guards of a variable partitioning the requests.
//! A variable's values are the literals it may equal (those of the key
//! itself, of the keys it is compared with, and the question's) and
//! representatives of every other value ([`super::representatives`],
//! which proves why they are enough). Where the value follows from the
//! principal (its account, user name, service name), the case also fixes
//! the principal, and the request domain keeps principals to the named and
//! representative values. A variable substituted into a longer pattern
//! must not meet another pattern over the same strings that could tell its
//! values apart; otherwise the answer is `unknown`.

use std::collections::{BTreeMap, BTreeSet};

use zoneproof_encodings::automata::{find_witness, Budget, Emptiness};
use zoneproof_encodings::pattern::{Pattern, Token};
use zoneproof_encodings::term::{self, Term};

use crate::eval::patterns::{arn_pattern, glob_pattern};
use crate::eval::variables::{pieces, resolve, Part, Piece};
use crate::eval::Context;
use crate::policy::{is_account_id, Policy};
use crate::semantics::keys::{KeyInfo, KeySource, ResourceKey, ValueShape};
use crate::semantics::principal_keys::{
    derivation, Derivation, FactShape, PrincipalKey, PrincipalShape,
};

use super::env::{Environment, FederatedUsers, FreshValues, VariableUse};
use super::representatives::{representatives, Representative};
use super::request::{federated_user_like, user_name_like};
use super::shapes::{
    account_pattern, account_tokens, fact_shape_patterns, identity_shapes, name_chars,
    service_shapes, some_of, value_shape_patterns,
};
use super::vars::View;
use super::EncodeError;

/// The cases of one policy variable.
#[derive(Debug, Clone, Default)]
pub struct VariableCases {
    /// `(guard, value)`: the guards partition the requests; `None` means the
    /// key has no (single) value there, so the default applies.
    pub cases: Vec<(Term, Option<String>)>,
    /// Constraints on the request that keep the values to these cases.
    pub domain: Vec<Term>,
    /// The tests whose regions the representatives stand for.
    pub tests: Vec<Vec<Pattern>>,
    /// The representatives of the values no literal names.
    pub representatives: Vec<Representative>,
    /// Where the variable is substituted: into `Resource` patterns (`None`)
    /// or values compared with a key.
    pub targets: BTreeSet<Option<String>>,
}

/// The instantiations of a policy string, one per case of its variables:
/// `(guard, parts)`. Cases in which a variable has no value and no default
/// are left out: the policy value then matches nothing
/// (`eval::variables::resolve`). Without variables: one case, guard true.
pub fn policy_cases(
    env: &Environment,
    policy: usize,
    text: &str,
    substitute: bool,
    path: &str,
) -> Result<Vec<(Term, Vec<Part>)>, EncodeError> {
    let enabled = env.variables_enabled.get(policy).copied().unwrap_or(false);
    let pieces = pieces(text, substitute && enabled);
    let mut keys: Vec<String> = Vec::new();
    for piece in &pieces {
        if let Piece::Variable { key, .. } = piece {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                keys.push(key.clone());
            }
        }
    }
    let mut combinations: Vec<(Term, Context)> = vec![(term::tru(), Context::new())];
    for key in &keys {
        let cases = env.variables.get(&key.to_lowercase()).ok_or_else(|| {
            EncodeError::Unsupported(format!(
                "{path}: policy variable `${{{key}}}` has no cases (internal)"
            ))
        })?;
        let mut next = Vec::with_capacity(combinations.len() * cases.cases.len());
        for (guard, context) in &combinations {
            for (case_guard, value) in &cases.cases {
                let mut context = context.clone();
                if let Some(value) = value {
                    context.insert(key.clone(), value.clone());
                }
                next.push((term::and([guard.clone(), case_guard.clone()]), context));
            }
        }
        combinations = next;
    }
    Ok(combinations
        .into_iter()
        .filter_map(|(guard, context)| resolve(&pieces, &context).map(|parts| (guard, parts)))
        .collect())
}

/// Computes the cases of every variable of the environment (part of
/// [`Environment::build`]).
pub fn prepare(
    env: &mut Environment,
    uses: &BTreeMap<String, Vec<VariableUse>>,
    policies: &[&Policy],
) -> Result<(), EncodeError> {
    if uses.is_empty() {
        return Ok(());
    }
    check_variable_chains(uses, policies)?;
    let per_shape = per_shape_counts(uses);
    env.variable_partners = partners(uses);
    let principal = |k: &str| PrincipalKey::of(k);
    let account_keys = uses.keys().any(|k| {
        matches!(
            principal(k),
            Some(PrincipalKey::Account | PrincipalKey::CallerAccount | PrincipalKey::UserId)
        )
    });
    if account_keys {
        env.principal_accounts = Some(principal_accounts(env, uses, &per_shape)?);
    }
    for (key, key_uses) in uses {
        let info = env
            .key(key)
            .map_or_else(|| KeyInfo::of(key), |e| e.info.clone());
        let cases = match info.source {
            KeySource::Resource(ResourceKey::Account) => resource_account_cases(env, key),
            KeySource::Resource(ResourceKey::OrgId) if env.owner_org.is_some() => VariableCases {
                cases: vec![(term::tru(), env.owner_org.clone())],
                ..VariableCases::default()
            },
            KeySource::Never => VariableCases {
                cases: vec![(term::tru(), None)],
                ..VariableCases::default()
            },
            KeySource::Principal(pk) => principal_cases(env, key, pk, key_uses, &per_shape)?,
            _ => fact_cases(env, key, key_uses, info.shape, None, &[], &per_shape)?,
        };
        check_substitutions(env, key, &cases, key_uses, policies)?;
        let mut cases = cases;
        cases.targets = key_uses.iter().map(|u| u.target.clone()).collect();
        env.variables.insert(key.clone(), cases);
    }
    Ok(())
}

/// Fails closed on variables compared with one another's keys beyond
/// equality: `t` compared with `"${u}*"` while `${t}` is used too, or
/// `k` compared with `${t}` ignoring case while `t` is compared with
/// `${k}`. Each variable's stand-ins are chosen for its own comparisons, so
/// they keep one relation between two variables' values, equality (the
/// shared stand-ins of [`partners`]), and lose the others: a prefix, a
/// case difference. Every comparison of a variable's key with another
/// variable must then be a case-sensitive equality of whole values, or the
/// policy is `unknown` (found by probing: `t LIKE "${u}?"` beside
/// `PrincipalAccount != ${t}` proved "no access" where a partner tagged
/// `t = Alice2`, `u = Alice` was allowed).
fn check_variable_chains(
    uses: &BTreeMap<String, Vec<VariableUse>>,
    policies: &[&Policy],
) -> Result<(), EncodeError> {
    for (variable, variable_uses) in uses {
        for used in variable_uses {
            let Some(target) = used.target.as_deref() else {
                continue;
            };
            if target == variable || !uses.contains_key(target) {
                continue;
            }
            if !is_whole_equality(policies, variable, used) {
                return Err(EncodeError::Unsupported(format!(
                    "policy variables compared with each other's keys: `{target}` is compared with `{}` and `${{{target}}}` is used too, a relation between two variables' values the analysis cannot decide",
                    used.text
                )));
            }
        }
    }
    Ok(())
}

/// Whether a use of `${variable}` is its whole value compared with a key
/// by case-sensitive equality (`StringEquals`, `StringNotEquals`, or
/// `StringLike` when the variable's values hold no wildcard, such as an
/// account or organization id), in every condition that holds it.
fn is_whole_equality(policies: &[&Policy], variable: &str, used: &VariableUse) -> bool {
    use crate::policy::BaseOperator as Op;
    let Some(target) = used.target.as_deref() else {
        return false;
    };
    let wildcard_free = matches!(
        KeyInfo::of(variable).shape,
        ValueShape::Account | ValueShape::OrgId
    );
    used.whole
        && policies
            .iter()
            .flat_map(|p| &p.statements)
            .flat_map(|s| &s.conditions)
            .filter(|c| c.key.eq_ignore_ascii_case(target) && c.values.contains(&used.text))
            .all(|c| {
                c.operator.set.is_none()
                    && match c.operator.base {
                        Op::StringEquals | Op::StringNotEquals => true,
                        Op::StringLike | Op::StringNotLike => wildcard_free,
                        _ => false,
                    }
            })
}

/// The groups of variables compared, as whole values, with a common key,
/// or one compared with the other's key (`k = ${x}` beside `${k}`), joined
/// transitively (`x` and `y` compared with `k`, `y` and `z` with `l`): for
/// each member, the other members and every key a member is compared with.
///
/// Why groups share their values. Compared with one key, two variables are
/// compared with each other: `k = ${x}` and `k = ${y}` hold together only
/// when `x` and `y` hold one value. A request where they do maps to one
/// where both hold one stand-in only when each variable may take the
/// other's stand-ins (of the shapes both allow) and both split values into
/// the same regions; so a group's members read the literals and tests of
/// every key of the group, and the stand-ins of each value shape of the
/// group are computed once for all ([`group_stand_ins`]).
fn partners(uses: &BTreeMap<String, Vec<VariableUse>>) -> BTreeMap<String, Vec<String>> {
    let keys: Vec<&String> = uses.keys().collect();
    let targets: Vec<BTreeSet<String>> = keys
        .iter()
        .map(|k| {
            uses[*k]
                .iter()
                .filter(|u| u.whole)
                .filter_map(|u| u.target.as_ref().map(|t| t.to_lowercase()))
                .collect()
        })
        .collect();
    // A variable's own key joins it to the variables compared with that
    // key: `${k}` holds whatever `k = ${x}` lets `k` equal.
    let meets: Vec<BTreeSet<String>> = keys
        .iter()
        .zip(&targets)
        .map(|(k, t)| {
            let mut meets = t.clone();
            meets.insert(k.to_lowercase());
            meets
        })
        .collect();
    let mut group: Vec<usize> = (0..keys.len()).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..keys.len() {
            for j in 0..keys.len() {
                if group[i] != group[j] && !meets[i].is_disjoint(&meets[j]) {
                    let (low, high) = (group[i].min(group[j]), group[i].max(group[j]));
                    for g in &mut group {
                        if *g == high {
                            *g = low;
                        }
                    }
                    changed = true;
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let members: Vec<usize> = (0..keys.len()).filter(|j| group[*j] == group[i]).collect();
        if members.len() < 2 {
            continue;
        }
        let mut related: BTreeSet<String> = BTreeSet::new();
        for j in members {
            if j != i {
                related.insert(keys[j].to_string());
            }
            related.extend(targets[j].iter().cloned());
        }
        out.insert(key.to_string(), related.into_iter().collect());
    }
    out
}

/// The stand-ins a variable in a group ([`partners`]) shares with the
/// others: for each value shape of a member that this variable's values
/// may have (all of them when it may hold any string), the representatives
/// of that shape over the group's literals and tests (`literals` and
/// `tests`, as [`literals_and_tests`] gives them to every member alike),
/// computed alike by every member. The principal's account takes the
/// principal accounts' stand-ins, which read the group's keys too.
fn group_stand_ins(
    env: &Environment,
    key: &str,
    own: ValueShape,
    literals: &[String],
    tests: &[Vec<Pattern>],
    per_shape: &BTreeMap<String, usize>,
) -> Result<Vec<String>, EncodeError> {
    let Some(related) = env.variable_partners.get(&key.to_lowercase()) else {
        return Ok(Vec::new());
    };
    let members: Vec<&str> = related
        .iter()
        .map(String::as_str)
        .filter(|k| env.variable_partners.contains_key(*k))
        .chain([key])
        .collect();
    // One test set for the whole group: every member's tests plus the
    // shape of every key of the group.
    let mut pool_tests: Vec<Vec<Pattern>> = tests.to_vec();
    for k in related.iter().map(String::as_str).chain([key]) {
        if let Some(shape) = value_shape_patterns(KeyInfo::of(k).shape) {
            pool_tests.push(shape);
        }
    }
    pool_tests.sort();
    pool_tests.dedup();
    let mut shapes: Vec<ValueShape> = members
        .iter()
        .map(|k| KeyInfo::of(k).shape)
        .filter(|s| *s != ValueShape::Any && (own == ValueShape::Any || *s == own))
        .collect();
    shapes.sort_by_key(|s| format!("{s:?}"));
    shapes.dedup();
    let principal_account = members.iter().any(|k| {
        matches!(
            PrincipalKey::of(k),
            Some(PrincipalKey::Account | PrincipalKey::CallerAccount)
        )
    });
    let mut out: Vec<String> = Vec::new();
    for shape in shapes {
        let values: Vec<String> = match (&env.principal_accounts, shape) {
            (Some(accounts), ValueShape::Account) if principal_account => accounts
                .representatives
                .iter()
                .map(|r| r.value.clone())
                .collect(),
            _ => representatives(
                value_shape_patterns(shape).as_deref(),
                literals,
                &pool_tests,
                per_region(per_shape, shape),
                &format!("the variables compared with `${{{key}}}`"),
            )?
            .into_iter()
            .map(|r| r.value)
            .collect(),
        };
        out.extend(values.into_iter().filter(|v| !literals.contains(v)));
    }
    Ok(out)
}

/// How many variables may hold a value of each shape: the representatives
/// per region, so that distinct variables can take distinct fresh values
/// in every region they share. A text variable (a tag, say) may hold a
/// value of any shape, so it counts toward every shape, and its own regions
/// (split by the shapes of the keys it is compared with) are shared with
/// every other variable.
fn per_shape_counts(uses: &BTreeMap<String, Vec<VariableUse>>) -> BTreeMap<String, usize> {
    let shapes: Vec<ValueShape> = uses.keys().map(|k| KeyInfo::of(k).shape).collect();
    let any = shapes.iter().filter(|s| **s == ValueShape::Any).count();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for shape in &shapes {
        let own = shapes.iter().filter(|s| *s == shape).count();
        let count = if *shape == ValueShape::Any {
            shapes.len()
        } else {
            own + any
        };
        counts.insert(format!("{shape:?}"), count);
    }
    counts
}

fn per_region(per_shape: &BTreeMap<String, usize>, shape: ValueShape) -> usize {
    per_shape
        .get(&format!("{shape:?}"))
        .copied()
        .unwrap_or(1)
        .max(1)
}

/// `aws:ResourceAccount` is the owner; `s3:ResourceAccount` too, for the
/// actions that list it.
fn resource_account_cases(env: &Environment, key: &str) -> VariableCases {
    let owner = Some(env.owner.clone());
    let gate = env.key(key).map_or_else(term::tru, |e| env.gate(e));
    VariableCases {
        cases: vec![(gate.clone(), owner), (term::not(gate), None)],
        ..VariableCases::default()
    }
}

/// The literals and tests a variable's value meets: its own key's, those of
/// the keys it is compared with as a whole value (and their shapes when
/// they differ from its own).
fn literals_and_tests(
    env: &Environment,
    key: &str,
    own_shape: ValueShape,
    uses: &[VariableUse],
) -> (Vec<String>, Vec<Vec<Pattern>>) {
    let mut literals: BTreeSet<String> = BTreeSet::new();
    let mut tests: Vec<Vec<Pattern>> = Vec::new();
    let add_key = |k: &str, literals: &mut BTreeSet<String>, tests: &mut Vec<Vec<Pattern>>| {
        if let Some(entry) = env.key(k) {
            literals.extend(entry.uses.literals.iter().cloned());
            tests.extend(entry.uses.patterns.iter().map(|p| vec![p.clone()]));
            tests.extend(entry.uses.ranges.iter().cloned());
            if entry.info.shape != own_shape {
                if let Some(shape) = value_shape_patterns(entry.info.shape) {
                    tests.push(shape);
                }
            }
        }
    };
    add_key(key, &mut literals, &mut tests);
    let mut shapes = vec![own_shape];
    for u in uses.iter().filter(|u| u.whole) {
        if let Some(target) = &u.target {
            add_key(target, &mut literals, &mut tests);
            shapes.push(KeyInfo::of(target).shape);
        }
    }
    // The other variables compared with the same keys, and their keys
    // ([`partners`]): one value may be held by all of them.
    for k in env
        .variable_partners
        .get(&key.to_lowercase())
        .into_iter()
        .flatten()
    {
        add_key(k, &mut literals, &mut tests);
        shapes.push(KeyInfo::of(k).shape);
    }
    // The accounts and organizations the question names (the owner's among
    // them) are what an account or org key compared with the variable can
    // hold: each is a case of its own, never stood in for.
    for shape in shapes {
        match shape {
            ValueShape::Account => literals.extend(env.universe.accounts.iter().cloned()),
            ValueShape::OrgId => literals.extend(env.universe.orgs.iter().cloned()),
            _ => {}
        }
    }
    tests.sort();
    tests.dedup();
    (literals.into_iter().collect(), tests)
}

/// A key whose value the request states (a key the caller sends, or a fact
/// about the principal or the resource): absent, a literal, or a
/// representative; the free variable is kept to those values.
fn fact_cases(
    env: &Environment,
    key: &str,
    uses: &[VariableUse],
    shape: ValueShape,
    fact_shapes: Option<&[FactShape]>,
    derived: &[String],
    per_shape: &BTreeMap<String, usize>,
) -> Result<VariableCases, EncodeError> {
    let unsupported =
        |why: &str| EncodeError::Unsupported(format!("policy variable `${{{key}}}`: {why}"));
    let entry = env
        .key(key)
        .ok_or_else(|| unsupported("unknown key (internal)"))?;
    let vars = entry
        .vars
        .as_ref()
        .ok_or_else(|| unsupported("the key has no request value (internal)"))?;
    if vars.multivalued || vars.elements.len() != 1 {
        return Err(unsupported(
            "a multivalued key cannot be a policy variable; the analysis cannot decide it",
        ));
    }
    if vars.view() != View::Text {
        return Err(unsupported(
            "the key is also compared as a number, date or address",
        ));
    }
    let element = vars
        .elements
        .first()
        .ok_or_else(|| unsupported("no value variable (internal)"))?;
    let (mut literals, mut tests) = literals_and_tests(env, key, shape, uses);
    let shared = group_stand_ins(env, key, shape, &literals, &tests, per_shape)?;
    // A fact may equal a value that another kind of principal derives (a
    // canonical user's aws:userid may be its account id, as the root
    // user's is): those values are cases of their own, never stood in for.
    literals.extend(derived.iter().cloned());
    literals.sort();
    literals.dedup();
    let mut shapes: Vec<Option<Vec<Pattern>>> = Vec::new();
    match fact_shapes {
        Some(facts) => {
            for fact in facts {
                shapes.push(
                    fact_shape_patterns(*fact, &env.partition)
                        .or_else(|| value_shape_patterns(shape)),
                );
            }
        }
        None => shapes.push(value_shape_patterns(shape)),
    }
    if shapes.len() > 1 {
        // Facts of different principal shapes have different forms (a
        // user's id, a role session's id): each form is a region of its own.
        tests.extend(shapes.iter().flatten().cloned());
    }
    let mut reps: Vec<Representative> = Vec::new();
    for s in &shapes {
        let mut avoid = literals.clone();
        avoid.extend(reps.iter().map(|r| r.value.clone()));
        reps.extend(representatives(
            s.as_deref(),
            &avoid,
            &tests,
            per_region(per_shape, shape),
            &format!("`${{{key}}}`"),
        )?);
    }
    // The group's shared stand-ins come first: the property tests' map
    // gives a value the first stand-in of its region, the same in every
    // member.
    let fits = |v: &str| {
        shapes
            .iter()
            .any(|s| s.as_ref().is_none_or(|ps| ps.iter().any(|p| p.matches(v))))
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut shared: Vec<Representative> = shared
        .into_iter()
        .filter(|v| !literals.contains(v) && fits(v) && seen.insert(v.clone()))
        .map(|value| Representative {
            region: tests
                .iter()
                .map(|t| t.iter().any(|p| p.matches(&value)))
                .collect(),
            value,
        })
        .collect();
    reps.retain(|r| !shared.iter().any(|s| s.value == r.value));
    shared.extend(reps);
    let reps = shared;
    let present = term::var(&vars.present);
    let mut cases = vec![(term::not(present.clone()), None)];
    let mut allowed = Vec::new();
    for value in literals.iter().chain(reps.iter().map(|r| &r.value)) {
        let equal = term::str_eq(&element.text, value)?;
        allowed.push(equal.clone());
        cases.push((term::and([present.clone(), equal]), Some(value.clone())));
    }
    Ok(VariableCases {
        cases,
        domain: vec![term::implies(present, term::or(allowed))],
        tests,
        representatives: reps,
        targets: BTreeSet::new(),
    })
}

/// A fact whose values are already listed (the principal's account of an
/// opaque id or canonical user takes the values of every principal's
/// account): absent, or one of them.
fn listed_fact_cases<'v>(
    env: &Environment,
    key: &str,
    values: impl Iterator<Item = &'v String>,
) -> Result<VariableCases, EncodeError> {
    let unsupported =
        |why: &str| EncodeError::Unsupported(format!("policy variable `${{{key}}}`: {why}"));
    let vars = env
        .key(key)
        .and_then(|e| e.vars.as_ref())
        .ok_or_else(|| unsupported("the key has no request value (internal)"))?;
    if vars.multivalued || vars.elements.len() != 1 {
        return Err(unsupported(
            "a multivalued key cannot be a policy variable; the analysis cannot decide it",
        ));
    }
    let element = vars
        .elements
        .first()
        .ok_or_else(|| unsupported("no value variable (internal)"))?;
    let present = term::var(&vars.present);
    let mut cases = vec![(term::not(present.clone()), None)];
    let mut allowed = Vec::new();
    for value in values {
        let equal = term::str_eq(&element.text, value)?;
        allowed.push(equal.clone());
        cases.push((term::and([present.clone(), equal]), Some(value.clone())));
    }
    Ok(VariableCases {
        cases,
        domain: vec![term::implies(present, term::or(allowed))],
        ..VariableCases::default()
    })
}

/// The accounts AWS principals may belong to when a variable needs the
/// principal's account as text: the named accounts and representatives of
/// every other region (of the patterns and ranges compared with the
/// principal's account).
fn principal_accounts(
    env: &Environment,
    uses: &BTreeMap<String, Vec<VariableUse>>,
    per_shape: &BTreeMap<String, usize>,
) -> Result<FreshValues, EncodeError> {
    let mut literals: BTreeSet<String> = env.universe.accounts.clone();
    let mut tests: Vec<Vec<Pattern>> = Vec::new();
    for key in ["aws:principalaccount", "kms:calleraccount", "aws:userid"] {
        let key_uses = uses.get(key).map(Vec::as_slice).unwrap_or_default();
        let (l, t) = literals_and_tests(env, key, ValueShape::Account, key_uses);
        literals.extend(l.into_iter().filter(|a| is_account_id(a)));
        tests.extend(t);
    }
    tests.extend(principal_arn_account_tests(env)?);
    tests.sort();
    tests.dedup();
    let literals: Vec<String> = literals.into_iter().collect();
    let shape = value_shape_patterns(ValueShape::Account);
    let reps = representatives(
        shape.as_deref(),
        &literals,
        &tests,
        per_region(per_shape, ValueShape::Account),
        "the principal's account",
    )?;
    Ok(FreshValues {
        literals,
        tests,
        representatives: reps,
    })
}

/// Patterns on `aws:PrincipalArn` tell accounts apart through the ARN's
/// account component; each becomes a test on the account. A pattern whose
/// account component cannot be read off fails closed.
fn principal_arn_account_tests(env: &Environment) -> Result<Vec<Vec<Pattern>>, EncodeError> {
    let Some(entry) = env.key("aws:principalarn") else {
        return Ok(Vec::new());
    };
    let mut tests = Vec::new();
    for pattern in &entry.uses.patterns {
        match account_component(pattern) {
            Some(account) if account.strategy() == zoneproof_encodings::pattern::Strategy::Everything => {}
            Some(account) => tests.push(vec![account]),
            None => {
                return Err(EncodeError::Unsupported(format!(
                    "the aws:PrincipalArn pattern `{pattern}` may tell accounts apart in a way the analysis cannot enumerate while a policy variable needs the principal's account"
                )))
            }
        }
    }
    Ok(tests)
}

/// The tokens of an ARN pattern between its fourth and fifth literal colon
/// (its account component), when no wildcard before them can match a
/// colon.
fn account_component(pattern: &Pattern) -> Option<Pattern> {
    let mut colons = 0;
    let mut account = Vec::new();
    for token in pattern.tokens() {
        match token {
            Token::Literal(text) => {
                for c in text.chars() {
                    if c == ':' {
                        colons += 1;
                        if colons == 5 {
                            return Some(Pattern::new(account, pattern.is_case_insensitive()));
                        }
                    } else if colons == 4 {
                        account.push(Token::Literal(c.to_string()));
                    }
                }
            }
            Token::AnyString { except: Some(':') } | Token::AnyChar { except: Some(':') } => {
                if colons == 4 {
                    account.push(token.clone());
                }
            }
            Token::OneOf(chars) | Token::ManyOf(chars) if !chars.contains(&':') => {
                if colons == 4 {
                    account.push(token.clone());
                }
            }
            _ => return None,
        }
    }
    None
}

/// The values other kinds of principal derive for `pk` (constants, the
/// principal accounts, user and service names, federated users' ids): a
/// fact of the same key may take each of them.
fn derived_values(env: &Environment, pk: PrincipalKey) -> Vec<String> {
    let mut values: BTreeSet<String> = BTreeSet::new();
    for shape in PrincipalShape::ALL {
        match derivation(shape, pk) {
            Derivation::Const(c) => {
                values.insert(c.to_string());
            }
            Derivation::Account => {
                values.extend(
                    env.principal_accounts
                        .iter()
                        .flat_map(FreshValues::values)
                        .cloned(),
                );
            }
            Derivation::UserName => {
                values.extend(env.user_names.iter().flat_map(FreshValues::values).cloned());
            }
            Derivation::ServiceName => {
                values.extend(
                    env.service_names
                        .iter()
                        .flat_map(FreshValues::values)
                        .cloned(),
                );
            }
            Derivation::AccountColonName => {
                for arn in env.federated_users.iter().flat_map(|u| &u.arns) {
                    if let Some(i) = crate::policy::AwsIdentity::parse(arn) {
                        values.insert(format!("{}:{}", i.account(), i.name()));
                    }
                }
            }
            _ => {}
        }
    }
    values.into_iter().collect()
}

/// Cases of a key that describes the principal, shape by shape
/// ([`derivation`]).
fn principal_cases(
    env: &mut Environment,
    key: &str,
    pk: PrincipalKey,
    uses: &[VariableUse],
    per_shape: &BTreeMap<String, usize>,
) -> Result<VariableCases, EncodeError> {
    let unsupported =
        |why: &str| EncodeError::Unsupported(format!("policy variable `${{{key}}}`: {why}"));
    let info = env
        .key(key)
        .map(|e| e.info.clone())
        .ok_or_else(|| unsupported("unknown key"))?;
    let facts: Vec<FactShape> = PrincipalShape::ALL
        .into_iter()
        .filter_map(|s| match derivation(s, pk) {
            Derivation::Fact(f) | Derivation::PresentFact(f) => Some(f),
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if matches!(pk, PrincipalKey::UserName) {
        env.user_names = Some(user_names(env, key, uses)?);
    }
    if matches!(pk, PrincipalKey::ServiceName) {
        env.service_names = Some(service_names(env, key, uses)?);
    }
    if matches!(pk, PrincipalKey::UserId) {
        env.federated_users = Some(federated_users(env, key, uses)?);
    }
    let fact = match (&env.principal_accounts, pk) {
        (_, _) if facts.is_empty() => VariableCases::default(),
        (Some(accounts), PrincipalKey::Account | PrincipalKey::CallerAccount) => {
            listed_fact_cases(env, key, accounts.values())?
        }
        _ => {
            let derived = derived_values(env, pk);
            fact_cases(
                env,
                key,
                uses,
                info.shape,
                Some(&facts),
                &derived,
                per_shape,
            )?
        }
    };
    let mut cases = Vec::new();
    for shape in PrincipalShape::ALL {
        let s = env.shape_is(shape);
        match derivation(shape, pk) {
            Derivation::Absent => cases.push((s, None)),
            Derivation::Const(c) => cases.push((s, Some(c.to_string()))),
            Derivation::Fact(_) | Derivation::PresentFact(_) => {
                for (guard, value) in &fact.cases {
                    cases.push((term::and([s.clone(), guard.clone()]), value.clone()));
                }
            }
            Derivation::Account => {
                for account in env.principal_accounts.iter().flat_map(FreshValues::values) {
                    let member =
                        term::in_pattern(&env.vars.arn, &account_pattern(&env.partition, account))?;
                    cases.push((term::and([s.clone(), member]), Some(account.clone())));
                }
            }
            Derivation::UserName => {
                for name in env.user_names.iter().flat_map(FreshValues::values) {
                    let mut any = Vec::new();
                    for p in user_name_like(&env.partition, &Pattern::literal(name)) {
                        any.push(term::in_pattern(&env.vars.arn, &p)?);
                    }
                    cases.push((term::and([s.clone(), term::or(any)]), Some(name.clone())));
                }
            }
            Derivation::ServiceName => {
                for name in env.service_names.iter().flat_map(FreshValues::values) {
                    cases.push((
                        term::and([s.clone(), term::str_eq(&env.vars.service, name)?]),
                        Some(name.clone()),
                    ));
                }
            }
            Derivation::AccountColonName => {
                for arn in env.federated_users.iter().flat_map(|u| &u.arns) {
                    let value = crate::policy::AwsIdentity::parse(arn)
                        .map(|i| format!("{}:{}", i.account(), i.name()));
                    cases.push((
                        term::and([s.clone(), term::str_eq(&env.vars.arn, arn)?]),
                        value,
                    ));
                }
            }
            Derivation::IdentityArn => {
                return Err(unsupported(
                    "the principal's ARN takes unboundedly many values the policy can tell apart",
                ))
            }
        }
    }
    if info.service_gated {
        let gate = env.key(key).map_or_else(term::tru, |e| env.gate(e));
        let absent = term::not(gate.clone());
        cases = cases
            .into_iter()
            .map(|(g, v)| (term::and([gate.clone(), g]), v))
            .chain([(absent, None)])
            .collect();
    }
    Ok(VariableCases {
        cases,
        domain: fact.domain,
        tests: fact.tests,
        representatives: fact.representatives,
        targets: BTreeSet::new(),
    })
}

/// The user names IAM users may have when `${aws:username}` is used: the
/// names compared with it and representatives of every other name.
fn user_names(
    env: &Environment,
    key: &str,
    uses: &[VariableUse],
) -> Result<FreshValues, EncodeError> {
    let (mut literals, tests) = literals_and_tests(env, key, ValueShape::Any, uses);
    // IAM users named in Principal elements are users a request can come
    // from: their names are among the values (without them, a policy that
    // names one and also uses `${aws:username}` lost that user's access).
    for arn in &env.universe.identities {
        if let Some(user @ crate::policy::AwsIdentity::User { .. }) =
            crate::policy::AwsIdentity::parse(arn)
        {
            literals.push(user.name().to_string());
        }
    }
    literals.sort();
    literals.dedup();
    let name = Pattern::new(
        [Token::OneOf(name_chars()), Token::ManyOf(name_chars())],
        false,
    );
    let literals: Vec<String> = literals.into_iter().filter(|l| name.matches(l)).collect();
    let reps = representatives(Some(&[name]), &literals, &tests, 1, "`${aws:username}`")?;
    Ok(FreshValues {
        literals,
        tests,
        representatives: reps,
    })
}

/// The service principal names when `${aws:PrincipalServiceName}` is used.
fn service_names(
    env: &Environment,
    key: &str,
    uses: &[VariableUse],
) -> Result<FreshValues, EncodeError> {
    let (literals, tests) = literals_and_tests(env, key, ValueShape::Any, uses);
    let mut literals: BTreeSet<String> = literals.into_iter().collect();
    literals.extend(env.universe.services.iter().cloned());
    let literals: Vec<String> = literals.into_iter().collect();
    let reps = representatives(
        Some(&service_shapes()),
        &literals,
        &tests,
        1,
        "`${aws:PrincipalServiceName}`",
    )?;
    Ok(FreshValues {
        literals,
        tests,
        representatives: reps,
    })
}

/// The STS federated users when `${aws:userid}` is used: those whose
/// `ACCOUNT:NAME` is compared with it, and one user with a fresh name in
/// each account the principals may belong to. Patterns on aws:userid that
/// could tell federated user names apart fail closed.
fn federated_users(
    env: &Environment,
    key: &str,
    uses: &[VariableUse],
) -> Result<FederatedUsers, EncodeError> {
    let (literals, tests) = literals_and_tests(env, key, ValueShape::Any, uses);
    let partition = &env.partition;
    for test in &tests {
        for p in test {
            let everything = federated_user_like(partition, &Pattern::wildcard("*"));
            let projected = federated_user_like(partition, p);
            let distinguishes = !projected.is_empty()
                && !everything.iter().all(|e| {
                    projected.iter().any(|q| {
                        find_witness(&[(e.clone(), true), (q.clone(), false)], &Budget::default())
                            == Emptiness::Empty
                    })
                });
            if distinguishes {
                return Err(EncodeError::Unsupported(format!(
                    "the aws:userid pattern `{p}` may tell federated users apart while `${{aws:userid}}` is used"
                )));
            }
        }
    }
    let mut arns = BTreeSet::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    // Federated users named in Principal elements are users a request can
    // come from: without them here, a policy that names one and also uses
    // `${aws:userid}` lost that user's access.
    // Only those of the resource's partition: requests do not cross
    // partitions, and a name seen only in another partition is a name
    // like any other here.
    let in_partition = format!("arn:{partition}:");
    for arn in env
        .universe
        .identities
        .iter()
        .filter(|arn| arn.starts_with(&in_partition))
    {
        if let Some(crate::policy::AwsIdentity::FederatedUser { name, .. }) =
            crate::policy::AwsIdentity::parse(arn)
        {
            arns.insert(arn.clone());
            names.insert(name);
        }
    }
    for literal in &literals {
        if let Some((account, name)) = literal.split_once(':') {
            if is_account_id(account) && !name.is_empty() && !name.contains(':') {
                arns.insert(format!(
                    "arn:{partition}:sts::{account}:federated-user/{name}"
                ));
                names.insert(name.to_string());
            }
        }
    }
    let name = Pattern::new(
        [Token::OneOf(name_chars()), Token::ManyOf(name_chars())],
        false,
    );
    let names: Vec<String> = names.into_iter().collect();
    let fresh = representatives(Some(&[name]), &names, &[], 1, "a federated user name")?;
    for account in env.principal_accounts.iter().flat_map(FreshValues::values) {
        for r in &fresh {
            arns.insert(format!(
                "arn:{partition}:sts::{account}:federated-user/{}",
                r.value
            ));
        }
    }
    Ok(FederatedUsers {
        arns: arns.into_iter().collect(),
        fresh_names: fresh.into_iter().map(|r| r.value).collect(),
    })
}

/// A variable substituted into a longer pattern must not meet another
/// pattern over the same strings that could tell its representatives apart
/// from the values they stand for (see [`super::representatives`]).
fn check_substitutions(
    env: &Environment,
    key: &str,
    cases: &VariableCases,
    uses: &[VariableUse],
    policies: &[&Policy],
) -> Result<(), EncodeError> {
    let fresh = !cases.representatives.is_empty()
        || (matches!(
            PrincipalKey::of(key),
            Some(
                PrincipalKey::Account
                    | PrincipalKey::CallerAccount
                    | PrincipalKey::UserId
                    | PrincipalKey::UserName
                    | PrincipalKey::ServiceName
            )
        ));
    if !fresh {
        return Ok(());
    }
    for embedded in uses.iter().filter(|u| !u.whole) {
        let substituted = with_hole(&embedded.text, key, embedded.target.is_none(), env)?;
        check_principal_values(env, key, cases, embedded, &substituted)?;
        let others = other_patterns(env, embedded.target.as_deref(), key, policies);
        for (other, exact) in &others {
            for candidate in &substituted {
                let meets = find_witness(
                    &[(candidate.clone(), true), (other.clone(), true)],
                    &Budget::default(),
                );
                if meets == Emptiness::Empty {
                    continue;
                }
                let inside = find_witness(
                    &[(candidate.clone(), true), (other.clone(), false)],
                    &Budget::default(),
                );
                if !*exact || inside != Emptiness::Empty {
                    return Err(EncodeError::Unsupported(format!(
                        "policy variable `${{{key}}}` in `{}` meets the pattern `{other}`, which could tell its values apart",
                        embedded.text
                    )));
                }
            }
        }
    }
    Ok(())
}

/// A variable substituted into a longer pattern on a principal-derived key
/// (`aws:PrincipalArn`, `aws:userid`, ...): where some value of the
/// variable lets the pattern match a value the key can take, every
/// representative must too. Otherwise the values that matter (a tag that
/// names the caller's account inside `arn:aws:iam::${tag}:*`) have no
/// stand-in, and the analysis would prove "no access" where there is
/// some: it fails closed. (The key's shape cannot simply join the other
/// patterns: names end in any IAM character, so `role/${tag}` would fail
/// for no reason.)
fn check_principal_values(
    env: &Environment,
    key: &str,
    cases: &VariableCases,
    embedded: &VariableUse,
    substituted: &[Pattern],
) -> Result<(), EncodeError> {
    let Some(values) = embedded
        .target
        .as_deref()
        .and_then(|target| principal_key_values(env, target))
    else {
        return Ok(());
    };
    let meets_values = |candidate: &Pattern| {
        values.iter().any(|value| {
            find_witness(
                &[(candidate.clone(), true), (value.clone(), true)],
                &Budget::default(),
            ) != Emptiness::Empty
        })
    };
    if !substituted.iter().any(meets_values) {
        return Ok(());
    }
    for representative in &cases.representatives {
        let fill = [vec![Token::Literal(representative.value.clone())]];
        let instance = with_fill(&embedded.text, key, false, &fill);
        if !instance.iter().any(meets_values) {
            return Err(EncodeError::Unsupported(format!(
                "policy variable `${{{key}}}` in `{}`: the values that let it match `{}` have no stand-in (`{}` cannot)",
                embedded.text,
                embedded.target.as_deref().unwrap_or_default(),
                representative.value
            )));
        }
    }
    Ok(())
}

/// The values of the shapes a principal-derived key takes over the
/// principal shapes that constrain it; `None` for a key that is not
/// principal-derived or that no shape constrains.
fn principal_key_values(env: &Environment, target: &str) -> Option<Vec<Pattern>> {
    let principal_key = PrincipalKey::of(target)?;
    let names = || some_of(name_chars());
    let mut values = Vec::new();
    for shape in PrincipalShape::ALL {
        match derivation(shape, principal_key) {
            Derivation::Absent => {}
            Derivation::Const(value) => values.push(Pattern::literal(value)),
            Derivation::IdentityArn => values.extend(identity_shapes(&env.partition)),
            Derivation::Account => values.push(Pattern::new(account_tokens(), false)),
            Derivation::AccountColonName => values.push(Pattern::new(
                account_tokens()
                    .into_iter()
                    .chain([Token::Literal(":".into())])
                    .chain(names()),
                false,
            )),
            Derivation::UserName => values.push(Pattern::new(names(), false)),
            Derivation::ServiceName => values.extend(service_shapes()),
            // A fact of any value (an opaque principal's keys) adds no
            // shape: the check then asks the representatives to meet the
            // shapes of the other principals, which fails closed.
            Derivation::Fact(fact) | Derivation::PresentFact(fact) => {
                let shape = match fact {
                    FactShape::Key => env
                        .key(target)
                        .and_then(|entry| value_shape_patterns(entry.info.shape)),
                    other => fact_shape_patterns(other, &env.partition),
                };
                values.extend(shape.unwrap_or_default());
            }
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The language of a policy string with the variable replaced by every
/// value of its shape (other variables by any string).
fn with_hole(
    text: &str,
    key: &str,
    resource: bool,
    env: &Environment,
) -> Result<Vec<Pattern>, EncodeError> {
    let shape = env.key(key).map_or(ValueShape::Any, |e| e.info.shape);
    let fill: Vec<Vec<Token>> = match PrincipalKey::of(key) {
        Some(PrincipalKey::Account | PrincipalKey::CallerAccount) => {
            vec![super::shapes::account_tokens()]
        }
        _ => match value_shape_patterns(shape) {
            Some(patterns) => patterns.iter().map(|p| p.tokens().to_vec()).collect(),
            None => vec![vec![Token::AnyString { except: None }]],
        },
    };
    Ok(with_fill(text, key, resource, &fill))
}

/// The language of a policy string with the variable replaced by each of
/// `fill` (token sequences; other variables by any string).
fn with_fill(text: &str, key: &str, resource: bool, fill: &[Vec<Token>]) -> Vec<Pattern> {
    const HOLE: char = '\u{E000}';
    const OTHER: char = '\u{E001}';
    let mut parts = Vec::new();
    for piece in pieces(text, true) {
        parts.push(match piece {
            Piece::Text(t) => Part::Glob(t),
            Piece::Char(c) => Part::Literal(c.to_string()),
            Piece::Variable { key: k, .. } if k.eq_ignore_ascii_case(key) => {
                Part::Literal(HOLE.to_string())
            }
            Piece::Variable { .. } => Part::Literal(OTHER.to_string()),
        });
    }
    let pattern = if resource {
        arn_pattern(&parts)
    } else {
        glob_pattern(&parts)
    };
    fill.iter()
        .map(|tokens| {
            let mut out = Vec::new();
            for token in pattern.tokens() {
                match token {
                    Token::Literal(text) if text.contains([HOLE, OTHER]) => {
                        let mut literal = String::new();
                        for c in text.chars() {
                            if c == HOLE || c == OTHER {
                                out.push(Token::Literal(std::mem::take(&mut literal)));
                                if c == HOLE {
                                    out.extend(tokens.iter().cloned());
                                } else {
                                    out.push(Token::AnyString { except: None });
                                }
                            } else {
                                literal.push(c);
                            }
                        }
                        out.push(Token::Literal(literal));
                    }
                    other => out.push(other.clone()),
                }
            }
            Pattern::new(out, pattern.is_case_insensitive())
        })
        .collect()
}

/// The other patterns matched against the same strings as a substituted
/// text, each with whether its language is exact: every `Resource` pattern
/// and the request space's resources, or the patterns and literals compared
/// with the same key and the key's value shape. Patterns holding the same
/// variable are instantiated together and left out; those holding other
/// variables are over-approximated (any value for the variable).
fn other_patterns(
    env: &Environment,
    target: Option<&str>,
    key: &str,
    policies: &[&Policy],
) -> Vec<(Pattern, bool)> {
    let same_variable = |text: &str| text.to_lowercase().contains(&format!("${{{key}"));
    match target {
        None => {
            let mut out: Vec<(Pattern, bool)> = env
                .classes
                .iter()
                .flat_map(|c| c.resources.iter().cloned())
                .map(|p| (p, true))
                .collect();
            for (index, policy) in policies.iter().enumerate() {
                let enabled = env.variables_enabled.get(index).copied().unwrap_or(false);
                for statement in &policy.statements {
                    for text in statement.resource.iter().flat_map(|r| &r.patterns) {
                        if enabled && same_variable(text) {
                            continue;
                        }
                        let parts: Vec<Part> = pieces(text, enabled)
                            .into_iter()
                            .map(|piece| match piece {
                                Piece::Text(t) => Part::Glob(t),
                                Piece::Char(c) => Part::Literal(c.to_string()),
                                Piece::Variable { .. } => Part::Glob("*".into()),
                            })
                            .collect();
                        let exact = !parts.iter().any(|p| matches!(p, Part::Glob(g) if g == "*"))
                            || !text.contains("${");
                        out.push((arn_pattern(&parts), exact));
                    }
                }
            }
            out
        }
        // The key's own shape (a 12-digit account, an organization id or
        // path, an ARN) tells values apart too, as the resource classes do
        // for `Resource`: `StringLike aws:PrincipalAccount "${tag}*"`
        // holds only for the tag values that begin an account.
        Some(target) => env.key(target).map_or_else(Vec::new, |entry| {
            entry
                .uses
                .patterns
                .iter()
                .cloned()
                .chain(entry.uses.literals.iter().map(|l| Pattern::literal(l)))
                .chain(value_shape_patterns(entry.info.shape).unwrap_or_default())
                .map(|p| (p, true))
                .collect()
        }),
    }
}
