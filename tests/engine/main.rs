//! Integration tests of the library: the packs' own examples, engine properties, wide spaces,
//! structure-aware content, extraction, and the fuzz corpora replayed. One test binary for all
//! of them (each binary links the whole crate, so one link instead of eight).

#[path = "../common/mod.rs"]
mod common;

mod content;
mod content_properties;
mod extract;
mod extract_docs;
mod fuzz_corpus;
mod packs;
mod properties;
mod wide_spaces;
