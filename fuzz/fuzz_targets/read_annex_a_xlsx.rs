//! Raw bytes as an Excel workbook: the ZIP and sheet readers behind the Annex A reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut xlsx = b"PK\x03\x04".to_vec();
    xlsx.extend_from_slice(data.strip_prefix(b"PK\x03\x04").unwrap_or(data));
    scrutiny_ingest::fuzzing::read_and_validate(&xlsx, "2024-25/annex_a.xlsx");
});
