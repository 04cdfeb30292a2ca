//! Redaction operators: what replaces a sensitive span. Parsed from packs and policy
//! (`"keep_last:4"`), applied by [`super::redact`].

use std::fmt;
use std::str::FromStr;

use crate::finding::UnknownName;

/// How a finding's bytes are replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Redaction {
    /// Every letter or digit becomes `mask`; punctuation and spaces stay.
    Mask(char),
    /// Mask all letters/digits except the last N.
    KeepLast(u8),
    /// Mask all letters/digits except the first N.
    KeepFirst(u8),
    /// `[ENTITY]`.
    #[default]
    Label,
    /// `tok_` plus ten letters from a keyed HMAC-SHA256 of the value.
    Token,
    /// Delete the span.
    Remove,
}

const EXPECTED: &str = "mask, mask:<char>, keep_last:N, keep_first:N, label, token, remove";

impl FromStr for Redaction {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || UnknownName::new("redaction", s, EXPECTED);
        let (op, arg) = match s.split_once(':') {
            Some((op, arg)) => (op, Some(arg)),
            None => (s, None),
        };
        let count = |arg: Option<&str>| arg.and_then(|a| a.parse::<u8>().ok()).ok_or_else(bad);
        match op {
            "mask" => match arg {
                None => Ok(Redaction::Mask('*')),
                Some(a) => {
                    let mut chars = a.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if !c.is_alphanumeric() => Ok(Redaction::Mask(c)),
                        _ => Err(bad()),
                    }
                }
            },
            "keep_last" => count(arg).map(Redaction::KeepLast),
            "keep_first" => count(arg).map(Redaction::KeepFirst),
            "label" if arg.is_none() => Ok(Redaction::Label),
            "token" if arg.is_none() => Ok(Redaction::Token),
            "remove" if arg.is_none() => Ok(Redaction::Remove),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redaction::Mask(c) => write!(f, "mask:{c}"),
            Redaction::KeepLast(n) => write!(f, "keep_last:{n}"),
            Redaction::KeepFirst(n) => write!(f, "keep_first:{n}"),
            Redaction::Label => f.write_str("label"),
            Redaction::Token => f.write_str("token"),
            Redaction::Remove => f.write_str("remove"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_operator_and_round_trips() {
        for s in ["mask:*", "mask:#", "keep_last:4", "keep_first:6", "label", "token", "remove"] {
            let r: Redaction = s.parse().unwrap();
            assert_eq!(r.to_string(), s);
        }
        assert_eq!("mask".parse::<Redaction>().unwrap(), Redaction::Mask('*'));
    }

    #[test]
    fn rejects_typos_and_bad_arguments() {
        for s in ["mask:ab", "mask:x", "keep_last", "keep_last:-1", "keep_last:999", "lable", "token:3", ""] {
            assert!(s.parse::<Redaction>().is_err(), "{s}");
        }
    }
}
