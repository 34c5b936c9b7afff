#![no_main]
//! Fuzz target `docx`: see `govsearch::fuzzing::docx`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| govsearch::fuzzing::docx(data));
