//! `scrutiny`: children's social care performance for councils, from the
//! returns they already make to the DfE.

mod benchmarks;
mod compare;
mod figures;
mod findings;
mod plan;
mod report;
mod serve;
mod summary;
mod users;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use scrutiny_model::{Period, PeriodKind};
use scrutiny_synth::{Options, Size};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// Reading a council allocates millions of small values; mimalloc frees them
// several times faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h. At -1 freed memory stays with the
/// process for reuse: returned to the OS, it came back zero-filled page by page,
/// which took longer than building the dataset itself.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

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
    /// Check returns with the DfE's validation rules; exit 0 with no errors, 1 with errors, 2 if an input cannot be read.
    Validate(ValidateArgs),
    /// Validate returns and, if they pass, store them as a new snapshot in one transaction.
    Import(ImportArgs),
    /// List the snapshots in a database: when, which files (with hashes), how many records.
    Snapshots(SnapshotsArgs),
    /// Compute the standard indicators for a period, from files or the latest imported snapshot.
    Indicators(figures::IndicatorsArgs),
    /// List the children (or workers) behind an indicator who need action, most overdue first.
    Exceptions(figures::ExceptionsArgs),
    /// The committee's performance report (HTML, PDF or xlsx; member or officer edition), kept as presented.
    Report(report::ReportArgs),
    /// DfE published comparators: build the shipped table from DfE's files, or show a council's.
    #[command(subcommand)]
    Benchmarks(benchmarks::BenchmarksCommand),
    /// Each indicator for a period beside its target, RAG, direction of travel and England, region and neighbour values.
    Compare(compare::CompareArgs),
    /// The live dashboard: serve a database's latest snapshot to signed-in users.
    Serve(serve::ServeArgs),
    /// Dashboard users: add, reset a password, disable, list.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// The improvement plan: import, export, BRAG summary and the interlink diagram.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Practice audits: import, export, summary for a period.
    #[command(subcommand)]
    Audits(plan::AuditsCommand),
    /// Actions from every source (plan, resolutions, audits, inspections).
    #[command(subcommand)]
    Actions(plan::ActionsCommand),
    /// Scrutiny committees from ModernGov: import meetings, pre-meeting briefing.
    #[command(subcommand)]
    Meetings(plan::MeetingsCommand),
}

#[derive(Args)]
struct ValidateArgs {
    /// Files or folders (read recursively): CIN census XML, SSDA903 / SSD / workforce census CSVs, council.toml.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write every finding to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Format of --out (default: from its extension, else CSV).
    #[arg(long, value_enum)]
    format: Option<findings::ListFormat>,
}

#[derive(Args)]
struct ImportArgs {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The SQLite database (created if missing).
    #[arg(long)]
    db: PathBuf,
    /// Reject the import when it has more errors than this (warnings and queries never reject).
    #[arg(long, default_value_t = 0)]
    max_errors: usize,
    /// Also write every finding to this file (CSV, JSON or XLSX by extension).
    #[arg(long)]
    findings: Option<PathBuf>,
}

#[derive(Args)]
struct SnapshotsArgs {
    #[arg(long)]
    db: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
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
    /// Where the demo's dashboard listens at the end.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Stop after the reports instead of serving the dashboard.
    #[arg(long)]
    no_serve: bool,
}

/// Memory settings for a process that holds a whole council's returns at once.
fn tune_memory() {
    // SAFETY: sets a process-wide allocator option; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    small_pages();
}

/// Transparent huge pages off: each first touch then zero-fills 2 MiB, and on
/// virtual machines that took half an import's time (4.5 s of system time for
/// a large council, against 0.8 s with 4 KiB pages). Refused on old kernels; harmless.
fn small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: a flag on this process's memory map; takes no pointers.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    tune_memory();
    // Like other command-line tools, stop quietly when output goes to a closed pipe (`| head`).
    #[cfg(unix)]
    // SAFETY: restoring the default signal disposition before any threads start.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let default_level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default_level.into()))
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in a log file or a pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let outcome = match cli.command {
        Command::Synth(args) => synth(args).map(|_| ExitCode::SUCCESS),
        Command::Demo(args) => demo(args).map(|_| ExitCode::SUCCESS),
        Command::Validate(args) => validate(args),
        Command::Import(args) => import(args),
        Command::Snapshots(args) => snapshots(args),
        Command::Indicators(args) => figures::indicators(args),
        Command::Exceptions(args) => figures::exceptions(args),
        Command::Report(args) => report::report(args),
        Command::Benchmarks(cmd) => benchmarks::run(cmd),
        Command::Compare(args) => compare::compare(args),
        Command::Serve(args) => serve::serve(args),
        Command::Users(cmd) => users::run(cmd),
        Command::Plan(cmd) => plan::plan(cmd),
        Command::Audits(cmd) => plan::audits(cmd),
        Command::Actions(cmd) => plan::actions(cmd),
        Command::Meetings(cmd) => plan::meetings(cmd),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Exit status for a run that could not read some input.
const UNREADABLE: u8 = 2;

pub(crate) fn read_and_check(paths: &[PathBuf]) -> (scrutiny_ingest::Inputs, Vec<scrutiny_ingest::Issue>) {
    let started = Instant::now();
    let inputs = read_with_progress(paths);
    let issues = scrutiny_ingest::validate(&inputs);
    tracing::info!(files = inputs.files.len(), issues = issues.len(), seconds = started.elapsed().as_secs_f64(), "read and validated");
    (inputs, issues)
}

/// Reads the returns, with a progress bar when stderr is a terminal.
fn read_with_progress(paths: &[PathBuf]) -> scrutiny_ingest::Inputs {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let bar = indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template("{spinner} reading {bytes}/{total_bytes} {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let inputs = scrutiny_ingest::read_paths_with_progress(paths, |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        });
        bar.finish_and_clear();
        inputs
    } else {
        scrutiny_ingest::read_paths(paths)
    }
}

fn validate(args: ValidateArgs) -> Result<ExitCode> {
    let (inputs, issues) = read_and_check(&args.paths);
    print!("{}", findings::summary(&inputs, &issues));
    if let Some(out) = &args.out {
        let format = args.format.unwrap_or_else(|| findings::ListFormat::for_path(out));
        findings::write_list(&issues, format, out)?;
        println!("\nEvery finding is in {}.", out.display());
    }
    Ok(if !inputs.unreadable.is_empty() || inputs.files.is_empty() {
        if inputs.files.is_empty() && inputs.unreadable.is_empty() {
            eprintln!("error: no files found under the paths given");
        }
        ExitCode::from(UNREADABLE)
    } else if findings::count(&issues, scrutiny_ingest::Severity::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

    // Validate and import them as a council would.
    let db = args.out.with_extension("sqlite");
    println!("\nValidating and importing into {} …\n", db.display());
    let outcome = import(ImportArgs { paths: vec![args.out.clone()], db: db.clone(), max_errors: 0, findings: None })?;
    if outcome != ExitCode::SUCCESS {
        bail!("the demo council did not import cleanly");
    }
    println!("See what was imported: scrutiny snapshots --db {}", db.display());

    // The last quarter's standard indicators, from what was just imported.
    let quarter = Period::Quarter { start_year: chrono::Datelike::year(&until.start()), quarter: 4 };
    println!();
    figures::indicators_for_demo(&db, quarter)?;

    // The committee's packs for that quarter, member and officer.
    println!();
    report::for_demo(&db, quarter, &args.out)?;

    // The improvement plan, audits and the scrutiny committee's open actions.
    println!();
    plan::for_demo(&db, until)?;
    println!("\nNext: scrutiny exceptions --db {} --period {quarter} --list assessments-overdue", db.display());
    if !args.no_serve {
        serve::for_demo(&db, args.addr)?;
    }
    Ok(())
}

fn import(args: ImportArgs) -> Result<ExitCode> {
    if let Some(done) = unchanged_without_reading(&args)? {
        return Ok(done);
    }
    let reading = Instant::now();
    let inputs = read_with_progress(&args.paths);
    tracing::info!(parts = inputs.files.len(), seconds = reading.elapsed().as_secs_f64(), "read");
    let files: Vec<scrutiny_store::FileMeta> =
        inputs.files.iter().map(|f| scrutiny_store::FileMeta { path: f.path.clone(), hash: f.hash.clone(), bytes: f.bytes, format: f.format() }).collect();
    if let Some(done) = already_imported(&args, &inputs)? {
        return Ok(done);
    }
    // The dataset is built on one thread while the rules run on the other; the
    // first to finish takes the rules still waiting. A refused import drops the dataset.
    let checking = Instant::now();
    let validation = scrutiny_ingest::Validation::new(&inputs);
    let (built, building_took) = std::thread::scope(|scope| {
        let building = scope.spawn(|| {
            let built = scrutiny_ingest::build(&inputs);
            let took = checking.elapsed();
            validation.help();
            (built, took)
        });
        validation.help();
        building.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let mut issues = validation.finish();
    // Which of the two ended last says where a faster import has to come from.
    tracing::info!(
        children = built.dataset.children.len(),
        build_seconds = building_took.as_secs_f64(),
        with_rules_seconds = checking.elapsed().as_secs_f64(),
        "built the dataset while the rules ran"
    );
    let errors = findings::count(&issues, scrutiny_ingest::Severity::Error);
    let governance = match gate(&args, &findings::files_read(&inputs), readable(&inputs), &issues, errors)? {
        Ok(governance) => governance,
        Err(refused) => return Ok(refused),
    };
    issues.extend(built.issues);
    let started = Instant::now();
    let mut store = scrutiny_store::Store::open(&args.db)?;
    let outcome = store.import(&scrutiny_store::Import { files: &files, council: built.council.as_ref(), dataset: &built.dataset, issues: &issues })?;
    match outcome {
        scrutiny_store::ImportOutcome::Created(s) => println!(
            "\nImported snapshot {} into {} in {:.2}s: {} children, {} referrals, {} care episodes, {} workers.",
            s.id,
            args.db.display(),
            started.elapsed().as_secs_f64(),
            s.children,
            s.referrals,
            s.care_episodes,
            s.workers
        ),
        scrutiny_store::ImportOutcome::Unchanged(s) => say_unchanged(&s),
    }
    drop(store);
    // Freeing a council's returns record by record takes longer than storing them,
    // and the process ends next: the OS takes the memory back at once.
    std::mem::forget((inputs, built.dataset, built.council, issues));
    match governance {
        Some(read) => plan::apply_with_data(read, &args.db),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Whether every path given was read and held at least one file.
fn readable(inputs: &scrutiny_ingest::Inputs) -> bool {
    inputs.unreadable.is_empty() && !inputs.files.is_empty()
}

/// What every import does before anything is stored: shows the files read and
/// the findings (and writes the list if asked), then refuses if input was
/// unreadable, if there are more errors than allowed, or if the governance
/// folder has problems. Otherwise it gives the governance records to apply
/// once the returns are in.
fn gate(
    args: &ImportArgs,
    files_read: &str,
    readable: bool,
    issues: &[scrutiny_ingest::Issue],
    errors: usize,
) -> Result<Result<Option<scrutiny_plan::Read>, ExitCode>> {
    print!("{files_read}{}", findings::findings(issues));
    if let Some(out) = &args.findings {
        findings::write_list(issues, findings::ListFormat::for_path(out), out)?;
    }
    if !readable {
        eprintln!("\nImport refused: some input could not be read. The database was not changed.");
        return Ok(Err(ExitCode::from(UNREADABLE)));
    }
    if errors > args.max_errors {
        eprintln!("\nImport refused: {errors} error(s), more than --max-errors {}. Fix them and import again; the database was not changed.", args.max_errors);
        return Ok(Err(ExitCode::from(1)));
    }
    // A council folder's governance/ records are checked before anything is stored.
    match plan::check_with_data(&args.paths) {
        Ok(read) => Ok(Ok(read)),
        Err(rejected) => {
            eprint!("\n{rejected}");
            eprintln!("Import refused; the database was not changed.");
            Ok(Err(ExitCode::from(1)))
        }
    }
}

/// Files that are the latest snapshot's byte for byte, told by their sizes and
/// hashes alone: they are not parsed or checked again. `None` when there may
/// be an import to do (then reading them decides).
fn unchanged_without_reading(args: &ImportArgs) -> Result<Option<ExitCode>> {
    if !args.db.exists() {
        return Ok(None);
    }
    let store = scrutiny_store::Store::open(&args.db)?;
    let Some(latest) = store.latest()? else { return Ok(None) };
    drop(store);
    let Some(listed) = scrutiny_ingest::list_files(&args.paths) else { return Ok(None) };
    // Sizes first: when they differ, the files are not hashed twice.
    let mut stored: Vec<(&str, u64)> = latest.files.iter().map(|f| (f.path.as_str(), f.bytes)).collect();
    stored.sort_unstable();
    stored.dedup();
    let mut stored_sizes: Vec<u64> = stored.iter().map(|&(_, bytes)| bytes).collect();
    let mut sizes: Vec<u64> = listed.iter().map(|&(_, bytes)| bytes).collect();
    stored_sizes.sort_unstable();
    sizes.sort_unstable();
    if sizes != stored_sizes {
        return Ok(None);
    }
    let Some(hashes) = scrutiny_ingest::hash_files(&listed) else { return Ok(None) };
    let files_read = format!("{} file(s), byte for byte those of snapshot {}: not read again.\n", listed.len(), latest.id);
    repeat(args, hashes.iter().map(String::as_str), &files_read)
}

/// Files read that turn out to be the latest snapshot's. `None` when there is an import to do.
fn already_imported(args: &ImportArgs, inputs: &scrutiny_ingest::Inputs) -> Result<Option<ExitCode>> {
    if !readable(inputs) || !args.db.exists() {
        return Ok(None);
    }
    repeat(args, inputs.files.iter().map(|f| f.hash.as_str()), &findings::files_read(inputs))
}

/// If `hashes` are the latest snapshot's files, the import is a repeat: the
/// findings come from the store rather than being found again, the limit on
/// errors still holds, nothing is written twice, and the governance folder is
/// still applied. `None` when they are not.
fn repeat<'h>(args: &ImportArgs, hashes: impl IntoIterator<Item = &'h str>, files_read: &str) -> Result<Option<ExitCode>> {
    let store = scrutiny_store::Store::open(&args.db)?;
    let Some(snapshot) = store.latest_from(hashes)? else { return Ok(None) };
    let issues = store.issues(snapshot.id)?;
    drop(store);
    let governance = match gate(args, files_read, true, &issues, snapshot.errors as usize)? {
        Ok(governance) => governance,
        Err(refused) => return Ok(Some(refused)),
    };
    say_unchanged(&snapshot);
    Ok(Some(match governance {
        Some(read) => plan::apply_with_data(read, &args.db)?,
        None => ExitCode::SUCCESS,
    }))
}

fn say_unchanged(s: &scrutiny_store::SnapshotInfo) {
    println!("\nThese files are already snapshot {} (imported {}); nothing was changed.", s.id, s.imported_at);
}

fn snapshots(args: SnapshotsArgs) -> Result<ExitCode> {
    if !args.db.exists() {
        bail!("{} does not exist", args.db.display());
    }
    let store = scrutiny_store::Store::open(&args.db)?;
    let list = store.snapshots()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        println!("No snapshots yet: use `scrutiny import`.");
    }
    for s in &list {
        println!(
            "Snapshot {} — imported {}: {} children, {} referrals, {} care episodes, {} workers; {} errors, {} warnings, {} queries",
            s.id, s.imported_at, s.children, s.referrals, s.care_episodes, s.workers, s.errors, s.warnings, s.queries
        );
        for f in &s.files {
            println!("    {}  {}  {} bytes  {}", &f.hash[..f.hash.len().min(12)], f.format, f.bytes, f.path);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    #[test]
    fn the_allocator_option_set_at_start_is_the_purge_delay() {
        // The bundled mimalloc (v3, options.c) starts the purge delay at 1000 ms; a wrong index would read another option.
        let default = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_off_once_memory_is_tuned() {
        super::small_pages();
        // SAFETY: reads this process's flag.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
