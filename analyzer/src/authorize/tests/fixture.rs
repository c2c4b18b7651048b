//! An in-memory organization, IAM and resources for authorization tests.
//!
//! Organization `o-a1b2c3d4e5`: root `r-root` -> OU `Workloads`
//! (`ou-root-workload`) -> OU `Prod` (`ou-root-prod0001`) -> account
//! [`A`]; account [`B`] sits in `Workloads`; the management account [`MGMT`]
//! at the root. [`OUTSIDE`] is in no organization. `FullAWSAccess` and
//! `RCPFullAWSAccess` are attached everywhere, as AWS attaches them.

use std::path::Path;

use serde_json::{json, Value};

use crate::authorize::{AuthorizeRequest, Authorizer};
use crate::eval::Context;
use crate::inputs::{read_text, InputSet, ReadOptions};
use crate::organization::Organization;
use crate::policy::parse_policy_value;

pub(super) const A: &str = "222222222222";
pub(super) const B: &str = "333333333333";
pub(super) const MGMT: &str = "111111111111";
pub(super) const OUTSIDE: &str = "444444444444";
pub(super) const ORG: &str = "o-a1b2c3d4e5";
pub(super) const ROOT: &str = "r-root";
pub(super) const WORKLOADS: &str = "ou-root-workload";
pub(super) const PROD: &str = "ou-root-prod0001";

/// A policy document with the given statements.
pub(super) fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// An identity-policy statement.
pub(super) fn allow(action: &str, resource: &str) -> Value {
    json!({"Effect": "Allow", "Action": action, "Resource": resource})
}

/// An identity-policy deny statement.
pub(super) fn deny(action: &str, resource: &str) -> Value {
    json!({"Effect": "Deny", "Action": action, "Resource": resource})
}

/// A resource-policy statement granting `principal` (`"*"` or an `AWS` value).
pub(super) fn grant(principal: &str, action: &str, resource: &str) -> Value {
    let principal = if principal == "*" {
        json!("*")
    } else {
        json!({"AWS": principal})
    };
    json!({"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource})
}

pub(super) fn user_arn(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:user/{name}")
}

pub(super) fn role_arn(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:role/{name}")
}

pub(super) fn session_arn(account: &str, role: &str, session: &str) -> String {
    format!("arn:aws:sts::{account}:assumed-role/{role}/{session}")
}

/// The inputs of one test.
pub(super) struct Fixture {
    details: Value,
    org: Option<Value>,
    inventory: Vec<Value>,
}

impl Fixture {
    pub(super) fn new() -> Fixture {
        let full_scp = doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
        let full_rcp =
            doc(json!([{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]));
        let everywhere = json!([ROOT, WORKLOADS, PROD, A, B, MGMT]);
        Fixture {
            details: json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}),
            org: Some(json!({
                "Organization": {"Id": ORG, "MasterAccountId": MGMT},
                "Roots": [{"Id": ROOT, "Name": "Root", "PolicyTypes": [
                    {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
                    {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"}]}],
                "OrganizationalUnits": [
                    {"Id": WORKLOADS, "Name": "Workloads", "ParentId": ROOT},
                    {"Id": PROD, "Name": "Prod", "ParentId": WORKLOADS}],
                "Accounts": [
                    {"Id": MGMT, "Name": "management", "ParentId": ROOT},
                    {"Id": A, "Name": "prod-app", "ParentId": PROD},
                    {"Id": B, "Name": "shared", "ParentId": WORKLOADS}],
                "Policies": [
                    {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY",
                     "AwsManaged": true, "Content": full_scp.to_string(), "Targets": everywhere.clone()},
                    {"Id": "p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess", "Type": "RESOURCE_CONTROL_POLICY",
                     "AwsManaged": true, "Content": full_rcp.to_string(), "Targets": everywhere}]
            })),
            inventory: Vec::new(),
        }
    }

    fn push(&mut self, list: &str, entry: Value) {
        if let Some(items) = self.details[list].as_array_mut() {
            items.push(entry);
        }
    }

    fn managed(&mut self, arn: &str, document: Value) {
        let name = arn.rsplit('/').next().unwrap_or(arn).to_string();
        self.push(
            "Policies",
            json!({"PolicyName": name, "Arn": arn, "DefaultVersionId": "v1",
                   "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": document}]}),
        );
    }

    fn boundary(&mut self, account: &str, owner: &str, boundary: Option<Value>) -> Value {
        match boundary {
            None => Value::Null,
            Some(document) => {
                let arn = format!("arn:aws:iam::{account}:policy/{owner}-boundary");
                self.managed(&arn, document);
                json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn})
            }
        }
    }

    fn inline(policies: &[Value]) -> Value {
        Value::Array(
            policies
                .iter()
                .enumerate()
                .map(|(i, d)| json!({"PolicyName": format!("inline-{i}"), "PolicyDocument": d}))
                .collect(),
        )
    }

    /// A user with inline identity policies and an optional boundary.
    pub(super) fn user(
        &mut self,
        account: &str,
        name: &str,
        policies: &[Value],
        boundary: Option<Value>,
    ) -> &mut Fixture {
        let boundary = self.boundary(account, name, boundary);
        self.push(
            "UserDetailList",
            json!({"UserName": name, "Path": "/", "UserId": format!("AIDA{}", name.to_uppercase()),
                   "Arn": user_arn(account, name), "GroupList": [], "UserPolicyList": Fixture::inline(policies),
                   "AttachedManagedPolicies": [], "PermissionsBoundary": boundary}),
        );
        self
    }

    /// A user in groups (the groups must be added with [`Fixture::group`]).
    pub(super) fn user_in_groups(
        &mut self,
        account: &str,
        name: &str,
        groups: &[&str],
    ) -> &mut Fixture {
        self.push(
            "UserDetailList",
            json!({"UserName": name, "Path": "/", "Arn": user_arn(account, name), "GroupList": groups}),
        );
        self
    }

    /// A group with an inline policy and an attached managed policy.
    pub(super) fn group(
        &mut self,
        account: &str,
        name: &str,
        inline: &[Value],
        managed: Option<(&str, Value)>,
    ) -> &mut Fixture {
        let attached = match managed {
            Some((arn, document)) => {
                self.managed(arn, document);
                json!([{"PolicyName": arn.rsplit('/').next(), "PolicyArn": arn}])
            }
            None => json!([]),
        };
        self.push(
            "GroupDetailList",
            json!({"GroupName": name, "Path": "/", "Arn": format!("arn:aws:iam::{account}:group/{name}"),
                   "GroupPolicyList": Fixture::inline(inline), "AttachedManagedPolicies": attached}),
        );
        self
    }

    /// A role with inline identity policies, an optional boundary and a
    /// trust policy (default: trusts its account).
    pub(super) fn role(
        &mut self,
        account: &str,
        name: &str,
        policies: &[Value],
        boundary: Option<Value>,
        trust: Option<Value>,
    ) -> &mut Fixture {
        self.role_at(account, "/", name, policies, boundary, trust)
    }

    /// A role with a path (service-linked roles live under `/aws-service-role/`).
    pub(super) fn role_at(
        &mut self,
        account: &str,
        path: &str,
        name: &str,
        policies: &[Value],
        boundary: Option<Value>,
        trust: Option<Value>,
    ) -> &mut Fixture {
        let boundary = self.boundary(account, name, boundary);
        let trust = trust.unwrap_or_else(|| {
            doc(json!([grant(
                &format!("arn:aws:iam::{account}:root"),
                "sts:AssumeRole",
                "*"
            )]))
        });
        let arn = format!("arn:aws:iam::{account}:role{path}{name}");
        self.push(
            "RoleDetailList",
            json!({"RoleName": name, "Path": path, "RoleId": format!("AROA{}", name.to_uppercase()),
                   "Arn": arn, "AssumeRolePolicyDocument": trust, "RolePolicyList": Fixture::inline(policies),
                   "AttachedManagedPolicies": [], "PermissionsBoundary": boundary}),
        );
        self
    }

    /// A resource of the inventory with its policy.
    pub(super) fn resource(
        &mut self,
        arn: &str,
        resource_type: &str,
        account: &str,
        policy: Option<Value>,
    ) -> &mut Fixture {
        let mut record = json!({"arn": arn, "resourceType": resource_type, "accountId": account});
        if let Some(policy) = policy {
            record["policy"] = policy;
        }
        self.inventory.push(record);
        self
    }

    /// An S3 bucket of `account` with a bucket policy.
    pub(super) fn bucket(&mut self, name: &str, account: &str, policy: Value) -> &mut Fixture {
        self.resource(
            &format!("arn:aws:s3:::{name}"),
            "AWS::S3::Bucket",
            account,
            Some(policy),
        )
    }

    fn org_policies(&mut self) -> Option<&mut Vec<Value>> {
        self.org.as_mut()?.get_mut("Policies")?.as_array_mut()
    }

    /// An SCP or RCP attached to targets.
    pub(super) fn org_policy(
        &mut self,
        kind: &str,
        id: &str,
        targets: &[&str],
        document: Value,
    ) -> &mut Fixture {
        let policy_type = if kind == "scp" {
            "SERVICE_CONTROL_POLICY"
        } else {
            "RESOURCE_CONTROL_POLICY"
        };
        if let Some(policies) = self.org_policies() {
            policies.push(json!({"Id": id, "Name": id, "Type": policy_type, "Content": document, "Targets": targets}));
        }
        self
    }

    /// Detaches an AWS managed full-access policy from a target.
    pub(super) fn detach(&mut self, id: &str, target: &str) -> &mut Fixture {
        if let Some(policies) = self.org_policies() {
            for policy in policies.iter_mut().filter(|p| p["Id"] == id) {
                if let Some(targets) = policy["Targets"].as_array_mut() {
                    targets.retain(|t| t != target);
                }
            }
        }
        self
    }

    /// Disables a policy type on the root.
    pub(super) fn disable(&mut self, policy_type: &str) -> &mut Fixture {
        if let Some(types) = self
            .org
            .as_mut()
            .and_then(|o| o["Roots"][0]["PolicyTypes"].as_array_mut())
        {
            types.retain(|t| t["Type"] != policy_type);
        }
        self
    }

    /// No organization export at all.
    pub(super) fn without_organization(&mut self) -> &mut Fixture {
        self.org = None;
        self
    }

    /// The inputs, with an organization export that may have problems.
    pub(super) fn inputs_without_org_check(&self) -> InputSet {
        let mut inputs = InputSet::default();
        inputs
            .iam
            .add_authorization_details(Path::new("details.json"), &self.details);
        if let Some(org) = &self.org {
            let (organization, _) = Organization::read_export(Path::new("org.json"), org).unwrap();
            inputs.organizations.push(organization);
        }
        inputs
    }

    pub(super) fn inputs(&self) -> InputSet {
        let mut inputs = InputSet::default();
        let problems = inputs
            .iam
            .add_authorization_details(Path::new("details.json"), &self.details);
        assert!(problems.is_empty(), "{problems:?}");
        if let Some(org) = &self.org {
            let (organization, problems) =
                Organization::read_export(Path::new("org.json"), org).unwrap();
            assert!(problems.is_empty(), "{problems:?}");
            inputs.organizations.push(organization);
        }
        let text = Value::Array(self.inventory.clone()).to_string();
        for result in read_text(Path::new("inventory.json"), &text, &ReadOptions::default()) {
            inputs.resources.push(result.unwrap());
        }
        inputs
    }
}

/// A request to authorize.
pub(super) struct Req {
    pub(super) request: AuthorizeRequest,
}

impl Req {
    pub(super) fn new(principal: &str, action: &str, resource: &str) -> Req {
        Req {
            request: AuthorizeRequest::new(principal, action, resource),
        }
    }

    pub(super) fn context(mut self, key: &str, value: &str) -> Req {
        let mut context: Context = self.request.context.clone();
        context.insert(key, value);
        self.request.context = context;
        self
    }

    pub(super) fn session_policy(mut self, document: Value) -> Req {
        self.request.session_policy = Some(parse_policy_value(&document).unwrap());
        self
    }

    pub(super) fn federating_user(mut self, arn: &str) -> Req {
        self.request.federating_user = Some(arn.to_string());
        self
    }

    pub(super) fn resource_account(mut self, account: &str) -> Req {
        self.request.resource_account = Some(account.to_string());
        self
    }
}

/// Authorizes a request over a fixture.
pub(super) fn authorize(
    fixture: &Fixture,
    req: &Req,
) -> Result<crate::authorize::Authorization, crate::authorize::AuthorizeError> {
    let inputs = fixture.inputs();
    Authorizer::new(&inputs).authorize(&req.request)
}
