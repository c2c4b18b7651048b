//! A lenient view of a policy document for the checks: the statements and
//! their elements as written, each with its JSON path and span, whatever
//! else is wrong with the document.
//!
//! Unlike [`crate::policy::parse_policy`], which stops at the first
//! grammar error, this view never fails: an element of the wrong JSON type
//! is still there for the check that reports it, and the other checks see
//! what they can use (the string items of a list, the well-formed
//! operators of a condition block).

use crate::policy::{BaseOperator, ConditionOperator, SetQualifier};

use super::finding::{JsonPath, Location};
use super::json::{Member, Node, Span, Value};

/// The policy document as the checks see it.
#[derive(Debug)]
pub struct PolicyView<'a> {
    /// The whole document.
    pub root: &'a Node,
    /// The `Version` member, if any.
    pub version: Option<&'a Member>,
    /// The `Statement` member, if any.
    pub statement_member: Option<&'a Member>,
    /// The statements: the items of a `Statement` array, or the single
    /// `Statement` object. Items that are not objects are statements
    /// without elements.
    pub statements: Vec<Statement<'a>>,
}

impl<'a> PolicyView<'a> {
    /// The view of a parsed document.
    pub fn new(root: &'a Node) -> PolicyView<'a> {
        let version = root.member("Version");
        let statement_member = root.member("Statement");
        let base = JsonPath::root().member("Statement");
        let statements = match statement_member.map(|member| &member.value) {
            Some(Node {
                value: Value::Array(items),
                ..
            }) => items
                .iter()
                .enumerate()
                .map(|(index, node)| {
                    Statement::new(StatementView::new(index, base.index(index), node))
                })
                .collect(),
            Some(
                node @ Node {
                    value: Value::Object(_),
                    ..
                },
            ) => vec![Statement::new(StatementView::new(0, base, node))],
            _ => Vec::new(),
        };
        PolicyView {
            root,
            version,
            statement_member,
            statements,
        }
    }

    /// The `Version` value when it is a string.
    pub fn version_text(&self) -> Option<&'a str> {
        self.version.and_then(|member| member.value.as_str())
    }

    /// Whether policy variables are interpreted: only under Version
    /// `2012-10-17`.
    pub fn variables_enabled(&self) -> bool {
        self.version_text() == Some("2012-10-17")
    }
}

/// `Allow` or `Deny`, when the statement's `Effect` is one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// One statement with its elements parsed once for every check.
#[derive(Debug)]
pub struct Statement<'a> {
    /// The statement as written.
    pub view: StatementView<'a>,
    /// `Action` or `NotAction`.
    pub actions: Option<Clause<'a>>,
    /// `Resource` or `NotResource`.
    pub resources: Option<Clause<'a>>,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalClause<'a>>,
    /// The condition block's entries.
    pub conditions: Vec<ConditionEntry<'a>>,
}

impl<'a> Statement<'a> {
    fn new(view: StatementView<'a>) -> Statement<'a> {
        Statement {
            actions: view.actions(),
            resources: view.resources(),
            principal: view.principal(),
            conditions: view.conditions(),
            view,
        }
    }

    /// The action patterns as written (empty without `Action`/`NotAction`).
    pub fn action_texts(&self) -> Vec<&'a str> {
        self.actions
            .as_ref()
            .map(|clause| clause.items.iter().map(|item| item.text).collect())
            .unwrap_or_default()
    }

    /// Whether some condition uses a key equal to `key`, ignoring case.
    pub fn uses_key(&self, key: &str) -> bool {
        self.conditions.iter().any(|entry| entry.key_is(key))
    }
}

impl<'a> std::ops::Deref for Statement<'a> {
    type Target = StatementView<'a>;

    fn deref(&self) -> &StatementView<'a> {
        &self.view
    }
}

/// One statement as written.
#[derive(Debug)]
pub struct StatementView<'a> {
    /// 0-based index in the document.
    pub index: usize,
    /// `Statement[i]`, or `Statement` for a single statement object.
    pub path: JsonPath,
    /// The statement as written.
    pub node: &'a Node,
    /// Its members (empty when it is not an object).
    pub members: &'a [Member],
}

impl<'a> StatementView<'a> {
    fn new(index: usize, path: JsonPath, node: &'a Node) -> StatementView<'a> {
        StatementView {
            index,
            path,
            node,
            members: node.as_object().unwrap_or(&[]),
        }
    }

    /// Whether the statement is a JSON object (others are reported by
    /// `DATA_TYPE_MISMATCH` and skipped by every other check).
    pub fn is_object(&self) -> bool {
        self.node.as_object().is_some()
    }

    /// The first member called exactly `name`.
    pub fn member(&self, name: &str) -> Option<&'a Member> {
        self.members.iter().find(|member| member.key == name)
    }

    /// Whether the statement has a member called exactly `name`.
    pub fn has(&self, name: &str) -> bool {
        self.member(name).is_some()
    }

    /// The path of the member `name`.
    pub fn member_path(&self, name: &str) -> JsonPath {
        self.path.member(name)
    }

    /// The location of the member `name`'s value, or of the statement when
    /// it has no such member.
    pub fn location_of(&self, name: &str) -> Location {
        match self.member(name) {
            Some(member) => Location {
                path: self.member_path(name),
                span: member.value.span,
            },
            None => self.location(),
        }
    }

    /// The location of the member `name`'s key.
    pub fn key_location(&self, member: &Member) -> Location {
        Location {
            path: self.path.key(&member.key),
            span: member.key_span,
        }
    }

    /// The location of the whole statement.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.node.span,
        }
    }

    /// The effect, when it is exactly `Allow` or `Deny`.
    pub fn effect(&self) -> Option<Effect> {
        match self.member("Effect")?.value.as_str()? {
            "Allow" => Some(Effect::Allow),
            "Deny" => Some(Effect::Deny),
            _ => None,
        }
    }

    /// Whether the effect is `Allow`.
    pub fn is_allow(&self) -> bool {
        self.effect() == Some(Effect::Allow)
    }

    /// Whether the effect is `Deny`.
    pub fn is_deny(&self) -> bool {
        self.effect() == Some(Effect::Deny)
    }

    /// The `Sid`, when it is a string.
    pub fn sid(&self) -> Option<&'a str> {
        self.member("Sid")?.value.as_str()
    }

    /// `Action` or `NotAction` (`Action` when both are present).
    fn actions(&self) -> Option<Clause<'a>> {
        self.clause("Action", "NotAction")
    }

    /// `Resource` or `NotResource` (`Resource` when both are present).
    fn resources(&self) -> Option<Clause<'a>> {
        self.clause("Resource", "NotResource")
    }

    fn clause(&self, positive: &'static str, negative: &'static str) -> Option<Clause<'a>> {
        let (name, negated) = if self.has(positive) {
            (positive, false)
        } else if self.has(negative) {
            (negative, true)
        } else {
            return None;
        };
        let member = self.member(name)?;
        Some(Clause::new(name, negated, member, self.member_path(name)))
    }

    /// `Principal` or `NotPrincipal` (`Principal` when both are present).
    fn principal(&self) -> Option<PrincipalClause<'a>> {
        let (name, negated) = if self.has("Principal") {
            ("Principal", false)
        } else if self.has("NotPrincipal") {
            ("NotPrincipal", true)
        } else {
            return None;
        };
        let member = self.member(name)?;
        let path = self.member_path(name);
        let shape = match &member.value.value {
            Value::String(text) if text == "*" => PrincipalShape::Star,
            Value::Object(members) => PrincipalShape::Map(
                members
                    .iter()
                    .map(|entry| {
                        let entry_path = path.member(&entry.key);
                        PrincipalEntry {
                            kind: &entry.key,
                            member: entry,
                            values: string_items(&entry.value, &entry_path),
                            path: entry_path,
                        }
                    })
                    .collect(),
            ),
            _ => PrincipalShape::Other,
        };
        Some(PrincipalClause {
            name,
            negated,
            member,
            path,
            shape,
        })
    }

    /// The entries of the condition block, one per (operator, key), in
    /// document order. Operators and keys that are not objects are left
    /// out (their own checks report them).
    fn conditions(&self) -> Vec<ConditionEntry<'a>> {
        let Some(block) = self.member("Condition") else {
            return Vec::new();
        };
        let block_path = self.member_path("Condition");
        let mut entries = Vec::new();
        for operator_member in block.value.as_object().unwrap_or(&[]) {
            let operator_path = block_path.member(&operator_member.key);
            let operator = parse_operator(&operator_member.key);
            for key_member in operator_member.value.as_object().unwrap_or(&[]) {
                let path = operator_path.member(&key_member.key);
                let (values, values_are_array) = match &key_member.value.value {
                    Value::Array(items) => (
                        items
                            .iter()
                            .enumerate()
                            .map(|(index, node)| ConditionValue::new(node, path.index(index)))
                            .collect(),
                        true,
                    ),
                    _ => (
                        vec![ConditionValue::new(&key_member.value, path.clone())],
                        false,
                    ),
                };
                entries.push(ConditionEntry {
                    operator_text: &operator_member.key,
                    operator,
                    operator_member,
                    operator_path: operator_path.clone(),
                    key: &key_member.key,
                    key_member,
                    path,
                    values,
                    values_are_array,
                });
            }
        }
        entries
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Debug)]
pub struct Clause<'a> {
    /// The element's name, e.g. `NotAction`.
    pub name: &'static str,
    /// True for the `Not...` form.
    pub negated: bool,
    /// The member as written.
    pub member: &'a Member,
    /// Its path.
    pub path: JsonPath,
    /// Its string items (a single string is one item).
    pub items: Vec<Item<'a>>,
}

impl<'a> Clause<'a> {
    fn new(name: &'static str, negated: bool, member: &'a Member, path: JsonPath) -> Clause<'a> {
        Clause {
            name,
            negated,
            member,
            items: string_items(&member.value, &path),
            path,
        }
    }

    /// The location of the whole element value.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.member.value.span,
        }
    }

    /// Whether the element is an empty array.
    pub fn is_empty_array(&self) -> bool {
        self.member.value.as_array().is_some_and(<[Node]>::is_empty)
    }
}

/// One string item of a list element, with its place.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    /// The text.
    pub text: &'a str,
    /// The node.
    pub node: &'a Node,
    /// Its path.
    pub path: JsonPath,
}

impl Item<'_> {
    /// The item's location.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.node.span,
        }
    }
}

/// The string items of a value written as a string or an array; other
/// items are skipped.
fn string_items<'a>(node: &'a Node, path: &JsonPath) -> Vec<Item<'a>> {
    match &node.value {
        Value::String(text) => vec![Item {
            text,
            node,
            path: path.clone(),
        }],
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                item.as_str().map(|text| Item {
                    text,
                    node: item,
                    path: path.index(index),
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug)]
pub struct PrincipalClause<'a> {
    /// `Principal` or `NotPrincipal`.
    pub name: &'static str,
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The member as written.
    pub member: &'a Member,
    /// Its path.
    pub path: JsonPath,
    /// What it holds.
    pub shape: PrincipalShape<'a>,
}

impl<'a> PrincipalClause<'a> {
    /// The location of the element's value.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.member.value.span,
        }
    }

    /// The entries of a principal map (empty for `"*"` and other shapes).
    pub fn entries(&self) -> &[PrincipalEntry<'a>] {
        match &self.shape {
            PrincipalShape::Map(entries) => entries,
            PrincipalShape::Star | PrincipalShape::Other => &[],
        }
    }

    /// The values listed under a principal type (`AWS`, `Service`, ...).
    pub fn values_of(&self, kind: &str) -> impl Iterator<Item = &Item<'a>> + '_ {
        let kind = kind.to_owned();
        self.entries()
            .iter()
            .filter(move |entry| entry.kind == kind)
            .flat_map(|entry| entry.values.iter())
    }

    /// Whether the principal is `"*"` or has `"AWS": "*"`.
    pub fn is_everyone(&self) -> bool {
        matches!(self.shape, PrincipalShape::Star) || self.values_of("AWS").any(|v| v.text == "*")
    }
}

/// The shape of a `Principal` value.
#[derive(Debug)]
pub enum PrincipalShape<'a> {
    /// `"*"`.
    Star,
    /// `{"AWS": ..., "Service": ..., ...}`.
    Map(Vec<PrincipalEntry<'a>>),
    /// Anything else (reported by `INVALID_PRINCIPAL_FORMAT`).
    Other,
}

/// One `type: values` entry of a principal map.
#[derive(Debug)]
pub struct PrincipalEntry<'a> {
    /// The principal type as written, e.g. `AWS`.
    pub kind: &'a str,
    /// The member as written.
    pub member: &'a Member,
    /// Its path.
    pub path: JsonPath,
    /// Its string values.
    pub values: Vec<Item<'a>>,
}

/// One `operator: {key: values}` entry of a condition block.
#[derive(Debug)]
pub struct ConditionEntry<'a> {
    /// The operator as written.
    pub operator_text: &'a str,
    /// The operator, when it is a known one (a `Null...IfExists` is
    /// accepted here; its own check reports it).
    pub operator: Option<ConditionOperator>,
    /// The operator member.
    pub operator_member: &'a Member,
    /// Its path.
    pub operator_path: JsonPath,
    /// The condition key as written.
    pub key: &'a str,
    /// The key member.
    pub key_member: &'a Member,
    /// The path of the key's value.
    pub path: JsonPath,
    /// The values (a single value is one value).
    pub values: Vec<ConditionValue<'a>>,
    /// Whether the values are written as an array.
    pub values_are_array: bool,
}

impl ConditionEntry<'_> {
    /// The location of the condition key.
    pub fn key_location(&self) -> Location {
        Location {
            path: self.operator_path.key(self.key),
            span: self.key_member.key_span,
        }
    }

    /// The location of the operator.
    pub fn operator_location(&self) -> Location {
        Location {
            path: self.operator_path.clone(),
            span: self.operator_member.key_span,
        }
    }

    /// The location of the key's value (all its values).
    pub fn value_location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.key_member.value.span,
        }
    }

    /// The base operator, when known.
    pub fn base(&self) -> Option<BaseOperator> {
        self.operator.map(|operator| operator.base)
    }

    /// The set qualifier, when the operator is known and has one.
    pub fn qualifier(&self) -> Option<SetQualifier> {
        self.operator.and_then(|operator| operator.set)
    }

    /// Whether the operator has the `IfExists` suffix.
    pub fn if_exists(&self) -> bool {
        self.operator.is_some_and(|operator| operator.if_exists)
    }

    /// The key's prefix before the first `:` (e.g. `aws`), lower-cased.
    pub fn key_prefix(&self) -> Option<String> {
        self.key
            .split_once(':')
            .map(|(prefix, _)| prefix.to_ascii_lowercase())
    }

    /// Whether the key is `name`, ignoring case.
    pub fn key_is(&self, name: &str) -> bool {
        self.key.eq_ignore_ascii_case(name)
    }

    /// The values that are scalars, as text.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &ConditionValue<'_>)> {
        self.values
            .iter()
            .filter_map(|value| value.text.as_deref().map(|text| (text, value)))
    }
}

/// One condition value.
#[derive(Debug)]
pub struct ConditionValue<'a> {
    /// Its text when it is a string, number or boolean.
    pub text: Option<String>,
    /// The node.
    pub node: &'a Node,
    /// Its path.
    pub path: JsonPath,
}

impl<'a> ConditionValue<'a> {
    fn new(node: &'a Node, path: JsonPath) -> ConditionValue<'a> {
        let text = match &node.value {
            Value::String(text) | Value::Number(text) => Some(text.clone()),
            Value::Bool(flag) => Some(flag.to_string()),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        };
        ConditionValue { text, node, path }
    }

    /// The value's location.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.node.span,
        }
    }
}

/// Parses a condition operator leniently: an optional `ForAllValues:` or
/// `ForAnyValue:` prefix, a base operator and an optional `IfExists`
/// suffix, names case-sensitive. `Null` with `IfExists` is accepted.
pub fn parse_operator(name: &str) -> Option<ConditionOperator> {
    let (set, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, name)
    };
    let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = BaseOperator::from_name(base_name)?;
    Some(ConditionOperator {
        set,
        base,
        if_exists,
    })
}

/// The location of a member's value.
pub fn value_location(path: JsonPath, member: &Member) -> Location {
    Location {
        path,
        span: member.value.span,
    }
}

/// A location at the start of the document (for findings about the whole
/// text).
pub fn document_location(root: &Node) -> Location {
    Location {
        path: JsonPath::root(),
        span: Span {
            start: root.span.start,
            end: root.span.end,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::json::parse;
    use super::*;

    #[test]
    fn a_single_statement_object_is_statement_zero() {
        let node =
            parse(r#"{"Statement": {"Effect": "Allow", "Action": ["s3:Get*", 3]}}"#).unwrap();
        let view = PolicyView::new(&node);
        assert_eq!(view.statements.len(), 1);
        let statement = &view.statements[0];
        assert_eq!(statement.path.to_string(), "Statement");
        assert!(statement.is_allow());
        let actions = statement.actions.as_ref().unwrap();
        assert_eq!(actions.items.len(), 1);
        assert_eq!(actions.items[0].path.to_string(), "Statement.Action[0]");
    }

    #[test]
    fn conditions_list_every_operator_and_key() {
        let node = parse(
            r#"{"Statement": [{"Condition": {
                "StringEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"], "aws:x": 1},
                "NullIfExists": {"aws:y": true},
                "Bogus": {"aws:z": "v"}}}]}"#,
        )
        .unwrap();
        let view = PolicyView::new(&node);
        let entries = &view.statements[0].conditions;
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].values.len(), 2);
        assert_eq!(entries[1].values[0].text.as_deref(), Some("1"));
        assert!(entries[2].if_exists());
        assert!(entries[3].operator.is_none());
        assert_eq!(
            entries[0].values[1].path.to_string(),
            "Statement[0].Condition.StringEquals.aws:SourceVpc[1]"
        );
    }

    #[test]
    fn operators_parse_case_sensitively() {
        assert!(parse_operator("ForAnyValue:StringLikeIfExists").is_some());
        assert!(parse_operator("stringEquals").is_none());
        assert!(parse_operator("ForAnyValues:StringLike").is_none());
    }
}
