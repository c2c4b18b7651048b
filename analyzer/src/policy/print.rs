//! The normalised IAM JSON form of a parsed policy.

use serde_json::{json, Map, Value};

use super::model::{
    ActionClause, Condition, Effect, Policy, Principal, PrincipalClause, PrincipalSet,
    ResourceClause, Statement,
};

impl Policy {
    /// The policy as IAM JSON in a normal form: keys in IAM order (`Version`,
    /// `Id`, `Statement`; `Sid`, `Effect`, `Principal`, `Action`, `Resource`,
    /// `Condition`), `Statement` always an array, every list an array, every
    /// condition value a string, principals grouped by type (`AWS`,
    /// `Service`, `Federated`, `CanonicalUser`). Parsing the result gives the
    /// same policy (up to statement paths).
    ///
    /// # Example
    /// ```
    /// use zoneproof_analyzer::policy::parse_policy;
    /// let policy = parse_policy(r#"{"Statement": {"Action": "s3:*", "Effect": "Deny"}}"#).unwrap();
    /// assert_eq!(
    ///     policy.to_iam_json().to_string(),
    ///     r#"{"Statement":[{"Effect":"Deny","Action":["s3:*"]}]}"#
    /// );
    /// ```
    pub fn to_iam_json(&self) -> Value {
        let mut document = Map::new();
        if let Some(version) = self.version {
            document.insert("Version".into(), json!(version));
        }
        if let Some(id) = &self.id {
            document.insert("Id".into(), json!(id));
        }
        let statements = self.statements.iter().map(statement_json).collect();
        document.insert("Statement".into(), Value::Array(statements));
        Value::Object(document)
    }
}

fn statement_json(statement: &Statement) -> Value {
    let mut object = Map::new();
    if let Some(sid) = &statement.sid {
        object.insert("Sid".into(), json!(sid));
    }
    let effect = match statement.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    object.insert("Effect".into(), json!(effect));
    if let Some(principal) = &statement.principal {
        let (name, value) = principal_json(principal);
        object.insert(name.into(), value);
    }
    let (name, value) = action_json(&statement.action);
    object.insert(name.into(), value);
    if let Some(resource) = &statement.resource {
        let (name, value) = resource_json(resource);
        object.insert(name.into(), value);
    }
    if !statement.conditions.is_empty() {
        object.insert("Condition".into(), conditions_json(&statement.conditions));
    }
    Value::Object(object)
}

fn principal_json(clause: &PrincipalClause) -> (&'static str, Value) {
    let name = if clause.negated {
        "NotPrincipal"
    } else {
        "Principal"
    };
    let value = match &clause.principals {
        PrincipalSet::Any => json!("*"),
        PrincipalSet::Listed(principals) => {
            let mut map = Map::new();
            for kind in ["AWS", "Service", "Federated", "CanonicalUser"] {
                let names: Vec<&str> = principals
                    .iter()
                    .filter(|principal| principal_kind(principal) == kind)
                    .map(Principal::text)
                    .collect();
                if !names.is_empty() {
                    map.insert(kind.into(), json!(names));
                }
            }
            Value::Object(map)
        }
    };
    (name, value)
}

fn principal_kind(principal: &Principal) -> &'static str {
    match principal {
        Principal::Aws(_) => "AWS",
        Principal::Service(_) => "Service",
        Principal::Federated(_) => "Federated",
        Principal::CanonicalUser(_) => "CanonicalUser",
    }
}

fn action_json(clause: &ActionClause) -> (&'static str, Value) {
    let name = if clause.negated {
        "NotAction"
    } else {
        "Action"
    };
    (name, json!(clause.patterns))
}

fn resource_json(clause: &ResourceClause) -> (&'static str, Value) {
    let name = if clause.negated {
        "NotResource"
    } else {
        "Resource"
    };
    (name, json!(clause.patterns))
}

/// Regroups the flat condition list by operator, in order of first
/// appearance.
fn conditions_json(conditions: &[Condition]) -> Value {
    let mut block = Map::new();
    for condition in conditions {
        let entry = block
            .entry(condition.operator.display_name())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(keys) = entry {
            keys.insert(condition.key.clone(), json!(condition.values));
        }
    }
    Value::Object(block)
}
