//! What one resource type file declares: a [`TypeDef`], plain data (and a
//! few functions for the rules data cannot say), registered once in the
//! table of `types/mod.rs`.
//!
//! The input readers (CloudFormation, Terraform, AWS Config) and the
//! analysis read these declarations; nothing about a type lives elsewhere,
//! except the S3 bucket settings and the Lambda permissions that the
//! readers synthesise (documented in those types' files).

use std::fmt;

use zoneproof_encodings::pattern::Pattern;

/// How a resource type grants access to other principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// A resource-based policy (bucket policy, key policy, queue policy, ...).
    Resource,
    /// A role trust policy: service principals are no finding there.
    Trust,
    /// No policy, only sharing attributes (snapshots).
    SharingOnly,
}

/// Where a type's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrigin {
    /// A CloudFormation resource type of that name exists.
    CloudFormation,
    /// CloudFormation has no such type; zoneproof names it in the same
    /// style, and the type's file says why.
    Zoneproof,
}

/// Everything zoneproof knows about one resource type.
#[derive(Debug)]
pub struct TypeDef {
    /// The CloudFormation-style name, e.g. `AWS::Glacier::Vault`.
    pub name: &'static str,
    /// Whether CloudFormation has a type of this name.
    pub name_origin: NameOrigin,
    /// What the policy is called, e.g. `vault access policy`.
    pub policy_name: &'static str,
    /// How the type grants access.
    pub policy_kind: PolicyKind,
    /// The services and catalog resource kinds whose actions apply; the
    /// first service is the type's own ([`super::ResourceType::service`]).
    pub actions: &'static [ActionSource],
    /// Which resource strings a request on a resource of this type can
    /// name, per catalog kind; kinds not listed name the ARN itself.
    pub covers: &'static [(&'static str, Cover)],
    /// When set, only these actions (qualified, case-insensitive) can be
    /// granted by the policy (role trust policies).
    pub admitted_actions: Option<&'static [&'static str]>,
    /// The ARN forms a resource of this type has, in the IAM catalog's
    /// notation (`arn:${Partition}:glacier:${Region}:${Account}:vaults/${VaultName}`).
    pub arn_forms: &'static [&'static str],
    /// Variables of the ARN forms whose values may contain `/` and `:`
    /// (an IAM role's path, a secret's name); every other variable is one
    /// ARN segment: no `/`, no `:`.
    pub free_variables: &'static [&'static str],
    /// How templates, plans and Config items carry the policy.
    pub inputs: Inputs,
    /// A rewrite of the policy document before analysis, for policy
    /// shorthands the service expands when it stores a policy (API
    /// Gateway's `execute-api:/...`); it receives the resource's ARN.
    pub rewrite_policy: Option<fn(&mut serde_json::Value, &str)>,
    /// An ARN and a policy of this type, used in the docs and by tests.
    pub example: Example,
}

/// The actions of one service that apply to a type.
#[derive(Debug)]
pub struct ActionSource {
    /// The service prefix, e.g. `s3`.
    pub service: &'static str,
    /// The catalog resource kinds (as the catalog names them) whose
    /// actions apply, e.g. `bucket`, `object`.
    pub kinds: &'static [&'static str],
}

/// The resource strings that requests of one catalog kind name.
#[derive(Debug, Clone, Copy)]
pub enum Cover {
    /// The resource's ARN itself.
    Itself,
    /// Strings under the ARN: the ARN, then `separator`, then anything
    /// (objects of a bucket: `/`).
    Under(&'static str),
    /// The ARN itself and strings under it (a domain and its indexes).
    ItselfOrUnder(&'static str),
    /// Resources beside this one in the same service, region and account:
    /// the ARN's first five fields, then `prefix`, then anything (the
    /// databases of a Glue Data Catalog: `database/`).
    Sibling(&'static str),
    /// Resources computed from the ARN by a rule of the type (`None`: the
    /// ARN does not have the shape the rule needs, so any string).
    Rule(fn(&str) -> Option<Pattern>),
    /// Any ARN: the type cannot tell which resources of this kind its
    /// policy governs (sound: the policy's `Resource` decides).
    Any,
}

/// The input formats' ways to carry a type's policy.
#[derive(Debug)]
pub struct Inputs {
    /// CloudFormation resources that hold the policy.
    pub cloudformation: &'static [TemplateSource],
    /// The CloudFormation resources of this type: how their ARN is built
    /// (for `Ref`, `Fn::GetAtt ... Arn` and for policies on the resource
    /// itself).
    pub cloudformation_arns: &'static [TemplateArn],
    /// Terraform resources that hold the policy.
    pub terraform: &'static [TemplateSource],
    /// The Terraform resources of this type and how their ARN is built
    /// when the plan does not know their `arn` yet.
    pub terraform_arns: &'static [TemplateArn],
    /// Where an AWS Config configuration item keeps the policy.
    pub config: Option<ConfigSource>,
    /// Why an input format has no mapping, when that needs saying.
    pub remarks: &'static str,
}

impl Inputs {
    /// No input format carries this type's policy: inventory records only.
    pub const NONE: Inputs = Inputs {
        cloudformation: &[],
        cloudformation_arns: &[],
        terraform: &[],
        terraform_arns: &[],
        config: None,
        remarks: "",
    };
}

/// A template resource (CloudFormation) or a managed resource (Terraform)
/// that holds a policy of the type.
#[derive(Debug)]
pub struct TemplateSource {
    /// `AWS::Glacier::Vault`, `aws_glacier_vault`, ...
    pub resource_type: &'static str,
    /// The path of the policy under `Properties` (CloudFormation) or the
    /// resource's values (Terraform); a number indexes a list (Terraform
    /// blocks are lists of one object).
    pub policy: &'static [&'static str],
    /// Whether a resource without the policy is an error (a standalone
    /// policy resource) rather than a resource without a policy.
    pub required: bool,
    /// Which resource the policy is attached to.
    pub target: Target,
    /// Terraform only: the resource's own policy attribute mirrors a
    /// standalone policy resource in a state; keep one copy.
    pub mirrored: bool,
}

impl TemplateSource {
    /// A policy held by the resource of this type itself, optional.
    pub const fn own(resource_type: &'static str, policy: &'static [&'static str]) -> Self {
        TemplateSource {
            resource_type,
            policy,
            required: false,
            target: Target::Itself,
            mirrored: false,
        }
    }

    /// A standalone policy resource naming its target in `property`.
    pub const fn attached(
        resource_type: &'static str,
        policy: &'static [&'static str],
        property: &'static str,
        arn: ArnFrom,
    ) -> Self {
        TemplateSource {
            resource_type,
            policy,
            required: true,
            target: Target::Named { property, arn },
            mirrored: false,
        }
    }

    /// Template resources the reader turns into statements of one policy.
    pub const fn synthesised(resource_type: &'static str) -> Self {
        TemplateSource {
            resource_type,
            policy: &[],
            required: false,
            target: Target::Synthesised,
            mirrored: false,
        }
    }

    /// The same source, marked as mirroring a standalone policy resource.
    pub const fn mirrored(mut self) -> Self {
        self.mirrored = true;
        self
    }
}

/// The resource a template's policy is attached to.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The resource that holds the policy (`AWS::Glacier::Vault`'s
    /// `AccessPolicy`): its ARN comes from the type's [`TemplateArn`].
    Itself,
    /// The resource named by a property (`AWS::Kinesis::ResourcePolicy`'s
    /// `ResourceArn`; a dotted path for a nested one); a list names
    /// several, one input each.
    Named {
        /// The property (CloudFormation) or attribute (Terraform).
        property: &'static str,
        /// How its value becomes an ARN.
        arn: ArnFrom,
    },
    /// A resource whose ARN a rule builds from the policy resource's
    /// properties (a repository named by domain and name; the account's
    /// Data Catalog).
    Rule(fn(&Lookup<'_>, &ArnContext<'_>) -> String),
    /// The reader builds the policy from several template resources of
    /// this type, one statement each (Lambda permissions, event bus
    /// statements), in code of its own.
    Synthesised,
}

/// How a value that names a resource becomes its ARN.
#[derive(Debug, Clone, Copy)]
pub enum ArnFrom {
    /// The value is the ARN.
    Arn,
    /// The value is an ARN or a name: a name fills `{name}` in the
    /// template (see [`ArnContext::fill`]).
    Name(&'static str),
    /// A rule of the type (queue URLs, names with extra parts).
    Rule(fn(&str, &ArnContext<'_>) -> String),
}

/// How the ARN of a template resource of this type is built.
#[derive(Debug, Clone, Copy)]
pub struct TemplateArn {
    /// `AWS::Glacier::Vault`, `aws_glacier_vault`, ...
    pub resource_type: &'static str,
    /// How the ARN is built from the resource's properties.
    pub build: ArnBuild,
    /// CloudFormation attributes (`Fn::GetAtt`) that return the ARN.
    pub arn_attributes: &'static [&'static str],
    /// CloudFormation attributes (`Fn::GetAtt`) that return the name.
    pub name_attributes: &'static [&'static str],
    /// What CloudFormation's `Ref` returns.
    pub reference: Reference,
    /// Terraform: the attribute that holds the ARN once known (`arn`).
    pub known_arn: Option<&'static str>,
}

/// How an ARN is built from a template resource's properties.
#[derive(Debug, Clone, Copy)]
pub enum ArnBuild {
    /// A template with `{partition}`, `{region}`, `{account}`, `{name}`
    /// (the property `name`, else the resource's logical id or a
    /// placeholder) and `{path}` (the property `path`, default `/`).
    Template {
        /// The property holding the name.
        name: Option<&'static str>,
        /// The property holding a path (IAM roles).
        path: Option<&'static str>,
        /// The ARN template.
        template: &'static str,
    },
    /// A rule of the type, for ARNs made of several properties.
    Rule(fn(&Lookup<'_>, &ArnContext<'_>) -> String),
}

/// The resolved string properties of a template resource, for rules.
pub struct Lookup<'a> {
    /// The property's value as a string, when it resolves.
    pub property: &'a dyn Fn(&str) -> Option<String>,
    /// What stands for a generated name: the logical id (CloudFormation)
    /// or a placeholder (Terraform).
    pub generated_name: &'a str,
}

impl Lookup<'_> {
    /// A property's value, or a placeholder naming it.
    pub fn get(&self, property: &str) -> String {
        (self.property)(property).unwrap_or_else(|| unresolved(property))
    }

    /// A name property's value, or the stand-in for a generated name.
    pub fn name(&self, property: &str) -> String {
        (self.property)(property).unwrap_or_else(|| self.generated_name.to_string())
    }
}

/// A placeholder for a value the input does not determine.
pub fn unresolved(expression: &str) -> String {
    crate::inputs::placeholder(expression)
}

impl fmt::Debug for Lookup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lookup")
            .field("generated_name", &self.generated_name)
            .finish_non_exhaustive()
    }
}

impl TemplateArn {
    /// A resource whose name is the property `name` (its logical id or a
    /// placeholder when absent); `Ref` returns the name; `Fn::GetAtt Arn`
    /// the ARN.
    pub const fn named(
        resource_type: &'static str,
        name: &'static str,
        template: &'static str,
    ) -> TemplateArn {
        TemplateArn {
            resource_type,
            build: ArnBuild::Template {
                name: Some(name),
                path: None,
                template,
            },
            arn_attributes: &["Arn"],
            name_attributes: &[],
            reference: Reference::Name,
            known_arn: Some("arn"),
        }
    }

    /// A resource whose name AWS generates (an id): the logical id stands
    /// for it in templates; `Ref` is a placeholder.
    pub const fn generated(resource_type: &'static str, template: &'static str) -> TemplateArn {
        TemplateArn {
            resource_type,
            build: ArnBuild::Template {
                name: None,
                path: None,
                template,
            },
            arn_attributes: &["Arn"],
            name_attributes: &[],
            reference: Reference::Other,
            known_arn: Some("arn"),
        }
    }

    /// A resource whose ARN a rule of the type builds.
    pub const fn rule(
        resource_type: &'static str,
        rule: fn(&Lookup<'_>, &ArnContext<'_>) -> String,
    ) -> TemplateArn {
        TemplateArn {
            resource_type,
            build: ArnBuild::Rule(rule),
            arn_attributes: &["Arn"],
            name_attributes: &[],
            reference: Reference::Other,
            known_arn: Some("arn"),
        }
    }

    /// The same, with other `Fn::GetAtt` attributes returning the ARN.
    pub const fn arn_attributes(mut self, attributes: &'static [&'static str]) -> TemplateArn {
        self.arn_attributes = attributes;
        self
    }

    /// The same, with `Fn::GetAtt` attributes returning the name.
    pub const fn name_attributes(mut self, attributes: &'static [&'static str]) -> TemplateArn {
        self.name_attributes = attributes;
        self
    }

    /// The same, with `Ref` returning `reference`.
    pub const fn reference(mut self, reference: Reference) -> TemplateArn {
        self.reference = reference;
        self
    }

    /// The same, with a path property filling `{path}`.
    pub const fn path(mut self, property: &'static str) -> TemplateArn {
        if let ArnBuild::Template { name, template, .. } = self.build {
            self.build = ArnBuild::Template {
                name,
                path: Some(property),
                template,
            };
        }
        self
    }

    /// The same, with the ARN, once known, in another Terraform attribute
    /// (`None`: never the type's ARN form).
    pub const fn known_arn(mut self, attribute: Option<&'static str>) -> TemplateArn {
        self.known_arn = attribute;
        self
    }

    /// The property holding the resource's name, if any.
    pub fn name_property(&self) -> Option<&'static str> {
        match self.build {
            ArnBuild::Template { name, .. } => name,
            ArnBuild::Rule(_) => None,
        }
    }

    /// The resource's ARN.
    pub fn arn(&self, lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
        match self.build {
            ArnBuild::Template {
                name,
                path,
                template,
            } => {
                let name = match name {
                    Some(property) => lookup.name(property),
                    None => lookup.generated_name.to_string(),
                };
                let path = path
                    .and_then(|property| (lookup.property)(property))
                    .unwrap_or_else(|| "/".to_string());
                ctx.fill(&template.replace("{path}", &path), &name)
            }
            ArnBuild::Rule(rule) => rule(lookup, ctx),
        }
    }
}

/// What CloudFormation's `Ref` of a resource returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// The resource's name.
    Name,
    /// The resource's ARN.
    Arn,
    /// Something zoneproof does not model (an id): a placeholder.
    Other,
}

/// The partition, region and account a template deploys into.
#[derive(Debug, Clone, Copy)]
pub struct ArnContext<'a> {
    /// `aws`, `aws-cn`, ...
    pub partition: &'a str,
    /// The region, or its placeholder.
    pub region: &'a str,
    /// The account, or its placeholder.
    pub account: &'a str,
}

impl ArnContext<'_> {
    /// Fills `{partition}`, `{region}`, `{account}` and `{name}` in a template.
    pub fn fill(&self, template: &str, name: &str) -> String {
        template
            .replace("{partition}", self.partition)
            .replace("{region}", self.region)
            .replace("{account}", self.account)
            .replace("{name}", name)
    }

    /// The ARN a value names: itself when it is an ARN, else by `from`.
    pub fn arn(&self, from: ArnFrom, value: &str) -> String {
        match from {
            ArnFrom::Arn => value.to_string(),
            ArnFrom::Name(_) | ArnFrom::Rule(_) if value.starts_with("arn:") => value.to_string(),
            ArnFrom::Name(template) => self.fill(template, value),
            ArnFrom::Rule(rule) => rule(value, self),
        }
    }
}

/// Where an AWS Config configuration item keeps a type's policy.
#[derive(Debug, Clone, Copy)]
pub struct ConfigSource {
    /// The Config resource type, e.g. `AWS::OpenSearch::Domain`.
    pub config_type: &'static str,
    /// Candidate paths of the policy in the item, the first present wins.
    pub policy: &'static [&'static [&'static str]],
    /// Whether an item without the policy is an error (Config may not
    /// have recorded it) rather than a resource without a policy.
    pub required: bool,
    /// A rule turning the item's ARN (and account) into the type's ARN,
    /// when Config names the resource differently.
    pub arn: Option<fn(&str, &str) -> Option<String>>,
}

/// An example resource of the type.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Its ARN (owner account 111122223333).
    pub arn: &'static str,
    /// A policy that grants one external account access.
    pub policy: &'static str,
}
