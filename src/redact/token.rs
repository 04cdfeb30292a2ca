//! Keyed tokens: `tok_` + ten consonants derived from HMAC-SHA256(key, entity || value).
//!
//! The value is normalised first (letters and digits only, ASCII-lowercased), so
//! `4111 1111 1111 1111` and `4111-1111-1111-1111` give one token: a vendor can refer to "the
//! same card" without seeing it. The alphabet has no digits and no vowels, so a token can never
//! be re-detected as a number and never spells a word. The same keyed construction fingerprints
//! values in audit records.

use hmac::{Hmac, Mac};
use sha2::Sha256;

const ALPHABET: &[u8; 21] = b"bcdfghjklmnpqrstvwxyz";
const TOKEN_LETTERS: usize = 10;

/// A secret key for tokens and fingerprints. `Debug` never prints it.
///
/// Holds the HMAC state after the key blocks, so each token or fingerprint costs two SHA-256
/// compressions fewer than keying a fresh HMAC (the key block is hashed once, here).
#[derive(Clone)]
pub struct TokenKey(Option<Hmac<Sha256>>);

impl TokenKey {
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        let key: Vec<u8> = key.into();
        // HMAC accepts keys of any length (longer ones are hashed first), so this is never
        // `None`; `new_from_slice` returns a `Result` for MACs with fixed key sizes.
        TokenKey(Hmac::<Sha256>::new_from_slice(&key).ok())
    }

    /// HMAC-SHA256 over the entity name and the normalised value.
    pub fn mac(&self, entity: &str, value: &[u8]) -> [u8; 32] {
        let Some(mut mac) = self.0.clone() else { return [0; 32] };
        mac.update(entity.as_bytes());
        mac.update(&[0]);
        let mut buf = [0u8; 64];
        let mut n = 0;
        let mut i = 0;
        while let Some(&b) = value.get(i) {
            // Separators, wide spaces (`U+00A0`, `&nbsp;`) and Unicode dashes included, are not
            // part of the value.
            let rest = &value[i..];
            let space =
                crate::engine::spaces::wide_space_len(rest).max(crate::engine::spaces::dash_len(rest));
            if space > 0 {
                i += space;
                continue;
            }
            i += 1;
            if !(b.is_ascii_alphanumeric() || b >= 0x80) {
                continue;
            }
            if n == buf.len() {
                mac.update(&buf);
                n = 0;
            }
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        mac.update(&buf[..n]);
        mac.finalize().into_bytes().into()
    }

    /// The `tok_…` replacement for a value.
    pub fn token(&self, entity: &str, value: &[u8]) -> String {
        let mac = self.mac(entity, value);
        let mut out = String::with_capacity(4 + TOKEN_LETTERS);
        out.push_str("tok_");
        let mut acc = u64::from_le_bytes([mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], mac[6], mac[7]]);
        for _ in 0..TOKEN_LETTERS {
            out.push(ALPHABET[(acc % 21) as usize] as char);
            acc /= 21;
        }
        out
    }

    /// A short hex fingerprint for audit records (first 8 bytes of the MAC).
    pub fn fingerprint(&self, entity: &str, value: &[u8]) -> String {
        let mac = self.mac(entity, value);
        mac[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

/// Whether `value` is a token this module produces.
pub fn is_token(value: &[u8]) -> bool {
    value.len() == 4 + TOKEN_LETTERS
        && value.starts_with(b"tok_")
        && value[4..].iter().all(|b| ALPHABET.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_token_across_formatting() {
        let k = TokenKey::new(b"k1".to_vec());
        let a = k.token("CREDIT_CARD", b"4111 1111 1111 1111");
        assert_eq!(a, k.token("CREDIT_CARD", b"4111-1111-1111-1111"));
        assert_eq!(a, k.token("CREDIT_CARD", "4111\u{00A0}1111\u{202F}1111&nbsp;1111".as_bytes()));
        assert!(is_token(a.as_bytes()), "{a}");
        assert_ne!(a, k.token("CREDIT_CARD", b"5555 5555 5555 4444"));
        assert_ne!(a, k.token("US_SSN", b"4111 1111 1111 1111"));
    }

    #[test]
    fn token_depends_on_key() {
        let a = TokenKey::new(b"k1".to_vec()).token("EMAIL_ADDRESS", b"a@b.co");
        let b = TokenKey::new(b"k2".to_vec()).token("EMAIL_ADDRESS", b"a@b.co");
        assert_ne!(a, b);
    }

    #[test]
    fn debug_hides_key() {
        assert_eq!(format!("{:?}", TokenKey::new(b"secret".to_vec())), "TokenKey(..)");
    }
}
