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
use zoneproof_encodings::term::{self, Term, TermError};

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
}

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
            let entry = key_uses.entry(condition.key.to_ascii_lowercase()).or_default();
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
    fn encode_resource_clause(&self, statement: &Statement) -> Result<Term, EncodeError> {
        let Some(clause) = &statement.resource else {
            return Ok(term::tru());
        };
        let mut any = Vec::with_capacity(clause.patterns.len());
        for (i, text) in clause.patterns.iter().enumerate() {
            let path = format!("{}.Resource[{i}]", statement.path);
            let pattern = arn_pattern(&self.policy_parts(text, true, &path)?);
            any.push(term::in_pattern(&self.vars.resource, &pattern)?);
        }
        let matched = term::or(any);
        Ok(if clause.negated {
            term::not(matched)
        } else {
            matched
        })
    }

    /// The parts of a policy value after substituting the policy variables
    /// the analysis knows (facts about the resource); mirrors
    /// `eval::variables::resolve_text`. A variable that depends on the
    /// request makes the question unsupported (fail closed).
    fn policy_parts(&self, text: &str, substitute: bool, path: &str) -> Result<Vec<Part>, EncodeError> {
        let pieces = variables::pieces(text, substitute && self.policy.variables_enabled());
        let mut known = Context::new();
        for piece in &pieces {
            let Piece::Variable { key, .. } = piece else {
                continue;
            };
            match self.resource_fact(key) {
                Some(value) => {
                    known.insert(key.clone(), value);
                }
                None => {
                    return Err(EncodeError::Unsupported(format!(
                        "{path}: policy variable `${{{key}}}` depends on the request; the analysis cannot decide it exactly"
                    )))
                }
            }
        }
        Ok(variables::resolve(&pieces, &known).unwrap_or_default())
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
            KeyVars::new(&keys::canonical_key_name(key), &lowercase, elements, multivalued),
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
        parts.push(term::implies(v.kind_is(PrincipalKind::Aws), term::or(shapes)));
        let nonempty = Pattern::new(
            [Token::AnyChar { except: None }, Token::AnyString { except: None }],
            false,
        );
        for (kind, name) in [
            (PrincipalKind::Service, &v.service),
            (PrincipalKind::Federated, &v.provider),
            (PrincipalKind::CanonicalUser, &v.canonical),
        ] {
            parts.push(term::implies(v.kind_is(kind), term::in_pattern(name, &nonempty)?));
        }
        if self.resource_type.policy_kind() == PolicyKind::Trust {
            parts.push(self.role_assumption()?);
        }
        parts.push(int_range(&v.action, 0, self.classes.len() as i128));
        for (index, class) in self.classes.iter().enumerate() {
            let mut resources = Vec::new();
            for kind in &class.kinds {
                let pattern = self.resource_type.resource_pattern(kind, self.resource_arn);
                resources.push(term::in_pattern(&v.resource, &pattern)?);
            }
            parts.push(term::implies(v.action_is(index), term::or(resources)));
        }
        parts.push(self.key_presence()?);
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
        let saml = Pattern::new(
            [
                Token::Literal("arn:".into()),
                Token::AnyString { except: Some(':') },
                Token::Literal(":iam::".into()),
                Token::AnyString { except: Some(':') },
                Token::Literal(":saml-provider/".into()),
                Token::AnyString { except: None },
            ],
            false,
        );
        let is_saml = term::in_pattern(&v.provider, &saml)?;
        Ok(term::or([
            term::and([
                term::or([v.kind_is(PrincipalKind::Aws), v.kind_is(PrincipalKind::Service)]),
                class_of("sts:AssumeRole"),
            ]),
            term::and([
                v.kind_is(PrincipalKind::Federated),
                is_saml.clone(),
                class_of("sts:AssumeRoleWithSAML"),
            ]),
            term::and([
                v.kind_is(PrincipalKind::Federated),
                term::not(is_saml),
                class_of("sts:AssumeRoleWithWebIdentity"),
            ]),
        ]))
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
            parts.push(term::implies(term::var(&paths.present), org_present.clone()));
            for element in &paths.elements {
                for org in &self.universe.orgs {
                    let under = Pattern::new(
                        [Token::Literal(format!("{org}/")), Token::AnyString { except: None }],
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
            aws_inside.push(term::in_pattern(&v.arn, &self.universe.account_pattern(account))?);
        }
        if let Some(org) = &self.zone.org {
            if let Some(vars) = self.keys.get(PRINCIPAL_ORG_ID) {
                if let Some(e) = vars.elements.first() {
                    aws_inside.push(term::and([term::var(&vars.present), term::str_eq(&e.text, org)?]));
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
                any.push(term::and([term::var(&e.used), term::in_pattern(&e.text, pattern)?]));
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

/// Whether a condition view set is usable (one typed view at most).
pub fn single_view(views: &std::collections::BTreeSet<View>) -> Option<View> {
    let mut iter = views.iter();
    match (iter.next(), iter.next()) {
        (Some(v), None) => Some(*v),
        _ => None,
    }
}
