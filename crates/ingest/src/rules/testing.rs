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
