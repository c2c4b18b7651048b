//! AWS partitions and Regions, for the checks of ARNs and of Region
//! condition values.
//!
//! Written by hand from AWS's "Regions and Availability Zones" list
//! (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html)
//! and the partition list of the AWS SDKs; a Region launched after this
//! list is reported as invalid until it is added here.

/// The partitions an ARN may name.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Known Region codes, all partitions.
pub const REGIONS: &[&str] = &[
    // aws
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    // aws-cn
    "cn-north-1",
    "cn-northwest-1",
    // aws-us-gov
    "us-gov-east-1",
    "us-gov-west-1",
    // aws-iso, aws-iso-b, aws-iso-e, aws-iso-f
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isob-west-1",
    "eu-isoe-west-1",
    "us-isof-east-1",
    "us-isof-south-1",
    // aws-eusc
    "eusc-de-east-1",
];

/// Whether `region` is a known Region code (case-sensitive: Region codes
/// are lower case).
pub fn is_region(region: &str) -> bool {
    REGIONS.contains(&region)
}

/// Whether `partition` is a known partition.
pub fn is_partition(partition: &str) -> bool {
    PARTITIONS.contains(&partition)
}
