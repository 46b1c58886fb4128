//! `scrutiny benchmarks import` and `scrutiny benchmarks show`: DfE's
//! published comparators, from their files to the table the product ships.

use crate::figures::{show, Format};
use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use scrutiny_benchmarks::{import, mapping, region_name, Benchmarks, Comparators, Published};
use scrutiny_model::Period;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum BenchmarksCommand {
    /// Build the comparator table from DfE's published files (EES CSVs, the LAIT long file, sn_model_*_wide.csv) under DIR.
    Import(ImportArgs),
    /// Show one council's comparators: England, region, neighbours' mean and median, rank, quartile and its own history.
    Show(ShowArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// Folder holding the published files (searched recursively).
    dir: PathBuf,
    /// Where to write comparators.csv and neighbours.csv; the product is built with data/benchmarks.
    #[arg(long, default_value = "data/benchmarks")]
    out: PathBuf,
}

#[derive(Args)]
pub struct ShowArgs {
    /// DfE LA number, e.g. 893.
    #[arg(long)]
    la: String,
    /// Comparators from the latest published year in or before this period's financial year (default: the latest).
    #[arg(long)]
    period: Option<Period>,
    /// Only these indicator ids (repeatable).
    #[arg(long)]
    id: Vec<String>,
    /// Read a table written by `benchmarks import --out DIR` instead of the built-in one.
    #[arg(long)]
    benchmarks: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(cmd: BenchmarksCommand) -> Result<ExitCode> {
    match cmd {
        BenchmarksCommand::Import(a) => import_files(a),
        BenchmarksCommand::Show(a) => show_council(a),
    }
}

fn import_files(args: ImportArgs) -> Result<ExitCode> {
    let today = chrono::Local::now().date_naive().to_string();
    let imported = import::import(&args.dir, &today)?;
    import::write(&imported, &args.out)?;
    println!(
        "Wrote {} published values for {} indicators and {} councils' neighbours to {} from {} files.",
        imported.values.len(),
        imported.values.keys().map(|k| k.0).collect::<std::collections::BTreeSet<_>>().len(),
        imported.neighbours.len(),
        args.out.display(),
        imported.sources.len()
    );
    for m in &imported.missing {
        eprintln!("warning: no published file found for {m}");
    }
    println!("Rebuild (cargo build --release) to ship it; `scrutiny compare --benchmarks {}` uses it meanwhile.", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The built-in table, or one written by `benchmarks import`.
pub fn table(dir: Option<&PathBuf>) -> Result<std::borrow::Cow<'static, Benchmarks>> {
    Ok(match dir {
        Some(d) => std::borrow::Cow::Owned(Benchmarks::load_dir(d)?),
        None => std::borrow::Cow::Borrowed(Benchmarks::shipped()),
    })
}

fn published(unit: scrutiny_indicators::Unit, p: &Published) -> String {
    match (&p.value, &p.symbol) {
        (Some(_), _) => show(unit, p.value),
        (None, Some(s)) => s.clone(),
        _ => "–".into(),
    }
}

fn show_council(args: ShowArgs) -> Result<ExitCode> {
    let b = table(args.benchmarks.as_ref())?;
    let Some(council) = b.council(&args.la) else { bail!("{} is not a council in the statistical-neighbour table", args.la) };
    let fy = args.period.map_or(i32::MAX, scrutiny_indicators::helpers::financial_start_year);
    let chosen: Vec<_> = mapping::MEASURES
        .iter()
        .filter(|m| args.id.is_empty() || args.id.iter().any(|x| x.eq_ignore_ascii_case(m.indicator)))
        .filter_map(|m| b.comparators(m.indicator, &council.la_code, fy))
        .collect();
    if args.format == Format::Json {
        let rows: Vec<_> = chosen.iter().map(|c| (c, b.history(c.indicator, &council.la_code))).collect();
        let json: Vec<_> = rows
            .iter()
            .map(|(c, h)| {
                serde_json::json!({
                    "comparators": c,
                    "source": c.measure.describe(),
                    "history": h.iter().map(|(y, p)| serde_json::json!({"year": y.label, "value": p.value, "symbol": p.symbol})).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    let region = region_name(&council.region_code).unwrap_or("region");
    println!("{} ({}), {region}. Neighbours: {}", council.la_name, council.la_code, names(&b, &council.neighbours));
    println!("SN mean is what LAIT shows; SN median is what the DfE's CSC dashboard shows. Quartile 1 is the best.\n");
    let header = ["id", "year", "own", "England", "region", "SN mean", "SN median", "best SN", "top Q", "rank", "Q"];
    if args.format == Format::Csv {
        let mut w = csv::Writer::from_writer(std::io::stdout());
        w.write_record(header.iter().chain(&["history", "source"]))?;
        for c in &chosen {
            let r = cells(c);
            let h = b.history(c.indicator, &council.la_code).iter().map(|(y, p)| format!("{} {}", y.label, published(unit(c), p))).collect::<Vec<_>>();
            w.write_record(r.iter().map(String::as_str).chain([h.join("; ").as_str(), c.measure.describe().as_str()]))?;
        }
        w.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<7} {:>11} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>2}",
        header[0], header[1], header[2], header[3], header[4], header[5], header[6], header[7], header[8], header[9], header[10]
    );
    for c in &chosen {
        let r = cells(c);
        println!("{:<7} {:>11} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>2}", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]);
        let h = b.history(c.indicator, &council.la_code);
        let h: Vec<String> = h.iter().rev().take(6).rev().map(|(y, p)| format!("{} {}", y.label, published(unit(c), p))).collect();
        println!("{:<7} history: {}", "", h.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

fn unit(c: &Comparators) -> scrutiny_indicators::Unit {
    scrutiny_indicators::find(c.indicator).map_or(scrutiny_indicators::Unit::Count, |i| i.unit)
}

fn cells(c: &Comparators) -> Vec<String> {
    let u = unit(c);
    vec![
        c.indicator.to_string(),
        c.year.label.clone(),
        published(u, &c.own),
        show(u, c.england),
        show(u, c.region),
        show(u, c.sn_mean),
        show(u, c.sn_median),
        show(u, c.best_neighbour.as_ref().map(|b| b.1)),
        show(u, c.top_quartile),
        c.rank.map(|r| format!("{}/{}", r.rank, r.of)).unwrap_or_else(|| "–".into()),
        c.rank.map(|r| r.quartile.to_string()).unwrap_or_else(|| "–".into()),
    ]
}

fn names(b: &Benchmarks, codes: &[String]) -> String {
    codes.iter().map(|c| b.council(c).map_or(c.clone(), |n| n.la_name.clone())).collect::<Vec<_>>().join(", ")
}
