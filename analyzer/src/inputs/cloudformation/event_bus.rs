//! EventBridge event bus policies synthesised from
//! `AWS::Events::EventBusPolicy` resources: each adds one statement to its
//! bus's policy (`PutPermission`), given as `Statement`, or in the older
//! form `Action`, `Principal` (an account id or `*`) and `Condition`
//! (`{"Type", "Key", "Value"}`). The statements of one bus (`EventBusName`,
//! default `default`) are grouped into one policy, in template order,
//! located at the first of them.

use serde_json::{json, Map, Value};

use super::super::{pointer_push, InputError, Origin, ResourceInput};
use super::TemplateReader;
use crate::resource::ResourceType;

/// One `AWS::Events::EventBusPolicy`, resolved.
pub(super) struct BusStatement {
    pointer: String,
    bus_arn: String,
    statement: Value,
}

impl TemplateReader<'_> {
    /// The statement that an `AWS::Events::EventBusPolicy` adds.
    pub(super) fn bus_statement(
        &self,
        resource: &Value,
        pointer: &str,
    ) -> Result<BusStatement, InputError> {
        let properties = pointer_push(pointer, "Properties");
        let kind = "AWS::Events::EventBus";
        let sid = self.required_string(resource, &properties, "StatementId", kind)?;
        let bus = self
            .string_property(resource, "EventBusName")
            .unwrap_or_else(|| "default".to_string());
        let bus_arn = self.with_context(|ctx| {
            ctx.arn(
                crate::resource::ArnFrom::Name(
                    "arn:{partition}:events:{region}:{account}:event-bus/{name}",
                ),
                &bus,
            )
        });
        let statement = match self.property(resource, "Statement") {
            Some(Value::Object(mut statement)) => {
                statement
                    .entry("Sid")
                    .or_insert_with(|| Value::String(sid.clone()));
                Value::Object(statement)
            }
            Some(other) => {
                return Err(self.ctx.resource_error(
                    &pointer_push(&properties, "Statement"),
                    Some(&bus_arn),
                    kind,
                    format!("`Statement` must be an object, found {other}"),
                ))
            }
            None => self.legacy_statement(resource, &properties, &sid, &bus_arn)?,
        };
        Ok(BusStatement {
            pointer: pointer.to_string(),
            bus_arn,
            statement,
        })
    }

    /// `Action`, `Principal` and `Condition` as `PutPermission` stores them.
    fn legacy_statement(
        &self,
        resource: &Value,
        properties: &str,
        sid: &str,
        bus_arn: &str,
    ) -> Result<Value, InputError> {
        let kind = "AWS::Events::EventBus";
        let action = self.required_string(resource, properties, "Action", kind)?;
        let principal = self.required_string(resource, properties, "Principal", kind)?;
        let principal = if principal == "*" {
            json!("*")
        } else {
            json!({"AWS": format!("arn:{}:iam::{principal}:root", self.resolver.partition())})
        };
        let mut statement = Map::new();
        statement.insert("Sid".into(), json!(sid));
        statement.insert("Effect".into(), json!("Allow"));
        statement.insert("Principal".into(), principal);
        statement.insert("Action".into(), json!(action));
        statement.insert("Resource".into(), json!(bus_arn));
        if let Some(condition) = self.property(resource, "Condition") {
            let text = |key: &str| condition.get(key).and_then(Value::as_str).unwrap_or("");
            statement.insert(
                "Condition".into(),
                json!({text("Type"): {text("Key"): text("Value")}}),
            );
        }
        Ok(Value::Object(statement))
    }

    /// One policy per bus, in the order the buses first appear.
    pub(super) fn bus_policies(&self, statements: &[BusStatement]) -> Vec<ResourceInput> {
        let mut buses: Vec<Vec<&BusStatement>> = Vec::new();
        for statement in statements {
            match buses
                .iter_mut()
                .find(|bus| bus.first().is_some_and(|s| s.bus_arn == statement.bus_arn))
            {
                Some(bus) => bus.push(statement),
                None => buses.push(vec![statement]),
            }
        }
        buses.iter().map(|bus| self.bus_policy(bus)).collect()
    }

    fn bus_policy(&self, bus: &[&BusStatement]) -> ResourceInput {
        let first_pointer = bus.first().map(|s| s.pointer.clone()).unwrap_or_default();
        let arn = bus.first().map(|s| s.bus_arn.clone()).unwrap_or_default();
        let statements: Vec<Value> = bus.iter().map(|s| s.statement.clone()).collect();
        ResourceInput {
            account: super::super::account_of_arn(&arn)
                .or_else(|| self.ctx.options.account.clone()),
            arn,
            resource_type: ResourceType::EventsEventBus,
            policy: Some(json!({"Version": "2012-10-17", "Statement": statements})),
            acl: None,
            block_public_access: None,
            sharing: None,
            grants: None,
            origin: Origin {
                file: self.ctx.file.to_path_buf(),
                line: self.ctx.lines.line(&first_pointer),
                pointer: first_pointer,
                statement_lines: bus
                    .iter()
                    .filter_map(|s| self.ctx.lines.line(&s.pointer))
                    .collect(),
                format: self.ctx.format,
            },
        }
    }
}
