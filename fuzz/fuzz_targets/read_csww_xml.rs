//! Bytes after a workforce census XML prefix, so most inputs reach the CSWW XML reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut xml = b"<?xml version=\"1.0\"?><Message><Header><CollectionDetails><Collection>CSWW</Collection><ReferenceDate>2024-09-30</ReferenceDate></CollectionDetails></Header><LALevelVacancies>".to_vec();
    xml.extend_from_slice(data);
    scrutiny_ingest::fuzzing::read_and_validate(&xml, "2024-25/csww.xml");
});
