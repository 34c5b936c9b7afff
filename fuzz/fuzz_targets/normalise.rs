#![no_main]
//! Fuzz target `normalise`: see `govsearch::fuzzing::normalise`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::normalise(data));
