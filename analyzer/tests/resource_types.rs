//! The resource type files, end to end. Every input mapping a file
//! declares is true: for each CloudFormation, Terraform and AWS Config
//! source of each type, a minimal document holding the type's example
//! policy where the source says is read back as one resource of that type,
//! with that policy, at an ARN of the type's forms (the example's own ARN
//! when the source names its target). Every example is analysed, and
//! grants what it says to someone outside the zone.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on fixture mistakes"
)]

use std::path::Path;

use serde_json::{json, Map, Value};
use zoneproof_analyzer::analysis::{
    analyze, AnalysisOptions, Extras, PolicyDocument, ResourceSpec,
};
use zoneproof_analyzer::finding::ResultStatus;
use zoneproof_analyzer::inputs::{read_text, InputResult, ReadOptions, ResourceInput};
use zoneproof_analyzer::resource::{ResourceType, Target, TemplateSource, TypeDef};
use zoneproof_analyzer::zone::Zone;

fn options() -> ReadOptions {
    ReadOptions {
        account: Some("111122223333".into()),
        region: Some("us-east-1".into()),
        partition: None,
    }
}

fn known() -> impl Iterator<Item = (ResourceType, &'static TypeDef)> {
    ResourceType::all().filter_map(|rt| rt.definition().map(|def| (rt, def)))
}

fn example_policy(def: &TypeDef) -> Value {
    serde_json::from_str(def.example.policy).unwrap()
}

/// `{"a": {"0": ...}}` paths become objects and one-element lists.
fn put(target: &mut Value, path: &[&str], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *target = value;
        return;
    };
    if let Ok(index) = first.parse::<usize>() {
        if !target.is_array() {
            *target = json!([]);
        }
        let items = target.as_array_mut().unwrap();
        while items.len() <= index {
            items.push(json!({}));
        }
        put(&mut items[index], rest, value);
    } else {
        if !target.is_object() {
            *target = json!({});
        }
        let entry = target
            .as_object_mut()
            .unwrap()
            .entry(first.to_string())
            .or_insert(Value::Null);
        put(entry, rest, value);
    }
}

fn only_input(results: Vec<InputResult>, what: &str) -> ResourceInput {
    let mut ok: Vec<ResourceInput> = Vec::new();
    for result in results {
        match result {
            Ok(input) => ok.push(input),
            Err(error) => panic!("{what}: error record {error}"),
        }
    }
    assert_eq!(ok.len(), 1, "{what}: {ok:?}");
    ok.remove(0)
}

fn check(rt: ResourceType, def: &TypeDef, source: &TemplateSource, input: &ResourceInput) {
    let what = format!("{} via {}", def.name, source.resource_type);
    assert_eq!(input.resource_type, rt, "{what}: {}", input.arn);
    assert_eq!(input.policy.as_ref(), Some(&example_policy(def)), "{what}");
    assert_eq!(rt.validate_arn(&input.arn), Ok(()), "{what}");
    if matches!(source.target, Target::Named { .. }) {
        assert_eq!(input.arn, def.example.arn, "{what}");
    }
}

#[test]
fn cloudformation_sources_read_back_as_their_type() {
    let mut checked = 0;
    for (rt, def) in known() {
        for source in def.inputs.cloudformation {
            if matches!(source.target, Target::Synthesised) {
                continue;
            }
            let mut properties = json!({});
            put(&mut properties, source.policy, example_policy(def));
            if let Target::Named { property, .. } = source.target {
                put(&mut properties, &[property], json!(def.example.arn));
            }
            let template = json!({"Resources": {"Thing": {
                "Type": source.resource_type, "Properties": properties}}});
            let results = read_text(
                Path::new("template.json"),
                &template.to_string(),
                &options(),
            );
            let input = only_input(results, def.name);
            check(rt, def, source, &input);
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked} CloudFormation sources");
}

#[test]
fn terraform_sources_read_back_as_their_type() {
    let mut checked = 0;
    for (rt, def) in known() {
        for source in def.inputs.terraform {
            if matches!(source.target, Target::Synthesised) {
                continue;
            }
            let mut values = json!({});
            put(
                &mut values,
                source.policy,
                json!(example_policy(def).to_string()),
            );
            match source.target {
                Target::Named { property, .. } => {
                    let path: Vec<&str> = property.split('.').collect();
                    put(&mut values, &path, json!(def.example.arn));
                }
                Target::Itself => {
                    let known = ResourceType::template_arn(
                        zoneproof_analyzer::resource::TemplateFormat::Terraform,
                        source.resource_type,
                    )
                    .map_or(Some("arn"), |(_, t)| t.known_arn);
                    if let Some(attribute) = known {
                        put(&mut values, &[attribute], json!(def.example.arn));
                    }
                }
                Target::Rule(_) | Target::Synthesised => {}
            }
            let plan = json!({"format_version": "1.2", "planned_values": {"root_module": {
                "resources": [{"address": format!("{}.x", source.resource_type),
                    "mode": "managed", "type": source.resource_type, "name": "x",
                    "values": values}]}}});
            let results = read_text(Path::new("plan.json"), &plan.to_string(), &options());
            let input = only_input(results, def.name);
            check(rt, def, source, &input);
            checked += 1;
        }
    }
    assert!(checked >= 35, "{checked} Terraform sources");
}

#[test]
fn config_sources_read_back_as_their_type() {
    let mut checked = 0;
    for (rt, def) in known() {
        let Some(source) = &def.inputs.config else {
            continue;
        };
        let Some(path) = source.policy.first() else {
            panic!("{}: a Config source without a path", def.name);
        };
        let mut item = Map::new();
        item.insert("resourceType".into(), json!(source.config_type));
        item.insert("accountId".into(), json!("111122223333"));
        item.insert("configurationItemStatus".into(), json!("OK"));
        let arn = if rt == ResourceType::ApiGatewayRestApi {
            "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5"
        } else {
            def.example.arn
        };
        item.insert("arn".into(), json!(arn));
        let mut item = Value::Object(item);
        put(&mut item, path, json!(example_policy(def).to_string()));
        put(&mut item, &["configuration", "marker"], json!(true));
        let document = json!({"configurationItems": [item]});
        let results = read_text(Path::new("config.json"), &document.to_string(), &options());
        let input = only_input(results, def.name);
        assert_eq!(input.resource_type, rt, "{}", def.name);
        assert_eq!(input.arn, def.example.arn, "{}", def.name);
        assert_eq!(
            input.policy.as_ref(),
            Some(&example_policy(def)),
            "{}",
            def.name
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked} Config sources");
}

#[test]
fn a_shared_policy_resource_is_told_apart_by_its_targets_arn() {
    let template = json!({"Resources": {
        "StreamPolicy": {"Type": "AWS::Kinesis::ResourcePolicy", "Properties": {
            "ResourceArn": "arn:aws:kinesis:us-east-1:111122223333:stream/clicks",
            "ResourcePolicy": {"Statement": []}}},
        "ConsumerPolicy": {"Type": "AWS::Kinesis::ResourcePolicy", "Properties": {
            "ResourceArn": "arn:aws:kinesis:us-east-1:111122223333:stream/clicks/consumer/c:1",
            "ResourcePolicy": {"Statement": []}}},
        "Wrong": {"Type": "AWS::Kinesis::ResourcePolicy", "Properties": {
            "ResourceArn": "arn:aws:sqs:us-east-1:111122223333:q",
            "ResourcePolicy": {"Statement": []}}}}});
    let results = read_text(Path::new("t.json"), &template.to_string(), &options());
    let types: Vec<Result<ResourceType, String>> = results
        .into_iter()
        .map(|r| r.map(|i| i.resource_type).map_err(|e| e.message))
        .collect();
    assert_eq!(
        types,
        [
            Ok(ResourceType::KinesisStream),
            Ok(ResourceType::KinesisStreamConsumer),
            Err(
                "`arn:aws:sqs:us-east-1:111122223333:q` is not an ARN of AWS::Kinesis::Stream \
                 or AWS::Kinesis::StreamConsumer"
                    .into()
            )
        ]
    );
}

#[test]
fn a_resource_policy_on_a_type_no_file_maps_is_an_error_record_not_silence() {
    let template = json!({"Resources": {
        "Registry": {"Type": "AWS::ECR::RegistryPolicy", "Properties": {"PolicyText": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "ecr:ReplicateImage", "Resource": "*"}]}}},
        "Endpoint": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"PolicyDocument": {
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*",
                           "Resource": "*"}]}}},
        "Managed": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}}}});
    let results = read_text(Path::new("t.json"), &template.to_string(), &options());
    let errors: Vec<(String, String)> = results
        .into_iter()
        .map(|r| {
            let error = r.expect_err("only the registry policy is reported");
            (error.pointer, error.message)
        })
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "/Resources/Registry/Properties/PolicyText");
    assert!(
        errors[0]
            .1
            .starts_with("`AWS::ECR::RegistryPolicy` holds a resource-based policy"),
        "{errors:?}"
    );

    let plan = json!({"format_version": "1.2", "planned_values": {"root_module": {"resources": [
        {"address": "aws_ecr_registry_policy.r", "mode": "managed",
         "type": "aws_ecr_registry_policy", "name": "r",
         "values": {"policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"ecr:*\", \"Resource\": \"*\"}]}"}},
        {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
         "values": {"policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}"}}]}}});
    let results = read_text(Path::new("plan.json"), &plan.to_string(), &options());
    assert_eq!(results.len(), 1);
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert_eq!(
        error.pointer,
        "/planned_values/root_module/resources/0/values/policy"
    );
}

#[test]
fn an_inventory_record_of_an_unknown_type_is_analysed_generically() {
    let records = json!([
        {"arn": "arn:aws:newservice:us-east-1:111122223333:widget/w", "resourceType": "AWS::New::Widget",
         "policy": {"Statement": []}},
        {"arn": "not-an-arn", "resourceType": "AWS::New::Widget", "policy": {"Statement": []}},
        {"arn": "arn:aws:sns:us-east-1:111122223333:t", "resourceType": "AWS::SNS::Topics",
         "policy": {"Statement": []}}]);
    let results = read_text(Path::new("inv.json"), &records.to_string(), &options());
    let first = results[0].as_ref().unwrap();
    assert!(first.resource_type.is_generic());
    assert_eq!(first.resource_type.service(), "newservice");
    let second = results[1].as_ref().unwrap_err();
    assert_eq!(second.pointer, "/1/resourceType");
    assert!(second
        .message
        .starts_with("unknown resource type `AWS::New::Widget`"));
    let third = results[2].as_ref().unwrap_err();
    assert!(
        third.message.contains("did you mean `AWS::SNS::Topic`?"),
        "{third}"
    );
}

#[test]
fn every_types_example_grants_access_outside_the_zone() {
    let mut analysed = 0;
    for (rt, def) in known() {
        if def.example.policy.is_empty() {
            continue;
        }
        let spec = ResourceSpec {
            resource_type: rt,
            arn: def.example.arn.to_string(),
            zone: Zone::account("111122223333"),
            policy: Some(PolicyDocument::Text(def.example.policy.to_string())),
            extras: Extras::default(),
        };
        let result = analyze(&spec, &AnalysisOptions::default());
        assert_eq!(
            result.status,
            ResultStatus::Analyzed,
            "{}: {result:?}",
            def.name
        );
        assert!(result.proof.complete, "{}", def.name);
        assert!(!result.findings.is_empty(), "{}: no finding", def.name);
        for finding in &result.findings {
            assert!(
                !finding.action.is_empty()
                    && finding.action.iter().all(|a| def
                        .actions
                        .iter()
                        .any(|s| a.starts_with(&format!("{}:", s.service)))),
                "{}: {:?}",
                def.name,
                finding.action
            );
        }
        analysed += 1;
    }
    assert!(analysed >= 45, "{analysed}");
}
