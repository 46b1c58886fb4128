//! `scrutiny indicators` and `scrutiny exceptions`: the catalogue's figures
//! for a period, from returns on disk or the latest imported snapshot.

use anyhow::{bail, Context as _, Result};
use clap::Args;
use scrutiny_indicators::{catalogue, evaluate_all, exceptions as lists, By, Ctx, Unit};
use scrutiny_model::{Council, Dataset, Period};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct Source {
    /// A folder (or files) of returns to read directly.
    #[arg(long, conflicts_with = "db", required_unless_present = "db")]
    pub(crate) input: Vec<PathBuf>,
    /// A database: the latest imported snapshot is used.
    #[arg(long)]
    pub(crate) db: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Args)]
pub struct IndicatorsArgs {
    #[command(flatten)]
    source: Source,
    /// 2024-25, 2024-25-Q1, 2024-06 or R12-2024-06.
    #[arg(long)]
    period: Period,
    /// Break each figure down: team, worker, age, sex, ethnicity, disability, group (repeatable).
    #[arg(long, value_parser = parse_by)]
    by: Vec<By>,
    /// Only these indicator ids (repeatable), e.g. --id CP-02.
    #[arg(long)]
    id: Vec<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Args)]
pub struct ExceptionsArgs {
    #[command(flatten)]
    source: Source,
    #[arg(long)]
    period: Period,
    /// Which list (omit to see them all).
    #[arg(long)]
    list: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn parse_by(s: &str) -> std::result::Result<By, String> {
    By::parse(s).ok_or_else(|| format!("'{s}' is not a breakdown: use team, worker, age, sex, ethnicity, disability or group"))
}

/// The dataset and council to compute from.
pub(crate) fn load(source: &Source) -> Result<(Dataset, Option<Council>, String)> {
    if let Some(db) = &source.db {
        if !db.exists() {
            bail!("{} does not exist; import returns first with `scrutiny import`", db.display());
        }
        let store = scrutiny_store::Store::open(db)?;
        let Some(latest) = store.latest()? else { bail!("{} has no snapshots yet; import returns first", db.display()) };
        let dataset = store.dataset(latest.id)?;
        let council = store.council(latest.id)?;
        return Ok((dataset, council, format!("snapshot {} of {} (imported {})", latest.id, db.display(), latest.imported_at)));
    }
    let (inputs, issues) = crate::read_and_check(&source.input);
    if !inputs.unreadable.is_empty() {
        bail!("some input could not be read: {}", inputs.unreadable.join(", "));
    }
    let errors = issues.iter().filter(|i| i.severity == scrutiny_ingest::Severity::Error).count();
    if errors > 0 {
        eprintln!("warning: the returns have {errors} validation error(s); figures use what could be read. Run `scrutiny validate` for the list.");
    }
    let built = scrutiny_ingest::build(&inputs);
    let what = source.input.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
    Ok((built.dataset, built.council, what))
}

/// A value as people read it: percentages and rates to one decimal place.
pub fn show(unit: Unit, value: Option<f64>) -> String {
    match value {
        None => "–".into(),
        Some(v) => match unit {
            Unit::Count => format!("{v:.0}"),
            Unit::Percent => format!("{v:.1}%"),
            Unit::RatePer10k | Unit::Ratio | Unit::Fte => format!("{v:.1}"),
            Unit::Days => format!("{v:.0} days"),
        },
    }
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    period: String,
    value: Option<f64>,
    numerator: f64,
    denominator: Option<f64>,
    unit: Unit,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    breakdown: Vec<scrutiny_indicators::BreakdownRow>,
}

/// The demo's closing table: every indicator for a period from a database.
pub fn indicators_for_demo(db: &std::path::Path, period: Period) -> Result<()> {
    let args =
        IndicatorsArgs { source: Source { input: Vec::new(), db: Some(db.to_path_buf()) }, period, by: Vec::new(), id: Vec::new(), format: Format::Table };
    indicators(args).map(|_| ())
}

pub fn indicators(args: IndicatorsArgs) -> Result<ExitCode> {
    let (dataset, council, source) = load(&args.source)?;
    if council.is_none() {
        eprintln!("warning: no council.toml, so rates per 10,000 children cannot be worked out");
    }
    let ctx = Ctx { dataset: &dataset, council: council.as_ref() };
    let chosen: Vec<_> = catalogue().into_iter().filter(|i| args.id.is_empty() || args.id.iter().any(|x| x.eq_ignore_ascii_case(i.id))).collect();
    if chosen.is_empty() {
        bail!("no indicator has the id(s) {}", args.id.join(", "));
    }
    let results = evaluate_all(&ctx, &chosen, &[args.period], &args.by);
    let rows: Vec<Row> = results
        .iter()
        .map(|r| Row {
            id: r.id,
            title: r.title,
            period: r.period.to_string(),
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            unit: r.unit,
            breakdown: r.breakdown.clone(),
        })
        .collect();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["id", "title", "period", "by", "key", "value", "numerator", "denominator", "unit"])?;
            for r in &rows {
                let num = |v: f64| format!("{v}");
                w.write_record([
                    r.id,
                    r.title,
                    &r.period,
                    "",
                    "",
                    &r.value.map(num).unwrap_or_default(),
                    &num(r.numerator),
                    &r.denominator.map(num).unwrap_or_default(),
                    r.unit.label(),
                ])?;
                for b in &r.breakdown {
                    w.write_record([
                        r.id,
                        r.title,
                        &r.period,
                        b.by,
                        &b.key,
                        &b.value.map(num).unwrap_or_default(),
                        &num(b.numerator),
                        &b.denominator.map(num).unwrap_or_default(),
                        r.unit.label(),
                    ])?;
                }
            }
            w.flush()?;
        }
        Format::Table => {
            println!("{} — {} (from {source})\n", council.as_ref().map_or("Council", |c| c.la_name.as_str()), args.period.describe());
            println!("{:<8} {:<52} {:>12} {:>12} {:>12}", "id", "indicator", "value", "numerator", "denominator");
            for (r, ind) in results.iter().zip(&chosen) {
                let den = r.denominator.map(|d| format!("{d:.0}")).unwrap_or_default();
                println!("{:<8} {:<52} {:>12} {:>12.0} {:>12}", r.id, truncate(ind.title, 52), show(r.unit, r.value), r.numerator, den);
                for b in &r.breakdown {
                    let value = if b.value.is_some() { show(r.unit, b.value) } else { format!("{:.0}", b.numerator) };
                    println!(
                        "{:<8}   {:<50} {:>12} {:>12.0} {:>12}",
                        "",
                        truncate(&format!("{}: {}", b.by, b.key), 50),
                        value,
                        b.numerator,
                        b.denominator.map(|d| format!("{d:.0}")).unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

pub fn exceptions(args: ExceptionsArgs) -> Result<ExitCode> {
    let Some(name) = &args.list else {
        println!("Exception lists (use --list NAME):");
        for l in lists::lists() {
            println!("  {:<28} {} (explains {})", l.name, l.title, l.indicator);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let list = lists::find(name).with_context(|| {
        let names: Vec<&str> = lists::lists().iter().map(|l| l.name).collect();
        format!("there is no list '{name}'; the lists are: {}", names.join(", "))
    })?;
    let (dataset, council, source) = load(&args.source)?;
    let ctx = Ctx { dataset: &dataset, council: council.as_ref() };
    let rows = lists::run(list, &ctx, args.period);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["id", "worker", "team", "due", "overdue_working_days", "detail"])?;
            for e in &rows {
                w.write_record([
                    &e.id,
                    e.worker.as_deref().unwrap_or(""),
                    e.team.as_deref().unwrap_or(""),
                    &e.due.to_string(),
                    &e.overdue_working_days.to_string(),
                    &e.detail,
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            println!(
                "{} — {} at {} (from {source}): {} {}\n",
                list.title,
                args.period.describe(),
                args.period.end().format("%d/%m/%Y"),
                rows.len(),
                if rows.len() == 1 { "entry" } else { "entries" }
            );
            println!("{:<12} {:<12} {:<28} {:>10} {:>8}  detail", "id", "worker", "team", "due", "overdue");
            for e in &rows {
                println!(
                    "{:<12} {:<12} {:<28} {:>10} {:>8}  {}",
                    e.id,
                    e.worker.as_deref().unwrap_or("–"),
                    truncate(e.team.as_deref().unwrap_or("–"), 28),
                    e.due.format("%d/%m/%Y"),
                    e.overdue_working_days,
                    e.detail
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
