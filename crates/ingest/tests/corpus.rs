//! The fuzz targets' property over a deterministic corpus: real synthetic
//! returns cut, spliced and corrupted in many ways must never make a reader,
//! a rule or the dataset builder panic.

use scrutiny_ingest::fuzzing::read_and_validate;
use scrutiny_model::Period;
use scrutiny_synth::{generate, write_council, Options, Size};

/// A tiny deterministic generator for mutations.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn mutations(seed: &[u8], rng: &mut Lcg) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = seed.len().max(1);
    for _ in 0..12 {
        let cut = rng.next() % n;
        out.push(seed[..cut].to_vec());
        let mut flipped = seed.to_vec();
        for _ in 0..8 {
            let i = rng.next() % n;
            if i < flipped.len() {
                flipped[i] = (rng.next() % 256) as u8;
            }
        }
        out.push(flipped);
        let (a, b) = (rng.next() % n, rng.next() % n);
        let mut spliced = seed[..a.min(b)].to_vec();
        spliced.extend_from_slice(&seed[a.max(b)..]);
        spliced.extend_from_slice(&seed[a.min(b)..a.max(b)]);
        out.push(spliced);
    }
    out.push(seed.iter().map(|b| if *b == b',' { b';' } else { *b }).collect());
    out.push(seed.iter().map(|b| if *b == b'/' { b'-' } else { *b }).collect());
    out
}

/// A small synthetic council's 2024-25 files.
fn one_year(seed: u64) -> tempfile::TempDir {
    let options = Options { seed, size: Size::Small, years: 1, until: "2024-25".parse::<Period>().unwrap(), error_rate: 0.0 };
    let council = generate(&options);
    let dir = tempfile::tempdir().unwrap();
    write_council(&council, &options, dir.path()).unwrap();
    dir
}

#[test]
fn mutated_returns_never_panic() {
    let dir = one_year(4);
    let year = dir.path().join("2024-25");
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    // Keep the seeds small: the first 200 lines of each file (the CIN census whole but cut).
    for entry in std::fs::read_dir(&year).unwrap().chain(std::fs::read_dir(year.join("ssd")).unwrap()) {
        let p = entry.unwrap().path();
        if p.is_file() {
            let text = std::fs::read_to_string(&p).unwrap();
            let head: String = text.lines().take(200).collect::<Vec<_>>().join("\n");
            seeds.push((format!("2024-25/{}", p.file_name().unwrap().to_string_lossy()), head.into_bytes()));
        }
    }
    seeds.sort();
    let mut rng = Lcg(7);
    let mut cases = 0;
    for (name, seed) in &seeds {
        for m in mutations(seed, &mut rng) {
            read_and_validate(&m, name);
            cases += 1;
        }
    }
    for odd in [&b""[..], b"\xEF\xBB\xBF", b"<", b"<Message>", b"<Message><Children><Child>", b"CHILD\n\"", b"\0\0\0", b"la_code = [", b"PK\x03\x04"] {
        read_and_validate(odd, "2024-25/odd.csv");
        read_and_validate(odd, "odd.xml");
        cases += 2;
    }
    assert!(cases > 500, "{cases}");
}

/// Annex A (CSV lists and the workbook) and the workforce census XML, cut and
/// corrupted: refused or read, never a panic. Workbooks are ZIP archives, so
/// their mutations mostly exercise the archive and sheet readers.
#[test]
fn mutated_annex_a_and_workforce_xml_never_panic() {
    let dir = one_year(6);
    let year = dir.path().join("2024-25");
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(year.join("annex_a")).unwrap().chain(std::fs::read_dir(&year).unwrap()) {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&p).unwrap_or_default();
        if name.ends_with(".xlsx") {
            seeds.push((format!("2024-25/{name}"), bytes));
        } else if name.starts_with("annex_a_list") || (name.starts_with("csww_") && name.ends_with(".xml")) {
            let head: Vec<&str> = std::str::from_utf8(&bytes).unwrap().lines().take(120).collect();
            seeds.push((format!("2024-25/{name}"), head.join("\n").into_bytes()));
        }
    }
    seeds.sort();
    assert!(
        seeds.iter().any(|s| s.0.ends_with(".xlsx")) && seeds.iter().any(|s| s.0.ends_with(".xml")),
        "{:?}",
        seeds.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    let mut rng = Lcg(11);
    let mut cases = 0;
    for (name, seed) in &seeds {
        for m in mutations(seed, &mut rng) {
            read_and_validate(&m, name);
            cases += 1;
        }
    }
    let odd: [&[u8]; 5] = [
        b"Child Unique ID\n",
        b"Child Unique ID,Date of Contact,Contact Source\n,,\n\"",
        b"PK\x03\x04\x14\x00",
        b"<Message><CSWWWorker>",
        b"<Message><LALevelVacancies/></Message>",
    ];
    for odd in odd {
        read_and_validate(odd, "2024-25/odd.csv");
        read_and_validate(odd, "odd.xlsx");
        cases += 2;
    }
    assert!(cases > 200, "{cases}");
}
