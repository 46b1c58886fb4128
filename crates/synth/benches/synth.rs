//! `cargo bench -p scrutiny-synth`: time to generate and write synthetic councils.

use scrutiny_model::Period;
use scrutiny_synth::{generate, write_council, Options, Size};
use std::time::Instant;

fn main() {
    let until: Period = "2024-25".parse().expect("period");
    for (size, years) in [(Size::Medium, 3), (Size::Large, 5)] {
        let options = Options { seed: 7, size, years, until, error_rate: 0.0 };
        let dir = tempfile::tempdir().expect("temp dir");
        let mut best = f64::MAX;
        let mut last = None;
        for _ in 0..3 {
            let started = Instant::now();
            let council = generate(&options);
            let written = write_council(&council, &options, dir.path()).expect("write");
            best = best.min(started.elapsed().as_secs_f64());
            last = Some((council.dataset.children.len(), written.files.len(), written.bytes));
        }
        let (children, files, bytes) = last.expect("ran");
        println!("synth {size:?} {years} years: best of 3 {best:.2}s — {children} children, {files} files, {:.1} MB", bytes as f64 / 1e6);
    }
}
