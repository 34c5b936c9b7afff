#![no_main]
//! Fuzz target `query`: see `govsearch::fuzzing::query`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::query(data));
