//! `cargo bench -p scrutiny-cli`: `scrutiny import` end to end, as a council
//! runs it, on a large synthetic council over five years: reading, validating,
//! building and storing one snapshot in a new database, then the same files
//! again (already imported). Each run is the real binary in its own process,
//! so its wall time, CPU time and peak memory are its own.
//! `SCRUTINY_BENCH_DIR=/dev/shm` takes the disk out of the figures.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 5;

fn main() {
    let dir = match std::env::var_os("SCRUTINY_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");
    let council = dir.path().join("council");
    // By the binary too: a child's peak memory counts what this process held
    // when it started the child, so this one stays small until the runs are done.
    let synth = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .args(["synth", "--size", "large", "--years", "5", "--seed", "7", "--until", "2024-25", "--out"])
        .arg(&council)
        .stdout(Stdio::null())
        .status()
        .expect("start scrutiny synth");
    assert!(synth.success(), "scrutiny synth failed");

    let mut runs: Vec<Run> = (1..=RUNS).map(|n| import(&council, &dir.path().join(format!("run{n}.sqlite")))).collect();
    for (n, run) in runs.iter().enumerate() {
        println!("  new database, run {}: {run}", n + 1);
    }
    let again = import(&council, &dir.path().join(format!("run{RUNS}.sqlite")));
    println!("  the same files again: {again}");

    let inputs = scrutiny_ingest::read_paths(std::slice::from_ref(&council));
    let records = inputs.records();
    // A workbook's sheets are parts of one file.
    let files: std::collections::BTreeMap<&str, u64> = inputs.files.iter().map(|f| (f.path.as_str(), f.bytes)).collect();
    let bytes: u64 = files.values().sum();
    println!(
        "large council, 5 years: {} files, {:.1} MB, {records} records; {} core(s)",
        files.len(),
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    runs.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    let (best, median) = (&runs[0], &runs[RUNS / 2]);
    println!(
        "new database: best {:.2}s, median {:.2}s ({:.0} records/s at the best); peak memory {:.0} MB",
        best.wall,
        median.wall,
        records as f64 / best.wall,
        runs.iter().map(|r| r.peak_mb).fold(0.0, f64::max)
    );
}

/// One `scrutiny import` process.
struct Run {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}s wall, {:.2}s CPU, peak {:.0} MB", self.wall, self.cpu, self.peak_mb)
    }
}

fn import(council: &Path, db: &Path) -> Run {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .arg("import")
        .arg(council)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start scrutiny import");
    let (status, usage) = wait_with_usage(child);
    let wall = started.elapsed().as_secs_f64();
    assert!(status == Some(0), "scrutiny import failed ({status:?}) on {}", council.display());
    Run { wall, cpu: usage.cpu, peak_mb: usage.peak_mb }
}

struct Usage {
    cpu: f64,
    peak_mb: f64,
}

/// Waits for the process and takes its own resource use from the kernel:
/// user and system time of all its threads, and its peak resident memory.
#[cfg(unix)]
fn wait_with_usage(child: std::process::Child) -> (Option<i32>, Usage) {
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by wait4 for the child we started and have not waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: pointers to live locals; the pid is our own child's.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "waiting for scrutiny import: {}", std::io::Error::last_os_error());
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // Linux gives the peak in KiB.
    (code, Usage { cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), peak_mb: usage.ru_maxrss as f64 * 1024.0 / 1e6 })
}

#[cfg(not(unix))]
fn wait_with_usage(mut child: std::process::Child) -> (Option<i32>, Usage) {
    let status = child.wait().expect("wait for scrutiny import");
    (status.code(), Usage { cpu: f64::NAN, peak_mb: f64::NAN })
}
