//! What a check is, what it is given, and how it reports.
//!
//! A check is a [`Check`] constant in its own module under `checks/`,
//! declared with the `check!` macro: its issue code and finding type as
//! Access Analyzer names them, the policy types it applies to, the function
//! that runs it, and its documentation (the doc comment, which the macro
//! also keeps as [`Check::explanation`] for `--explain`-style help and
//! SARIF rules). The runner gives each check a [`Context`] (the parsed
//! policy, its type, the resource type, the catalog) and a [`Report`] to
//! add findings to.
//!
//! Checks that need the solver (a statement that can never match, an
//! `Allow` a `Deny` overrides, a statement the others already grant, a
//! `Deny` that denies nothing) are ordinary check modules too: they read
//! [`Context::parsed`] — the policy as the analysis reads it, present when
//! the policy follows the grammar — and, once the engine exposes `allows`
//! and `denies` per statement over one symbolic request, a context field
//! holding that engine, which the runner builds only when such a check
//! applies.

use crate::catalog::Catalog;
use crate::policy::Policy;

use super::document::{PolicyView, Statement};
use super::finding::{FindingType, Location, ValidationFinding};
use super::policy_type::{PolicyType, ResourceKind};
use super::support::proofs::{ProofCache, Proofs};

/// The reference page of Access Analyzer's policy checks.
pub const REFERENCE_PAGE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

/// One check.
#[derive(Debug)]
pub struct Check {
    /// Access Analyzer's issue code, e.g. `MISSING_ACTION`.
    pub code: &'static str,
    /// How serious its findings are.
    pub finding_type: FindingType,
    /// The title of the check on the reference page, e.g. `Missing action`.
    pub title: &'static str,
    /// The policy types it applies to.
    pub policy_types: &'static [PolicyType],
    /// Its documentation: what it finds, why it matters, how to fix it.
    pub explanation: &'static str,
    /// Its documentation page when it is not a section of the reference
    /// page.
    pub link: Option<&'static str>,
    /// Runs the check.
    pub run: fn(&Context<'_>, &mut Report<'_>),
}

impl Check {
    /// The documentation link findings carry (`learnMoreLink`): the
    /// check's section of the reference page, e.g.
    /// `...policy-checks.html#access-analyzer-reference-policy-checks-error-missing-action`.
    pub fn learn_more_link(&self) -> String {
        match self.link {
            Some(link) => link.to_owned(),
            None => format!(
                "{REFERENCE_PAGE}#access-analyzer-reference-policy-checks-{}-{}",
                self.finding_type.anchor_word(),
                self.code.to_ascii_lowercase().replace('_', "-")
            ),
        }
    }

    /// Whether the check is one of the reference page's.
    pub fn is_from_reference_page(&self) -> bool {
        self.link.is_none()
    }

    /// The first sentence of "What it finds", for one-line listings.
    pub fn summary(&self) -> String {
        let mut lines = self.explanation.lines().map(str::trim);
        let mut text = String::new();
        for line in lines.by_ref() {
            if line.starts_with("## What it finds") {
                break;
            }
        }
        for line in lines {
            if line.is_empty() || line.starts_with("##") {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(line);
        }
        match text.find(". ") {
            Some(end) => text.get(..=end).unwrap_or(&text).to_owned(),
            None => text,
        }
    }

    /// The explanation with the doc-comment indentation removed.
    pub fn help_text(&self) -> String {
        self.explanation
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// Whether the check applies to a policy type.
    pub fn applies_to(&self, policy_type: PolicyType) -> bool {
        self.policy_types.contains(&policy_type)
    }
}

/// Every policy type.
pub const ALL_TYPES: &[PolicyType] = &PolicyType::ALL;
/// Policies with a `Principal`: resource, trust and resource control
/// policies.
pub const PRINCIPAL_TYPES: &[PolicyType] =
    &[PolicyType::Resource, PolicyType::Trust, PolicyType::Rcp];
/// Resource-based policies (resource and trust).
pub const RESOURCE_TYPES: &[PolicyType] = &[PolicyType::Resource, PolicyType::Trust];
/// Role trust policies.
pub const TRUST_ONLY: &[PolicyType] = &[PolicyType::Trust];
/// Service control policies.
pub const SCP_ONLY: &[PolicyType] = &[PolicyType::Scp];
/// Resource control policies.
pub const RCP_ONLY: &[PolicyType] = &[PolicyType::Rcp];
/// Identity-based policies.
pub const IDENTITY_ONLY: &[PolicyType] = &[PolicyType::Identity];

/// What a check is given.
#[derive(Debug)]
pub struct Context<'a> {
    /// The policy.
    pub policy: &'a PolicyView<'a>,
    /// Its type.
    pub policy_type: PolicyType,
    /// The resource type it is attached to, when known (always the role
    /// trust policy type for trust policies).
    pub resource_kind: Option<&'static ResourceKind>,
    /// The IAM catalog.
    pub catalog: &'a Catalog,
    /// The policy text as given.
    pub text: &'a str,
    /// The policy as the analysis reads it (`crate::policy::parse_policy`),
    /// when it follows the grammar; `None` when it does not (the grammar
    /// checks report why).
    pub parsed: Option<&'a Policy>,
    /// What the solver proves about the statements, computed on first use
    /// by the checks that need it.
    pub proofs: ProofCache,
}

impl<'a> Context<'a> {
    /// The statements.
    pub fn statements(&self) -> &[Statement<'a>] {
        &self.policy.statements
    }

    /// What the solver proves about the statements (see
    /// [`super::support::proofs`]), or `None` when it proves nothing here.
    pub fn solver_proofs(&self) -> Option<&Proofs> {
        self.proofs.get(self)
    }

    /// The location of the statement at `index` (0-based).
    pub fn statement_location(&self, index: usize) -> Option<Location> {
        self.statements()
            .iter()
            .find(|s| s.view.index == index)
            .map(|s| s.view.location())
    }
}

/// Where a check adds its findings.
#[derive(Debug)]
pub struct Report<'r> {
    check: &'static Check,
    findings: &'r mut Vec<ValidationFinding>,
}

impl<'r> Report<'r> {
    /// A report for `check` that appends to `findings`.
    pub fn new(check: &'static Check, findings: &'r mut Vec<ValidationFinding>) -> Report<'r> {
        Report { check, findings }
    }

    /// Adds a finding about one element.
    pub fn add(&mut self, details: impl Into<String>, location: Location) {
        self.add_at(details, vec![location]);
    }

    /// Adds a finding about several elements.
    pub fn add_at(&mut self, details: impl Into<String>, locations: Vec<Location>) {
        self.findings.push(ValidationFinding {
            finding_type: self.check.finding_type,
            issue_code: self.check.code,
            finding_details: details.into(),
            learn_more_link: self.check.learn_more_link(),
            locations,
        });
    }
}

/// Declares a module's check: `CHECK`, with the doc comment as its
/// documentation.
macro_rules! check {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal,
        finding_type: $finding_type:ident,
        title: $title:literal,
        policy_types: $policy_types:expr,
        run: $run:path
        $(, link: $link:literal)?
        $(,)?
    ) => {
        $(#[doc = $doc])*
        pub(crate) const CHECK: $crate::validate::check::Check = $crate::validate::check::Check {
            code: $code,
            finding_type: $crate::validate::FindingType::$finding_type,
            title: $title,
            policy_types: $policy_types,
            explanation: concat!($($doc, "\n"),*),
            link: $crate::validate::check::check!(@link $($link)?),
            run: $run,
        };
    };
    (@link) => {
        None
    };
    (@link $link:literal) => {
        Some($link)
    };
}

pub(crate) use check;

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the tests beside each check.

    use super::Check;
    use crate::validate::{validate_policy, PolicyType, ValidateOptions, ValidationFinding};

    /// The findings of `check` for a policy.
    pub(crate) fn findings_of(
        check: &Check,
        policy_type: PolicyType,
        resource_type: Option<&str>,
        policy: &str,
    ) -> Vec<ValidationFinding> {
        let options = ValidateOptions {
            policy_type,
            resource_type: resource_type.map(str::to_owned),
        };
        validate_policy(policy, &options)
            .unwrap_or_else(|error| panic!("validate failed: {error}"))
            .into_iter()
            .filter(|finding| finding.issue_code == check.code)
            .collect()
    }

    /// Asserts that `check` reports on `triggers` and not on `clean` (a
    /// near-identical policy), both validated as `policy_type`; returns
    /// the findings on `triggers`.
    pub(crate) fn assert_flags(
        check: &Check,
        policy_type: PolicyType,
        triggers: &str,
        clean: &str,
    ) -> Vec<ValidationFinding> {
        assert_flags_for(check, policy_type, None, triggers, clean)
    }

    /// [`assert_flags`] with a resource type.
    pub(crate) fn assert_flags_for(
        check: &Check,
        policy_type: PolicyType,
        resource_type: Option<&str>,
        triggers: &str,
        clean: &str,
    ) -> Vec<ValidationFinding> {
        let found = findings_of(check, policy_type, resource_type, triggers);
        assert!(
            !found.is_empty(),
            "{} did not report on:\n{triggers}",
            check.code
        );
        for finding in &found {
            assert_eq!(finding.finding_type, check.finding_type);
            assert!(
                !finding.locations.is_empty(),
                "{} without a location",
                check.code
            );
        }
        let quiet = findings_of(check, policy_type, resource_type, clean);
        assert!(
            quiet.is_empty(),
            "{} reported on the clean policy:\n{clean}\n{quiet:#?}",
            check.code
        );
        found
    }
}
