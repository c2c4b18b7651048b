//! The estate's resources of the types added with the type registry
//! (access points, Glacier vaults, OpenSearch domains, event buses, Backup
//! vaults, CodeArtifact, API Gateway, Kinesis, Glue, CloudWatch Logs, ECR
//! Public, CloudTrail Lake, schema registries, observability sinks, MSK,
//! MediaStore, Private CA, Lex, SES, VPC Lattice): one shape per type, and
//! the policy patterns an organization uses for them — organization-wide
//! access, a partner account, a service with and without a source
//! condition, the owner's own role, and now and then a public statement.

use serde_json::{json, Value};

use super::estate::{Owner, Rng, ORG_ID, PARTNERS};

/// One type of the estate: its ARN (with `{region}`, `{account}`,
/// `{name}`, `{id}`), the actions its policies grant, the `Resource`
/// element (`{arn}` is the resource's ARN; empty: none) and the service
/// that writes to or reads from it.
struct Shape {
    kind: &'static str,
    arn: &'static str,
    actions: &'static [&'static str],
    resource: &'static str,
    service: &'static str,
}

const SHAPES: [Shape; 35] = [
    Shape {
        kind: "AWS::S3::AccessPoint",
        arn: "arn:aws:s3:{region}:{account}:accesspoint/{name}",
        actions: &["s3:GetObject", "s3:ListBucket"],
        resource: "{arn}/object/*",
        service: "cloudfront.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3::MultiRegionAccessPoint",
        arn: "arn:aws:s3::{account}:accesspoint/{id}.mrap",
        actions: &["s3:GetObject"],
        resource: "{arn}/object/*",
        service: "cloudfront.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3ObjectLambda::AccessPoint",
        arn: "arn:aws:s3-object-lambda:{region}:{account}:accesspoint/{name}",
        actions: &["s3-object-lambda:GetObject"],
        resource: "{arn}",
        service: "cloudfront.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3Express::AccessPoint",
        arn: "arn:aws:s3express:{region}:{account}:accesspoint/{name}--use1-az4--xa-s3",
        actions: &["s3express:CreateSession"],
        resource: "{arn}",
        service: "cloudfront.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3Tables::TableBucket",
        arn: "arn:aws:s3tables:{region}:{account}:bucket/{name}",
        actions: &["s3tables:GetTableData", "s3tables:GetTableMetadataLocation"],
        resource: "{arn}/table/*",
        service: "glue.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3Tables::Table",
        arn: "arn:aws:s3tables:{region}:{account}:bucket/{name}/table/{id}",
        actions: &["s3tables:GetTableData"],
        resource: "{arn}",
        service: "glue.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3Outposts::Bucket",
        arn: "arn:aws:s3-outposts:{region}:{account}:outpost/op-{id}/bucket/{name}",
        actions: &["s3-outposts:GetObject", "s3-outposts:PutObject"],
        resource: "{arn}/object/*",
        service: "datasync.amazonaws.com",
    },
    Shape {
        kind: "AWS::S3Outposts::AccessPoint",
        arn: "arn:aws:s3-outposts:{region}:{account}:outpost/op-{id}/accesspoint/{name}",
        actions: &["s3-outposts:GetObject"],
        resource: "{arn}/object/*",
        service: "datasync.amazonaws.com",
    },
    Shape {
        kind: "AWS::Glacier::Vault",
        arn: "arn:aws:glacier:{region}:{account}:vaults/{name}",
        actions: &[
            "glacier:InitiateJob",
            "glacier:GetJobOutput",
            "glacier:ListJobs",
        ],
        resource: "{arn}",
        service: "backup.amazonaws.com",
    },
    Shape {
        kind: "AWS::OpenSearchService::Domain",
        arn: "arn:aws:es:{region}:{account}:domain/{name}",
        actions: &["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
        resource: "{arn}/*",
        service: "firehose.amazonaws.com",
    },
    Shape {
        kind: "AWS::Elasticsearch::Domain",
        arn: "arn:aws:es:{region}:{account}:domain/{name}",
        actions: &["es:ESHttpGet"],
        resource: "{arn}/*",
        service: "firehose.amazonaws.com",
    },
    Shape {
        kind: "AWS::Events::EventBus",
        arn: "arn:aws:events:{region}:{account}:event-bus/{name}",
        actions: &["events:PutEvents"],
        resource: "{arn}",
        service: "events.amazonaws.com",
    },
    Shape {
        kind: "AWS::Backup::BackupVault",
        arn: "arn:aws:backup:{region}:{account}:backup-vault:{name}",
        actions: &["backup:CopyIntoBackupVault"],
        resource: "*",
        service: "backup.amazonaws.com",
    },
    Shape {
        kind: "AWS::CodeArtifact::Domain",
        arn: "arn:aws:codeartifact:{region}:{account}:domain/{name}",
        actions: &[
            "codeartifact:GetAuthorizationToken",
            "codeartifact:ReadFromRepository",
        ],
        resource: "*",
        service: "codebuild.amazonaws.com",
    },
    Shape {
        kind: "AWS::CodeArtifact::Repository",
        arn: "arn:aws:codeartifact:{region}:{account}:repository/acme/{name}",
        actions: &[
            "codeartifact:ReadFromRepository",
            "codeartifact:GetPackageVersionAsset",
        ],
        resource: "*",
        service: "codebuild.amazonaws.com",
    },
    Shape {
        kind: "AWS::ApiGateway::RestApi",
        arn: "arn:aws:execute-api:{region}:{account}:{id}",
        actions: &["execute-api:Invoke"],
        resource: "execute-api:/*",
        service: "lambda.amazonaws.com",
    },
    Shape {
        kind: "AWS::Kinesis::Stream",
        arn: "arn:aws:kinesis:{region}:{account}:stream/{name}",
        actions: &[
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:DescribeStreamSummary",
        ],
        resource: "{arn}",
        service: "firehose.amazonaws.com",
    },
    Shape {
        kind: "AWS::Kinesis::StreamConsumer",
        arn: "arn:aws:kinesis:{region}:{account}:stream/{name}/consumer/reader:1714550400",
        actions: &["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"],
        resource: "{arn}",
        service: "firehose.amazonaws.com",
    },
    Shape {
        kind: "AWS::Glue::DataCatalog",
        arn: "arn:aws:glue:{region}:{account}:catalog",
        actions: &[
            "glue:GetDatabase",
            "glue:GetTable",
            "glue:GetTables",
            "glue:GetPartitions",
        ],
        resource: "*",
        service: "lakeformation.amazonaws.com",
    },
    Shape {
        kind: "AWS::Logs::Destination",
        arn: "arn:aws:logs:{region}:{account}:destination:{name}",
        actions: &["logs:PutSubscriptionFilter"],
        resource: "{arn}",
        service: "logs.amazonaws.com",
    },
    Shape {
        kind: "AWS::Logs::ResourcePolicy",
        arn: "arn:aws:logs:{region}:{account}:log-group:*",
        actions: &["logs:CreateLogStream", "logs:PutLogEvents"],
        resource: "arn:aws:logs:{region}:{account}:log-group:/aws/vendedlogs/*",
        service: "delivery.logs.amazonaws.com",
    },
    Shape {
        kind: "AWS::ECR::PublicRepository",
        arn: "arn:aws:ecr-public::{account}:repository/{name}",
        actions: &[
            "ecr-public:PutImage",
            "ecr-public:InitiateLayerUpload",
            "ecr-public:UploadLayerPart",
            "ecr-public:CompleteLayerUpload",
        ],
        resource: "",
        service: "codebuild.amazonaws.com",
    },
    Shape {
        kind: "AWS::CloudTrail::EventDataStore",
        arn: "arn:aws:cloudtrail:{region}:{account}:eventdatastore/{id}",
        actions: &["cloudtrail:StartQuery", "cloudtrail:GetQueryResults"],
        resource: "{arn}",
        service: "cloudtrail.amazonaws.com",
    },
    Shape {
        kind: "AWS::CloudTrail::Dashboard",
        arn: "arn:aws:cloudtrail:{region}:{account}:dashboard/{name}",
        actions: &[
            "cloudtrail:StartDashboardRefresh",
            "cloudtrail:GetDashboard",
        ],
        resource: "",
        service: "cloudtrail.amazonaws.com",
    },
    Shape {
        kind: "AWS::CloudTrail::Channel",
        arn: "arn:aws:cloudtrail:{region}:{account}:channel/{id}",
        actions: &["cloudtrail-data:PutAuditEvents"],
        resource: "{arn}",
        service: "cloudtrail.amazonaws.com",
    },
    Shape {
        kind: "AWS::EventSchemas::Registry",
        arn: "arn:aws:schemas:{region}:{account}:registry/{name}",
        actions: &["schemas:DescribeSchema", "schemas:ExportSchema"],
        resource: "*",
        service: "events.amazonaws.com",
    },
    Shape {
        kind: "AWS::Oam::Sink",
        arn: "arn:aws:oam:{region}:{account}:sink/{id}",
        actions: &["oam:CreateLink", "oam:UpdateLink"],
        resource: "*",
        service: "monitoring.amazonaws.com",
    },
    Shape {
        kind: "AWS::MSK::Cluster",
        arn: "arn:aws:kafka:{region}:{account}:cluster/{name}/{id}-2",
        actions: &[
            "kafka:CreateVpcConnection",
            "kafka:GetBootstrapBrokers",
            "kafka:DescribeClusterV2",
        ],
        resource: "{arn}",
        service: "firehose.amazonaws.com",
    },
    Shape {
        kind: "AWS::MediaStore::Container",
        arn: "arn:aws:mediastore:{region}:{account}:container/{name}",
        actions: &["mediastore:GetObject", "mediastore:DescribeObject"],
        resource: "{arn}/*",
        service: "cloudfront.amazonaws.com",
    },
    Shape {
        kind: "AWS::ACMPCA::CertificateAuthority",
        arn: "arn:aws:acm-pca:{region}:{account}:certificate-authority/{id}",
        actions: &["acm-pca:IssueCertificate", "acm-pca:GetCertificate"],
        resource: "{arn}",
        service: "acm.amazonaws.com",
    },
    Shape {
        kind: "AWS::Lex::Bot",
        arn: "arn:aws:lex:{region}:{account}:bot/{id}",
        actions: &["lex:DescribeBot"],
        resource: "{arn}",
        service: "connect.amazonaws.com",
    },
    Shape {
        kind: "AWS::Lex::BotAlias",
        arn: "arn:aws:lex:{region}:{account}:bot-alias/{id}/TSTALIASID",
        actions: &["lex:RecognizeText", "lex:StartConversation"],
        resource: "{arn}",
        service: "connect.amazonaws.com",
    },
    Shape {
        kind: "AWS::SES::EmailIdentity",
        arn: "arn:aws:ses:{region}:{account}:identity/{name}.example.com",
        actions: &["ses:SendEmail", "ses:SendRawEmail"],
        resource: "{arn}",
        service: "cognito-idp.amazonaws.com",
    },
    Shape {
        kind: "AWS::VpcLattice::Service",
        arn: "arn:aws:vpc-lattice:{region}:{account}:service/svc-{id}",
        actions: &["vpc-lattice-svcs:Invoke"],
        resource: "{arn}/*",
        service: "lambda.amazonaws.com",
    },
    Shape {
        kind: "AWS::VpcLattice::ServiceNetwork",
        arn: "arn:aws:vpc-lattice:{region}:{account}:servicenetwork/sn-{id}",
        actions: &["vpc-lattice-svcs:Invoke"],
        resource: "*",
        service: "lambda.amazonaws.com",
    },
];

/// The types this module generates.
pub(super) fn kinds() -> impl Iterator<Item = &'static str> {
    SHAPES.iter().map(|shape| shape.kind)
}

/// A resource of `kind` (one of [`kinds`]), or `None` for other kinds.
pub(super) fn resource(rng: &mut Rng, o: &Owner, kind: &str) -> Option<Value> {
    let shape = SHAPES.iter().find(|shape| shape.kind == kind)?;
    let id = rng.hex(16);
    let fill = |text: &str| {
        text.replace("{region}", o.region)
            .replace("{account}", o.account)
            .replace("{name}", &o.name)
            .replace("{id}", &id)
    };
    let arn = fill(shape.arn);
    let resource = fill(&shape.resource.replace("{arn}", &arn));
    let statements = match rng.weighted(&[30, 25, 15, 10, 12, 8]) {
        0 => vec![statement(shape, &resource, json!("*"), Some(org_only()))],
        1 => vec![statement(
            shape,
            &resource,
            json!({"AWS": format!("arn:aws:iam::{}:root", rng.pick(&PARTNERS))}),
            None,
        )],
        2 => vec![statement(
            shape,
            &resource,
            json!({"Service": shape.service}),
            Some(json!({"StringEquals": {"aws:SourceAccount": o.account}})),
        )],
        3 => vec![statement(
            shape,
            &resource,
            json!({"Service": shape.service}),
            None,
        )],
        4 => vec![
            statement(
                shape,
                &resource,
                json!({"AWS": format!("arn:aws:iam::{}:role/app", o.account)}),
                None,
            ),
            statement(
                shape,
                &resource,
                json!("*"),
                Some(json!({"StringEquals": {"aws:PrincipalAccount": o.account}})),
            ),
        ],
        _ => vec![statement(shape, &resource, json!("*"), None)],
    };
    Some(json!({"arn": arn, "policy": {"Version": "2012-10-17", "Statement": statements}}))
}

fn org_only() -> Value {
    json!({"StringEquals": {"aws:PrincipalOrgID": ORG_ID}})
}

fn statement(shape: &Shape, resource: &str, principal: Value, condition: Option<Value>) -> Value {
    let mut statement = json!({"Effect": "Allow", "Principal": principal, "Action": shape.actions});
    if let Some(map) = statement.as_object_mut() {
        if !resource.is_empty() {
            map.insert("Resource".into(), json!(resource));
        }
        if let Some(condition) = condition {
            map.insert("Condition".into(), condition);
        }
    }
    statement
}
