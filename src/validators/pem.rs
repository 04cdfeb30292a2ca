//! PEM-encoded private keys (RFC 7468 textual encoding; RFC 1421 encapsulated headers as used by
//! OpenSSL's traditional encrypted keys): a `-----BEGIN <label>-----` line whose label contains
//! `PRIVATE KEY` (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`,
//! `OPENSSH PRIVATE KEY`, ...), optional `Name: value` header lines (`Proc-Type:`,
//! `DEK-Info:`), at least 64 base64 characters, and the `-----END <same label>-----` line.
//!
//! Between the markers only base64 (`A-Z a-z 0-9 + / =`) and whitespace may follow the headers;
//! each line may start with e-mail quote marks (`> `, `>> `): a key quoted in a reply.
//! Trailing whitespace after the END line is tolerated. Blocks over 64 KiB are rejected.

const MAX_INPUT: usize = 64 * 1024;
const MAX_LABEL: usize = 64;
const MIN_BASE64: usize = 64;

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// An RFC 1421 header line: `Name: value`, the name made of letters, digits and dashes, the
/// value printable ASCII.
fn header_line(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    let Some((name, value)) = line.split_at_checked(colon) else {
        return false;
    };
    !name.is_empty()
        && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        && value.iter().all(|&b| b.is_ascii_graphic() || b == b' ' || b == b'\t')
}

pub fn valid(value: &[u8]) -> bool {
    if value.len() > MAX_INPUT {
        return false;
    }
    let end = value.iter().rposition(|&b| !is_blank(b)).map_or(0, |i| i + 1);
    let Some(value) = value.get(..end) else {
        return false;
    };
    let Some(rest) = value.strip_prefix(b"-----BEGIN ") else {
        return false;
    };
    let Some(label_len) = rest.windows(5).position(|w| w == b"-----") else {
        return false;
    };
    let Some((label, after)) = rest.split_at_checked(label_len) else {
        return false;
    };
    let label_ok = label.len() <= MAX_LABEL
        && label.iter().all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
        && contains(label, b"PRIVATE KEY");
    if !label_ok {
        return false;
    }
    // `after` starts with the BEGIN line's closing dashes; the block ends with the END line.
    let Some(body) = after
        .strip_prefix(b"-----")
        .and_then(|b| b.strip_suffix(b"-----"))
        .and_then(|b| b.strip_suffix(label))
        .and_then(|b| b.strip_suffix(b"-----END "))
    else {
        return false;
    };
    let mut in_headers = true;
    let mut base64_chars = 0usize;
    for raw in body.split(|&b| b == b'\n') {
        let start = raw.iter().position(|&b| !is_blank(b));
        let stop = raw.iter().rposition(|&b| !is_blank(b));
        let line = match (start, stop) {
            (Some(s), Some(e)) => raw.get(s..=e).unwrap_or(&[]),
            _ => continue, // blank line
        };
        let quoted = line.iter().take_while(|&&b| b == b'>' || is_blank(b)).count();
        let line = line.get(quoted..).unwrap_or(&[]);
        if line.is_empty() {
            continue;
        }
        if in_headers && line.contains(&b':') {
            if !header_line(line) {
                return false;
            }
            continue;
        }
        in_headers = false;
        for &b in line {
            if is_base64(b) {
                base64_chars += 1;
            } else if !is_blank(b) {
                return false;
            }
        }
    }
    base64_chars >= MIN_BASE64
}

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic key material: shaped like a PKCS#8 RSA key, not a real key.
    const BODY: &str = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+XQmK\n\
                        fAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKEfAKE\n\
                        c2ludGhldGljIHRlc3Qga2V5IG1hdGVyaWFs==\n";

    fn block(label: &str, headers: &str, body: &str) -> String {
        // Built at run time so the source holds no literal key block.
        let dashes = "-----";
        format!("{dashes}BEGIN {label}{dashes}\n{headers}{body}{dashes}END {label}{dashes}")
    }

    #[test]
    fn private_key_blocks() {
        for label in [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "DSA PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
        ] {
            let pem = block(label, "", BODY);
            assert!(valid(pem.as_bytes()), "{label}");
        }
    }

    #[test]
    fn encrypted_headers_and_whitespace() {
        let headers = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,5E1B2C4D6F8A0B1C3D5E7F9A1B3C5D7E\n\n";
        assert!(valid(block("RSA PRIVATE KEY", headers, BODY).as_bytes()));
        let crlf = block("PRIVATE KEY", "", &BODY.replace('\n', "\r\n"));
        assert!(valid(crlf.as_bytes()));
        assert!(valid(format!("{}\n", block("PRIVATE KEY", "", BODY)).as_bytes()));
        assert!(valid(block("PRIVATE KEY", "", &BODY.replace('\n', "\n    ")).as_bytes()));
        // Quoted in an e-mail reply, once or twice.
        for quote in ["> ", ">> ", "> > "] {
            let quoted = block("OPENSSH PRIVATE KEY", "", &BODY.replace('\n', &format!("\n{quote}")));
            assert!(valid(quoted.as_bytes()), "{quote}");
        }
    }

    #[test]
    fn rejected_blocks() {
        // Not a private key.
        assert!(!valid(block("PUBLIC KEY", "", BODY).as_bytes()));
        assert!(!valid(block("CERTIFICATE", "", BODY).as_bytes()));
        // END label differs.
        let mismatched = block("RSA PRIVATE KEY", "", BODY).replace("END RSA", "END EC");
        assert!(!valid(mismatched.as_bytes()));
        // Too little base64.
        assert!(!valid(block("PRIVATE KEY", "", "MIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n").as_bytes()));
        // Something other than base64 in the body.
        assert!(!valid(block("PRIVATE KEY", "", &format!("{BODY}not*base64\n")).as_bytes()));
        assert!(!valid(block("PRIVATE KEY", "", &format!("{BODY}\u{e9}\n")).as_bytes()));
        assert!(!valid(block("PRIVATE KEY", "", &format!("{BODY}>\n> <\n")).as_bytes()));
        // A header after the base64 started.
        assert!(!valid(block("PRIVATE KEY", "", &format!("{BODY}Proc-Type: 4,ENCRYPTED\n")).as_bytes()));
        // Malformed header name.
        assert!(!valid(block("PRIVATE KEY", "Proc Type: 4\n", BODY).as_bytes()));
        // Missing END, or truncated.
        let full = block("PRIVATE KEY", "", BODY);
        assert!(!valid(&full.as_bytes()[..full.len() - 1]));
        let begin_only = format!("-----BEGIN PRIVATE KEY-----\n{BODY}");
        assert!(!valid(begin_only.as_bytes()));
        // Leading text, lowercase label, empty.
        assert!(!valid(format!(" {full}").as_bytes()));
        assert!(!valid(block("private key", "", BODY).as_bytes()));
        assert!(!valid(b""));
        assert!(!valid(b"-----BEGIN "));
        assert!(!valid(b"-----BEGIN PRIVATE KEY----------END PRIVATE KEY-----"));
    }
}
