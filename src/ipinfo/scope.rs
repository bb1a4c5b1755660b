//! What an address is for, from the IANA special-purpose address registries (IPv4: RFC 6890 and
//! its updates; IPv6: the same registry, plus RFC 9637's documentation prefix). A special
//! address gets its meaning here, never a country or an organisation from a database row.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kind of network an address belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// This computer (127.0.0.0/8, ::1).
    Loopback,
    /// A private network (RFC 1918, IPv6 unique local fc00::/7, NAT64 local use).
    Private,
    /// Carrier-grade NAT space shared by an ISP's customers (100.64.0.0/10).
    Shared,
    /// This link only (169.254.0.0/16, fe80::/10).
    LinkLocal,
    /// A multicast group (224.0.0.0/4, ff00::/8).
    Multicast,
    /// Documentation and test ranges (TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20, benchmarking).
    Documentation,
    /// Anything else the registries set aside, or IPv6 space outside 2000::/3.
    Reserved,
    /// An address on the public internet.
    Public,
}

impl Scope {
    /// The name in the JSON contract (`remote_scope`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Loopback => "loopback",
            Scope::Private => "private",
            Scope::Shared => "shared",
            Scope::LinkLocal => "link-local",
            Scope::Multicast => "multicast",
            Scope::Documentation => "documentation",
            Scope::Reserved => "reserved",
            Scope::Public => "public",
        }
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], len: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn in_v6(ip: Ipv6Addr, net: [u16; 8], len: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

/// The scope of an IPv4 address.
pub fn scope_v4(ip: Ipv4Addr) -> Scope {
    const TABLE: &[([u8; 4], u32, Scope)] = &[
        ([0, 0, 0, 0], 8, Scope::Reserved),            // "this network"
        ([10, 0, 0, 0], 8, Scope::Private),            // RFC 1918
        ([100, 64, 0, 0], 10, Scope::Shared),          // RFC 6598
        ([127, 0, 0, 0], 8, Scope::Loopback),          // RFC 1122
        ([169, 254, 0, 0], 16, Scope::LinkLocal),      // RFC 3927
        ([172, 16, 0, 0], 12, Scope::Private),         // RFC 1918
        ([192, 0, 0, 0], 24, Scope::Reserved),         // IETF protocol assignments
        ([192, 0, 2, 0], 24, Scope::Documentation),    // TEST-NET-1
        ([192, 31, 196, 0], 24, Scope::Reserved),      // AS112-v4
        ([192, 52, 193, 0], 24, Scope::Reserved),      // AMT
        ([192, 88, 99, 0], 24, Scope::Reserved),       // deprecated 6to4 relay anycast
        ([192, 168, 0, 0], 16, Scope::Private),        // RFC 1918
        ([192, 175, 48, 0], 24, Scope::Reserved),      // direct delegation AS112
        ([198, 18, 0, 0], 15, Scope::Documentation),   // benchmarking (RFC 2544)
        ([198, 51, 100, 0], 24, Scope::Documentation), // TEST-NET-2
        ([203, 0, 113, 0], 24, Scope::Documentation),  // TEST-NET-3
        ([224, 0, 0, 0], 4, Scope::Multicast),
        ([240, 0, 0, 0], 4, Scope::Reserved), // future use, and 255.255.255.255
    ];
    TABLE
        .iter()
        .find(|(net, len, _)| in_v4(ip, *net, *len))
        .map_or(Scope::Public, |(_, _, scope)| *scope)
}

/// The scope of an IPv6 address; an IPv4-mapped or NAT64 address is judged by its IPv4 part.
pub fn scope_v6(ip: Ipv6Addr) -> Scope {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return scope_v4(v4);
    }
    if in_v6(ip, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96) {
        let [.., a, b] = ip.segments();
        return scope_v4(Ipv4Addr::from((u32::from(a) << 16) | u32::from(b)));
    }
    const TABLE: &[([u16; 8], u32, Scope)] = &[
        ([0, 0, 0, 0, 0, 0, 0, 1], 128, Scope::Loopback),
        ([0, 0, 0, 0, 0, 0, 0, 0], 128, Scope::Reserved), // unspecified
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Scope::Private), // NAT64 local use (RFC 8215)
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Scope::Reserved), // discard-only
        ([0x2001, 0x2, 0, 0, 0, 0, 0, 0], 48, Scope::Documentation), // benchmarking
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Scope::Documentation), // RFC 3849
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, Scope::Reserved), // IETF protocol assignments
        ([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, Scope::Reserved), // 6to4
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Scope::Documentation), // RFC 9637
        ([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16, Scope::Reserved), // SRv6 SIDs
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Scope::Private), // unique local
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, Scope::LinkLocal),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Scope::Multicast),
        ([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, Scope::Public), // global unicast
    ];
    TABLE
        .iter()
        .find(|(net, len, _)| in_v6(ip, *net, *len))
        .map_or(Scope::Reserved, |(_, _, scope)| *scope)
}

/// The scope of any address.
pub fn scope(ip: IpAddr) -> Scope {
    match ip {
        IpAddr::V4(v4) => scope_v4(v4),
        IpAddr::V6(v6) => scope_v6(v6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Scope {
        scope(text.parse().unwrap())
    }

    #[test]
    fn every_kind_of_special_address() {
        let cases = [
            ("127.0.0.1", Scope::Loopback),
            ("::1", Scope::Loopback),
            ("10.1.2.3", Scope::Private),
            ("172.31.255.255", Scope::Private),
            ("172.32.0.1", Scope::Public),
            ("192.168.1.20", Scope::Private),
            ("fd12:3456::1", Scope::Private),
            ("100.64.0.1", Scope::Shared),
            ("100.128.0.1", Scope::Public),
            ("169.254.10.1", Scope::LinkLocal),
            ("fe80::1", Scope::LinkLocal),
            ("224.0.0.251", Scope::Multicast),
            ("ff02::fb", Scope::Multicast),
            ("192.0.2.1", Scope::Documentation),
            ("198.51.100.7", Scope::Documentation),
            ("203.0.113.80", Scope::Documentation),
            ("198.19.0.1", Scope::Documentation),
            ("2001:db8::1", Scope::Documentation),
            ("3fff::1", Scope::Documentation),
            ("0.0.0.0", Scope::Reserved),
            ("240.0.0.1", Scope::Reserved),
            ("255.255.255.255", Scope::Reserved),
            ("::", Scope::Reserved),
            ("2002::1", Scope::Reserved),
            ("4000::1", Scope::Reserved),
            ("8.8.8.8", Scope::Public),
            ("1.1.1.1", Scope::Public),
            ("2606:4700::6810:84e5", Scope::Public),
            ("::ffff:10.0.0.1", Scope::Private),
            ("::ffff:8.8.8.8", Scope::Public),
            ("64:ff9b::808:808", Scope::Public),
            ("64:ff9b::a00:1", Scope::Private),
        ];
        for (text, want) in cases {
            assert_eq!(of(text), want, "{text}");
        }
    }
}
