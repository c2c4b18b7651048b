//! Static resolution of CloudFormation intrinsic functions.
//!
//! Fail-closed rules (what is not known is never guessed, and never `*`):
//! - `Ref` to a parameter: its `Default` (a `CommaDelimitedList` or
//!   `List<...>` default becomes a list); a parameter without `Default`, or
//!   of an SSM type (`AWS::SSM::Parameter::Value<...>`, whose default is a
//!   parameter name, not a value), is `{{unresolved:Ref:NAME}}`.
//! - Pseudo parameters: `AWS::AccountId` and `AWS::Region` come from
//!   `--account`/`--region`, else `{{unresolved:AWS::AccountId}}` /
//!   `{{unresolved:AWS::Region}}`; `AWS::Partition` is `aws` unless
//!   `--partition`; `AWS::URLSuffix` follows the partition; `AWS::StackName`,
//!   `AWS::StackId`, `AWS::NotificationARNs` are placeholders;
//!   `AWS::NoValue` removes the property or list element.
//! - `Ref`/`Fn::GetAtt` of a resource of the template: see
//!   [`super::resources`] (names and ARNs in the template's account; a
//!   generated name or id is the logical id, the same everywhere it is
//!   used, so the resource's ARN and the ARNs in its policy agree).
//!   Anything else is `{{unresolved:Ref:X}}` / `{{unresolved:Fn::GetAtt:X.A}}`.
//! - `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`, `Fn::Split`,
//!   `Fn::FindInMap` are computed when their arguments are static;
//!   placeholders inside strings survive (and `Fn::Split` never splits
//!   inside one). A list that is not static makes the whole expression a
//!   placeholder.
//! - `Fn::If`: the condition is evaluated (`Fn::Equals`, `Fn::And`,
//!   `Fn::Or`, `Fn::Not`, `Condition`) from the same resolved values; when
//!   it depends on an unresolved value, the whole `Fn::If` is
//!   `{{unresolved:Fn::If:CONDITION}}`, so the policy is analysed as unknown
//!   at that place rather than with a branch chosen arbitrarily (neither
//!   branch, nor their union, is safe in general: a union widens a `Deny`
//!   too, and a dropped branch can hide a grant). A placeholder where an
//!   object is required makes the policy fail to parse: an error, never a
//!   silent "no access".
//! - `Fn::ImportValue` is `{{unresolved:Fn::ImportValue:NAME}}`; every other
//!   function (`Fn::GetAZs`, `Fn::Cidr`, `Fn::Base64`, `Fn::Transform`, ...)
//!   is `{{unresolved:FUNCTION:ARGUMENT}}`.

use std::cell::Cell;

use serde_json::{Map, Value};

use super::super::names::{has_placeholder, placeholder, split_outside_placeholders, url_suffix};
use super::super::ReadOptions;
use super::resources;

/// Past this depth of nested intrinsics (or a `Ref` cycle), the value is a
/// placeholder.
const MAX_DEPTH: usize = 64;
/// Past this many intrinsic evaluations in one template (names that refer
/// to names that refer to names...), every further one is a placeholder.
const MAX_STEPS: usize = 200_000;

/// The parts of a template that intrinsics refer to.
pub struct Template<'a> {
    pub(crate) parameters: Option<&'a Map<String, Value>>,
    pub(crate) mappings: Option<&'a Map<String, Value>>,
    pub(crate) conditions: Option<&'a Map<String, Value>>,
    pub(crate) resources: &'a Map<String, Value>,
}

impl<'a> Template<'a> {
    /// The template's sections (an absent `Resources` is empty).
    pub fn new(template: &'a Value, empty: &'a Map<String, Value>) -> Self {
        let section = |name: &str| template.get(name).and_then(Value::as_object);
        Template {
            parameters: section("Parameters"),
            mappings: section("Mappings"),
            conditions: section("Conditions"),
            resources: section("Resources").unwrap_or(empty),
        }
    }
}

/// Resolves intrinsic functions against a template and the read options.
pub struct Resolver<'a> {
    pub(crate) template: Template<'a>,
    pub(crate) options: &'a ReadOptions,
    steps: Cell<usize>,
}

impl<'a> Resolver<'a> {
    /// A resolver for `template`.
    pub fn new(template: Template<'a>, options: &'a ReadOptions) -> Self {
        Resolver {
            template,
            options,
            steps: Cell::new(0),
        }
    }

    /// The value with every intrinsic function resolved; `None` when the
    /// value is `AWS::NoValue`.
    pub fn resolve(&self, value: &Value) -> Option<Value> {
        self.resolve_at(value, 0)
    }

    pub(crate) fn resolve_at(&self, value: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return Some(Value::String(placeholder("nesting too deep")));
        }
        match value {
            Value::Object(map) => {
                if let Some((name, argument)) = intrinsic(map) {
                    return self.intrinsic(name, argument, depth + 1);
                }
                let mut out = Map::new();
                for (key, member) in map {
                    if let Some(member) = self.resolve_at(member, depth + 1) {
                        out.insert(key.clone(), member);
                    }
                }
                Some(Value::Object(out))
            }
            Value::Array(items) => Some(Value::Array(
                items
                    .iter()
                    .filter_map(|item| self.resolve_at(item, depth + 1))
                    .collect(),
            )),
            scalar => Some(scalar.clone()),
        }
    }

    /// A resolved string, or a placeholder for a non-string.
    pub(crate) fn resolve_string(&self, value: &Value, depth: usize) -> Option<String> {
        self.resolve_at(value, depth)
            .map(|resolved| match resolved {
                Value::String(text) => text,
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                other => placeholder(&compact(&other)),
            })
    }

    fn intrinsic(&self, name: &str, argument: &Value, depth: usize) -> Option<Value> {
        let text = |value: String| Some(Value::String(value));
        self.steps.set(self.steps.get().saturating_add(1));
        if self.steps.get() > MAX_STEPS {
            return text(placeholder("template too complex to resolve"));
        }
        match name {
            "Ref" => match argument {
                Value::String(target) => self.reference(target, depth),
                other => text(placeholder(&format!("Ref:{}", compact(other)))),
            },
            "Fn::GetAtt" => text(self.get_att(argument, depth)),
            "Fn::Sub" => text(self.sub(argument, depth)),
            "Fn::Join" => Some(self.join(argument, depth)),
            "Fn::Select" => self.select(argument, depth),
            "Fn::Split" => Some(self.split(argument, depth)),
            "Fn::If" => self.if_(argument, depth),
            "Fn::FindInMap" => Some(self.find_in_map(argument, depth)),
            "Fn::ImportValue" => {
                let name = self
                    .resolve_string(argument, depth)
                    .unwrap_or_else(|| placeholder("AWS::NoValue"));
                text(placeholder(&format!("Fn::ImportValue:{name}")))
            }
            other => text(placeholder(&format!("{other}:{}", compact(argument)))),
        }
    }

    /// `Ref` of a parameter, pseudo parameter or resource.
    pub(crate) fn reference(&self, target: &str, depth: usize) -> Option<Value> {
        if let Some(value) = self.pseudo_parameter(target) {
            return value;
        }
        if let Some(parameter) = self.template.parameters.and_then(|p| p.get(target)) {
            return Some(parameter_value(target, parameter));
        }
        if let Some(resource) = self.template.resources.get(target) {
            return Some(Value::String(resources::reference(
                self, target, resource, depth,
            )));
        }
        Some(Value::String(placeholder(&format!("Ref:{target}"))))
    }

    /// The value of a pseudo parameter (`Some(None)` for `AWS::NoValue`),
    /// `None` when `name` is not one.
    fn pseudo_parameter(&self, name: &str) -> Option<Option<Value>> {
        let text = |value: String| Some(Some(Value::String(value)));
        match name {
            "AWS::AccountId" => text(self.account()),
            "AWS::Region" => text(self.region()),
            "AWS::Partition" => text(self.partition().to_string()),
            "AWS::URLSuffix" => text(url_suffix(self.partition()).to_string()),
            "AWS::NoValue" => Some(None),
            "AWS::StackName" | "AWS::StackId" | "AWS::NotificationARNs" => text(placeholder(name)),
            _ => None,
        }
    }

    /// The deployment account, or its placeholder.
    pub(crate) fn account(&self) -> String {
        self.options
            .account
            .clone()
            .unwrap_or_else(|| placeholder("AWS::AccountId"))
    }

    /// The deployment region, or its placeholder.
    pub(crate) fn region(&self) -> String {
        self.options
            .region
            .clone()
            .unwrap_or_else(|| placeholder("AWS::Region"))
    }

    /// The partition.
    pub(crate) fn partition(&self) -> &str {
        self.options.partition()
    }

    fn get_att(&self, argument: &Value, depth: usize) -> String {
        let (logical, attribute) = match argument {
            Value::String(dotted) => match dotted.split_once('.') {
                Some((logical, attribute)) => (logical.to_string(), attribute.to_string()),
                None => return placeholder(&format!("Fn::GetAtt:{dotted}")),
            },
            Value::Array(parts) => match parts.as_slice() {
                [Value::String(logical), attribute] => {
                    match self.resolve_string(attribute, depth) {
                        Some(attribute) => (logical.clone(), attribute),
                        None => return placeholder(&format!("Fn::GetAtt:{}", compact(argument))),
                    }
                }
                _ => return placeholder(&format!("Fn::GetAtt:{}", compact(argument))),
            },
            other => return placeholder(&format!("Fn::GetAtt:{}", compact(other))),
        };
        match self.template.resources.get(&logical) {
            Some(resource) => resources::attribute(self, &logical, resource, &attribute, depth),
            None => placeholder(&format!("Fn::GetAtt:{logical}.{attribute}")),
        }
    }

    fn sub(&self, argument: &Value, depth: usize) -> String {
        let (template, variables) = match argument {
            Value::String(template) => (template.clone(), None),
            Value::Array(parts) => match parts.as_slice() {
                [Value::String(template), Value::Object(variables)] => {
                    (template.clone(), Some(variables))
                }
                [Value::String(template)] => (template.clone(), None),
                _ => return placeholder(&format!("Fn::Sub:{}", compact(argument))),
            },
            other => return placeholder(&format!("Fn::Sub:{}", compact(other))),
        };
        let mut out = String::new();
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(rest.get(..start).unwrap_or(""));
            let after = rest.get(start + 2..).unwrap_or("");
            if let Some(literal) = after.strip_prefix('!') {
                // `${!Literal}` is the literal text `${Literal}`.
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                out.push_str(rest.get(start..).unwrap_or(""));
                rest = "";
                break;
            };
            let name = after.get(..end).unwrap_or("").trim();
            out.push_str(&self.sub_variable(name, variables, depth));
            rest = after.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    fn sub_variable(
        &self,
        name: &str,
        variables: Option<&Map<String, Value>>,
        depth: usize,
    ) -> String {
        if let Some(value) = variables.and_then(|variables| variables.get(name)) {
            return self
                .resolve_string(value, depth)
                .unwrap_or_else(|| placeholder(&format!("Fn::Sub:{name}")));
        }
        let is_parameter = self
            .template
            .parameters
            .is_some_and(|p| p.contains_key(name));
        let is_resource = self.template.resources.contains_key(name);
        if name.starts_with("AWS::") || is_parameter || is_resource {
            return match self.reference(name, depth) {
                Some(Value::String(text)) => text,
                Some(other) => placeholder(&format!("Ref:{name}:{}", compact(&other))),
                None => String::new(),
            };
        }
        match name.split_once('.') {
            Some((logical, attribute)) if self.template.resources.contains_key(logical) => {
                self.get_att(&Value::String(format!("{logical}.{attribute}")), depth)
            }
            _ => placeholder(&format!("Ref:{name}")),
        }
    }

    fn join(&self, argument: &Value, depth: usize) -> Value {
        let unresolved = || Value::String(placeholder(&format!("Fn::Join:{}", compact(argument))));
        let Value::Array(parts) = argument else {
            return unresolved();
        };
        let [delimiter, list] = parts.as_slice() else {
            return unresolved();
        };
        let Some(delimiter) = self.resolve_string(delimiter, depth) else {
            return unresolved();
        };
        match self.resolve_at(list, depth) {
            Some(Value::Array(items)) => {
                let strings: Vec<String> = items.iter().map(scalar_text).collect();
                Value::String(strings.join(&delimiter))
            }
            _ => unresolved(),
        }
    }

    fn select(&self, argument: &Value, depth: usize) -> Option<Value> {
        let unresolved = || {
            Some(Value::String(placeholder(&format!(
                "Fn::Select:{}",
                compact(argument)
            ))))
        };
        let Value::Array(parts) = argument else {
            return unresolved();
        };
        let [index, list] = parts.as_slice() else {
            return unresolved();
        };
        let index = match self.resolve_at(index, depth) {
            Some(Value::Number(number)) => number.as_u64(),
            Some(Value::String(text)) => text.trim().parse::<u64>().ok(),
            _ => None,
        };
        let list = self.resolve_at(list, depth);
        match (index, list) {
            (Some(index), Some(Value::Array(items))) => {
                let item = usize::try_from(index)
                    .ok()
                    .and_then(|index| items.get(index).cloned());
                match item {
                    Some(item) => Some(item),
                    None => unresolved(),
                }
            }
            _ => unresolved(),
        }
    }

    fn split(&self, argument: &Value, depth: usize) -> Value {
        let unresolved = || Value::String(placeholder(&format!("Fn::Split:{}", compact(argument))));
        let Value::Array(parts) = argument else {
            return unresolved();
        };
        let [delimiter, source] = parts.as_slice() else {
            return unresolved();
        };
        match (
            self.resolve_string(delimiter, depth),
            self.resolve_at(source, depth),
        ) {
            (Some(delimiter), Some(Value::String(source))) if !delimiter.is_empty() => {
                Value::Array(
                    split_outside_placeholders(&source, &delimiter)
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                )
            }
            _ => unresolved(),
        }
    }

    fn if_(&self, argument: &Value, depth: usize) -> Option<Value> {
        let unresolved = |name: &str| Some(Value::String(placeholder(&format!("Fn::If:{name}"))));
        let Value::Array(parts) = argument else {
            return unresolved(&compact(argument));
        };
        let [Value::String(condition), when_true, when_false] = parts.as_slice() else {
            return unresolved(&compact(argument));
        };
        match self.condition(condition, depth) {
            Some(true) => self.resolve_at(when_true, depth),
            Some(false) => self.resolve_at(when_false, depth),
            None => unresolved(condition),
        }
    }

    /// The truth of a named condition; `None` when it depends on an
    /// unresolved value (or does not exist).
    pub fn condition(&self, name: &str, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let expression = self.template.conditions?.get(name)?;
        self.condition_expression(expression, depth + 1)
    }

    fn condition_expression(&self, expression: &Value, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let Value::Object(map) = expression else {
            return match expression {
                Value::Bool(flag) => Some(*flag),
                Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
                Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            };
        };
        let (name, argument) = intrinsic(map)?;
        let operands = || argument.as_array().map(Vec::as_slice).unwrap_or(&[]);
        match name {
            "Condition" => self.condition(argument.as_str()?, depth),
            "Fn::Equals" => {
                let [left, right] = operands() else {
                    return None;
                };
                let left = self.resolve_at(left, depth)?;
                let right = self.resolve_at(right, depth)?;
                if has_placeholder(&compact(&left)) || has_placeholder(&compact(&right)) {
                    return None;
                }
                Some(scalar_text(&left) == scalar_text(&right))
            }
            "Fn::Not" => {
                let [operand] = operands() else {
                    return None;
                };
                self.condition_expression(operand, depth + 1)
                    .map(|value| !value)
            }
            "Fn::And" | "Fn::Or" => {
                let values: Vec<Option<bool>> = operands()
                    .iter()
                    .map(|operand| self.condition_expression(operand, depth + 1))
                    .collect();
                let decisive = name == "Fn::Or";
                if values.contains(&Some(decisive)) {
                    Some(decisive)
                } else if values.iter().all(Option::is_some) {
                    Some(!decisive)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn find_in_map(&self, argument: &Value, depth: usize) -> Value {
        let unresolved =
            || Value::String(placeholder(&format!("Fn::FindInMap:{}", compact(argument))));
        let Value::Array(parts) = argument else {
            return unresolved();
        };
        let keys: Vec<Option<String>> = parts
            .iter()
            .take(3)
            .map(|part| self.resolve_string(part, depth))
            .collect();
        let [Some(map), Some(top), Some(second)] = keys.as_slice() else {
            return unresolved();
        };
        if [map, top, second].iter().any(|key| has_placeholder(key)) {
            return unresolved();
        }
        let found = self
            .template
            .mappings
            .and_then(|mappings| mappings.get(map))
            .and_then(|map| map.get(top))
            .and_then(|top| top.get(second))
            .cloned();
        match found {
            Some(value) => value,
            None => unresolved(),
        }
    }
}

/// The single-key object `{NAME: ARG}` where NAME is `Ref`, `Fn::...`, or
/// `Condition` with a condition name (an IAM `Condition` block is an
/// object, and stays literal).
pub(crate) fn intrinsic(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    if map.len() != 1 {
        return None;
    }
    let (name, argument) = map.iter().next()?;
    let is_intrinsic =
        name == "Ref" || name.starts_with("Fn::") || (name == "Condition" && argument.is_string());
    is_intrinsic.then_some((name.as_str(), argument))
}

fn parameter_value(name: &str, parameter: &Value) -> Value {
    let kind = parameter
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or("String");
    let unresolved = || Value::String(placeholder(&format!("Ref:{name}")));
    if kind.starts_with("AWS::SSM::") {
        return unresolved();
    }
    let Some(default) = parameter.get("Default") else {
        return unresolved();
    };
    let is_list = kind == "CommaDelimitedList" || kind.starts_with("List<");
    match default {
        Value::String(text) if is_list => Value::Array(
            text.split(',')
                .map(|item| Value::String(item.trim().to_string()))
                .collect(),
        ),
        Value::Number(number) => Value::String(number.to_string()),
        other => other.clone(),
    }
}

/// A scalar as the text CloudFormation would join or compare.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => String::new(),
        other => placeholder(&compact(other)),
    }
}

/// Compact JSON text of a value, for placeholders.
pub(crate) fn compact(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolve_in(template: &Value, value: &Value, options: &ReadOptions) -> Option<Value> {
        let empty = Map::new();
        Resolver::new(Template::new(template, &empty), options).resolve(value)
    }

    fn template() -> Value {
        json!({
            "Parameters": {
                "Env": {"Type": "String", "Default": "prod"},
                "Open": {"Type": "String"},
                "Accounts": {"Type": "CommaDelimitedList", "Default": "111111111111, 222222222222"},
                "Latest": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/org/account"}
            },
            "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "IsOpen": {"Fn::Equals": [{"Ref": "Open"}, "yes"]},
                "ProdOrOpen": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsOpen"}]},
                "ProdAndOpen": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsOpen"}]},
                "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]}
            },
            "Resources": {
                "Loop": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "${Loop.Arn}"}}}
            }
        })
    }

    fn resolve(value: Value) -> Option<Value> {
        resolve_in(&template(), &value, &ReadOptions::default())
    }

    // CloudFormation Fn::Sub: `${!Name}` is literal text, so IAM policy
    // variables survive.
    #[test]
    fn sub_keeps_escaped_policy_variables_literal() {
        assert_eq!(
            resolve(json!({"Fn::Sub": "arn:aws:s3:::b/${!aws:username}/${Env}"})),
            Some(json!("arn:aws:s3:::b/${aws:username}/prod"))
        );
        assert_eq!(
            resolve(json!({"Fn::Sub": ["${A}-${Env}", {"A": {"Ref": "Env"}}]})),
            Some(json!("prod-prod"))
        );
    }

    #[test]
    fn unknown_values_are_named_placeholders_never_wildcards() {
        assert_eq!(
            resolve(json!({"Ref": "Open"})),
            Some(json!("{{unresolved:Ref:Open}}"))
        );
        assert_eq!(
            resolve(json!({"Ref": "Latest"})),
            Some(json!("{{unresolved:Ref:Latest}}"))
        );
        assert_eq!(
            resolve(json!({"Fn::ImportValue": "Shared"})),
            Some(json!("{{unresolved:Fn::ImportValue:Shared}}"))
        );
        assert_eq!(
            resolve(json!({"Fn::GetAtt": ["Missing", "Arn"]})),
            Some(json!("{{unresolved:Fn::GetAtt:Missing.Arn}}"))
        );
        assert_eq!(
            resolve(json!({"Ref": "AWS::StackName"})),
            Some(json!("{{unresolved:AWS::StackName}}"))
        );
        assert_eq!(
            resolve(json!({"Fn::GetAZs": ""})),
            Some(json!("{{unresolved:Fn::GetAZs:}}"))
        );
    }

    // Conditions use three-valued logic: unknown only when it matters.
    #[test]
    fn conditions_are_decided_when_the_unknown_does_not_matter() {
        let if_ = |name: &str| resolve(json!({"Fn::If": [name, "yes", "no"]}));
        assert_eq!(if_("IsProd"), Some(json!("yes")));
        assert_eq!(if_("NotProd"), Some(json!("no")));
        assert_eq!(if_("ProdOrOpen"), Some(json!("yes")));
        assert_eq!(if_("IsOpen"), Some(json!("{{unresolved:Fn::If:IsOpen}}")));
        assert_eq!(
            if_("ProdAndOpen"),
            Some(json!("{{unresolved:Fn::If:ProdAndOpen}}"))
        );
    }

    #[test]
    fn no_value_removes_members_and_list_elements() {
        assert_eq!(
            resolve(
                json!({"A": {"Ref": "AWS::NoValue"}, "B": [1, {"Fn::If": ["NotProd", 2, {"Ref": "AWS::NoValue"}]}]})
            ),
            Some(json!({"B": [1]}))
        );
    }

    #[test]
    fn lists_join_select_and_split() {
        assert_eq!(
            resolve(json!({"Fn::Select": [1, {"Ref": "Accounts"}]})),
            Some(json!("222222222222"))
        );
        assert_eq!(
            resolve(json!({"Fn::Join": [",", {"Ref": "Accounts"}]})),
            Some(json!("111111111111,222222222222"))
        );
        // The account placeholder is not split apart at its colons.
        assert_eq!(
            resolve(
                json!({"Fn::Select": [4, {"Fn::Split": [":", {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}]}]})
            ),
            Some(json!("{{unresolved:AWS::AccountId}}"))
        );
        assert_eq!(
            resolve(json!({"Fn::Select": [9, {"Ref": "Accounts"}]})),
            Some(json!(
                "{{unresolved:Fn::Select:[9,{\"Ref\":\"Accounts\"}]}}"
            ))
        );
    }

    #[test]
    fn iam_condition_blocks_are_not_intrinsics() {
        let statement = json!({"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}});
        assert_eq!(resolve(statement.clone()), Some(statement));
    }

    #[test]
    fn self_references_end_in_a_placeholder() {
        let resolved = resolve(json!({"Ref": "Loop"})).unwrap();
        assert!(
            resolved.as_str().unwrap().contains("{{unresolved:"),
            "{resolved}"
        );
    }

    #[test]
    fn options_fill_the_pseudo_parameters() {
        let options = ReadOptions {
            account: Some("123456789012".into()),
            region: Some("eu-central-1".into()),
            partition: Some("aws-cn".into()),
        };
        assert_eq!(
            resolve_in(
                &template(),
                &json!({"Fn::Sub": "${AWS::Partition}:${AWS::Region}:${AWS::AccountId}:${AWS::URLSuffix}"}),
                &options
            ),
            Some(json!("aws-cn:eu-central-1:123456789012:amazonaws.com.cn"))
        );
    }
}
