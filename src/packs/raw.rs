//! The pack file as written: serde structs with `deny_unknown_fields`, no validation.
//! [`super::compile`] turns these into validated detectors; nothing else reads them.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    pub pack: RawPackMeta,
    #[serde(default)]
    pub detector: Vec<RawDetector>,
    #[serde(default)]
    pub dictionary: Vec<RawDictionary>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackMeta {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDetector {
    pub id: String,
    pub entity: String,
    pub category: String,
    pub severity: String,
    #[serde(default)]
    pub description: Option<String>,
    pub regex: String,
    #[serde(default)]
    pub validator: Option<String>,
    #[serde(default)]
    pub score: Option<f32>,
    #[serde(default)]
    pub redact: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub digits: Option<u32>,
    #[serde(default)]
    pub colons: Option<u32>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub window: Option<u32>,
    #[serde(default)]
    pub context: Option<RawContext>,
    #[serde(default)]
    pub allow: Option<RawAllow>,
    #[serde(default)]
    pub examples: RawExamples,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContext {
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub window: Option<u32>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub boost: Option<f32>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub exclude_before: bool,
    #[serde(default)]
    pub exclude_window: Option<u32>,
    #[serde(default)]
    pub exclude_after: Vec<String>,
    #[serde(default)]
    pub exclude_after_window: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllow {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub matches: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    #[serde(default, rename = "match")]
    pub must_match: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDictionary {
    pub id: String,
    pub entity: String,
    pub category: String,
    pub severity: String,
    #[serde(default)]
    pub description: Option<String>,
    pub terms: Vec<String>,
    #[serde(default)]
    pub case_insensitive: Option<bool>,
    #[serde(default)]
    pub whole_word: Option<bool>,
    #[serde(default)]
    pub score: Option<f32>,
    #[serde(default)]
    pub redact: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub examples: RawExamples,
}
