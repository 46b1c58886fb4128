//! Finding and reading input files. The format is told from the content,
//! never the file name: an XML root, a CSV header, a TOML key.

pub(crate) mod annex_a;
mod bytemap;
mod cin_xml;
mod csv_table;
mod csww_xml;
mod xml;

use crate::issue::{Issue, Severity};
use crate::raw::{CinCensus, CsvTable, FileId};
use scrutiny_model::{formats, Council, Period};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use cin_xml::read_cin;
pub use csv_table::read_csv;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

#[derive(Debug, Clone)]
pub enum Content {
    Cin(CinCensus),
    Table(CsvTable),
    Council(Council),
}

#[derive(Debug, Clone)]
pub struct InputFile {
    /// As given (or found under a folder given), for messages.
    pub path: String,
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    pub bytes: u64,
    /// The collection year: the CIN census reference date, else a `2024-25` in the path.
    pub year: Option<Period>,
    pub content: Content,
    /// Which part of the file this is, where one file holds several tables
    /// (a workbook's sheet, the workforce census XML's two parts).
    pub part: Option<String>,
}

impl InputFile {
    pub fn format(&self) -> String {
        match &self.content {
            Content::Cin(_) => "CIN census XML".into(),
            Content::Table(t) => match &self.part {
                Some(part) => format!("{} ({part})", t.kind.spec().name),
                None => format!("{} CSV", t.kind.spec().name),
            },
            Content::Council(_) => "council settings".into(),
        }
    }

    /// How many records the file holds: a table's rows; a census's children and their episodes.
    pub fn records(&self) -> usize {
        match &self.content {
            Content::Table(t) => t.rows.len(),
            Content::Cin(c) => c.children.iter().map(|c| 1 + c.episodes.len()).sum(),
            Content::Council(_) => 0,
        }
    }
}

/// Everything read from the paths given, with the problems met while reading.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<InputFile>,
    pub issues: Vec<Issue>,
    /// Paths that could not be used at all (unreadable, unrecognised, empty).
    pub unreadable: Vec<String>,
}

impl Inputs {
    pub fn file(&self, id: FileId) -> &InputFile {
        &self.files[id]
    }

    /// How many records were read, from every file.
    pub fn records(&self) -> usize {
        self.files.iter().map(InputFile::records).sum()
    }

    pub fn council(&self) -> Option<&Council> {
        self.files.iter().find_map(|f| match &f.content {
            Content::Council(c) => Some(c),
            _ => None,
        })
    }
}

/// Bytes as text, invalid UTF-8 replaced: `String::from_utf8_lossy`, with the
/// standard library's faster check first, as an element name is read for every element.
pub(crate) fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A source that gives at most `.1` bytes a read: readers are tested with
/// it across every boundary of their buffers.
#[cfg(test)]
pub(super) struct Trickle<'a>(pub &'a [u8], pub usize);

#[cfg(test)]
impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

pub(crate) fn read_issue(file: &str, line: Option<u32>, rule: &str, message: String) -> Issue {
    Issue { severity: Severity::Error, rule: rule.into(), file: file.into(), line, child: None, field: None, value: None, message }
}

/// Expands folders (recursively, in name order) and reads every file.
pub fn read_paths(paths: &[PathBuf]) -> Inputs {
    read_paths_with_progress(paths, |_, _| {})
}

/// As `read_paths`, calling `progress(bytes_done, bytes_total)` after each file.
pub fn read_paths_with_progress(paths: &[PathBuf], progress: impl FnMut(u64, u64) + Send) -> Inputs {
    let mut inputs = Inputs::default();
    let files = collect_all(paths, &mut inputs);
    let sizes: Vec<u64> = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).collect();
    let total = sizes.iter().sum();
    let done = std::sync::Mutex::new((0u64, progress));
    let read = on_every_core(&sizes, |i| {
        let mut one = Inputs::default();
        read_one(&files[i], &mut one);
        if let Ok(mut d) = done.lock() {
            d.0 += sizes[i];
            let so_far = d.0;
            (d.1)(so_far, total);
        }
        one
    });
    for one in read {
        inputs.files.extend(one.files);
        inputs.issues.extend(one.issues);
        inputs.unreadable.extend(one.unreadable);
    }
    inputs
}

/// The files `read_paths` would read under `paths`, with their sizes; `None`
/// when a path or folder cannot be listed.
pub fn list_files(paths: &[PathBuf]) -> Option<Vec<(PathBuf, u64)>> {
    let mut inputs = Inputs::default();
    let files = collect_all(paths, &mut inputs);
    if !inputs.unreadable.is_empty() {
        return None;
    }
    files.into_iter().map(|f| std::fs::metadata(&f).ok().map(|m| (f, m.len()))).collect()
}

/// Each listed file's SHA-256 as `read_paths` records it, without parsing: enough
/// to tell files already imported. `None` if one cannot be read.
pub fn hash_files(listed: &[(PathBuf, u64)]) -> Option<Vec<String>> {
    let sizes: Vec<u64> = listed.iter().map(|(_, size)| *size).collect();
    on_every_core(&sizes, |i| {
        let file = std::fs::File::open(&listed[i].0).ok()?;
        Hashing::new(file).finish().ok().map(|(hash, _)| hash)
    })
    .into_iter()
    .collect()
}

/// `work(i)` for every file `i` of these sizes, on every core, the results in
/// index order so they never depend on timing. The largest files are taken first,
/// so no core is left with a large one alone at the end.
fn on_every_core<T: Send>(sizes: &[u64], work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut largest_first: Vec<usize> = (0..sizes.len()).collect();
    largest_first.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(&i) = largest_first.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        mine.push((i, work(i)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    results.sort_by_key(|r| r.0);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Every file under `paths`, in order; paths that cannot be listed go to `inputs`.
fn collect_all(paths: &[PathBuf], inputs: &mut Inputs) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files, inputs);
    }
    files
}

fn collect(p: &Path, out: &mut Vec<PathBuf>, inputs: &mut Inputs) {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => {
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    let name = p.display().to_string();
                    inputs.issues.push(read_issue(&name, None, "SCR-READ", format!("cannot list the folder: {e}")));
                    inputs.unreadable.push(name);
                    return;
                }
            };
            entries.sort();
            for e in entries {
                let hidden = e.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
                let manifest = e.file_name().and_then(|n| n.to_str()) == Some("faults_manifest.json");
                // The improvement plan, audits and meetings: read by scrutiny-plan, not a return.
                let governance = e.is_dir() && e.file_name().and_then(|n| n.to_str()) == Some(formats::GOVERNANCE_FOLDER);
                if !hidden && !manifest && !governance {
                    collect(&e, out, inputs);
                }
            }
        }
        Ok(_) => out.push(p.to_path_buf()),
        Err(e) => {
            let name = p.display().to_string();
            inputs.issues.push(read_issue(&name, None, "SCR-READ", format!("cannot open: {e}")));
            inputs.unreadable.push(name);
        }
    }
}

/// A `2024-25` in the path names the collection year of files without one inside.
fn year_in_path(path: &Path) -> Option<Period> {
    path.components().rev().find_map(|c| {
        let s = c.as_os_str().to_str()?;
        (0..s.len().saturating_sub(6)).chain(std::iter::once(0)).find_map(|i| {
            let t = s.get(i..i + 7)?;
            let p: Period = t.parse().ok()?;
            (p.kind() == scrutiny_model::PeriodKind::Year && t.as_bytes()[4] == b'-').then_some(p)
        })
    })
}

enum Sniffed {
    Empty,
    Binary(&'static str),
    Zip,
    Xml,
    Toml,
    Csv,
}

fn sniff(head: &[u8]) -> Sniffed {
    if head.is_empty() {
        return Sniffed::Empty;
    }
    if head.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if head.starts_with(b"%PDF") {
        return Sniffed::Binary("a PDF document");
    }
    if head.contains(&0) {
        return Sniffed::Binary("binary data");
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |i| &text[i..]);
    if start.is_empty() {
        Sniffed::Empty
    } else if start.starts_with(b"<") {
        Sniffed::Xml
    } else if toml_like(&String::from_utf8_lossy(start)) {
        Sniffed::Toml
    } else {
        Sniffed::Csv
    }
}

/// A file hashed as it is read, so a return is read once, not once to hash
/// and again to parse, and its hash is of exactly the bytes parsed.
struct Hashing<R> {
    inner: R,
    sha: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Hashing<R> {
        Hashing { inner, sha: Sha256::new(), bytes: 0 }
    }

    /// Reads whatever the parser left (it stops early on a fault) and gives
    /// the whole file's SHA-256 and size.
    fn finish(mut self) -> std::io::Result<(String, u64)> {
        std::io::copy(&mut self, &mut std::io::sink())?;
        Ok((format!("{:x}", self.sha.finalize()), self.bytes))
    }
}

fn read_one(path: &Path, inputs: &mut Inputs) {
    let name = path.display().to_string();
    let refuse = |inputs: &mut Inputs, message: String| {
        inputs.issues.push(read_issue(&name, None, "SCR-FORMAT", message));
        inputs.unreadable.push(name.clone());
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return refuse(inputs, format!("cannot open: {e}")),
    };
    if size > MAX_FILE_BYTES {
        return refuse(
            inputs,
            format!("the file is {:.1} GB; Scrutiny reads returns of up to 1 GB. Split it by year or check it is the right file.", size as f64 / 1e9),
        );
    }
    let mut source = match std::fs::File::open(path) {
        Ok(file) => Hashing::new(file),
        Err(e) => return refuse(inputs, format!("cannot read: {e}")),
    };
    let mut head = vec![0u8; 8192];
    let got = match source.read(&mut head) {
        Ok(n) => n,
        Err(e) => return refuse(inputs, format!("cannot read: {e}")),
    };
    head.truncate(got);
    // The whole file, its start already read for sniffing.
    let whole = (&head[..]).chain(&mut source);
    let result = match sniff(&head) {
        Sniffed::Empty => Err("the file is empty".to_string()),
        Sniffed::Binary(what) => {
            Err(format!("this is {what}, not a CIN census or workforce census XML, an SSDA903, SSD or Annex A CSV or workbook, or council.toml"))
        }
        Sniffed::Toml => std::io::read_to_string(whole).map_err(|e| format!("cannot read: {e}")).and_then(|t| {
            if is_targets_toml(&t) {
                // The council's targets, read by `compare` and `report`: not a return.
                return Ok(Vec::new());
            }
            Council::from_toml(&t).map(|c| vec![(None, Content::Council(c))]).map_err(|e| format!("council settings are not valid: {e}"))
        }),
        // A workbook is a ZIP archive, read by seeking: it is opened again, and hashed as a whole below.
        Sniffed::Zip => annex_a::read_annex_a_xlsx(path, &name, &mut inputs.issues)
            .map(|sheets| sheets.into_iter().map(|(sheet, t)| (Some(format!("sheet '{sheet}'")), Content::Table(t))).collect()),
        Sniffed::Xml if csww_xml::is_csww_xml(&head) => csww_xml::read_csww_xml(whole, &name, &mut inputs.issues)
            .map(|tables| tables.into_iter().map(|t| (Some("XML".to_string()), Content::Table(t))).collect()),
        Sniffed::Xml => read_cin(whole, size, &name, &mut inputs.issues).map(|c| vec![(None, Content::Cin(c))]),
        Sniffed::Csv if annex_a::is_annex_a_csv(&head) => {
            annex_a::read_annex_a_csv(whole, size, &name, &mut inputs.issues).map(|t| vec![(None, Content::Table(t))])
        }
        Sniffed::Csv => match annex_a::unrecognised_list(&head) {
            Some(why) => Err(why),
            None => read_csv(whole, size, &name, &mut inputs.issues).map(|t| vec![(None, Content::Table(t))]),
        },
    };
    let hashed = result.and_then(|parts| source.finish().map(|hash| (parts, hash)).map_err(|e| format!("cannot read: {e}")));
    match hashed {
        Ok((parts, (hash, bytes))) => {
            for (part, content) in parts {
                let year = match &content {
                    Content::Cin(c) => c.header.reference_date.date().map(Period::year_containing),
                    _ => None,
                }
                .or_else(|| year_in_path(path));
                inputs.files.push(InputFile { path: name.clone(), hash: hash.clone(), bytes, year, content, part });
            }
        }
        Err(message) => refuse(inputs, message),
    }
}

/// council.toml names its council (`la_code`); targets.toml opens with a
/// table header such as `[REF-03]`, which no return's first line looks like.
fn toml_like(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    let first_is_table = lines.clone().next().is_some_and(|l| l.starts_with('[') && l.ends_with(']'));
    first_is_table || lines.any(|l| l.starts_with("la_code"))
}

/// A targets file: every top-level entry is a table with a `target`, where
/// council.toml has plain keys such as `la_code`.
fn is_targets_toml(text: &str) -> bool {
    match text.parse::<toml::Table>() {
        Ok(table) => !table.is_empty() && table.values().all(|v| v.as_table().is_some_and(|t| t.contains_key("target"))),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_in_name_order_whatever_order_they_are_read_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Sizes that differ from the names' order: the largest is read first.
        for (name, rows) in [("a.csv", 1), ("b.csv", 300), ("c.csv", 20), ("d.csv", 5000)] {
            let mut text = String::from("CHILD,DECOM,RNE,LS\n");
            for i in 0..rows {
                text.push_str(&format!("C{i},01/04/2024,S,C2\n"));
            }
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let inputs = read_paths(&[dir.path().to_path_buf()]);
        let names: Vec<&str> = inputs.files.iter().map(|f| f.path.rsplit('/').next().unwrap_or("")).collect();
        assert_eq!(names, ["a.csv", "b.csv", "c.csv", "d.csv"]);
        assert_eq!(inputs.files.iter().map(InputFile::records).collect::<Vec<_>>(), [1, 300, 20, 5000]);
    }

    #[test]
    fn text_is_borrowed_when_valid_and_repaired_when_not() {
        assert!(matches!(text_of(b"LAchildID"), std::borrow::Cow::Borrowed("LAchildID")));
        assert_eq!(text_of(b"Child\xff"), "Child\u{fffd}");
    }

    #[test]
    fn a_targets_file_is_not_taken_for_council_settings() {
        assert!(is_targets_toml("[REF-03]\ntarget = 20.0\ntolerance = 2.0\n"));
        assert!(!is_targets_toml("la_code = \"893\"\nla_name = \"Northbridge\"\n"));
        assert!(!is_targets_toml(""));
        assert!(!is_targets_toml("[REF-03]\ntolerance = 2.0\n"), "a table without a target is not a target");
    }

    #[test]
    fn years_come_from_the_path() {
        assert_eq!(year_in_path(Path::new("data/2024-25/ssda903_episodes.csv")), Some("2024-25".parse().unwrap()));
        assert_eq!(year_in_path(Path::new("data/episodes_2023-24.csv")), Some("2023-24".parse().unwrap()));
        assert_eq!(year_in_path(Path::new("data/episodes.csv")), None);
        assert_eq!(year_in_path(Path::new("data/2024-06/x.csv")), None, "a month is not a collection year");
    }

    #[test]
    fn a_hash_covers_what_the_parser_left_unread() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut source = Hashing::new(&bytes[..]);
        let mut start = [0u8; 1000];
        source.read_exact(&mut start).unwrap();
        assert_eq!(source.finish().unwrap(), (format!("{:x}", Sha256::digest(&bytes)), bytes.len() as u64));
    }

    /// The hash is of the whole file, read once: its start (sniffed) and what
    /// the parser read, past the reader's own buffer.
    #[test]
    fn each_file_is_hashed_whole_as_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut census = String::from("<?xml version=\"1.0\"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>");
        census.push_str("<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header><Children>");
        // Past the first read of 8 KiB and the reader's buffer of 64 KiB.
        for i in 0..2000 {
            census.push_str(&format!("<Child><ChildIdentifiers><LAchildID>C{i}</LAchildID></ChildIdentifiers></Child>\n"));
        }
        census.push_str("</Children></Message>\n");
        let episodes =
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n1,01/04/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,X\n";
        for (name, text) in [("cin.xml", census.as_str()), ("2024-25/episodes.csv", episodes)] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            let inputs = read_paths(&[path]);
            let file = &inputs.files[0];
            assert_eq!(file.hash, format!("{:x}", Sha256::digest(text.as_bytes())), "{name}");
            assert_eq!(file.bytes, text.len() as u64, "{name}");
        }
    }

    #[test]
    fn files_are_listed_and_hashed_as_reading_them_would() {
        let dir = tempfile::tempdir().unwrap();
        let episodes =
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n1,01/04/2024,S,C2,N1,U6,PR1,,,,NB1,NB2,X\n";
        for (name, text) in [
            ("2024-25/episodes.csv", episodes),
            ("2023-24/episodes.csv", &episodes.replace("2024", "2023")),
            ("faults_manifest.json", "[]"),
            (".hidden.csv", "x"),
            ("governance/improvement_plan.csv", "ref,action\n"),
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        let root = [dir.path().to_path_buf()];
        let listed = list_files(&root).unwrap();
        let read = read_paths(&root);
        let read_paths: Vec<PathBuf> = read.files.iter().map(|f| PathBuf::from(&f.path)).collect();
        assert_eq!(listed.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(), read_paths);
        assert_eq!(listed.iter().map(|(_, bytes)| *bytes).collect::<Vec<_>>(), read.files.iter().map(|f| f.bytes).collect::<Vec<_>>());
        assert_eq!(hash_files(&listed).unwrap(), read.files.iter().map(|f| f.hash.clone()).collect::<Vec<_>>());
        assert!(list_files(&[dir.path().join("absent")]).is_none());
        assert!(hash_files(&[(dir.path().join("absent.csv"), 1)]).is_none());
    }

    #[test]
    fn sniffing() {
        assert!(matches!(sniff(b""), Sniffed::Empty));
        assert!(matches!(sniff(b"  \n"), Sniffed::Empty));
        assert!(matches!(sniff(b"\xEF\xBB\xBF<?xml version"), Sniffed::Xml));
        assert!(matches!(sniff(b"PK\x03\x04rest"), Sniffed::Zip));
        assert!(matches!(sniff(b"ab\0cd"), Sniffed::Binary(_)));
        assert!(matches!(sniff(b"# c\nla_code = \"893\""), Sniffed::Toml));
        assert!(matches!(sniff(b"# targets\n[REF-03]\ntarget = 20.0\n"), Sniffed::Toml));
        assert!(matches!(sniff(b"CHILD,DECOM\n1,[x]\n"), Sniffed::Csv));
        assert!(matches!(sniff(b"CHILD,SEX"), Sniffed::Csv));
    }
}
