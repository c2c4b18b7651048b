//! Privilege-escalation paths: for every principal, the steps of
//! [`techniques`](super::techniques) it can take (each proved by witness
//! requests the authorizer allows), then a breadth-first search of paths of
//! up to three steps that end with more power than the start
//! ([`Power::exceeds`]).
//!
//! A self step (a policy version, an attached or inline policy, a group, a
//! removed boundary) is judged by applying the change to a copy of the IAM
//! model and measuring the principal again with the same authorizer; a
//! step to another principal (its access key or password, a role it
//! assumes, passes to a compute service, or whose trust policy it
//! rewrites) leads to that principal's power. The search never reports a
//! step the authorizer denies, so a boundary or an SCP that blocks a step
//! blocks the path.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::Serialize;
use serde_json::json;
use zoneproof_encodings::pattern::Pattern;

use super::probes::{Ceiling, Power, PROBE_REGION};
use super::techniques::{created_resource, Outcome, Technique, ASSUME_ROLE, TECHNIQUES};
use super::{allowed, request, Witness};
use crate::authorize::Authorizer;
use crate::eval::elements::action_clause_matches;
use crate::iam::{Entity, IamModel, PolicyDocument};
use crate::policy::Effect;

/// The AWS managed policy a step attaches or sets as boundary.
pub const ADMIN_POLICY: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The technique id (or `sts:AssumeRole`).
    pub technique: &'static str,
    /// Who takes the step.
    pub principal: String,
    /// The principal acted as after the step (the same for a self step).
    pub becomes: String,
    /// What the step changes, for a self step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The requests the step makes, each allowed.
    pub witnesses: Vec<Witness>,
}

/// A change a self step makes to the IAM model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An inline policy allowing everything on the principal (what
    /// attaching AdministratorAccess or putting an inline policy gives).
    AdminPolicy(String),
    /// The user joins the group.
    JoinGroup(String, String),
    /// The principal's boundary is removed.
    RemoveBoundary(String),
    /// The managed policy's default version allows everything.
    AdminVersion(String),
    /// The managed policy's default version becomes this version.
    DefaultVersion(String, String),
}

impl Change {
    fn describe(&self) -> String {
        match self {
            Change::AdminPolicy(p) => format!("`{p}` gets a policy allowing `*` on `*`"),
            Change::JoinGroup(u, g) => format!("`{u}` joins group `{g}`"),
            Change::RemoveBoundary(p) => format!("`{p}` has no permissions boundary"),
            Change::AdminVersion(m) => format!("`{m}` gets a default version allowing `*` on `*`"),
            Change::DefaultVersion(m, v) => format!("`{m}` version `{v}` becomes the default"),
        }
    }
}

/// What a move leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Leads {
    /// The principal's own power after the change.
    Gain(Power),
    /// Acting as another principal.
    Become(String),
}

/// One step a principal can take.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The step, with its witnesses.
    pub step: Step,
    /// Where it leads.
    pub leads: Leads,
}

/// What the search knows of one principal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// Its power.
    pub power: Power,
    /// The steps it can take.
    pub moves: Vec<Move>,
    /// Permission changes it is allowed on itself (witnesses), whether or
    /// not they gain anything.
    pub self_changes: Vec<Witness>,
    /// Permission changes it is allowed on other principals.
    pub other_changes: Vec<Witness>,
}

/// An escalation path found.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The steps, first to last.
    pub steps: Vec<Step>,
    /// The power at the end.
    pub end: Power,
}

/// Which resources the identity-based policies of a principal may allow an
/// action on (a superset: conditions and denies are ignored). A cheap
/// filter before the authorizer, never a decision.
struct Mentions {
    any: bool,
    patterns: Vec<Pattern>,
}

impl Mentions {
    fn is_empty(&self) -> bool {
        !self.any && self.patterns.is_empty()
    }

    fn may_match(&self, arn: &str) -> bool {
        self.any || self.patterns.iter().any(|p| p.matches(arn))
    }
}

/// A self step to try: action, resource, context, and the change it makes.
type SelfTry<'c> = (&'static str, String, Vec<(&'c str, &'c str)>, Change);

/// A request of a pass-role step: action, resource, extra context.
type PlannedRequest = (String, String, Vec<(&'static str, String)>);

/// Builds the nodes of every principal and searches paths.
pub struct Explorer<'a, 'b> {
    authorizer: &'b Authorizer<'a>,
    iam: &'a IamModel,
    probe: &'b Authorizer<'b>,
    ceilings: BTreeMap<String, Ceiling>,
    /// Decided requests.
    pub requests: u64,
    service_trust: HashMap<(String, &'static str), bool>,
}

impl<'a, 'b> Explorer<'a, 'b> {
    /// An explorer over the authorizer's model; `ceilings` by account.
    /// `probe` decides over the ceiling probe roles.
    pub fn new(
        authorizer: &'b Authorizer<'a>,
        probe: &'b Authorizer<'b>,
        ceilings: BTreeMap<String, Ceiling>,
    ) -> Self {
        Explorer {
            authorizer,
            iam: authorizer.iam(),
            probe,
            ceilings,
            requests: 0,
            service_trust: HashMap::new(),
        }
    }

    fn allow(
        &mut self,
        authorizer: &Authorizer<'_>,
        principal: &str,
        action: &str,
        resource: &str,
        context: &[(&str, &str)],
    ) -> Result<Option<Witness>, crate::authorize::AuthorizeError> {
        self.requests += 1;
        allowed(authorizer, &request(principal, action, resource, context))
    }

    /// The node of one principal: its power (measured before) and moves.
    ///
    /// # Errors
    ///
    /// The reason a request cannot be decided.
    pub fn node(
        &mut self,
        entity: Entity<'a>,
        power: Power,
    ) -> Result<Node, crate::authorize::AuthorizeError> {
        let mut node = Node {
            power,
            ..Node::default()
        };
        if power.admin {
            return Ok(node);
        }
        self.self_moves(entity, &mut node)?;
        self.user_moves(entity, &mut node)?;
        self.role_moves(entity, &mut node)?;
        self.other_changes(entity, &mut node)?;
        Ok(node)
    }

    fn mentions(&self, entity: Entity<'a>, action: &str) -> Mentions {
        let mut out = Mentions {
            any: false,
            patterns: Vec::new(),
        };
        for policy in self.iam.identity_policies(entity) {
            let Some(parsed) = policy.document.ok().and_then(PolicyDocument::policy) else {
                // Unreadable: let the authorizer decide (it fails closed).
                out.any = true;
                continue;
            };
            for statement in &parsed.statements {
                if statement.effect != Effect::Allow
                    || !action_clause_matches(&statement.action, action)
                {
                    continue;
                }
                match &statement.resource {
                    Some(clause) if !clause.negated => {
                        for pattern in &clause.patterns {
                            if pattern.contains("${") {
                                out.any = true;
                            } else {
                                out.patterns.push(Pattern::wildcard(pattern));
                            }
                        }
                    }
                    _ => out.any = true,
                }
            }
        }
        out
    }

    /// Self steps: attach or put a policy on itself or its groups, join a
    /// group, drop its boundary, change a policy attached to it.
    fn self_moves(
        &mut self,
        entity: Entity<'a>,
        node: &mut Node,
    ) -> Result<(), crate::authorize::AuthorizeError> {
        let me = entity.arn().to_string();
        let account = super::arn_account(&me).to_string();
        let admin_ctx = [("iam:PolicyARN", ADMIN_POLICY)];
        let boundary_ctx = [("iam:PermissionsBoundary", ADMIN_POLICY)];
        let mut tries: Vec<SelfTry<'_>> = Vec::new();
        let admin = Change::AdminPolicy(me.clone());
        match entity {
            Entity::User(user) => {
                tries.push(("iam:PutUserPolicy", me.clone(), vec![], admin.clone()));
                tries.push((
                    "iam:AttachUserPolicy",
                    me.clone(),
                    admin_ctx.to_vec(),
                    admin.clone(),
                ));
                for group in &user.groups {
                    let arn = format!("arn:aws:iam::{account}:group/{group}");
                    tries.push(("iam:PutGroupPolicy", arn.clone(), vec![], admin.clone()));
                    tries.push((
                        "iam:AttachGroupPolicy",
                        arn,
                        admin_ctx.to_vec(),
                        admin.clone(),
                    ));
                }
                if let Some(acct) = self.iam.account(&account) {
                    for group in acct
                        .groups
                        .values()
                        .filter(|g| !user.groups.contains(&g.name))
                    {
                        tries.push((
                            "iam:AddUserToGroup",
                            group.arn.clone(),
                            vec![],
                            Change::JoinGroup(me.clone(), group.name.clone()),
                        ));
                    }
                }
                if user.permissions_boundary.is_some() {
                    tries.push((
                        "iam:DeleteUserPermissionsBoundary",
                        me.clone(),
                        vec![],
                        Change::RemoveBoundary(me.clone()),
                    ));
                    tries.push((
                        "iam:PutUserPermissionsBoundary",
                        me.clone(),
                        boundary_ctx.to_vec(),
                        Change::RemoveBoundary(me.clone()),
                    ));
                }
            }
            Entity::Role(role) => {
                tries.push(("iam:PutRolePolicy", me.clone(), vec![], admin.clone()));
                tries.push((
                    "iam:AttachRolePolicy",
                    me.clone(),
                    admin_ctx.to_vec(),
                    admin.clone(),
                ));
                if role.permissions_boundary.is_some() {
                    tries.push((
                        "iam:DeleteRolePermissionsBoundary",
                        me.clone(),
                        vec![],
                        Change::RemoveBoundary(me.clone()),
                    ));
                    tries.push((
                        "iam:PutRolePermissionsBoundary",
                        me.clone(),
                        boundary_ctx.to_vec(),
                        Change::RemoveBoundary(me.clone()),
                    ));
                }
            }
        }
        for policy in self.iam.identity_policies(entity) {
            let Some(arn) = policy.arn else { continue };
            let Some(managed) = self.iam.managed_policy(arn).filter(|m| !m.is_aws_managed()) else {
                continue;
            };
            tries.push((
                "iam:CreatePolicyVersion",
                arn.to_string(),
                vec![],
                Change::AdminVersion(arn.to_string()),
            ));
            for version in managed.versions.iter().filter(|v| !v.is_default) {
                tries.push((
                    "iam:SetDefaultPolicyVersion",
                    arn.to_string(),
                    vec![],
                    Change::DefaultVersion(arn.to_string(), version.version_id.clone()),
                ));
            }
        }
        let mut mentioned: HashMap<&'static str, Mentions> = HashMap::new();
        for (action, resource, mut context, change) in tries {
            let mentions = mentioned
                .entry(action)
                .or_insert_with(|| self.mentions(entity, action));
            if !mentions.may_match(&resource) {
                continue;
            }
            context.push(("aws:RequestedRegion", PROBE_REGION));
            let Some(witness) = self.allow(self.authorizer, &me, action, &resource, &context)?
            else {
                continue;
            };
            node.self_changes.push(witness.clone());
            let after = self.power_after(&me, &account, &change)?;
            if after.exceeds(&node.power) {
                node.moves.push(Move {
                    step: Step {
                        technique: technique_id(action),
                        principal: me.clone(),
                        becomes: me.clone(),
                        change: Some(change.describe()),
                        witnesses: vec![witness],
                    },
                    leads: Leads::Gain(after),
                });
            }
        }
        Ok(())
    }

    /// The principal's power on a copy of the model with the change made.
    fn power_after(
        &mut self,
        me: &str,
        account: &str,
        change: &Change,
    ) -> Result<Power, crate::authorize::AuthorizeError> {
        let mut changed = self.iam.clone();
        apply(&mut changed, change);
        let authorizer = self.authorizer.with_iam(&changed);
        super::probes::measure_lazily(
            &authorizer,
            self.probe,
            &mut self.ceilings,
            me,
            account,
            &mut self.requests,
        )
    }

    /// Permission changes on other users, groups, roles and managed
    /// policies of the account (witnessed; they are steps only when the
    /// principal can also act as the target, which the other moves find).
    fn other_changes(
        &mut self,
        entity: Entity<'a>,
        node: &mut Node,
    ) -> Result<(), crate::authorize::AuthorizeError> {
        let me = entity.arn().to_string();
        let account = super::arn_account(&me).to_string();
        let Some(acct) = self.iam.account(&account) else {
            return Ok(());
        };
        let own_groups: Vec<&str> = match entity {
            Entity::User(user) => user.groups.iter().map(String::as_str).collect(),
            Entity::Role(_) => Vec::new(),
        };
        let mut targets: Vec<(&'static str, String)> = Vec::new();
        for user in acct.users.values().filter(|u| u.arn != me) {
            targets.push(("iam:PutUserPolicy", user.arn.clone()));
            targets.push(("iam:AttachUserPolicy", user.arn.clone()));
        }
        for role in acct
            .roles
            .values()
            .filter(|r| r.arn != me && !r.is_service_linked())
        {
            targets.push(("iam:PutRolePolicy", role.arn.clone()));
            targets.push(("iam:AttachRolePolicy", role.arn.clone()));
        }
        for group in acct
            .groups
            .values()
            .filter(|g| !own_groups.contains(&g.name.as_str()))
        {
            targets.push(("iam:PutGroupPolicy", group.arn.clone()));
            targets.push(("iam:AttachGroupPolicy", group.arn.clone()));
        }
        let prefix = format!("arn:aws:iam::{account}:policy/");
        for policy in self
            .iam
            .managed_policies()
            .filter(|p| p.arn.starts_with(&prefix))
        {
            targets.push(("iam:CreatePolicyVersion", policy.arn.clone()));
        }
        let mut mentioned: HashMap<&'static str, Mentions> = HashMap::new();
        let ctx = [("aws:RequestedRegion", PROBE_REGION)];
        let mut found = 0;
        for (action, resource) in targets {
            let mentions = mentioned
                .entry(action)
                .or_insert_with(|| self.mentions(entity, action));
            if !mentions.may_match(&resource) {
                continue;
            }
            if let Some(witness) = self.allow(self.authorizer, &me, action, &resource, &ctx)? {
                node.other_changes.push(witness);
                found += 1;
                // Enough to prove the finding; the list is evidence, not a census.
                if found >= 20 {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Steps to other users of the account: an access key or a password.
    fn user_moves(
        &mut self,
        entity: Entity<'a>,
        node: &mut Node,
    ) -> Result<(), crate::authorize::AuthorizeError> {
        let me = entity.arn().to_string();
        let account = super::arn_account(&me).to_string();
        let Some(acct) = self.iam.account(&account) else {
            return Ok(());
        };
        let actions = [
            "iam:CreateAccessKey",
            "iam:UpdateLoginProfile",
            "iam:CreateLoginProfile",
        ];
        let mentions: Vec<Mentions> = actions.iter().map(|a| self.mentions(entity, a)).collect();
        if mentions.iter().all(Mentions::is_empty) {
            return Ok(());
        }
        let ctx = [("aws:RequestedRegion", PROBE_REGION)];
        for user in acct.users.values().filter(|u| u.arn != me) {
            for (action, mention) in actions.iter().zip(&mentions) {
                if !mention.may_match(&user.arn) {
                    continue;
                }
                if let Some(witness) = self.allow(self.authorizer, &me, action, &user.arn, &ctx)? {
                    node.other_changes.push(witness.clone());
                    node.moves.push(Move {
                        step: Step {
                            technique: technique_id(action),
                            principal: me.clone(),
                            becomes: user.arn.clone(),
                            change: None,
                            witnesses: vec![witness],
                        },
                        leads: Leads::Become(user.arn.clone()),
                    });
                    break;
                }
            }
        }
        Ok(())
    }

    /// Steps to roles: assume, rewrite the trust policy and assume, pass
    /// to a compute service.
    fn role_moves(
        &mut self,
        entity: Entity<'a>,
        node: &mut Node,
    ) -> Result<(), crate::authorize::AuthorizeError> {
        let me = entity.arn().to_string();
        let account = super::arn_account(&me).to_string();
        let assume = self.mentions(entity, ASSUME_ROLE);
        let update = self.mentions(entity, "iam:UpdateAssumeRolePolicy");
        let pass = self.mentions(entity, "iam:PassRole");
        let ctx = [("aws:RequestedRegion", PROBE_REGION)];
        let mut rewritable: Vec<(String, Witness)> = Vec::new();
        let roles: Vec<&'a crate::iam::Role> = self
            .iam
            .roles()
            .filter(|r| r.arn != me && !r.is_service_linked())
            .collect();
        for role in roles {
            let same_account = super::arn_account(&role.arn) == account;
            let named = role
                .trust_policy
                .as_ref()
                .is_some_and(|t| trust_may_name(&t.json, &me));
            let mut assumed = false;
            if assume.may_match(&role.arn) || named {
                if let Some(witness) =
                    self.allow(self.authorizer, &me, ASSUME_ROLE, &role.arn, &ctx)?
                {
                    assumed = true;
                    node.moves.push(Move {
                        step: Step {
                            technique: ASSUME_ROLE,
                            principal: me.clone(),
                            becomes: role.arn.clone(),
                            change: None,
                            witnesses: vec![witness],
                        },
                        leads: Leads::Become(role.arn.clone()),
                    });
                }
            }
            if !same_account {
                continue;
            }
            if !assumed && update.may_match(&role.arn) {
                if let Some(witness) = self.allow(
                    self.authorizer,
                    &me,
                    "iam:UpdateAssumeRolePolicy",
                    &role.arn,
                    &ctx,
                )? {
                    node.other_changes.push(witness.clone());
                    rewritable.push((role.arn.clone(), witness));
                }
            }
            if pass.may_match(&role.arn) {
                self.pass_moves(&me, &account, role, node)?;
            }
        }
        if !rewritable.is_empty() {
            self.rewrite_moves(&me, rewritable, node)?;
        }
        Ok(())
    }

    /// After rewriting the trust policies of `roles` to trust `me`, the
    /// roles it can assume (witnessed on the changed model).
    fn rewrite_moves(
        &mut self,
        me: &str,
        roles: Vec<(String, Witness)>,
        node: &mut Node,
    ) -> Result<(), crate::authorize::AuthorizeError> {
        let mut changed = self.iam.clone();
        for (arn, _) in &roles {
            trust(&mut changed, arn, me);
        }
        let authorizer = self.authorizer.with_iam(&changed);
        let ctx = [("aws:RequestedRegion", PROBE_REGION)];
        for (arn, update) in roles {
            if let Some(witness) = self.allow(&authorizer, me, ASSUME_ROLE, &arn, &ctx)? {
                node.moves.push(Move {
                    step: Step {
                        technique: "iam:UpdateAssumeRolePolicy+sts:AssumeRole",
                        principal: me.to_string(),
                        becomes: arn.clone(),
                        change: Some(format!("the trust policy of `{arn}` allows `{me}`")),
                        witnesses: vec![update, witness],
                    },
                    leads: Leads::Become(arn),
                });
            }
        }
        Ok(())
    }

    /// Whether the role trusts the service (its trust policy allows the
    /// service principal `sts:AssumeRole`), decided once per pair.
    fn trusts_service(
        &mut self,
        role: &str,
        service: &'static str,
    ) -> Result<bool, crate::authorize::AuthorizeError> {
        if let Some(known) = self.service_trust.get(&(role.to_string(), service)) {
            return Ok(*known);
        }
        let principal = format!("service:{service}");
        let yes = self
            .allow(self.authorizer, &principal, ASSUME_ROLE, role, &[])?
            .is_some();
        self.service_trust.insert((role.to_string(), service), yes);
        Ok(yes)
    }

    /// Pass-role steps to one role: every technique whose service the role
    /// trusts and whose requests are all allowed.
    fn pass_moves(
        &mut self,
        me: &str,
        account: &str,
        role: &crate::iam::Role,
        node: &mut Node,
    ) -> Result<(), crate::authorize::AuthorizeError> {
        let pass_techniques: Vec<&'static Technique> = TECHNIQUES
            .iter()
            .filter(|t| t.outcome == Outcome::Become && !t.services.is_empty())
            .collect();
        for technique in pass_techniques {
            let mut service = None;
            for s in technique.services {
                if self.trusts_service(&role.arn, s)? {
                    service = Some(*s);
                    break;
                }
            }
            let Some(service) = service else { continue };
            if let Some(witnesses) = self.pass_witnesses(me, account, role, technique, service)? {
                node.moves.push(Move {
                    step: Step {
                        technique: technique.id,
                        principal: me.to_string(),
                        becomes: role.arn.clone(),
                        change: None,
                        witnesses,
                    },
                    leads: Leads::Become(role.arn.clone()),
                });
                // One technique per role is enough to prove the step.
                break;
            }
        }
        Ok(())
    }

    fn pass_witnesses(
        &mut self,
        me: &str,
        account: &str,
        role: &crate::iam::Role,
        technique: &Technique,
        service: &str,
    ) -> Result<Option<Vec<Witness>>, crate::authorize::AuthorizeError> {
        let mut requests: Vec<PlannedRequest> = Vec::new();
        for action in technique.actions {
            if *action == "iam:PassRole" {
                requests.push((
                    action.to_string(),
                    role.arn.clone(),
                    vec![("iam:PassedToService", service.to_string())],
                ));
            } else {
                requests.push((
                    action.to_string(),
                    created_resource(action, account, PROBE_REGION),
                    vec![],
                ));
            }
        }
        if technique.id == "iam:PassRole+ec2:RunInstances" && role.instance_profiles.is_empty() {
            let profile = format!("arn:aws:iam::{account}:instance-profile/zoneproof-escalation");
            requests.push(("iam:CreateInstanceProfile".into(), profile.clone(), vec![]));
            requests.push(("iam:AddRoleToInstanceProfile".into(), profile, vec![]));
        }
        let mut witnesses = Vec::new();
        for (action, resource, extra) in &requests {
            let mut ctx: Vec<(&str, &str)> = vec![("aws:RequestedRegion", PROBE_REGION)];
            ctx.extend(extra.iter().map(|(k, v)| (*k, v.as_str())));
            match self.allow(self.authorizer, me, action, resource, &ctx)? {
                Some(witness) => witnesses.push(witness),
                None => return Ok(None),
            }
        }
        Ok(Some(witnesses))
    }
}

/// The technique id of a self or user step's action.
fn technique_id(action: &str) -> &'static str {
    TECHNIQUES
        .iter()
        .find(|t| t.actions.len() == 1 && t.actions[0] == action)
        .map_or("unknown", |t| t.id)
}

/// Whether a trust policy may name `principal` directly (its ARN, or `*`):
/// then it may grant `sts:AssumeRole` without an identity-based policy.
fn trust_may_name(trust: &serde_json::Value, principal: &str) -> bool {
    let text = trust.to_string();
    text.contains(principal) || text.contains("\"*\"")
}

/// Makes a change on a copy of the model.
fn apply(iam: &mut IamModel, change: &Change) {
    let admin = || {
        PolicyDocument::new(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
            crate::iam::DocumentOrigin::default(),
        )
    };
    let entity_of = |arn: &str| -> (String, String, bool) {
        let account = super::arn_account(arn).to_string();
        let name = arn.rsplit('/').next().unwrap_or_default().to_string();
        (account, name, arn.contains(":user/"))
    };
    match change {
        Change::AdminPolicy(arn) => {
            let (account, name, is_user) = entity_of(arn);
            let policy = crate::iam::InlinePolicy {
                name: "zoneproof-escalation".to_string(),
                document: admin(),
            };
            if is_user {
                if let Some(user) = iam.user_mut(&account, &name) {
                    user.inline_policies.push(policy);
                }
            } else if let Some(role) = iam.role_mut(&account, &name) {
                role.inline_policies.push(policy);
            }
        }
        Change::JoinGroup(arn, group) => {
            let (account, name, _) = entity_of(arn);
            if let Some(user) = iam.user_mut(&account, &name) {
                user.groups.push(group.clone());
            }
        }
        Change::RemoveBoundary(arn) => {
            let (account, name, is_user) = entity_of(arn);
            if is_user {
                if let Some(user) = iam.user_mut(&account, &name) {
                    user.permissions_boundary = None;
                }
            } else if let Some(role) = iam.role_mut(&account, &name) {
                role.permissions_boundary = None;
            }
        }
        Change::AdminVersion(policy) => {
            if let Some(managed) = iam.managed_policy_mut(policy) {
                for version in &mut managed.versions {
                    if version.is_default {
                        version.document = admin();
                    }
                }
                if managed.versions.iter().all(|v| !v.is_default) {
                    managed.versions.push(crate::iam::PolicyVersion {
                        version_id: "vZ".into(),
                        is_default: true,
                        create_date: None,
                        document: admin(),
                    });
                }
            }
        }
        Change::DefaultVersion(policy, id) => {
            if let Some(managed) = iam.managed_policy_mut(policy) {
                for version in &mut managed.versions {
                    version.is_default = &version.version_id == id;
                }
                managed.default_version_id = Some(id.clone());
            }
        }
    }
}

/// Rewrites a role's trust policy to allow `principal` to assume it.
fn trust(iam: &mut IamModel, role_arn: &str, principal: &str) {
    let account = super::arn_account(role_arn).to_string();
    let name = role_arn.rsplit('/').next().unwrap_or_default().to_string();
    if let Some(role) = iam.role_mut(&account, &name) {
        role.trust_policy = Some(PolicyDocument::new(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]}),
            crate::iam::DocumentOrigin::default(),
        ));
    }
}

/// The shortest path (at most `max_steps`) from `start` to more power than
/// it has, with at least one step that is not a plain `sts:AssumeRole`.
pub fn shortest_path(
    nodes: &BTreeMap<String, Node>,
    start: &str,
    max_steps: usize,
) -> Option<Path> {
    let origin = nodes.get(start)?;
    if origin.power.admin {
        return None;
    }
    let p0 = origin.power;
    let mut queue: VecDeque<(&str, Vec<Step>)> = VecDeque::from([(start, Vec::new())]);
    let mut visited: Vec<&str> = vec![start];
    while let Some((at, path)) = queue.pop_front() {
        if path.len() >= max_steps {
            continue;
        }
        let Some(node) = nodes.get(at) else { continue };
        for mv in &node.moves {
            let mut steps = path.clone();
            steps.push(mv.step.clone());
            let escalates = steps.iter().any(|s| s.technique != ASSUME_ROLE);
            match &mv.leads {
                Leads::Gain(after) => {
                    if after.exceeds(&p0) {
                        return Some(Path { steps, end: *after });
                    }
                }
                Leads::Become(next) => {
                    if visited.contains(&next.as_str()) {
                        continue;
                    }
                    let Some(target) = nodes.get(next) else {
                        continue;
                    };
                    if escalates && target.power.exceeds(&p0) {
                        return Some(Path {
                            steps,
                            end: target.power,
                        });
                    }
                    visited.push(next);
                    queue.push_back((next, steps));
                }
            }
        }
    }
    None
}
