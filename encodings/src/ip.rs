//! IP addresses as 128-bit values: IPv6 addresses as they are, IPv4 addresses
//! mapped into `::ffff:0:0/96` (RFC 4291 §2.5.5.2), so one `Ip` sort and one
//! unsigned order cover both families and an IPv4 range never overlaps an
//! IPv6 range outside the mapped block.
//!
//! # Example
//! ```
//! use zoneproof_encodings::ip;
//! let (lo, hi) = ip::parse_cidr("10.0.0.0/8").unwrap();
//! assert_eq!(ip::to_addr(lo).to_string(), "10.0.0.0");
//! assert_eq!(ip::to_addr(hi).to_string(), "10.255.255.255");
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The first address of the IPv4-mapped block `::ffff:0.0.0.0`.
pub const V4_MAPPED_BASE: u128 = 0xffff_0000_0000;

/// Why a CIDR block could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IpError {
    /// The address part is not an IPv4 or IPv6 address.
    #[error("`{0}` is not an IP address")]
    Address(String),
    /// The prefix length is not a number within the family's width.
    #[error("`{0}` is not a valid prefix length")]
    Prefix(String),
}

/// The 128-bit value of an address.
pub fn from_addr(addr: IpAddr) -> u128 {
    match addr {
        IpAddr::V4(v4) => from_v4(v4),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The mapped 128-bit value of an IPv4 address.
pub fn from_v4(addr: Ipv4Addr) -> u128 {
    V4_MAPPED_BASE | u128::from(u32::from(addr))
}

/// The address of a 128-bit value: IPv4 when it lies in the mapped block.
pub fn to_addr(value: u128) -> IpAddr {
    if value >> 32 == V4_MAPPED_BASE >> 32 {
        let low = (value & 0xffff_ffff) as u32;
        IpAddr::V4(Ipv4Addr::from(low))
    } else {
        IpAddr::V6(Ipv6Addr::from(value))
    }
}

/// The first and last 128-bit values of a CIDR block (`10.0.0.0/8`,
/// `2001:db8::/32`) or of a single address (no `/`). Host bits set in the
/// address are ignored, as AWS does.
pub fn parse_cidr(text: &str) -> Result<(u128, u128), IpError> {
    let (addr_text, prefix_text) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let addr: IpAddr = addr_text
        .trim()
        .parse()
        .map_err(|_| IpError::Address(text.to_string()))?;
    let width: u32 = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix_text {
        None => width,
        Some(p) => p
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= width)
            .ok_or_else(|| IpError::Prefix(text.to_string()))?,
    };
    let prefix128 = prefix + (128 - width);
    let host_mask = u128::MAX.checked_shr(prefix128).unwrap_or(0);
    let value = from_addr(addr);
    Ok((value & !host_mask, value | host_mask))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_is_mapped_and_round_trips() {
        let v = from_addr("192.0.2.1".parse().unwrap());
        assert_eq!(v, 0xffff_c000_0201);
        assert_eq!(to_addr(v).to_string(), "192.0.2.1");
        assert_eq!(to_addr(1).to_string(), "::1");
    }

    #[test]
    fn cidr_bounds_cover_the_block() {
        assert_eq!(
            parse_cidr("0.0.0.0/0").unwrap(),
            (V4_MAPPED_BASE, V4_MAPPED_BASE | 0xffff_ffff)
        );
        assert_eq!(parse_cidr("::/0").unwrap(), (0, u128::MAX));
        let (lo, hi) = parse_cidr("2001:db8::/32").unwrap();
        assert_eq!(to_addr(lo).to_string(), "2001:db8::");
        assert_eq!(hi - lo, (1u128 << 96) - 1);
        assert_eq!(
            parse_cidr("10.1.2.3/8").unwrap().0,
            from_v4(Ipv4Addr::new(10, 0, 0, 0))
        );
        assert!(parse_cidr("10.0.0.0/33").is_err());
        assert!(parse_cidr("nope/8").is_err());
    }
}
