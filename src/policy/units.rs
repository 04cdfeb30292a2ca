//! Units in configuration values: durations (`"250ms"`, `"5s"`), byte sizes (`"16MiB"`) and
//! RFC 3339 instants. Each parser names the key in its error.

use std::time::{Duration, SystemTime};

use super::raw::RawSize;
use super::ConfigError;

pub fn duration(key: &str, text: Option<&str>, default: Duration) -> Result<Duration, ConfigError> {
    match text {
        None => Ok(default),
        Some(t) => humantime::parse_duration(t.trim())
            .map_err(|e| ConfigError::invalid(key, format!("not a duration ({e}); write e.g. \"5s\""))),
    }
}

pub fn instant(key: &str, text: Option<&str>) -> Result<Option<SystemTime>, ConfigError> {
    text.map(|t| {
        humantime::parse_rfc3339_weak(t.trim())
            .map_err(|e| ConfigError::invalid(key, format!("not an RFC 3339 time ({e})")))
    })
    .transpose()
}

pub fn size(key: &str, raw: Option<&RawSize>, default: u64) -> Result<u64, ConfigError> {
    let text = match raw {
        None => return Ok(default),
        Some(RawSize::Bytes(n)) => return Ok(*n),
        Some(RawSize::Text(t)) => t.trim(),
    };
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().map_err(|_| ConfigError::invalid(key, "not a size; write e.g. \"16MiB\""))?;
    let scale: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" | "KB" => 1 << 10,
        "MiB" | "M" | "MB" => 1 << 20,
        "GiB" | "G" | "GB" => 1 << 30,
        other => {
            return Err(ConfigError::invalid(key, format!("unknown size unit `{other}` (B, KiB, MiB, GiB)")))
        }
    };
    n.checked_mul(scale).ok_or_else(|| ConfigError::invalid(key, "size too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let t = |s: &str| size("k", Some(&RawSize::Text(s.into())), 0);
        assert_eq!(t("16MiB").unwrap(), 16 << 20);
        assert_eq!(t("512").unwrap(), 512);
        assert_eq!(t("2 KiB").unwrap(), 2048);
        assert!(t("12 parsecs").is_err());
        assert_eq!(size("k", None, 7).unwrap(), 7);
    }

    #[test]
    fn durations_and_instants() {
        assert_eq!(duration("k", Some("250ms"), Duration::ZERO).unwrap(), Duration::from_millis(250));
        assert!(duration("k", Some("soon"), Duration::ZERO).is_err());
        assert!(instant("k", Some("2027-01-31T00:00:00Z")).unwrap().is_some());
        assert!(instant("k", Some("31/01/2027")).is_err());
    }
}
