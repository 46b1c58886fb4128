//! Bytes after an Annex A List 8 header, so most inputs reach the Annex A reader, rules and merge.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut csv = b"Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date Started to be Looked After,Child's Legal Status,Date of Last Social Work Visit,Allocated Team,Allocated Worker\n".to_vec();
    csv.extend_from_slice(data);
    scrutiny_ingest::fuzzing::read_and_validate(&csv, "2024-25/annex_a_list_8.csv");
});
