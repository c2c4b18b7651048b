//! The external-access question: is there a request by a principal outside
//! the zone of trust that the resource's policy allows?
//!
//! Query: `domain ∧ external(r) ∧ allowed(P, r)`. [`is_external`] is the
//! concrete judgement and [`ExternalAccess::external`] its formula; the
//! property tests check that they agree on every request. A model is
//! classified by *atoms*: who the principal is (its kind, a named account,
//! identity, service, provider or canonical user) and which restricting
//! keys it pins (keys the caller cannot choose: network origin, source
//! resource, organization, federation claims, and patterns or ranges on the
//! principal's account), each atom with its operator so that a finding's
//! condition reads as an IAM condition does.

use std::collections::{BTreeMap, BTreeSet};

use zoneproof_encodings::model::Model;
use zoneproof_encodings::pattern::{Pattern, Token};
use zoneproof_encodings::term::{self, Term};

use crate::encode::condition::condition_comparisons;
use crate::encode::principal::encode_principal_matches;
use crate::encode::request::identity_of_account;
use crate::encode::shapes::account_pattern;
use crate::encode::{
    encode_policy, EncodeError, Environment, EnvironmentInput, PrincipalKind, QuestionLiterals,
};
use crate::eval::{Reading, Request, RequestPrincipal};
use crate::finding::{FindingPrincipal, FindingType};
use crate::organization::Organization;
use crate::policy::{AwsIdentity, BaseOperator, Policy, Principal};
use crate::resource::{split_arn, PolicyKind, ResourceType};
use crate::semantics::keys::{KeyInfo, KeySource};
use crate::semantics::principal_keys::{PrincipalKey, PrincipalShape};
use crate::semantics::space::RequestSpace;
use crate::zone::Zone;

use super::resource_controls::ResourceControls;
use super::statement_variants::{statement_targets, statement_variants, StatementTarget};
use super::{holds, truth_values, Classifier, InvalidWitness, QuestionError};

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

/// The keys a service sets when it acts for a resource, which keep it
/// inside the zone when they name the zone.
const SOURCE_KEYS: [&str; 4] = [
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceArn",
    "aws:SourceOrgID",
];

/// Whether a request is external to the zone (the concrete judgement):
/// anonymous and federated callers always; AWS principals (and canonical
/// users, by the account their request carries) outside the zone's accounts
/// and organization; an opaque principal id always (its account is unknown);
/// service principals, on resource policies with service findings on, when
/// no source key names the zone.
pub fn is_external(
    zone: &Zone,
    policy_kind: PolicyKind,
    options: QuestionOptions,
    request: &Request,
) -> bool {
    let context = &request.context;
    let single = |key: &str| match context.get(key) {
        Some([value]) => Some(value.as_str()),
        _ => None,
    };
    let org_inside = || {
        zone.org
            .as_deref()
            .is_some_and(|org| single("aws:PrincipalOrgID") == Some(org))
    };
    match &request.principal {
        RequestPrincipal::Anonymous | RequestPrincipal::Federated(_) => true,
        RequestPrincipal::CanonicalUser(_) => {
            !single("aws:PrincipalAccount").is_some_and(|a| zone.contains_account(a))
                && !org_inside()
        }
        RequestPrincipal::Aws(arn) => match AwsIdentity::parse(arn) {
            None => true,
            Some(identity) => !zone.contains_account(identity.account()) && !org_inside(),
        },
        RequestPrincipal::Service(_) => {
            options.service_findings
                && policy_kind == PolicyKind::Resource
                && !service_acts_for_zone(zone, request)
        }
    }
}

/// A service acts for a resource of the zone: `aws:SourceAccount` or
/// `aws:SourceOwner` is a zone account, `aws:SourceArn` names one, or
/// `aws:SourceOrgID` is the zone's organization.
fn service_acts_for_zone(zone: &Zone, request: &Request) -> bool {
    let values = |key: &str| request.context.get(key).unwrap_or_default();
    values("aws:SourceAccount")
        .iter()
        .chain(values("aws:SourceOwner"))
        .any(|a| zone.contains_account(a))
        || values("aws:SourceArn")
            .iter()
            .any(|arn| split_arn(arn).is_some_and(|p| zone.contains_account(p.account)))
        || values("aws:SourceOrgID")
            .iter()
            .any(|org| zone.is_zone_org(org))
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

/// What a restricting-key atom says: some value of the key stands in the
/// operator's (positive) relation to the policy value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Restriction {
    /// The key, as AWS spells it.
    pub key: String,
    /// The positive operator (`StringNotEquals` pins `StringEquals`).
    pub operator: String,
    /// The policy value, as written.
    pub value: String,
}

/// A restricting-key atom.
#[derive(Debug, Clone)]
pub struct ConditionAtom {
    /// What it says.
    pub restriction: Restriction,
    /// The formula.
    pub term: Term,
}

/// What a finding reports: cells with equal classes merge into one finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingClass {
    /// The finding type.
    pub finding_type: FindingType,
    /// The principal.
    pub principal: FindingPrincipal,
    /// The restrictions that hold, by key.
    pub condition: BTreeMap<String, BTreeSet<Restriction>>,
}

/// The external-access question for one resource.
#[derive(Debug, Clone)]
pub struct ExternalAccess {
    /// The symbolic environment.
    pub env: Environment,
    /// `external(r)`.
    pub external: Term,
    /// `allowed(P, r)`, undocumented matches read as granting more.
    pub allowed: Term,
    /// `allowed(P, r)` under the grants-less reading, when the policy has
    /// undocumented matches.
    pub allowed_less: Option<Term>,
    /// Principal atoms.
    pub principal_atoms: Vec<PrincipalAtom>,
    /// Restricting-key atoms.
    pub condition_atoms: Vec<ConditionAtom>,
    /// The zone.
    pub zone: Zone,
    /// How the resource's policy grants.
    pub policy_kind: PolicyKind,
    /// The options.
    pub options: QuestionOptions,
    /// The organization's RCPs that restrict the resource, encoded in
    /// `allowed` (policies 1.. of the environment).
    pub controls: Option<ResourceControls>,
    /// What the policy's `Allow` statements grant the users and roles they
    /// name: the sibling requests of a found cell.
    statement_targets: Vec<StatementTarget>,
}

impl ExternalAccess {
    /// Encodes the question for `policy` attached to `resource_arn`.
    ///
    /// # Errors
    /// As [`Environment::build`].
    pub fn new(
        policy: &Policy,
        resource_type: ResourceType,
        resource_arn: &str,
        zone: &Zone,
        options: QuestionOptions,
    ) -> Result<ExternalAccess, EncodeError> {
        let space = request_space(policy, resource_type, resource_arn, zone)?;
        let policy_kind = resource_type.policy_kind();
        let env = Environment::build(&environment_input(
            policy,
            &space,
            zone,
            policy_kind,
            options,
        ))?;
        ExternalAccess::over(env, policy, zone, policy_kind, options)
    }

    /// The question over an environment built from
    /// [`environment_input`] for `policy` (its policy number 0) and
    /// possibly more policies after it, so that other policies' formulas
    /// share its request (the proof obligations of a fix).
    ///
    /// # Errors
    /// As [`encode_policy`].
    pub fn over(
        env: Environment,
        policy: &Policy,
        zone: &Zone,
        policy_kind: PolicyKind,
        options: QuestionOptions,
    ) -> Result<ExternalAccess, EncodeError> {
        let allowed = encode_policy(&env, 0, policy, Reading::GrantsMore)?.allowed();
        let allowed_less = if env.undocumented {
            Some(encode_policy(&env, 0, policy, Reading::GrantsLess)?.allowed())
        } else {
            None
        };
        let external = external_term(&env, zone, policy_kind, options)?;
        let principal_atoms = principal_atoms(&env, zone)?;
        let condition_atoms = condition_atoms(&env, policy)?;
        Ok(ExternalAccess {
            env,
            external,
            allowed,
            allowed_less,
            principal_atoms,
            condition_atoms,
            zone: zone.clone(),
            policy_kind,
            options,
            controls: None,
            statement_targets: statement_targets(policy),
        })
    }

    /// Encodes the question for `policy` attached to `resource_arn` under
    /// the organization's RCPs: a request is allowed when the policy allows
    /// it and the RCPs do ([`ResourceControls::allows`]). The RCPs' keys
    /// read the organization: principals of its accounts carry its id.
    ///
    /// # Errors
    /// As [`Environment::build`] and [`ResourceControls::allowed_term`].
    pub fn with_controls(
        policy: &Policy,
        resource_type: ResourceType,
        resource_arn: &str,
        zone: &Zone,
        options: QuestionOptions,
        controls: ResourceControls,
        organization: &Organization,
    ) -> Result<ExternalAccess, EncodeError> {
        let space = request_space(policy, resource_type, resource_arn, zone)?;
        let policy_kind = resource_type.policy_kind();
        let mut input = environment_input(policy, &space, zone, policy_kind, options);
        input
            .policies
            .extend(controls.policies().map(|p| &p.policy));
        let org_in_zone = zone.org.as_deref() == Some(organization.id.as_str());
        if zone.org.is_none() || org_in_zone {
            input.owner_org = Some(&organization.id);
            let mut members: Vec<String> = organization.accounts.keys().cloned().collect();
            members.append(&mut input.org_members);
            members.sort();
            members.dedup();
            input.org_members = members;
            if !input.question.orgs.contains(&organization.id) {
                input.question.orgs.push(organization.id.clone());
            }
            input.question.keys.push("aws:PrincipalOrgID".to_string());
        }
        let env = Environment::build(&input)?;
        let mut question = ExternalAccess::over(env, policy, zone, policy_kind, options)?;
        let closed = if zone.org.is_none() || org_in_zone {
            organization_closed(&question.env, organization)?
        } else {
            term::tru()
        };
        let more = controls.allowed_term(&question.env, 1, Reading::GrantsMore)?;
        question.allowed = term::and([question.allowed.clone(), more, closed.clone()]);
        if let Some(less) = question.allowed_less.take() {
            let rcp_less = controls.allowed_term(&question.env, 1, Reading::GrantsLess)?;
            question.allowed_less = Some(term::and([less, rcp_less, closed]));
        }
        for (offset, control) in controls.policies().enumerate() {
            for atom in policy_condition_atoms(&question.env, offset + 1, &control.policy)? {
                if !question.condition_atoms.iter().any(|a| a.term == atom.term) {
                    question.condition_atoms.push(atom);
                }
            }
        }
        question.controls = Some(controls);
        Ok(question)
    }

    /// Whether the RCPs (if any) allow a concrete request.
    pub fn controls_allow(&self, request: &Request, reading: Reading) -> bool {
        self.controls
            .as_ref()
            .is_none_or(|c| c.allows(request, reading))
    }

    /// `domain ∧ external ∧ allowed`.
    ///
    /// # Errors
    /// When the domain cannot be built.
    pub fn query(&self) -> Result<Term, EncodeError> {
        Ok(term::and([
            self.env.domain()?,
            self.external.clone(),
            self.allowed.clone(),
        ]))
    }

    /// Whether a decoded request is external (the concrete judgement).
    pub fn is_external(&self, request: &Request) -> bool {
        is_external(&self.zone, self.policy_kind, self.options, request)
    }
}

/// The requests on the resource, after the checks that make a policy
/// `unknown` before it is encoded ([`check_foreign_access_points`]).
fn request_space(
    policy: &Policy,
    resource_type: ResourceType,
    resource_arn: &str,
    zone: &Zone,
) -> Result<RequestSpace, EncodeError> {
    let space = RequestSpace::for_resource(resource_type, resource_arn)
        .map_err(|e| EncodeError::Unsupported(e.to_string()))?;
    if resource_type == ResourceType::S3Bucket {
        check_foreign_access_points(policy, &zone.account)?;
    }
    Ok(space)
}

/// The condition keys of a request made through an S3 access point.
const ACCESS_POINT_KEYS: [&str; 3] = [
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
    "s3:AccessPointNetworkOrigin",
];

/// Fails closed on a bucket policy that may allow requests through an
/// access point of another account. The bucket's requests here are direct
/// ones (no access point keys); an access point of the owner account is a
/// resource of its own, analysed with its policy. One of another account
/// is not, and whoever its policy admits reaches the bucket where the
/// bucket policy allows it (IAM Access Analyzer reports such access). So an
/// `Allow` that reads an access point key is decided only when it pins
/// `s3:DataAccessPointAccount` to the owner (the common delegation to the
/// owner's access points); any other use makes the answer `unknown`.
fn check_foreign_access_points(policy: &Policy, owner: &str) -> Result<(), EncodeError> {
    use crate::policy::{BaseOperator, Effect};
    for statement in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let reads = |key: &str| {
            statement
                .conditions
                .iter()
                .any(|c| c.key.eq_ignore_ascii_case(key))
        };
        if !ACCESS_POINT_KEYS.iter().any(|k| reads(k)) {
            continue;
        }
        let pinned_to_owner = statement.conditions.iter().any(|c| {
            c.key.eq_ignore_ascii_case("s3:DataAccessPointAccount")
                && c.operator.set.is_none()
                && !c.operator.if_exists
                && matches!(
                    c.operator.base,
                    BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase
                )
                && c.values.iter().all(|v| v == owner)
        });
        if !pinned_to_owner {
            return Err(EncodeError::Unsupported(format!(
                "{}: an Allow that reads access point keys may let in requests through an access point of another account, which the analysis does not model",
                statement.path
            )));
        }
    }
    Ok(())
}

/// The environment of the question: the policy, the resource's request
/// space, the zone's accounts and organization, and the keys the question
/// reads.
pub fn environment_input<'a>(
    policy: &'a Policy,
    space: &'a RequestSpace,
    zone: &'a Zone,
    policy_kind: PolicyKind,
    options: QuestionOptions,
) -> EnvironmentInput<'a> {
    let mut keys = vec!["aws:PrincipalAccount".to_string()];
    if zone.org.is_some() {
        keys.push("aws:PrincipalOrgID".to_string());
    }
    if options.service_findings && policy_kind == PolicyKind::Resource {
        keys.extend(SOURCE_KEYS.iter().map(|k| k.to_string()));
    }
    let mut members: Vec<String> = Vec::new();
    if zone.org.is_some() {
        members.push(zone.account.clone());
        members.extend(zone.org_accounts.iter().cloned());
    }
    EnvironmentInput {
        policies: vec![policy],
        space,
        owner: &zone.account,
        owner_org: zone.org.as_deref(),
        org_members: members,
        question: QuestionLiterals {
            accounts: zone.accounts().map(str::to_string).collect(),
            orgs: zone.org.iter().cloned().collect(),
            keys,
        },
    }
}

/// The organization export lists every account of the organization: an
/// AWS principal (other than an opaque id, whose account is unknown) that
/// carries its id as `aws:PrincipalOrgID` belongs to one of them.
fn organization_closed(
    env: &Environment,
    organization: &Organization,
) -> Result<Term, EncodeError> {
    let mut members = Vec::new();
    for account in organization.accounts.keys() {
        members.push(identity_of_account(env, account)?);
    }
    Ok(term::implies(
        term::and([
            env.vars.kind_is(PrincipalKind::Aws),
            term::not(env.shape_is(PrincipalShape::OpaqueAws)),
            key_equals(env, "aws:PrincipalOrgID", &organization.id)?,
        ]),
        term::or(members),
    ))
}

/// `external(r)`, the formula of [`is_external`].
pub fn external_term(
    env: &Environment,
    zone: &Zone,
    policy_kind: PolicyKind,
    options: QuestionOptions,
) -> Result<Term, EncodeError> {
    let v = &env.vars;
    let org_inside = match &zone.org {
        Some(org) => key_equals(env, "aws:PrincipalOrgID", org)?,
        None => term::fls(),
    };
    // The AWS principal's ARN names a zone account (the kind and the
    // opaque-id exclusion of `identity_of_account` are stated once below).
    let mut in_zone = Vec::new();
    for account in zone.accounts() {
        in_zone.push(term::in_pattern(
            &v.arn,
            &account_pattern(&env.partition, account),
        )?);
    }
    let aws_external = term::or([
        env.shape_is(PrincipalShape::OpaqueAws),
        term::and([
            v.kind_is(PrincipalKind::Aws),
            term::not(env.shape_is(PrincipalShape::OpaqueAws)),
            term::not(term::or(in_zone)),
            term::not(org_inside.clone()),
        ]),
    ]);
    let zone_accounts: Vec<Pattern> = zone.accounts().map(Pattern::literal).collect();
    let canonical_in_zone = key_in_any(env, "aws:PrincipalAccount", zone_accounts)?;
    let canonical_external = term::and([
        v.kind_is(PrincipalKind::CanonicalUser),
        term::not(canonical_in_zone),
        term::not(org_inside),
    ]);
    let service_external = if options.service_findings && policy_kind == PolicyKind::Resource {
        term::and([
            v.kind_is(PrincipalKind::Service),
            term::not(service_acts_for_zone_term(env, zone)?),
        ])
    } else {
        term::fls()
    };
    Ok(term::or([
        v.kind_is(PrincipalKind::Anonymous),
        v.kind_is(PrincipalKind::Federated),
        canonical_external,
        aws_external,
        service_external,
    ]))
}

/// The key is present and some value of it equals `value`.
pub(crate) fn key_equals(env: &Environment, key: &str, value: &str) -> Result<Term, EncodeError> {
    key_matches(env, key, &Pattern::literal(value))
}

/// The key is present and some value of it is in `pattern`'s language.
pub(crate) fn key_matches(
    env: &Environment,
    key: &str,
    pattern: &Pattern,
) -> Result<Term, EncodeError> {
    key_in_any(env, key, vec![pattern.clone()])
}

/// The key is present and some value of it is in one of `patterns`'
/// languages: one comparison for a whole list (the zone's accounts), where
/// a disjunction of [`key_matches`] would encode the key's derivation from
/// the principal once per pattern.
pub(crate) fn key_in_any(
    env: &Environment,
    key: &str,
    patterns: Vec<Pattern>,
) -> Result<Term, EncodeError> {
    let comparison = crate::encode::compare::Comparison::Text(patterns);
    let mut any = Vec::new();
    for index in 0..env.key_elements(key) {
        any.push(term::and([
            env.key_used(key, index),
            env.key_compare(key, index, &comparison)?,
        ]));
    }
    Ok(term::and([env.key_present(key), term::or(any)]))
}

/// The ARNs that name `account` in their account field.
pub(crate) fn arn_of_account(account: &str) -> Pattern {
    Pattern::new(
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
    )
}

/// The formula of [`service_acts_for_zone`].
fn service_acts_for_zone_term(env: &Environment, zone: &Zone) -> Result<Term, EncodeError> {
    let accounts: Vec<Pattern> = zone.accounts().map(Pattern::literal).collect();
    let arns: Vec<Pattern> = zone.accounts().map(arn_of_account).collect();
    let mut inside = vec![
        key_in_any(env, "aws:SourceAccount", accounts.clone())?,
        key_in_any(env, "aws:SourceOwner", accounts)?,
        key_in_any(env, "aws:SourceArn", arns)?,
    ];
    if let Some(org) = &zone.org {
        inside.push(key_equals(env, "aws:SourceOrgID", org)?);
    }
    Ok(term::or(inside))
}

/// The atoms that name the principal of a class: its kind, the named
/// external accounts, identities, services, providers and canonical users.
fn principal_atoms(env: &Environment, zone: &Zone) -> Result<Vec<PrincipalAtom>, EncodeError> {
    let v = &env.vars;
    let u = &env.universe;
    let mut atoms: Vec<PrincipalAtom> = PrincipalKind::ALL
        .into_iter()
        .map(|k| PrincipalAtom {
            fact: PrincipalFact::Kind(k),
            term: v.kind_is(k),
        })
        .collect();
    for account in u
        .granted_accounts
        .iter()
        .filter(|a| !zone.contains_account(a))
    {
        atoms.push(PrincipalAtom {
            fact: PrincipalFact::Account(account.clone()),
            term: identity_of_account(env, account)?,
        });
    }
    for named in &u.granted_identities {
        atoms.push(PrincipalAtom {
            fact: PrincipalFact::Named(named.clone()),
            term: term::and([v.kind_is(PrincipalKind::Aws), term::str_eq(&v.arn, named)?]),
        });
    }
    for name in &u.services {
        atoms.push(PrincipalAtom {
            fact: PrincipalFact::Service(name.clone()),
            term: encode_principal_matches(env, &Principal::Service(name.clone()))?,
        });
    }
    for name in &u.providers {
        atoms.push(PrincipalAtom {
            fact: PrincipalFact::Provider(name.clone()),
            term: encode_principal_matches(env, &Principal::Federated(name.clone()))?,
        });
    }
    for name in &u.canonical_users {
        atoms.push(PrincipalAtom {
            fact: PrincipalFact::CanonicalUser(name.clone()),
            term: encode_principal_matches(env, &Principal::CanonicalUser(name.clone()))?,
        });
    }
    Ok(atoms)
}

/// Whether a key restricts who the caller is (`docs/semantics.md`,
/// "External access"): the network origin, the source resource of a service, the
/// principal's organization, ARN and ids, and identity-provider claims.
/// Keys the caller chooses are existentially eliminated.
pub fn is_restricting(info: &KeyInfo) -> bool {
    match info.source {
        KeySource::ServiceSource
        | KeySource::VpcEndpoint
        | KeySource::NotVpcEndpoint
        | KeySource::Federation => true,
        KeySource::Principal(key) => matches!(
            key,
            PrincipalKey::OrgId
                | PrincipalKey::OrgPaths
                | PrincipalKey::Arn
                | PrincipalKey::UserId
                | PrincipalKey::UserName
                | PrincipalKey::Account
                | PrincipalKey::CallerAccount
        ),
        _ => false,
    }
}

/// The restricting-key atoms: for each condition value on a restricting
/// key, "some value of the key stands in the operator's positive relation
/// to it". On the principal's account only patterns and ranges are atoms
/// (a named account is a principal of its own).
fn condition_atoms(env: &Environment, policy: &Policy) -> Result<Vec<ConditionAtom>, EncodeError> {
    policy_condition_atoms(env, 0, policy)
}

/// [`condition_atoms`] of the environment's policy number `index`.
fn policy_condition_atoms(
    env: &Environment,
    index: usize,
    policy: &Policy,
) -> Result<Vec<ConditionAtom>, EncodeError> {
    let mut atoms: Vec<ConditionAtom> = Vec::new();
    for statement in &policy.statements {
        for condition in &statement.conditions {
            let Some(entry) = env.key(&condition.key) else {
                continue;
            };
            if !is_restricting(&entry.info) || condition.operator.base == BaseOperator::Null {
                continue;
            }
            let account_key = matches!(
                entry.info.source,
                KeySource::Principal(PrincipalKey::Account | PrincipalKey::CallerAccount)
            );
            let operator = crate::encode::compare::positive(condition.operator.base);
            let mut by_value: BTreeMap<usize, Vec<Term>> = BTreeMap::new();
            for (value, guard, compared) in condition_comparisons(env, index, condition)? {
                let mut some = Vec::new();
                for element in 0..env.key_elements(&condition.key) {
                    some.push(term::and([
                        env.key_used(&condition.key, element),
                        env.key_compare(&condition.key, element, &compared.comparison)?,
                    ]));
                }
                by_value
                    .entry(value)
                    .or_default()
                    .push(term::and([guard, term::or(some)]));
            }
            for (value_index, terms) in by_value {
                let Some(value) = condition.values.get(value_index) else {
                    continue;
                };
                if account_key && !is_account_restriction(operator, value) {
                    continue;
                }
                let t = term::or(terms);
                if t.as_bool() == Some(false) || atoms.iter().any(|a| a.term == t) {
                    continue;
                }
                atoms.push(ConditionAtom {
                    restriction: Restriction {
                        key: entry.info.name.clone(),
                        operator: operator.name().to_string(),
                        value: value.clone(),
                    },
                    term: t,
                });
            }
        }
    }
    Ok(atoms)
}

/// On `aws:PrincipalAccount` and `kms:CallerAccount`, a pattern (other than
/// `*`) or a numeric or date range restricts; an equality names an account.
fn is_account_restriction(operator: BaseOperator, value: &str) -> bool {
    use crate::policy::OperatorFamily as F;
    match operator.family() {
        F::Numeric | F::Date => true,
        F::String | F::Arn => {
            matches!(
                operator,
                BaseOperator::StringLike | BaseOperator::ArnLike | BaseOperator::ArnEquals
            ) && value.contains(['*', '?'])
                && value != "*"
        }
        _ => false,
    }
}

impl Classifier for ExternalAccess {
    type Class = FindingClass;

    fn classify(&self, model: &Model) -> Result<FindingClass, QuestionError> {
        let principal = truth_values(self.principal_atoms.iter().map(|a| &a.term), model)?;
        let conditions = truth_values(self.condition_atoms.iter().map(|a| &a.term), model)?;
        Ok(self.render_cell(&principal, &conditions))
    }

    fn region(&self, class: &FindingClass) -> Term {
        let principal = self.principal_region(class);
        let mut pairs: BTreeMap<&Restriction, Vec<&Term>> = BTreeMap::new();
        for atom in &self.condition_atoms {
            let in_class = class
                .condition
                .get(&atom.restriction.key)
                .is_some_and(|r| r.contains(&atom.restriction));
            if in_class {
                pairs.entry(&atom.restriction).or_default().push(&atom.term);
            }
        }
        let conditions = pairs
            .into_values()
            .map(|terms| term::or(terms.into_iter().cloned()));
        term::and(std::iter::once(principal).chain(conditions))
    }

    /// The same request from each other account the policies grant by
    /// name, and with each other value of a restricting key the model
    /// meets: a policy listing many partners (or source addresses) has one
    /// class per entry, and one model found by the solver stands for all of
    /// them once renamed.
    fn variants(&self, model: &Model) -> Vec<Model> {
        let Ok(request) = super::decode_witness(&self.env, model) else {
            return Vec::new();
        };
        let swaps = self.condition_swaps(model);
        let mut requests = Vec::new();
        let siblings = statement_variants(&self.statement_targets, &request)
            .into_iter()
            .chain(self.account_variants(&request));
        for base in std::iter::once(request.clone()).chain(siblings) {
            requests.extend(
                swaps
                    .iter()
                    .map(|(key, value)| with_key_value(&base, key, value)),
            );
            if base != request {
                requests.push(base);
            }
        }
        requests
            .iter()
            .filter_map(|r| crate::encode::decode::encode_request(&self.env, r).ok())
            .collect()
    }

    fn broadest_first(&self) -> Option<Term> {
        if self.condition_atoms.is_empty() {
            return None;
        }
        Some(term::not(term::or(
            self.condition_atoms.iter().map(|a| a.term.clone()),
        )))
    }
}

impl ExternalAccess {
    /// The request from each other account the policies grant by name.
    fn account_variants(&self, request: &Request) -> Vec<Request> {
        let granted = &self.env.universe.granted_accounts;
        let Some(account) = request_account(request).filter(|_| granted.len() > 1) else {
            return Vec::new();
        };
        granted
            .iter()
            .filter(|other| **other != account)
            .map(|other| rename_account(request, &account, other))
            .collect()
    }

    /// For the key of the first restriction the model meets (per key), a
    /// value of each other restriction on that key with the same operator
    /// and a literal value: the swaps that move a request into the
    /// neighbouring condition classes.
    fn condition_swaps(&self, model: &Model) -> Vec<(String, String)> {
        let atoms = &self.condition_atoms;
        let Ok(truth) = truth_values(atoms.iter().map(|a| &a.term), model) else {
            return Vec::new();
        };
        let mut keys_done = BTreeSet::new();
        let mut out = Vec::new();
        for (atom, _) in atoms.iter().zip(&truth).filter(|(_, holds)| **holds) {
            let met = &atom.restriction;
            if !keys_done.insert(met.key.to_lowercase()) {
                continue;
            }
            for (other, _) in atoms.iter().zip(&truth).filter(|(_, holds)| !**holds) {
                let r = &other.restriction;
                if r.key != met.key || r.operator != met.operator {
                    continue;
                }
                if let Some(value) = literal_representative(r) {
                    out.push((r.key.clone(), value));
                }
            }
        }
        out
    }

    /// The class a cell (truth values of the atoms) renders to.
    pub fn render_cell(&self, principal: &[bool], conditions: &[bool]) -> FindingClass {
        let facts: Vec<&PrincipalFact> = self
            .principal_atoms
            .iter()
            .zip(principal)
            .filter(|(_, holds)| **holds)
            .map(|(atom, _)| &atom.fact)
            .collect();
        let kind = facts
            .iter()
            .find_map(|f| match f {
                PrincipalFact::Kind(k) => Some(*k),
                _ => None,
            })
            .unwrap_or(PrincipalKind::Anonymous);
        let (finding_type, principal) = render_principal(kind, &facts);
        let mut condition: BTreeMap<String, BTreeSet<Restriction>> = BTreeMap::new();
        for (atom, holds) in self.condition_atoms.iter().zip(conditions) {
            if *holds {
                condition
                    .entry(atom.restriction.key.clone())
                    .or_default()
                    .insert(atom.restriction.clone());
            }
        }
        FindingClass {
            finding_type,
            principal,
            condition,
        }
    }

    /// The principal part of a class's region: the facts
    /// [`render_principal`] reads, in the same order (the first true fact of
    /// a kind names it).
    fn principal_region(&self, class: &FindingClass) -> Term {
        let facts: Vec<(&PrincipalFact, &Term)> = self
            .principal_atoms
            .iter()
            .map(|a| (&a.fact, &a.term))
            .collect();
        let kind_term = |k: PrincipalKind| {
            facts
                .iter()
                .find(|(f, _)| **f == PrincipalFact::Kind(k))
                .map_or_else(term::fls, |(_, t)| (*t).clone())
        };
        let none_of = |pick: &dyn Fn(&PrincipalFact) -> bool| {
            term::not(term::or(
                facts
                    .iter()
                    .filter(|(f, _)| pick(f))
                    .map(|(_, t)| (*t).clone()),
            ))
        };
        // The first fact of `pick` that holds is `wanted`. When no other fact
        // of its kind can hold with `wanted`, that is `wanted` alone: blocking
        // clauses then stay of constant size instead of growing with the
        // facts before it (quadratic in the number of partners named, #15).
        let first_is = |pick: &dyn Fn(&PrincipalFact) -> bool, wanted: &PrincipalFact| {
            if excludes_its_kind(wanted) {
                return facts
                    .iter()
                    .find(|(f, _)| *f == wanted)
                    .map_or_else(term::fls, |(_, t)| (*t).clone());
            }
            let mut before = Vec::new();
            for (f, t) in facts.iter().filter(|(f, _)| pick(f)) {
                if *f == wanted {
                    return term::and([term::not(term::or(before)), (*t).clone()]);
                }
                before.push((*t).clone());
            }
            term::fls()
        };
        let is_named = |f: &PrincipalFact| matches!(f, PrincipalFact::Named(_));
        let is_account = |f: &PrincipalFact| matches!(f, PrincipalFact::Account(_));
        let is_service = |f: &PrincipalFact| matches!(f, PrincipalFact::Service(_));
        let is_provider = |f: &PrincipalFact| matches!(f, PrincipalFact::Provider(_));
        let is_canonical = |f: &PrincipalFact| matches!(f, PrincipalFact::CanonicalUser(_));
        match &class.principal {
            FindingPrincipal::Aws(p) if p == "*" => term::or([
                kind_term(PrincipalKind::Anonymous),
                term::and([
                    kind_term(PrincipalKind::Aws),
                    none_of(&is_named),
                    none_of(&is_account),
                ]),
                term::and([
                    kind_term(PrincipalKind::CanonicalUser),
                    none_of(&is_canonical),
                ]),
            ]),
            FindingPrincipal::Aws(p) => {
                let named = PrincipalFact::Named(p.clone());
                let account = PrincipalFact::Account(p.clone());
                term::and([
                    kind_term(PrincipalKind::Aws),
                    term::or([
                        first_is(&is_named, &named),
                        term::and([none_of(&is_named), first_is(&is_account, &account)]),
                    ]),
                ])
            }
            FindingPrincipal::Service(s) if s == "*" => {
                term::and([kind_term(PrincipalKind::Service), none_of(&is_service)])
            }
            FindingPrincipal::Service(s) => term::and([
                kind_term(PrincipalKind::Service),
                first_is(&is_service, &PrincipalFact::Service(s.clone())),
            ]),
            FindingPrincipal::Federated(p) if p == "*" => {
                term::and([kind_term(PrincipalKind::Federated), none_of(&is_provider)])
            }
            FindingPrincipal::Federated(p) => term::and([
                kind_term(PrincipalKind::Federated),
                first_is(&is_provider, &PrincipalFact::Provider(p.clone())),
            ]),
            FindingPrincipal::CanonicalUser(c) => term::and([
                kind_term(PrincipalKind::CanonicalUser),
                first_is(&is_canonical, &PrincipalFact::CanonicalUser(c.clone())),
            ]),
        }
    }

    /// Whether a model is in a class's region.
    ///
    /// # Errors
    /// When the region does not evaluate on the model.
    pub fn in_region(&self, class: &FindingClass, model: &Model) -> Result<bool, QuestionError> {
        holds(&self.region(class), model)
    }
}

/// Whether a principal fact rules out every other fact of its kind: a
/// named identity is an equality with one ARN, and an account fact is
/// membership of the ARN's account segment in one literal id without `:`,
/// so two different ones cannot both hold.
fn excludes_its_kind(fact: &PrincipalFact) -> bool {
    match fact {
        PrincipalFact::Named(_) => true,
        PrincipalFact::Account(account) => !account.contains([':', '*', '?']),
        _ => false,
    }
}

/// The principal of a class: a named identity or account, a named service,
/// provider or canonical user; otherwise `{"AWS": "*"}` for anonymous and
/// AWS callers, `{"Service": "*"}` (a service finding, never public) for
/// service principals, `{"Federated": "*"}` for identity providers.
fn render_principal(
    kind: PrincipalKind,
    facts: &[&PrincipalFact],
) -> (FindingType, FindingPrincipal) {
    let everyone = (
        FindingType::ExternalAccess,
        FindingPrincipal::Aws("*".into()),
    );
    let first = |pick: fn(&PrincipalFact) -> Option<String>| facts.iter().find_map(|f| pick(f));
    match kind {
        PrincipalKind::Anonymous => everyone,
        PrincipalKind::Aws => {
            let named = first(|f| match f {
                PrincipalFact::Named(n) => Some(n.clone()),
                _ => None,
            });
            let account = first(|f| match f {
                PrincipalFact::Account(a) => Some(a.clone()),
                _ => None,
            });
            match named.or(account) {
                Some(p) => (FindingType::ExternalAccess, FindingPrincipal::Aws(p)),
                None => everyone,
            }
        }
        PrincipalKind::Service => {
            let service = first(|f| match f {
                PrincipalFact::Service(s) => Some(s.clone()),
                _ => None,
            });
            (
                FindingType::ExternalAccessViaService,
                FindingPrincipal::Service(service.unwrap_or_else(|| "*".into())),
            )
        }
        PrincipalKind::Federated => {
            let provider = first(|f| match f {
                PrincipalFact::Provider(p) => Some(p.clone()),
                _ => None,
            });
            (
                FindingType::ExternalAccess,
                FindingPrincipal::Federated(provider.unwrap_or_else(|| "*".into())),
            )
        }
        PrincipalKind::CanonicalUser => first(|f| match f {
            PrincipalFact::CanonicalUser(c) => Some(c.clone()),
            _ => None,
        })
        .map_or(everyone, |c| {
            (
                FindingType::ExternalAccess,
                FindingPrincipal::CanonicalUser(c),
            )
        }),
    }
}

/// Whether the class `broad` contains `narrow`: same principal (or `narrow`
/// an unnamed service or provider under `{"AWS": "*"}`, which is everyone),
/// and at most `narrow`'s restrictions.
pub fn contains(broad: &FindingClass, narrow: &FindingClass) -> bool {
    let same_principal = (broad.finding_type == narrow.finding_type
        && broad.principal == narrow.principal)
        || (broad.principal.is_everyone()
            && matches!(&narrow.principal,
                FindingPrincipal::Service(s) | FindingPrincipal::Federated(s) if s == "*"));
    same_principal
        && broad.condition.iter().all(|(key, values)| {
            narrow
                .condition
                .get(key)
                .is_some_and(|n| values.is_subset(n))
        })
}

/// A witness of one class and action class, re-checked.
#[derive(Debug, Clone)]
pub struct Witnessed {
    /// The class.
    pub class: FindingClass,
    /// The action class (index into the environment's classes).
    pub action_class: usize,
    /// The concrete request, allowed by the evaluator and external.
    pub request: Request,
    /// The statements that allow it.
    pub statements: Vec<usize>,
    /// JSON paths of undocumented matches it relies on (empty when it is
    /// allowed under both readings).
    pub undocumented: Vec<String>,
}

/// The outcome of the question.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// One re-checked witness per class and action class.
    pub witnessed: Vec<Witnessed>,
    /// `None` when complete (UNSAT at the end), else why not.
    pub incomplete: Option<String>,
    /// Solver checks made.
    pub checks: u64,
}

/// Enumerates the classes of external access, decodes one witness per
/// class and action class and re-checks it with the evaluator (it must be
/// allowed) and with [`is_external`]. A witness the grants-less reading
/// does not allow is replaced by one it allows when the class has one;
/// otherwise it records the undocumented matches it relies on.
///
/// # Errors
/// [`QuestionError::ModelInvalid`] when a witness fails its re-check (a
/// bug in the encoder), or when the query cannot be built or a model
/// cannot be decoded.
pub fn run(
    backend: &mut dyn zoneproof_encodings::solver::Backend,
    question: &ExternalAccess,
    policy: &Policy,
    bounds: &super::Bounds,
) -> Result<Outcome, QuestionError> {
    let query = question.query()?;
    let mut enumeration = super::enumerate(backend, &question.env, &query, question, bounds);
    let mut checks = enumeration.checks;
    let mut witnessed = Vec::new();
    'cells: for cell in &enumeration.cells {
        for (action_class, model) in &cell.models {
            if let Some(reason) = bounds.before_check(backend, 0) {
                enumeration.incomplete = Some(reason);
                break 'cells;
            }
            let mut request = recheck(question, policy, model)?;
            let mut undocumented = Vec::new();
            if let Some(less) = &question.allowed_less {
                if crate::eval::evaluate_with(policy, &request, Reading::GrantsLess).decision
                    != crate::eval::Decision::Allow
                    || !question.controls_allow(&request, Reading::GrantsLess)
                {
                    let assumption = term::and([
                        query.clone(),
                        less.clone(),
                        question.region(&cell.class),
                        question.env.vars.action_is(*action_class),
                    ]);
                    match super::check_with(backend, &assumption, &mut checks) {
                        zoneproof_encodings::solver::CheckResult::Sat(other) => {
                            let other =
                                crate::encode::decode::complete_model(&question.env, &other);
                            request = recheck(question, policy, &other)?;
                        }
                        _ => {
                            undocumented = crate::eval::undocumented_decisions(policy, &request);
                        }
                    }
                }
            }
            let statements = crate::eval::evaluate(policy, &request).statements;
            witnessed.push(Witnessed {
                class: cell.class.clone(),
                action_class: *action_class,
                request,
                statements,
                undocumented,
            });
        }
    }
    Ok(Outcome {
        witnessed,
        incomplete: enumeration.incomplete,
        checks,
    })
}

/// The account a request comes from: its `aws:PrincipalAccount`, else the
/// account of its AWS principal's ARN.
fn request_account(request: &Request) -> Option<String> {
    if let Some([account]) = request.context.get("aws:PrincipalAccount") {
        return Some(account.clone());
    }
    match &request.principal {
        crate::eval::RequestPrincipal::Aws(arn) => crate::inputs::account_of_arn(arn),
        _ => None,
    }
}

/// A value that meets a restriction, when its policy value names one
/// directly: the value of an equality, the first address of a CIDR.
fn literal_representative(restriction: &Restriction) -> Option<String> {
    let value = &restriction.value;
    if value.contains("${") {
        return None;
    }
    match restriction.operator.as_str() {
        "StringEquals" | "StringEqualsIgnoreCase" => Some(value.clone()),
        "ArnEquals" if !value.contains(['*', '?']) => Some(value.clone()),
        "IpAddress" => Some(value.split('/').next().unwrap_or(value).to_string()),
        _ => None,
    }
}

/// The request with `key` holding only `value`.
fn with_key_value(request: &Request, key: &str, value: &str) -> Request {
    let wanted = key.to_lowercase();
    let mut context = crate::eval::Context::new();
    for (name, values) in request.context.iter() {
        if name.to_lowercase() != wanted {
            context.insert_all(name, values.iter().cloned());
        }
    }
    context.insert(key, value);
    Request {
        context,
        ..request.clone()
    }
}

/// The request with `from` replaced by `to` wherever it names the
/// principal's account: as a whole value, or as the account field of an
/// ARN.
fn rename_account(request: &Request, from: &str, to: &str) -> Request {
    let swap = |text: &str| -> String {
        if text == from {
            to.to_string()
        } else {
            text.replace(&format!(":{from}:"), &format!(":{to}:"))
        }
    };
    let principal = match &request.principal {
        crate::eval::RequestPrincipal::Aws(arn) => crate::eval::RequestPrincipal::Aws(swap(arn)),
        other => other.clone(),
    };
    let mut context = crate::eval::Context::new();
    for (key, values) in request.context.iter() {
        context.insert_all(key, values.iter().map(|v| swap(v)));
    }
    Request {
        principal,
        action: request.action.clone(),
        resource: request.resource.clone(),
        context,
    }
}

/// Decodes a model and re-checks it: the evaluator must allow it (under
/// the grants-more reading) and it must be external.
fn recheck(
    question: &ExternalAccess,
    policy: &Policy,
    model: &Model,
) -> Result<Request, QuestionError> {
    let request = super::decode_witness(&question.env, model)?;
    let evaluation = crate::eval::evaluate(policy, &request);
    let external = question.is_external(&request);
    let controls = question.controls_allow(&request, Reading::GrantsMore);
    if evaluation.decision == crate::eval::Decision::Allow && external && controls {
        return Ok(request);
    }
    let context: BTreeMap<&str, &[String]> = request.context.iter().collect();
    Err(QuestionError::ModelInvalid(Box::new(InvalidWitness {
        principal: request.principal.to_string(),
        action: request.action.clone(),
        resource: request.resource.clone(),
        context: format!("{context:?}"),
        verdict: if controls {
            evaluation.decision.name()
        } else {
            "denied by an RCP"
        },
        inside_zone: !external,
    })))
}

/// The oracle of the external-access question: the policy's [`Oracle`]
/// (see [`crate::encode::oracle`]) and `external(r)` against
/// [`is_external`] (on the request and on its representative, which must
/// agree).
///
/// [`Oracle`]: crate::encode::oracle::Oracle
pub struct QuestionOracle<'q> {
    question: &'q ExternalAccess,
    policy: crate::encode::oracle::Oracle<'q>,
}

impl<'q> QuestionOracle<'q> {
    /// Encodes the question's policy once.
    ///
    /// # Errors
    /// When the policy cannot be encoded.
    pub fn new(
        question: &'q ExternalAccess,
        policy: &'q Policy,
    ) -> Result<QuestionOracle<'q>, EncodeError> {
        Ok(QuestionOracle {
            question,
            policy: crate::encode::oracle::Oracle::new(
                &question.env,
                &std::iter::once(policy)
                    .chain(
                        question
                            .controls
                            .iter()
                            .flat_map(|c| c.policies().map(|p| &p.policy)),
                    )
                    .collect::<Vec<_>>(),
            )?,
        })
    }

    /// Checks one concrete request.
    ///
    /// # Errors
    /// The first [`crate::encode::oracle::Mismatch`].
    pub fn check(&self, request: &Request) -> Result<(), crate::encode::oracle::Mismatch> {
        use crate::encode::oracle::{representative_request, Mismatch};
        let question = self.question;
        let model = self.policy.check(request)?;
        let representative = representative_request(&question.env, request);
        let mismatch = |what: String| Mismatch {
            what,
            request: format!(
                "principal `{}`, action `{}`, resource `{}`, context {:?}",
                representative.principal,
                representative.action,
                representative.resource,
                representative.context.iter().collect::<BTreeMap<_, _>>()
            ),
        };
        let concrete = question.is_external(&representative);
        if concrete != question.is_external(request) {
            return Err(mismatch(
                "the representative request is not external exactly when the request is".into(),
            ));
        }
        let symbolic = question
            .external
            .holds(&model)
            .map_err(|e| mismatch(format!("cannot evaluate external(r): {e}")))?;
        if symbolic != concrete {
            return Err(mismatch(format!(
                "external(r) is {symbolic}, the zone's judgement {concrete}"
            )));
        }
        Ok(())
    }
}

/// [`QuestionOracle::check`] for a single request (the fuzzers' entry
/// point).
///
/// # Errors
/// The first [`crate::encode::oracle::Mismatch`] (an encoding failure is
/// reported as one).
pub fn check_request(
    question: &ExternalAccess,
    policy: &Policy,
    request: &Request,
) -> Result<(), crate::encode::oracle::Mismatch> {
    let oracle =
        QuestionOracle::new(question, policy).map_err(|e| crate::encode::oracle::Mismatch {
            what: format!("encoding: {e}"),
            request: request.principal.to_string(),
        })?;
    oracle.check(request)
}
