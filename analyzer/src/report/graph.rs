//! Who reaches what: principals (anyone, external accounts, organizations,
//! federated providers, services, canonical users) on one side, resources
//! on the other, an edge per pair with its number of findings.
//!
//! The graph stays readable for a large estate: at most
//! [`MAX_PRINCIPAL_NODES`] principals are drawn, the others are folded into
//! one node per kind ("12 more accounts"); resources are drawn one by one
//! when there are at most [`MAX_RESOURCE_NODES`] of them, else grouped by
//! resource type.

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

use crate::finding::{Finding, FindingPrincipal, FindingStatus};
use crate::resource::split_arn;

/// Principal nodes drawn before the rest are folded per kind.
pub const MAX_PRINCIPAL_NODES: usize = 24;
/// Resources drawn one by one up to this many; beyond, grouped by type.
pub const MAX_RESOURCE_NODES: usize = 30;

/// The kind of a principal node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalKind {
    /// Anyone, anonymous callers included, with no restricting condition.
    Public,
    /// Any principal, but only under a restricting condition (a VPC
    /// endpoint, an IP range, ...).
    Anyone,
    /// The principals of an organization (`aws:PrincipalOrgID`).
    Organization,
    /// An AWS account or a principal of it.
    Account,
    /// A federated identity provider.
    Federated,
    /// An AWS service principal.
    Service,
    /// An S3 canonical user.
    CanonicalUser,
}

impl PrincipalKind {
    fn plural(self) -> &'static str {
        match self {
            PrincipalKind::Public => "public principals",
            PrincipalKind::Anyone => "conditional principals",
            PrincipalKind::Organization => "organizations",
            PrincipalKind::Account => "accounts",
            PrincipalKind::Federated => "identity providers",
            PrincipalKind::Service => "services",
            PrincipalKind::CanonicalUser => "canonical users",
        }
    }
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// What the node stands for, as shown.
    pub label: String,
    /// For principals: the kind; for resources: `resource` or `resourceType`.
    pub kind: String,
    /// Findings on the node's edges.
    pub findings: usize,
    /// Of those, public ones.
    pub public: usize,
    /// Of those, ACTIVE ones.
    pub active: usize,
    /// How many principals or resources the node stands for.
    pub members: usize,
}

/// An edge: the findings of one principal node on one resource node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// Index of the principal node.
    pub from: usize,
    /// Index of the resource node.
    pub to: usize,
    /// Findings.
    pub findings: usize,
    /// Of those, public ones.
    pub public: usize,
    /// Of those, ACTIVE ones.
    pub active: usize,
}

/// The graph, and each finding's nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Graph {
    /// Principal nodes, most findings first (public first).
    pub principals: Vec<Node>,
    /// Resource nodes, most findings first.
    pub resources: Vec<Node>,
    /// Edges.
    pub edges: Vec<Edge>,
    /// Whether resources are grouped by type.
    pub grouped_by_type: bool,
    /// For each finding given to [`Graph::build`], its principal node.
    #[serde(skip)]
    pub principal_of: Vec<usize>,
    /// For each finding given to [`Graph::build`], its resource node.
    #[serde(skip)]
    pub resource_of: Vec<usize>,
}

/// The principal a finding's access is granted to, as a node key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrincipalKey {
    /// Its kind.
    pub kind: PrincipalKind,
    /// Its label: the account id, organization id, provider, service, ...
    pub label: String,
}

/// The node a finding's principal belongs to: public access; an
/// organization when the access is restricted to one; an account for an
/// account id or a principal ARN (grouped by its account); the provider,
/// service or canonical user otherwise.
pub fn principal_key(finding: &Finding) -> PrincipalKey {
    let key = |kind, label: &str| PrincipalKey {
        kind,
        label: label.to_string(),
    };
    if finding.is_public {
        return key(PrincipalKind::Public, "Everyone (public)");
    }
    if let Some(org) = organization(&finding.condition) {
        return key(PrincipalKind::Organization, &org);
    }
    match &finding.principal {
        FindingPrincipal::Aws(value) if value == "*" => {
            let keys: Vec<&str> = finding.condition.keys().map(String::as_str).collect();
            key(
                PrincipalKind::Anyone,
                &format!("Anyone, if {}", keys.join(" and ")),
            )
        }
        FindingPrincipal::Aws(value) => {
            let account = split_arn(value)
                .map(|parts| parts.account.to_string())
                .filter(|account| !account.is_empty())
                .unwrap_or_else(|| value.clone());
            key(PrincipalKind::Account, &account)
        }
        FindingPrincipal::Federated(value) => key(PrincipalKind::Federated, value),
        FindingPrincipal::Service(value) => key(PrincipalKind::Service, value),
        FindingPrincipal::CanonicalUser(value) => key(PrincipalKind::CanonicalUser, value),
    }
}

/// The organization a condition restricts the principal to.
fn organization(condition: &BTreeMap<String, Value>) -> Option<String> {
    let value = condition
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("aws:PrincipalOrgID"))
        .map(|(_, value)| value)
        .or_else(|| {
            condition
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case("aws:PrincipalOrgPaths"))
                .map(|(_, value)| value)
        })?;
    let texts: Vec<String> = match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return None,
    };
    let orgs: Vec<&str> = texts
        .iter()
        .map(|text| text.split('/').next().unwrap_or(text))
        .collect();
    Some(orgs.join(", "))
}

/// One side's tally before folding.
#[derive(Default)]
struct Tally {
    findings: usize,
    public: usize,
    active: usize,
    members: usize,
}

impl Tally {
    fn add(&mut self, finding: &Finding) {
        self.findings += 1;
        self.public += usize::from(finding.is_public);
        self.active += usize::from(finding.status == FindingStatus::Active);
    }
}

impl Graph {
    /// The graph of these findings.
    pub fn build(findings: &[&Finding]) -> Graph {
        let keys: Vec<PrincipalKey> = findings.iter().map(|f| principal_key(f)).collect();
        let (principals, principal_of) = fold_principals(findings, &keys);
        let distinct: std::collections::HashSet<&str> =
            findings.iter().map(|f| f.resource.as_str()).collect();
        let grouped_by_type = distinct.len() > MAX_RESOURCE_NODES;
        let (resources, resource_of) = resource_nodes(findings, grouped_by_type);
        let mut edges: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
        for (index, finding) in findings.iter().enumerate() {
            let (from, to) = (principal_of[index], resource_of[index]);
            let edge = edges.entry((from, to)).or_insert(Edge {
                from,
                to,
                findings: 0,
                public: 0,
                active: 0,
            });
            edge.findings += 1;
            edge.public += usize::from(finding.is_public);
            edge.active += usize::from(finding.status == FindingStatus::Active);
        }
        Graph {
            principals,
            resources,
            edges: edges.into_values().collect(),
            grouped_by_type,
            principal_of,
            resource_of,
        }
    }
}

/// Principal nodes: the busiest [`MAX_PRINCIPAL_NODES`] keys (public
/// first), then one node per kind for the rest.
fn fold_principals(findings: &[&Finding], keys: &[PrincipalKey]) -> (Vec<Node>, Vec<usize>) {
    let mut tallies: HashMap<&PrincipalKey, Tally> = HashMap::new();
    for (finding, key) in findings.iter().zip(keys) {
        tallies.entry(key).or_default().add(finding);
    }
    let mut ranked: Vec<(&PrincipalKey, Tally)> = tallies.into_iter().collect();
    ranked.sort_by(|(a, ta), (b, tb)| {
        (b.kind == PrincipalKind::Public)
            .cmp(&(a.kind == PrincipalKind::Public))
            .then(tb.findings.cmp(&ta.findings))
            .then(a.cmp(b))
    });
    let mut nodes = Vec::new();
    let mut index_of: HashMap<&PrincipalKey, usize> = HashMap::new();
    let mut folded: BTreeMap<PrincipalKind, Tally> = BTreeMap::new();
    let mut folded_keys: Vec<&PrincipalKey> = Vec::new();
    for (position, (key, tally)) in ranked.into_iter().enumerate() {
        if position < MAX_PRINCIPAL_NODES {
            index_of.insert(key, nodes.len());
            nodes.push(node(&key.label, kind_name(key.kind), &tally, 1));
        } else {
            let fold = folded.entry(key.kind).or_default();
            fold.findings += tally.findings;
            fold.public += tally.public;
            fold.active += tally.active;
            fold.members += 1;
            folded_keys.push(key);
        }
    }
    let mut fold_index: BTreeMap<PrincipalKind, usize> = BTreeMap::new();
    for (kind, tally) in folded {
        fold_index.insert(kind, nodes.len());
        let label = format!("{} more {}", tally.members, kind.plural());
        nodes.push(node(&label, kind_name(kind), &tally, tally.members));
    }
    for key in folded_keys {
        if let Some(&index) = fold_index.get(&key.kind) {
            index_of.insert(key, index);
        }
    }
    let of = keys
        .iter()
        .map(|key| index_of.get(key).copied().unwrap_or_default())
        .collect();
    (nodes, of)
}

/// Resource nodes, one per resource or per resource type, most findings
/// first.
fn resource_nodes(findings: &[&Finding], by_type: bool) -> (Vec<Node>, Vec<usize>) {
    let label = |f: &Finding| {
        if by_type {
            f.resource_type.clone()
        } else {
            f.resource.clone()
        }
    };
    let mut tallies: BTreeMap<String, (Tally, std::collections::BTreeSet<&str>)> = BTreeMap::new();
    for finding in findings {
        let (tally, members) = tallies.entry(label(finding)).or_default();
        tally.add(finding);
        members.insert(finding.resource.as_str());
    }
    let mut ranked: Vec<(String, Tally, usize)> = tallies
        .into_iter()
        .map(|(label, (tally, members))| (label, tally, members.len()))
        .collect();
    ranked.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(&b.0)));
    let kind = if by_type { "resourceType" } else { "resource" };
    let index_of: HashMap<String, usize> = ranked
        .iter()
        .enumerate()
        .map(|(index, (label, _, _))| (label.clone(), index))
        .collect();
    let nodes = ranked
        .iter()
        .map(|(label, tally, members)| node(label, kind, tally, *members))
        .collect();
    let of = findings
        .iter()
        .map(|f| index_of.get(&label(f)).copied().unwrap_or_default())
        .collect();
    (nodes, of)
}

fn node(label: &str, kind: &str, tally: &Tally, members: usize) -> Node {
    Node {
        label: label.to_string(),
        kind: kind.to_string(),
        findings: tally.findings,
        public: tally.public,
        active: tally.active,
        members,
    }
}

fn kind_name(kind: PrincipalKind) -> &'static str {
    match kind {
        PrincipalKind::Public => "public",
        PrincipalKind::Anyone => "anyone",
        PrincipalKind::Organization => "organization",
        PrincipalKind::Account => "account",
        PrincipalKind::Federated => "federated",
        PrincipalKind::Service => "service",
        PrincipalKind::CanonicalUser => "canonicalUser",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingType;
    use serde_json::json;

    fn finding(resource: &str, principal: FindingPrincipal, condition: Value) -> Finding {
        let is_public = principal.is_everyone() && condition == json!({});
        Finding {
            id: format!("{resource}-{principal:?}-{condition}"),
            finding_type: FindingType::ExternalAccess,
            resource: resource.into(),
            resource_type: "AWS::S3::Bucket".into(),
            resource_owner_account: "111122223333".into(),
            principal,
            action: vec!["s3:GetObject".into()],
            condition: serde_json::from_value(condition).unwrap(),
            is_public,
            status: FindingStatus::Active,
            archived_by: None,
            sources: vec![],
            witness: None,
            remediation: String::new(),
            undocumented_reading: Vec::new(),
            cut_by: Vec::new(),
        }
    }

    #[test]
    fn principals_are_public_organizations_accounts_providers_and_services() {
        let aws = |v: &str| FindingPrincipal::Aws(v.into());
        let cases = [
            (
                finding("b", aws("*"), json!({})),
                PrincipalKind::Public,
                "Everyone (public)",
            ),
            (
                finding(
                    "b",
                    aws("*"),
                    json!({"aws:PrincipalOrgID": "o-partner0000"}),
                ),
                PrincipalKind::Organization,
                "o-partner0000",
            ),
            (
                finding("b", aws("*"), json!({"aws:SourceVpce": "vpce-1"})),
                PrincipalKind::Anyone,
                "Anyone, if aws:SourceVpce",
            ),
            (
                finding("b", aws("arn:aws:iam::444455556666:role/x"), json!({})),
                PrincipalKind::Account,
                "444455556666",
            ),
            (
                finding(
                    "b",
                    FindingPrincipal::Service("sns.amazonaws.com".into()),
                    json!({}),
                ),
                PrincipalKind::Service,
                "sns.amazonaws.com",
            ),
        ];
        for (finding, kind, label) in cases {
            let key = principal_key(&finding);
            assert_eq!((key.kind, key.label.as_str()), (kind, label));
        }
    }

    #[test]
    fn many_principals_fold_per_kind_and_many_resources_group_by_type() {
        let findings: Vec<Finding> = (0..100)
            .map(|i| {
                finding(
                    &format!("arn:aws:s3:::bucket-{i}"),
                    FindingPrincipal::Aws(format!("{:012}", 400_000_000_000_u64 + i % 50)),
                    json!({}),
                )
            })
            .chain([finding(
                "arn:aws:s3:::open",
                FindingPrincipal::Aws("*".into()),
                json!({}),
            )])
            .collect();
        let refs: Vec<&Finding> = findings.iter().collect();
        let graph = Graph::build(&refs);
        assert_eq!(graph.principals.len(), MAX_PRINCIPAL_NODES + 1);
        assert_eq!(graph.principals[0].label, "Everyone (public)");
        let folded = graph.principals.last().unwrap();
        assert_eq!(folded.label, "27 more accounts");
        assert_eq!(folded.members, 27);
        assert!(graph.grouped_by_type);
        assert_eq!(graph.resources.len(), 1);
        assert_eq!(graph.resources[0].members, 101);
        let total: usize = graph.edges.iter().map(|e| e.findings).sum();
        assert_eq!(total, 101);
        // Every finding points at the node that counts it.
        for (index, finding) in findings.iter().enumerate() {
            let node = &graph.principals[graph.principal_of[index]];
            if finding.is_public {
                assert_eq!(node.label, "Everyone (public)");
            }
        }
    }
}
