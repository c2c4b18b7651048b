//! Private address ranges, for the checks of `aws:SourceIp`.

use crate::value::{parse_cidr, IpRange};

/// Ranges that never appear as `aws:SourceIp`, which holds the public
/// address a request comes from: RFC 1918 and shared (RFC 6598) IPv4
/// space, loopback and link-local addresses, and IPv6 unique-local,
/// link-local and loopback addresses.
const PRIVATE_RANGES: [&str; 9] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

/// Whether every address of a CIDR value is private; `None` when the value
/// is not a CIDR.
pub fn is_private(value: &str) -> Option<bool> {
    let range = parse_cidr(value).ok()?;
    Some(PRIVATE_RANGES.iter().any(|private| {
        parse_cidr(private)
            .is_ok_and(|private: IpRange| private.low <= range.low && range.high <= private.high)
    }))
}

/// The address with the host bits after the prefix cleared, when some are
/// set (`10.1.2.3/8` gives `10.0.0.0/8`); `None` when the value has no
/// host bits set or is not a CIDR.
pub fn normalised_if_host_bits(value: &str) -> Option<String> {
    let (address, prefix) = value.split_once('/')?;
    let prefix: u32 = prefix.parse().ok()?;
    if let Ok(v4) = address.parse::<std::net::Ipv4Addr>() {
        let bits = u32::from(v4);
        let mask = if prefix == 0 {
            0
        } else {
            u32::MAX.checked_shl(32 - prefix.min(32))?
        };
        let network = bits & mask;
        return (network != bits)
            .then(|| format!("{}/{prefix}", std::net::Ipv4Addr::from(network)));
    }
    if let Ok(v6) = address.parse::<std::net::Ipv6Addr>() {
        let bits = u128::from(v6);
        let mask = if prefix == 0 {
            0
        } else {
            u128::MAX.checked_shl(128 - prefix.min(128))?
        };
        let network = bits & mask;
        return (network != bits)
            .then(|| format!("{}/{prefix}", std::net::Ipv6Addr::from(network)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_public_ranges() {
        assert_eq!(is_private("10.1.0.0/16"), Some(true));
        assert_eq!(is_private("192.168.1.1"), Some(true));
        assert_eq!(is_private("203.0.113.0/24"), Some(false));
        assert_eq!(is_private("0.0.0.0/0"), Some(false));
        assert_eq!(is_private("fd00::/8"), Some(true));
        assert_eq!(is_private("nonsense"), None);
    }

    #[test]
    fn host_bits_after_the_prefix() {
        assert_eq!(
            normalised_if_host_bits("10.1.2.3/8").as_deref(),
            Some("10.0.0.0/8")
        );
        assert_eq!(normalised_if_host_bits("10.0.0.0/8"), None);
        assert_eq!(
            normalised_if_host_bits("2001:db8::1/32").as_deref(),
            Some("2001:db8::/32")
        );
        assert_eq!(normalised_if_host_bits("10.0.0.1"), None);
    }
}
