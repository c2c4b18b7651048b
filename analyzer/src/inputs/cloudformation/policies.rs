//! The policy-bearing resources of a template, as the resource type files
//! declare them (`TemplateSource`s in `resource::types`): which template
//! resource holds the policy, at which property, for which resource.
//! Only `AWS::S3::BucketPolicy` (joined with its bucket's ACL and Block
//! Public Access settings), `AWS::Lambda::Permission` and
//! `AWS::Events::EventBusPolicy` (statements grouped per function or bus)
//! are read by code of their own.
//!
//! When one template resource type carries the policy of several resource
//! types (`AWS::Kinesis::ResourcePolicy`: a stream or a consumer), the
//! target's ARN decides, by the types' ARN forms; an unresolved ARN takes
//! the first type the registry lists.

use serde_json::Value;

use super::super::names::{has_placeholder, placeholder};
use super::super::{pointer_push, unmapped, InputError, InputResult};
use super::resources;
use super::{attach_bucket_settings, target_text, BucketSettings, TemplateReader};
use crate::resource::{
    ArnContext, ArnFrom, Lookup, ResourceType, Target, TemplateFormat, TemplateSource,
};

/// Template resources whose policies the reader synthesises itself.
const SYNTHESISED: [&str; 3] = [
    "AWS::S3::BucketPolicy",
    "AWS::Lambda::Permission",
    "AWS::Events::EventBusPolicy",
];

/// The candidate types of one policy property of a template resource.
type Candidates = Vec<(ResourceType, &'static TemplateSource)>;

impl TemplateReader<'_> {
    /// The inputs of one resource (none when it bears no policy).
    pub(super) fn policy_resource(
        &self,
        logical: &str,
        resource: &Value,
        pointer: &str,
        buckets: &[BucketSettings],
    ) -> Vec<InputResult> {
        let kind = resources::resource_type(resource);
        if kind == "AWS::S3::BucketPolicy" {
            return self.bucket_policy(resource, pointer, buckets);
        }
        let sources = ResourceType::template_sources(TemplateFormat::CloudFormation, kind);
        if sources.is_empty() && !SYNTHESISED.contains(&kind) {
            return self.unmapped(kind, resource, pointer);
        }
        by_policy_property(sources)
            .iter()
            .flat_map(|candidates| self.source_inputs(logical, resource, pointer, candidates))
            .collect()
    }

    /// Error records for the resource-based policies of a resource type no
    /// file maps (see `inputs::unmapped`).
    fn unmapped(&self, kind: &str, resource: &Value, pointer: &str) -> Vec<InputResult> {
        let Some(properties) = resource.get("Properties") else {
            return Vec::new();
        };
        unmapped::resource_policies(kind, properties, &pointer_push(pointer, "Properties"))
            .into_iter()
            .map(|at| {
                Err(self
                    .ctx
                    .resource_error(&at, None, kind, unmapped::message(kind)))
            })
            .collect()
    }

    /// The inputs of one policy property.
    fn source_inputs(
        &self,
        logical: &str,
        resource: &Value,
        pointer: &str,
        candidates: &Candidates,
    ) -> Vec<InputResult> {
        let Some(&(first, source)) = candidates.first() else {
            return Vec::new();
        };
        let properties = pointer_push(pointer, "Properties");
        let targets = match source.target {
            Target::Itself => vec![self.own_arn(first, logical, resource, pointer)],
            Target::Named { property, arn } => {
                self.named_targets(resource, &properties, property, arn, first, source)
            }
            Target::Synthesised => return Vec::new(),
            Target::Rule(rule) => {
                let get = |name: &str| self.string_property(resource, name);
                let lookup = Lookup {
                    property: &get,
                    generated_name: logical,
                };
                vec![Ok(self.with_context(|ctx| rule(&lookup, ctx)))]
            }
        };
        targets
            .into_iter()
            .filter_map(|target| {
                let arn = match target {
                    Ok(arn) => arn,
                    Err(error) => return Some(Err(error)),
                };
                let resource_type = match choose(candidates, &arn) {
                    Ok(resource_type) => resource_type,
                    Err(message) => {
                        return Some(Err(self.ctx.resource_error(
                            &properties,
                            Some(&arn),
                            first.name(),
                            message,
                        )))
                    }
                };
                self.policy_input(
                    resource,
                    &properties,
                    source.policy,
                    source.required,
                    &arn,
                    resource_type,
                )
            })
            .collect()
    }

    /// The ARN of the resource itself, as its type's file builds it.
    fn own_arn(
        &self,
        candidate: ResourceType,
        logical: &str,
        resource: &Value,
        pointer: &str,
    ) -> Result<String, InputError> {
        let kind = resources::resource_type(resource);
        let template = candidate
            .definition()
            .and_then(|def| {
                def.inputs
                    .cloudformation_arns
                    .iter()
                    .find(|t| t.resource_type == kind)
            })
            .or_else(|| resources::template_arn(kind))
            .ok_or_else(|| self.ctx.error(pointer, "no ARN for this resource"))?;
        Ok(resources::built_arn(
            self.resolver,
            template,
            logical,
            resource,
            0,
        ))
    }

    /// The targets named by `property`: one, or each of a list.
    fn named_targets(
        &self,
        resource: &Value,
        properties: &str,
        property: &str,
        from: ArnFrom,
        first: ResourceType,
        source: &TemplateSource,
    ) -> Vec<Result<String, InputError>> {
        let mut keys = property.split('.');
        let first_key = keys.next().unwrap_or(property);
        let value = keys.fold(self.property(resource, first_key), |value, key| {
            let value = value?;
            value
                .get(key)
                .or_else(|| key.parse::<usize>().ok().and_then(|i| value.get(i)))
                .cloned()
        });
        let texts = match value {
            Some(Value::Array(items)) => items.iter().map(target_text).collect(),
            Some(Value::String(text)) => vec![text],
            Some(other) => vec![placeholder(&format!("{property}:{other}"))],
            None if source.required => {
                return vec![Err(self.ctx.resource_error(
                    properties,
                    None,
                    first.name(),
                    format!("resource has no `{property}`"),
                ))]
            }
            None => Vec::new(),
        };
        texts
            .iter()
            .map(|text| Ok(self.with_context(|ctx| ctx.arn(from, text))))
            .collect()
    }

    /// Runs `f` with the template's partition, region and account.
    pub(super) fn with_context<T>(&self, f: impl FnOnce(&ArnContext<'_>) -> T) -> T {
        let (region, account) = (self.resolver.region(), self.resolver.account());
        f(&ArnContext {
            partition: self.resolver.partition(),
            region: &region,
            account: &account,
        })
    }

    /// `AWS::S3::BucketPolicy`: the bucket's policy with the template
    /// bucket's ACL and Block Public Access settings.
    fn bucket_policy(
        &self,
        resource: &Value,
        pointer: &str,
        buckets: &[BucketSettings],
    ) -> Vec<InputResult> {
        let properties = pointer_push(pointer, "Properties");
        let bucket = match self.required_string(resource, &properties, "Bucket", "AWS::S3::Bucket")
        {
            Ok(bucket) => bucket,
            Err(error) => return vec![Err(error)],
        };
        let arn = if bucket.starts_with("arn:") {
            bucket.clone()
        } else {
            format!("arn:{}:s3:::{bucket}", self.resolver.partition())
        };
        let mut input = self.policy_input(
            resource,
            &properties,
            &["PolicyDocument"],
            true,
            &arn,
            ResourceType::S3Bucket,
        );
        if let Some(Ok(input)) = &mut input {
            if let Some(settings) = buckets.iter().find(|b| b.name == bucket) {
                if let Err(error) = attach_bucket_settings(input, settings) {
                    let bucket_pointer = pointer_push("/Resources", &settings.logical);
                    return vec![Err(self.ctx.resource_error(
                        &bucket_pointer,
                        Some(&arn),
                        "AWS::S3::Bucket",
                        error,
                    ))];
                }
            }
        }
        input.into_iter().collect()
    }
}

/// Groups the sources of one template resource type by the property that
/// holds the policy, in registry order.
pub(crate) fn by_policy_property(
    sources: Vec<(ResourceType, &'static TemplateSource)>,
) -> Vec<Candidates> {
    let mut groups: Vec<Candidates> = Vec::new();
    for (resource_type, source) in sources {
        match groups.iter_mut().find(|group| {
            group
                .first()
                .is_some_and(|(_, first)| first.policy == source.policy)
        }) {
            Some(group) => group.push((resource_type, source)),
            None => groups.push(vec![(resource_type, source)]),
        }
    }
    groups
}

/// The candidate type whose ARN forms `arn` has; the first candidate when
/// there is one only or the ARN is unresolved.
pub(crate) fn choose(candidates: &Candidates, arn: &str) -> Result<ResourceType, String> {
    let first = candidates
        .first()
        .map(|(rt, _)| *rt)
        .ok_or_else(|| "no resource type".to_string())?;
    if candidates.len() == 1 {
        return Ok(first);
    }
    if let Some((rt, _)) = candidates.iter().find(|(rt, _)| rt.has_arn_form(arn)) {
        return Ok(*rt);
    }
    if has_placeholder(arn) {
        return Ok(first);
    }
    let names: Vec<&str> = candidates.iter().map(|(rt, _)| rt.name()).collect();
    Err(format!("`{arn}` is not an ARN of {}", names.join(" or ")))
}
