//! The symbolic request; the twin of [`crate::eval::request`].
//!
//! Principal shapes as formulas, the condition keys of the request (their
//! presence and values, with the keys that describe the principal derived
//! by [`crate::semantics::principal_keys::derivation`] and presence by
//! [`crate::semantics::keys::KeyInfo::presence`], the rules the evaluator's
//! request builder and the witness decoder use), and the request domain:
//! the requests that can happen.

use zoneproof_encodings::pattern::{Pattern, Token};
use zoneproof_encodings::term::{self, Term};

use crate::policy::AwsIdentity;
use crate::semantics::keys::{
    KeyInfo, KeySource, Presence, RequestTraits, ResourceKey, ValueShape,
};
use crate::semantics::principal_keys::{derivation, Derivation, PrincipalKey, PrincipalShape};
use crate::semantics::space::Callers;

use super::compare::Comparison;
use super::env::{Environment, KeyEntry};
use super::shapes::{
    account_like, account_pattern, digit_range_patterns, fact_shape_patterns, service_shapes,
    value_shape_patterns, Order,
};
use super::vars::{int_eq, int_range, ElementVars, KeyVars, PrincipalKind, View};
use super::EncodeError;

/// Whether the request's principal has `shape` (built once per environment:
/// use [`Environment::shape_is`]).
pub(super) fn shape_term(env: &Environment, shape: PrincipalShape) -> Term {
    let v = &env.vars;
    let aws = || v.kind_is(PrincipalKind::Aws);
    let arn_in = |index: usize| {
        env.identity_arn_terms
            .get(index)
            .cloned()
            .unwrap_or_else(term::fls)
    };
    match shape {
        PrincipalShape::Anonymous => v.kind_is(PrincipalKind::Anonymous),
        PrincipalShape::Root => term::and([aws(), arn_in(0)]),
        PrincipalShape::User => term::and([aws(), arn_in(1)]),
        PrincipalShape::Role => term::and([aws(), arn_in(2)]),
        PrincipalShape::FederatedUser => term::and([aws(), arn_in(3)]),
        PrincipalShape::Session => term::and([aws(), arn_in_set(env, &env.universe.sessions)]),
        PrincipalShape::OpaqueAws => term::and([aws(), arn_in_set(env, &env.universe.opaque)]),
        PrincipalShape::Service => v.kind_is(PrincipalKind::Service),
        PrincipalShape::WebIdentity => v.kind_is(PrincipalKind::Federated),
        PrincipalShape::CanonicalUser => v.kind_is(PrincipalKind::CanonicalUser),
    }
}

/// The principal is one of `set`'s ARNs.
pub fn arn_in_set(env: &Environment, set: &std::collections::BTreeSet<String>) -> Term {
    term::or(
        set.iter()
            .filter_map(|s| term::str_eq(&env.vars.arn, s).ok()),
    )
}

/// The principal is an AWS identity (not an opaque id) of `account`.
pub fn identity_of_account(env: &Environment, account: &str) -> Result<Term, EncodeError> {
    Ok(term::and([
        env.vars.kind_is(PrincipalKind::Aws),
        term::not(env.shape_is(PrincipalShape::OpaqueAws)),
        term::in_pattern(&env.vars.arn, &account_pattern(&env.partition, account))?,
    ]))
}

impl Environment {
    /// The action classes whose actions list a service key (true for keys
    /// of no service).
    pub fn gate(&self, entry: &KeyEntry) -> Term {
        if !entry.info.service_gated {
            return term::tru();
        }
        term::or(
            self.classes
                .iter()
                .enumerate()
                .filter(|(_, c)| c.keys.contains(&entry.info.lowercase))
                .map(|(i, _)| self.vars.action_is(i)),
        )
    }

    /// The shapes whose `key` value is derived from the principal (neither
    /// absent nor a fact).
    fn derived_shapes(key: PrincipalKey) -> impl Iterator<Item = (PrincipalShape, Derivation)> {
        PrincipalShape::ALL.into_iter().filter_map(move |shape| {
            let d = derivation(shape, key);
            (!matches!(
                d,
                Derivation::Absent | Derivation::Fact(_) | Derivation::PresentFact(_)
            ))
            .then_some((shape, d))
        })
    }

    /// Whether the key is in the request. Mirrors `Context::get` after the
    /// request builder ([`crate::eval::Request::with_principal_keys`]).
    pub fn key_present(&self, key: &str) -> Term {
        let Some(entry) = self.key(key) else {
            return term::fls();
        };
        let free = || {
            entry
                .vars
                .as_ref()
                .map_or_else(term::fls, |v| term::var(&v.present))
        };
        match entry.info.source {
            KeySource::Principal(pk) => term::or([
                term::and([
                    self.gate(entry),
                    term::or(Self::derived_shapes(pk).map(|(s, _)| self.shape_is(s))),
                ]),
                free(),
            ]),
            KeySource::Resource(ResourceKey::Account) => self.gate(entry),
            KeySource::Resource(ResourceKey::OrgId) if self.owner_org.is_some() => term::tru(),
            KeySource::Never => term::fls(),
            _ => free(),
        }
    }

    /// How many values the key can hold at once.
    pub fn key_elements(&self, key: &str) -> usize {
        self.key(key)
            .and_then(|e| e.vars.as_ref())
            .map_or(1, |v| v.elements.len())
    }

    /// Whether value `index` of the key is in the request.
    pub fn key_used(&self, key: &str, index: usize) -> Term {
        let Some(entry) = self.key(key) else {
            return term::fls();
        };
        let free = entry
            .vars
            .as_ref()
            .and_then(|v| v.elements.get(index))
            .map_or_else(term::fls, |e| term::var(&e.used));
        let fixed = || {
            if index == 0 {
                self.gate(entry)
            } else {
                term::fls()
            }
        };
        match entry.info.source {
            KeySource::Principal(pk) => term::or([
                term::and([
                    fixed(),
                    term::or(Self::derived_shapes(pk).map(|(s, _)| self.shape_is(s))),
                ]),
                free,
            ]),
            KeySource::Resource(ResourceKey::Account) => fixed(),
            KeySource::Resource(ResourceKey::OrgId) if self.owner_org.is_some() => {
                term::bool_const(index == 0)
            }
            KeySource::Never => term::fls(),
            _ => free,
        }
    }

    /// Whether value `index` of the key stands in `comparison` (for a value
    /// that is in the request; see [`Environment::key_used`]).
    pub fn key_compare(
        &self,
        key: &str,
        index: usize,
        comparison: &Comparison,
    ) -> Result<Term, EncodeError> {
        let Some(entry) = self.key(key) else {
            return Ok(term::fls());
        };
        // A free value counts only where the request states it (for keys
        // of the principal: where it is a fact, not derived).
        let free = match entry.vars.as_ref().and_then(|v| v.elements.get(index)) {
            Some(element) => term::and([term::var(&element.used), comparison.on_element(element)?]),
            None => term::fls(),
        };
        Ok(match entry.info.source {
            KeySource::Principal(pk) => {
                let mut derived = Vec::new();
                if index == 0 {
                    for (shape, d) in Self::derived_shapes(pk) {
                        derived.push(term::and([
                            self.shape_is(shape),
                            self.derived_compare(shape, d, comparison)?,
                        ]));
                    }
                }
                term::or([term::or(derived), free])
            }
            KeySource::Resource(ResourceKey::Account) => {
                term::bool_const(comparison.holds_for(&self.owner))
            }
            KeySource::Resource(ResourceKey::OrgId) => match &self.owner_org {
                Some(org) => term::bool_const(comparison.holds_for(org)),
                None => free,
            },
            KeySource::Never => term::fls(),
            _ => free,
        })
    }

    /// A derived principal key's value stands in `comparison`.
    fn derived_compare(
        &self,
        shape: PrincipalShape,
        derivation: Derivation,
        comparison: &Comparison,
    ) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let text = comparison.text_patterns();
        Ok(match derivation {
            Derivation::Absent | Derivation::Fact(_) | Derivation::PresentFact(_) => term::fls(),
            Derivation::Const(value) => term::bool_const(comparison.holds_for(value)),
            Derivation::IdentityArn => match (shape, text) {
                (_, None) => term::fls(),
                (PrincipalShape::Session, Some(patterns)) => term::or(
                    self.universe
                        .sessions
                        .iter()
                        .filter(|s| {
                            AwsIdentity::parse(s).is_some_and(|i| {
                                patterns.iter().any(|p| p.matches(&i.principal_arn()))
                            })
                        })
                        .filter_map(|s| term::str_eq(&v.arn, s).ok()),
                ),
                (_, Some(patterns)) => in_any(&v.arn, patterns.iter().cloned())?,
            },
            Derivation::Account => {
                let patterns = account_text_patterns(comparison);
                in_any(
                    &v.arn,
                    patterns.iter().map(|p| account_like(&self.partition, p)),
                )?
            }
            Derivation::AccountColonName => match text {
                Some(patterns) => in_any(
                    &v.arn,
                    patterns
                        .iter()
                        .flat_map(|p| federated_user_like(&self.partition, p)),
                )?,
                None => term::fls(),
            },
            Derivation::UserName => match text {
                Some(patterns) => in_any(
                    &v.arn,
                    patterns
                        .iter()
                        .flat_map(|p| user_name_like(&self.partition, p)),
                )?,
                None => {
                    return Err(EncodeError::Unsupported(
                        "aws:username is compared with a number, date or address operator".into(),
                    ))
                }
            },
            Derivation::ServiceName => match text {
                Some(patterns) => in_any(&v.service, patterns.iter().cloned())?,
                None => term::fls(),
            },
        })
    }

    /// The request domain: the requests that can happen (see the module
    /// documentation).
    pub fn domain(&self) -> Result<Term, EncodeError> {
        Ok(term::and(self.domain_parts()?))
    }

    /// The conjuncts of [`Environment::domain`], named, for diagnostics.
    pub fn domain_parts(&self) -> Result<Vec<Term>, EncodeError> {
        let mut parts = vec![int_range(
            &self.vars.kind,
            0,
            PrincipalKind::ALL.len() as i128,
        )];
        parts.push(self.principal_domain()?);
        parts.push(self.action_domain()?);
        for entry in self.keys.values() {
            parts.push(self.key_domain(entry)?);
        }
        parts.push(self.account_exclusivity()?);
        parts.push(self.organization_rules()?);
        parts.extend(self.variable_domains());
        Ok(parts)
    }

    fn principal_domain(&self) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let u = &self.universe;
        let mut aws = Vec::new();
        aws.extend(self.identity_arn_terms.iter().cloned());
        aws.push(arn_in_set(self, &u.sessions));
        aws.push(arn_in_set(self, &u.opaque));
        let mut parts = vec![term::implies(v.kind_is(PrincipalKind::Aws), term::or(aws))];
        let mut services = Vec::new();
        match &self.service_names {
            Some(names) => {
                for name in names.values() {
                    services.push(term::str_eq(&v.service, name)?);
                }
            }
            None => {
                for shape in service_shapes() {
                    services.push(term::in_pattern(&v.service, &shape)?);
                }
                for name in &u.services {
                    services.push(term::str_eq(&v.service, name)?);
                }
            }
        }
        parts.push(term::implies(
            v.kind_is(PrincipalKind::Service),
            term::or(services),
        ));
        let nonempty = Pattern::new(
            [
                Token::AnyChar { except: None },
                Token::AnyString { except: None },
            ],
            false,
        );
        parts.push(term::implies(
            v.kind_is(PrincipalKind::Federated),
            term::in_pattern(&v.provider, &nonempty)?,
        ));
        let mut canonical = Vec::new();
        for id in &u.canonical_users {
            canonical.push(term::str_eq(&v.canonical, id)?);
        }
        parts.push(term::implies(
            v.kind_is(PrincipalKind::CanonicalUser),
            term::or(canonical),
        ));
        if let Some(accounts) = &self.principal_accounts {
            let mut any = Vec::new();
            for account in accounts.values() {
                any.push(term::in_pattern(
                    &v.arn,
                    &account_pattern(&self.partition, account),
                )?);
            }
            parts.push(term::implies(
                term::and([
                    v.kind_is(PrincipalKind::Aws),
                    term::not(self.shape_is(PrincipalShape::OpaqueAws)),
                ]),
                term::or(any),
            ));
        }
        if let Some(names) = &self.user_names {
            let mut any = Vec::new();
            for name in names.values() {
                for p in user_name_like(&self.partition, &Pattern::literal(name)) {
                    any.push(term::in_pattern(&v.arn, &p)?);
                }
            }
            parts.push(term::implies(
                self.shape_is(PrincipalShape::User),
                term::or(any),
            ));
        }
        if let Some(users) = &self.federated_users {
            let mut any = Vec::new();
            for arn in &users.arns {
                any.push(term::str_eq(&v.arn, arn)?);
            }
            parts.push(term::implies(
                self.shape_is(PrincipalShape::FederatedUser),
                term::or(any),
            ));
        }
        Ok(term::and(parts))
    }

    fn action_domain(&self) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let mut parts = vec![int_range(&v.action, 0, self.classes.len() as i128)];
        for (index, class) in self.classes.iter().enumerate() {
            let mut resources = Vec::new();
            for pattern in &class.resources {
                resources.push(term::in_pattern(&v.resource, pattern)?);
            }
            parts.push(term::implies(
                v.action_is(index),
                term::and([term::or(resources), self.callers(class.callers)?]),
            ));
        }
        Ok(term::and(parts))
    }

    /// Who can make requests of a class.
    fn callers(&self, callers: Callers) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let provider_arn = |kind: &str| {
            Pattern::new(
                [
                    Token::Literal("arn:".into()),
                    Token::AnyString { except: Some(':') },
                    Token::Literal(":iam::".into()),
                    Token::AnyString { except: Some(':') },
                    Token::Literal(format!(":{kind}")),
                    Token::AnyString { except: None },
                ],
                false,
            )
        };
        // SAML providers are `saml-provider` ARNs; OIDC providers are
        // `oidc-provider` ARNs or well-known hosts. Anything else may be
        // either (grants more).
        let is_saml = || term::in_pattern(&v.provider, &provider_arn("saml-provider"));
        let is_oidc = || -> Result<Term, EncodeError> {
            Ok(term::or([
                term::in_pattern(&v.provider, &provider_arn("oidc-provider"))?,
                term::not(term::in_pattern(&v.provider, &Pattern::wildcard("arn:*"))?),
            ]))
        };
        Ok(match callers {
            Callers::AnyButFederated => term::not(v.kind_is(PrincipalKind::Federated)),
            Callers::AssumeRole => term::or([
                v.kind_is(PrincipalKind::Aws),
                v.kind_is(PrincipalKind::Service),
            ]),
            Callers::Saml => {
                term::and([v.kind_is(PrincipalKind::Federated), term::not(is_oidc()?)])
            }
            Callers::WebIdentity => {
                term::and([v.kind_is(PrincipalKind::Federated), term::not(is_saml()?)])
            }
            Callers::Nobody => term::fls(),
        })
    }

    /// Presence, value shapes and typed views of a key with free variables.
    fn key_domain(&self, entry: &KeyEntry) -> Result<Term, EncodeError> {
        let Some(vars) = &entry.vars else {
            return Ok(term::tru());
        };
        let mut parts = vec![vars.domain()];
        let (allowed, required) = self.presence_terms(entry);
        parts.push(term::implies(term::var(&vars.present), allowed));
        parts.push(term::implies(required, term::var(&vars.present)));
        parts.push(self.value_domain(entry, vars)?);
        Ok(term::and(parts))
    }

    /// When the free variables of a key may be present and when they must
    /// be: [`KeyInfo::presence`] for each principal shape, VPC-endpoint
    /// trait and service gate (for keys of the principal, its facts only).
    fn presence_terms(&self, entry: &KeyEntry) -> (Term, Term) {
        let info = &entry.info;
        let gate = self.gate(entry);
        let vpce = term::var(&self.vars.via_vpc_endpoint);
        let mut allowed = Vec::new();
        let mut required = Vec::new();
        for shape in PrincipalShape::ALL {
            let mut shape_allowed = Vec::new();
            let mut shape_required = Vec::new();
            for via in [false, true] {
                if via && !info.depends_on_vpc_endpoint() {
                    continue;
                }
                for lists in [true, false] {
                    if !lists && !info.service_gated {
                        continue;
                    }
                    let traits = RequestTraits {
                        shape,
                        via_vpc_endpoint: via,
                        action_lists_key: lists,
                        owner_in_org: self.owner_org.as_ref().map(|_| true),
                    };
                    let presence = fact_presence(info, &traits);
                    let mut when = Vec::new();
                    if info.depends_on_vpc_endpoint() {
                        when.push(if via {
                            vpce.clone()
                        } else {
                            term::not(vpce.clone())
                        });
                    }
                    if info.service_gated {
                        when.push(if lists {
                            gate.clone()
                        } else {
                            term::not(gate.clone())
                        });
                    }
                    match presence {
                        Presence::Never => {}
                        Presence::Maybe => shape_allowed.push(term::and(when)),
                        Presence::Always => {
                            shape_allowed.push(term::and(when.clone()));
                            shape_required.push(term::and(when));
                        }
                    }
                }
            }
            allowed.push((shape, term::or(shape_allowed)));
            required.push((shape, term::or(shape_required)));
        }
        (self.by_shape(allowed), self.by_shape(required))
    }

    /// The formula that is `f` when the principal has shape `s`, for each
    /// `(s, f)`. The shapes cover the domain, one shape per request, so when
    /// every shape has the same formula it is that formula.
    fn by_shape(&self, cases: Vec<(PrincipalShape, Term)>) -> Term {
        if let Some((_, first)) = cases.first() {
            if cases.iter().all(|(_, f)| f == first) {
                return first.clone();
            }
        }
        term::or(
            cases
                .into_iter()
                .map(|(shape, f)| term::and([self.shape_is(shape), f])),
        )
    }

    /// Shapes of values (accounts, organization ids, ARNs, addresses, ...)
    /// and the typed views a native type forces.
    fn value_domain(&self, entry: &KeyEntry, vars: &KeyVars) -> Result<Term, EncodeError> {
        let mut parts = Vec::new();
        let view = vars.view();
        let key_shape = value_shape_patterns(entry.info.shape);
        for element in &vars.elements {
            let used = term::var(&element.used);
            match view {
                View::Text => {
                    if let KeySource::Principal(pk) = entry.info.source {
                        for shape in PrincipalShape::ALL {
                            let fact = match derivation(shape, pk) {
                                Derivation::Fact(f) | Derivation::PresentFact(f) => f,
                                _ => continue,
                            };
                            let patterns = fact_shape_patterns(fact, &self.partition)
                                .or_else(|| key_shape.clone());
                            if let Some(patterns) = patterns {
                                parts.push(term::implies(
                                    term::and([used.clone(), self.shape_is(shape)]),
                                    in_any(&element.text, patterns)?,
                                ));
                            }
                        }
                    } else if let Some(patterns) = &key_shape {
                        parts.push(term::implies(
                            used.clone(),
                            in_any(&element.text, patterns.iter().cloned())?,
                        ));
                    }
                }
                View::Number => parts.push(number_domain(element, &entry.info, used)?),
                View::Date => parts.push(date_domain(element, &entry.info, used)?),
                View::Ip => {
                    if entry.info.shape == ValueShape::Ip {
                        parts.push(term::implies(used, term::var(&element.ip.1)));
                    }
                }
            }
        }
        Ok(term::and(parts))
    }

    /// The constraints that keep policy variables to their cases.
    fn variable_domains(&self) -> Vec<Term> {
        self.variables
            .values()
            .flat_map(|v| v.domain.iter().cloned())
            .collect()
    }

    /// A principal belongs to at most one account. Stated once through an
    /// index variable (`arn ∈ account(i) ⟺ index = i`), so that the solver
    /// never has to learn the pairwise exclusions one conflict at a time.
    fn account_exclusivity(&self) -> Result<Term, EncodeError> {
        let accounts: Vec<&String> = match &self.principal_accounts {
            Some(accounts) => accounts.values().collect(),
            None => self.universe.accounts.iter().collect(),
        };
        if accounts.len() < 2 {
            return Ok(term::tru());
        }
        let index = &self.vars.account_index;
        let mut parts = vec![int_range(index, -1, accounts.len() as i128)];
        for (i, account) in accounts.iter().enumerate() {
            let member =
                term::in_pattern(&self.vars.arn, &account_pattern(&self.partition, account))?;
            parts.push(term::iff(member, int_eq(index, i as i128)));
        }
        Ok(term::and(parts))
    }

    /// Principals of the known members of the owner's organization carry
    /// its id; organization paths start with the organization id of the
    /// principal.
    fn organization_rules(&self) -> Result<Term, EncodeError> {
        let mut parts = Vec::new();
        let org_id = self
            .key("aws:principalorgid")
            .and_then(|e| e.vars.as_ref())
            .and_then(|v| {
                v.elements
                    .first()
                    .map(|e| (term::var(&v.present), e.text.clone()))
            });
        let Some((org_present, org_text)) = org_id else {
            return Ok(term::tru());
        };
        if let Some(org) = &self.owner_org {
            for account in &self.org_members {
                parts.push(term::implies(
                    identity_of_account(self, account)?,
                    term::and([org_present.clone(), term::str_eq(&org_text, org)?]),
                ));
            }
        }
        if let Some(paths) = self
            .key("aws:principalorgpaths")
            .and_then(|e| e.vars.as_ref())
        {
            // A member of an organization has both keys, and at least one
            // path; a principal outside any organization has neither.
            parts.push(term::iff(term::var(&paths.present), org_present.clone()));
            parts.push(term::implies(
                org_present.clone(),
                term::or(paths.elements.iter().map(|e| term::var(&e.used))),
            ));
            for element in &paths.elements {
                for org in &self.universe.orgs {
                    let under = Pattern::new(
                        [
                            Token::Literal(format!("{org}/")),
                            Token::AnyString { except: None },
                        ],
                        false,
                    );
                    parts.push(term::implies(
                        term::var(&element.used),
                        term::iff(
                            term::in_pattern(&element.text, &under)?,
                            term::and([org_present.clone(), term::str_eq(&org_text, org)?]),
                        ),
                    ));
                }
            }
        }
        Ok(term::and(parts))
    }
}

/// The presence of a key's *free variables*: for a key of the principal,
/// present only where it is a fact; otherwise [`KeyInfo::presence`].
fn fact_presence(info: &KeyInfo, traits: &RequestTraits) -> Presence {
    let KeySource::Principal(pk) = info.source else {
        return info.presence(traits);
    };
    let own = match derivation(traits.shape, pk) {
        Derivation::Fact(_) => Presence::Maybe,
        Derivation::PresentFact(_) => Presence::Always,
        _ => Presence::Never,
    };
    let gate = if info.service_gated && !traits.action_lists_key {
        Presence::Never
    } else {
        Presence::Always
    };
    gate.and(own)
}

/// Numbers parse back from their printed form; a numeric key's value is a
/// number.
fn number_domain(element: &ElementVars, info: &KeyInfo, used: Term) -> Result<Term, EncodeError> {
    let (value, ok) = &element.number;
    let bound = 10i128.pow(30);
    let mut parts = vec![term::implies(
        term::var(ok),
        term::and([
            super::compare::ordered(term::var(value), Order::GreaterOrEqual, -bound)?,
            super::compare::ordered(term::var(value), Order::LessOrEqual, bound)?,
        ]),
    )];
    if info
        .value_type
        .is_some_and(|t| t.element_type() == crate::catalog::KeyType::Numeric)
    {
        parts.push(term::implies(used, term::var(ok)));
    }
    Ok(term::and(parts))
}

/// The dates a request can carry: ISO 8601 from year 0000 to 9999 with
/// milliseconds, or later dates in whole epoch seconds; a date key's value
/// is a date.
fn date_domain(element: &ElementVars, info: &KeyInfo, used: Term) -> Result<Term, EncodeError> {
    use super::compare::ordered;
    let d = &element.date;
    let seconds = || term::var(&d.seconds);
    let millis = || term::var(&d.millis);
    let iso = term::and([
        ordered(seconds(), Order::GreaterOrEqual, MIN_ISO_SECONDS)?,
        ordered(seconds(), Order::LessOrEqual, MAX_ISO_SECONDS)?,
        ordered(millis(), Order::GreaterOrEqual, 0)?,
        ordered(millis(), Order::Less, 1000)?,
    ]);
    let epoch = term::and([
        ordered(seconds(), Order::Greater, MAX_ISO_SECONDS)?,
        ordered(seconds(), Order::LessOrEqual, MAX_EPOCH_SECONDS)?,
        ordered(millis(), Order::Equal, 0)?,
    ]);
    let mut parts = vec![term::implies(term::var(&d.ok), term::or([iso, epoch]))];
    if info
        .value_type
        .is_some_and(|t| t.element_type() == crate::catalog::KeyType::Date)
    {
        parts.push(term::implies(used, term::var(&d.ok)));
    }
    Ok(term::and(parts))
}

/// 0000-01-01T00:00:00Z in epoch seconds.
pub const MIN_ISO_SECONDS: i128 = -62_167_219_200;
/// 9999-12-31T23:59:59Z in epoch seconds.
pub const MAX_ISO_SECONDS: i128 = 253_402_300_799;
/// The largest epoch seconds a date parses from (milliseconds fit an i64).
pub const MAX_EPOCH_SECONDS: i128 = (i64::MAX / 1000) as i128;

/// The string variable is in one of the patterns' languages.
pub fn in_any(
    var: &zoneproof_encodings::term::Var,
    patterns: impl IntoIterator<Item = Pattern>,
) -> Result<Term, EncodeError> {
    let mut any = Vec::new();
    for p in patterns {
        any.push(term::in_pattern(var, &p)?);
    }
    Ok(term::or(any))
}

/// A comparison on an account (a 12-digit string) as patterns over its
/// text: text comparisons as they are, numbers and dates through digit
/// ranges.
fn account_text_patterns(comparison: &Comparison) -> Vec<Pattern> {
    match comparison {
        Comparison::Text(patterns) => patterns.clone(),
        Comparison::Number(order, c) => {
            digit_range_patterns(12, crate::value::DECIMAL_SCALE, *order, *c)
        }
        Comparison::Date(order, c) => digit_range_patterns(12, 1000, *order, *c),
        Comparison::Ip(..) | Comparison::Never => Vec::new(),
    }
}

/// Tokens of a pattern whose wildcards may not match `c`.
fn excluding(tokens: &[Token], c: char) -> Option<Vec<Token>> {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        out.push(match token {
            Token::AnyString { except: None } => Token::AnyString { except: Some(c) },
            Token::AnyChar { except: None } => Token::AnyChar { except: Some(c) },
            Token::OneOf(chars) => {
                let kept: Vec<char> = chars.iter().copied().filter(|x| *x != c).collect();
                if kept.is_empty() {
                    return None;
                }
                Token::OneOf(kept)
            }
            Token::ManyOf(chars) => {
                Token::ManyOf(chars.iter().copied().filter(|x| *x != c).collect())
            }
            Token::Literal(text) if text.contains(c) => return None,
            other => other.clone(),
        });
    }
    Some(out)
}

/// The ARNs of IAM users whose name (the last segment) is in `name`'s
/// language.
pub fn user_name_like(partition: &str, name: &Pattern) -> Vec<Pattern> {
    let Some(inner) = excluding(name.tokens(), '/') else {
        return Vec::new();
    };
    let head = [
        Token::Literal(format!("arn:{partition}:iam::")),
        Token::AnyString { except: Some(':') },
        Token::Literal(":user/".into()),
    ];
    let direct = head.iter().cloned().chain(inner.iter().cloned());
    let with_path = head
        .iter()
        .cloned()
        .chain([
            Token::AnyString { except: None },
            Token::Literal("/".into()),
        ])
        .chain(inner.iter().cloned());
    vec![
        Pattern::new(direct, name.is_case_insensitive()),
        Pattern::new(with_path, name.is_case_insensitive()),
    ]
}

/// The ARNs of STS federated users whose `ACCOUNT:NAME` is in `value`'s
/// language: one pattern for each way the single `:` of the value can fall
/// on the pattern.
pub fn federated_user_like(partition: &str, value: &Pattern) -> Vec<Pattern> {
    let tokens = value.tokens();
    let mut splits: Vec<(Vec<Token>, Vec<Token>)> = Vec::new();
    let literal_colons: usize = tokens
        .iter()
        .map(|t| match t {
            Token::Literal(text) => text.matches(':').count(),
            _ => 0,
        })
        .sum();
    for (i, token) in tokens.iter().enumerate() {
        let before = tokens.get(..i).unwrap_or_default().to_vec();
        let after = tokens.get(i + 1..).unwrap_or_default().to_vec();
        match token {
            Token::Literal(text) if literal_colons == 1 && text.contains(':') => {
                if let Some((a, b)) = text.split_once(':') {
                    let mut left = before;
                    left.push(Token::Literal(a.to_string()));
                    let mut right = vec![Token::Literal(b.to_string())];
                    right.extend(after);
                    splits.push((left, right));
                }
            }
            Token::AnyString { except: None } if literal_colons == 0 => {
                let mut left = before;
                left.push(Token::AnyString { except: None });
                let mut right = vec![Token::AnyString { except: None }];
                right.extend(after);
                splits.push((left, right));
            }
            Token::AnyChar { except: None } if literal_colons == 0 => {
                splits.push((before, after));
            }
            Token::OneOf(chars) if literal_colons == 0 && chars.contains(&':') => {
                splits.push((before, after));
            }
            Token::ManyOf(chars) if literal_colons == 0 && chars.contains(&':') => {
                let mut left = before;
                left.push(token.clone());
                let mut right = vec![token.clone()];
                right.extend(after);
                splits.push((left, right));
            }
            _ => {}
        }
    }
    splits
        .into_iter()
        .filter_map(|(left, right)| {
            let left = excluding(&left, ':')?;
            let right = excluding(&right, ':')?;
            Some(Pattern::new(
                [Token::Literal(format!("arn:{partition}:sts::"))]
                    .into_iter()
                    .chain(left)
                    .chain([Token::Literal(":federated-user/".into())])
                    .chain(right),
                value.is_case_insensitive(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_name_patterns_follow_the_arn() {
        let users = user_name_like("aws", &Pattern::wildcard("bo*"));
        assert!(users
            .iter()
            .any(|p| p.matches("arn:aws:iam::111122223333:user/ops/bob")));
        assert!(!users
            .iter()
            .any(|p| p.matches("arn:aws:iam::111122223333:user/bo/carol")));
        let feds = federated_user_like("aws", &Pattern::wildcard("1111*:bob"));
        assert!(feds
            .iter()
            .any(|p| p.matches("arn:aws:sts::111122223333:federated-user/bob")));
        let any = federated_user_like("aws", &Pattern::wildcard("*"));
        assert!(any
            .iter()
            .any(|p| p.matches("arn:aws:sts::111122223333:federated-user/bob")));
        assert!(federated_user_like("aws", &Pattern::literal("a:b:c")).is_empty());
    }
}
