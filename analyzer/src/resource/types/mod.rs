//! The registry: every resource type zoneproof knows, one file each.
//!
//! Adding a type is one file (a module doc that cites its sources, and
//! `pub(super) const TYPE: TypeDef`) plus one line in the table below; the
//! registry tests then check its ARN forms and actions against the IAM
//! catalog, its example, and its input mappings.

use super::definition::TypeDef;
use super::generic::GenericType;

macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        $(mod $module;)*

        /// A resource type with a resource policy or sharing settings: one
        /// that zoneproof knows (its file under `resource/types/` says
        /// everything about it), or a generic one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ResourceType {
            $($(#[$doc])* $variant,)*
            /// A type zoneproof does not know, analysed over every action
            /// of its ARN's service.
            Generic(GenericType),
        }

        /// Every known type, in the table's order.
        pub(super) const KNOWN: &[ResourceType] = &[$(ResourceType::$variant),*];

        impl ResourceType {
            /// Everything zoneproof knows about this type; `None` for a
            /// generic type.
            pub fn definition(self) -> Option<&'static TypeDef> {
                match self {
                    $(ResourceType::$variant => Some(&$module::TYPE),)*
                    ResourceType::Generic(_) => None,
                }
            }
        }
    };
}

registry! {
    /// `AWS::S3::Bucket`: bucket policy, ACL, Block Public Access.
    S3Bucket => s3_bucket,
    /// `AWS::S3Express::DirectoryBucket`: directory bucket policy.
    S3ExpressDirectoryBucket => s3express_directory_bucket,
    /// `AWS::IAM::Role`: role trust policy.
    IamRole => iam_role,
    /// `AWS::KMS::Key`: key policy and grants.
    KmsKey => kms_key,
    /// `AWS::Lambda::Function`: function policy (permissions).
    LambdaFunction => lambda_function,
    /// `AWS::Lambda::LayerVersion`: layer version policy.
    LambdaLayerVersion => lambda_layer_version,
    /// `AWS::SQS::Queue`: queue policy.
    SqsQueue => sqs_queue,
    /// `AWS::SNS::Topic`: topic policy.
    SnsTopic => sns_topic,
    /// `AWS::SecretsManager::Secret`: secret resource policy.
    SecretsManagerSecret => secretsmanager_secret,
    /// `AWS::ECR::Repository`: repository policy.
    EcrRepository => ecr_repository,
    /// `AWS::EFS::FileSystem`: file system policy.
    EfsFileSystem => efs_file_system,
    /// `AWS::DynamoDB::Table`: table resource policy.
    DynamoDbTable => dynamodb_table,
    /// `AWS::DynamoDB::Stream`: stream resource policy.
    DynamoDbStream => dynamodb_stream,
    /// `AWS::EC2::Snapshot`: snapshot sharing.
    Ec2Snapshot => ec2_snapshot,
    /// `AWS::RDS::DBSnapshot`: snapshot sharing.
    RdsDbSnapshot => rds_db_snapshot,
    /// `AWS::RDS::DBClusterSnapshot`: cluster snapshot sharing.
    RdsDbClusterSnapshot => rds_db_cluster_snapshot,
    /// `AWS::S3::AccessPoint`: access point policy.
    S3AccessPoint => s3_access_point,
    /// `AWS::S3::MultiRegionAccessPoint`: Multi-Region Access Point policy.
    S3MultiRegionAccessPoint => s3_multi_region_access_point,
    /// `AWS::S3ObjectLambda::AccessPoint`: Object Lambda access point policy.
    S3ObjectLambdaAccessPoint => s3objectlambda_access_point,
    /// `AWS::S3Express::AccessPoint`: directory bucket access point policy.
    S3ExpressAccessPoint => s3express_access_point,
    /// `AWS::S3Tables::TableBucket`: table bucket policy.
    S3TablesTableBucket => s3tables_table_bucket,
    /// `AWS::S3Tables::Table`: table policy.
    S3TablesTable => s3tables_table,
    /// `AWS::S3Outposts::Bucket`: Outposts bucket policy.
    S3OutpostsBucket => s3outposts_bucket,
    /// `AWS::S3Outposts::AccessPoint`: Outposts access point policy.
    S3OutpostsAccessPoint => s3outposts_access_point,
    /// `AWS::Glacier::Vault`: vault access policy and Vault Lock policy.
    GlacierVault => glacier_vault,
    /// `AWS::OpenSearchService::Domain`: domain access policy.
    OpenSearchDomain => opensearch_domain,
    /// `AWS::Elasticsearch::Domain`: domain access policy.
    ElasticsearchDomain => elasticsearch_domain,
    /// `AWS::Events::EventBus`: event bus policy.
    EventsEventBus => events_event_bus,
    /// `AWS::Backup::BackupVault`: backup vault access policy.
    BackupVault => backup_vault,
    /// `AWS::CodeArtifact::Domain`: domain permissions policy.
    CodeArtifactDomain => codeartifact_domain,
    /// `AWS::CodeArtifact::Repository`: repository permissions policy.
    CodeArtifactRepository => codeartifact_repository,
    /// `AWS::ApiGateway::RestApi`: REST API resource policy.
    ApiGatewayRestApi => apigateway_rest_api,
    /// `AWS::Kinesis::Stream`: data stream resource policy.
    KinesisStream => kinesis_stream,
    /// `AWS::Kinesis::StreamConsumer`: stream consumer resource policy.
    KinesisStreamConsumer => kinesis_stream_consumer,
    /// `AWS::Glue::DataCatalog`: Data Catalog resource policy.
    GlueDataCatalog => glue_data_catalog,
    /// `AWS::Logs::Destination`: destination access policy.
    LogsDestination => logs_destination,
    /// `AWS::Logs::ResourcePolicy`: CloudWatch Logs resource policy.
    LogsResourcePolicy => logs_resource_policy,
    /// `AWS::ECR::PublicRepository`: public repository policy.
    EcrPublicRepository => ecr_public_repository,
    /// `AWS::CloudTrail::EventDataStore`: event data store resource policy.
    CloudTrailEventDataStore => cloudtrail_event_data_store,
    /// `AWS::CloudTrail::Dashboard`: dashboard resource policy.
    CloudTrailDashboard => cloudtrail_dashboard,
    /// `AWS::CloudTrail::Channel`: channel resource policy.
    CloudTrailChannel => cloudtrail_channel,
    /// `AWS::EventSchemas::Registry`: schema registry policy.
    EventSchemasRegistry => eventschemas_registry,
    /// `AWS::Oam::Sink`: observability sink policy.
    OamSink => oam_sink,
    /// `AWS::MSK::Cluster`: cluster policy.
    MskCluster => msk_cluster,
    /// `AWS::MediaStore::Container`: container policy.
    MediaStoreContainer => mediastore_container,
    /// `AWS::ACMPCA::CertificateAuthority`: CA resource policy.
    AcmPcaCertificateAuthority => acmpca_certificate_authority,
    /// `AWS::Lex::Bot`: bot resource policy.
    LexBot => lex_bot,
    /// `AWS::Lex::BotAlias`: bot alias resource policy.
    LexBotAlias => lex_bot_alias,
    /// `AWS::SES::EmailIdentity`: sending authorization policy.
    SesEmailIdentity => ses_email_identity,
    /// `AWS::VpcLattice::Service`: auth policy.
    VpcLatticeService => vpclattice_service,
    /// `AWS::VpcLattice::ServiceNetwork`: auth policy.
    VpcLatticeServiceNetwork => vpclattice_service_network,
}
