//! One entry point for fuzzers and the corpus test: bytes in, no panic out.

use std::io::Write;

/// Writes `data` to a temporary file named `name` (which may include a
/// `2024-25/` folder), reads it as the product would and validates it.
/// Returns how many findings there were.
pub fn read_and_validate(data: &[u8], name: &str) -> usize {
    let Ok(dir) = tempfile_dir() else { return 0 };
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(data));
    let n = if written.is_ok() {
        let inputs = crate::read_paths(&[path]);
        let issues = crate::validate(&inputs);
        let built = crate::build(&inputs);
        issues.len() + built.issues.len()
    } else {
        0
    };
    let _ = std::fs::remove_dir_all(&dir);
    n
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!("scrutiny-fuzz-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
