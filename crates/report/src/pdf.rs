//! PDF by printing the HTML pack with headless Chromium (Debian's `chromium`
//! package): the same page, the same SVG, so the PDF matches the HTML exactly,
//! without a typesetting engine in the build.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("PDF output needs Chromium, which was not found (looked for $SCRUTINY_CHROMIUM, chromium, chromium-browser, google-chrome). On Debian or Ubuntu: sudo apt-get install chromium. The HTML edition needs nothing extra.")]
    NoChromium,
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("Chromium did not finish printing within {0} seconds")]
    Timeout(u64),
    #[error("Chromium failed to print the report (exit {status}): {stderr}")]
    Failed { status: String, stderr: String },
}

const TIMEOUT: Duration = Duration::from_secs(180);

/// The Chromium to use: `$SCRUTINY_CHROMIUM`, else the first on PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SCRUTINY_CHROMIUM").map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file()))
}

/// The flags every headless run uses: no sandbox (containers), no GPU, no
/// network chatter, and a fresh profile each time.
pub fn headless_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// Prints `html` to `out` as PDF (A4 landscape, from the page's print styles).
pub fn print(html: &str, out: &Path) -> Result<(), PdfError> {
    let chrome = chromium().ok_or(PdfError::NoChromium)?;
    let work = tempfile::tempdir()?;
    let page = work.path().join("report.html");
    std::fs::write(&page, html)?;
    let target = work.path().join("report.pdf");
    let mut args = headless_args(&work.path().join("profile"));
    args.extend(["--no-pdf-header-footer".to_string(), format!("--print-to-pdf={}", target.display()), format!("file://{}", page.display())]);
    let mut child = Command::new(&chrome).args(&args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn()?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PdfError::Timeout(TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    if !status.success() || !target.is_file() {
        let tail: String = stderr.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
        return Err(PdfError::Failed { status: status.to_string(), stderr: tail });
    }
    std::fs::copy(&target, out)?;
    Ok(())
}
