#![no_main]
//! Fuzz target `facets`: see `govsearch::fuzzing::facets`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::facets(data));
