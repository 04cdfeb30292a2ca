//! IP addresses. IPv4 is the dotted-quad form of RFC 791 / RFC 6943 section 3.1.1 in its strict
//! reading (four decimal octets 0-255, no leading zeros, which some parsers take as octal); the
//! unspecified 0.0.0.0 and limited-broadcast 255.255.255.255 are rejected as non-identifying.
//! IPv6 is any RFC 4291 section 2.2 / RFC 5952 text form, parsed by `std::net::Ipv6Addr`, without
//! zone index or brackets; the unspecified address is rejected.

use std::net::Ipv6Addr;

/// `255.255.255.255/32` is the longest dotted quad with a prefix length.
const MAX_V4: usize = 18;
/// `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255` is the longest IPv6 text form.
const MAX_V6: usize = 45;

/// A dotted quad, optionally in CIDR notation (RFC 4632): an interface (`10.55.32.228/24`)
/// or a network (`10.195.0.0/16`, which names one organisation's subnet as surely as a host
/// address does). Not: the prefix length outside 0-32, a network wider than /8, and the
/// special-purpose blocks of the IANA registry as registered (`10.0.0.0/8`, `192.168.0.0/16`,
/// `224.0.0.0/4`: RFC 6890), which name nobody.
pub fn ipv4_valid(value: &[u8]) -> bool {
    if value.len() > MAX_V4 {
        return false;
    }
    let (addr, prefix) = match value.iter().position(|&b| b == b'/') {
        Some(i) => (&value[..i], value.get(i + 1..)),
        None => (value, None),
    };
    let Some(octets) = ipv4_octets(addr) else {
        return false;
    };
    if octets == [0, 0, 0, 0] || is_netmask(octets) {
        return false;
    }
    prefix.is_none_or(|p| names_a_place(octets, p))
}

/// A subnet mask (`255.255.255.0`, `255.255.240.0`, and the broadcast `255.255.255.255`): leading
/// ones then zeros, from a first octet of 255. It is configuration, not any host's address.
fn is_netmask(octets: [u8; 4]) -> bool {
    let n = u32::from_be_bytes(octets);
    octets[0] == 255 && n.leading_ones() + n.trailing_zeros() == 32
}

/// Special-purpose IPv4 blocks (RFC 6890 and the IANA registry), as `(network, prefix)`.
const SPECIAL_BLOCKS: [([u8; 4], u32); 13] = [
    ([10, 0, 0, 0], 8),
    ([100, 64, 0, 0], 10),
    ([127, 0, 0, 0], 8),
    ([169, 254, 0, 0], 16),
    ([172, 16, 0, 0], 12),
    ([192, 0, 0, 0], 24),
    ([192, 0, 2, 0], 24),
    ([192, 168, 0, 0], 16),
    ([198, 18, 0, 0], 15),
    ([198, 51, 100, 0], 24),
    ([203, 0, 113, 0], 24),
    ([224, 0, 0, 0], 4),
    ([240, 0, 0, 0], 4),
];

/// Whether `octets/prefix` names a host or one organisation's network: a prefix length 0-32
/// (no leading zero); a network (no host bit set) at least /8 and not a registry block.
fn names_a_place(octets: [u8; 4], prefix: &[u8]) -> bool {
    let digits = !prefix.is_empty() && prefix.len() <= 2 && prefix.iter().all(u8::is_ascii_digit);
    if !digits || (prefix.len() == 2 && prefix[0] == b'0') {
        return false;
    }
    let bits = prefix.iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    if bits > 32 {
        return false;
    }
    let host_mask = u32::MAX.checked_shr(bits).unwrap_or(0);
    let network = bits < 32 && u32::from_be_bytes(octets) & host_mask == 0;
    !network || (bits >= 8 && !SPECIAL_BLOCKS.contains(&(octets, bits)))
}

/// The four octets of a strict dotted quad.
fn ipv4_octets(value: &[u8]) -> Option<[u8; 4]> {
    let mut octets = [0u32; 4];
    let mut count = 0;
    for part in value.split(|&b| b == b'.') {
        // More than four parts: `get_mut` fails.
        let slot = octets.get_mut(count)?;
        let ok_digits = !part.is_empty() && part.len() <= 3 && part.iter().all(u8::is_ascii_digit);
        let leading_zero = part.len() > 1 && part.first() == Some(&b'0');
        if !ok_digits || leading_zero {
            return None;
        }
        *slot = part.iter().fold(0, |acc, &b| acc * 10 + u32::from(b - b'0'));
        if *slot > 255 {
            return None;
        }
        count += 1;
    }
    let [a, b, c, d] = octets.map(|o| o as u8);
    (count == 4).then_some([a, b, c, d])
}

pub fn ipv6_valid(value: &[u8]) -> bool {
    if value.len() > MAX_V6 || !value.contains(&b':') {
        return false;
    }
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    // At least one non-empty hexadecimal group: rejects `::` and `::1.2.3.4`.
    let has_hex_group = text.split(':').any(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_hexdigit()));
    has_hex_group && text.parse::<Ipv6Addr>().is_ok_and(|a| !a.is_unspecified())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netmasks_are_not_addresses() {
        for a in [
            "255.255.255.0",
            "255.255.0.0",
            "255.0.0.0",
            "255.255.255.192",
            "255.255.240.0",
            "255.255.255.254",
            "255.255.255.255",
        ] {
            assert!(!ipv4_valid(a.as_bytes()), "{a}");
        }
        // Not masks: the ones are not contiguous, or the first octet is not 255.
        for a in ["255.0.255.0", "255.255.1.7", "254.255.255.0", "25.255.255.0"] {
            assert!(ipv4_valid(a.as_bytes()), "{a}");
        }
    }

    #[test]
    fn ipv4_cidr_interface_notation() {
        for a in ["10.55.32.228/24", "192.0.2.1/32", "172.16.5.4/12", "198.51.100.7/0"] {
            assert!(ipv4_valid(a.as_bytes()), "{a}");
        }
        // One organisation's networks.
        for a in
            ["10.195.0.0/16", "192.168.1.0/24", "200.249.0.0/16", "121.247.169.0/24", "10.157.133.160/28"]
        {
            assert!(ipv4_valid(a.as_bytes()), "{a}");
        }
        // Registry blocks as registered, networks wider than /8, bad prefix lengths.
        for a in [
            "10.0.0.0/8",
            "192.168.0.0/16",
            "172.16.0.0/12",
            "224.0.0.0/4",
            "64.0.0.0/2",
            "0.0.0.0/0",
            "10.1.2.3/33",
            "10.1.2.3/",
            "10.1.2.3/08",
            "10.1.2.3/2a",
            "10.1.2.3/1/2",
        ] {
            assert!(!ipv4_valid(a.as_bytes()), "{a}");
        }
    }

    #[test]
    fn ipv4_valid_addresses() {
        // RFC 5737 documentation ranges and common addresses.
        for a in [
            "192.0.2.1",
            "198.51.100.23",
            "203.0.113.255",
            "8.8.8.8",
            "10.0.0.1",
            "127.0.0.1",
            "0.0.0.1",
            "223.255.255.254",
        ] {
            assert!(ipv4_valid(a.as_bytes()), "{a}");
        }
    }

    #[test]
    fn ipv4_invalid_addresses() {
        for a in [
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "192.168.1.01", // leading zero
            "010.0.0.1",
            "192.168.1",
            "192.168.1.1.1",
            "192.168..1",
            ".192.168.1.1",
            "192.168.1.1.",
            "1234.1.1.1",
            "192.168.1.1 ",
            "192,168,1,1",
            "a.b.c.d",
            "",
            "1.2.3.４",
        ] {
            assert!(!ipv4_valid(a.as_bytes()), "{a}");
        }
        assert!(!ipv4_valid(b"1.2.3.\xff"));
    }

    #[test]
    fn ipv6_valid_addresses() {
        // RFC 3849 documentation prefix and RFC 4291 / RFC 5952 text forms.
        for a in [
            "2001:db8::1",
            "2001:DB8:0:0:8:800:200C:417A",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "fe80::1ff:fe23:4567:890a",
            "::1",
            "::ffff:192.0.2.128",
            "ff02::2",
            "2001:db8::",
        ] {
            assert!(ipv6_valid(a.as_bytes()), "{a}");
        }
    }

    #[test]
    fn ipv6_invalid_addresses() {
        for a in [
            "::",
            "0:0:0:0:0:0:0:0",
            "::1.2.3.4", // no hexadecimal group
            "2001:db8::1::2",
            "2001:db8:0:0:0:0:0:0:1",
            "2001:db8::g",
            "12345::1",
            "fe80::1%eth0", // zone index
            "[2001:db8::1]",
            "2001:db8::1 ",
            "192.0.2.1",
            "",
            ":",
            "2001:db8::1/64",
        ] {
            assert!(!ipv6_valid(a.as_bytes()), "{a}");
        }
        assert!(!ipv6_valid(b"2001:db8::\xff"));
        assert!(!ipv6_valid(b"2001:0db8:85a3:0000:0000:8a2e:0370:7334:0000:0000"));
    }
}
