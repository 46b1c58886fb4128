//! Scrutiny's SQLite store.
