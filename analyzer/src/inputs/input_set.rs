//! Everything the input files hold, for the questions that need more than
//! one resource policy at a time: resources, identities and organizations.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::iam::IamModel;
use crate::organization::Organization;

use super::{InputError, ReadOptions, ResourceInput};

/// The resources, IAM entities and organizations of a set of input files.
#[derive(Debug, Clone, Default)]
pub struct InputSet {
    /// Every resource found, in input order (as [`super::read_path`] reads
    /// them; the trust policies of the roles of authorization details
    /// included).
    pub resources: Vec<ResourceInput>,
    /// The users, groups, roles and managed policies of every
    /// authorization-details document.
    pub iam: IamModel,
    /// Every organization export read (usually one).
    pub organizations: Vec<Organization>,
    /// Inputs that could not be used at all: a file that cannot be read,
    /// parsed or recognised, an organization export that does not hold
    /// together. Whatever depends on them is unknown.
    pub unreadable: Vec<InputError>,
    /// Smaller problems: one entry or policy that could not be read (it is
    /// left out, or kept unparsed so that a decision needing it fails).
    pub problems: Vec<InputError>,
}

impl InputSet {
    /// The organization `account` belongs to, if any export lists it.
    pub fn organization_of(&self, account: &str) -> Option<&Organization> {
        self.organizations
            .iter()
            .find(|org| org.contains_account(account))
    }

    pub(super) fn add_organization(&mut self, file: &Path, export: &Value) {
        match Organization::read_export(file, export) {
            Ok((organization, problems)) => {
                self.problems.extend(problems);
                if let Some(other) = self
                    .organizations
                    .iter()
                    .find(|other| other.id == organization.id)
                {
                    if *other != organization {
                        self.unreadable.push(InputError {
                            file: file.to_path_buf(),
                            pointer: "/Organization/Id".to_string(),
                            message: format!(
                                "organization `{}` is also exported, differently, in {}",
                                organization.id,
                                other.file.display()
                            ),
                            arn: None,
                            resource_type: None,
                        });
                    }
                } else {
                    self.organizations.push(organization);
                }
            }
            Err(errors) => self.unreadable.extend(errors),
        }
    }
}

/// Reads files and directories like [`super::read_path`] and gathers their
/// resources, IAM entities and organizations. Nothing stops the reading: a
/// file that cannot be used is in [`InputSet::unreadable`], a bad entry in
/// [`InputSet::problems`] (a resource whose policy is malformed too).
pub fn read_input_set(paths: &[PathBuf], options: &ReadOptions) -> InputSet {
    let mut set = InputSet::default();
    for path in paths {
        let results = super::read_path_into(path, options, Some(&mut set));
        for result in results {
            match result {
                Ok(resource) => set.resources.push(resource),
                Err(error) if error.pointer.is_empty() => set.unreadable.push(error),
                Err(error) => set.problems.push(error),
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A scratch directory, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("zoneproof-input-set-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn write(&self, name: &str, value: &Value) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
            path
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn org_export() -> Value {
        json!({
            "Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "111111111111"},
            "Roots": [{"Id": "r-ab12", "Name": "Root"}],
            "OrganizationalUnits": [],
            "Accounts": [{"Id": "222222222222", "Name": "a", "ParentId": "r-ab12"}],
            "Policies": []
        })
    }

    #[test]
    fn a_directory_gives_resources_identities_and_the_organization() {
        let scratch = Scratch::new("dir");
        scratch.write("org.json", &org_export());
        scratch.write(
            "details.json",
            &json!({"RoleDetailList": [{"RoleName": "r", "Path": "/",
                "Arn": "arn:aws:iam::222222222222:role/r",
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}),
        );
        scratch.write(
            "inventory.json",
            &json!([{"arn": "arn:aws:s3:::b", "resourceType": "AWS::S3::Bucket", "accountId": "222222222222",
                "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}}]),
        );
        let set = read_input_set(std::slice::from_ref(&scratch.0), &ReadOptions::default());
        assert!(
            set.unreadable.is_empty() && set.problems.is_empty(),
            "{set:?}"
        );
        let arns: Vec<&str> = set.resources.iter().map(|r| r.arn.as_str()).collect();
        assert_eq!(arns, ["arn:aws:iam::222222222222:role/r", "arn:aws:s3:::b"]);
        assert!(set.iam.role("222222222222", "r").is_some());
        assert_eq!(set.organizations.len(), 1);
        assert!(set.organization_of("222222222222").is_some());
        assert!(set.organization_of("333333333333").is_none());
    }

    #[test]
    fn scan_reads_no_resource_from_an_organization_export() {
        let scratch = Scratch::new("scan");
        let path = scratch.write("org.json", &org_export());
        assert!(super::super::read_path(&path, &ReadOptions::default()).is_empty());
    }

    #[test]
    fn an_unusable_export_and_an_unreadable_file_are_unreadable() {
        let scratch = Scratch::new("bad");
        let mut broken = org_export();
        broken["Accounts"][0]["ParentId"] = json!("ou-ab12-nowhere0");
        let org = scratch.write("org.json", &broken);
        let missing = scratch.0.join("missing.json");
        let set = read_input_set(&[org, missing], &ReadOptions::default());
        assert_eq!(set.unreadable.len(), 2, "{:?}", set.unreadable);
        assert!(set.organizations.is_empty());
    }
}
