//! CloudFormation templates (JSON or YAML, short-form tags included).
//!
//! One resource input per policy-bearing resource, in template order. Which
//! template resources hold a policy, at which property, for which resource,
//! is declared in each resource type's file (`resource::types`, its
//! `cloudformation` sources; `zoneproof types` prints them all), and read by
//! `policies`. For instance:
//!
//! | template resource | policy property | resource analysed |
//! | --- | --- | --- |
//! | `AWS::S3::BucketPolicy` | `PolicyDocument` | `AWS::S3::Bucket` named by `Bucket` (with the template bucket's `AccessControl` and `PublicAccessBlockConfiguration`) |
//! | `AWS::S3::Bucket` with `AccessControl` and no bucket policy in the template | none | the bucket, ACL only |
//! | `AWS::SQS::QueuePolicy` | `PolicyDocument` | each queue of `Queues` (URLs turned into ARNs) |
//! | `AWS::Glacier::Vault` | `AccessPolicy` | the vault |
//! | `AWS::Kinesis::ResourcePolicy` | `ResourcePolicy` | the stream or consumer `ResourceArn`, told apart by its ARN |
//! | `AWS::Lambda::Permission` | synthesised | `AWS::Lambda::Function`: the permissions of one function grouped into one policy, one statement per permission (see `lambda_permissions`); these inputs follow the template's other resources |
//! | `AWS::Events::EventBusPolicy` | synthesised | `AWS::Events::EventBus`: the statements of one bus grouped into one policy (see `event_bus`); after the permissions |
//!
//! A resource of a type no file maps whose properties hold a resource-based
//! policy is an error record at that policy (`inputs::unmapped`).
//!
//! A KMS key without `KeyPolicy` gets the default key policy (its own
//! account only) and yields nothing. A resource whose `Condition` is false
//! is skipped; one whose condition cannot be decided is kept. Transforms
//! (`AWS::Serverless-2016-10-31`, `AWS::Include`) are not expanded, so SAM
//! resources (`AWS::Serverless::*`) yield nothing.
//!
//! Intrinsic functions are resolved statically, with fail-closed rules:
//! unknown values become placeholders `{{unresolved:<expression>}}`, never
//! `*`. See `intrinsics` for every rule, including `Fn::If` (a condition
//! that cannot be decided makes the whole `Fn::If` a placeholder).

pub(crate) mod documents;
mod event_bus;
mod intrinsics;
mod policies;
pub(crate) use policies::{by_policy_property, choose};
mod resources;

use serde_json::{Map, Value};

use super::lambda_permissions::{self, Permission};
use super::names::{lambda_function_arn, placeholder};
use super::{
    account_of_arn, pointer_index, pointer_push, policy_text, s3_access, FileContext, InputError,
    InputResult, Origin, ResourceInput,
};
use crate::resource::ResourceType;
use intrinsics::{intrinsic, Resolver, Template};

/// Whether a `Resources` value looks like a template's resources: an object
/// in which some resource has a `Type` string (resources without one are
/// skipped, they cannot bear a known policy).
pub(crate) fn looks_like_resources(value: &Value) -> bool {
    let is_resource = |resource: &Value| resource.get("Type").is_some_and(Value::is_string);
    match value {
        Value::Object(resources) => resources.values().any(is_resource),
        // A list of resources is a malformed template, read (as an error)
        // rather than skipped as an unrelated file (#15).
        Value::Array(resources) => resources.iter().any(is_resource),
        _ => false,
    }
}

/// Reads the policy-bearing resources of a template.
pub(crate) fn read(ctx: &FileContext<'_>, value: &Value) -> Vec<InputResult> {
    if let Some(resources) = value.get("Resources").filter(|r| !r.is_object()) {
        let found = match resources {
            Value::Array(_) => "a list",
            Value::String(_) => "a string",
            Value::Null => "null",
            _ => "not an object",
        };
        return vec![Err(ctx.error(
            "/Resources",
            format!("`Resources` must be a map of logical ids to resources, found {found}"),
        ))];
    }
    let empty = Map::new();
    let resolver = Resolver::new(Template::new(value, &empty), ctx.options);
    let reader = TemplateReader {
        ctx,
        resolver: &resolver,
    };
    reader.read()
}

struct TemplateReader<'a> {
    ctx: &'a FileContext<'a>,
    resolver: &'a Resolver<'a>,
}

/// S3 settings of a template bucket.
struct BucketSettings {
    logical: String,
    name: String,
    acl: Result<Option<Value>, String>,
    block_public_access: Result<Option<Value>, String>,
}

impl TemplateReader<'_> {
    fn read(&self) -> Vec<InputResult> {
        let buckets = self.bucket_settings();
        let targeted = self.buckets_with_policies();
        let mut results = Vec::new();
        let mut permissions = Vec::new();
        let mut bus_statements = Vec::new();
        for (logical, resource) in self.resolver.template.resources {
            if !self.exists(resource) {
                continue;
            }
            let pointer = pointer_push("/Resources", logical);
            let kind = resources::resource_type(resource);
            if kind == "AWS::Lambda::Permission" {
                match self.permission(logical, resource, &pointer) {
                    Ok(permission) => permissions.push(permission),
                    Err(error) => results.push(Err(error)),
                }
                continue;
            }
            if kind == "AWS::Events::EventBusPolicy" {
                match self.bus_statement(resource, &pointer) {
                    Ok(statement) => bus_statements.push(statement),
                    Err(error) => results.push(Err(error)),
                }
                continue;
            }
            if kind == "AWS::S3::Bucket" {
                if let Some(settings) = buckets.iter().find(|b| &b.logical == logical) {
                    if !targeted.contains(&settings.name) && has_property(resource, "AccessControl")
                    {
                        results.push(self.bucket_without_policy(settings, &pointer));
                    }
                }
            }
            results.extend(self.policy_resource(logical, resource, &pointer, &buckets));
        }
        for group in lambda_permissions::group_by_function(&permissions) {
            results.push(Ok(self.function_policy(&group)));
        }
        results.extend(self.bus_policies(&bus_statements).into_iter().map(Ok));
        results
    }

    /// Whether the resource's `Condition` may be true.
    fn exists(&self, resource: &Value) -> bool {
        match resource.get("Condition").and_then(Value::as_str) {
            Some(condition) => self.resolver.condition(condition, 0) != Some(false),
            None => true,
        }
    }

    fn property(&self, resource: &Value, name: &str) -> Option<Value> {
        let raw = resource.get("Properties")?.get(name)?;
        self.resolver.resolve(raw)
    }

    fn string_property(&self, resource: &Value, name: &str) -> Option<String> {
        let raw = resource.get("Properties")?.get(name)?;
        self.resolver.resolve_string(raw, 0)
    }

    fn bucket_settings(&self) -> Vec<BucketSettings> {
        self.resolver
            .template
            .resources
            .iter()
            .filter(|(_, resource)| resources::resource_type(resource) == "AWS::S3::Bucket")
            .map(|(logical, resource)| BucketSettings {
                logical: logical.clone(),
                name: resources::resource_name(self.resolver, logical, resource, 0),
                acl: match self.string_property(resource, "AccessControl") {
                    Some(canned) => s3_access::canned_acl(&canned).map(Some),
                    None => Ok(None),
                },
                block_public_access: match self.property(resource, "PublicAccessBlockConfiguration")
                {
                    Some(settings) => s3_access::block_public_access(&settings),
                    None => Ok(None),
                },
            })
            .collect()
    }

    fn buckets_with_policies(&self) -> Vec<String> {
        self.resolver
            .template
            .resources
            .values()
            .filter(|resource| resources::resource_type(resource) == "AWS::S3::BucketPolicy")
            .filter(|resource| self.exists(resource))
            .filter_map(|resource| self.string_property(resource, "Bucket"))
            .collect()
    }

    fn required_string(
        &self,
        resource: &Value,
        properties: &str,
        name: &str,
        resource_type: &str,
    ) -> Result<String, InputError> {
        self.string_property(resource, name).ok_or_else(|| {
            self.ctx.resource_error(
                properties,
                None,
                resource_type,
                format!("resource has no `{name}`"),
            )
        })
    }

    /// The input for the policy at `path` under the resource's properties;
    /// `None` when the policy is absent and not `required`.
    fn policy_input(
        &self,
        resource: &Value,
        properties: &str,
        path: &[&str],
        required: bool,
        arn: &str,
        resource_type: ResourceType,
    ) -> Option<InputResult> {
        let mut raw = resource.get("Properties");
        let mut pointer = properties.to_string();
        for key in path {
            raw = raw.and_then(|value| value.get(*key));
            pointer = pointer_push(&pointer, key);
        }
        let fail = |pointer: &str, message: String| {
            Some(Err(self.ctx.resource_error(
                pointer,
                Some(arn),
                resource_type.name(),
                message,
            )))
        };
        let Some(raw) = raw else {
            return if required {
                fail(properties, format!("resource has no `{}`", path.join(".")))
            } else {
                None
            };
        };
        let policy = match self.resolver.resolve(raw) {
            None => None,
            Some(resolved) => match policy_text::decode(&resolved) {
                Ok(policy) => policy,
                Err(message) => return fail(&pointer, message),
            },
        };
        if policy.is_none() && !required {
            return None;
        }
        let statement_lines = self.statement_lines(raw, &pointer, policy.as_ref());
        Some(Ok(ResourceInput {
            arn: arn.to_string(),
            resource_type,
            account: account_of_arn(arn).or_else(|| self.ctx.options.account.clone()),
            policy,
            acl: None,
            block_public_access: None,
            sharing: None,
            grants: None,
            origin: Origin {
                file: self.ctx.file.to_path_buf(),
                line: self.ctx.lines.line(&pointer),
                pointer,
                statement_lines,
                format: self.ctx.format,
            },
        }))
    }

    /// Lines of the statements that survive resolution (`AWS::NoValue`
    /// removes some).
    fn statement_lines(&self, raw: &Value, pointer: &str, policy: Option<&Value>) -> Vec<u32> {
        let count = policy.map_or(0, policy_text::statement_count);
        let line = self.ctx.lines.line(pointer);
        let is_literal =
            |value: &Value| !matches!(value, Value::Object(map) if intrinsic(map).is_some());
        match raw {
            Value::Object(map) if is_literal(raw) => {
                let statement = pointer_push(pointer, "Statement");
                match map.get("Statement") {
                    Some(Value::Array(items)) => items
                        .iter()
                        .enumerate()
                        .filter(|(_, item)| self.resolver.resolve(item).is_some())
                        .filter_map(|(index, _)| {
                            self.ctx.lines.line(&pointer_index(&statement, index))
                        })
                        .collect(),
                    Some(_) => self
                        .ctx
                        .lines
                        .line(&statement)
                        .map(|line| vec![line; count])
                        .unwrap_or_default(),
                    None => Vec::new(),
                }
            }
            Value::String(_) if self.ctx.lines.strings_are_single_line() => {
                line.map(|line| vec![line; count]).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    fn bucket_without_policy(&self, settings: &BucketSettings, pointer: &str) -> InputResult {
        let arn = format!("arn:{}:s3:::{}", self.resolver.partition(), settings.name);
        let mut input = ResourceInput {
            account: self.ctx.options.account.clone(),
            arn: arn.clone(),
            resource_type: ResourceType::S3Bucket,
            policy: None,
            acl: None,
            block_public_access: None,
            sharing: None,
            grants: None,
            origin: Origin {
                file: self.ctx.file.to_path_buf(),
                pointer: pointer.to_string(),
                line: self.ctx.lines.line(pointer),
                statement_lines: Vec::new(),
                format: self.ctx.format,
            },
        };
        attach_bucket_settings(&mut input, settings).map_err(|message| {
            self.ctx
                .resource_error(pointer, Some(&arn), "AWS::S3::Bucket", message)
        })?;
        Ok(input)
    }

    fn permission(
        &self,
        logical: &str,
        resource: &Value,
        pointer: &str,
    ) -> Result<Permission, InputError> {
        let properties = pointer_push(pointer, "Properties");
        let kind = "AWS::Lambda::Function";
        let required = |name: &str| self.required_string(resource, &properties, name, kind);
        let function = required("FunctionName")?;
        let function_arn = lambda_function_arn(
            &function,
            self.resolver.partition(),
            &self.resolver.region(),
            &self.resolver.account(),
        );
        let optional = |name: &str| self.string_property(resource, name);
        Ok(Permission {
            pointer: pointer.to_string(),
            sid: logical.to_string(),
            action: required("Action")?,
            principal: required("Principal")?,
            source_arn: optional("SourceArn"),
            source_account: optional("SourceAccount"),
            principal_org_id: optional("PrincipalOrgID"),
            function_url_auth_type: optional("FunctionUrlAuthType"),
            event_source_token: optional("EventSourceToken"),
            function_arn,
        })
    }

    fn function_policy(&self, group: &[&Permission]) -> ResourceInput {
        let arn = group
            .first()
            .map(|p| p.function_arn.clone())
            .unwrap_or_default();
        lambda_permissions::function_input(
            self.ctx,
            group,
            account_of_arn(&arn).or_else(|| self.ctx.options.account.clone()),
            self.resolver.partition(),
        )
    }
}

fn attach_bucket_settings(
    input: &mut ResourceInput,
    settings: &BucketSettings,
) -> Result<(), String> {
    input.acl = settings.acl.clone()?;
    input.block_public_access = settings.block_public_access.clone()?;
    Ok(())
}

fn has_property(resource: &Value, name: &str) -> bool {
    resource
        .get("Properties")
        .and_then(|p| p.get(name))
        .is_some()
}

fn target_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => placeholder(&other.to_string()),
    }
}
