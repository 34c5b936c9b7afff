#![no_main]
//! Fuzz target `html`: see `govsearch::fuzzing::html`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::html(data));
