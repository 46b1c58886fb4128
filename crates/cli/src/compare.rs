//! `scrutiny compare`: each indicator for a period beside its target and the
//! DfE's published comparators, with RAG and direction of travel.

use crate::figures::{show, Format, Source};
use anyhow::{Context as _, Result};
use clap::Args;
use scrutiny_benchmarks::targets::{rag, Dot, Rag, Target, Targets};
use scrutiny_benchmarks::Benchmarks;
use scrutiny_indicators::{catalogue, evaluate, helpers::financial_start_year, Ctx, Indicator};
use scrutiny_model::Period;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct CompareArgs {
    #[command(flatten)]
    source: Source,
    /// 2024-25, 2024-25-Q1, 2024-06 or R12-2024-06. Comparators come from the latest
    /// published year in or before its financial year.
    #[arg(long)]
    period: Period,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// The council's targets (default: targets.toml in the --input folder, or beside the --db file).
    #[arg(long)]
    targets: Option<PathBuf>,
    /// Only these indicator ids (repeatable).
    #[arg(long)]
    id: Vec<String>,
    /// Read a table written by `benchmarks import --out DIR` instead of the built-in one.
    #[arg(long)]
    benchmarks: Option<PathBuf>,
}

/// One indicator's comparison: the JSON fields, exactly.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: &'static str,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub last_year: Option<f64>,
    pub dot: Option<Dot>,
    pub target: Option<Target>,
    pub rag: Option<Rag>,
    pub england: Option<f64>,
    pub region: Option<f64>,
    pub sn_mean: Option<f64>,
    pub sn_median: Option<f64>,
    /// Where this period's value would sit among councils' published values (1 = best).
    pub quartile: Option<u8>,
}

/// What the table and CSV add to a row: the published year and the rest of the comparators.
struct Extra {
    year: Option<String>,
    best_neighbour: Option<f64>,
    top_quartile: Option<f64>,
    published_rank: Option<String>,
}

fn compare_one(ind: &Indicator, ctx: &Ctx, period: Period, la: Option<&str>, bm: &Benchmarks, targets: &Targets) -> (Row, Extra) {
    let at = |p: Period| evaluate(ind, ctx, p, &[]).value;
    let (value, previous, last_year) = (at(period), at(period.previous()), at(period.a_year_earlier()));
    let comps = la.and_then(|la| bm.comparators(ind.id, la, financial_start_year(period)));
    let england = comps.as_ref().and_then(|c| c.england);
    let year = comps.as_ref().map(|c| c.year.label.clone());
    // England totals are not a council-sized target for counts.
    let england_target = england.filter(|_| !matches!(ind.unit, scrutiny_indicators::Unit::Count | scrutiny_indicators::Unit::Fte));
    let target = Target::resolve(targets.get(ind.id), ind.polarity, england_target.zip(year.as_deref()));
    let row = Row {
        id: ind.id,
        value,
        previous,
        last_year,
        dot: Dot::of(value, previous, last_year, ind.polarity),
        rag: target.as_ref().and_then(|t| rag(value, t, ind.polarity)),
        target,
        england,
        region: comps.as_ref().and_then(|c| c.region),
        sn_mean: comps.as_ref().and_then(|c| c.sn_mean),
        sn_median: comps.as_ref().and_then(|c| c.sn_median),
        quartile: comps.as_ref().zip(value).and_then(|(c, v)| c.place(v)).map(|r| r.quartile),
    };
    let extra = Extra {
        year,
        best_neighbour: comps.as_ref().and_then(|c| c.best_neighbour.as_ref().map(|b| b.1)),
        top_quartile: comps.as_ref().and_then(|c| c.top_quartile),
        published_rank: comps.as_ref().and_then(|c| c.rank).map(|r| format!("{}/{} (Q{})", r.rank, r.of, r.quartile)),
    };
    (row, extra)
}

fn targets_path(args: &CompareArgs) -> Option<PathBuf> {
    if let Some(t) = &args.targets {
        return Some(t.clone());
    }
    let beside = match (&args.source.db, args.source.input.first()) {
        (Some(db), _) => db.parent().map(|d| d.join(TARGETS)),
        (None, Some(p)) if p.is_dir() => Some(p.join(TARGETS)),
        (None, Some(p)) => p.parent().map(|d| d.join(TARGETS)),
        _ => None,
    };
    beside.filter(|p| p.exists())
}

const TARGETS: &str = "targets.toml";

pub fn compare(args: CompareArgs) -> Result<ExitCode> {
    let (dataset, council, _) = crate::figures::load(&args.source)?;
    let source = match &args.source.db {
        Some(db) => db.display().to_string(),
        None => args.source.input.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
    };
    let bm = crate::benchmarks::table(args.benchmarks.as_ref())?;
    let targets = match targets_path(&args) {
        Some(p) => Targets::load(&p).with_context(|| format!("targets from {}", p.display()))?,
        None => Targets::default(),
    };
    let la = council.as_ref().map(|c| c.la_code.trim().to_string());
    match (&council, la.as_deref().and_then(|l| bm.council(l))) {
        (None, _) => eprintln!("warning: no council.toml, so there is no LA code to find comparators for"),
        (Some(c), None) => eprintln!("warning: LA code {} (council.toml) is not in the DfE's statistical-neighbour table: no comparators", c.la_code),
        _ => {}
    }
    let ctx = Ctx { dataset: &dataset, council: council.as_ref() };
    let chosen: Vec<_> = catalogue().into_iter().filter(|i| args.id.is_empty() || args.id.iter().any(|x| x.eq_ignore_ascii_case(i.id))).collect();
    if chosen.is_empty() {
        anyhow::bail!("no indicator has the id(s) {}", args.id.join(", "));
    }
    let rows: Vec<(Row, Extra)> = chosen.iter().map(|i| compare_one(i, &ctx, args.period, la.as_deref(), &bm, &targets)).collect();
    match args.format {
        Format::Json => {
            let rows: Vec<&Row> = rows.iter().map(|(r, _)| r).collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        }
        Format::Csv => write_csv(&rows)?,
        Format::Table => {
            let name = council.as_ref().map_or("Council".to_string(), |c| format!("{} ({})", c.la_name, c.la_code));
            println!("{name} — {} (from {source})", args.period.describe());
            println!("Comparators: latest DfE publication in or before {}; the year is shown per row.", args.period.financial_year());
            println!("SN mean is what LAIT shows, SN median what the DfE's CSC dashboard shows. Q: quartile of this value among councils (1 best).");
            println!("Target marked * is a default (England's value, ±5%): set your own in targets.toml.\n");
            println!(
                "{:<7} {:>9} {:>9} {:>9} {:>10} {:>10} {:>10} {:>5} {:>9} {:>9} {:>9} {:>9} {:>2} {:>11}",
                "id", "value", "previous", "last yr", "vs prev", "vs last yr", "target", "RAG", "England", "region", "SN mean", "SN med", "Q", "published"
            );
            for ((r, x), ind) in rows.iter().zip(&chosen) {
                let u = ind.unit;
                let t = r.target.as_ref().map(|t| format!("{}{}", show(u, Some(t.value)), if t.default { "*" } else { "" })).unwrap_or_else(|| "–".into());
                let dot = |d: Option<scrutiny_benchmarks::targets::Travel>| d.map_or("–", |d| d.arrow());
                println!(
                    "{:<7} {:>9} {:>9} {:>9} {:>10} {:>10} {:>10} {:>5} {:>9} {:>9} {:>9} {:>9} {:>2} {:>11}",
                    r.id,
                    show(u, r.value),
                    show(u, r.previous),
                    show(u, r.last_year),
                    dot(r.dot.and_then(|d| d.previous)),
                    dot(r.dot.and_then(|d| d.last_year)),
                    t,
                    r.rag.map_or("–", |g| g.label()),
                    show(u, r.england),
                    show(u, r.region),
                    show(u, r.sn_mean),
                    show(u, r.sn_median),
                    r.quartile.map_or("–".to_string(), |q| q.to_string()),
                    x.year.as_deref().unwrap_or("–"),
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_csv(rows: &[(Row, Extra)]) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout());
    w.write_record([
        "id",
        "value",
        "previous",
        "last_year",
        "dot_previous",
        "dot_last_year",
        "target",
        "tolerance",
        "target_is_default",
        "target_basis",
        "matters",
        "rag",
        "england",
        "region",
        "sn_mean",
        "sn_median",
        "best_neighbour",
        "top_quartile",
        "quartile",
        "published_rank",
        "comparator_year",
    ])?;
    let n = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    for (r, x) in rows {
        let t = r.target.as_ref();
        w.write_record([
            r.id.to_string(),
            n(r.value),
            n(r.previous),
            n(r.last_year),
            r.dot.and_then(|d| d.previous).map(|d| d.label().to_string()).unwrap_or_default(),
            r.dot.and_then(|d| d.last_year).map(|d| d.label().to_string()).unwrap_or_default(),
            n(t.map(|t| t.value)),
            n(t.map(|t| t.tolerance)),
            t.map(|t| t.default.to_string()).unwrap_or_default(),
            t.map(|t| t.basis.clone()).unwrap_or_default(),
            t.map(|t| t.matters.to_string()).unwrap_or_default(),
            r.rag.map(|g| g.label().to_string()).unwrap_or_default(),
            n(r.england),
            n(r.region),
            n(r.sn_mean),
            n(r.sn_median),
            n(x.best_neighbour),
            n(x.top_quartile),
            r.quartile.map(|q| q.to_string()).unwrap_or_default(),
            x.published_rank.clone().unwrap_or_default(),
            x.year.clone().unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
