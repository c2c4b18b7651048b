//! What resource control policies may restrict: the services that support
//! RCPs, from iam-data's list (generated into `analyzer/data/rcp-services.txt`
//! by `scripts/gen_catalog.py`).

/// The generated list: comment lines starting with `#`, then one service
/// prefix per line.
const RCP_SERVICES: &str = include_str!("../../../data/rcp-services.txt");

/// The AWS Organizations page on RCP syntax, whose sections the RCP checks
/// link to.
pub const RCP_SYNTAX_PAGE: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html";

/// Whether resource control policies can restrict the service with this
/// prefix (case-insensitive).
pub fn supports_rcp(prefix: &str) -> bool {
    RCP_SERVICES
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|line| line.trim().eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_catalog_services() {
        let catalog = crate::catalog::Catalog::get();
        let services: Vec<&str> = RCP_SERVICES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        assert!(services.len() > 20);
        for service in services {
            assert!(catalog.has_service(service), "{service}");
        }
        assert!(supports_rcp("S3"));
        assert!(!supports_rcp("ec2"));
    }
}
