//! Running one rule over small hand-written files, for rules' own tests.

use super::{Context, Findings, Rule};
use crate::issue::Issue;
use crate::read::read_paths;

/// Writes `files` (name, contents) into a temporary folder, reads them as the
/// product would, and returns what `rule` finds. Put files under a `2024-25/`
/// folder in their names to give CSVs a collection year.
pub fn run(rule: &Rule, files: &[(&str, &str)]) -> Vec<Issue> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, text).expect("write");
    }
    let inputs = read_paths(&[dir.path().to_path_buf()]);
    assert!(inputs.unreadable.is_empty(), "test files must be readable: {:?}", inputs.issues);
    let ctx = Context::new(&inputs);
    let mut f = Findings::new(rule);
    (rule.check)(&ctx, &mut f);
    f.issues
}

/// A rule by code from a family's list.
pub fn rule<'a>(rules: &'a [Rule], code: &str) -> &'a Rule {
    rules.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("no rule {code}"))
}

/// A minimal CIN census around the given `<Child>` elements, for 2024-25.
pub fn cin_census(children: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Message>
<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>893</LEA></Source></Header>
<Children>
{children}
</Children>
</Message>
"#
    )
}

pub const EPISODES_HEADER: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
pub const HEADER_HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";

/// One entry of the synthetic council's `faults_manifest.json`.
#[derive(serde::Deserialize)]
pub struct Fault {
    pub year: String,
    pub file: String,
    pub child: String,
    pub kind: String,
    pub field: String,
}

/// The faults the generator wrote into `dir`.
pub fn faults_in(dir: &std::path::Path) -> Vec<Fault> {
    let manifest = std::fs::read(dir.join("faults_manifest.json")).expect("manifest written");
    serde_json::from_slice(&manifest).expect("manifest reads")
}

/// Whether `rule` reported the fault: same child, field and file.
pub fn reported(issues: &[Issue], fault: &Fault, rule: &str) -> bool {
    let file = std::path::Path::new(&fault.year).join(&fault.file);
    issues.iter().any(|i| {
        i.rule == rule
            && i.child.as_deref() == Some(fault.child.as_str())
            && i.field.as_deref() == Some(fault.field.as_str())
            && std::path::Path::new(&i.file).ends_with(&file)
    })
}
