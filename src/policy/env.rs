//! Environment interpolation for configuration values: `${NAME}` and `${NAME:-default}`.
//!
//! The environment is read through the [`Env`] seam so tests pass a map instead of mutating the
//! process environment. Values are never echoed in errors: an error names the key and the
//! variable, not what it held.

use std::collections::HashMap;

use super::ConfigError;

/// Where `${NAME}` values come from.
pub trait Env {
    fn get(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }
}

/// Expands every `${…}` in `value`; `key` names the configuration key for errors.
/// `$$` is a literal `$`.
pub fn expand(env: &dyn Env, key: &str, value: &str) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            let end = body.find('}').ok_or_else(|| ConfigError::invalid(key, "unclosed `${`"))?;
            out.push_str(&resolve(env, key, &body[..end])?);
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn resolve(env: &dyn Env, key: &str, spec: &str) -> Result<String, ConfigError> {
    let (name, default) = match spec.split_once(":-") {
        Some((name, default)) => (name, Some(default)),
        None => (spec, None),
    };
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        return Err(ConfigError::invalid(key, format!("`${{{name}}}` is not a valid variable name")));
    }
    match (env.get(name), default) {
        (Some(v), _) if !v.is_empty() => Ok(v),
        (_, Some(d)) => Ok(d.to_string()),
        (Some(v), None) => Ok(v),
        (None, None) => Err(ConfigError::MissingEnv { key: key.to_string(), var: name.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> HashMap<String, String> {
        HashMap::from([("A".into(), "alpha".into()), ("EMPTY".into(), String::new())])
    }

    #[test]
    fn expands_set_default_and_literal_dollar() {
        let e = env();
        assert_eq!(expand(&e, "k", "x-${A}-y").unwrap(), "x-alpha-y");
        assert_eq!(expand(&e, "k", "${B:-fallback}").unwrap(), "fallback");
        assert_eq!(expand(&e, "k", "${EMPTY:-d}").unwrap(), "d");
        assert_eq!(expand(&e, "k", "cost $$5 and $x").unwrap(), "cost $5 and $x");
    }

    #[test]
    fn missing_variable_names_key_and_variable() {
        let err = expand(&env(), "audit.key", "${NOPE}").unwrap_err().to_string();
        assert!(err.contains("audit.key") && err.contains("NOPE"), "{err}");
        assert!(expand(&env(), "k", "${A").is_err());
        assert!(expand(&env(), "k", "${A B}").is_err());
    }
}
