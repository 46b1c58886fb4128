//! Reading councils' statutory returns into Scrutiny's dataset, and checking
//! them with the DfE's validation rules.

pub mod issue;
pub mod raw;
pub mod read;
pub mod rules;

pub use issue::{Issue, Severity};
pub use read::{read_paths, Content, InputFile, Inputs};
pub use rules::validate;
