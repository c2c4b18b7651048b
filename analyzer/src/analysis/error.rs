//! Why the analysis of one resource failed or could not decide: the typed
//! form of a result's `error`, so callers (the Python package, the fuzz
//! oracles) tell the cases apart without reading the message.

use crate::encode::EncodeError;
use crate::finding::ResultStatus;
use crate::limits::LimitExceeded;
use crate::policy::PolicyError;
use crate::question::resource_controls::ControlsError;
use crate::question::QuestionError;
use crate::resource::ArnError;
use crate::zone::ZoneError;

/// Why one resource's analysis ended without a complete answer. Its
/// message is the result's `error`; [`AnalysisError::status`] is the
/// result's status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    /// The zone of trust has a malformed id.
    #[error(transparent)]
    Zone(#[from] ZoneError),
    /// The resource ARN does not fit its type.
    #[error(transparent)]
    Arn(#[from] ArnError),
    /// A type without a resource policy was given no sharing attributes.
    #[error("{resource_type} has no resource policy: give its sharing attributes")]
    MissingSharing {
        /// The resource type's name.
        resource_type: String,
    },
    /// A role was given no trust policy.
    #[error("a role needs its trust policy")]
    MissingTrustPolicy,
    /// The policy does not follow the IAM grammar, or is not allowed as a
    /// resource or trust policy: the JSON path and what is wrong.
    #[error("invalid policy: {0}")]
    InvalidPolicy(PolicyError),
    /// A bound of the analysis was reached (`unknown`).
    #[error(transparent)]
    Limit(#[from] LimitExceeded),
    /// The policy is valid but uses something the analysis cannot decide
    /// exactly (`unknown`, never "no access").
    #[error("{0}")]
    Unsupported(String),
    /// The policy could not be encoded (a bug).
    #[error(transparent)]
    Encode(EncodeError),
    /// The question's enumeration or witness re-check failed (a
    /// `model invalid` is a bug of the encoder).
    #[error(transparent)]
    Question(#[from] QuestionError),
    /// The zone names another organization than the organization export
    /// that holds the resource's account.
    #[error(
        "the zone's organization {zone_org} is not the organization export's {export_org} of \
         account {account}"
    )]
    OrganizationMismatch {
        /// The zone's organization id.
        zone_org: String,
        /// The organization export's id.
        export_org: String,
        /// The resource owner's account.
        account: String,
    },
    /// The organization's resource control policies cannot be applied.
    #[error(transparent)]
    Controls(#[from] ControlsError),
    /// An access setting beside the policy (ACL, Block Public Access, KMS
    /// grants, sharing attributes) is malformed: what and where.
    #[error("{0}")]
    InvalidSetting(String),
    /// The analysis panicked (a bug); the panic's message.
    #[error("internal error (a bug, please report it): {0}")]
    Internal(String),
}

impl AnalysisError {
    /// The status of a result that ends with this error: `unknown` when
    /// the question is undecided (a bound, an unsupported construct, a
    /// solver that stopped), `error` for bad input and bugs.
    pub fn status(&self) -> ResultStatus {
        match self {
            AnalysisError::Limit(_) | AnalysisError::Unsupported(_) => ResultStatus::Unknown,
            _ => ResultStatus::Error,
        }
    }

    /// Whether the error is a bug of zoneproof rather than a property of
    /// the input: a panic, or a witness the concrete evaluator rejects.
    pub fn is_bug(&self) -> bool {
        matches!(
            self,
            AnalysisError::Internal(_) | AnalysisError::Question(QuestionError::ModelInvalid(_))
        )
    }
}

impl From<EncodeError> for AnalysisError {
    /// An unsupported construct is undecided, an invalid value is an
    /// invalid policy (with its JSON path), anything else a bug.
    fn from(error: EncodeError) -> Self {
        match error {
            EncodeError::Unsupported(reason) => AnalysisError::Unsupported(reason),
            EncodeError::Invalid { path, message } => {
                AnalysisError::InvalidPolicy(PolicyError { path, message })
            }
            other => AnalysisError::Encode(other),
        }
    }
}

/// Why [`super::check_witnesses_with_oracle`] rejected a run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OracleError {
    /// The question could not be built or run to its end (not a mismatch).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// The oracle could not encode the policy.
    #[error("oracle: encoding: {0}")]
    Encode(EncodeError),
    /// A witness on which the encoder and the evaluator disagree (a bug).
    #[error("oracle mismatch: {what} on {request}")]
    Mismatch {
        /// What disagrees.
        what: String,
        /// The request.
        request: String,
    },
}

impl OracleError {
    /// Whether the oracle itself failed (a mismatch or an encoding the
    /// oracle cannot make), rather than the run it checks.
    pub fn is_oracle_failure(&self) -> bool {
        !matches!(self, OracleError::Analysis(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{
        analyze_detailed, AnalysisOptions, Extras, PolicyDocument, ResourceSpec,
    };
    use crate::resource::ResourceType;
    use crate::zone::Zone;

    fn spec(resource_type: ResourceType, arn: &str, policy: Option<&str>) -> ResourceSpec {
        ResourceSpec {
            resource_type,
            arn: arn.to_string(),
            zone: Zone::account("111122223333"),
            policy: policy.map(|p| PolicyDocument::Text(p.to_string())),
            extras: Extras::default(),
        }
    }

    #[test]
    fn a_trust_policy_with_not_principal_is_an_invalid_policy_with_its_path() {
        let analyzed = analyze_detailed(
            &spec(
                ResourceType::IamRole,
                "arn:aws:iam::111122223333:role/r",
                Some(
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                    "NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},
                    "Action":"sts:AssumeRole"}]}"#,
                ),
            ),
            &AnalysisOptions::default(),
        );
        let Some(AnalysisError::InvalidPolicy(error)) = &analyzed.failure else {
            panic!("{:?}", analyzed.failure);
        };
        assert_eq!(error.path, "Statement[0]");
        assert_eq!(error.message, "a role trust policy cannot use NotPrincipal");
        // The result's message is the error's, byte for byte.
        assert_eq!(
            analyzed.result.error.as_deref(),
            Some("invalid policy: Statement[0]: a role trust policy cannot use NotPrincipal")
        );
        assert_eq!(analyzed.result.status, ResultStatus::Error);
    }

    #[test]
    fn a_policy_over_the_size_limit_is_unknown_not_an_error() {
        let mut options = AnalysisOptions::default();
        options.limits.max_policy_bytes = 10;
        let analyzed = analyze_detailed(
            &spec(
                ResourceType::S3Bucket,
                "arn:aws:s3:::b",
                Some(r#"{"Statement":[]}"#),
            ),
            &options,
        );
        assert!(matches!(
            analyzed.failure,
            Some(AnalysisError::Limit(LimitExceeded::PolicyBytes {
                bytes: 16,
                max: 10
            }))
        ));
        assert_eq!(analyzed.result.status, ResultStatus::Unknown);
        assert_eq!(
            analyzed.result.error.as_deref(),
            Some("the policy is 16 bytes, over the limit of 10 (--max-policy-bytes)")
        );
    }

    #[test]
    fn a_complete_analysis_has_no_failure() {
        let analyzed = analyze_detailed(
            &spec(ResourceType::S3Bucket, "arn:aws:s3:::b", None),
            &AnalysisOptions::default(),
        );
        assert_eq!(analyzed.failure, None);
        assert_eq!(analyzed.result.status, ResultStatus::Analyzed);
    }

    #[test]
    fn only_panics_and_rejected_witnesses_are_bugs() {
        assert!(AnalysisError::Internal("boom".into()).is_bug());
        assert!(!AnalysisError::MissingTrustPolicy.is_bug());
        assert!(!AnalysisError::Unsupported("x".into()).is_bug());
        assert_eq!(
            AnalysisError::Unsupported("x".into()).status(),
            ResultStatus::Unknown
        );
    }
}
