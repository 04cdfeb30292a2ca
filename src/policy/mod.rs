//! Gateway policy, independent of HTTP: the configuration format and its validation, who a
//! token stands for, which routes a role may call, which cases a vendor may read, and what
//! happens to each finding. The proxy (`crate::gateway`) is a thin adapter over this module;
//! nothing here does I/O except [`Config::load`] reading the file.

mod actions;
mod anomaly;
mod config;
mod env;
mod principal;
pub mod raw;
mod route;
mod scope;
mod secret;
mod template;
mod units;

use std::path::{Path, PathBuf};

pub use actions::{Act, ActionRule, Actions};
pub use anomaly::{Alert, AnomalyConfig, Window};
pub use config::{Audit, Config, Role, ScanLimits, Server, Unscannable, Upstream};
pub use env::{expand, Env, ProcessEnv};
pub use principal::{token_digest, AuthError, Kind, Principal, Principals, StaticCase};
pub use route::{is_canonical, Params, Route, RouteKind};
pub use scope::{CompiledRule, Grant, Lookup, Scope};
pub use secret::Secret;
pub use template::{MissingVar, RenderError, Template, Vars};

/// A configuration problem. Messages name the key (`principals[1].tier`) and never echo a
/// value, since values may be secrets from the environment.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{0}")]
    Syntax(String),
    #[error("`{key}`: {message}")]
    Invalid { key: String, message: String },
    #[error("`{key}`: environment variable `{var}` is not set")]
    MissingEnv { key: String, var: String },
    /// Not a `#[source]`: the message already includes the inner error, and error reporters
    /// that walk sources would print it twice.
    #[error("{path}: {error}")]
    InFile { path: PathBuf, error: Box<ConfigError> },
}

impl ConfigError {
    pub fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid { key: key.to_string(), message: message.into() }
    }

    fn in_file(self, path: &Path) -> ConfigError {
        match self {
            e @ (ConfigError::Io { .. } | ConfigError::InFile { .. }) => e,
            e => ConfigError::InFile { path: path.to_path_buf(), error: Box::new(e) },
        }
    }
}
