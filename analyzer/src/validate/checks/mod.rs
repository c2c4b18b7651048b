//! The registry: every check, one module each.
//!
//! Each module declares its `CHECK` with the `check!` macro and its
//! documentation (what it finds, why it matters, how to fix it), and keeps
//! its tests beside it: a policy that triggers it and a near-identical one
//! that does not. To add a check, add its module here and to [`ALL`].

use super::check::Check;

pub(super) mod allow_notaction_with_unsupported_tag_condition_key_for_service;
pub(super) mod allow_overridden_by_deny;
pub(super) mod allow_with_not_principal;
pub(super) mod allow_with_unsupported_tag_condition_key_for_service;
pub(super) mod arn_account_not_allowed;
pub(super) mod arn_region_not_allowed;
pub(super) mod confirm_audience_claim_type;
pub(super) mod create_slr_with_not_action_and_not_resource;
pub(super) mod create_slr_with_not_resource;
pub(super) mod create_slr_with_star_in_action_and_not_resource;
pub(super) mod create_slr_with_star_in_action_and_resource;
pub(super) mod create_slr_with_star_in_resource;
pub(super) mod create_slr_with_star_in_resource_and_not_action;
pub(super) mod data_type_mismatch;
pub(super) mod deny_notaction_with_unsupported_tag_condition_key_for_service;
pub(super) mod deny_with_unsupported_tag_condition_key_for_service;
pub(super) mod deny_without_effect;
pub(super) mod deprecated_global_condition_key;
pub(super) mod duplicate_keys_with_different_case;
pub(super) mod empty_array_action;
pub(super) mod empty_array_condition;
pub(super) mod empty_array_condition_forallvalues;
pub(super) mod empty_array_condition_foranyvalue;
pub(super) mod empty_array_condition_ifexists;
pub(super) mod empty_array_principal;
pub(super) mod empty_array_resource;
pub(super) mod empty_object_condition;
pub(super) mod empty_object_principal;
pub(super) mod empty_sid_value;
pub(super) mod empty_variable;
pub(super) mod federated_principal_not_supported;
pub(super) mod forallvalues_with_single_valued_key;
pub(super) mod improve_ip_range;
pub(super) mod invalid_action;
pub(super) mod invalid_arn_account;
pub(super) mod invalid_arn_prefix;
pub(super) mod invalid_arn_region;
pub(super) mod invalid_arn_resource;
pub(super) mod invalid_arn_service_case;
pub(super) mod invalid_condition_data_type;
pub(super) mod invalid_condition_key_format;
pub(super) mod invalid_condition_multiple_boolean;
pub(super) mod invalid_condition_operator;
pub(super) mod invalid_date_value;
pub(super) mod invalid_effect;
pub(super) mod invalid_federated_principal_syntax_in_role_trust_policy;
pub(super) mod invalid_global_condition_key;
pub(super) mod invalid_partition;
pub(super) mod invalid_policy_element;
pub(super) mod invalid_principal_format;
pub(super) mod invalid_principal_key;
pub(super) mod invalid_region;
pub(super) mod invalid_role_reference;
pub(super) mod invalid_service;
pub(super) mod invalid_service_condition_key;
pub(super) mod invalid_service_in_action;
pub(super) mod invalid_service_principal_format;
pub(super) mod invalid_user_reference;
pub(super) mod invalid_variable_for_operator;
pub(super) mod invalid_version;
pub(super) mod invalid_vpc_format;
pub(super) mod invalid_vpce_format;
pub(super) mod irrelevant_condition_key_in_policy;
pub(super) mod json_syntax_error;
pub(super) mod mismatched_action_for_principal;
pub(super) mod missing_action;
pub(super) mod missing_action_for_condition_key;
pub(super) mod missing_action_for_roles_anywhere_trust_policy;
pub(super) mod missing_arn_field;
pub(super) mod missing_arn_region;
pub(super) mod missing_brace_in_variable;
pub(super) mod missing_condition_key_for_oidc_principal;
pub(super) mod missing_effect;
pub(super) mod missing_github_repo_condition_key;
pub(super) mod missing_paired_condition_keys;
pub(super) mod missing_principal;
pub(super) mod missing_qualifier;
pub(super) mod missing_quote_in_variable;
pub(super) mod missing_resource;
pub(super) mod missing_statement;
pub(super) mod missing_tag_key_in_condition;
pub(super) mod missing_version;
pub(super) mod null_with_if_exists;
pub(super) mod null_with_qualifier;
pub(super) mod pass_role_with_not_action_and_not_resource;
pub(super) mod pass_role_with_not_resource;
pub(super) mod pass_role_with_star_in_action_and_not_resource;
pub(super) mod pass_role_with_star_in_action_and_resource;
pub(super) mod pass_role_with_star_in_resource;
pub(super) mod pass_role_with_star_in_resource_and_not_action;
pub(super) mod policy_size_exceeds_identity_policy_quota;
pub(super) mod policy_size_exceeds_resource_policy_quota;
pub(super) mod policy_size_exceeds_role_trust_policy_quota;
pub(super) mod policy_size_exceeds_scp_quota;
pub(super) mod private_ip_address;
pub(super) mod private_ip_address_subset;
pub(super) mod private_not_ip_address;
pub(super) mod private_not_ip_address_subset;
pub(super) mod rcp_syntax_error_action_wildcard;
pub(super) mod rcp_syntax_error_allow;
pub(super) mod rcp_syntax_error_notaction;
pub(super) mod rcp_syntax_error_notprincipal;
pub(super) mod rcp_syntax_error_principal;
pub(super) mod rcp_unsupported_service;
pub(super) mod recommended_condition_key_for_service_principal;
pub(super) mod redundant_action;
pub(super) mod redundant_condition_value_num;
pub(super) mod redundant_principal_in_role_trust_policy;
pub(super) mod redundant_resource;
pub(super) mod redundant_statement;
pub(super) mod restrict_access_to_service_principal;
pub(super) mod role_trust_policy_syntax_error_notprincipal;
pub(super) mod role_trust_policy_syntax_error_resource;
pub(super) mod role_trust_policy_unsupported_wildcard_in_principal;
pub(super) mod scp_syntax_error_action_wildcard;
pub(super) mod scp_syntax_error_allow_condition;
pub(super) mod scp_syntax_error_allow_notaction;
pub(super) mod scp_syntax_error_allow_resource;
pub(super) mod scp_syntax_error_notresource;
pub(super) mod scp_syntax_error_principal;
pub(super) mod specific_github_repo_and_branch_recommended;
pub(super) mod statement_implied_by_others;
pub(super) mod statement_never_matches;
pub(super) mod type_mismatch;
pub(super) mod type_mismatch_boolean;
pub(super) mod type_mismatch_date;
pub(super) mod type_mismatch_ip_range;
pub(super) mod type_mismatch_number;
pub(super) mod type_mismatch_string;
pub(super) mod unique_sids_recommended;
pub(super) mod unique_sids_required;
pub(super) mod unsupported_action_for_condition_key;
pub(super) mod unsupported_action_in_policy;
pub(super) mod unsupported_condition_key_for_service_principal;
pub(super) mod unsupported_element_combination;
pub(super) mod unsupported_global_condition_key;
pub(super) mod unsupported_principal;
pub(super) mod unsupported_resource_arn_in_policy;
pub(super) mod unsupported_sid;
pub(super) mod unsupported_space_in_variable;
pub(super) mod unsupported_wildcard_in_principal;
pub(super) mod variable_unsupported_in_element;
pub(super) mod variable_unsupported_in_version;
pub(super) mod wildcard_in_service_name;
pub(super) mod wildcard_without_like_operator;

/// Every check, grouped by the element they are about.
pub(super) const ALL: &[&Check] = &[
    // The document.
    &json_syntax_error::CHECK,
    &data_type_mismatch::CHECK,
    &missing_statement::CHECK,
    &missing_version::CHECK,
    &invalid_version::CHECK,
    &invalid_policy_element::CHECK,
    &policy_size_exceeds_identity_policy_quota::CHECK,
    &policy_size_exceeds_resource_policy_quota::CHECK,
    &policy_size_exceeds_role_trust_policy_quota::CHECK,
    &policy_size_exceeds_scp_quota::CHECK,
    // Statements.
    &unsupported_element_combination::CHECK,
    &missing_effect::CHECK,
    &invalid_effect::CHECK,
    &missing_action::CHECK,
    &missing_resource::CHECK,
    &missing_principal::CHECK,
    &unsupported_principal::CHECK,
    &empty_sid_value::CHECK,
    &unsupported_sid::CHECK,
    &unique_sids_required::CHECK,
    &unique_sids_recommended::CHECK,
    &redundant_statement::CHECK,
    // Actions.
    &invalid_action::CHECK,
    &invalid_service_in_action::CHECK,
    &wildcard_in_service_name::CHECK,
    &redundant_action::CHECK,
    &empty_array_action::CHECK,
    &unsupported_action_in_policy::CHECK,
    // Resources.
    &empty_array_resource::CHECK,
    &invalid_arn_prefix::CHECK,
    &missing_arn_field::CHECK,
    &invalid_partition::CHECK,
    &invalid_arn_service_case::CHECK,
    &invalid_service::CHECK,
    &invalid_arn_resource::CHECK,
    &missing_arn_region::CHECK,
    &arn_region_not_allowed::CHECK,
    &invalid_arn_region::CHECK,
    &arn_account_not_allowed::CHECK,
    &invalid_arn_account::CHECK,
    &redundant_resource::CHECK,
    &unsupported_resource_arn_in_policy::CHECK,
    // Principals.
    &invalid_principal_format::CHECK,
    &invalid_principal_key::CHECK,
    &empty_array_principal::CHECK,
    &empty_object_principal::CHECK,
    &unsupported_wildcard_in_principal::CHECK,
    &federated_principal_not_supported::CHECK,
    &invalid_role_reference::CHECK,
    &invalid_user_reference::CHECK,
    &allow_with_not_principal::CHECK,
    &invalid_service_principal_format::CHECK,
    &restrict_access_to_service_principal::CHECK,
    &recommended_condition_key_for_service_principal::CHECK,
    &unsupported_condition_key_for_service_principal::CHECK,
    // Role trust policies.
    &role_trust_policy_syntax_error_notprincipal::CHECK,
    &role_trust_policy_unsupported_wildcard_in_principal::CHECK,
    &role_trust_policy_syntax_error_resource::CHECK,
    &invalid_federated_principal_syntax_in_role_trust_policy::CHECK,
    &mismatched_action_for_principal::CHECK,
    &missing_action_for_roles_anywhere_trust_policy::CHECK,
    &redundant_principal_in_role_trust_policy::CHECK,
    &missing_condition_key_for_oidc_principal::CHECK,
    &missing_github_repo_condition_key::CHECK,
    &specific_github_repo_and_branch_recommended::CHECK,
    &missing_action_for_condition_key::CHECK,
    // Conditions: operators and keys.
    &empty_object_condition::CHECK,
    &empty_array_condition::CHECK,
    &empty_array_condition_forallvalues::CHECK,
    &empty_array_condition_foranyvalue::CHECK,
    &empty_array_condition_ifexists::CHECK,
    &invalid_condition_operator::CHECK,
    &null_with_if_exists::CHECK,
    &null_with_qualifier::CHECK,
    &invalid_condition_key_format::CHECK,
    &invalid_global_condition_key::CHECK,
    &unsupported_global_condition_key::CHECK,
    &deprecated_global_condition_key::CHECK,
    &invalid_service_condition_key::CHECK,
    &missing_tag_key_in_condition::CHECK,
    &duplicate_keys_with_different_case::CHECK,
    &missing_qualifier::CHECK,
    &forallvalues_with_single_valued_key::CHECK,
    &confirm_audience_claim_type::CHECK,
    &missing_paired_condition_keys::CHECK,
    &irrelevant_condition_key_in_policy::CHECK,
    &unsupported_action_for_condition_key::CHECK,
    // Conditions: values.
    &invalid_condition_data_type::CHECK,
    &invalid_condition_multiple_boolean::CHECK,
    &type_mismatch::CHECK,
    &type_mismatch_boolean::CHECK,
    &type_mismatch_date::CHECK,
    &invalid_date_value::CHECK,
    &type_mismatch_ip_range::CHECK,
    &type_mismatch_number::CHECK,
    &type_mismatch_string::CHECK,
    &wildcard_without_like_operator::CHECK,
    &private_ip_address::CHECK,
    &private_not_ip_address::CHECK,
    &private_ip_address_subset::CHECK,
    &private_not_ip_address_subset::CHECK,
    &improve_ip_range::CHECK,
    &redundant_condition_value_num::CHECK,
    &invalid_vpc_format::CHECK,
    &invalid_vpce_format::CHECK,
    &invalid_region::CHECK,
    // Tags.
    &deny_with_unsupported_tag_condition_key_for_service::CHECK,
    &deny_notaction_with_unsupported_tag_condition_key_for_service::CHECK,
    &allow_with_unsupported_tag_condition_key_for_service::CHECK,
    &allow_notaction_with_unsupported_tag_condition_key_for_service::CHECK,
    // Policy variables.
    &missing_brace_in_variable::CHECK,
    &missing_quote_in_variable::CHECK,
    &unsupported_space_in_variable::CHECK,
    &empty_variable::CHECK,
    &variable_unsupported_in_element::CHECK,
    &variable_unsupported_in_version::CHECK,
    &invalid_variable_for_operator::CHECK,
    // Sensitive actions.
    &pass_role_with_not_resource::CHECK,
    &pass_role_with_star_in_action_and_not_resource::CHECK,
    &pass_role_with_not_action_and_not_resource::CHECK,
    &pass_role_with_star_in_resource::CHECK,
    &pass_role_with_star_in_action_and_resource::CHECK,
    &pass_role_with_star_in_resource_and_not_action::CHECK,
    &create_slr_with_not_resource::CHECK,
    &create_slr_with_star_in_action_and_not_resource::CHECK,
    &create_slr_with_not_action_and_not_resource::CHECK,
    &create_slr_with_star_in_resource::CHECK,
    &create_slr_with_star_in_action_and_resource::CHECK,
    &create_slr_with_star_in_resource_and_not_action::CHECK,
    // Service control policies.
    &scp_syntax_error_action_wildcard::CHECK,
    &scp_syntax_error_allow_condition::CHECK,
    &scp_syntax_error_allow_notaction::CHECK,
    &scp_syntax_error_allow_resource::CHECK,
    &scp_syntax_error_notresource::CHECK,
    &scp_syntax_error_principal::CHECK,
    // Resource control policies (codes beyond the reference page).
    &rcp_syntax_error_allow::CHECK,
    &rcp_syntax_error_principal::CHECK,
    &rcp_syntax_error_notprincipal::CHECK,
    &rcp_syntax_error_notaction::CHECK,
    &rcp_syntax_error_action_wildcard::CHECK,
    &rcp_unsupported_service::CHECK,
    // Checks only a solver can make (zoneproof's own codes).
    &statement_never_matches::CHECK,
    &allow_overridden_by_deny::CHECK,
    &statement_implied_by_others::CHECK,
    &deny_without_effect::CHECK,
];
