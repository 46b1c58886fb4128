//! `scrutiny report`: the committee's performance pack as HTML, PDF or xlsx,
//! for members (suppressed) or officers; and `--as-presented ID`, the pack a
//! committee saw, produced again exactly from what the store kept.

use anyhow::{bail, Context as _, Result};
use chrono::Datelike;
use clap::Args;
use scrutiny_benchmarks::targets::Targets;
use scrutiny_model::{Council, Dataset, Period};
use scrutiny_report::{Comparators, Edition, Narratives, Report};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Html,
    Pdf,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EditionArg {
    Member,
    Officer,
}

#[derive(Args)]
pub struct ReportArgs {
    /// A folder (or files) of returns to read directly (the pack is not kept: use --db for that).
    #[arg(long, conflicts_with = "db", required_unless_present_any = ["db"])]
    input: Vec<PathBuf>,
    /// A database: the latest snapshot is used, and the pack is kept as presented.
    #[arg(long)]
    db: Option<PathBuf>,
    /// The quarter (or year, month) reported, e.g. 2024-25-Q1.
    #[arg(long, required_unless_present = "as_presented")]
    period: Option<Period>,
    /// member: suppressed, no child named; officer: adds the exception lists.
    #[arg(long, value_enum, default_value = "member")]
    edition: EditionArg,
    /// Default: from the extension of --out.
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    #[arg(long)]
    out: PathBuf,
    /// Officers' commentary for the period (Markdown; see docs/report.md). With --db it is also saved to the store.
    #[arg(long)]
    narrative: Option<PathBuf>,
    /// Produce again, exactly, the report the store kept under this id (needs --db).
    #[arg(long, requires = "db", conflicts_with_all = ["period", "input", "narrative"])]
    as_presented: Option<i64>,
    /// The council's targets (default: targets.toml beside --db or in the --input folder).
    #[arg(long)]
    targets: Option<PathBuf>,
}

/// What a kept report was asked for; stored beside it.
#[derive(Serialize, Deserialize)]
struct Parameters {
    period: String,
    edition: Edition,
    format: ReportFormat,
    /// What the hash covers: the HTML for html and pdf (Chromium stamps each PDF), the workbook's bytes for xlsx.
    hashed: String,
}

fn format_for(args_format: Option<ReportFormat>, out: &Path) -> Result<ReportFormat> {
    if let Some(f) = args_format {
        return Ok(f);
    }
    match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => Ok(ReportFormat::Html),
        Some("pdf") => Ok(ReportFormat::Pdf),
        Some("xlsx") => Ok(ReportFormat::Xlsx),
        _ => bail!("cannot tell the format from {}: add --format html, pdf or xlsx", out.display()),
    }
}

/// Renders and writes; returns the hash of what it checked.
fn write(report: &Report, format: ReportFormat, out: &Path) -> Result<String> {
    match format {
        ReportFormat::Html | ReportFormat::Pdf => {
            let html = scrutiny_report::html::render(report);
            if format == ReportFormat::Html {
                std::fs::write(out, &html).with_context(|| format!("writing {}", out.display()))?;
            } else {
                scrutiny_report::pdf::print(&html, out)?;
            }
            Ok(scrutiny_report::sha256_hex(html.as_bytes()))
        }
        ReportFormat::Xlsx => {
            let bytes = scrutiny_report::xlsx::render(report)?;
            std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            Ok(scrutiny_report::sha256_hex(&bytes))
        }
    }
}

struct Loaded {
    dataset: Dataset,
    council: Option<Council>,
    issues: Vec<scrutiny_ingest::Issue>,
    snapshot: scrutiny_report::Snapshot,
    /// The plan, audits and committees; only a store holds them.
    governance: Option<scrutiny_plan::Governance>,
}

fn short_hash(h: &str) -> String {
    h.chars().take(12).collect()
}

fn load(args: &ReportArgs) -> Result<Loaded> {
    if let Some(db) = &args.db {
        if !db.exists() {
            bail!("{} does not exist; import returns first with `scrutiny import`", db.display());
        }
        let store = scrutiny_store::Store::open(db)?;
        let Some(latest) = store.latest()? else { bail!("{} has no snapshots yet; import returns first", db.display()) };
        let snapshot = scrutiny_report::Snapshot {
            description: format!("snapshot #{} of {}, imported {}", latest.id, file_name(db), latest.imported_at),
            id: Some(latest.id),
            files: latest.files.iter().map(|f| (f.format.clone(), file_name(Path::new(&f.path)), short_hash(&f.hash))).collect(),
        };
        return Ok(Loaded {
            dataset: store.dataset(latest.id)?,
            council: store.council(latest.id)?,
            issues: store.issues(latest.id)?,
            snapshot,
            governance: Some(store.governance()?),
        });
    }
    let (inputs, mut issues) = crate::read_and_check(&args.input);
    if !inputs.unreadable.is_empty() {
        bail!("some input could not be read: {}", inputs.unreadable.join(", "));
    }
    let built = scrutiny_ingest::build(&inputs);
    issues.extend(built.issues);
    let what: Vec<String> = args.input.iter().map(|p| p.display().to_string()).collect();
    let snapshot = scrutiny_report::Snapshot {
        description: format!("files read from {} (not kept: reports from --db are)", what.join(", ")),
        id: None,
        files: inputs.files.iter().map(|f| (f.format(), file_name(Path::new(&f.path)), short_hash(&f.hash))).collect(),
    };
    Ok(Loaded { dataset: built.dataset, council: built.council, issues, snapshot, governance: None })
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

pub fn report(args: ReportArgs) -> Result<ExitCode> {
    let format = format_for(args.format, &args.out)?;
    if let Some(id) = args.as_presented {
        return as_presented(&args, id, format);
    }
    let period = args.period.context("--period is needed")?;
    let edition = match args.edition {
        EditionArg::Member => Edition::Member,
        EditionArg::Officer => Edition::Officer,
    };
    let narratives = match &args.narrative {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let n = Narratives::parse(&text, period).with_context(|| format!("in {}", path.display()))?;
            if let Some(db) = &args.db {
                scrutiny_store::Store::open(db)?.put_narratives(&n.to_records(period))?;
            }
            n
        }
        None => match &args.db {
            Some(db) if db.exists() => {
                Narratives::from_records(scrutiny_store::Store::open(db)?.narratives(&period.to_string())?).map_err(anyhow::Error::msg)?
            }
            _ => Narratives::default(),
        },
    };
    let loaded = load(&args)?;
    let targets = match targets_path(&args) {
        Some(p) => Targets::load(&p).with_context(|| format!("targets from {}", p.display()))?,
        None => Targets::default(),
    };
    let la = loaded.council.as_ref().map(|c| c.la_code.clone());
    let comparators = Comparators {
        judge: Some(scrutiny_report::judge::published(scrutiny_benchmarks::Benchmarks::shipped(), &targets, la, period.financial_year().start().year())),
        note: "England and statistical neighbours (their mean) are the Department for Education's latest published figures for the year shown. \
               Targets are the council's own (targets.toml); where it set none, England's value (±5%) stands in. \
               Direction of travel compares this period with the one before."
            .into(),
    };
    let input = scrutiny_report::Input {
        dataset: &loaded.dataset,
        council: loaded.council.as_ref(),
        period,
        edition,
        generated: chrono::Local::now().date_naive(),
        snapshot: loaded.snapshot.clone(),
        issues: &loaded.issues,
        narratives: &narratives,
        comparators: &comparators,
        governance: loaded.governance.as_ref(),
    };
    let report = scrutiny_report::build(&input)?;
    if edition == Edition::Member {
        // Defence in depth: the member pack is checked as text before it is written.
        let leaks = scrutiny_report::check::member_pack_leaks(&report, &loaded.dataset);
        if !leaks.is_empty() {
            let found = &leaks[..leaks.len().min(5)];
            bail!("refusing to write a member pack that shows a child's id or name or a count from 1 to 5 (found {found:?}); please report this as a bug");
        }
    }
    let hash = write(&report, format, &args.out)?;
    println!("Wrote the {} for {} to {}.", edition.label().to_lowercase(), period.describe(), args.out.display());
    if let (Some(db), Some(snapshot_id)) = (&args.db, loaded.snapshot.id) {
        let parameters =
            Parameters { period: period.to_string(), edition, format, hashed: if format == ReportFormat::Xlsx { "xlsx bytes" } else { "html" }.into() };
        let store = scrutiny_store::Store::open(db)?;
        let id = store.record_report(&scrutiny_store::PresentedReport {
            id: 0,
            created_at: String::new(),
            snapshot_id,
            period: period.to_string(),
            edition: serde_json::to_value(edition)?.as_str().unwrap_or_default().to_string(),
            format: serde_json::to_value(format)?.as_str().unwrap_or_default().to_string(),
            parameters: serde_json::to_string(&parameters)?,
            content: serde_json::to_string(&report)?,
            hash: hash.clone(),
        })?;
        println!(
            "Kept as presented: report {id} (snapshot {snapshot_id}, sha256 {}). Produce it again with: scrutiny report --db {} --as-presented {id} --out FILE",
            short_hash(&hash),
            db.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn as_presented(args: &ReportArgs, id: i64, format: ReportFormat) -> Result<ExitCode> {
    let db = args.db.as_ref().context("--as-presented needs --db")?;
    let store = scrutiny_store::Store::open(db)?;
    let kept = store.report(id)?.with_context(|| format!("{} has no report {id}", db.display()))?;
    let parameters: Parameters = serde_json::from_str(&kept.parameters).context("reading the kept report's parameters")?;
    let report: Report = serde_json::from_str(&kept.content).context("reading the kept report")?;
    if format != parameters.format {
        bail!("report {id} was presented as {:?}; ask for that format (--format or the --out extension)", parameters.format);
    }
    let hash = write(&report, format, &args.out)?;
    if hash != kept.hash {
        bail!(
            "report {id} was produced again but does not match what was presented (sha256 {} kept, {} now); this version of Scrutiny renders it differently",
            short_hash(&kept.hash),
            short_hash(&hash)
        );
    }
    println!(
        "Wrote report {id} as presented on {} ({}, {}, from snapshot {}) to {}; its sha256 matches.",
        kept.created_at,
        report.period.describe(),
        report.edition.label().to_lowercase(),
        kept.snapshot_id,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

const TARGETS: &str = "targets.toml";

/// --targets, else targets.toml beside the database or in the returns' folder.
fn targets_path(args: &ReportArgs) -> Option<PathBuf> {
    if let Some(t) = &args.targets {
        return Some(t.clone());
    }
    let beside = match (&args.db, args.input.first()) {
        (Some(db), _) => db.parent().map(|d| d.join(TARGETS)),
        (None, Some(p)) if p.is_dir() => Some(p.join(TARGETS)),
        _ => None,
    };
    beside.filter(|p| p.exists())
}

/// The demo's two packs, from the database it just imported, beside the council's folder.
pub fn for_demo(db: &Path, period: Period, council_dir: &Path) -> Result<()> {
    let stem = file_name(council_dir);
    for (edition, name) in [(EditionArg::Member, "member"), (EditionArg::Officer, "officer")] {
        let out = council_dir.with_file_name(format!("{stem}-report-{period}-{name}.html"));
        let args = ReportArgs {
            input: Vec::new(),
            db: Some(db.to_path_buf()),
            period: Some(period),
            edition,
            format: None,
            out,
            narrative: None,
            as_presented: None,
            targets: None,
        };
        report(args)?;
    }
    Ok(())
}
