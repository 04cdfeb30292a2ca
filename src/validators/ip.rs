//! IP addresses. IPv4 is the dotted-quad form of RFC 791 / RFC 6943 section 3.1.1 in its strict
//! reading (four decimal octets 0-255, no leading zeros, which some parsers take as octal); the
//! unspecified 0.0.0.0 and limited-broadcast 255.255.255.255 are rejected as non-identifying.
//! IPv6 is any RFC 4291 section 2.2 / RFC 5952 text form, parsed by `std::net::Ipv6Addr`, without
//! zone index or brackets; the unspecified address is rejected.

use std::net::Ipv6Addr;

/// `255.255.255.255` is the longest dotted quad.
const MAX_V4: usize = 15;
/// `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255` is the longest IPv6 text form.
const MAX_V6: usize = 45;

pub fn ipv4_valid(value: &[u8]) -> bool {
    if value.len() > MAX_V4 {
        return false;
    }
    let mut octets = [0u32; 4];
    let mut count = 0;
    for part in value.split(|&b| b == b'.') {
        let Some(slot) = octets.get_mut(count) else {
            return false; // more than four parts
        };
        let ok_digits = !part.is_empty() && part.len() <= 3 && part.iter().all(u8::is_ascii_digit);
        let leading_zero = part.len() > 1 && part.first() == Some(&b'0');
        if !ok_digits || leading_zero {
            return false;
        }
        *slot = part.iter().fold(0, |acc, &b| acc * 10 + u32::from(b - b'0'));
        if *slot > 255 {
            return false;
        }
        count += 1;
    }
    count == 4 && octets != [0, 0, 0, 0] && octets != [255, 255, 255, 255]
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
            "255.255.255.254",
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
