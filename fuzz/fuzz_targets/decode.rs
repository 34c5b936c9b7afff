#![no_main]
//! Fuzz target `decode`: see `govsearch::fuzzing::decode`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::decode(data));
