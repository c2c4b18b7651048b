//! IAM semantics as formulas over a symbolic request.
//!
//! The encoder mirrors the concrete evaluator construct by construct: each
//! `encode_*` function names the `eval` function it mirrors. The query it
//! builds is `domain ∧ external ∧ allowed`, and it registers the atoms that
//! describe a finding (who the principal is, which restricting keys the
//! policy pins) for the enumeration in [`crate::analysis`].

mod actions;
mod condition;
pub mod keys;
mod principal;
pub mod universe;
pub mod vars;

pub use actions::{action_classes, ActionClass};

use crate::eval::patterns::arn_pattern;
use crate::eval::variables::{self, Part, Piece};
use crate::eval::Context;
use crate::policy::{Effect, Policy, Statement};
use crate::resource::{PolicyKind, ResourceType};
use crate::zone::Zone;
use keys::{key_role, KeyRole, Presence, PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS};
use std::collections::BTreeMap;
use universe::{PrincipalKind, Universe};
use vars::{int_range, KeyTable, KeyVars, RequestVars, View};
use zoneproof_encodings::pattern::{Pattern, Token};
use zoneproof_encodings::term::{self, Sort, Term, TermError, Var};

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

/// Options of the external-access question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionOptions {
    /// Report service principals allowed without a source condition
    /// (`ExternalAccessViaService`).
    pub service_findings: bool,
}

impl Default for QuestionOptions {
    fn default() -> Self {
        QuestionOptions {
            service_findings: true,
        }
    }
}

/// What a principal-describing atom says, for rendering findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalFact {
    /// The principal is of this kind.
    Kind(PrincipalKind),
    /// The AWS principal belongs to this named (external) account.
    Account(String),
    /// The AWS principal is this named identity, session or opaque id.
    Named(String),
    /// The service principal is this one.
    Service(String),
    /// The identity provider is this one.
    Provider(String),
    /// The canonical user is this one.
    CanonicalUser(String),
}

/// A principal-describing atom.
#[derive(Debug, Clone)]
pub struct PrincipalAtom {
    /// What it says.
    pub fact: PrincipalFact,
    /// The formula.
    pub term: Term,
}

/// A restricting-key atom: the key's value compares with a policy value.
#[derive(Debug, Clone)]
pub struct ConditionAtom {
    /// The key, as first written in the policy.
    pub key: String,
    /// The policy value.
    pub value: String,
    /// The formula.
    pub term: Term,
}

/// The encoded question for one resource.
#[derive(Debug, Clone)]
pub struct Question {
    /// `domain ∧ external ∧ allowed`.
    pub query: Term,
    /// Principal atoms (the first dimension of a cell).
    pub principal_atoms: Vec<PrincipalAtom>,
    /// Restricting-key atoms (the second dimension of a cell).
    pub condition_atoms: Vec<ConditionAtom>,
    /// The request variables.
    pub vars: RequestVars,
    /// The context-key variables.
    pub keys: KeyTable,
    /// The action classes (index = value of the action variable).
    pub classes: Vec<ActionClass>,
    /// The principal universe.
    pub universe: Universe,
}

/// Builds the formulas of one resource's external-access question.
pub struct Encoder<'a> {
    policy: &'a Policy,
    resource_type: ResourceType,
    resource_arn: &'a str,
    owner: String,
    zone: &'a Zone,
    options: QuestionOptions,
    universe: Universe,
    vars: RequestVars,
    keys: KeyTable,
    key_uses: BTreeMap<String, (usize, bool)>,
    classes: Vec<ActionClass>,
    condition_atoms: Vec<ConditionAtom>,
    /// Constraints that keep variable stand-ins representative.
    variable_domains: Vec<Term>,
    /// Whether AWS principals of unnamed accounts are represented by
    /// [`STAND_IN_ACCOUNT`].
    stand_in_accounts: bool,
}

/// The account that stands for every account a policy does not name, when
/// a policy variable needs the principal's account as text.
pub const STAND_IN_ACCOUNT: &str = "999999999999";

/// The `aws:PrincipalAccount` of a service principal: AWS documents the key
/// as present in every request; a service's own account is AWS's, never in
/// the zone (zoneproof's decision).
pub const SERVICE_ACCOUNT: &str = "aws-service";

/// The value that stands for every value of a key that the policy does not
/// compare it with, when the key is used as a policy variable.
pub const STAND_IN_VALUE: &str = "zoneproof-other-value";

impl<'a> Encoder<'a> {
    /// Prepares the encoding of `policy` attached to `resource_arn`.
    pub fn new(
        policy: &'a Policy,
        resource_type: ResourceType,
        resource_arn: &'a str,
        zone: &'a Zone,
        options: QuestionOptions,
    ) -> Result<Encoder<'a>, EncodeError> {
        let partition = crate::resource::split_arn(resource_arn)
            .map_or("aws", |p| p.partition)
            .to_string();
        let classes = action_classes(policy, resource_type)?;
        let mut key_uses: BTreeMap<String, (usize, bool)> = BTreeMap::new();
        for condition in policy.statements.iter().flat_map(|s| &s.conditions) {
            let entry = key_uses
                .entry(condition.key.to_ascii_lowercase())
                .or_default();
            entry.0 += 1;
            entry.1 |= condition.operator.set.is_some();
        }
        Ok(Encoder {
            policy,
            resource_type,
            resource_arn,
            owner: zone.account.clone(),
            zone,
            options,
            universe: Universe::collect(policy, zone, &partition),
            vars: RequestVars::new(),
            keys: KeyTable::new(),
            key_uses,
            classes,
            condition_atoms: Vec::new(),
            variable_domains: Vec::new(),
            stand_in_accounts: false,
        })
    }

    /// Encodes the whole question.
    pub fn encode(mut self) -> Result<Question, EncodeError> {
        if self.zone.org.is_some() {
            self.free_key("aws:PrincipalOrgID", false);
        }
        let allowed = self.encode_policy()?;
        let external = self.encode_external()?;
        let domain = self.encode_domain()?;
        self.check_views()?;
        let principal_atoms = self.principal_atoms()?;
        Ok(Question {
            query: term::and([domain, external, allowed]),
            principal_atoms,
            condition_atoms: self.condition_atoms,
            vars: self.vars,
            keys: self.keys,
            classes: self.classes,
            universe: self.universe,
        })
    }

    /// Mirrors `eval::evaluate`: some Allow statement applies and no Deny does.
    fn encode_policy(&mut self) -> Result<Term, EncodeError> {
        let mut allows = Vec::new();
        let mut denies = Vec::new();
        for statement in &self.policy.statements {
            let applies = self.encode_statement(statement)?;
            match statement.effect {
                Effect::Allow => allows.push(applies),
                Effect::Deny => denies.push(applies),
            }
        }
        Ok(term::and([term::or(allows), term::not(term::or(denies))]))
    }

    /// The formula of one statement applying to the request; mirrors
    /// `eval::statement_matches`.
    pub fn encode_statement(&mut self, statement: &Statement) -> Result<Term, EncodeError> {
        let principal = self.encode_principal_clause(statement.principal.as_ref())?;
        let action = self.encode_action_clause(statement.index);
        let resource = self.encode_resource_clause(statement)?;
        let mut parts = vec![principal, action, resource];
        for condition in &statement.conditions {
            parts.push(self.encode_condition(condition)?);
        }
        Ok(term::and(parts))
    }

    /// Mirrors `eval::action_clause_matches` through the action classes: the
    /// catalog actions are evaluated concretely once, and the statement
    /// matches the classes whose actions it matches.
    fn encode_action_clause(&self, statement_index: usize) -> Term {
        term::or(
            self.classes
                .iter()
                .enumerate()
                .filter(|(_, c)| c.statements.get(statement_index).copied().unwrap_or(false))
                .map(|(i, _)| self.vars.action_is(i)),
        )
    }

    /// Mirrors `eval::resource_clause_matches`: no element matches the
    /// attached resource; wildcards stay within ARN segments.
    fn encode_resource_clause(&mut self, statement: &Statement) -> Result<Term, EncodeError> {
        let Some(clause) = &statement.resource else {
            return Ok(term::tru());
        };
        let mut any = Vec::with_capacity(clause.patterns.len());
        for (i, text) in clause.patterns.iter().enumerate() {
            let path = format!("{}.Resource[{i}]", statement.path);
            for (guard, parts) in self.policy_cases(text, true, &path)? {
                let pattern = arn_pattern(&parts);
                any.push(term::and([
                    guard,
                    term::in_pattern(&self.vars.resource, &pattern)?,
                ]));
            }
        }
        let matched = term::or(any);
        Ok(if clause.negated {
            term::not(matched)
        } else {
            matched
        })
    }

    /// The instantiations of a policy value, one per case of its policy
    /// variables: `(guard, parts)`, where the guard says when the request's
    /// values give that instantiation. Cases in which a variable has no value
    /// and no default are left out: the policy value then matches nothing
    /// (`eval::variables::resolve`). Without variables: one case, guard true.
    fn policy_cases(
        &mut self,
        text: &str,
        substitute: bool,
        path: &str,
    ) -> Result<Vec<(Term, Vec<Part>)>, EncodeError> {
        let pieces = variables::pieces(text, substitute && self.policy.variables_enabled());
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
            let cases = self.variable_cases(key, path)?;
            let mut next = Vec::with_capacity(combinations.len() * cases.len());
            for (guard, context) in &combinations {
                for (case_guard, value) in &cases {
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
            .filter_map(|(guard, context)| {
                variables::resolve(&pieces, &context).map(|parts| (guard, parts))
            })
            .collect())
    }

    /// The cases of one policy variable: `(guard, value)`, the guards
    /// partitioning the requests (`None`: the key has no single value).
    /// Keys the request chooses take one of the values the policy compares
    /// them with, or one stand-in for every other value; AWS principals
    /// belong to a named account or to one stand-in account. Fresh values
    /// are interchangeable as long as no wildcard pattern tells them apart;
    /// when one could, the question is unsupported (fail closed).
    fn variable_cases(
        &mut self,
        key: &str,
        path: &str,
    ) -> Result<Vec<(Term, Option<String>)>, EncodeError> {
        let unsupported = || {
            EncodeError::Unsupported(format!(
                "{path}: policy variable `${{{key}}}` depends on the request in a way the analysis cannot decide exactly"
            ))
        };
        if let Some(value) = self.resource_fact(key) {
            return Ok(vec![(term::tru(), Some(value))]);
        }
        let lowercase = key.to_ascii_lowercase();
        match key_role(&lowercase) {
            KeyRole::Principal(keys::PrincipalKey::Account) => {
                self.account_cases(true, &unsupported)
            }
            KeyRole::Principal(keys::PrincipalKey::CallerAccount) => {
                self.account_cases(false, &unsupported)
            }
            KeyRole::Principal(_) => Err(unsupported()),
            KeyRole::Resource(_) | KeyRole::Restricting(_) | KeyRole::CallerControlled => {
                self.free_value_cases(key, &lowercase, &unsupported)
            }
        }
    }

    /// `${aws:PrincipalAccount}` (`anonymous` for anonymous callers) and
    /// `${kms:CallerAccount}`.
    fn account_cases(
        &mut self,
        anonymous: bool,
        unsupported: &dyn Fn() -> EncodeError,
    ) -> Result<Vec<(Term, Option<String>)>, EncodeError> {
        if self.distinguishes_accounts() {
            return Err(unsupported());
        }
        let v = &self.vars;
        let aws = term::and([v.kind_is(PrincipalKind::Aws), term::not(self.is_opaque())]);
        let mut accounts: Vec<String> = self.universe.accounts.iter().cloned().collect();
        accounts.push(STAND_IN_ACCOUNT.to_string());
        let mut cases = Vec::new();
        if anonymous {
            cases.push((
                v.kind_is(PrincipalKind::Anonymous),
                Some("anonymous".to_string()),
            ));
            cases.push((
                v.kind_is(PrincipalKind::Service),
                Some(SERVICE_ACCOUNT.to_string()),
            ));
        }
        for account in &accounts {
            let member = term::in_pattern(&v.arn, &self.universe.account_pattern(account))?;
            cases.push((term::and([aws.clone(), member]), Some(account.clone())));
        }
        let covered = term::or(cases.iter().map(|(g, _)| g.clone()));
        cases.push((term::not(covered), None));
        self.stand_in_accounts = true;
        Ok(cases)
    }

    /// Whether the policy singles out some accounts among those it does not
    /// name (a partial wildcard over account ids), so that one stand-in
    /// account cannot represent them all.
    fn distinguishes_accounts(&self) -> bool {
        self.policy
            .statements
            .iter()
            .flat_map(|s| &s.conditions)
            .any(|c| {
                let key = c.key.to_ascii_lowercase();
                matches!(key.as_str(), "aws:principalaccount" | "kms:calleraccount")
                    && c.values.iter().any(|v| v.contains(['*', '?']) && v != "*")
            })
    }

    /// A key the request carries freely, used as a variable: absent, equal
    /// to one of the literals the policy compares it with, or a stand-in.
    fn free_value_cases(
        &mut self,
        key: &str,
        lowercase: &str,
        unsupported: &dyn Fn() -> EncodeError,
    ) -> Result<Vec<(Term, Option<String>)>, EncodeError> {
        let mut literals: Vec<String> = Vec::new();
        for condition in self.policy.statements.iter().flat_map(|s| &s.conditions) {
            if !condition.key.eq_ignore_ascii_case(key) {
                continue;
            }
            if condition.operator.set.is_some()
                || condition.values.iter().any(|v| v.contains(['*', '?', '$']))
                || !matches!(
                    condition.operator.base.family(),
                    crate::policy::OperatorFamily::String | crate::policy::OperatorFamily::Null
                )
            {
                return Err(unsupported());
            }
            if condition.operator.base != crate::policy::BaseOperator::Null {
                literals.extend(condition.values.iter().cloned());
            }
        }
        literals.sort();
        literals.dedup();
        literals.push(STAND_IN_VALUE.to_string());
        self.free_key(key, false);
        let Some(vars) = self.keys.get(lowercase).cloned() else {
            return Err(unsupported());
        };
        let Some(element) = vars.elements.first() else {
            return Err(unsupported());
        };
        if vars.multivalued {
            return Err(unsupported());
        }
        let present = term::var(&vars.present);
        let mut cases = vec![(term::not(present.clone()), None)];
        let mut domain = Vec::new();
        for literal in &literals {
            let equal = term::str_eq(&element.text, literal)?;
            domain.push(equal.clone());
            cases.push((term::and([present.clone(), equal]), Some(literal.clone())));
        }
        self.variable_domains
            .push(term::implies(present, term::or(domain)));
        Ok(cases)
    }

    /// The value of a key that describes the analysed resource.
    fn resource_fact(&self, key: &str) -> Option<String> {
        match key_role(key) {
            KeyRole::Resource(keys::ResourceKey::Account) => Some(self.owner.clone()),
            KeyRole::Resource(keys::ResourceKey::OrgId) => self.zone.org.clone(),
            _ => None,
        }
    }

    /// Creates the variables of a free context key on first use.
    fn free_key(&mut self, key: &str, set_operator: bool) {
        let lowercase = key.to_ascii_lowercase();
        if self.keys.contains_key(&lowercase) {
            return;
        }
        let (uses, any_set) = self.key_uses.get(&lowercase).copied().unwrap_or((1, false));
        let multivalued = set_operator || any_set || keys::is_known_multivalued(&lowercase);
        let elements = if multivalued { uses.max(1) } else { 1 };
        self.keys.insert(
            lowercase.clone(),
            KeyVars::new(
                &keys::canonical_key_name(key),
                &lowercase,
                elements,
                multivalued,
            ),
        );
    }

    fn register_atom(&mut self, key: &str, value: &str, term: Term) {
        if self.condition_atoms.iter().any(|a| a.term == term) {
            return;
        }
        self.condition_atoms.push(ConditionAtom {
            key: key.to_string(),
            value: value.to_string(),
            term,
        });
    }

    /// A key compared as both text and number (say) cannot be decoded into
    /// one request value: fail closed.
    fn check_views(&self) -> Result<(), EncodeError> {
        for vars in self.keys.values() {
            if vars.views.len() > 1 {
                return Err(EncodeError::Unsupported(format!(
                    "key `{}` is compared with operators of different types ({:?})",
                    vars.display, vars.views
                )));
            }
        }
        Ok(())
    }

    /// The request's domain: principal kinds and identity shapes, action
    /// classes and their resources, presence rules of the context keys, and
    /// the organization of zone accounts.
    fn encode_domain(&mut self) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let mut parts = vec![int_range(&v.kind, 0, PrincipalKind::ALL.len() as i128)];
        let mut shapes = Vec::new();
        for shape in self.universe.identity_shapes() {
            shapes.push(term::in_pattern(&v.arn, &shape)?);
        }
        for named in self.universe.sessions.iter().chain(&self.universe.opaque) {
            shapes.push(term::str_eq(&v.arn, named)?);
        }
        parts.push(term::implies(
            v.kind_is(PrincipalKind::Aws),
            term::or(shapes),
        ));
        let nonempty = Pattern::new(
            [
                Token::AnyChar { except: None },
                Token::AnyString { except: None },
            ],
            false,
        );
        for (kind, name) in [
            (PrincipalKind::Service, &v.service),
            (PrincipalKind::Federated, &v.provider),
            (PrincipalKind::CanonicalUser, &v.canonical),
        ] {
            parts.push(term::implies(
                v.kind_is(kind),
                term::in_pattern(name, &nonempty)?,
            ));
        }
        if self.resource_type.policy_kind() == PolicyKind::Trust {
            parts.push(self.role_assumption()?);
        } else {
            // Federated identities act only by assuming roles.
            parts.push(term::not(v.kind_is(PrincipalKind::Federated)));
        }
        if !matches!(
            self.resource_type,
            ResourceType::S3Bucket | ResourceType::S3ExpressDirectoryBucket
        ) && self.universe.canonical_users.is_empty()
        {
            // Canonical user ids are S3's; elsewhere only a policy that
            // names one can be reached by one.
            parts.push(term::not(v.kind_is(PrincipalKind::CanonicalUser)));
        }
        parts.push(int_range(&v.action, 0, self.classes.len() as i128));
        for (index, class) in self.classes.iter().enumerate() {
            let mut resources = Vec::new();
            for kind in &class.kinds {
                for pattern in self
                    .resource_type
                    .resource_patterns(kind, self.resource_arn)
                {
                    resources.push(term::in_pattern(&v.resource, &pattern)?);
                }
            }
            parts.push(term::implies(v.action_is(index), term::or(resources)));
        }
        parts.push(self.key_presence()?);
        parts.push(self.account_exclusivity()?);
        parts.extend(self.variable_domains.iter().cloned());
        if self.stand_in_accounts {
            let mut accounts = vec![term::in_pattern(
                &v.arn,
                &self.universe.account_pattern(STAND_IN_ACCOUNT),
            )?];
            for account in &self.universe.accounts {
                accounts.push(term::in_pattern(
                    &v.arn,
                    &self.universe.account_pattern(account),
                )?);
            }
            parts.push(term::implies(
                term::and([v.kind_is(PrincipalKind::Aws), term::not(self.is_opaque())]),
                term::or(accounts),
            ));
        }
        parts.push(self.organization_rules()?);
        Ok(term::and(parts))
    }

    /// A role is reached by assuming it: AWS and service principals with
    /// `sts:AssumeRole`, SAML providers with `sts:AssumeRoleWithSAML`, other
    /// identity providers with `sts:AssumeRoleWithWebIdentity`; anonymous
    /// and canonical-user callers cannot assume roles. The other trust
    /// actions (`sts:TagSession`, ...) grant nothing without an assumption.
    fn role_assumption(&self) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let class_of = |action: &str| -> Term {
            term::or(
                self.classes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.actions.iter().any(|a| a.eq_ignore_ascii_case(action)))
                    .map(|(i, _)| v.action_is(i)),
            )
        };
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
        let is_saml = term::in_pattern(&v.provider, &provider_arn("saml-provider"))?;
        let is_oidc = term::or([
            term::in_pattern(&v.provider, &provider_arn("oidc-provider"))?,
            term::not(term::in_pattern(&v.provider, &Pattern::wildcard("arn:*"))?),
        ]);
        Ok(term::or([
            term::and([
                term::or([
                    v.kind_is(PrincipalKind::Aws),
                    v.kind_is(PrincipalKind::Service),
                ]),
                class_of("sts:AssumeRole"),
            ]),
            term::and([
                v.kind_is(PrincipalKind::Federated),
                term::not(is_oidc),
                class_of("sts:AssumeRoleWithSAML"),
            ]),
            term::and([
                v.kind_is(PrincipalKind::Federated),
                term::not(is_saml),
                class_of("sts:AssumeRoleWithWebIdentity"),
            ]),
        ]))
    }

    /// A principal belongs to at most one account. Stated once through an
    /// index variable (`arn ∈ account(i) ⟺ index = i`), so that the solver
    /// never has to learn the pairwise exclusions one conflict at a time.
    fn account_exclusivity(&self) -> Result<Term, EncodeError> {
        let mut accounts: Vec<&str> = self.universe.accounts.iter().map(String::as_str).collect();
        if self.stand_in_accounts {
            accounts.push(STAND_IN_ACCOUNT);
        }
        if accounts.len() < 2 {
            return Ok(term::tru());
        }
        let index = Var::new("p.account_index", Sort::Int);
        let mut parts = vec![int_range(&index, -1, accounts.len() as i128)];
        for (i, account) in accounts.iter().enumerate() {
            let member = term::in_pattern(&self.vars.arn, &self.universe.account_pattern(account))?;
            parts.push(term::iff(member, vars::int_eq(&index, i as i128)));
        }
        Ok(term::and(parts))
    }

    fn key_presence(&self) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let mut parts = Vec::new();
        for (key, vars) in &self.keys {
            parts.push(vars.domain());
            let allowed_kind = match key_role(key) {
                KeyRole::Restricting(Presence::AwsPrincipal) => Some(term::and([
                    v.kind_is(PrincipalKind::Aws),
                    term::not(self.is_opaque()),
                ])),
                KeyRole::Restricting(Presence::Service) => Some(v.kind_is(PrincipalKind::Service)),
                KeyRole::Restricting(Presence::Federated) => {
                    Some(v.kind_is(PrincipalKind::Federated))
                }
                _ => None,
            };
            if let Some(kind) = allowed_kind {
                parts.push(term::implies(term::var(&vars.present), kind));
            }
            if let Some(shape) = value_shape(key) {
                for e in &vars.elements {
                    parts.push(term::implies(
                        term::var(&e.used),
                        term::in_pattern(&e.text, &shape)?,
                    ));
                }
            }
        }
        Ok(term::and(parts))
    }

    /// Zone accounts of an organization zone have the zone's organization id;
    /// organization paths start with the organization id.
    fn organization_rules(&mut self) -> Result<Term, EncodeError> {
        let mut parts = Vec::new();
        let Some(org_vars) = self.keys.get(PRINCIPAL_ORG_ID).cloned() else {
            return Ok(term::tru());
        };
        let org_present = term::var(&org_vars.present);
        let org_text = org_vars.elements.first().map(|e| e.text.clone());
        let Some(org_text) = org_text else {
            return Ok(term::tru());
        };
        if let Some(org) = &self.zone.org {
            let members = std::iter::once(&self.zone.account).chain(&self.zone.org_accounts);
            for account in members {
                let pattern = self.universe.account_pattern(account);
                parts.push(term::implies(
                    term::and([
                        self.vars.kind_is(PrincipalKind::Aws),
                        term::in_pattern(&self.vars.arn, &pattern)?,
                    ]),
                    term::and([org_present.clone(), term::str_eq(&org_text, org)?]),
                ));
            }
        }
        if let Some(paths) = self.keys.get(PRINCIPAL_ORG_PATHS) {
            parts.push(term::implies(
                term::var(&paths.present),
                org_present.clone(),
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

    /// `external(request)`: anonymous, federated and canonical callers; AWS
    /// principals outside the zone's accounts and organization; service
    /// principals of a resource policy acting for no resource of the zone.
    fn encode_external(&mut self) -> Result<Term, EncodeError> {
        let v = &self.vars;
        let mut aws_inside = Vec::new();
        for account in self.zone.accounts() {
            aws_inside.push(term::in_pattern(
                &v.arn,
                &self.universe.account_pattern(account),
            )?);
        }
        if let Some(org) = &self.zone.org {
            if let Some(vars) = self.keys.get(PRINCIPAL_ORG_ID) {
                if let Some(e) = vars.elements.first() {
                    aws_inside.push(term::and([
                        term::var(&vars.present),
                        term::str_eq(&e.text, org)?,
                    ]));
                }
            }
        }
        let aws_external = term::and([
            v.kind_is(PrincipalKind::Aws),
            term::not(term::or(aws_inside)),
        ]);
        let service_external = if self.options.service_findings
            && self.resource_type.policy_kind() == PolicyKind::Resource
        {
            term::and([
                v.kind_is(PrincipalKind::Service),
                term::not(self.service_acts_for_zone()?),
            ])
        } else {
            term::fls()
        };
        Ok(term::or([
            v.kind_is(PrincipalKind::Anonymous),
            v.kind_is(PrincipalKind::Federated),
            v.kind_is(PrincipalKind::CanonicalUser),
            aws_external,
            service_external,
        ]))
    }

    /// A service acts for a resource in the zone: aws:SourceAccount,
    /// aws:SourceOwner or the account of aws:SourceArn is a zone account, or
    /// aws:SourceOrgID is the zone's organization.
    fn service_acts_for_zone(&self) -> Result<Term, EncodeError> {
        let mut inside = Vec::new();
        let text_is = |key: &str, pattern: &Pattern| -> Result<Option<Term>, EncodeError> {
            let Some(vars) = self.keys.get(key) else {
                return Ok(None);
            };
            let mut any = Vec::new();
            for e in &vars.elements {
                any.push(term::and([
                    term::var(&e.used),
                    term::in_pattern(&e.text, pattern)?,
                ]));
            }
            Ok(Some(term::or(any)))
        };
        for account in self.zone.accounts() {
            let in_arn = Pattern::new(
                [
                    Token::Literal("arn:".into()),
                    Token::AnyString { except: Some(':') },
                    Token::Literal(":".into()),
                    Token::AnyString { except: Some(':') },
                    Token::Literal(":".into()),
                    Token::AnyString { except: Some(':') },
                    Token::Literal(format!(":{account}:")),
                    Token::AnyString { except: None },
                ],
                false,
            );
            let literal = Pattern::literal(account);
            inside.extend(text_is(keys::SOURCE_ACCOUNT, &literal)?);
            inside.extend(text_is(keys::SOURCE_OWNER, &literal)?);
            inside.extend(text_is(keys::SOURCE_ARN, &in_arn)?);
        }
        if let Some(org) = &self.zone.org {
            inside.extend(text_is(keys::SOURCE_ORG_ID, &Pattern::literal(org))?);
        }
        Ok(term::or(inside))
    }
}

/// The digits of account ids.
pub fn digits() -> Vec<char> {
    ('0'..='9').collect()
}

/// The characters of organization ids after `o-`.
fn org_chars() -> Vec<char> {
    ('0'..='9').chain('a'..='z').collect()
}

/// An account id: 12 digits.
pub fn account_id_shape() -> Vec<Token> {
    (0..12).map(|_| Token::OneOf(digits())).collect()
}

/// An organization id: `o-` and 10 to 32 lowercase letters or digits (the
/// upper bound is not enforced).
fn org_id_shape() -> Vec<Token> {
    std::iter::once(Token::Literal("o-".into()))
        .chain((0..10).map(|_| Token::OneOf(org_chars())))
        .chain([Token::ManyOf(org_chars())])
        .collect()
}

/// The values a key can take in a real request, where IAM fixes their form:
/// `aws:SourceArn` is an ARN (six colon-separated components); account
/// keys are account ids; organization ids are `o-...`; organization paths
/// start with an organization id.
fn value_shape(key: &str) -> Option<Pattern> {
    let any_segment = Token::AnyString { except: Some(':') };
    match key {
        keys::SOURCE_ACCOUNT | keys::SOURCE_OWNER => Some(Pattern::new(account_id_shape(), false)),
        keys::PRINCIPAL_ORG_ID | keys::SOURCE_ORG_ID => Some(Pattern::new(org_id_shape(), false)),
        keys::PRINCIPAL_ORG_PATHS | "aws:sourceorgpaths" => Some(Pattern::new(
            org_id_shape().into_iter().chain([
                Token::Literal("/".into()),
                Token::AnyString { except: None },
            ]),
            false,
        )),
        keys::SOURCE_ARN => Some(Pattern::new(
            [
                Token::Literal("arn:".into()),
                any_segment.clone(),
                Token::Literal(":".into()),
                any_segment.clone(),
                Token::Literal(":".into()),
                any_segment.clone(),
                Token::Literal(":".into()),
                any_segment,
                Token::Literal(":".into()),
                Token::AnyString { except: None },
            ],
            false,
        )),
        _ => None,
    }
}

/// Whether a condition view set is usable (one typed view at most).
pub fn single_view(views: &std::collections::BTreeSet<View>) -> Option<View> {
    let mut iter = views.iter();
    match (iter.next(), iter.next()) {
        (Some(v), None) => Some(*v),
        _ => None,
    }
}
