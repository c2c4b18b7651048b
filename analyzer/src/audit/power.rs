//! The power checks, decided by the authorizer: effective administrators,
//! principals that can change their own or others' permissions,
//! privilege-escalation paths ([`escalation`](super::escalation)), and
//! delegation (creating users or roles without a forced permissions
//! boundary; boundaries that do not cap IAM management).

use std::collections::BTreeMap;

use serde_json::json;

use super::escalation::{shortest_path, Explorer, Node};
use super::probes::{self, Ceiling, Power, PROBE_REGION};
use super::{
    allowed, arn_account, request, AuditFinding, AuditOptions, Category, Severity, Undecided,
};
use crate::authorize::Authorizer;
use crate::eval::{evaluate, Decision, Request, RequestPrincipal};
use crate::iam::{Entity, IamModel};

/// The power findings, the principals that could not be decided, and the
/// number of requests decided.
#[derive(Debug, Default)]
pub struct PowerResult {
    /// Findings.
    pub findings: Vec<AuditFinding>,
    /// Principals not decided.
    pub undecided: Vec<Undecided>,
    /// Requests decided.
    pub requests: u64,
}

use super::probes::CEILING_PROBE_ROLE;

/// Runs the power and delegation checks.
pub fn check(authorizer: &Authorizer<'_>, options: &AuditOptions) -> PowerResult {
    let iam = authorizer.iam();
    let mut result = PowerResult::default();
    let probe_iam = probe_model(iam);
    let probe = authorizer.with_iam(&probe_iam);
    let mut ceilings = ceilings(&probe, &mut result.requests);
    let entities: Vec<Entity<'_>> = iam
        .users()
        .map(Entity::User)
        .chain(
            iam.roles()
                .filter(|r| !r.is_service_linked())
                .map(Entity::Role),
        )
        .collect();
    let mut powers: BTreeMap<String, Power> = BTreeMap::new();
    for entity in &entities {
        let arn = entity.arn();
        let account = arn_account(arn).to_string();
        match probes::measure_lazily(
            authorizer,
            &probe,
            &mut ceilings,
            arn,
            &account,
            &mut result.requests,
        ) {
            Ok(power) => {
                powers.insert(arn.to_string(), power);
            }
            Err(reason) => result.undecided.push(Undecided {
                principal: arn.to_string(),
                reason: reason.to_string(),
            }),
        }
    }
    let mut explorer = Explorer::new(authorizer, &probe, ceilings);
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    for entity in &entities {
        let Some(power) = powers.get(entity.arn()).copied() else {
            continue;
        };
        match explorer.node(*entity, power) {
            Ok(node) => {
                nodes.insert(entity.arn().to_string(), node);
            }
            Err(reason) => result.undecided.push(Undecided {
                principal: entity.arn().to_string(),
                reason: reason.to_string(),
            }),
        }
    }
    result.requests += explorer.requests;
    for entity in &entities {
        let arn = entity.arn();
        let Some(node) = nodes.get(arn) else { continue };
        if node.power.admin {
            result.findings.push(admin_finding(*entity));
            continue;
        }
        if let Some(finding) = modify_finding(arn, node) {
            result.findings.push(finding);
        }
        if let Some(path) = shortest_path(&nodes, arn, options.max_steps) {
            result.findings.push(path_finding(arn, node, &path));
        }
        match delegation(authorizer, *entity, &mut result.requests) {
            Ok(Some(finding)) => result.findings.push(finding),
            Ok(None) => {}
            Err(reason) => result.undecided.push(Undecided {
                principal: arn.to_string(),
                reason: reason.to_string(),
            }),
        }
    }
    result.findings.extend(boundaries(iam));
    result
}

/// A copy-free model holding one probe role per account, allowed
/// everything by its own policy: measured with the same organizations and
/// resources, it gives each account's ceiling.
fn probe_model(iam: &IamModel) -> IamModel {
    let mut model = IamModel::new();
    for account in iam.accounts() {
        let document = json!({"RoleDetailList": [{
            "RoleName": CEILING_PROBE_ROLE, "Path": "/",
            "Arn": probe_arn(&account.account),
            "RolePolicyList": [{"PolicyName": "everything", "PolicyDocument": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
            "AttachedManagedPolicies": []}]});
        let _ = model.add_authorization_details(std::path::Path::new("ceiling-probe"), &document);
    }
    model
}

fn probe_arn(account: &str) -> String {
    probes::ceiling_probe_arn(account)
}

/// The probes each account's ceiling allows (the catalog actions are
/// measured later, for the accounts that have an administrator candidate).
fn ceilings(probe: &Authorizer<'_>, requests: &mut u64) -> BTreeMap<String, Ceiling> {
    let mut out = BTreeMap::new();
    for account in probe.iam().accounts() {
        let arn = probe_arn(&account.account);
        // The probe role's own policies are complete, so a failure here
        // comes from an organization policy; the principals of the account
        // then fail the same way and are reported undecided.
        let probes = probes::probe(probe, &arn, &account.account, requests).unwrap_or(u32::MAX);
        out.insert(
            account.account.clone(),
            Ceiling {
                probes,
                actions: None,
            },
        );
    }
    out
}

fn kind(entity: Entity<'_>) -> &'static str {
    match entity {
        Entity::User(_) => "user",
        Entity::Role(_) => "role",
    }
}

fn admin_finding(entity: Entity<'_>) -> AuditFinding {
    let is_user = matches!(entity, Entity::User(_));
    AuditFinding {
        check: "EFFECTIVE_ADMIN",
        severity: if is_user { Severity::High } else { Severity::Medium },
        category: Category::Power,
        account: arn_account(entity.arn()).to_string(),
        principal: entity.arn().to_string(),
        message: format!(
            "{} `{}` is an effective administrator: every catalog action the account's SCPs allow is allowed on `*`",
            kind(entity),
            entity.name()
        ),
        evidence: json!({"actionsChecked": probes::catalog_actions().len(), "resource": "*", "region": PROBE_REGION,
            "boundary": entity.permissions_boundary()}),
        fix: if is_user {
            "Give people administrator access through a role assumed with MFA (or IAM Identity Center), not as a standing IAM user permission; scope the policies to what the work needs.".to_string()
        } else {
            "Keep administrator roles few, trusted only by the principals that need them, with MFA or an external identity provider in the trust policy.".to_string()
        },
    }
}

fn modify_finding(arn: &str, node: &Node) -> Option<AuditFinding> {
    if node.self_changes.is_empty() && node.other_changes.is_empty() {
        return None;
    }
    let list = |witnesses: &[super::Witness]| -> Vec<String> {
        witnesses
            .iter()
            .take(20)
            .map(|w| format!("{} on {}", w.action, w.resource))
            .collect()
    };
    let whose = match (node.self_changes.is_empty(), node.other_changes.is_empty()) {
        (false, false) => "its own and others'",
        (false, true) => "its own",
        _ => "others'",
    };
    Some(AuditFinding {
        check: "CAN_MODIFY_PERMISSIONS",
        severity: Severity::High,
        category: Category::Power,
        account: arn_account(arn).to_string(),
        principal: arn.to_string(),
        message: format!(
            "`{arn}` can change {whose} permissions ({} allowed request(s))",
            node.self_changes.len() + node.other_changes.len()
        ),
        evidence: json!({"ownPermissions": list(&node.self_changes), "othersPermissions": list(&node.other_changes),
            "witnesses": node.self_changes.iter().chain(&node.other_changes).take(5).collect::<Vec<_>>()}),
        fix: "Remove IAM write actions (Put*/Attach*/CreatePolicyVersion/SetDefaultPolicyVersion/AddUserToGroup/UpdateAssumeRolePolicy, credential creation) from this principal, or scope them to resources it cannot use to escalate, with a permissions boundary condition.".to_string(),
    })
}

fn path_finding(arn: &str, node: &Node, path: &super::escalation::Path) -> AuditFinding {
    let admin = path.end.admin;
    let techniques: Vec<&str> = path.steps.iter().map(|s| s.technique).collect();
    AuditFinding {
        check: "PRIVILEGE_ESCALATION",
        severity: if admin { Severity::Critical } else { Severity::High },
        category: Category::Power,
        account: arn_account(arn).to_string(),
        principal: arn.to_string(),
        message: format!(
            "`{arn}` can escalate in {} step(s) ({}) to {}",
            path.steps.len(),
            techniques.join(" -> "),
            if admin { "administrator".to_string() } else { path.end.gained_over(&node.power).join(", ") }
        ),
        evidence: json!({"steps": path.steps, "gains": path.end.gained_over(&node.power)}),
        fix: format!(
            "Break the path at any step: remove the permission that the first step's witness uses ({}) or deny it with a permissions boundary or SCP.",
            path.steps.first().and_then(|s| s.witnesses.first()).map_or(String::new(), |w| format!("{} on {}", w.action, w.resource))
        ),
    }
}

/// Delegation: the principal may create users or roles without having to
/// attach a permissions boundary (`iam:PermissionsBoundary` absent).
fn delegation(
    authorizer: &Authorizer<'_>,
    entity: Entity<'_>,
    requests: &mut u64,
) -> Result<Option<AuditFinding>, crate::authorize::AuthorizeError> {
    let arn = entity.arn();
    let account = arn_account(arn);
    let iam = authorizer.iam();
    let mut unbounded = Vec::new();
    for (action, kind) in [("iam:CreateUser", "user"), ("iam:CreateRole", "role")] {
        if !mentions_action(iam, entity, action) {
            continue;
        }
        for resource in candidate_resources(iam, entity, action, account, kind) {
            *requests += 1;
            let ctx = [("aws:RequestedRegion", PROBE_REGION)];
            if let Some(witness) = allowed(authorizer, &request(arn, action, &resource, &ctx))? {
                unbounded.push(witness);
                break;
            }
        }
    }
    if unbounded.is_empty() {
        return Ok(None);
    }
    Ok(Some(AuditFinding {
        check: "DELEGATION_WITHOUT_BOUNDARY",
        severity: Severity::High,
        category: Category::Delegation,
        account: account.to_string(),
        principal: arn.to_string(),
        message: format!(
            "`{arn}` can create IAM {} without being forced to attach a permissions boundary",
            unbounded.iter().map(|w| if w.action.ends_with("User") { "users" } else { "roles" }).collect::<Vec<_>>().join(" and ")
        ),
        evidence: json!({"witnesses": unbounded, "missingCondition": "iam:PermissionsBoundary"}),
        fix: "Allow iam:CreateUser/iam:CreateRole only with a condition {\"StringEquals\": {\"iam:PermissionsBoundary\": \"<boundary ARN>\"}}, and deny changing or deleting that boundary.".to_string(),
    }))
}

/// Whether an identity-based Allow statement of the entity names the action.
fn mentions_action(iam: &IamModel, entity: Entity<'_>, action: &str) -> bool {
    iam.identity_policies(entity).iter().any(|p| {
        match p.document.as_ref().ok().and_then(|d| d.policy()) {
            None => true,
            Some(policy) => policy.statements.iter().any(|s| {
                s.effect == crate::policy::Effect::Allow
                    && crate::eval::elements::action_clause_matches(&s.action, action)
            }),
        }
    })
}

/// Resources to try an IAM create action on: a probe name, and each
/// resource pattern of the entity's policies of that kind with its
/// wildcards filled in.
fn candidate_resources(
    iam: &IamModel,
    entity: Entity<'_>,
    action: &str,
    account: &str,
    kind: &str,
) -> Vec<String> {
    let mut out = vec![format!("arn:aws:iam::{account}:{kind}/zoneproof-probe")];
    for policy in iam.identity_policies(entity) {
        let Some(parsed) = policy.document.ok().and_then(|d| d.policy()) else {
            continue;
        };
        for statement in &parsed.statements {
            if statement.effect != crate::policy::Effect::Allow
                || !crate::eval::elements::action_clause_matches(&statement.action, action)
            {
                continue;
            }
            for pattern in statement
                .resource
                .iter()
                .filter(|c| !c.negated)
                .flat_map(|c| &c.patterns)
            {
                if pattern.contains(&format!(":{kind}/")) && !pattern.contains("${") {
                    let filled = pattern.replace('*', "zoneproof-probe").replace('?', "x");
                    if !out.contains(&filled) {
                        out.push(filled);
                    }
                }
            }
        }
    }
    out
}

/// Boundaries that do not cap IAM management: the boundary policy alone
/// allows an action that changes permissions (so a principal bounded by it
/// may still write itself more permissions, up to the boundary, or remove
/// the boundary).
fn boundaries(iam: &IamModel) -> Vec<AuditFinding> {
    let mut used: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for entity in iam
        .users()
        .map(Entity::User)
        .chain(iam.roles().map(Entity::Role))
    {
        if let Some(boundary) = entity.permissions_boundary() {
            used.entry(boundary).or_default().push(entity.arn());
        }
    }
    let mut out = Vec::new();
    for (arn, bounded) in used {
        let Ok(document) = iam.managed_document(arn) else {
            continue;
        };
        let Some(policy) = document.policy() else {
            continue;
        };
        let account = bounded.first().map_or("", |b| arn_account(b)).to_string();
        let actions = [
            "iam:PutRolePolicy",
            "iam:AttachRolePolicy",
            "iam:PutUserPolicy",
            "iam:CreatePolicyVersion",
            "iam:DeleteRolePermissionsBoundary",
            "iam:DeleteUserPermissionsBoundary",
            "iam:UpdateAssumeRolePolicy",
            "iam:CreateAccessKey",
        ];
        let allowed: Vec<&str> = actions
            .iter()
            .copied()
            .filter(|action| {
                let request = Request::new(
                    RequestPrincipal::Aws(bounded.first().copied().unwrap_or_default().to_string()),
                    *action,
                    format!("arn:aws:iam::{account}:role/zoneproof-probe"),
                )
                .with_principal_keys();
                evaluate(policy, &request).decision == Decision::Allow
            })
            .collect();
        if allowed.is_empty() {
            continue;
        }
        out.push(AuditFinding {
            check: "BOUNDARY_DOES_NOT_CAP_IAM",
            severity: Severity::Medium,
            category: Category::Delegation,
            account,
            principal: arn.to_string(),
            message: format!(
                "permissions boundary `{arn}` allows {} IAM permission-management action(s), so it does not stop the {} principal(s) it bounds from changing permissions",
                allowed.len(),
                bounded.len()
            ),
            evidence: json!({"allows": allowed, "boundedPrincipals": bounded.iter().take(20).collect::<Vec<_>>()}),
            fix: "Leave IAM permission-management actions out of the boundary (or allow them only with an iam:PermissionsBoundary condition naming this boundary), and deny deleting or replacing it.".to_string(),
        });
    }
    out
}
