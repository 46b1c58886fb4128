//! `scrutiny`: children's social care performance for councils, from the
//! returns they already make to the DfE.

mod summary;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use scrutiny_model::{Period, PeriodKind};
use scrutiny_synth::{Options, Size};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "scrutiny",
    version,
    about = "Children's social care performance for councils: from the CIN census, SSDA903, \
             workforce census and safeguarding extracts to indicators, comparisons and committee reports.",
    after_help = "Start with `scrutiny demo` to see a synthetic council. No real child data is ever needed to try it."
)]
struct Cli {
    /// More detail on stderr (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make a synthetic council: invented children and workers in the real statutory formats.
    Synth(SynthArgs),
    /// Generate a demonstration council and show what it holds.
    Demo(DemoArgs),
}

#[derive(Args)]
struct SynthArgs {
    /// Folder to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed and options give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// small ≈ 20,000 children, medium ≈ 60,000, large ≈ 250,000.
    #[arg(long, default_value = "medium")]
    size: Size,
    /// How many financial years of returns to write.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=15))]
    years: u32,
    /// The last financial year written, e.g. 2024-25 (default: the latest complete one).
    #[arg(long)]
    until: Option<Period>,
    /// Share of children in each CIN and SSDA903 return given a data-quality fault,
    /// listed in faults_manifest.json (0 to 0.5).
    #[arg(long = "errors", default_value_t = 0.0)]
    error_rate: f64,
}

#[derive(Args)]
struct DemoArgs {
    /// Where to write the demonstration council.
    #[arg(long, default_value = "demo-council")]
    out: PathBuf,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    #[arg(long, default_value = "medium")]
    size: Size,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default_level.into()))
        .with_writer(std::io::stderr)
        .init();
    let outcome = match cli.command {
        Command::Synth(args) => synth(args).map(|_| ()),
        Command::Demo(args) => demo(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn synth_options(args: &SynthArgs) -> Result<Options> {
    let until = match args.until {
        Some(p) if p.kind() == PeriodKind::Year => p,
        Some(p) => bail!("--until takes a financial year such as 2024-25, not {p}"),
        None => Options::latest_complete_year(chrono::Local::now().date_naive()),
    };
    if !(0.0..=0.5).contains(&args.error_rate) {
        bail!("--errors takes a share from 0 to 0.5, not {}", args.error_rate);
    }
    Ok(Options { seed: args.seed, size: args.size, years: args.years, until, error_rate: args.error_rate })
}

fn synth(args: SynthArgs) -> Result<scrutiny_synth::SyntheticCouncil> {
    let options = synth_options(&args)?;
    let started = Instant::now();
    let council = scrutiny_synth::generate(&options);
    let written = scrutiny_synth::write_council(&council, &options, &args.out).with_context(|| format!("writing {}", args.out.display()))?;
    tracing::info!(files = written.files.len(), bytes = written.bytes, "written");
    println!(
        "Wrote {} files ({:.1} MB) for {} to {} in {:.2}s.",
        written.files.len(),
        written.bytes as f64 / 1e6,
        council.council.la_name,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    if options.error_rate > 0.0 {
        println!("Injected {} data-quality faults; see {}.", written.faults.len(), args.out.join("faults_manifest.json").display());
    }
    Ok(council)
}

fn demo(args: DemoArgs) -> Result<()> {
    let until = Options::latest_complete_year(chrono::Local::now().date_naive());
    let synth_args = SynthArgs { out: args.out.clone(), seed: args.seed, size: args.size, years: 3, until: Some(until), error_rate: 0.0 };
    let council = synth(synth_args)?;
    println!();
    print!("{}", summary::render(&council));
    println!("\nThe files are real formats: open {} to see the CIN census XML, SSDA903 and workforce CSVs and the safeguarding extract.", args.out.display());
    Ok(())
}
