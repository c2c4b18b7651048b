//! Resource types: what the analysis and the input readers need to know
//! about each type that takes a resource-based policy (or sharing
//! settings). Each known type is one file under `types/` holding its
//! [`TypeDef`] — ARN forms, the actions that apply (from the IAM catalog),
//! its special rules, how CloudFormation, Terraform and AWS Config carry
//! its policy, and an example — registered in the one table of
//! `types/mod.rs`. A type zoneproof does not know is a
//! [`ResourceType::Generic`]: analysed over every action of its ARN's
//! service (see [`generic`]).
//!
//! # Example
//! ```
//! use zoneproof_analyzer::resource::ResourceType;
//! let vault: ResourceType = "AWS::Glacier::Vault".parse().unwrap();
//! assert_eq!(vault.service(), "glacier");
//! assert!(vault.validate_arn("arn:aws:glacier:us-east-1:111122223333:vaults/v").is_ok());
//! assert!(vault.validate_arn("arn:aws:s3:::bucket").is_err());
//! ```

mod arn;
mod definition;
pub mod generic;
mod types;

use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use zoneproof_encodings::pattern::{Pattern, Token};

use crate::catalog::{Action, Catalog, CatalogError};

pub use arn::{check_shape, matches_form, split_arn, ArnError, ArnParts, MAX_ARN_LENGTH};
pub use definition::{
    unresolved, ActionSource, ArnBuild, ArnContext, ArnFrom, ConfigSource, Cover, Example, Inputs,
    Lookup, NameOrigin, PolicyKind, Reference, Target, TemplateArn, TemplateSource, TypeDef,
};
pub use generic::{GenericError, GenericType};
pub use types::ResourceType;

/// The actions a role trust policy can grant.
pub const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// The catalog kind that stands for every action of a generic type.
const GENERIC_KINDS: &[&str] = &["*"];

/// A resource type name that zoneproof does not know and cannot analyse
/// generically (no ARN to take the service from, or a near miss of a
/// known type's name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown resource type `{name}`{}", hint.map(|h| format!("; did you mean `{h}`?")).unwrap_or_else(|| format!("; expected one of: {}", ResourceType::names().join(", "))))]
pub struct UnknownResourceType {
    /// The name given.
    pub name: String,
    /// A known type it is probably a misspelling of.
    pub hint: Option<&'static str>,
}

impl UnknownResourceType {
    fn new(name: &str) -> UnknownResourceType {
        UnknownResourceType {
            name: name.to_string(),
            hint: None,
        }
    }
}

impl ResourceType {
    /// Every known type, in the registry's order.
    pub fn all() -> impl Iterator<Item = ResourceType> {
        types::KNOWN.iter().copied()
    }

    /// The names of every known type.
    pub fn names() -> Vec<&'static str> {
        ResourceType::all().map(ResourceType::name).collect()
    }

    /// The type for a name and the ARN it is given with: a known type by
    /// its name (ASCII case-insensitive), else a generic type of the ARN's
    /// service.
    ///
    /// # Errors
    /// [`UnknownResourceType`] when the name is unknown and the ARN is no
    /// ARN, or when the name is a near miss of a known type whose ARN forms
    /// the ARN has (`AWS::SNS::Topics` for an SNS topic ARN): then it is a
    /// typo, not a new type.
    pub fn resolve(name: &str, arn: &str) -> Result<ResourceType, UnknownResourceType> {
        if let Ok(known) = name.parse::<ResourceType>() {
            return Ok(known);
        }
        let Some(parts) = split_arn(arn).filter(|p| !p.service.is_empty()) else {
            return Err(UnknownResourceType::new(name));
        };
        if let Some(intended) = near_miss(name, arn) {
            return Err(UnknownResourceType {
                name: name.to_string(),
                hint: Some(intended.name()),
            });
        }
        GenericType::new(name, parts.service)
            .map(ResourceType::Generic)
            .map_err(|_| UnknownResourceType::new(name))
    }

    /// Whether this is a type zoneproof does not know.
    pub fn is_generic(self) -> bool {
        matches!(self, ResourceType::Generic(_))
    }

    /// The type's name, e.g. `AWS::S3::Bucket`.
    pub fn name(self) -> &'static str {
        match self {
            ResourceType::Generic(generic) => generic.name(),
            known => known.definition().map_or("", |d| d.name),
        }
    }

    /// The IAM service prefix whose actions apply, e.g. `s3` (the first of
    /// several for types whose policy also grants another service's
    /// actions).
    pub fn service(self) -> &'static str {
        match self {
            ResourceType::Generic(generic) => generic.service(),
            known => known
                .definition()
                .and_then(|d| d.actions.first())
                .map_or("", |a| a.service),
        }
    }

    /// The catalog resource types (as the catalog names them) of
    /// [`service`](Self::service) whose actions apply.
    pub fn catalog_kinds(self) -> &'static [&'static str] {
        match self.definition() {
            Some(def) => def.actions.first().map_or(&[], |a| a.kinds),
            None => GENERIC_KINDS,
        }
    }

    /// How this type grants access.
    pub fn policy_kind(self) -> PolicyKind {
        self.definition()
            .map_or(PolicyKind::Resource, |d| d.policy_kind)
    }

    /// Whether an action (qualified, e.g. `sts:AssumeRole`) can be granted by
    /// this type's policy at all, beyond matching its catalog resource kinds.
    pub fn admits_action(self, qualified_action: &str) -> bool {
        match self.definition().and_then(|d| d.admitted_actions) {
            Some(admitted) => admitted
                .iter()
                .any(|a| a.eq_ignore_ascii_case(qualified_action)),
            None => true,
        }
    }

    /// The catalog actions that apply to this type, each with the catalog
    /// kinds it acts on here. A generic type gets every action of its
    /// service, each on the kind `*` (any resource of the service).
    ///
    /// # Errors
    /// [`CatalogError`] when the catalog lacks a service or kind the type
    /// names (for a generic type: an unknown service).
    pub fn catalog_actions(
        self,
    ) -> Result<Vec<(&'static Action, Vec<&'static str>)>, CatalogError> {
        let catalog = Catalog::try_get()?;
        let Some(def) = self.definition() else {
            let service =
                catalog
                    .service(self.service())
                    .ok_or_else(|| CatalogError::UnknownService {
                        prefix: self.service().to_string(),
                    })?;
            return Ok(service
                .actions
                .iter()
                .map(|action| (action, GENERIC_KINDS.to_vec()))
                .collect());
        };
        let mut actions = Vec::new();
        for source in def.actions {
            for action in catalog.actions_on_resource_types(source.service, source.kinds)? {
                let kinds = source
                    .kinds
                    .iter()
                    .copied()
                    .filter(|kind| action.acts_on(kind))
                    .collect();
                actions.push((action, kinds));
            }
        }
        Ok(actions)
    }

    /// The resource strings a request on the resource `arn` can name, for
    /// one catalog kind: the ARN itself, objects under a bucket, qualified
    /// versions of a function, tables of a table bucket, ...
    pub fn resource_patterns(self, kind: &str, arn: &str) -> Vec<Pattern> {
        match self.cover(kind) {
            Cover::ItselfOrUnder(separator) => {
                vec![Pattern::literal(arn), under(arn, separator)]
            }
            cover => vec![single_pattern(cover, arn)],
        }
    }

    /// One pattern containing every string of
    /// [`resource_patterns`](Self::resource_patterns) (a superset when
    /// those are several).
    pub fn resource_pattern(self, kind: &str, arn: &str) -> Pattern {
        match self.cover(kind) {
            Cover::ItselfOrUnder(_) => Pattern::new(
                [
                    Token::Literal(arn.to_string()),
                    Token::AnyString { except: None },
                ],
                false,
            ),
            cover => single_pattern(cover, arn),
        }
    }

    fn cover(self, kind: &str) -> Cover {
        match self.definition() {
            Some(def) => def
                .covers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(kind))
                .map_or(Cover::Itself, |(_, cover)| *cover),
            None => Cover::Rule(generic_resources),
        }
    }

    /// The policy as the service stores it for the resource `arn`: the
    /// type's rewrite of service shorthands applied (API Gateway's
    /// `execute-api:/...`), or the policy unchanged.
    pub fn stored_policy(self, policy: &serde_json::Value, arn: &str) -> serde_json::Value {
        let mut stored = policy.clone();
        if let Some(rewrite) = self.definition().and_then(|def| def.rewrite_policy) {
            rewrite(&mut stored, arn);
        }
        stored
    }

    /// Whether the service rewrites this type's policies when it stores
    /// them (see [`stored_policy`](Self::stored_policy)).
    pub fn rewrites_policies(self) -> bool {
        self.definition()
            .is_some_and(|def| def.rewrite_policy.is_some())
    }

    /// Checks that `arn` can name a resource of this type: not empty, an
    /// ARN, and (for a known type) of one of the type's ARN forms.
    ///
    /// # Errors
    /// [`ArnError`] saying what is wrong and what was expected.
    pub fn validate_arn(self, arn: &str) -> Result<(), ArnError> {
        check_shape(arn)?;
        let Some(def) = self.definition() else {
            return Ok(());
        };
        if def
            .arn_forms
            .iter()
            .any(|form| matches_form(form, def.free_variables, arn))
        {
            return Ok(());
        }
        Err(ArnError::WrongType {
            arn: arn.to_string(),
            resource_type: def.name,
            expected: def.arn_forms.to_vec(),
            looks_like: ResourceType::all()
                .find(|other| other.has_arn_form(arn))
                .map(ResourceType::name),
        })
    }

    /// Whether `arn` has one of this known type's ARN forms.
    pub fn has_arn_form(self, arn: &str) -> bool {
        self.definition().is_some_and(|def| {
            def.arn_forms
                .iter()
                .any(|form| matches_form(form, def.free_variables, arn))
        })
    }

    /// The known types that a template or plan resource type carries a
    /// policy for, with the source that says how.
    pub fn template_sources(
        format: TemplateFormat,
        resource_type: &str,
    ) -> Vec<(ResourceType, &'static TemplateSource)> {
        ResourceType::all()
            .filter_map(|rt| rt.definition().map(|def| (rt, def)))
            .flat_map(|(rt, def)| {
                let sources = match format {
                    TemplateFormat::CloudFormation => def.inputs.cloudformation,
                    TemplateFormat::Terraform => def.inputs.terraform,
                };
                sources
                    .iter()
                    .filter(move |s| s.resource_type == resource_type)
                    .map(move |s| (rt, s))
            })
            .collect()
    }

    /// The known type whose template resource is `resource_type`, with the
    /// rule that builds its ARN (the first type of the registry that has
    /// one, when several do).
    pub fn template_arn(
        format: TemplateFormat,
        resource_type: &str,
    ) -> Option<(ResourceType, &'static TemplateArn)> {
        ResourceType::all().find_map(|rt| {
            let def = rt.definition()?;
            let arns = match format {
                TemplateFormat::CloudFormation => def.inputs.cloudformation_arns,
                TemplateFormat::Terraform => def.inputs.terraform_arns,
            };
            arns.iter()
                .find(|arn| arn.resource_type == resource_type)
                .map(|arn| (rt, arn))
        })
    }

    /// The known type that AWS Config records as `config_type`.
    pub fn from_config_type(config_type: &str) -> Option<(ResourceType, &'static ConfigSource)> {
        ResourceType::all().find_map(|rt| {
            let source = rt.definition()?.inputs.config.as_ref()?;
            (source.config_type == config_type).then_some((rt, source))
        })
    }
}

/// The two template formats whose resources map to resource types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    /// CloudFormation templates.
    CloudFormation,
    /// Terraform plans and states.
    Terraform,
}

fn under(arn: &str, separator: &str) -> Pattern {
    Pattern::new(
        [
            Token::Literal(format!("{arn}{separator}")),
            Token::AnyString { except: None },
        ],
        false,
    )
}

fn single_pattern(cover: Cover, arn: &str) -> Pattern {
    match cover {
        Cover::Itself | Cover::ItselfOrUnder(_) => Pattern::literal(arn),
        Cover::Under(separator) => under(arn, separator),
        Cover::Sibling(prefix) => match split_arn(arn) {
            Some(parts) => under(&parts.prefix(), prefix),
            None => Pattern::any(),
        },
        Cover::Rule(rule) => rule(arn).unwrap_or_else(Pattern::any),
        Cover::Any => Pattern::new(
            [
                Token::Literal("arn:".to_string()),
                Token::AnyString { except: None },
            ],
            false,
        ),
    }
}

/// A generic type's requests name any resource of the ARN's partition and
/// service: Resource wildcards do not cross the service field, and which
/// of the service's resources the policy governs is unknown.
fn generic_resources(arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    Some(under(
        &format!("arn:{}:{}", parts.partition, parts.service),
        ":",
    ))
}

/// A known type whose name is one small edit away from `name` and whose
/// ARN forms `arn` has.
fn near_miss(name: &str, arn: &str) -> Option<ResourceType> {
    ResourceType::all().find(|known| {
        edit_distance(
            &name.to_ascii_lowercase(),
            &known.name().to_ascii_lowercase(),
        ) <= 2
            && known.has_arn_form(arn)
    })
}

/// Levenshtein distance, for names of a few dozen characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

impl FromStr for ResourceType {
    type Err = UnknownResourceType;

    /// Parses the name of a known type, ASCII case-insensitively.
    fn from_str(text: &str) -> Result<ResourceType, UnknownResourceType> {
        ResourceType::all()
            .find(|rt| rt.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownResourceType::new(text))
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for ResourceType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests;
