//! Terraform plans and states as `terraform show -json` prints them: the
//! managed resources of `planned_values.root_module` (a plan) or
//! `values.root_module` (a state), child modules included.
//!
//! Which managed resources hold a policy, at which attribute, for which
//! resource, is declared in each resource type's file (`resource::types`,
//! its `terraform` sources; `zoneproof types` prints them all). For
//! instance:
//!
//! | Terraform resource | policy attribute | resource analysed |
//! | --- | --- | --- |
//! | `aws_s3_bucket_policy` | `policy` | the bucket `bucket` (with `aws_s3_bucket_acl` and `aws_s3_bucket_public_access_block` of the same bucket) |
//! | `aws_s3_bucket` | `policy` (legacy inline) | the bucket |
//! | `aws_s3_bucket_acl` without a bucket policy | none | the bucket, ACL only |
//! | `aws_sqs_queue` / `aws_sqs_queue_policy` | `policy` | the queue / the queue at `queue_url` |
//! | `aws_glacier_vault` / `aws_glacier_vault_lock` | `access_policy` / `policy` | the vault / the vault `vault_name` |
//! | `aws_s3control_multi_region_access_point_policy` | `details[0].policy` | the access point `details[0].name` |
//! | `aws_dynamodb_resource_policy` | `policy` | the table or stream `resource_arn`, told apart by its ARN |
//! | `aws_lambda_permission` | synthesised | the function: permissions grouped per function (and `qualifier`), as for CloudFormation; these inputs come last |
//!
//! A resource's own policy attribute that mirrors a standalone policy
//! resource in a state (`aws_s3_bucket.policy` and `aws_s3_bucket_policy`)
//! is read once. A resource of a type no file maps whose attributes hold a
//! resource-based policy is an error record at that policy
//! (`inputs::unmapped`).
//!
//! A plan leaves values computed during apply out of `values` and marks
//! them in `resource_changes[].change.after_unknown`. A target that is
//! unknown is looked up through `configuration` (`expressions.ATTR.references`,
//! e.g. `aws_s3_bucket.logs.id`): the referenced resource's name gives the
//! ARN; failing that, the name is a placeholder `{{unresolved:ADDRESS.ATTR}}`.
//! A policy that is unknown until apply is an error record (fail closed):
//! scan the state after apply instead. The exception is an optional inline
//! policy (`aws_kms_key.policy`, `aws_sqs_queue.policy`, `aws_sns_topic.policy`,
//! ...) that the configuration does not set: AWS computes the default
//! policy, which grants the owner account only, so it yields nothing. The region is `--region`, else the
//! `aws` provider's constant `region`, else a placeholder; the account is
//! `--account`, else the ARN's, else a placeholder.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::cloudformation::{by_policy_property, choose};
use super::lambda_permissions::{self, Permission};
use super::names::{lambda_function_arn, placeholder};
use super::{
    account_of_arn, pointer_index, pointer_push, policy_text, s3_access, unmapped, FileContext,
    InputResult, Origin, ResourceInput,
};
use crate::resource::{ArnContext, Lookup, ResourceType, Target, TemplateFormat, TemplateSource};

/// Whether an object is `terraform show -json` output.
pub(crate) fn looks_like_plan(map: &Map<String, Value>) -> bool {
    map.contains_key("format_version")
        && ["planned_values", "values", "resource_changes"]
            .iter()
            .any(|key| map.contains_key(*key))
}

/// A managed resource instance of the plan.
struct Planned<'a> {
    address: String,
    /// The module path without instance keys (`module.a.module.b`).
    module: String,
    /// The address within its module without instance key (`aws_s3_bucket.b`).
    config_address: String,
    kind: String,
    values: &'a Value,
    /// Pointer of `values`.
    pointer: String,
}

/// Reads the policy-bearing resources of a plan or state.
pub(crate) fn read(ctx: &FileContext<'_>, value: &Value) -> Vec<InputResult> {
    let (root, pointer) = match (
        value.pointer("/planned_values/root_module"),
        value.pointer("/values/root_module"),
    ) {
        (Some(root), _) => (root, "/planned_values/root_module"),
        (None, Some(root)) => (root, "/values/root_module"),
        (None, None) => return Vec::new(),
    };
    let mut planned = Vec::new();
    collect(root, pointer, "", &mut planned, 0);
    let plan = Plan {
        ctx,
        planned: &planned,
        unknown: after_unknown(value),
        expressions: configuration_expressions(value),
        has_configuration: value.pointer("/configuration/root_module").is_some(),
        region: ctx
            .options
            .region
            .clone()
            .or_else(|| provider_region(value))
            .unwrap_or_else(|| placeholder("AWS::Region")),
        account: ctx
            .options
            .account
            .clone()
            .unwrap_or_else(|| placeholder("AWS::AccountId")),
    };
    plan.read()
}

fn collect<'a>(
    module: &'a Value,
    pointer: &str,
    path: &str,
    out: &mut Vec<Planned<'a>>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    if let Some(resources) = module.get("resources").and_then(Value::as_array) {
        for (index, resource) in resources.iter().enumerate() {
            let text = |key: &str| resource.get(key).and_then(Value::as_str).unwrap_or("");
            if text("mode") != "managed" {
                continue;
            }
            let (Some(values), kind, name) = (resource.get("values"), text("type"), text("name"))
            else {
                continue;
            };
            let resource_pointer = pointer_index(&pointer_push(pointer, "resources"), index);
            out.push(Planned {
                address: text("address").to_string(),
                module: strip_instance_keys(path),
                config_address: format!("{kind}.{name}"),
                kind: kind.to_string(),
                values,
                pointer: pointer_push(&resource_pointer, "values"),
            });
        }
    }
    if let Some(children) = module.get("child_modules").and_then(Value::as_array) {
        for (index, child) in children.iter().enumerate() {
            let child_path = child.get("address").and_then(Value::as_str).unwrap_or("");
            let child_pointer = pointer_index(&pointer_push(pointer, "child_modules"), index);
            collect(child, &child_pointer, child_path, out, depth + 1);
        }
    }
}

/// `module.a["x"].module.b[0]` → `module.a.module.b`.
fn strip_instance_keys(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn after_unknown(plan: &Value) -> HashMap<String, &Value> {
    plan.get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|change| {
            let address = change.get("address")?.as_str()?;
            let unknown = change.pointer("/change/after_unknown")?;
            Some((address.to_string(), unknown))
        })
        .collect()
}

/// `(module path, config address)` → the resource's `expressions`.
fn configuration_expressions(plan: &Value) -> HashMap<(String, String), &Value> {
    let mut out = HashMap::new();
    if let Some(root) = plan.pointer("/configuration/root_module") {
        collect_expressions(root, "", &mut out, 0);
    }
    out
}

fn collect_expressions<'a>(
    module: &'a Value,
    path: &str,
    out: &mut HashMap<(String, String), &'a Value>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for resource in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(address), Some(expressions)) = (
            resource.get("address").and_then(Value::as_str),
            resource.get("expressions"),
        ) {
            out.insert((path.to_string(), address.to_string()), expressions);
        }
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(child) = call.get("module") {
            let child_path = if path.is_empty() {
                format!("module.{name}")
            } else {
                format!("{path}.module.{name}")
            };
            collect_expressions(child, &child_path, out, depth + 1);
        }
    }
}

fn provider_region(plan: &Value) -> Option<String> {
    plan.pointer("/configuration/provider_config/aws/expressions/region/constant_value")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The state of one attribute in a plan.
enum Attribute<'a> {
    Known(&'a Value),
    Unknown,
    Absent,
}

struct Plan<'a> {
    ctx: &'a FileContext<'a>,
    planned: &'a [Planned<'a>],
    unknown: HashMap<String, &'a Value>,
    expressions: HashMap<(String, String), &'a Value>,
    /// Whether the plan carries its configuration.
    has_configuration: bool,
    region: String,
    account: String,
}

/// S3 settings of a bucket, by bucket ARN.
#[derive(Default)]
struct BucketSettings {
    acl: Option<(Value, String)>,
    block_public_access: Option<Value>,
}

impl Plan<'_> {
    fn partition(&self) -> &str {
        self.ctx.options.partition()
    }

    fn read(&self) -> Vec<InputResult> {
        let mut results = Vec::new();
        let settings = match self.bucket_settings() {
            Ok(settings) => settings,
            Err(error) => {
                results.push(Err(error));
                HashMap::new()
            }
        };
        let mut permissions = Vec::new();
        let mut analysed_buckets = Vec::new();
        let standalone = self.standalone_policy_targets();
        for resource in self.planned {
            if resource.kind == "aws_lambda_permission" {
                match self.permission(resource) {
                    Ok(permission) => permissions.push(permission),
                    Err(error) => results.push(Err(error)),
                }
                continue;
            }
            for (mut result, mirrored) in self.policy_resource(resource) {
                if mirrored
                    && result
                        .as_ref()
                        .is_ok_and(|input| standalone.contains(&input.arn))
                {
                    // A state mirrors the standalone policy resource in the
                    // target's own `policy`: keep one copy.
                    continue;
                }
                if let Ok(input) = &mut result {
                    if input.resource_type == ResourceType::S3Bucket {
                        analysed_buckets.push(input.arn.clone());
                        if let Some(bucket) = settings.get(&input.arn) {
                            input.acl = bucket.acl.as_ref().map(|(acl, _)| acl.clone());
                            input.block_public_access = bucket.block_public_access.clone();
                        }
                    }
                }
                results.push(result);
            }
        }
        let mut acl_only: Vec<(&String, &BucketSettings)> = settings
            .iter()
            .filter(|(arn, bucket)| bucket.acl.is_some() && !analysed_buckets.contains(arn))
            .collect();
        acl_only.sort_by(|a, b| a.0.cmp(b.0));
        for (arn, bucket) in acl_only {
            results.push(Ok(self.bucket_without_policy(arn, bucket)));
        }
        for group in lambda_permissions::group_by_function(&permissions) {
            results.push(Ok(self.function_policy(&group)));
        }
        results
    }

    /// The ARNs that a standalone policy resource (`aws_s3_bucket_policy`,
    /// `aws_sqs_queue_policy`, ...) sets the policy of.
    fn standalone_policy_targets(&self) -> Vec<String> {
        self.planned
            .iter()
            .flat_map(|resource| self.policy_resource(resource))
            .filter(|(_, mirrored)| !mirrored)
            .filter_map(|(result, _)| result.ok())
            .map(|input| input.arn)
            .collect()
    }

    /// An attribute of a planned resource; a dotted name walks into
    /// blocks (`details.0.name`).
    fn attribute<'v>(&self, resource: &'v Planned<'_>, name: &str) -> Attribute<'v> {
        let walk = |root: &'v Value| {
            name.split('.').try_fold(root, |value, key| {
                value
                    .get(key)
                    .or_else(|| key.parse::<usize>().ok().and_then(|i| value.get(i)))
            })
        };
        match walk(resource.values) {
            Some(value) if !value.is_null() => Attribute::Known(value),
            _ => {
                let unknown = self
                    .unknown
                    .get(&resource.address)
                    .and_then(|unknown| {
                        name.split('.').try_fold(*unknown, |value, key| {
                            value
                                .get(key)
                                .or_else(|| key.parse::<usize>().ok().and_then(|i| value.get(i)))
                        })
                    })
                    .is_some_and(|flag| flag == &Value::Bool(true));
                if unknown {
                    Attribute::Unknown
                } else {
                    Attribute::Absent
                }
            }
        }
    }

    /// The ARN that the attribute `name` designates, known directly
    /// (`from_literal` turns its value into an ARN), through the resource
    /// it references, or with a placeholder.
    fn target_arn(
        &self,
        resource: &Planned<'_>,
        name: &str,
        from_literal: impl Fn(&str) -> String,
    ) -> String {
        match self.attribute(resource, name) {
            Attribute::Known(Value::String(text)) => from_literal(text),
            Attribute::Known(other) => from_literal(&placeholder(&other.to_string())),
            Attribute::Unknown | Attribute::Absent => self
                .referenced(resource, name)
                .and_then(|target| self.own_arn(target))
                .unwrap_or_else(|| {
                    from_literal(&placeholder(&format!("{}.{name}", resource.address)))
                }),
        }
    }

    /// Whether the configuration sets the attribute.
    fn is_configured(&self, resource: &Planned<'_>, attribute: &str) -> bool {
        self.expressions
            .get(&(resource.module.clone(), resource.config_address.clone()))
            .is_some_and(|expressions| expressions.get(attribute).is_some())
    }

    /// The resource that the attribute's expression references.
    fn referenced(&self, resource: &Planned<'_>, name: &str) -> Option<&Planned<'_>> {
        let expressions = self
            .expressions
            .get(&(resource.module.clone(), resource.config_address.clone()))?;
        let references = expressions.get(name)?.get("references")?.as_array()?;
        references
            .iter()
            .filter_map(Value::as_str)
            .find_map(|reference| {
                let mut parts = reference.split('.');
                let (kind, object) = (parts.next()?, parts.next()?);
                let object = object.split('[').next()?;
                let config_address = format!("{kind}.{object}");
                let candidates: Vec<&Planned<'_>> = self
                    .planned
                    .iter()
                    .filter(|p| p.module == resource.module && p.config_address == config_address)
                    .collect();
                match candidates.as_slice() {
                    [only] => Some(*only),
                    _ => {
                        let key = instance_key(&resource.address);
                        candidates
                            .into_iter()
                            .find(|p| instance_key(&p.address) == key)
                    }
                }
            })
    }

    /// The ARN of a planned resource: its ARN attribute when known, else
    /// built as its resource type's file says (from its name, else with a
    /// placeholder name).
    fn own_arn(&self, resource: &Planned<'_>) -> Option<String> {
        let template = ResourceType::template_arn(TemplateFormat::Terraform, &resource.kind)
            .map(|(_, template)| template);
        let known = template.map_or(Some("arn"), |t| t.known_arn);
        if let Some(attribute) = known {
            if let Attribute::Known(Value::String(arn)) = self.attribute(resource, attribute) {
                return Some(arn.clone());
            }
        }
        let template = template?;
        let get = |name: &str| match self.attribute(resource, name) {
            Attribute::Known(Value::String(text)) => Some(text.clone()),
            _ => None,
        };
        let generated = placeholder(&format!(
            "{}.{}",
            resource.address,
            template.name_property().unwrap_or("id")
        ));
        let lookup = Lookup {
            property: &get,
            generated_name: &generated,
        };
        Some(self.with_context(|ctx| template.arn(&lookup, ctx)))
    }

    /// Runs `f` with the plan's partition, region and account.
    fn with_context<T>(&self, f: impl FnOnce(&ArnContext<'_>) -> T) -> T {
        f(&ArnContext {
            partition: self.partition(),
            region: &self.region,
            account: &self.account,
        })
    }

    /// The inputs of one planned resource (none when it bears no policy),
    /// each with whether it mirrors a standalone policy resource.
    fn policy_resource(&self, resource: &Planned<'_>) -> Vec<(InputResult, bool)> {
        let sources = ResourceType::template_sources(TemplateFormat::Terraform, &resource.kind);
        if sources.is_empty() {
            return unmapped::resource_policies(&resource.kind, resource.values, &resource.pointer)
                .into_iter()
                .map(|at| {
                    let message = unmapped::message(&resource.kind);
                    let error = self.ctx.resource_error(&at, None, &resource.kind, message);
                    (Err(error), false)
                })
                .collect();
        }
        by_policy_property(sources)
            .iter()
            .filter_map(|candidates| {
                let &(first, source) = candidates.first()?;
                let arn = match source.target {
                    Target::Synthesised => return None,
                    Target::Itself => self.own_arn(resource).unwrap_or_default(),
                    Target::Named { property, arn } => {
                        self.target_arn(resource, property, |text| {
                            self.with_context(|ctx| ctx.arn(arn, text))
                        })
                    }
                    Target::Rule(rule) => {
                        let get = |name: &str| match self.attribute(resource, name) {
                            Attribute::Known(Value::String(text)) => Some(text.clone()),
                            _ => None,
                        };
                        let lookup = Lookup {
                            property: &get,
                            generated_name: &resource.address,
                        };
                        self.with_context(|ctx| rule(&lookup, ctx))
                    }
                };
                let result = match choose(candidates, &arn) {
                    Ok(resource_type) => {
                        self.policy_input(resource, resource_type, source, &arn)?
                    }
                    Err(message) => Err(self.ctx.resource_error(
                        &resource.pointer,
                        Some(&arn),
                        first.name(),
                        message,
                    )),
                };
                Some((result, source.mirrored))
            })
            .collect()
    }

    fn policy_input(
        &self,
        resource: &Planned<'_>,
        resource_type: ResourceType,
        source: &TemplateSource,
        arn: &str,
    ) -> Option<InputResult> {
        let required = source.required;
        let attribute = source.policy.join(".");
        let attribute = attribute.as_str();
        let pointer = source
            .policy
            .iter()
            .fold(resource.pointer.clone(), |pointer, key| {
                pointer_push(&pointer, key)
            });
        let fail = |pointer: &str, message: String| {
            Some(Err(self.ctx.resource_error(
                pointer,
                Some(arn),
                resource_type.name(),
                message,
            )))
        };
        let policy = match self.attribute(resource, attribute) {
            Attribute::Known(value) => match policy_text::decode(value) {
                Ok(policy) => policy,
                Err(message) => return fail(&pointer, message),
            },
            Attribute::Unknown
                if !required
                    && self.has_configuration
                    && !self
                        .is_configured(resource, source.policy.first().copied().unwrap_or("")) =>
            {
                // An optional policy left out of the configuration is computed by
                // AWS: the default policy, which grants the owner account only.
                return None;
            }
            Attribute::Unknown => {
                return fail(
                    &pointer,
                    format!(
                        "`{}.{attribute}` is known only after apply: scan the state after apply",
                        resource.address
                    ),
                )
            }
            Attribute::Absent => None,
        };
        if policy.is_none() {
            return if required {
                fail(
                    &resource.pointer,
                    format!("`{}` has no `{attribute}`", resource.address),
                )
            } else {
                None
            };
        }
        Some(Ok(ResourceInput {
            arn: arn.to_string(),
            resource_type,
            account: self.account_for(arn),
            origin: self.ctx.origin(&pointer, policy.as_ref()),
            policy,
            acl: None,
            block_public_access: None,
            sharing: None,
            grants: None,
        }))
    }

    fn account_for(&self, arn: &str) -> Option<String> {
        account_of_arn(arn).or_else(|| self.ctx.options.account.clone())
    }

    fn bucket_settings(&self) -> Result<HashMap<String, BucketSettings>, super::InputError> {
        let partition = self.partition().to_string();
        let mut settings: HashMap<String, BucketSettings> = HashMap::new();
        for resource in self.planned {
            let arn = || self.target_arn(resource, "bucket", |bucket| s3_arn(&partition, bucket));
            let fail = |message: String| {
                self.ctx
                    .resource_error(&resource.pointer, None, "AWS::S3::Bucket", message)
            };
            match resource.kind.as_str() {
                "aws_s3_bucket_acl" => {
                    if let Some(acl) = terraform_acl(resource.values).map_err(fail)? {
                        settings.entry(arn()).or_default().acl =
                            Some((acl, resource.pointer.clone()));
                    }
                }
                "aws_s3_bucket" => {
                    if let Some(Value::String(canned)) = resource.values.get("acl") {
                        let acl = s3_access::canned_acl(canned).map_err(fail)?;
                        let arn = self.own_arn(resource).unwrap_or_default();
                        settings.entry(arn).or_default().acl =
                            Some((acl, resource.pointer.clone()));
                    }
                }
                "aws_s3_bucket_public_access_block" => {
                    let block = s3_access::block_public_access(resource.values).map_err(fail)?;
                    settings.entry(arn()).or_default().block_public_access = block;
                }
                _ => {}
            }
        }
        Ok(settings)
    }

    fn bucket_without_policy(&self, arn: &str, bucket: &BucketSettings) -> ResourceInput {
        let pointer = bucket
            .acl
            .as_ref()
            .map(|(_, pointer)| pointer.clone())
            .unwrap_or_default();
        ResourceInput {
            arn: arn.to_string(),
            resource_type: ResourceType::S3Bucket,
            account: self.account_for(arn),
            policy: None,
            acl: bucket.acl.as_ref().map(|(acl, _)| acl.clone()),
            block_public_access: bucket.block_public_access.clone(),
            sharing: None,
            grants: None,
            origin: Origin {
                file: self.ctx.file.to_path_buf(),
                line: self.ctx.lines.line(&pointer),
                pointer,
                statement_lines: Vec::new(),
                format: self.ctx.format,
            },
        }
    }

    fn permission(&self, resource: &Planned<'_>) -> Result<Permission, super::InputError> {
        let kind = "AWS::Lambda::Function";
        let partition = self.partition().to_string();
        let (region, account) = (self.region.clone(), self.account.clone());
        let mut function_arn = self.target_arn(resource, "function_name", |name| {
            lambda_function_arn(name, &partition, &region, &account)
        });
        if let Attribute::Known(Value::String(qualifier)) = self.attribute(resource, "qualifier") {
            if !qualifier.is_empty() {
                function_arn = format!("{function_arn}:{qualifier}");
            }
        }
        let text = |name: &str| match self.attribute(resource, name) {
            Attribute::Known(Value::String(text)) if !text.is_empty() => Some(text.clone()),
            Attribute::Known(Value::String(_)) | Attribute::Absent => None,
            Attribute::Known(other) => Some(placeholder(&other.to_string())),
            Attribute::Unknown => Some(placeholder(&format!("{}.{name}", resource.address))),
        };
        let required = |name: &str| {
            text(name).ok_or_else(|| {
                self.ctx.resource_error(
                    &resource.pointer,
                    Some(&function_arn),
                    kind,
                    format!("`{}` has no `{name}`", resource.address),
                )
            })
        };
        Ok(Permission {
            pointer: resource.pointer.clone(),
            sid: text("statement_id").unwrap_or_else(|| resource.address.clone()),
            action: required("action")?,
            principal: required("principal")?,
            source_arn: text("source_arn"),
            source_account: text("source_account"),
            principal_org_id: text("principal_org_id"),
            function_url_auth_type: text("function_url_auth_type"),
            event_source_token: text("event_source_token"),
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
            self.account_for(&arn),
            self.partition(),
        )
    }
}

fn s3_arn(partition: &str, bucket: &str) -> String {
    if bucket.starts_with("arn:") {
        bucket.to_string()
    } else {
        format!("arn:{partition}:s3:::{bucket}")
    }
}

/// The instance key of an address (`aws_x.y[0]` → `[0]`), empty if none.
fn instance_key(address: &str) -> &str {
    address
        .rfind('[')
        .and_then(|start| address.get(start..))
        .unwrap_or("")
}

/// The ACL of an `aws_s3_bucket_acl`: its canned `acl`, or its
/// `access_control_policy` grants.
fn terraform_acl(values: &Value) -> Result<Option<Value>, String> {
    if let Some(Value::String(canned)) = values.get("acl") {
        if !canned.is_empty() {
            return s3_access::canned_acl(canned).map(Some);
        }
    }
    let Some(policy) = values
        .get("access_control_policy")
        .and_then(Value::as_array)
        .and_then(|blocks| blocks.first())
    else {
        return Ok(None);
    };
    let mut grants = Vec::new();
    for grant in policy
        .get("grant")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let grantee = grant
            .get("grantee")
            .and_then(Value::as_array)
            .and_then(|blocks| blocks.first())
            .ok_or_else(|| "`access_control_policy` grant has no `grantee`".to_string())?;
        let field = |name: &str| grantee.get(name).filter(|value| !value.is_null()).cloned();
        let mut out = Map::new();
        out.insert("Type".into(), field("type").unwrap_or(Value::Null));
        for (from, to) in [
            ("id", "ID"),
            ("uri", "URI"),
            ("email_address", "EmailAddress"),
        ] {
            if let Some(value) = field(from).filter(|value| value != &json!("")) {
                out.insert(to.into(), value);
            }
        }
        grants.push(json!({"Grantee": out, "Permission": grant.get("permission")}));
    }
    Ok(Some(json!({"Grants": grants})))
}

/// The policy documents of a plan or state that are not resource policies
/// of an analysed resource, for `zoneproof validate`:
///
/// | Terraform resource | attribute | policy type |
/// | --- | --- | --- |
/// | `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy` | `policy` | identity |
/// | `aws_iam_role` | `inline_policy[].policy` | identity |
/// | `aws_ssoadmin_permission_set_inline_policy` | `inline_policy` | identity |
/// | `aws_organizations_policy` (`type` `SERVICE_CONTROL_POLICY` / `RESOURCE_CONTROL_POLICY`) | `content` | SCP / RCP |
/// | `aws_s3_access_point` | `policy` | resource (`AWS::S3::AccessPoint`) |
/// | `aws_s3control_object_lambda_access_point_policy` | `policy` | resource (`AWS::S3ObjectLambda::AccessPoint`) |
///
/// A policy known only after apply is an error record (fail closed).
pub(crate) fn documents(
    ctx: &FileContext<'_>,
    value: &Value,
) -> Vec<Result<super::documents::FoundDocument, super::InputError>> {
    use super::documents::{DocumentKind, FoundDocument};
    let (root, pointer) = match (
        value.pointer("/planned_values/root_module"),
        value.pointer("/values/root_module"),
    ) {
        (Some(root), _) => (root, "/planned_values/root_module"),
        (None, Some(root)) => (root, "/values/root_module"),
        (None, None) => return Vec::new(),
    };
    let mut planned = Vec::new();
    collect(root, pointer, "", &mut planned, 0);
    let unknown = after_unknown(value);
    let is_unknown = |resource: &Planned<'_>, name: &str| {
        unknown
            .get(&resource.address)
            .and_then(|flags| flags.get(name))
            .is_some_and(|flag| flag == &Value::Bool(true))
    };
    let mut found = Vec::new();
    for resource in &planned {
        let mut targets: Vec<(String, &Value, DocumentKind)> = Vec::new();
        let mut attribute = |name: &str, kind: DocumentKind| {
            let at = pointer_push(&resource.pointer, name);
            match resource.values.get(name) {
                Some(policy) if !policy.is_null() => targets.push((at, policy, kind)),
                _ if is_unknown(resource, name) => found.push(Err(ctx.error(
                    &at,
                    format!(
                        "`{}.{name}` is known only after apply: validate the state after apply",
                        resource.address
                    ),
                ))),
                _ => {}
            }
        };
        match resource.kind.as_str() {
            "aws_iam_policy"
            | "aws_iam_role_policy"
            | "aws_iam_user_policy"
            | "aws_iam_group_policy" => {
                attribute("policy", DocumentKind::Identity);
            }
            "aws_ssoadmin_permission_set_inline_policy" => {
                attribute("inline_policy", DocumentKind::Identity)
            }
            "aws_organizations_policy" => {
                let kind = match resource.values.get("type").and_then(Value::as_str) {
                    Some("SERVICE_CONTROL_POLICY") => Some(DocumentKind::ServiceControl),
                    Some("RESOURCE_CONTROL_POLICY") => Some(DocumentKind::ResourceControl),
                    _ => None,
                };
                if let Some(kind) = kind {
                    attribute("content", kind);
                }
            }
            "aws_s3_access_point" => attribute(
                "policy",
                DocumentKind::Resource(Some("AWS::S3::AccessPoint")),
            ),
            "aws_s3control_object_lambda_access_point_policy" => attribute(
                "policy",
                DocumentKind::Resource(Some("AWS::S3ObjectLambda::AccessPoint")),
            ),
            "aws_iam_role" => {
                let inline = resource
                    .values
                    .get("inline_policy")
                    .and_then(Value::as_array);
                for (index, entry) in inline.into_iter().flatten().enumerate() {
                    if let Some(policy) = entry.get("policy").filter(|p| !p.is_null()) {
                        let at = pointer_push(
                            &pointer_index(
                                &pointer_push(&resource.pointer, "inline_policy"),
                                index,
                            ),
                            "policy",
                        );
                        targets.push((at, policy, DocumentKind::Identity));
                    }
                }
            }
            _ => {}
        }
        for (at, raw, kind) in targets {
            found.push(match policy_text::decode(raw) {
                Ok(Some(policy)) => Ok(FoundDocument::from_value(
                    ctx,
                    &at,
                    kind,
                    resource.address.clone(),
                    &policy,
                )),
                Ok(None) => Err(ctx.error(&at, "the policy document is empty")),
                Err(message) => Err(ctx.error(&at, message)),
            });
        }
    }
    found
}
