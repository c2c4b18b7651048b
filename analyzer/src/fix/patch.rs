//! The two kinds of patch, applied to a policy text: add a condition to
//! statements (restrict), or take a principal out of their `Principal`
//! element, dropping a statement left without one (remove). Both only
//! narrow what an `Allow` statement grants; the proof checks it anyway.

use serde_json::Value as Json;

use super::edit::{EditError, JsonText};
use crate::finding::FindingPrincipal;
use crate::policy::AwsIdentity;
use crate::validate::json::{Node, Value};

/// A condition to add to statements: `operator: {key: values}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedCondition {
    /// The operator, e.g. `StringEquals`.
    pub operator: String,
    /// The key, e.g. `aws:PrincipalAccount`.
    pub key: String,
    /// Its values (any of them).
    pub values: Vec<String>,
}

impl AddedCondition {
    /// The condition as JSON (`{"operator": {"key": value}}`).
    pub fn to_json(&self) -> Json {
        serde_json::json!({ &self.operator: { &self.key: self.value_json() } })
    }

    fn value_json(&self) -> Json {
        match self.values.as_slice() {
            [single] => Json::String(single.clone()),
            many => many.iter().cloned().map(Json::String).collect(),
        }
    }
}

/// Several added conditions as one `Condition` block (`{"operator": {"key":
/// value, ...}, ...}`), for describing a change.
pub fn conditions_json(conditions: &[AddedCondition]) -> Json {
    let mut block = serde_json::Map::new();
    for c in conditions {
        if let Some(keys) = block
            .entry(c.operator.clone())
            .or_insert_with(|| Json::Object(serde_json::Map::new()))
            .as_object_mut()
        {
            keys.insert(c.key.clone(), c.value_json());
        }
    }
    Json::Object(block)
}

/// Adds `condition` to each statement (by index), merged into its
/// `Condition` block: a new key under an existing operator, or a new
/// operator. When an operator of the block already reads the key, the
/// next operator of `operators` (equivalent spellings) is used.
///
/// # Errors
/// When a statement cannot take the condition.
pub fn add_condition(
    text: &str,
    statements: &[usize],
    operators: &[&str],
    key: &str,
    values: &[String],
) -> Result<(String, AddedCondition), EditError> {
    let mut out = text.to_string();
    let mut used = None;
    for &index in statements {
        let doc = JsonText::parse(&out)?;
        let statement = doc.statement(index)?;
        let mut done = None;
        for operator in operators {
            let condition = AddedCondition {
                operator: (*operator).to_string(),
                key: key.to_string(),
                values: values.to_vec(),
            };
            if let Some(splice) = condition_splice(&doc, statement, &condition)? {
                done = Some((splice.apply(&out), condition));
                break;
            }
        }
        let (next, condition) = done.ok_or_else(|| {
            EditError::Shape(format!(
                "statement #{index} already reads {key} under {}",
                operators.join(" and ")
            ))
        })?;
        out = next;
        used = Some(condition);
    }
    let used = used.ok_or_else(|| EditError::Shape("no statement to restrict".into()))?;
    Ok((out, used))
}

/// The splice that merges the condition into a statement, `None` when
/// its operator already reads the key.
fn condition_splice(
    doc: &JsonText<'_>,
    statement: &Node,
    condition: &AddedCondition,
) -> Result<Option<super::edit::Splice>, EditError> {
    let Some(block) = statement.member("Condition") else {
        return doc
            .insert_member(statement, "Condition", &condition.to_json())
            .map(Some);
    };
    if block.value.as_object().is_none() {
        return Err(EditError::Shape(
            "the Condition element is not an object".into(),
        ));
    }
    let Some(operator) = block.value.member(&condition.operator) else {
        let inner = serde_json::json!({ &condition.key: condition.value_json() });
        return doc
            .insert_member(&block.value, &condition.operator, &inner)
            .map(Some);
    };
    let Some(keys) = operator.value.as_object() else {
        return Err(EditError::Shape(format!(
            "the {} block is not an object",
            condition.operator
        )));
    };
    if keys
        .iter()
        .any(|m| m.key.eq_ignore_ascii_case(&condition.key))
    {
        return Ok(None);
    }
    doc.insert_member(&operator.value, &condition.key, &condition.value_json())
        .map(Some)
}

/// Takes `principal` out of the `Principal` element of each statement;
/// a statement left without principals is dropped.
///
/// # Errors
/// When a statement does not name the principal (it grants it through
/// `NotPrincipal` or a wildcard), or when dropping would leave the policy
/// without statements.
pub fn remove_principal(
    text: &str,
    statements: &[usize],
    principal: &FindingPrincipal,
) -> Result<(String, Vec<usize>), EditError> {
    let mut out = text.to_string();
    let mut dropped = Vec::new();
    for &index in statements {
        let mut removed_any = false;
        loop {
            let doc = JsonText::parse(&out)?;
            let statement = doc.statement(index)?;
            match remove_one(&doc, statement, principal)? {
                Removal::Splice(splice) => {
                    out = splice.apply(&out);
                    removed_any = true;
                }
                Removal::Statement => {
                    dropped.push(index);
                    removed_any = true;
                    break;
                }
                Removal::Nothing => break,
            }
        }
        if !removed_any {
            return Err(EditError::Shape(format!(
                "statement #{index} grants {} without naming it in Principal",
                describe(principal)
            )));
        }
    }
    drop_statements(&out, &dropped).map(|text| (text, dropped))
}

/// Drops the statements (by index); when none is left, the Statement
/// element becomes `[]`: the policy grants nothing.
///
/// # Errors
/// When the document has no such statements.
pub fn drop_statements(text: &str, statements: &[usize]) -> Result<String, EditError> {
    let mut dropped = statements.to_vec();
    let mut out = text.to_string();
    dropped.sort_unstable();
    dropped.dedup();
    let doc = JsonText::parse(&out)?;
    let (all, _) = doc.statements()?;
    if dropped.len() >= all.len() {
        // Nothing left: the policy grants nothing (`"Statement": []`, which
        // AWS does not store: the fix is to delete the policy).
        let splice = doc.replace(doc.statement_element()?, &Json::Array(Vec::new()));
        return Ok(splice.apply(&out));
    }
    for &index in dropped.iter().rev() {
        let doc = JsonText::parse(&out)?;
        let array = doc.statement_array()?;
        out = doc.remove_item(array, index)?.apply(&out);
    }
    Ok(out)
}

enum Removal {
    Splice(super::edit::Splice),
    Statement,
    Nothing,
}

/// One principal entry out of a statement.
fn remove_one(
    doc: &JsonText<'_>,
    statement: &Node,
    principal: &FindingPrincipal,
) -> Result<Removal, EditError> {
    let Some(element) = statement.member("Principal") else {
        return Err(EditError::Shape(
            "the statement uses NotPrincipal: taking a principal out would widen it".into(),
        ));
    };
    let element = &element.value;
    if let Some(text) = element.as_str() {
        return Ok(if matches_entry(principal, "AWS", text) {
            Removal::Statement
        } else {
            Removal::Nothing
        });
    }
    let Some(members) = element.as_object() else {
        return Err(EditError::Shape(
            "the Principal element is not an object".into(),
        ));
    };
    for (m_index, member) in members.iter().enumerate() {
        let entries: Vec<(usize, &str)> = match &member.value.value {
            Value::String(text) => vec![(0, text.as_str())],
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| item.as_str().map(|t| (i, t)))
                .collect(),
            _ => continue,
        };
        let matching: Vec<usize> = entries
            .iter()
            .filter(|(_, text)| matches_entry(principal, &member.key, text))
            .map(|(i, _)| *i)
            .collect();
        let Some(&first) = matching.first() else {
            continue;
        };
        let items = member.value.as_array().map_or(1, <[Node]>::len);
        if matching.len() < items {
            return doc.remove_item(&member.value, first).map(Removal::Splice);
        }
        if members.len() > 1 {
            return doc.remove_member(element, m_index).map(Removal::Splice);
        }
        return Ok(Removal::Statement);
    }
    Ok(Removal::Nothing)
}

/// Whether a `Principal` entry of type `kind` names the finding's principal.
fn matches_entry(principal: &FindingPrincipal, kind: &str, entry: &str) -> bool {
    match principal {
        FindingPrincipal::Aws(value) if kind == "AWS" => {
            if value == "*" || entry == "*" {
                return value == entry;
            }
            entry == value
                || AwsIdentity::parse(entry).is_some_and(|identity| {
                    matches!(identity, AwsIdentity::Root { .. }) && identity.account() == value
                })
        }
        FindingPrincipal::Service(value) if kind == "Service" => entry.eq_ignore_ascii_case(value),
        FindingPrincipal::Federated(value) if kind == "Federated" => entry == value,
        FindingPrincipal::CanonicalUser(value) if kind == "CanonicalUser" => entry == value,
        _ => false,
    }
}

/// The principal as a policy names it.
pub fn describe(principal: &FindingPrincipal) -> String {
    format!(
        "{{\"{}\": \"{}\"}}",
        principal.type_name(),
        principal.value()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Partners",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:role/r"]},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    {
      "Sid": "Public",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"
    }
  ]
}"#;

    #[test]
    fn a_condition_merges_into_the_block() {
        let (out, used) = add_condition(
            TEXT,
            &[0],
            &["StringEquals", "StringLike"],
            "aws:PrincipalAccount",
            &["111122223333".into()],
        )
        .unwrap();
        assert_eq!(used.operator, "StringEquals");
        assert!(out.contains(r#""Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#), "{out}");
        // Again: the key is taken under StringEquals, so StringLike.
        let (again, used) = add_condition(
            &out,
            &[0],
            &["StringEquals", "StringLike"],
            "aws:PrincipalAccount",
            &["111122223333".into()],
        )
        .unwrap();
        assert_eq!(used.operator, "StringLike");
        assert!(again.contains(r#""StringLike": {"aws:PrincipalAccount": "111122223333"}"#));
    }

    #[test]
    fn a_named_principal_is_taken_out_and_a_lone_one_drops_its_statement() {
        let account = FindingPrincipal::Aws("444455556666".into());
        let (out, dropped) = remove_principal(TEXT, &[0], &account).unwrap();
        assert!(dropped.is_empty());
        assert!(
            out.contains(r#""Principal": {"AWS": ["arn:aws:iam::111122223333:role/r"]}"#),
            "{out}"
        );
        let everyone = FindingPrincipal::Aws("*".into());
        let (out, dropped) = remove_principal(TEXT, &[1], &everyone).unwrap();
        assert_eq!(dropped, [1]);
        assert!(!out.contains("Public"));
        serde_json::from_str::<Json>(&out).unwrap();
        assert!(remove_principal(TEXT, &[0], &everyone).is_err());
    }
}
