#![no_main]
//! Fuzz target `snippets`: see `govsearch::fuzzing::snippets`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::snippets(data));
