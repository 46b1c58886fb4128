//! Any bytes, as any file: reading and validating must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scrutiny_ingest::fuzzing::read_and_validate(data, "input");
});
