//! The library's top-level error: one enum over the typed errors of each layer.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Pack(#[from] crate::packs::PackError),
    #[error(transparent)]
    Build(#[from] crate::engine::BuildError),
}
