//! Importing files: each is told apart by its content (a CSV header, a
//! ModernGov response), checked in full, and everything accepted is written in
//! one transaction. One problem anywhere and nothing is written.

use crate::moderngov::{is_moderngov, read_moderngov};
use crate::table::{csv_header, is_xlsx, read_table, Table};
use crate::{audit_file, committee_file, plan_file, Problem};
use scrutiny_store::governance::{Applied, GovernanceBatch, Item};
use scrutiny_store::Store;
use std::path::{Path, PathBuf};

/// The kinds of file Scrutiny's governance records come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum FileKind {
    Plan,
    Audits,
    /// A ModernGov GetCommittees or GetMeeting response.
    ModernGov,
    Recommendations,
    WorkProgramme,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [FileKind::ModernGov, FileKind::Recommendations, FileKind::WorkProgramme, FileKind::Plan, FileKind::Audits];

    /// What the file holds, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Plan => "improvement plan",
            FileKind::Audits => "practice audits",
            FileKind::ModernGov => "ModernGov committees or meeting",
            FileKind::Recommendations => "committee recommendations",
            FileKind::WorkProgramme => "committee work programme",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Plan => "an improvement plan (import it with `scrutiny plan import`)",
            FileKind::Audits => "practice audits (import them with `scrutiny audits import`)",
            FileKind::ModernGov => "a ModernGov web-service response (import it with `scrutiny meetings import`)",
            FileKind::Recommendations => "committee recommendations (import them with `scrutiny meetings import`)",
            FileKind::WorkProgramme => "a committee work programme (import it with `scrutiny meetings import`)",
        }
    }
}

/// The batch read from files, with where each record came from.
#[derive(Debug, Default)]
pub struct Read {
    pub batch: GovernanceBatch,
    pub files: Vec<(String, FileKind)>,
    actions: Vec<(String, u32)>,
    recommendations: Vec<(String, u32)>,
    work_items: Vec<(String, u32)>,
    meetings: Vec<String>,
}

#[derive(Debug)]
pub struct Imported {
    pub files: Vec<(String, FileKind)>,
    pub applied: Applied,
}

/// Why nothing was written.
#[derive(Debug)]
pub struct Rejected {
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} problem{} found; nothing was imported:", self.problems.len(), if self.problems.len() == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

fn expand(p: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    if p.is_dir() {
        match std::fs::read_dir(p) {
            Ok(rd) => {
                let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                entries.sort();
                for e in entries.iter().filter(|e| !e.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))) {
                    expand(e, out, problems);
                }
            }
            Err(e) => problems.push(Problem::file(&p.display().to_string(), format!("cannot list the folder: {e}"))),
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn kind_of_table(t: &Table) -> Option<FileKind> {
    if plan_file::is_plan(t) {
        Some(FileKind::Plan)
    } else if audit_file::is_audits(t) {
        Some(FileKind::Audits)
    } else if committee_file::is_recommendations(t) {
        Some(FileKind::Recommendations)
    } else if committee_file::is_work_programme(t) {
        Some(FileKind::WorkProgramme)
    } else {
        None
    }
}

/// Which governance file `path` is, told from its start (a ModernGov response,
/// a CSV header, an xlsx's plan sheet); `None` for anything else, a statutory return among them.
pub fn kind_of_file(path: &Path) -> Option<FileKind> {
    use std::io::Read;
    if is_xlsx(path) {
        return read_table(path, "Plan").ok().as_ref().and_then(kind_of_table);
    }
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(64 * 1024).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        return is_moderngov(text).then_some(FileKind::ModernGov);
    }
    kind_of_table(&csv_header(text))
}

/// Reads and checks every file (folders recursively), accepting only the
/// kinds in `accept`. Checks against the catalogue happen here; checks
/// against what is already stored happen when the batch is applied.
pub fn read_files(paths: &[PathBuf], accept: &[FileKind]) -> Result<Read, Rejected> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        expand(p, &mut files, &mut problems);
    }
    let mut read = Read::default();
    for path in &files {
        let name = path.display().to_string();
        let text = if is_xlsx(path) {
            None
        } else {
            match std::fs::read(path) {
                Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
                Err(e) => {
                    problems.push(Problem::file(&name, format!("cannot read: {e}")));
                    continue;
                }
            }
        };
        let head = text.as_deref().map(|t| t.trim_start_matches('\u{feff}').trim_start());
        if head.is_some_and(|h| h.starts_with('<')) {
            let t = text.as_deref().unwrap_or_default();
            if !is_moderngov(t) {
                problems.push(Problem::file(&name, "an XML file, but not a ModernGov GetCommittees or GetMeeting response".into()));
                continue;
            }
            if !accept.contains(&FileKind::ModernGov) {
                problems.push(Problem::file(&name, format!("this is {}", FileKind::ModernGov.describe())));
                continue;
            }
            match read_moderngov(t, &name) {
                Ok(mg) => {
                    read.batch.committees.extend(mg.committees);
                    read.meetings.extend(mg.meetings.iter().map(|_| name.clone()));
                    read.batch.meetings.extend(mg.meetings);
                    read.files.push((name, FileKind::ModernGov));
                }
                Err(p) => problems.push(p),
            }
            continue;
        }
        let table = match read_table(path, "Plan") {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let Some(kind) = kind_of_table(&table) else {
            problems.push(Problem::file(
                &name,
                "not a file Scrutiny knows: an improvement plan has ref, description, status and status_by columns; audits have ref, child_ref and auditor; \
                 recommendations have ref, meeting_id and to_whom; a work programme has committee_id, title and lead"
                    .into(),
            ));
            continue;
        };
        if !accept.contains(&kind) {
            problems.push(Problem::file(&name, format!("this is {}", kind.describe())));
            continue;
        }
        let file = table.file.clone();
        match kind {
            FileKind::Plan => {
                for (line, a) in plan_file::parse_plan(&table, &mut problems) {
                    read.actions.push((file.clone(), line));
                    read.batch.actions.push(a);
                }
            }
            FileKind::Audits => read.batch.audits.extend(audit_file::parse_audits(&table, &mut problems).into_iter().map(|(_, a)| a)),
            FileKind::Recommendations => {
                for (line, r) in committee_file::parse_recommendations(&table, &mut problems) {
                    read.recommendations.push((file.clone(), line));
                    read.batch.recommendations.push(r);
                }
            }
            FileKind::WorkProgramme => {
                for (line, w) in committee_file::parse_work_programme(&table, &mut problems) {
                    read.work_items.push((file.clone(), line));
                    read.batch.work_programme.push(w);
                }
            }
            FileKind::ModernGov => {}
        }
        read.files.push((name, kind));
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(Problem::file(&paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "), "no files found".into()));
    }
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(Rejected { problems })
    }
}

impl Read {
    /// Writes the batch in one transaction; refusals come back located in their files.
    pub fn apply(self, store: &mut Store) -> Result<Result<Imported, Rejected>, scrutiny_store::StoreError> {
        let applied = store.apply_governance(&self.batch)?;
        if applied.refused.is_empty() {
            return Ok(Ok(Imported { files: self.files, applied }));
        }
        let locate = |list: &[(String, u32)], i: usize| list.get(i).cloned().map_or((String::new(), None), |(f, l)| (f, Some(l)));
        let problems = applied
            .refused
            .iter()
            .map(|r| {
                let (file, line, field) = match r.item {
                    Item::Action(i) => {
                        let (f, l) = locate(&self.actions, i);
                        let m = &r.message;
                        let field = if m.starts_with("target meeting") {
                            "report_to_meeting"
                        } else if m.starts_with("evidence ") {
                            "evidence"
                        } else if m.starts_with("due ") {
                            "due"
                        } else {
                            "status_date"
                        };
                        (f, l, Some(field))
                    }
                    Item::Recommendation(i) => {
                        let (f, l) = locate(&self.recommendations, i);
                        (f, l, Some("meeting_id"))
                    }
                    Item::WorkItem(i) => {
                        let (f, l) = locate(&self.work_items, i);
                        (f, l, Some("meeting_id"))
                    }
                    Item::Meeting(i) => (self.meetings.get(i).cloned().unwrap_or_default(), None, Some("committeeid")),
                    Item::ThemeRename(_) | Item::BragKey(_) => (String::new(), None, None),
                };
                Problem { file, line, field: field.map(str::to_string), message: r.message.clone() }
            })
            .collect();
        Ok(Err(Rejected { problems }))
    }
}

/// Reads, checks and imports files in one go: `Ok(Err(..))` when the files were refused (nothing written).
pub fn import_files(store: &mut Store, paths: &[PathBuf], accept: &[FileKind]) -> Result<Result<Imported, Rejected>, scrutiny_store::StoreError> {
    match read_files(paths, accept) {
        Ok(read) => read.apply(store),
        Err(rejected) => Ok(Err(rejected)),
    }
}
