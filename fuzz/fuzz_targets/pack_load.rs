//! Any text as a pack file: compiling it never panics; a pack that compiles builds a scanner,
//! lints, and runs its examples without panicking. Checks in `fuzz/checks.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod checks {
    include!("../checks.rs");
}

fuzz_target!(|data: &[u8]| checks::check_pack_load(data));
