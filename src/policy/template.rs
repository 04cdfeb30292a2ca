//! `{name}` templates in configuration: request paths, JSONPath rules and lookups.
//!
//! A template is parsed once at load. Rendering substitutes variables in a way that cannot
//! change the template's structure: in a URL a value is percent-encoded; in a JSONPath it
//! becomes a JSON literal (a quoted, escaped string or a number), so a variable can never
//! inject a filter of its own.

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json_path::JsonPath;

use super::ConfigError;

/// Variable values for one principal: its `vars`, resolved lookups and the built-ins
/// `principal`, `vendor` and `tier`.
pub type Vars = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Var(String),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// A variable the template needs is not defined for this principal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("variable `{0}` is not defined for this principal")]
pub struct MissingVar(pub String);

impl Template {
    pub fn parse(key: &str, text: &str) -> Result<Template, ConfigError> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| ConfigError::invalid(key, "unclosed `{` in template"))?;
            let name = &rest[open + 1..close];
            if !is_var_name(name) {
                // Not a variable (e.g. a JSON object in a filter): keep it literally.
                parts.push(Part::Literal(rest[..=open].to_string()));
                rest = &rest[open + 1..];
                continue;
            }
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            parts.push(Part::Var(name.to_string()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        Ok(Template { parts: merge_literals(parts) })
    }

    /// Names of the variables used, in order of first use.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// Renders for a URL path or query: values percent-encoded (RFC 3986 unreserved kept).
    pub fn render_url(&self, vars: &Vars) -> Result<String, MissingVar> {
        self.render(vars, |out, v| {
            let text = scalar_text(v);
            out.extend(form_urlencoded::byte_serialize(text.as_bytes()).map(|s| s.replace('+', "%20")));
        })
    }

    /// Renders a JSONPath: values become JSON literals.
    pub fn render_jsonpath(&self, vars: &Vars) -> Result<String, MissingVar> {
        self.render(vars, |out, v| match v {
            Value::Number(_) | Value::Bool(_) | Value::Null => out.push_str(&v.to_string()),
            other => out.push_str(&Value::String(scalar_text(other)).to_string()),
        })
    }

    /// Renders and compiles a JSONPath.
    pub fn compile_jsonpath(&self, vars: &Vars) -> Result<JsonPath, RenderError> {
        let text = self.render_jsonpath(vars)?;
        JsonPath::parse(&text).map_err(|e| RenderError::Syntax(e.to_string()))
    }

    fn render(&self, vars: &Vars, mut put: impl FnMut(&mut String, &Value)) -> Result<String, MissingVar> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Var(name) => put(&mut out, vars.get(name).ok_or_else(|| MissingVar(name.clone()))?),
            }
        }
        Ok(out)
    }
}

/// Rendering a JSONPath template failed.
#[derive(Clone, Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Missing(#[from] MissingVar),
    #[error("invalid JSONPath after substitution: {0}")]
    Syntax(String),
}

/// Checks at load time that a JSONPath template compiles, substituting a sample value.
pub fn check_jsonpath(key: &str, template: &Template) -> Result<(), ConfigError> {
    let sample: Vars = template.vars().map(|v| (v.to_string(), Value::from(0))).collect();
    template.compile_jsonpath(&sample).map(|_| ()).map_err(|e| ConfigError::invalid(key, e.to_string()))
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_var_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn merge_literals(parts: Vec<Part>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::with_capacity(parts.len());
    for p in parts {
        match (out.last_mut(), p) {
            (Some(Part::Literal(a)), Part::Literal(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> Vars {
        Vars::from([("login".into(), json!("o'brien \"x\" ] || true")), ("id".into(), json!(7))])
    }

    #[test]
    fn url_values_are_percent_encoded() {
        let t = Template::parse("k", "/users.json?name={login}").unwrap();
        let url = t.render_url(&vars()).unwrap();
        assert!(url.starts_with("/users.json?name=o%27brien%20%22x%22%20%5D"), "{url}");
    }

    #[test]
    fn jsonpath_values_cannot_inject() {
        let t = Template::parse("k", "$[?@.login == {login}]").unwrap();
        let path = t.compile_jsonpath(&vars()).unwrap();
        let doc = json!([{"login": "o'brien \"x\" ] || true"}, {"login": "other"}]);
        assert_eq!(path.query(&doc).all().len(), 1);
        let t = Template::parse("k", "$[?@.assigned_to.id == {id}]").unwrap();
        let path = t.compile_jsonpath(&vars()).unwrap();
        assert_eq!(path.query(&json!([{"assigned_to": {"id": 7}}])).all().len(), 1);
    }

    #[test]
    fn missing_variable_is_an_error() {
        let t = Template::parse("k", "/issues/{case}.json").unwrap();
        assert_eq!(t.render_url(&vars()).unwrap_err(), MissingVar("case".into()));
        assert_eq!(t.vars().collect::<Vec<_>>(), ["case"]);
    }
}
