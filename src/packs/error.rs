//! Typed pack errors. Every message names the file and, where there is one, the detector.

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: no *.toml pack files in this folder")]
    Empty { path: String },
    #[error("{file}: {source}")]
    Toml { file: String, source: Box<toml::de::Error> },
    #[error("{file}: detector '{id}': {message}")]
    Invalid { file: String, id: String, message: String },
    #[error("{file}: detector '{id}': regex does not compile: {source}")]
    Regex { file: String, id: String, source: Box<regex_automata::meta::BuildError> },
    #[error("duplicate detector id '{id}' (in pack '{first}' and in {second})")]
    DuplicateId { id: String, first: String, second: String },
    #[error("duplicate pack name '{name}' ({first} and {second})")]
    DuplicatePack { name: String, first: String, second: String },
}
