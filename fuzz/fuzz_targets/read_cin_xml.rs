//! Bytes after a CIN census prefix, so most inputs reach the CIN reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut xml = b"<?xml version=\"1.0\"?><Message><Header><CollectionDetails><Collection>CIN</Collection><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header><Children>".to_vec();
    xml.extend_from_slice(data);
    scrutiny_ingest::fuzzing::read_and_validate(&xml, "cin.xml");
});
