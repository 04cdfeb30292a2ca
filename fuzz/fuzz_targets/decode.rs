//! `<coding name>\n<body>` → `content::decode` with small limits never panics and never
//! returns more than the cap. Checks in `fuzz/content_checks.rs`, replayed over
//! `fuzz/corpus/decode` by `tests/content.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod checks {
    include!("../content_checks.rs");
}

fuzz_target!(|data: &[u8]| checks::check_decode(data));
