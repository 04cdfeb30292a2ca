//! GitHub tokens in the 2021 formats (GitHub Engineering, "Behind GitHub's new authentication
//! token formats", 2021-04-05).
//!
//! Classic tokens are a type prefix (`ghp_` personal, `gho_` OAuth, `ghu_` user-to-server,
//! `ghs_` server-to-server, `ghr_` refresh) and 36 base62 characters: 30 random characters then
//! a 32-bit checksum. GitHub only says "a 32-bit checksum"; the scheme checked here is the one
//! public verifiers use and real tokens satisfy: the CRC-32 (IEEE) of the 30 random characters,
//! written in base62 over the alphabet `0-9A-Za-z`, most significant digit first, left-padded
//! with `0` to 6 characters.
//!
//! Fine-grained personal access tokens (`github_pat_` + 22 alphanumerics + `_` + 59
//! alphanumerics) have no published checksum and are checked by format only.

const PREFIXES: [&[u8; 4]; 5] = [b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_"];

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base62, left-padded with `0` to 6 digits (62^6 > 2^32, so every `u32` fits).
fn base62_6(mut n: u32) -> [u8; 6] {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62.get((n % 62) as usize).copied().unwrap_or(b'0');
        n /= 62;
    }
    out
}

fn classic_valid(value: &[u8]) -> bool {
    let Some((prefix, body)) = value.split_first_chunk::<4>() else {
        return false;
    };
    if !PREFIXES.contains(&prefix) || body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    body.split_at_checked(30)
        .is_some_and(|(entropy, checksum)| base62_6(crc32fast::hash(entropy)) == checksum)
}

fn fine_grained_valid(value: &[u8]) -> bool {
    let Some(rest) = value.strip_prefix(b"github_pat_") else {
        return false;
    };
    match rest.split_at_checked(22) {
        Some((id, [b'_', secret @ ..])) => {
            secret.len() == 59
                && id.iter().all(u8::is_ascii_alphanumeric)
                && secret.iter().all(u8::is_ascii_alphanumeric)
        }
        _ => false,
    }
}

pub fn valid(value: &[u8]) -> bool {
    match value.len() {
        40 => classic_valid(value),
        93 => fine_grained_valid(value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A classic token with a correct checksum for the given 30 random characters.
    fn make(prefix: &str, entropy: &str) -> String {
        assert_eq!(entropy.len(), 30);
        let check = base62_6(crc32fast::hash(entropy.as_bytes()));
        format!("{prefix}{entropy}{}", std::str::from_utf8(&check).unwrap())
    }

    #[test]
    fn base62_encoding() {
        assert_eq!(&base62_6(0), b"000000");
        assert_eq!(&base62_6(61), b"00000z");
        assert_eq!(&base62_6(62), b"000010");
        // 2^32 - 1 = 4 * 62^5 + ... ; the largest CRC still fits in 6 digits.
        assert_eq!(&base62_6(u32::MAX), b"4gfFC3");
    }

    #[test]
    fn crc32_is_ieee() {
        // The CRC-32/ISO-HDLC check value.
        assert_eq!(crc32fast::hash(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn published_example() {
        // The worked example in coolaj86's public write-up of the format (gist "base62 ... +
        // github base62 token format"): "ghp_" + "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ" + "0mLq17".
        assert!(valid(b"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"));
        assert!(!valid(b"ghp_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18"));
    }

    #[test]
    fn dev_corpus_token() {
        // Labelled as a real GITHUB_TOKEN in the dev corpus; it satisfies the CRC-32/base62 scheme.
        assert!(valid(b"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"));
    }

    #[test]
    fn generated_tokens_and_every_prefix() {
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let t = make(prefix, "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ");
            assert!(valid(t.as_bytes()), "{t}");
        }
        assert!(!valid(make("ghx_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ").as_bytes()));
        assert!(!valid(make("GHP_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ").as_bytes()));
    }

    #[test]
    fn one_character_mutations_fail() {
        let token = b"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";
        for i in 4..token.len() {
            for replacement in [b'0', b'a', b'Z'] {
                let mut t = *token;
                if t[i] == replacement {
                    continue;
                }
                t[i] = replacement;
                assert!(!valid(&t), "position {i}");
            }
        }
        let mut swapped = *token;
        swapped.swap(10, 11);
        assert!(!valid(&swapped));
    }

    #[test]
    fn format_errors() {
        assert!(!valid(b"ghp_gXRhWtuBWDaCIMbOgFBFEyyH1jrxAV25LQ2")); // wrong length
        assert!(!valid(b"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v"));
        assert!(!valid(b"ghp-gXRhWtuBWDaCIMbOgFBFEyyH1jrxAV25LQ2v"));
        assert!(!valid(b"ghp_gXRhWtuBWDaCIMbOgFBF_yyH1jrxAV25LQ2v"));
        assert!(!valid(b"ghp_abcdefghijklmnopqrstuvwxyzABCD012345")); // right shape, bad checksum
        assert!(!valid(b""));
        assert!(!valid(b"ghp_"));
        assert!(!valid("ghp_gXRhWtuBWDaCIMbOgFBFEyyH1jrxAV25LQ2é".as_bytes()));
    }

    #[test]
    fn fine_grained_format() {
        let id = "11ABCDEFG0123456789xyz";
        let secret = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456";
        assert_eq!((id.len(), secret.len()), (22, 59));
        assert!(valid(format!("github_pat_{id}_{secret}").as_bytes()));
        assert!(!valid(format!("github_pat_{id}-{secret}").as_bytes()));
        assert!(!valid(format!("github_pat_{id}_{secret}x").as_bytes()));
        assert!(!valid(format!("github_pat_{id}_{}", &secret[1..]).as_bytes()));
        assert!(!valid(format!("github_pat_{id}x{}", &secret[1..]).as_bytes()));
        assert!(!valid(format!("github_pat_{id}_{}!", &secret[1..]).as_bytes()));
        assert!(!valid(format!("gitlab_pat_{id}_{secret}").as_bytes()));
    }
}
