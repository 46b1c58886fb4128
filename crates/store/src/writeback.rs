//! Asks the kernel to start writing an import's pages to disk while the
//! import is still being written: the sync at its commit then finds little
//! left to write, instead of waiting for the whole snapshot at once. The pages
//! go to the write-ahead log or, under a rollback journal, to the database
//! file itself.
//!
//! Closing any descriptor of the database file drops the POSIX locks SQLite
//! holds on it for this process (SQLite's "how to corrupt" notes, 2.2). So a
//! `Writeback` of the database file must be dropped only after the import's
//! transaction has ended, committed or rolled back: between transactions, in
//! rollback mode, SQLite holds no lock. SQLite takes no locks on the log file.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How often written pages are handed to the disk.
const EVERY: Duration = Duration::from_millis(25);

/// Runs until dropped.
pub(crate) struct Writeback {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Writeback {
    /// For the file at `path`, once it exists.
    pub(crate) fn start(path: &Path) -> Writeback {
        let path = path.to_path_buf();
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new().name("writeback".into()).spawn(move || {
            // Opened once it exists, and kept open until the import ends.
            let mut file = None;
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                if file.is_none() {
                    file = std::fs::File::open(&path).ok();
                }
                if let Some(file) = &file {
                    start_writing(file);
                }
            }
        });
        Writeback { stop: Some(stop), thread: thread.ok() }
    }
}

impl Drop for Writeback {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// SQLite's write-ahead log of the database at `path`.
pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Starts writeback of the file's dirty pages without waiting for it; durability
/// still comes from SQLite's own syncs.
#[cfg(target_os = "linux")]
fn start_writing(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid descriptor, held open for the call; no memory is passed.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing(_file: &std::fs::File) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_handed_to_the_disk_is_the_one_sqlite_writes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("scrutiny.db");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let writeback = Writeback::start(&db);
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        assert!(wal_path(&db).exists());
        drop(writeback);
        let x: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 1);
    }

    #[test]
    fn stops_when_dropped_even_with_no_files_to_write() {
        let dir = tempfile::tempdir().unwrap();
        let writeback = Writeback::start(&dir.path().join("absent.db"));
        assert!(writeback.thread.is_some());
        drop(writeback);
        assert!(!dir.path().join("absent.db").exists());
    }
}
