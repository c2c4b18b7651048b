//! Findings and resource results, serialised with IAM Access Analyzer's
//! field names (`docs/findings.md`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingType {
    /// A principal outside the zone of trust can access the resource.
    ExternalAccess,
    /// A service principal can access the resource on behalf of anyone
    /// (no source condition keeps it inside the zone): a confused deputy.
    ExternalAccessViaService,
}

/// ACTIVE, or ARCHIVED by an archive rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FindingStatus {
    /// Needs attention.
    Active,
    /// Matched an archive rule: intended access.
    Archived,
}

/// The principal of a finding: one of `{"AWS": ..}`, `{"Federated": ..}`,
/// `{"Service": ..}`, `{"CanonicalUser": ..}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingPrincipal {
    /// `*`, an account id or a principal ARN.
    #[serde(rename = "AWS")]
    Aws(String),
    /// An identity provider.
    Federated(String),
    /// A service principal.
    Service(String),
    /// A canonical user id.
    CanonicalUser(String),
}

impl FindingPrincipal {
    /// The principal type as written in policies (`AWS`, `Federated`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            FindingPrincipal::Aws(_) => "AWS",
            FindingPrincipal::Federated(_) => "Federated",
            FindingPrincipal::Service(_) => "Service",
            FindingPrincipal::CanonicalUser(_) => "CanonicalUser",
        }
    }

    /// The principal value.
    pub fn value(&self) -> &str {
        match self {
            FindingPrincipal::Aws(v)
            | FindingPrincipal::Federated(v)
            | FindingPrincipal::Service(v)
            | FindingPrincipal::CanonicalUser(v) => v,
        }
    }

    /// Whether this is `{"AWS": "*"}`.
    pub fn is_everyone(&self) -> bool {
        matches!(self, FindingPrincipal::Aws(v) if v == "*")
    }
}

/// Where a finding comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// `POLICY`, `BUCKET_ACL`, `S3_ACCESS_POINT`, `GRANT`, `SHARING`.
    #[serde(rename = "type")]
    pub source_type: String,
    /// The granting statements, for policy sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementRef>,
}

/// A statement of the analysed policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StatementRef {
    /// Zero-based index in the policy.
    pub index: usize,
    /// Its Sid, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// A concrete request that the policy allows, re-checked by the evaluator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Witness {
    /// The principal: an ARN, `anonymous`, `service:NAME`, `federated:PROVIDER`
    /// or `canonical:ID` (the `zoneproof eval --principal` syntax).
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// Context keys and their values (arrays for multivalued keys).
    pub context: BTreeMap<String, Value>,
}

/// One external-access finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable hash of resource, type, principal and condition.
    pub id: String,
    /// The kind of finding.
    pub finding_type: FindingType,
    /// The resource ARN.
    pub resource: String,
    /// The resource type name.
    pub resource_type: String,
    /// The owner account.
    pub resource_owner_account: String,
    /// Who gets in.
    #[serde(with = "principal_map")]
    pub principal: FindingPrincipal,
    /// The concrete actions allowed, sorted.
    pub action: Vec<String>,
    /// The restricting keys the policy pins for this class of requests,
    /// read as in an IAM policy: key -> value (the key's default operator),
    /// or an object of operators and values that all hold, or
    /// `{"allOf": [...]}` (`docs/findings.md`, "Conditions").
    pub condition: BTreeMap<String, Value>,
    /// Anyone (incl. anonymous) with no restricting condition.
    pub is_public: bool,
    /// ACTIVE or ARCHIVED.
    pub status: FindingStatus,
    /// The archive rule that archived it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_by: Option<String>,
    /// The granting statements (or ACL, grants, sharing).
    pub sources: Vec<Source>,
    /// A request the policy allows, re-checked by the concrete evaluator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<Witness>,
    /// What to do about it.
    pub remediation: String,
    /// JSON paths of the policy's matches that AWS does not document and
    /// that the witness relies on: the witness is allowed when each of them
    /// is read as granting more access, and not otherwise
    /// (`docs/semantics.md`, "Undocumented matches"). Empty when the
    /// finding holds whichever way they are read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undocumented_reading: Vec<String>,
    /// The resource control policy (RCP) statements of the organization
    /// that cut part of the access the resource policy grants this
    /// principal (`docs/semantics.md`, "Resource control policies"); the
    /// finding reports what is left. Empty without an organization export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut_by: Vec<ControlStatement>,
}

/// A statement of an organization policy (an RCP) that cuts access.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlStatement {
    /// `RCP`.
    pub policy_type: String,
    /// The policy id, e.g. `p-abcd1234`.
    pub policy_id: String,
    /// The policy name.
    pub policy_name: String,
    /// Where it is attached: the root, an OU or the account.
    pub attached_to: String,
    /// The zero-based index of the `Deny` statement; none when the policy
    /// cuts by allowing nothing at its level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The statement's Sid, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// How a resource's analysis ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultStatus {
    /// Every external request class was found, and the rest is proved denied.
    Analyzed,
    /// The input could not be analysed (bad policy, bad ARN, ...).
    Error,
    /// The solver could not decide: findings may be missing.
    Unknown,
}

/// The evidence that the analysis is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    /// True when the final solver answer was UNSAT: nothing else external is allowed.
    pub complete: bool,
    /// Number of solver checks made.
    pub solver_checks: u64,
    /// Wall time of the analysis, in microseconds.
    pub micros: u64,
}

/// The result for one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceResult {
    /// The resource ARN.
    pub resource: String,
    /// The resource type name.
    pub resource_type: String,
    /// analyzed, error or unknown.
    pub status: ResultStatus,
    /// The findings (empty for error; possibly incomplete for unknown).
    pub findings: Vec<Finding>,
    /// Why the analysis failed or could not decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the reader of the result should know about how it was
    /// analysed (a resource type analysed generically, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Completeness evidence.
    pub proof: Proof,
    /// Findings the resource policy alone would give that the
    /// organization's RCPs remove entirely, each with the RCP statements
    /// that cut it in `cutBy` and status `ARCHIVED` (never counted as
    /// active). Empty without an organization export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut_by_rcp: Vec<Finding>,
}

impl ResourceResult {
    /// A result for input that could not be analysed.
    pub fn error(resource: &str, resource_type: &str, message: String) -> ResourceResult {
        ResourceResult {
            resource: resource.to_string(),
            resource_type: resource_type.to_string(),
            status: ResultStatus::Error,
            findings: Vec::new(),
            error: Some(message),
            notes: Vec::new(),
            proof: Proof::default(),
            cut_by_rcp: Vec::new(),
        }
    }

    /// Whether any finding is ACTIVE.
    pub fn has_active_findings(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.status == FindingStatus::Active)
    }
}

/// A stable identifier: FNV-1a over the parts, as 16 hex digits, grouped
/// like a UUID prefix for readability.
pub fn stable_id(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let hex = format!("{hash:016x}");
    format!("{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..])
}

/// The condition map as canonical JSON text, for ids and comparisons.
pub fn condition_text(condition: &BTreeMap<String, Value>) -> String {
    let map: Map<String, Value> = condition
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(map).to_string()
}

pub(crate) mod principal_map {
    //! `FindingPrincipal` as a one-entry JSON object, e.g. `{"AWS": "*"}`.
    use super::FindingPrincipal;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(p: &FindingPrincipal, s: S) -> Result<S::Ok, S::Error> {
        let mut map = BTreeMap::new();
        map.insert(p.type_name(), p.value());
        map.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FindingPrincipal, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(d)?;
        let mut entries = map.into_iter();
        match (entries.next(), entries.next()) {
            (Some((kind, value)), None) => match kind.as_str() {
                "AWS" => Ok(FindingPrincipal::Aws(value)),
                "Federated" => Ok(FindingPrincipal::Federated(value)),
                "Service" => Ok(FindingPrincipal::Service(value)),
                "CanonicalUser" => Ok(FindingPrincipal::CanonicalUser(value)),
                other => Err(D::Error::custom(format!(
                    "unknown principal type `{other}`"
                ))),
            },
            _ => Err(D::Error::custom(
                "a finding principal has exactly one entry",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_serialises_as_access_analyzer_does() {
        let p = FindingPrincipal::Aws("*".into());
        let json = serde_json::to_value(Wrapper {
            principal: p.clone(),
        })
        .unwrap();
        assert_eq!(json, serde_json::json!({"principal": {"AWS": "*"}}));
        let back: Wrapper = serde_json::from_value(json).unwrap();
        assert_eq!(back.principal, p);
    }

    #[derive(Serialize, Deserialize)]
    struct Wrapper {
        #[serde(with = "principal_map")]
        principal: FindingPrincipal,
    }

    #[test]
    fn stable_id_depends_on_every_part() {
        let a = stable_id(&["r", "AWS", "*"]);
        assert_eq!(a, stable_id(&["r", "AWS", "*"]));
        assert_ne!(a, stable_id(&["r", "AWS*", ""]));
        assert_eq!(a.len(), 18);
    }
}
