//! The symbolic environment: everything the encoder needs to know before it
//! encodes anything, built in one pass over every policy of a question.
//!
//! [`Environment::build`] collects the universe of names
//! ([`super::universe`]), the condition keys the policies and the question
//! read (their [`KeyInfo`], their uses and their variables), the action
//! classes of the request space, the cases of every policy variable with
//! their representatives ([`super::variables`]), and creates the request
//! variables. Encoding a policy afterwards only reads the environment, so
//! the formulas of several policies (a new and a reference policy; identity,
//! boundary, SCP and resource policies) share one symbolic request and the
//! order in which they are encoded does not matter.

use std::collections::{BTreeMap, BTreeSet};

use zoneproof_encodings::pattern::Pattern;
use zoneproof_encodings::term::{self, Term};

use crate::eval::elements::ActionMatcher;
use crate::eval::variables::{pieces, Piece};
use crate::policy::{BaseOperator, OperatorFamily, Policy};
use crate::semantics::keys::{KeyInfo, KeySource, ResourceKey, ValueShape};
use crate::semantics::principal_keys::{derivation, Derivation, PrincipalKey, PrincipalShape};
use crate::semantics::space::{Callers, RequestSpace};

use super::compare::accepts_variables;
use super::universe::Universe;
use super::variables::VariableCases;
use super::vars::{KeyVars, RequestVars, View};
use super::EncodeError;

/// What a question adds to the policies: the names it mentions (so that
/// they are told apart from every other value) and the keys it reads.
#[derive(Debug, Clone, Default)]
pub struct QuestionLiterals {
    /// Accounts the question names (the zone's).
    pub accounts: Vec<String>,
    /// Organizations the question names.
    pub orgs: Vec<String>,
    /// Condition keys the question reads besides the policies' (e.g.
    /// `aws:PrincipalOrgID` for an organization zone).
    pub keys: Vec<String>,
}

/// The inputs of an environment.
#[derive(Debug, Clone)]
pub struct EnvironmentInput<'a> {
    /// The policies encoded over the shared request, in a fixed order
    /// (their index is the `policy` argument of [`super::encode_policy`]).
    pub policies: Vec<&'a Policy>,
    /// The request space.
    pub space: &'a RequestSpace,
    /// The account that owns the resource.
    pub owner: &'a str,
    /// The owner's organization, when known.
    pub owner_org: Option<&'a str>,
    /// Accounts known to be members of the owner's organization (the owner
    /// included); their principals carry it as `aws:PrincipalOrgID`.
    pub org_members: Vec<String>,
    /// The question's own names and keys.
    pub question: QuestionLiterals,
}

/// How the policies use one condition key.
#[derive(Debug, Clone, Default)]
pub struct KeyUses {
    /// Condition entries on the key.
    pub count: usize,
    /// Whether a set operator (`ForAllValues:`/`ForAnyValue:`) is used on it.
    pub set_operator: bool,
    /// The operator families it is compared with.
    pub families: BTreeSet<OperatorFamily>,
    /// Literal values compared with it (String and ARN operators, no
    /// variables).
    pub literals: BTreeSet<String>,
    /// Wildcard patterns compared with it.
    pub patterns: Vec<Pattern>,
    /// Numeric and date comparisons (as text patterns over a 12-digit
    /// value, each a union), for keys of accounts.
    pub ranges: Vec<Vec<Pattern>>,
}

/// One condition key of the environment.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    /// Its classification.
    pub info: KeyInfo,
    /// How the policies use it.
    pub uses: KeyUses,
    /// Its free variables, when the request states its value (a key the
    /// caller sends, or a fact about the principal or resource).
    pub vars: Option<KeyVars>,
}

/// A group of actions the policies cannot tell apart.
#[derive(Debug, Clone)]
pub struct ActionClass {
    /// Qualified action names, sorted.
    pub actions: Vec<String>,
    /// The resources a request of the class can name.
    pub resources: Vec<Pattern>,
    /// Who can make these requests.
    pub callers: Callers,
    /// For each policy and statement: whether its action element matches.
    pub statements: Vec<Vec<bool>>,
    /// The service keys of the environment that these actions meet.
    pub keys: BTreeSet<String>,
}

/// One use of a policy variable in a substituted text.
#[derive(Debug, Clone)]
pub struct VariableUse {
    /// What the text is matched against: the resource (`None`) or a key.
    pub target: Option<String>,
    /// Whether the text is the variable alone.
    pub whole: bool,
    /// The text as written.
    pub text: String,
}

/// The values something may take when a variable needs it as text: the
/// literals, and representatives of every other region of the tests.
#[derive(Debug, Clone, Default)]
pub struct FreshValues {
    /// The named values.
    pub literals: Vec<String>,
    /// The tests whose regions the representatives stand for.
    pub tests: Vec<Vec<Pattern>>,
    /// The representatives.
    pub representatives: Vec<super::representatives::Representative>,
}

impl FreshValues {
    /// Every value: literals, then representatives.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.literals
            .iter()
            .chain(self.representatives.iter().map(|r| &r.value))
    }
}

/// The STS federated users when `${aws:userid}` is used: those the policies
/// name, and one with a fresh name in each possible account.
#[derive(Debug, Clone, Default)]
pub struct FederatedUsers {
    /// Their ARNs.
    pub arns: Vec<String>,
    /// The fresh names (representatives of every other name).
    pub fresh_names: Vec<String>,
}

/// The symbolic environment (see the module documentation).
#[derive(Debug, Clone)]
pub struct Environment {
    /// The request variables.
    pub vars: RequestVars,
    /// The partition of the request space.
    pub partition: String,
    /// The resource owner.
    pub owner: String,
    /// The owner's organization, when known.
    pub owner_org: Option<String>,
    /// Known members of the owner's organization.
    pub org_members: Vec<String>,
    /// The names of the policies and the question.
    pub universe: Universe,
    /// Condition keys by lowercase name.
    pub keys: BTreeMap<String, KeyEntry>,
    /// The action classes (index = value of the action variable).
    pub classes: Vec<ActionClass>,
    /// Policy variables by lowercase key: their cases.
    pub variables: BTreeMap<String, VariableCases>,
    /// The accounts AWS principals may belong to when a variable needs the
    /// principal's account as text (named accounts and representatives);
    /// `None` when any account is possible.
    pub principal_accounts: Option<FreshValues>,
    /// The user names IAM users may have, when a variable needs it.
    pub user_names: Option<FreshValues>,
    /// The service names service principals may have, when a variable needs
    /// it.
    pub service_names: Option<FreshValues>,
    /// The STS federated users there may be, when a variable needs their
    /// `aws:userid`.
    pub federated_users: Option<FederatedUsers>,
    /// Whether some policy has a match AWS does not document (read by
    /// polarity).
    pub undocumented: bool,
    /// How undocumented matches are answered: by each policy's reading
    /// (the default), or shared by every policy of the environment (set it
    /// after [`Environment::build`] to compare policies).
    pub undocumented_answers: crate::semantics::reading::UndocumentedAnswers,
    /// Whether policy variables are interpreted, per policy.
    pub variables_enabled: Vec<bool>,
    /// `p.arn` has the shape of a root, user, role or federated-user ARN of
    /// the partition ([`super::shapes::identity_shapes`], in that order):
    /// built once, asked for by every principal test.
    pub(crate) identity_arn_terms: Vec<Term>,
    /// "The principal has this shape", per shape in the order of
    /// [`PrincipalShape::ALL`]: built once, since the domain asks for each
    /// shape once per key.
    shape_terms: Vec<Term>,
    /// For each policy variable compared, as a whole value, with a key that
    /// another variable is compared with too: the keys of those other
    /// variables and the keys they are compared with (transitively). The
    /// variables of such a group share literals, tests and stand-ins
    /// ([`super::variables`]), so that one value held by several of them
    /// keeps one stand-in in all.
    pub(crate) variable_partners: BTreeMap<String, Vec<String>>,
}

impl Environment {
    /// Builds the environment of `input` (see the module documentation).
    ///
    /// # Errors
    /// [`EncodeError::Unsupported`] when a policy uses a construct the
    /// analysis cannot decide exactly (the result must be `unknown`), and
    /// [`EncodeError::Invalid`] for a value that does not parse.
    pub fn build(input: &EnvironmentInput<'_>) -> Result<Environment, EncodeError> {
        let partition = input.space.partition.clone();
        let universe = Universe::collect(
            &input.policies,
            &input.question.accounts,
            &input.question.orgs,
            &partition,
        );
        let (uses, variable_uses) = collect_uses(&input.policies);
        let mut keys = BTreeMap::new();
        let mut names: Vec<String> = uses
            .keys()
            .cloned()
            .chain(variable_uses.keys().cloned())
            .chain(input.question.keys.iter().map(|k| k.to_lowercase()))
            .collect();
        names.extend(companion_keys(&names));
        for lowercase in names {
            if keys.contains_key(&lowercase) {
                continue;
            }
            let info = KeyInfo::of(&display_name(&input.policies, &lowercase));
            let key_uses = uses.get(&lowercase).cloned().unwrap_or_default();
            let vars = key_vars(&info, &key_uses, input.owner_org.is_some());
            keys.insert(
                lowercase,
                KeyEntry {
                    info,
                    uses: key_uses,
                    vars,
                },
            );
        }
        check_views(&keys)?;
        let classes = action_classes(&input.policies, input.space, &keys);
        let mut env = Environment {
            vars: RequestVars::new(),
            partition,
            owner: input.owner.to_string(),
            owner_org: input.owner_org.map(str::to_string),
            org_members: input.org_members.clone(),
            universe,
            keys,
            classes,
            variables: BTreeMap::new(),
            principal_accounts: None,
            user_names: None,
            service_names: None,
            federated_users: None,
            undocumented: has_undocumented(&input.policies),
            undocumented_answers: crate::semantics::reading::UndocumentedAnswers::ByReading,
            variables_enabled: input
                .policies
                .iter()
                .map(|p| p.variables_enabled())
                .collect(),
            identity_arn_terms: Vec::new(),
            shape_terms: Vec::new(),
            variable_partners: BTreeMap::new(),
        };
        env.identity_arn_terms = super::shapes::identity_shapes(&env.partition)
            .iter()
            .map(|shape| term::in_pattern(&env.vars.arn, shape))
            .collect::<Result<_, _>>()?;
        env.shape_terms = PrincipalShape::ALL
            .iter()
            .map(|shape| super::request::shape_term(&env, *shape))
            .collect();
        super::variables::prepare(&mut env, &variable_uses, &input.policies)?;
        Ok(env)
    }

    /// The entry of a key (any case).
    pub fn key(&self, key: &str) -> Option<&KeyEntry> {
        self.keys.get(&key.to_lowercase())
    }
}

/// Keys whose values follow from a key of `names` and which a realistic
/// request carries with it: a principal's organization paths start with its
/// organization id, and a member of an organization has both (AWS includes
/// `aws:PrincipalOrgID` and `aws:PrincipalOrgPaths` exactly when the
/// principal is a member). So a question on either reads both, and the
/// domain ties them ([`Environment::domain`]).
fn companion_keys(names: &[String]) -> Vec<String> {
    const TIED: [(&str, &str); 2] = [
        ("aws:principalorgid", "aws:principalorgpaths"),
        ("aws:principalorgpaths", "aws:principalorgid"),
    ];
    TIED.iter()
        .filter(|(key, companion)| {
            names.iter().any(|n| n == key) && !names.iter().any(|n| n == companion)
        })
        .map(|(_, companion)| (*companion).to_string())
        .collect()
}

/// The key as first written in a policy (or as given).
fn display_name(policies: &[&Policy], lowercase: &str) -> String {
    policies
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.conditions)
        .find(|c| c.key.to_lowercase() == lowercase)
        .map_or_else(|| lowercase.to_string(), |c| c.key.clone())
}

/// The uses of every condition key, and the variables of every substituted
/// text.
fn collect_uses(
    policies: &[&Policy],
) -> (
    BTreeMap<String, KeyUses>,
    BTreeMap<String, Vec<VariableUse>>,
) {
    let mut uses: BTreeMap<String, KeyUses> = BTreeMap::new();
    let mut variables: BTreeMap<String, Vec<VariableUse>> = BTreeMap::new();
    let mut record = |text: &str, target: Option<String>, enabled: bool| {
        let parts = pieces(text, enabled);
        let whole = parts.len() == 1;
        for piece in &parts {
            if let Piece::Variable { key, .. } = piece {
                variables
                    .entry(key.to_lowercase())
                    .or_default()
                    .push(VariableUse {
                        target: target.clone(),
                        whole,
                        text: text.to_string(),
                    });
            }
        }
    };
    for policy in policies {
        let enabled = policy.variables_enabled();
        for statement in &policy.statements {
            if let Some(clause) = &statement.resource {
                for pattern in &clause.patterns {
                    record(pattern, None, enabled);
                }
            }
            for condition in &statement.conditions {
                let lowercase = condition.key.to_lowercase();
                let entry = uses.entry(lowercase.clone()).or_default();
                entry.count += 1;
                entry.set_operator |= condition.operator.set.is_some();
                let family = condition.operator.base.family();
                entry.families.insert(family);
                let substitute = enabled && accepts_variables(condition.operator.base);
                for value in &condition.values {
                    if substitute && value.contains("${") {
                        record(value, Some(lowercase.clone()), true);
                        // Where the variables are absent the defaults
                        // stand in: that text is compared with the key.
                        if let Some(text) = with_defaults(value) {
                            add_literal_or_pattern(entry, condition.operator.base, &text);
                        }
                        continue;
                    }
                    add_literal_or_pattern(entry, condition.operator.base, value);
                }
            }
        }
    }
    (uses, variables)
}

/// A policy value with each variable replaced by its default; `None` when
/// a variable has none, or when a default or `${*}`-style character holds
/// a wildcard character (it would be read as a wildcard here).
fn with_defaults(value: &str) -> Option<String> {
    let mut text = String::new();
    for piece in pieces(value, true) {
        match piece {
            Piece::Text(t) => text.push_str(&t),
            Piece::Char(c) if !matches!(c, '*' | '?') => text.push(c),
            Piece::Variable {
                default: Some(d), ..
            } if !d.contains(['*', '?']) => text.push_str(&d),
            _ => return None,
        }
    }
    Some(text)
}

/// Records a policy value compared with a key: a literal, or a wildcard
/// pattern for `StringLike` and the ARN operators.
fn add_literal_or_pattern(entry: &mut KeyUses, base: BaseOperator, value: &str) {
    let wildcard = matches!(
        super::compare::positive(base),
        BaseOperator::StringLike | BaseOperator::ArnLike | BaseOperator::ArnEquals
    ) && value.contains(['*', '?']);
    match base.family() {
        OperatorFamily::String | OperatorFamily::Arn if wildcard => {
            let parts = [crate::eval::variables::Part::Glob(value.to_string())];
            let pattern = if base.family() == OperatorFamily::Arn {
                crate::eval::patterns::arn_pattern(&parts)
            } else {
                crate::eval::patterns::glob_pattern(&parts)
            };
            entry.patterns.push(pattern);
        }
        OperatorFamily::String | OperatorFamily::Arn => {
            entry.literals.insert(value.to_string());
        }
        OperatorFamily::Numeric | OperatorFamily::Date => {
            let parts = [crate::eval::variables::Part::Glob(value.to_string())];
            if let Ok(compared) = super::compare::comparison(ValueShape::Account, base, &parts, "")
            {
                if let super::compare::Comparison::Text(patterns) = compared.comparison {
                    entry.ranges.push(patterns);
                }
            }
        }
        _ => {}
    }
}

/// The free variables of a key, when the request states its value.
fn key_vars(info: &KeyInfo, uses: &KeyUses, owner_org_known: bool) -> Option<KeyVars> {
    let needs = match info.source {
        KeySource::Principal(key) => PrincipalShape::ALL.into_iter().any(|shape| {
            matches!(
                derivation(shape, key),
                Derivation::Fact(_) | Derivation::PresentFact(_)
            )
        }),
        KeySource::Resource(ResourceKey::Account) | KeySource::Never => false,
        KeySource::Resource(ResourceKey::OrgId) => !owner_org_known,
        _ => true,
    };
    if !needs {
        return None;
    }
    // A set operator on a key the catalog types as single-valued still
    // meets at most one value; on a key of unknown type it may meet a set.
    let multivalued = info.multivalued || (uses.set_operator && info.value_type.is_none());
    let elements = if multivalued { uses.count.max(1) } else { 1 };
    let mut vars = KeyVars::new(&info.lowercase, elements, multivalued);
    vars.views = views(info, uses);
    Some(vars)
}

/// The typed views the key's comparisons need, given its shape: a 12-digit
/// key compared as a number or date is compared through its text; keys
/// whose values never parse as a number, date or address need no such view.
fn views(info: &KeyInfo, uses: &KeyUses) -> BTreeSet<View> {
    let mut views = BTreeSet::new();
    for family in &uses.families {
        let view = match (family, info.shape) {
            (OperatorFamily::Null, _) => None,
            (
                OperatorFamily::String
                | OperatorFamily::Arn
                | OperatorFamily::Bool
                | OperatorFamily::Binary,
                _,
            ) => Some(View::Text),
            (OperatorFamily::Numeric | OperatorFamily::Date, ValueShape::Account) => {
                Some(View::Text)
            }
            (OperatorFamily::Numeric, ValueShape::Any) => Some(View::Number),
            (OperatorFamily::Date, ValueShape::Any) => Some(View::Date),
            (OperatorFamily::Ip, ValueShape::Any | ValueShape::Ip) => Some(View::Ip),
            (OperatorFamily::Numeric | OperatorFamily::Date | OperatorFamily::Ip, _) => None,
        };
        views.extend(view);
    }
    views
}

/// A key compared as both text and number (say) cannot be decoded into one
/// request value: fail closed.
fn check_views(keys: &BTreeMap<String, KeyEntry>) -> Result<(), EncodeError> {
    for entry in keys.values() {
        if let Some(vars) = &entry.vars {
            if vars.views.len() > 1 {
                return Err(EncodeError::Unsupported(format!(
                    "key `{}` is compared with operators of different types ({:?})",
                    entry.info.name, vars.views
                )));
            }
        }
    }
    Ok(())
}

/// Groups the actions of the space by what the policies and the request
/// space can tell apart: which statements' action elements match them,
/// which resources they name, who can make them and which service keys of
/// the environment they meet.
fn action_classes(
    policies: &[&Policy],
    space: &RequestSpace,
    keys: &BTreeMap<String, KeyEntry>,
) -> Vec<ActionClass> {
    // The service keys of the environment, and the derived keys a witness
    // carries (`kms:CallerAccount`, `s3:ResourceAccount`) when its action
    // lists them.
    let mut gated: Vec<String> = keys
        .iter()
        .filter(|(_, e)| e.info.service_gated)
        .map(|(k, _)| k.clone())
        .collect();
    for derived in WITNESS_GATED_KEYS {
        if !gated.iter().any(|k| k == derived) {
            gated.push(derived.to_string());
        }
    }
    type Signature = (
        Vec<Vec<bool>>,
        Vec<Pattern>,
        Callers,
        BTreeSet<String>,
        Option<String>,
    );
    let matchers: Vec<Vec<ActionMatcher>> = policies
        .iter()
        .map(|p| {
            p.statements
                .iter()
                .map(|s| ActionMatcher::new(&s.action))
                .collect()
        })
        .collect();
    let mut groups: BTreeMap<Signature, Vec<String>> = BTreeMap::new();
    for action in &space.actions {
        let statements: Vec<Vec<bool>> = matchers
            .iter()
            .map(|statements| statements.iter().map(|m| m.matches(&action.name)).collect())
            .collect();
        let met: BTreeSet<String> = gated
            .iter()
            .filter(|k| action.lists_key(k))
            .cloned()
            .collect();
        let alone = action.alone.then(|| action.name.clone());
        groups
            .entry((
                statements,
                action.resources.clone(),
                action.callers,
                met,
                alone,
            ))
            .or_default()
            .push(action.name.clone());
    }
    groups
        .into_iter()
        .map(|((statements, resources, callers, keys, _), mut actions)| {
            actions.sort();
            ActionClass {
                actions,
                resources,
                callers,
                statements,
                keys,
            }
        })
        .collect()
}

/// Service keys whose value follows from the request, which a decoded
/// request carries when its action lists them.
pub const WITNESS_GATED_KEYS: [&str; 2] = ["kms:calleraccount", "s3:resourceaccount"];

/// Whether some policy has a match AWS does not document: an ARN pattern
/// with fewer than six components (in `Resource` other than `*`, or in an
/// ARN operator), or an operator without a set qualifier on a key that can
/// hold several values.
fn has_undocumented(policies: &[&Policy]) -> bool {
    let short = |text: &str| text.matches(':').count() < 5;
    policies.iter().flat_map(|p| &p.statements).any(|s| {
        s.resource
            .as_ref()
            .is_some_and(|r| r.patterns.iter().any(|p| p != "*" && short(p)))
            || s.conditions.iter().any(|c| {
                (c.operator.base.family() == OperatorFamily::Arn
                    && c.values.iter().any(|v| short(v)))
                    || (c.operator.set.is_none()
                        && c.operator.base != BaseOperator::Null
                        && KeyInfo::of(&c.key).multivalued)
            })
    })
}

/// The terms a principal shape stands for, shared by the encoder's parts.
impl Environment {
    /// Whether the request's principal has `shape`.
    pub fn shape_is(&self, shape: PrincipalShape) -> Term {
        PrincipalShape::ALL
            .iter()
            .position(|s| *s == shape)
            .and_then(|at| self.shape_terms.get(at))
            .cloned()
            .unwrap_or_else(|| super::request::shape_term(self, shape))
    }

    /// Whether the policy key `key` is a principal key of this kind.
    pub fn principal_key(&self, key: &str) -> Option<PrincipalKey> {
        match self.key(key)?.info.source {
            KeySource::Principal(k) => Some(k),
            _ => None,
        }
    }
}
