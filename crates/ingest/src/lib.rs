//! Reading councils' statutory returns into Scrutiny's dataset, and checking
//! them with the DfE's validation rules.

pub mod build;
pub mod fuzzing;
pub mod issue;
pub mod raw;
pub mod read;
pub mod rules;

pub use build::{build, Built};
pub use issue::{Issue, Severity};
pub use read::{hash_files, list_files, read_paths, read_paths_with_progress, Content, InputFile, Inputs};
pub use rules::{validate, Validation};
