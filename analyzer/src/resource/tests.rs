//! The registry's own tests: every type's declarations agree with the IAM
//! catalog and with themselves.

use super::*;
use crate::policy::parse_policy;

fn known() -> impl Iterator<Item = (ResourceType, &'static TypeDef)> {
    ResourceType::all().filter_map(|rt| rt.definition().map(|def| (rt, def)))
}

#[test]
fn names_round_trip_and_are_unique() {
    let mut seen = std::collections::BTreeSet::new();
    for rt in ResourceType::all() {
        assert_eq!(rt.name().parse::<ResourceType>(), Ok(rt));
        assert!(seen.insert(rt.name().to_ascii_lowercase()), "{rt}");
    }
    assert!("AWS::S3::Buckets".parse::<ResourceType>().is_err());
    assert_eq!(
        "aws::s3::bucket".parse::<ResourceType>(),
        Ok(ResourceType::S3Bucket)
    );
}

#[test]
fn every_type_names_catalog_kinds_that_exist_and_have_actions() {
    for (rt, def) in known() {
        assert!(!def.actions.is_empty(), "{rt}");
        let actions = rt.catalog_actions();
        assert!(
            actions.as_ref().is_ok_and(|a| !a.is_empty()),
            "{rt}: {actions:?}"
        );
        for (kind, _) in def.covers {
            assert!(
                def.actions
                    .iter()
                    .any(|a| a.kinds.iter().any(|k| k.eq_ignore_ascii_case(kind))),
                "{rt}: cover for `{kind}`, which it does not list"
            );
        }
    }
}

#[test]
fn every_example_has_the_types_arn_form_and_a_valid_policy() {
    for (rt, def) in known() {
        assert_eq!(rt.validate_arn(def.example.arn), Ok(()), "{rt}");
        if def.policy_kind != PolicyKind::SharingOnly {
            let parsed = parse_policy(def.example.policy);
            assert!(parsed.is_ok(), "{rt}: {parsed:?}");
        }
        let service = split_arn(def.example.arn).map(|p| p.service);
        assert!(
            def.arn_forms
                .iter()
                .all(|form| service.is_some_and(|s| form.contains(&format!(":{s}:")))),
            "{rt}: forms of another service than its example"
        );
    }
}

#[test]
fn an_arn_of_another_type_not_an_arn_and_empty_are_errors() {
    let bucket = ResourceType::S3Bucket;
    assert_eq!(bucket.validate_arn(""), Err(ArnError::Empty));
    assert!(matches!(
        bucket.validate_arn("not-an-arn"),
        Err(ArnError::NotAnArn(_))
    ));
    let error = bucket
        .validate_arn("arn:aws:sqs:us-east-1:111122223333:queue")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`arn:aws:sqs:us-east-1:111122223333:queue` is not an ARN of AWS::S3::Bucket: \
         expected arn:${Partition}:s3:::${BucketName} (it looks like an ARN of AWS::SQS::Queue)"
    );
    assert!(bucket.validate_arn("arn:aws:s3:::b/key").is_err());
    assert!(ResourceType::LambdaFunction
        .validate_arn("arn:aws:lambda:us-east-1:111122223333:function:f:live")
        .is_ok());
}

#[test]
fn bucket_objects_are_under_the_bucket() {
    let p = ResourceType::S3Bucket.resource_pattern("object", "arn:aws:s3:::b");
    assert!(p.matches("arn:aws:s3:::b/key"));
    assert!(!p.matches("arn:aws:s3:::bb/key"));
    let b = ResourceType::S3Bucket.resource_pattern("bucket", "arn:aws:s3:::b");
    assert!(b.matches("arn:aws:s3:::b"));
    assert!(!b.matches("arn:aws:s3:::b/key"));
}

#[test]
fn unknown_names_with_an_arn_are_generic_unless_a_near_miss() {
    let arn = "arn:aws:example:us-east-1:111122223333:widget/w";
    let generic = ResourceType::resolve("AWS::Example::Widget", arn).unwrap();
    assert!(generic.is_generic());
    assert_eq!(generic.name(), "AWS::Example::Widget");
    assert_eq!(generic.service(), "example");
    assert_eq!(generic.validate_arn(arn), Ok(()));
    let pattern = generic.resource_pattern("*", arn);
    assert!(pattern.matches("arn:aws:example:eu-west-1:444455556666:other"));
    assert!(!pattern.matches("arn:aws:s3:::b"));

    let typo = ResourceType::resolve("AWS::SNS::Topics", "arn:aws:sns:us-east-1:111122223333:t");
    assert_eq!(
        typo.map_err(|e| e.to_string()),
        Err("unknown resource type `AWS::SNS::Topics`; did you mean `AWS::SNS::Topic`?".into())
    );
    assert!(ResourceType::resolve("AWS::Example::Widget", "not-an-arn").is_err());
    assert_eq!(
        ResourceType::resolve("aws::sqs::queue", "anything"),
        Ok(ResourceType::SqsQueue)
    );
}

#[test]
fn generic_types_take_every_action_of_the_service() {
    let arn = "arn:aws:glacier:us-east-1:111122223333:vaults/v";
    let generic = ResourceType::resolve("Custom::Vault", arn).unwrap();
    let actions = generic.catalog_actions().unwrap();
    let all = Catalog::get()
        .service("glacier")
        .map_or(0, |s| s.actions.len());
    assert_eq!(actions.len(), all);
    let unknown = ResourceType::resolve(
        "Custom::Thing",
        "arn:aws:no-such-service:us-east-1:111122223333:x",
    )
    .unwrap();
    assert!(unknown.catalog_actions().is_err());
}

#[test]
fn template_sources_are_found_by_their_resource_type() {
    let sources =
        ResourceType::template_sources(TemplateFormat::Terraform, "aws_dynamodb_resource_policy");
    let types: Vec<ResourceType> = sources.iter().map(|(rt, _)| *rt).collect();
    assert_eq!(
        types,
        [ResourceType::DynamoDbTable, ResourceType::DynamoDbStream]
    );
    assert!(ResourceType::template_sources(TemplateFormat::CloudFormation, "AWS::X::Y").is_empty());
}
