//! The asynchronous half of scoping: resolving a principal's lookups against the upstream,
//! compiling its scope rule (cached per snapshot generation until a lookup expires), checking a
//! case before a sub-resource request, and checking grants.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use super::error::GatewayError;
use super::state::{lock, PrincipalState, Snapshot};
use super::upstream::fetch_json;
use crate::policy::{CompiledRule, Params, Principal};

/// How long a failed lookup is remembered before it is tried again.
const FAILED_LOOKUP_RETRY: Duration = Duration::from_secs(30);

/// The principal's compiled scope rule (shared: a rule holds a parsed JSONPath).
pub async fn rule(
    snap: &Snapshot,
    principal: &Principal,
    state: &Mutex<PrincipalState>,
) -> Result<Arc<CompiledRule>, GatewayError> {
    let now = Instant::now();
    if let Some((generation, until, rule)) = &lock(state).rule {
        if *generation == snap.generation && now < *until {
            return Ok(rule.clone());
        }
    }
    let Some(scope) = &snap.config.scope else { return Ok(Arc::new(CompiledRule::nothing())) };
    let mut vars = principal.vars.clone();
    let mut valid_until = now + Duration::from_secs(3600);
    for lookup in &snap.config.lookups {
        let cached =
            lock(state).lookups.get(&lookup.var).filter(|(_, exp)| now < *exp).map(|(v, _)| v.clone());
        let value = match cached {
            Some(v) => Some(v),
            None => resolve(snap, principal, lookup, &vars).await?,
        };
        let Some(value) = value else {
            tracing::warn!(principal = %principal.name, var = %lookup.var, "lookup found nothing; no dynamic scope");
            let rule = Arc::new(CompiledRule::nothing());
            lock(state).rule = Some((snap.generation, now + FAILED_LOOKUP_RETRY, rule.clone()));
            return Ok(rule);
        };
        let expiry = now + lookup.ttl;
        valid_until = valid_until.min(expiry);
        lock(state).lookups.insert(lookup.var.clone(), (value.clone(), expiry));
        vars.insert(lookup.var.clone(), value);
    }
    let rule =
        Arc::new(scope.compile(&vars).map_err(|_| GatewayError::Internal("scope rule does not compile"))?);
    lock(state).rule = Some((snap.generation, valid_until, rule.clone()));
    Ok(rule)
}

async fn resolve(
    snap: &Snapshot,
    principal: &Principal,
    lookup: &crate::policy::Lookup,
    vars: &crate::policy::Vars,
) -> Result<Option<serde_json::Value>, GatewayError> {
    let (Ok(path), Ok(select)) = (lookup.request.render_url(vars), lookup.select.compile_jsonpath(vars))
    else {
        return Ok(None);
    };
    let credential = snap.config.credential(principal.credential.as_deref());
    let doc =
        fetch_json(&snap.client, &snap.config.upstream, &path, credential, snap.config.scan.max_body_bytes)
            .await?;
    Ok(doc.and_then(|d| select.query(&d).first().cloned()))
}

/// Before forwarding a sub-resource request: is `{case}` in scope?
pub async fn case_child(
    snap: &Snapshot,
    principal: &Principal,
    rule: &CompiledRule,
    case: &str,
) -> Result<(), GatewayError> {
    if principal.has_static_case(case, SystemTime::now()) {
        return Ok(());
    }
    let scope = snap.config.scope.as_ref().ok_or(GatewayError::OutOfScope)?;
    let fetch = scope.fetch.as_ref().ok_or(GatewayError::OutOfScope)?;
    let vars = crate::policy::Vars::from([("case".to_string(), serde_json::Value::String(case.to_string()))]);
    let path = fetch.render_url(&vars).map_err(|_| GatewayError::Internal("scope.fetch"))?;
    let credential = snap.config.credential(principal.credential.as_deref());
    let doc =
        fetch_json(&snap.client, &snap.config.upstream, &path, credential, snap.config.scan.max_body_bytes)
            .await?
            .ok_or(GatewayError::OutOfScope)?;
    let found = scope.find_case(&doc).ok_or(GatewayError::OutOfScope)?;
    if scope.case_id(found).as_deref() == Some(case) && rule.matches(found) {
        Ok(())
    } else {
        Err(GatewayError::OutOfScope)
    }
}

/// A grant route: every parameter named like a grant kind must hold a granted id.
pub fn grants(snap: &Snapshot, params: &Params, state: &Mutex<PrincipalState>) -> Result<(), GatewayError> {
    let scope = snap.config.scope.as_ref().ok_or(GatewayError::NotGranted)?;
    let now = Instant::now();
    let st = lock(state);
    let mut checked = 0;
    for g in &scope.grants {
        if let Some(id) = params.get(&g.kind) {
            let key = (g.kind.clone(), id.clone());
            if st.grants.get(&key).is_none_or(|exp| now >= *exp) {
                return Err(GatewayError::NotGranted);
            }
            checked += 1;
        }
    }
    if checked == 0 {
        return Err(GatewayError::NotGranted);
    }
    Ok(())
}

/// Records the ids an in-scope case granted.
pub fn record_grants(snap: &Snapshot, granted: &[(String, String)], state: &Mutex<PrincipalState>) {
    let Some(scope) = &snap.config.scope else { return };
    let now = Instant::now();
    let until = now + scope.grant_ttl;
    let mut st = lock(state);
    st.grants.retain(|_, exp| now < *exp);
    for g in granted {
        st.grants.insert(g.clone(), until);
    }
}
