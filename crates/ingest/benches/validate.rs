//! `cargo bench -p scrutiny-ingest`: reading, validating and building a large
//! synthetic council over five years, stage by stage.

use scrutiny_model::Period;
use scrutiny_synth::{generate, write_council, Options, Size};
use std::time::Instant;

// As the `scrutiny` binary does: mimalloc, keeping freed memory for reuse.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // SAFETY: sets a process-wide allocator option; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // And 4 KiB pages, as the binary has: first-touch zeroing of huge pages is slow on virtual machines.
    // SAFETY: a flag on this process's memory map.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let options = Options { seed: 7, size: Size::Large, years: 5, until: "2024-25".parse::<Period>().expect("period"), error_rate: 0.0 };
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_council(&generate(&options), &options, dir.path()).expect("write");
    println!("large council, 5 years: {} files, {:.1} MB", written.files.len(), written.bytes as f64 / 1e6);
    let mut best = [f64::MAX; 3];
    let mut rows = 0usize;
    for _ in 0..3 {
        let t = Instant::now();
        let inputs = scrutiny_ingest::read_paths(&[dir.path().to_path_buf()]);
        let read = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let issues = scrutiny_ingest::validate(&inputs);
        let validate = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let built = scrutiny_ingest::build(&inputs);
        let build = t.elapsed().as_secs_f64();
        rows = inputs.records();
        assert!(issues.iter().all(|i| i.severity != scrutiny_ingest::Severity::Error));
        assert!(!built.dataset.children.is_empty());
        for (b, x) in best.iter_mut().zip([read, validate, build]) {
            *b = b.min(x);
        }
    }
    let total: f64 = best.iter().sum();
    println!(
        "best of 3: read {:.2}s, validate {:.2}s, build dataset {:.2}s; {:.2}s in all for {rows} records ({:.0} records/s)",
        best[0],
        best[1],
        best[2],
        total,
        rows as f64 / total
    );
}
