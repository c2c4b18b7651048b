//! The catalogue of privilege-escalation techniques the audit searches.
//!
//! Each technique is a step: the requests it needs (each must be allowed
//! by the authorizer, which is the step's witness) and what the principal
//! has after it: more permissions of its own (a self step, decided by
//! authorizing again on the changed IAM model), or the permissions of
//! another principal (it becomes that principal: a user whose credentials
//! it creates, a role it assumes or passes to a compute service it
//! controls).
//!
//! Sources (the public catalogues these come from):
//! - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and
//!   Mitigation": <https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>
//! - Bishop Fox, iam-vulnerable: <https://github.com/BishopFox/iam-vulnerable>
//! - NCC Group, Principal Mapper (PMapper) edge checkers: <https://github.com/nccgroup/PMapper>
//! - Datadog, pathfinding.cloud: <https://pathfinding.cloud/>
//! - HackTricks Cloud, AWS privilege escalation: <https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-privilege-escalation/index.html>
//! - AWS, "Granting a user permissions to pass a role to an AWS service":
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html>

/// What a technique gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The principal changes its own permissions.
    SelfChange,
    /// The principal acts as another principal.
    Become,
}

/// One escalation technique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Technique {
    /// A stable id, e.g. `iam:CreatePolicyVersion`.
    pub id: &'static str,
    /// What it does, one sentence.
    pub description: &'static str,
    /// The actions it needs (the witnesses).
    pub actions: &'static [&'static str],
    /// What it gives.
    pub outcome: Outcome,
    /// For a pass-role technique: the service principals the role must trust.
    pub services: &'static [&'static str],
}

const fn own(
    id: &'static str,
    description: &'static str,
    actions: &'static [&'static str],
) -> Technique {
    Technique {
        id,
        description,
        actions,
        outcome: Outcome::SelfChange,
        services: &[],
    }
}

const fn become_(
    id: &'static str,
    description: &'static str,
    actions: &'static [&'static str],
    services: &'static [&'static str],
) -> Technique {
    Technique {
        id,
        description,
        actions,
        outcome: Outcome::Become,
        services,
    }
}

/// Every technique, in the order they are tried.
pub const TECHNIQUES: [Technique; 28] = [
    own(
        "iam:CreatePolicyVersion",
        "create a new default version of a customer managed policy attached to itself",
        &["iam:CreatePolicyVersion"],
    ),
    own(
        "iam:SetDefaultPolicyVersion",
        "make another, broader version of a policy attached to itself the default",
        &["iam:SetDefaultPolicyVersion"],
    ),
    own(
        "iam:AttachUserPolicy",
        "attach AdministratorAccess to itself (user)",
        &["iam:AttachUserPolicy"],
    ),
    own(
        "iam:AttachGroupPolicy",
        "attach AdministratorAccess to a group it belongs to",
        &["iam:AttachGroupPolicy"],
    ),
    own(
        "iam:AttachRolePolicy",
        "attach AdministratorAccess to its own role",
        &["iam:AttachRolePolicy"],
    ),
    own(
        "iam:PutUserPolicy",
        "write an inline policy on itself (user)",
        &["iam:PutUserPolicy"],
    ),
    own(
        "iam:PutGroupPolicy",
        "write an inline policy on a group it belongs to",
        &["iam:PutGroupPolicy"],
    ),
    own(
        "iam:PutRolePolicy",
        "write an inline policy on its own role",
        &["iam:PutRolePolicy"],
    ),
    own(
        "iam:AddUserToGroup",
        "add itself to a more powerful group",
        &["iam:AddUserToGroup"],
    ),
    own(
        "iam:DeleteUserPermissionsBoundary",
        "remove its own permissions boundary (user)",
        &["iam:DeleteUserPermissionsBoundary"],
    ),
    own(
        "iam:DeleteRolePermissionsBoundary",
        "remove its own permissions boundary (role)",
        &["iam:DeleteRolePermissionsBoundary"],
    ),
    own(
        "iam:PutUserPermissionsBoundary",
        "replace its own permissions boundary with a permissive one (user)",
        &["iam:PutUserPermissionsBoundary"],
    ),
    own(
        "iam:PutRolePermissionsBoundary",
        "replace its own permissions boundary with a permissive one (role)",
        &["iam:PutRolePermissionsBoundary"],
    ),
    become_(
        "iam:CreateAccessKey",
        "create an access key for another user and act as that user",
        &["iam:CreateAccessKey"],
        &[],
    ),
    become_(
        "iam:CreateLoginProfile",
        "give another user (without a console password) a password and sign in as that user",
        &["iam:CreateLoginProfile"],
        &[],
    ),
    become_(
        "iam:UpdateLoginProfile",
        "change another user's console password and sign in as that user",
        &["iam:UpdateLoginProfile"],
        &[],
    ),
    become_(
        "iam:UpdateAssumeRolePolicy+sts:AssumeRole",
        "rewrite a role's trust policy to trust itself, then assume the role",
        &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        &[],
    ),
    become_(
        "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction",
        "create a Lambda function with the role and invoke it",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        &["lambda.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping",
        "create a Lambda function with the role and trigger it from an event source",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        &["lambda.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+ec2:RunInstances",
        "launch an EC2 instance with the role's instance profile and read its credentials",
        &["iam:PassRole", "ec2:RunInstances"],
        &["ec2.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+ecs:RegisterTaskDefinition+ecs:RunTask",
        "run an ECS task whose task role is the role",
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        &["ecs-tasks.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+glue:CreateDevEndpoint",
        "create a Glue development endpoint with the role and log in to it",
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        &["glue.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+glue:CreateJob+glue:StartJobRun",
        "create and run a Glue job with the role",
        &["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"],
        &["glue.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+cloudformation:CreateStack",
        "create a CloudFormation stack that runs with the role",
        &["iam:PassRole", "cloudformation:CreateStack"],
        &["cloudformation.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+sagemaker:CreateNotebookInstance",
        "create a SageMaker notebook with the role and open it",
        &[
            "iam:PassRole",
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl",
        ],
        &["sagemaker.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+sagemaker:CreateTrainingJob",
        "run a SageMaker training job with the role",
        &["iam:PassRole", "sagemaker:CreateTrainingJob"],
        &["sagemaker.amazonaws.com"],
    ),
    become_(
        "iam:PassRole+datapipeline:CreatePipeline",
        "create and activate a Data Pipeline that runs with the role",
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
            "datapipeline:ActivatePipeline",
        ],
        &[
            "datapipeline.amazonaws.com",
            "elasticmapreduce.amazonaws.com",
        ],
    ),
    become_(
        "iam:PassRole+codebuild:CreateProject+codebuild:StartBuild",
        "create and start a CodeBuild project that runs with the role",
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        &["codebuild.amazonaws.com"],
    ),
];

/// `sts:AssumeRole` as a step of a path: not an escalation on its own
/// (the role's trust policy grants it on purpose), but a path may go
/// through it.
pub const ASSUME_ROLE: &str = "sts:AssumeRole";

/// The technique with this id.
pub fn technique(id: &str) -> Option<&'static Technique> {
    TECHNIQUES.iter().find(|t| t.id == id)
}

/// The resource ARN a created compute resource of `action` gets in the
/// witness request, in `account` and `region`.
pub fn created_resource(action: &str, account: &str, region: &str) -> String {
    let name = "zoneproof-escalation";
    match action {
        "lambda:CreateFunction" | "lambda:InvokeFunction" => {
            format!("arn:aws:lambda:{region}:{account}:function:{name}")
        }
        "ec2:RunInstances" => format!("arn:aws:ec2:{region}:{account}:instance/*"),
        "ecs:RunTask" => format!("arn:aws:ecs:{region}:{account}:task-definition/{name}:1"),
        "glue:CreateDevEndpoint" => format!("arn:aws:glue:{region}:{account}:devEndpoint/{name}"),
        "glue:CreateJob" | "glue:StartJobRun" => {
            format!("arn:aws:glue:{region}:{account}:job/{name}")
        }
        "cloudformation:CreateStack" => {
            format!("arn:aws:cloudformation:{region}:{account}:stack/{name}/*")
        }
        "sagemaker:CreateNotebookInstance" | "sagemaker:CreatePresignedNotebookInstanceUrl" => {
            format!("arn:aws:sagemaker:{region}:{account}:notebook-instance/{name}")
        }
        "sagemaker:CreateTrainingJob" => {
            format!("arn:aws:sagemaker:{region}:{account}:training-job/{name}")
        }
        "datapipeline:PutPipelineDefinition" | "datapipeline:ActivatePipeline" => {
            format!("arn:aws:datapipeline:{region}:{account}:pipeline/df-zoneproof")
        }
        "codebuild:CreateProject" | "codebuild:StartBuild" => {
            format!("arn:aws:codebuild:{region}:{account}:project/{name}")
        }
        // ecs:RegisterTaskDefinition, lambda:CreateEventSourceMapping,
        // datapipeline:CreatePipeline take no resource ARN.
        _ => "*".to_string(),
    }
}
