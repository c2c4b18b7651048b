//! Resource ARNs checked against the ARN formats of the IAM catalog.
//!
//! An ARN pattern of a `Resource` element (`arn:aws:s3:::bucket/*`) is
//! split into its six fields and compared, field by field, with the ARN
//! formats of the resource types of its service
//! (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), placeholders
//! and wildcards matching any text. [`check_resource_arn`] lists what is
//! wrong; each ARN check reports its own kind of problem.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::catalog::Catalog;

use super::glob;
use super::regions;

/// The six fields of an ARN: `arn:partition:service:region:account:resource`
/// (the resource field keeps its own colons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnFields<'a> {
    /// E.g. `aws`.
    pub partition: &'a str,
    /// E.g. `s3`.
    pub service: &'a str,
    /// E.g. `us-east-1`, or empty.
    pub region: &'a str,
    /// E.g. `111122223333`, or empty.
    pub account: &'a str,
    /// E.g. `bucket/key`.
    pub resource: &'a str,
}

/// Splits `arn:...` into its fields; `None` when it does not start with
/// `arn:` or has fewer than six fields.
pub fn split(arn: &str) -> Option<ArnFields<'_>> {
    let rest = arn.strip_prefix("arn:")?;
    let mut parts = rest.splitn(5, ':');
    Some(ArnFields {
        partition: parts.next()?,
        service: parts.next()?,
        region: parts.next()?,
        account: parts.next()?,
        resource: parts.next()?,
    })
}

/// One field of an ARN format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FormatField {
    /// Written empty: the resource type has no such field.
    Empty,
    /// A placeholder such as `${Region}`.
    Placeholder,
    /// Fixed text, such as `aws` in `arn:${Partition}:iam::aws:...`.
    Literal(String),
}

impl FormatField {
    fn new(text: &str) -> FormatField {
        if text.is_empty() {
            FormatField::Empty
        } else if text.contains("${") {
            FormatField::Placeholder
        } else {
            FormatField::Literal(text.to_owned())
        }
    }
}

/// An ARN format of a catalog resource type.
#[derive(Debug, Clone)]
struct ArnFormat {
    region: FormatField,
    account: FormatField,
    /// The resource field with each placeholder turned into `*`.
    resource: String,
}

impl ArnFormat {
    fn new(format: &str) -> Option<(String, ArnFormat)> {
        let fields = split(format)?;
        Some((
            fields.service.to_owned(),
            ArnFormat {
                region: FormatField::new(fields.region),
                account: FormatField::new(fields.account),
                resource: placeholders_to_wildcards(fields.resource),
            },
        ))
    }
}

/// `${Name}` becomes `*`.
fn placeholders_to_wildcards(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or(""));
        match rest.get(start..).and_then(|tail| tail.find('}')) {
            Some(end) => {
                out.push('*');
                rest = rest.get(start + end + 1..).unwrap_or("");
            }
            None => {
                out.push('*');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every ARN format of the catalog by the service field it carries (built
/// on first use; most lookups are answered by the service of the same
/// prefix without it).
static FORMATS_BY_ARN_SERVICE: LazyLock<HashMap<String, Vec<ArnFormat>>> = LazyLock::new(|| {
    let mut index: HashMap<String, Vec<ArnFormat>> = HashMap::new();
    if let Ok(catalog) = Catalog::try_get() {
        for service in catalog.services() {
            for resource_type in &service.resource_types {
                for format in &resource_type.arn_formats {
                    if let Some((arn_service, parsed)) = ArnFormat::new(format) {
                        index.entry(arn_service).or_default().push(parsed);
                    }
                }
            }
        }
    }
    index
});

/// ARN formats that principals' ARNs have but no resource type of the
/// catalog lists: a role session's ARN, which policies name in `Resource`
/// for `sts:TagSession`-style requests and in conditions.
const EXTRA_FORMATS: [&str; 1] =
    ["arn:${Partition}:sts::${Account}:assumed-role/${RoleName}/${RoleSessionName}"];

/// The formats whose service field is `arn_service` (lower case).
fn formats_for(catalog: &Catalog, arn_service: &str) -> Vec<ArnFormat> {
    let mut formats = catalog_formats_for(catalog, arn_service);
    formats.extend(
        EXTRA_FORMATS
            .iter()
            .filter_map(|format| ArnFormat::new(format))
            .filter(|(service, _)| service == arn_service)
            .map(|(_, format)| format),
    );
    formats
}

/// The catalog's formats whose service field is `arn_service`.
fn catalog_formats_for(catalog: &Catalog, arn_service: &str) -> Vec<ArnFormat> {
    if let Some(service) = catalog.service(arn_service) {
        let own: Vec<ArnFormat> = service
            .resource_types
            .iter()
            .flat_map(|resource_type| resource_type.arn_formats.iter())
            .filter_map(|format| ArnFormat::new(format))
            .filter(|(service, _)| service == arn_service)
            .map(|(_, format)| format)
            .collect();
        if !own.is_empty() {
            return own;
        }
    }
    FORMATS_BY_ARN_SERVICE
        .get(arn_service)
        .cloned()
        .unwrap_or_default()
}

/// What is wrong with a resource ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArnProblem {
    /// It does not start with `arn:`.
    InvalidPrefix,
    /// It has fewer than six fields.
    MissingField,
    /// Unknown partition.
    InvalidPartition {
        /// The ARN's service field.
        service: String,
        /// The partition written.
        partition: String,
    },
    /// The service field is not lower case.
    ServiceCase {
        /// The service field as written.
        service: String,
    },
    /// No resource type of any service uses this service field.
    UnknownService {
        /// The service field as written.
        service: String,
    },
    /// The resource field fits no ARN format of the service.
    InvalidResource,
    /// The region is empty but the service's resources have one.
    MissingRegion {
        /// The ARN's service field.
        service: String,
    },
    /// A region is given but the service's resources have none.
    RegionNotAllowed {
        /// The ARN's service field.
        service: String,
    },
    /// The region is not a known Region code.
    InvalidRegion {
        /// The region written.
        region: String,
    },
    /// An account is given but the service's resources have none.
    AccountNotAllowed {
        /// The ARN's service field.
        service: String,
    },
    /// The account is not a 12-digit account id.
    InvalidAccount {
        /// The account written.
        account: String,
    },
}

/// Whether a resource element value is worth checking as an ARN: `*` and
/// values that start with a wildcard or a policy variable are not.
pub fn is_checkable(resource: &str) -> bool {
    !(resource.is_empty()
        || resource.starts_with(['*', '?', '$'])
        || super::is_unresolved(resource))
}

/// The problems of one resource ARN (empty when it is fine or not
/// checkable). Policy variables count as wildcards.
pub fn check_resource_arn(catalog: &Catalog, resource: &str) -> Vec<ArnProblem> {
    if !is_checkable(resource) {
        return Vec::new();
    }
    let pattern = placeholders_to_wildcards(resource);
    if !pattern.starts_with("arn:") {
        return vec![ArnProblem::InvalidPrefix];
    }
    let Some(fields) = split(&pattern) else {
        // `arn:aws:s3*` or `arn:aws:iam::*`: a wildcard may stand for the
        // missing fields.
        let after_service = pattern.splitn(4, ':').nth(3).unwrap_or("");
        return if glob::has_wildcard(after_service) {
            Vec::new()
        } else {
            vec![ArnProblem::MissingField]
        };
    };
    let mut problems = Vec::new();
    if !glob::has_wildcard(fields.partition) && !regions::is_partition(fields.partition) {
        problems.push(ArnProblem::InvalidPartition {
            service: fields.service.to_owned(),
            partition: fields.partition.to_owned(),
        });
    }
    if glob::has_wildcard(fields.service) {
        return problems;
    }
    let service = fields.service.to_ascii_lowercase();
    if service != fields.service {
        problems.push(ArnProblem::ServiceCase {
            service: fields.service.to_owned(),
        });
    }
    let formats = formats_for(catalog, &service);
    if formats.is_empty() {
        if catalog.service(&service).is_none() {
            problems.push(ArnProblem::UnknownService {
                service: fields.service.to_owned(),
            });
        }
        return problems;
    }
    let candidates: Vec<&ArnFormat> = formats
        .iter()
        .filter(|format| glob::intersects(&format.resource, fields.resource, false))
        .collect();
    if candidates.is_empty() {
        problems.push(ArnProblem::InvalidResource);
        return problems;
    }
    problems.extend(region_problems(&fields, &service, &candidates));
    problems.extend(account_problems(&fields, &service, &candidates));
    problems
}

fn region_problems(
    fields: &ArnFields<'_>,
    service: &str,
    candidates: &[&ArnFormat],
) -> Vec<ArnProblem> {
    let region = fields.region;
    let none_has_region = candidates
        .iter()
        .all(|format| format.region == FormatField::Empty);
    let all_have_region = candidates
        .iter()
        .all(|format| format.region != FormatField::Empty);
    if region.is_empty() {
        return if all_have_region {
            vec![ArnProblem::MissingRegion {
                service: service.to_owned(),
            }]
        } else {
            Vec::new()
        };
    }
    if glob::has_wildcard(region) {
        return Vec::new();
    }
    if none_has_region {
        return vec![ArnProblem::RegionNotAllowed {
            service: service.to_owned(),
        }];
    }
    let literal_ok = candidates
        .iter()
        .any(|format| format.region == FormatField::Literal(region.to_owned()));
    if !literal_ok && !regions::is_region(region) {
        return vec![ArnProblem::InvalidRegion {
            region: region.to_owned(),
        }];
    }
    Vec::new()
}

fn account_problems(
    fields: &ArnFields<'_>,
    service: &str,
    candidates: &[&ArnFormat],
) -> Vec<ArnProblem> {
    let account = fields.account;
    if account.is_empty() || glob::has_wildcard(account) {
        return Vec::new();
    }
    if candidates
        .iter()
        .all(|format| format.account == FormatField::Empty)
    {
        return vec![ArnProblem::AccountNotAllowed {
            service: service.to_owned(),
        }];
    }
    let literal_ok = candidates
        .iter()
        .any(|format| format.account == FormatField::Literal(account.to_owned()));
    let is_account_id = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    // `aws` owns AWS managed policies and other AWS-owned resources.
    if !literal_ok && !is_account_id && account != "aws" {
        return vec![ArnProblem::InvalidAccount {
            account: account.to_owned(),
        }];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(arn: &str) -> Vec<ArnProblem> {
        check_resource_arn(Catalog::get(), arn)
    }

    #[test]
    fn good_arns_have_no_problem() {
        for arn in [
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*",
            "arn:aws:iam::111122223333:role/x",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::*:role/*",
            "arn:aws:dynamodb:us-east-1:111122223333:table/t",
            "arn:aws:s3:::${aws:username}/*",
            "arn:aws:logs:*:*:*",
            "arn:aws:iam::*",
            "arn:aws:sts::111122223333:assumed-role/deployer/*",
            "arn:aws-cn:s3:::b",
            "*",
        ] {
            assert_eq!(problems(arn), [], "{arn}");
        }
    }

    #[test]
    fn each_kind_of_problem() {
        assert_eq!(problems("aws:s3:::b"), [ArnProblem::InvalidPrefix]);
        assert_eq!(problems("arn:aws:s3:::"), []);
        assert_eq!(problems("arn:aws:s3:b"), [ArnProblem::MissingField]);
        assert!(matches!(
            problems("arn:amazon:s3:::b")[..],
            [ArnProblem::InvalidPartition { .. }]
        ));
        assert!(matches!(
            problems("arn:aws:S3:::b")[..],
            [ArnProblem::ServiceCase { .. }]
        ));
        assert!(matches!(
            problems("arn:aws:nosuchservice:::b")[..],
            [ArnProblem::UnknownService { .. }]
        ));
        assert_eq!(
            problems("arn:aws:dynamodb:us-east-1:111122223333:tabel/t"),
            [ArnProblem::InvalidResource]
        );
        assert!(matches!(
            problems("arn:aws:dynamodb::111122223333:table/t")[..],
            [ArnProblem::MissingRegion { .. }]
        ));
        assert!(matches!(
            problems("arn:aws:iam:us-east-1:111122223333:role/x")[..],
            [ArnProblem::RegionNotAllowed { .. }]
        ));
        assert!(matches!(
            problems("arn:aws:sqs:us-middle-1:111122223333:q")[..],
            [ArnProblem::InvalidRegion { .. }]
        ));
        assert!(matches!(
            problems("arn:aws:s3::111122223333:bucket")[..],
            [ArnProblem::AccountNotAllowed { .. }]
        ));
        assert!(matches!(
            problems("arn:aws:sqs:us-east-1:1234:q")[..],
            [ArnProblem::InvalidAccount { .. }]
        ));
    }
}
