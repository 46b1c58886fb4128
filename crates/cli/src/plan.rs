//! `scrutiny plan`, `audits`, `actions` and `meetings`: the improvement plan,
//! practice audits and scrutiny committees' records, and the hook that lets
//! `scrutiny import DIR` load a council's `governance/` folder with its data.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use scrutiny_model::Period;
use scrutiny_plan::views;
use scrutiny_plan::{FileKind, Governance};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The folder, inside a council's folder, that holds these records.
pub(crate) const FOLDER: &str = scrutiny_model::formats::GOVERNANCE_FOLDER;

#[derive(Subcommand)]
pub(crate) enum PlanCommand {
    /// Add or update actions from a plan file (CSV or xlsx); all or nothing.
    Import(ImportArgs),
    /// Write the plan (CSV, or xlsx with BRAG history and key sheets).
    Export(ExportArgs),
    /// BRAG by theme, overdue and slipped actions, and optionally the interlink diagram.
    Summary(SummaryArgs),
    /// The plan's themes: list them, or rename one (its actions keep it under the new name).
    #[command(subcommand)]
    Themes(ThemesCommand),
    /// What each BRAG status means in this council: list the key, or set a status's label and meaning.
    #[command(subcommand)]
    BragKey(BragKeyCommand),
}

#[derive(Subcommand)]
pub(crate) enum ThemesCommand {
    /// Every theme in plan order, with how many actions it has.
    List(DbArgs),
    /// Renames a theme; its actions keep it under the new name.
    Rename(RenameArgs),
}

#[derive(Subcommand)]
pub(crate) enum BragKeyCommand {
    /// Each status's label and meaning.
    List(DbArgs),
    /// Sets a status's label, meaning or both (what is not given stays as it is).
    Set(BragKeySetArgs),
}

#[derive(Args)]
pub(crate) struct DbArgs {
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub(crate) struct RenameArgs {
    /// The theme's name now, exactly as `scrutiny plan themes list` shows it.
    old: String,
    new: String,
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub(crate) struct BragKeySetArgs {
    /// blue, green, amber or red
    #[arg(value_parser = parse_brag)]
    status: scrutiny_plan::Brag,
    #[arg(long)]
    label: Option<String>,
    #[arg(long)]
    meaning: Option<String>,
    #[arg(long)]
    db: PathBuf,
}

fn parse_brag(s: &str) -> std::result::Result<scrutiny_plan::Brag, String> {
    scrutiny_plan::Brag::parse(s).ok_or_else(|| format!("'{s}' is not a BRAG status: use blue, green, amber or red"))
}

#[derive(Subcommand)]
pub(crate) enum AuditsCommand {
    /// Add or update practice audits from a CSV or xlsx file; all or nothing.
    Import(ImportArgs),
    /// Write the audits in the import format.
    Export(ExportArgs),
    /// Audits in a period: % good or better, moderation agreement, grade changes, themes.
    Summary(AuditSummaryArgs),
}

#[derive(Subcommand)]
pub(crate) enum ActionsCommand {
    /// Open actions (not Blue), optionally only those due by a date or for one committee.
    List(ListArgs),
}

#[derive(Subcommand)]
pub(crate) enum MeetingsCommand {
    /// Import ModernGov GetCommittees / GetMeeting XML, recommendations and work programme CSVs; all or nothing.
    Import(ImportArgs),
    /// What a meeting should expect: actions and reports due to it, recommendations awaiting a response.
    Briefing(BriefingArgs),
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub(crate) struct ExportArgs {
    /// .csv or .xlsx
    file: PathBuf,
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub(crate) struct SummaryArgs {
    #[arg(long)]
    db: PathBuf,
    /// The day overdue is judged on (default: today).
    #[arg(long)]
    as_at: Option<NaiveDate>,
    /// Also write the themes → actions → indicators diagram here (SVG), with trends from the latest snapshot.
    #[arg(long)]
    svg: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct AuditSummaryArgs {
    #[arg(long)]
    db: PathBuf,
    /// e.g. 2024-25 or 2024-25-Q3
    #[arg(long)]
    period: Period,
}

#[derive(Args)]
pub(crate) struct ListArgs {
    #[arg(long)]
    db: PathBuf,
    /// Only actions due on or before this date (YYYY-MM-DD).
    #[arg(long)]
    due_by: Option<NaiveDate>,
    /// Only actions reporting to this committee (ModernGov committee id).
    #[arg(long)]
    committee: Option<i64>,
}

#[derive(Args)]
pub(crate) struct BriefingArgs {
    #[arg(long)]
    db: PathBuf,
    /// ModernGov meeting id.
    #[arg(long)]
    meeting: i64,
}

fn open(db: &Path) -> Result<scrutiny_store::Store> {
    Ok(scrutiny_store::Store::open(db)?)
}

fn must_exist(db: &Path) -> Result<()> {
    if !db.exists() {
        bail!("{} does not exist", db.display());
    }
    Ok(())
}

fn open_existing(db: &Path) -> Result<Governance> {
    must_exist(db)?;
    Ok(open(db)?.governance()?)
}

fn import(args: &ImportArgs, accept: &[FileKind]) -> Result<ExitCode> {
    let mut store = open(&args.db)?;
    let outcome = scrutiny_plan::import_files(&mut store, &args.files, accept)?;
    Ok(report_outcome(outcome, "The database was not changed.", |done, a| {
        format!(
            "Imported {} file(s) into {}: {} actions added, {} updated, {} BRAG changes recorded; {} audits; {} meetings; {} recommendations.",
            done.files.len(),
            args.db.display(),
            a.actions_added,
            a.actions_updated,
            a.status_changes,
            a.audits,
            a.meetings,
            a.recommendations
        )
    }))
}

fn export(args: &ExportArgs, sheets: fn(&Governance) -> Vec<scrutiny_plan::Sheet<'static>>) -> Result<ExitCode> {
    let g = open_existing(&args.db)?;
    scrutiny_plan::write_sheets(&args.file, &sheets(&g)).map_err(|p| anyhow::anyhow!("{p}"))?;
    println!("Wrote {}.", args.file.display());
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn plan(cmd: PlanCommand) -> Result<ExitCode> {
    match cmd {
        PlanCommand::Import(args) => import(&args, &[FileKind::Plan]),
        PlanCommand::Export(args) => export(&args, scrutiny_plan::plan_sheets),
        PlanCommand::Summary(args) => {
            let g = open_existing(&args.db)?;
            let as_at = args.as_at.unwrap_or_else(|| chrono::Local::now().date_naive());
            print!("{}", brag_text(&g, as_at));
            if let Some(svg) = &args.svg {
                let effects = effects(&args.db, &g, Period::year_containing(as_at))?;
                std::fs::write(svg, scrutiny_plan::svg::interlink_svg(&g, &effects)).with_context(|| format!("writing {}", svg.display()))?;
                println!("\nDiagram: {}", svg.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        PlanCommand::Themes(cmd) => themes(cmd),
        PlanCommand::BragKey(cmd) => brag_key(cmd),
    }
}

/// Applies a batch of one change: prints `done`, or each refusal and exits 1 with nothing written.
fn apply_one(db: &Path, batch: &scrutiny_plan::GovernanceBatch, done: &str) -> Result<ExitCode> {
    must_exist(db)?;
    let applied = open(db)?.apply_governance(batch)?;
    if applied.refused.is_empty() {
        println!("{done}");
        return Ok(ExitCode::SUCCESS);
    }
    for r in &applied.refused {
        eprintln!("Refused: {}", r.message);
    }
    eprintln!("The database was not changed.");
    Ok(ExitCode::from(1))
}

fn themes(cmd: ThemesCommand) -> Result<ExitCode> {
    match cmd {
        ThemesCommand::List(args) => {
            let g = open_existing(&args.db)?;
            println!("Themes of the improvement plan, in plan order (actions in each):");
            for t in &g.themes {
                let n = g.actions.iter().filter(|a| a.theme.as_deref() == Some(t.as_str())).count();
                println!("  {t} ({n})");
            }
            Ok(ExitCode::SUCCESS)
        }
        ThemesCommand::Rename(args) => {
            let batch = scrutiny_plan::GovernanceBatch { theme_renames: vec![(args.old.clone(), args.new.clone())], ..Default::default() };
            apply_one(&args.db, &batch, &format!("Renamed theme '{}' to '{}'.", args.old, args.new.trim()))
        }
    }
}

fn brag_key(cmd: BragKeyCommand) -> Result<ExitCode> {
    match cmd {
        BragKeyCommand::List(args) => {
            let g = open_existing(&args.db)?;
            println!("BRAG key (status, label: meaning):");
            for k in &g.brag_key {
                println!("  {:<6} {}: {}", k.status.code(), k.label, k.meaning);
            }
            Ok(ExitCode::SUCCESS)
        }
        BragKeyCommand::Set(args) => {
            if args.label.is_none() && args.meaning.is_none() {
                bail!("give --label, --meaning or both");
            }
            let g = open_existing(&args.db)?;
            let Some(now) = g.brag_key.iter().find(|k| k.status == args.status) else { bail!("{} has no BRAG key for {}", args.db.display(), args.status) };
            let k = scrutiny_plan::BragMeaning {
                status: args.status,
                label: args.label.unwrap_or_else(|| now.label.clone()),
                meaning: args.meaning.unwrap_or_else(|| now.meaning.clone()),
            };
            let done = format!("{} is now '{}': {}", k.status.label(), k.label.trim(), k.meaning.trim());
            apply_one(&args.db, &scrutiny_plan::GovernanceBatch { brag_key: vec![k], ..Default::default() }, &done)
        }
    }
}

pub(crate) fn audits(cmd: AuditsCommand) -> Result<ExitCode> {
    match cmd {
        AuditsCommand::Import(args) => import(&args, &[FileKind::Audits]),
        AuditsCommand::Export(args) => export(&args, scrutiny_plan::audit_sheets),
        AuditsCommand::Summary(args) => {
            print!("{}", audit_text(&open_existing(&args.db)?, args.period));
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) fn actions(cmd: ActionsCommand) -> Result<ExitCode> {
    let ActionsCommand::List(args) = cmd;
    let g = open_existing(&args.db)?;
    let mut list: Vec<&scrutiny_plan::Action> = match args.due_by {
        Some(d) => views::due_by(&g, d),
        None => g.actions.iter().filter(|a| a.status.status != scrutiny_plan::Brag::Blue).collect(),
    };
    if let Some(c) = args.committee {
        let open = views::committee_open_actions(&g, c);
        list.retain(|a| open.iter().any(|o| o.reference == a.reference));
    }
    print!("{}", action_lines(&g, &list));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn meetings(cmd: MeetingsCommand) -> Result<ExitCode> {
    match cmd {
        MeetingsCommand::Import(args) => import(&args, &[FileKind::ModernGov, FileKind::Recommendations, FileKind::WorkProgramme]),
        MeetingsCommand::Briefing(args) => {
            let g = open_existing(&args.db)?;
            let Some(b) = views::briefing(&g, args.meeting) else {
                bail!("meeting {} is not in {}: import its GetMeeting XML", args.meeting, args.db.display())
            };
            let committee = b.committee.map_or("(committee not imported)", |c| c.title.as_str());
            println!("{committee}, {} (ModernGov meeting {})", b.meeting.date.format("%-d %B %Y"), b.meeting.id);
            println!("\nActions reporting back to this meeting:");
            print!("{}", action_lines(&g, &b.actions_due));
            println!("\nReports due (work programme):");
            for w in &b.reports_due {
                println!("  {} — lead: {}", w.title, w.lead);
            }
            println!("\nRecommendations from earlier meetings still awaiting a response:");
            for r in &b.awaiting_response {
                println!("  {} ({}, meeting {}): {} — to {}", r.reference, r.kind.label(), r.meeting_id, r.text, r.to_whom);
            }
            println!("\nActions for this committee overdue on the meeting date: {}", b.overdue.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn action_lines(g: &Governance, list: &[&scrutiny_plan::Action]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("  (none)\n");
    }
    for a in list {
        let due = a.due.map_or("no due date".to_string(), |d| format!("due {d}"));
        let meeting = a
            .target_meeting
            .and_then(|m| g.meetings.iter().find(|x| x.id == m))
            .map_or(String::new(), |m| format!(", reports to meeting {} on {}", m.id, m.date));
        let _ =
            writeln!(out, "  {:<8} {:<6} {due}{meeting} — {} (owner: {}; {})", a.reference, a.status.status.label(), a.description, a.owner, a.source.label());
    }
    out
}

fn brag_text(g: &Governance, as_at: NaiveDate) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let key: Vec<String> = g.brag_key.iter().map(|k| format!("{} = {}", k.label, k.meaning)).collect();
    let _ = writeln!(out, "Improvement plan by theme (BRAG key: {}):", key.join("; "));
    let _ = writeln!(out, "  {:<76} {:>4} {:>5} {:>5} {:>3}", "theme", "Blue", "Green", "Amber", "Red");
    for r in views::brag_summary(g) {
        let _ = writeln!(out, "  {:<76} {:>4} {:>5} {:>5} {:>3}", r.theme, r.blue, r.green, r.amber, r.red);
    }
    let flagged = views::overdue_and_slipped(g, as_at);
    let _ = writeln!(out, "\nOverdue or slipped on {as_at}: {}", flagged.len());
    for f in flagged {
        let overdue = f.overdue_days.map_or(String::new(), |d| format!("overdue {d} days"));
        let slipped = f.slipped_days.map_or(String::new(), |d| format!("{}slipped {d} days", if overdue.is_empty() { "" } else { ", " }));
        let _ = writeln!(out, "  {:<8} {:<6} {overdue}{slipped} — {}", f.action.reference, f.action.status.status.label(), f.action.description);
    }
    out
}

fn audit_text(g: &Governance, period: Period) -> String {
    use std::fmt::Write;
    let s = views::audit_summary(&g.audits, period);
    let pct = |p: Option<f64>| p.map_or("–".to_string(), |p| format!("{p:.0}%"));
    let mut out = String::new();
    let _ = writeln!(out, "Practice audits, {}: {} audited", period.describe(), s.audits);
    let _ = writeln!(out, "  good or better: {} of {} ({})", s.good_or_better, s.audits, pct(s.percent_good_or_better));
    let grades: Vec<String> = s.by_grade.iter().map(|(g, n)| format!("{} {n}", g.label())).collect();
    let _ = writeln!(out, "  grades (after moderation): {}", grades.join(", "));
    let _ = writeln!(
        out,
        "  moderated: {}; moderator agreed {} ({}); raised {}, lowered {}",
        s.moderated,
        s.moderation_agreed,
        pct(s.percent_moderation_agreement),
        s.moderated_up,
        s.moderated_down
    );
    for c in &s.changes {
        let _ = writeln!(out, "    {} → {}: {}", c.from.label(), c.to.label(), c.audits);
    }
    let themes: Vec<String> = s.themes.iter().take(5).map(|(t, n)| format!("{t} ({n})")).collect();
    let _ = writeln!(out, "  themes most raised: {}", themes.join(", "));
    let _ = writeln!(out, "  safeguarding concerns escalated: {}", s.safeguarding_concerns);
    out
}

/// Trends of the linked indicators since each action began, from the latest snapshot (none without one).
fn effects(db: &Path, g: &Governance, until: Period) -> Result<Vec<views::ActionEffect>> {
    let store = open(db)?;
    let Some(latest) = store.latest()? else { return Ok(Vec::new()) };
    let dataset = store.dataset(latest.id)?;
    let council = store.council(latest.id)?;
    let ctx = scrutiny_indicators::Ctx { dataset: &dataset, council: council.as_ref() };
    Ok(views::compute_effects(g, &ctx, until))
}

/// The `governance/` folders inside the folders given to `scrutiny import`.
pub(crate) fn governance_folders(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().map(|p| p.join(FOLDER)).filter(|p| p.is_dir()).collect()
}

/// Reads and checks a council's governance files before its data is stored, so a bad file refuses the whole import.
pub(crate) fn check_with_data(paths: &[PathBuf]) -> Result<Option<scrutiny_plan::Read>, scrutiny_plan::Rejected> {
    let folders = governance_folders(paths);
    if folders.is_empty() {
        return Ok(None);
    }
    scrutiny_plan::read_files(&folders, &FileKind::ALL).map(Some)
}

/// Stores what `check_with_data` read (one transaction).
pub(crate) fn apply_with_data(read: scrutiny_plan::Read, db: &Path) -> Result<ExitCode> {
    let mut store = open(db)?;
    let outcome = read.apply(&mut store)?;
    Ok(report_outcome(outcome, "The plan, audits and meetings were not changed.", |done, a| {
        format!(
            "Imported the improvement plan, audits and meetings from {} file(s): {} actions ({} BRAG changes), {} audits, {} meetings, {} recommendations.",
            done.files.len(),
            a.actions_added + a.actions_updated,
            a.status_changes,
            a.audits,
            a.meetings,
            a.recommendations
        )
    }))
}

/// Prints what an import of plan files did (a line from `summary`), or why nothing was written; exit 1 then.
fn report_outcome(
    outcome: Result<scrutiny_plan::Imported, scrutiny_plan::Rejected>,
    unchanged: &str,
    summary: impl FnOnce(&scrutiny_plan::Imported, &scrutiny_plan::Applied) -> String,
) -> ExitCode {
    match outcome {
        Ok(done) => {
            println!("{}", summary(&done, &done.applied));
            ExitCode::SUCCESS
        }
        Err(rejected) => {
            eprint!("{rejected}");
            eprintln!("{unchanged}");
            ExitCode::from(1)
        }
    }
}

/// The demo's view: the plan by theme, the last year's audits and the committee's open actions.
pub(crate) fn for_demo(db: &Path, year: Period) -> Result<()> {
    let g = open_existing(db)?;
    if g.actions.is_empty() {
        return Ok(());
    }
    print!("{}", brag_text(&g, year.end()));
    println!();
    print!("{}", audit_text(&g, year));
    for c in &g.committees {
        let open = views::committee_open_actions(&g, c.id);
        println!("\n{}: {} open action(s)", c.title, open.len());
        print!("{}", action_lines(&g, &open));
    }
    let svg = db.with_extension("plan.svg");
    let effects = effects(db, &g, year)?;
    std::fs::write(&svg, scrutiny_plan::svg::interlink_svg(&g, &effects)).with_context(|| format!("writing {}", svg.display()))?;
    println!("\nThemes → actions → indicators diagram: {}", svg.display());
    println!("Next: scrutiny actions list --db {} --due-by {}", db.display(), year.end());
    Ok(())
}
