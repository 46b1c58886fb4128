//! Bytes after an SSDA903 episodes header, so most inputs reach the CSV reader and 903 rules.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut csv = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n".to_vec();
    csv.extend_from_slice(data);
    scrutiny_ingest::fuzzing::read_and_validate(&csv, "2024-25/episodes.csv");
});
