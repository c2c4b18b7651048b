//! From what a reader found to what the analysis needs: a [`ResourceInput`]
//! becomes a [`ResourceSpec`] (resource type parsed, zone of trust filled
//! in with the resource's owner), and an [`InputError`] becomes an error
//! [`ResourceResult`] that keeps its place in a scan's output.
//!
//! Used by `zoneproof scan` and by the Python bindings' `scan`, so that both
//! treat every input the same way.

use crate::analysis::{Extras, PolicyDocument, ResourceSpec};
use crate::finding::ResourceResult;
use crate::zone::{is_account_id, Zone};

use super::{account_of_arn, InputError, ResourceInput};

/// The zone of trust given once for a whole scan (`--account`, `--org`,
/// `--org-account`, `--trusted-account`), before each resource's owner is
/// known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneTemplate {
    /// The owner account of every resource (`--account`). When `None`, each
    /// resource's owner is the account its input names, else its ARN's.
    pub account: Option<String>,
    /// The organization id (`o-...`) when the zone is an organization.
    pub org: Option<String>,
    /// Known member accounts of the organization.
    pub org_accounts: Vec<String>,
    /// Accounts trusted as if they were inside the zone.
    pub trusted_accounts: Vec<String>,
}

impl ZoneTemplate {
    /// The zone of a resource owned by `owner`.
    pub fn zone(&self, owner: &str) -> Zone {
        Zone {
            account: owner.to_string(),
            org: self.org.clone(),
            org_accounts: self.org_accounts.clone(),
            trusted_accounts: self.trusted_accounts.clone(),
        }
    }
}

impl ResourceInput {
    /// The resource as the analysis takes it.
    ///
    /// The owner account (the zone's `account`) is the template's account
    /// when given (`--account`), else the one the input names (an inventory
    /// record's `accountId`, a configuration item's `accountId`, the
    /// deployment account of a template or plan), else the account in the
    /// ARN. The policy is passed as decoded JSON; the ACL, Block Public
    /// Access settings, sharing attributes and KMS grants go into
    /// [`Extras`].
    ///
    /// # Errors
    ///
    /// An [`InputError`] located at the resource's policy (its file and
    /// JSON pointer) when no owner account can be found (e.g. an S3 bucket ARN, or a
    /// template's unresolved `AWS::AccountId`, without `--account`), or when
    /// an account or organization id is malformed.
    pub fn to_spec(&self, template: &ZoneTemplate) -> Result<ResourceSpec, InputError> {
        let resource_type = self.resource_type;
        let owner = template
            .account
            .clone()
            .or_else(|| self.account.clone())
            .or_else(|| account_of_arn(&self.arn))
            .ok_or_else(|| {
                self.error(format!(
                    "resource `{}` names no owner account: give --account",
                    self.arn
                ))
            })?;
        if !is_account_id(&owner) {
            return Err(self.error(format!(
                "invalid owner account `{owner}`: expected 12 digits"
            )));
        }
        let zone = template.zone(&owner);
        zone.validate().map_err(|e| self.error(e.to_string()))?;
        Ok(ResourceSpec {
            resource_type,
            arn: self.arn.clone(),
            zone,
            policy: self.policy.clone().map(PolicyDocument::Json),
            extras: Extras {
                acl: self.acl.clone(),
                block_public_access: self.block_public_access.clone(),
                sharing: self.sharing.clone(),
                grants: self.grants.clone(),
            },
        })
    }

    /// An error about this resource, located at its policy (or record).
    pub fn error(&self, message: impl Into<String>) -> InputError {
        InputError {
            file: self.origin.file.clone(),
            pointer: self.origin.pointer.clone(),
            message: message.into(),
            arn: Some(self.arn.clone()),
            resource_type: Some(self.resource_type.name().to_string()),
        }
    }

    /// Prefixes the reason of an error or unknown result with the place of
    /// this resource's policy, `FILE: POINTER: reason`, so that a line of a
    /// scan's output says where to look.
    pub fn locate_result(&self, result: &mut ResourceResult) {
        if let Some(reason) = &mut result.error {
            *reason = InputError {
                message: std::mem::take(reason),
                ..self.error(String::new())
            }
            .to_string();
        }
    }
}

impl InputError {
    /// The error as a resource result with status `error`: the resource's
    /// ARN and type when known (else the place `FILE#POINTER` and an empty
    /// type), and the message `FILE: POINTER: message`.
    pub fn to_result(&self) -> ResourceResult {
        let resource = self
            .arn
            .clone()
            .unwrap_or_else(|| format!("{}#{}", self.file.display(), self.pointer));
        let resource_type = self.resource_type.as_deref().unwrap_or("");
        ResourceResult::error(&resource, resource_type, self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{InputFormat, Origin};
    use super::*;
    use crate::finding::ResultStatus;
    use crate::resource::ResourceType;
    use serde_json::json;
    use std::path::PathBuf;

    fn input(arn: &str, resource_type: &str, account: Option<&str>) -> ResourceInput {
        ResourceInput {
            arn: arn.into(),
            resource_type: ResourceType::resolve(resource_type, arn).unwrap(),
            account: account.map(str::to_string),
            policy: Some(json!({"Statement": []})),
            acl: None,
            block_public_access: Some(json!({"RestrictPublicBuckets": true})),
            sharing: None,
            grants: None,
            origin: Origin {
                file: PathBuf::from("estate/inventory.json"),
                pointer: "/3/policy".into(),
                line: Some(12),
                statement_lines: vec![],
                format: InputFormat::Inventory,
            },
        }
    }

    fn org_template(account: Option<&str>) -> ZoneTemplate {
        ZoneTemplate {
            account: account.map(str::to_string),
            org: Some("o-a1b2c3d4e5".into()),
            org_accounts: vec![],
            trusted_accounts: vec!["999988887777".into()],
        }
    }

    #[test]
    fn owner_is_the_flag_then_the_input_then_the_arn() {
        let role = input("arn:aws:iam::111122223333:role/r", "AWS::IAM::Role", None);
        let spec = role.to_spec(&org_template(None)).unwrap();
        assert_eq!(spec.zone.account, "111122223333");
        assert_eq!(spec.zone.org.as_deref(), Some("o-a1b2c3d4e5"));
        assert_eq!(spec.zone.trusted_accounts, ["999988887777"]);
        assert_eq!(spec.resource_type, ResourceType::IamRole);

        let bucket = input("arn:aws:s3:::b", "AWS::S3::Bucket", Some("444455556666"));
        let spec = bucket.to_spec(&org_template(None)).unwrap();
        assert_eq!(spec.zone.account, "444455556666");
        assert!(spec.extras.block_public_access.is_some());

        let spec = bucket.to_spec(&org_template(Some("555566667777"))).unwrap();
        assert_eq!(spec.zone.account, "555566667777");
    }

    #[test]
    fn bucket_without_any_account_is_an_error_at_its_policy() {
        let bucket = input("arn:aws:s3:::b", "AWS::S3::Bucket", None);
        let error = bucket.to_spec(&ZoneTemplate::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "estate/inventory.json: /3/policy: resource `arn:aws:s3:::b` names no owner \
             account: give --account"
        );
        assert_eq!(error.arn.as_deref(), Some("arn:aws:s3:::b"));
    }

    #[test]
    fn unresolved_template_account_is_not_an_owner() {
        let queue = input(
            "arn:aws:sqs:us-east-1:{{unresolved:AWS::AccountId}}:q",
            "AWS::SQS::Queue",
            None,
        );
        assert!(queue.to_spec(&ZoneTemplate::default()).is_err());
    }

    #[test]
    fn bad_ids_are_errors() {
        let role = input("arn:aws:iam::111122223333:role/r", "AWS::IAM::Role", None);
        let template = ZoneTemplate {
            org: Some("o-BAD".into()),
            ..ZoneTemplate::default()
        };
        let error = role.to_spec(&template).unwrap_err();
        assert!(error.message.contains("invalid organization id `o-BAD`"));
    }

    #[test]
    fn input_error_becomes_an_error_result_in_place() {
        let error = InputError {
            file: PathBuf::from("inv.jsonl"),
            pointer: "/4".into(),
            message: "line 5 is not valid JSON".into(),
            arn: None,
            resource_type: None,
        };
        let result = error.to_result();
        assert_eq!(result.status, ResultStatus::Error);
        assert_eq!(result.resource, "inv.jsonl#/4");
        assert_eq!(
            result.error.as_deref(),
            Some("inv.jsonl: /4: line 5 is not valid JSON")
        );
    }

    #[test]
    fn analysis_reasons_are_located_at_the_policy() {
        let role = input("arn:aws:iam::111122223333:role/r", "AWS::IAM::Role", None);
        let mut result = ResourceResult::error(
            &role.arn,
            "AWS::IAM::Role",
            "invalid policy: Statement[0]: a role trust policy cannot use NotPrincipal".into(),
        );
        role.locate_result(&mut result);
        assert_eq!(
            result.error.as_deref(),
            Some(
                "estate/inventory.json: /3/policy: invalid policy: Statement[0]: a role trust \
                 policy cannot use NotPrincipal"
            )
        );
    }
}
