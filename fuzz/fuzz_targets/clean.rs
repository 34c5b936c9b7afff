#![no_main]
//! Fuzz target `clean`: see `govsearch::fuzzing::clean`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::clean(data));
