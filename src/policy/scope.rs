//! Case scoping: which cases a vendor principal may read.
//!
//! A case is in scope when the principal's static list covers it (until its expiry) or when the
//! configured rule, an RFC 9535 filter rendered with the principal's variables, selects it. The
//! rule is evaluated over `[case]`, so `$[?@.assigned_to.id == {assignee_id}]` reads naturally.
//! Grants record sub-resource ids (attachments) seen inside in-scope cases.

use serde_json::Value;
use serde_json_path::JsonPath;

use super::template::{RenderError, Template, Vars};

#[derive(Clone, Debug)]
pub struct Lookup {
    pub var: String,
    pub request: Template,
    pub select: Template,
    pub ttl: std::time::Duration,
}

#[derive(Clone, Debug)]
pub struct Grant {
    pub kind: String,
    pub select: JsonPath,
}

#[derive(Clone, Debug)]
pub struct Scope {
    /// Where the case sits in a single-case response.
    pub case: JsonPath,
    /// How to fetch a case to check a sub-resource request.
    pub fetch: Option<Template>,
    pub rule: Option<Template>,
    /// Member holding a case's id.
    pub id: String,
    pub grants: Vec<Grant>,
    pub grant_ttl: std::time::Duration,
}

/// A scope rule compiled for one principal.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    path: Option<JsonPath>,
    /// The rendered rule: two rules with the same text select the same cases.
    text: String,
}

impl Scope {
    /// Compiles the rule with `vars` (its lookups already resolved).
    pub fn compile(&self, vars: &Vars) -> Result<CompiledRule, RenderError> {
        let path = self.rule.as_ref().map(|t| t.compile_jsonpath(vars)).transpose()?;
        let text = path.as_ref().map(ToString::to_string).unwrap_or_default();
        Ok(CompiledRule { path, text })
    }

    /// The id of a case or list item, as text.
    pub fn case_id(&self, case: &Value) -> Option<String> {
        match case.get(&self.id)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The case object inside a single-case response.
    pub fn find_case<'a>(&self, doc: &'a Value) -> Option<&'a Value> {
        self.case.query(doc).first()
    }

    /// Ids granted by an in-scope case document, per grant kind.
    pub fn granted_ids(&self, doc: &Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for g in &self.grants {
            for v in g.select.query(doc).all() {
                let id = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                out.push((g.kind.clone(), id));
            }
        }
        out
    }
}

impl CompiledRule {
    /// A rule that selects nothing (the principal's lookups could not be resolved).
    pub fn nothing() -> CompiledRule {
        CompiledRule { path: None, text: String::new() }
    }

    /// The rendered rule (empty for [`CompiledRule::nothing`]): what a cached decision keys on.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the rule selects `case`. No rule: nothing is in scope dynamically.
    pub fn matches(&self, case: &Value) -> bool {
        let Some(path) = &self.path else { return false };
        let wrapped = Value::Array(vec![case.clone()]);
        !path.query(&wrapped).is_empty()
    }

    /// Like [`CompiledRule::matches`] without copying: `case` is moved into the wrapper and back.
    pub fn matches_mut(&self, case: &mut Value) -> bool {
        let Some(path) = &self.path else { return false };
        let wrapped = Value::Array(vec![std::mem::take(case)]);
        let hit = !path.query(&wrapped).is_empty();
        if let Value::Array(mut items) = wrapped {
            if let Some(v) = items.pop() {
                *case = v;
            }
        }
        hit
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn scope() -> Scope {
        Scope {
            case: JsonPath::parse("$.issue").unwrap(),
            fetch: None,
            rule: Some(
                Template::parse("k", "$[?@.assigned_to.id == {assignee_id} && @.closed_on == null]").unwrap(),
            ),
            id: "id".into(),
            grants: vec![Grant {
                kind: "attachment".into(),
                select: JsonPath::parse("$.issue.attachments[*].id").unwrap(),
            }],
            grant_ttl: std::time::Duration::from_secs(60),
        }
    }

    #[test]
    fn rule_follows_assignment_and_excludes_closed() {
        let rule = scope().compile(&Vars::from([("assignee_id".into(), json!(5))])).unwrap();
        let mut open_mine = json!({"id": 1, "assigned_to": {"id": 5}, "closed_on": null});
        assert!(rule.matches(&open_mine));
        assert!(rule.matches_mut(&mut open_mine));
        assert_eq!(open_mine["id"], 1, "value restored after matches_mut");
        assert!(!rule.matches(&json!({"id": 2, "assigned_to": {"id": 6}, "closed_on": null})));
        assert!(!rule.matches(&json!({"id": 3, "assigned_to": {"id": 5}, "closed_on": "2026-01-01"})));
        assert!(!rule.matches(&json!({"id": 4})));
    }

    #[test]
    fn ids_and_grants() {
        let s = scope();
        let doc = json!({"issue": {"id": 7, "attachments": [{"id": 10}, {"id": "11"}]}});
        assert_eq!(s.case_id(s.find_case(&doc).unwrap()).as_deref(), Some("7"));
        let g = s.granted_ids(&doc);
        assert_eq!(g, vec![("attachment".into(), "10".into()), ("attachment".into(), "11".into())]);
    }
}
