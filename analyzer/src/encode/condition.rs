//! Condition blocks as formulas. Each function names the evaluator function
//! it mirrors (`crate::eval`); the two must agree on every request.

use super::keys::{key_role, KeyRole, PrincipalKey, ResourceKey};
use super::universe::PrincipalKind;
use super::vars::{KeyVars, View};
use super::{EncodeError, Encoder};
use crate::policy::{BaseOperator, Condition, OperatorFamily, SetQualifier};
use crate::eval::patterns::{arn_pattern, glob_pattern};
use crate::eval::variables::{literal_text, Part};
use crate::value::{parse_bool, parse_cidr, parse_date, parse_decimal};
use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::term::{self, CmpOp, Term};

/// Where the value of a condition key comes from.
#[derive(Debug, Clone)]
enum Source {
    /// Free variables of the request context.
    Free(String),
    /// A constant (`None`: the key is absent).
    Fixed(Option<String>),
    /// A function of the principal.
    Principal(PrincipalKey),
}

/// A comparison of one context value with one policy value.
#[derive(Debug, Clone)]
enum Comparison {
    /// The value's text is in the pattern's language.
    Text(Pattern),
    /// The value's number compares with the constant.
    Number(Order, i128),
    /// The value's date compares with the constant.
    Date(Order, i128),
    /// The value's address is in the inclusive range.
    Ip(u128, u128),
}

/// `value OP constant` for the ordered families.
#[derive(Debug, Clone, Copy)]
enum Order {
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Encoder<'_> {
    /// Mirrors `eval::condition_matches`: one `operator: {key: values}` entry.
    pub fn encode_condition(&mut self, condition: &Condition) -> Result<Term, EncodeError> {
        let source = self.source_of(&condition.key, condition.operator.set.is_some());
        if condition.operator.base == BaseOperator::Null {
            return self.encode_null(condition, &source);
        }
        let mut comparisons = Vec::with_capacity(condition.values.len());
        for value in &condition.values {
            comparisons.push(self.comparison(condition, value)?);
        }
        let negated = condition.operator.base.is_negated();
        let count = self.element_count(&source);
        // matches(i): some policy value matches value i of the key.
        let mut matches = Vec::with_capacity(count);
        for index in 0..count {
            let mut any = Vec::with_capacity(comparisons.len());
            for (cases, text) in comparisons.iter().zip(&condition.values) {
                for (guard, comparison) in cases {
                    let compared =
                        self.element_compare(&source, index, comparison, &condition.key, text)?;
                    any.push(term::and([guard.clone(), compared]));
                }
            }
            matches.push(term::or(any));
        }
        let element = |_: usize, m: &Term| if negated { term::not(m.clone()) } else { m.clone() };
        let used: Vec<Term> = (0..count).map(|i| self.element_used(&source, i)).collect();
        let present = self.present(&source);
        let exists = term::or(
            used.iter()
                .zip(&matches)
                .enumerate()
                .map(|(i, (u, m))| term::and([u.clone(), element(i, m)])),
        );
        let for_all = term::and(
            used.iter()
                .zip(&matches)
                .enumerate()
                .map(|(i, (u, m))| term::implies(u.clone(), element(i, m))),
        );
        let result = match (condition.operator.set, negated) {
            (Some(SetQualifier::ForAnyValue), _) => exists,
            (Some(SetQualifier::ForAllValues), _) => for_all,
            // A single-valued operator on a (possibly multivalued) key:
            // positive operators need some value to match, negated ones need
            // no value to match any policy value; a missing key makes the
            // positive false and the negated true.
            (None, false) => term::and([present.clone(), exists]),
            (None, true) => term::or([term::not(present.clone()), for_all]),
        };
        Ok(if condition.operator.if_exists {
            term::or([term::not(present), result])
        } else {
            result
        })
    }

    /// Mirrors the evaluator's `Null` operator: `true` means the key is absent.
    fn encode_null(&mut self, condition: &Condition, source: &Source) -> Result<Term, EncodeError> {
        let present = self.present(source);
        let mut any = Vec::new();
        for value in &condition.values {
            let absent_wanted = parse_bool(value).map_err(|e| self.value_error(condition, e))?;
            any.push(if absent_wanted {
                term::not(present.clone())
            } else {
                present.clone()
            });
        }
        Ok(term::or(any))
    }

    fn source_of(&mut self, key: &str, set_operator: bool) -> Source {
        let lowercase = key.to_ascii_lowercase();
        match key_role(&lowercase) {
            KeyRole::Principal(p) => Source::Principal(p),
            KeyRole::Resource(ResourceKey::Account) => Source::Fixed(Some(self.owner.clone())),
            KeyRole::Resource(ResourceKey::OrgId) => match &self.zone.org {
                Some(org) => Source::Fixed(Some(org.clone())),
                None => {
                    self.free_key(key, set_operator);
                    Source::Free(lowercase)
                }
            },
            KeyRole::Restricting(_) | KeyRole::CallerControlled => {
                self.free_key(key, set_operator);
                Source::Free(lowercase)
            }
        }
    }

    /// The comparisons of one policy value, one per case of its policy
    /// variables, each with its guard.
    fn comparison(
        &mut self,
        condition: &Condition,
        value: &str,
    ) -> Result<Vec<(Term, Comparison)>, EncodeError> {
        use crate::policy::OperatorFamily as F;
        let family = condition.operator.base.family();
        if !matches!(family, F::String | F::Arn | F::Bool) {
            return Ok(vec![(term::tru(), self.typed_comparison(condition, value)?)]);
        }
        let mut out = Vec::new();
        for (guard, parts) in self.policy_cases(value, true, &condition.path)? {
            out.push((guard, self.text_comparison(condition, &parts)?));
        }
        Ok(out)
    }

    /// String, ARN and Bool comparisons of a substituted policy value.
    fn text_comparison(&self, condition: &Condition, parts: &[Part]) -> Result<Comparison, EncodeError> {
        use BaseOperator as B;
        let base = condition.operator.base;
        Ok(Comparison::Text(match base.family() {
            OperatorFamily::Arn => arn_pattern(parts),
            OperatorFamily::Bool => {
                let b = parse_bool(&literal_text(parts)).map_err(|e| self.value_error(condition, e))?;
                Pattern::literal(if b { "true" } else { "false" }).ignoring_case()
            }
            _ => match base {
                B::StringLike | B::StringNotLike => glob_pattern(parts),
                B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => {
                    Pattern::literal(&literal_text(parts)).ignoring_case()
                }
                _ => Pattern::literal(&literal_text(parts)),
            },
        }))
    }

    /// Numeric, Date, IP and Binary comparisons (no policy variables).
    fn typed_comparison(&self, condition: &Condition, value: &str) -> Result<Comparison, EncodeError> {
        use BaseOperator as B;
        let base = condition.operator.base;
        let order = match base {
            B::NumericLessThan | B::DateLessThan => Order::Less,
            B::NumericLessThanEquals | B::DateLessThanEquals => Order::LessOrEqual,
            B::NumericGreaterThan | B::DateGreaterThan => Order::Greater,
            B::NumericGreaterThanEquals | B::DateGreaterThanEquals => Order::GreaterOrEqual,
            _ => Order::Equal,
        };
        let comparison = match base.family() {
            OperatorFamily::Binary => Comparison::Text(Pattern::literal(value)),
            OperatorFamily::Numeric => {
                let d = parse_decimal(value).map_err(|e| self.value_error(condition, e))?;
                Comparison::Number(order, d.scaled)
            }
            OperatorFamily::Date => {
                let ms = parse_date(value).map_err(|e| self.value_error(condition, e))?;
                Comparison::Date(order, i128::from(ms))
            }
            OperatorFamily::Ip => {
                let range = parse_cidr(value).map_err(|e| self.value_error(condition, e))?;
                Comparison::Ip(range.low, range.high)
            }
            OperatorFamily::Null
            | OperatorFamily::String
            | OperatorFamily::Arn
            | OperatorFamily::Bool => Comparison::Text(Pattern::literal(value)),
        };
        Ok(comparison)
    }

    fn value_error(&self, condition: &Condition, error: impl std::fmt::Display) -> EncodeError {
        EncodeError::Invalid {
            path: condition.path.clone(),
            message: error.to_string(),
        }
    }

    fn element_count(&self, source: &Source) -> usize {
        match source {
            Source::Free(key) => self.keys.get(key).map_or(1, |k| k.elements.len()),
            _ => 1,
        }
    }

    fn free(&self, key: &str) -> Option<&KeyVars> {
        self.keys.get(key)
    }

    /// Whether the key is in the request.
    fn present(&self, source: &Source) -> Term {
        match source {
            Source::Free(key) => self
                .free(key)
                .map_or_else(term::fls, |k| term::var(&k.present)),
            Source::Fixed(value) => term::bool_const(value.is_some()),
            Source::Principal(p) => self.principal_key_present(*p),
        }
    }

    /// Whether value `index` is in the request's set.
    fn element_used(&self, source: &Source, index: usize) -> Term {
        match source {
            Source::Free(key) => self
                .free(key)
                .and_then(|k| k.elements.get(index))
                .map_or_else(term::fls, |e| term::var(&e.used)),
            other => self.present(other),
        }
    }

    fn element_compare(
        &mut self,
        source: &Source,
        index: usize,
        comparison: &Comparison,
        key: &str,
        value_text: &str,
    ) -> Result<Term, EncodeError> {
        match source {
            Source::Fixed(value) => Ok(term::bool_const(
                value.as_deref().is_some_and(|v| concrete_compare(comparison, v)),
            )),
            Source::Principal(p) => match comparison {
                Comparison::Text(pattern) => {
                    let t = self.principal_key_in(*p, pattern)?;
                    if *p == PrincipalKey::Arn {
                        self.register_atom("aws:PrincipalArn", value_text, t.clone());
                    }
                    Ok(t)
                }
                _ => Err(EncodeError::Unsupported(format!(
                    "key `{key}` describes the principal and is compared with a non-string operator"
                ))),
            },
            Source::Free(lowercase) => {
                let t = self.free_compare(lowercase, index, comparison)?;
                if matches!(key_role(lowercase), KeyRole::Restricting(_)) {
                    let atom = self.free_atom(lowercase, comparison)?;
                    let display = self.free(lowercase).map_or(key.to_string(), |k| k.display.clone());
                    self.register_atom(&display, value_text, atom);
                }
                Ok(t)
            }
        }
    }

    /// `value index of key compares with the policy value`, on free variables.
    fn free_compare(
        &mut self,
        key: &str,
        index: usize,
        comparison: &Comparison,
    ) -> Result<Term, EncodeError> {
        let view = match comparison {
            Comparison::Text(_) => View::Text,
            Comparison::Number(..) => View::Number,
            Comparison::Date(..) => View::Date,
            Comparison::Ip(..) => View::Ip,
        };
        let Some(vars) = self.keys.get_mut(key) else {
            return Ok(term::fls());
        };
        vars.views.insert(view);
        let Some(element) = vars.elements.get(index) else {
            return Ok(term::fls());
        };
        let t = match comparison {
            Comparison::Text(pattern) => term::in_pattern(&element.text, pattern)?,
            Comparison::Number(order, c) => ordered(&element.number, *order, *c)?,
            Comparison::Date(order, c) => ordered(&element.date, *order, *c)?,
            Comparison::Ip(low, high) => {
                let (ip, ok) = &element.ip;
                term::and([
                    term::var(ok),
                    term::cmp(CmpOp::Le, term::ip(*low), term::var(ip))?,
                    term::cmp(CmpOp::Le, term::var(ip), term::ip(*high))?,
                ])
            }
        };
        Ok(t)
    }

    /// The description atom of a restricting key: some value of the key
    /// compares with the policy value.
    fn free_atom(&mut self, key: &str, comparison: &Comparison) -> Result<Term, EncodeError> {
        let count = self.keys.get(key).map_or(0, |k| k.elements.len());
        let mut any = Vec::with_capacity(count);
        for index in 0..count {
            let used = self
                .keys
                .get(key)
                .and_then(|k| k.elements.get(index))
                .map(|e| term::var(&e.used));
            let compared = self.free_compare(key, index, comparison)?;
            any.push(term::and([used.unwrap_or_else(term::fls), compared]));
        }
        Ok(term::or(any))
    }

    /// Whether a principal-describing key is in the request.
    fn principal_key_present(&self, key: PrincipalKey) -> Term {
        let v = &self.vars;
        let named_aws = term::and([v.kind_is(PrincipalKind::Aws), term::not(self.is_opaque())]);
        match key {
            PrincipalKey::Arn | PrincipalKey::CallerAccount => named_aws,
            PrincipalKey::Account => term::or([
                named_aws,
                v.kind_is(PrincipalKind::Anonymous),
                v.kind_is(PrincipalKind::Service),
            ]),
            PrincipalKey::Type => term::or([
                named_aws,
                v.kind_is(PrincipalKind::Anonymous),
            ]),
            PrincipalKey::IsAwsService => term::or([
                named_aws,
                v.kind_is(PrincipalKind::Service),
                v.kind_is(PrincipalKind::CanonicalUser),
            ]),
            PrincipalKey::ServiceName => v.kind_is(PrincipalKind::Service),
        }
    }

    /// The principal-describing key's value is in `pattern`'s language.
    fn principal_key_in(&self, key: PrincipalKey, pattern: &Pattern) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let aws = || term::and([v.kind_is(PrincipalKind::Aws), term::not(self.is_opaque())]);
        let t = match key {
            PrincipalKey::Arn => term::and([aws(), self.principal_arn_in(pattern)?]),
            PrincipalKey::CallerAccount => {
                term::and([aws(), term::in_pattern(&v.arn, &self.universe.account_like(pattern.clone()))?])
            }
            PrincipalKey::Account => term::or([
                term::and([
                    v.kind_is(PrincipalKind::Anonymous),
                    term::bool_const(pattern.matches("anonymous")),
                ]),
                term::and([
                    v.kind_is(PrincipalKind::Service),
                    term::bool_const(pattern.matches(super::SERVICE_ACCOUNT)),
                ]),
                term::and([
                    aws(),
                    term::in_pattern(&v.arn, &self.universe.account_like(pattern.clone()))?,
                ]),
            ]),
            PrincipalKey::Type => self.principal_type_in(pattern)?,
            PrincipalKey::IsAwsService => term::or([
                term::and([
                    v.kind_is(PrincipalKind::Service),
                    term::bool_const(pattern.matches("true")),
                ]),
                term::and([
                    term::or([aws(), v.kind_is(PrincipalKind::CanonicalUser)]),
                    term::bool_const(pattern.matches("false")),
                ]),
            ]),
            PrincipalKey::ServiceName => term::and([
                v.kind_is(PrincipalKind::Service),
                term::in_pattern(&v.service, pattern)?,
            ]),
        };
        Ok(t)
    }

    /// `aws:PrincipalArn` is the identity ARN; for a named session, its role.
    fn principal_arn_in(&self, pattern: &Pattern) -> Result<Term, EncodeError> {
        let arn = &self.vars.arn;
        let mut cases = vec![term::and([
            term::not(self.is_session()),
            term::in_pattern(arn, pattern)?,
        ])];
        for session in &self.universe.sessions {
            let role = super::universe::session_role_arn(session).unwrap_or_default();
            if pattern.matches(&role) {
                cases.push(term::str_eq(arn, session)?);
            }
        }
        Ok(term::or(cases))
    }

    /// `aws:PrincipalType`: `Anonymous`, `Account` (root), `User`,
    /// `AssumedRole` (roles and their sessions), `FederatedUser`.
    fn principal_type_in(&self, pattern: &Pattern) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let mut cases = vec![term::and([
            v.kind_is(PrincipalKind::Anonymous),
            term::bool_const(pattern.matches("Anonymous")),
        ])];
        for (shape, value) in self
            .universe
            .identity_shapes()
            .into_iter()
            .zip(["Account", "User", "AssumedRole", "FederatedUser"])
        {
            if pattern.matches(value) {
                let mut member = vec![term::in_pattern(&v.arn, &shape)?];
                if value == "AssumedRole" {
                    member.push(self.is_session());
                }
                cases.push(term::and([v.kind_is(PrincipalKind::Aws), term::or(member)]));
            }
        }
        Ok(term::or(cases))
    }

    /// The principal is one of the named assumed-role sessions.
    pub(super) fn is_session(&self) -> Term {
        self.arn_in_set(&self.universe.sessions)
    }

    /// The principal is one of the opaque principal ids.
    pub(super) fn is_opaque(&self) -> Term {
        self.arn_in_set(&self.universe.opaque)
    }

    fn arn_in_set(&self, set: &std::collections::BTreeSet<String>) -> Term {
        term::or(
            set.iter()
                .filter_map(|s| term::str_eq(&self.vars.arn, s).ok()),
        )
    }
}

fn ordered(vars: &(zoneproof_encodings::term::Var, zoneproof_encodings::term::Var), order: Order, c: i128) -> Result<Term, EncodeError> {
    let (value, ok) = vars;
    let x = term::var(value);
    let k = term::int(c);
    let compared = match order {
        Order::Equal => term::cmp(CmpOp::Eq, x, k)?,
        Order::Less => term::cmp(CmpOp::Lt, x, k)?,
        Order::LessOrEqual => term::cmp(CmpOp::Le, x, k)?,
        Order::Greater => term::cmp(CmpOp::Lt, k, x)?,
        Order::GreaterOrEqual => term::cmp(CmpOp::Le, k, x)?,
    };
    Ok(term::and([term::var(ok), compared]))
}

/// The comparison on a concrete value (for keys with known values).
fn concrete_compare(comparison: &Comparison, value: &str) -> bool {
    let ordered = |order: Order, x: i128, c: i128| match order {
        Order::Equal => x == c,
        Order::Less => x < c,
        Order::LessOrEqual => x <= c,
        Order::Greater => x > c,
        Order::GreaterOrEqual => x >= c,
    };
    match comparison {
        Comparison::Text(p) => p.matches(value),
        Comparison::Number(o, c) => parse_decimal(value).is_ok_and(|d| ordered(*o, d.scaled, *c)),
        Comparison::Date(o, c) => parse_date(value).is_ok_and(|d| ordered(*o, i128::from(d), *c)),
        Comparison::Ip(low, high) => crate::value::parse_ip(value).is_ok_and(|ip| *low <= ip && ip <= *high),
    }
}
