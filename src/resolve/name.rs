//! What PortScope accepts as a host name from a reverse lookup. The name is whatever the owner
//! of the address put in its PTR record (or whatever `/etc/hosts` says), so it is checked
//! before anything shows it: only host-name characters, labels of 1 to 63 bytes, at most 253
//! bytes, and not an address written as a name (a PTR of `8.8.8.8` for 8.8.8.8 would otherwise
//! "confirm" itself through getaddrinfo's numeric parsing).

use crate::model::text::is_hostile_char;

/// The longest host name DNS allows, in bytes, without the trailing dot (RFC 1035 §2.3.4).
pub const MAX_NAME: usize = 253;

/// The longest label.
const MAX_LABEL: usize = 63;

/// Why a name was refused (for the debug log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Empty, or only a dot.
    Empty,
    /// Longer than [`MAX_NAME`] bytes.
    TooLong,
    /// Holds a control, bidi or invisible character (`model::text`'s classifier).
    Hostile,
    /// Holds a character that is not a letter, digit, `-` or `_` in a label.
    NotAHostName,
    /// An empty label (`a..b`) or one longer than 63 bytes.
    BadLabel,
    /// An IPv4 or IPv6 address written as a name, or an all-digit top label.
    Numeric,
}

/// The host name `raw` as PortScope keeps it (lower-case, no trailing dot), or why not.
pub fn host_name(raw: &str) -> Result<String, Refused> {
    let name = raw.strip_suffix('.').unwrap_or(raw);
    if name.is_empty() {
        return Err(Refused::Empty);
    }
    if name.len() > MAX_NAME {
        return Err(Refused::TooLong);
    }
    if name.chars().any(is_hostile_char) {
        return Err(Refused::Hostile);
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(Refused::NotAHostName);
    }
    if name
        .split('.')
        .any(|label| label.is_empty() || label.len() > MAX_LABEL)
    {
        return Err(Refused::BadLabel);
    }
    let top = name.rsplit('.').next().unwrap_or(name);
    if name.parse::<std::net::IpAddr>().is_ok() || top.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refused::Numeric);
    }
    Ok(name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_kept_lower_case_without_the_root_dot() {
        assert_eq!(host_name("dns.google").as_deref(), Ok("dns.google"));
        assert_eq!(host_name("DNS.Google.").as_deref(), Ok("dns.google"));
        assert_eq!(
            host_name("ec2-3-5-7-9.eu-west-1.compute.amazonaws.com").as_deref(),
            Ok("ec2-3-5-7-9.eu-west-1.compute.amazonaws.com")
        );
        assert_eq!(
            host_name("_spf.example.org").as_deref(),
            Ok("_spf.example.org")
        );
        assert_eq!(
            host_name("xn--bcher-kva.example").as_deref(),
            Ok("xn--bcher-kva.example")
        );
        assert_eq!(host_name("localhost").as_deref(), Ok("localhost"));
    }

    #[test]
    fn hostile_and_malformed_names_are_refused() {
        let cases = [
            ("", Refused::Empty),
            (".", Refused::Empty),
            ("evil\u{1b}[31m.example", Refused::Hostile),
            ("bank\u{202e}moc.example", Refused::Hostile),
            ("ss\u{200b}h.example", Refused::Hostile),
            ("a\nb.example", Refused::Hostile),
            ("a b.example", Refused::NotAHostName),
            ("bücher.example", Refused::NotAHostName),
            ("x;rm -rf.example", Refused::NotAHostName),
            ("<script>.example", Refused::NotAHostName),
            ("a..example", Refused::BadLabel),
            (".example", Refused::BadLabel),
            ("8.8.8.8", Refused::Numeric),
            ("::1", Refused::NotAHostName),
            ("host.123", Refused::Numeric),
        ];
        for (raw, why) in cases {
            assert_eq!(host_name(raw), Err(why), "{raw:?}");
        }
    }

    #[test]
    fn length_is_capped_at_253_bytes_and_63_per_label() {
        let label = "a".repeat(63);
        let longest = [label.as_str(); 4].join(".")[..253].to_owned();
        assert_eq!(host_name(&longest).as_deref(), Ok(longest.as_str()));
        assert_eq!(
            host_name(&format!("{longest}.")).as_deref(),
            Ok(longest.as_str())
        );
        assert_eq!(host_name(&format!("{longest}a")), Err(Refused::TooLong));
        assert_eq!(host_name(&"a".repeat(5000)), Err(Refused::TooLong));
        assert_eq!(
            host_name(&format!("{}.com", "a".repeat(64))),
            Err(Refused::BadLabel)
        );
    }
}
