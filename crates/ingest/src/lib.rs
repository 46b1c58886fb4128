//! Reading councils' statutory returns into Scrutiny's dataset, and checking
//! them with the DfE's validation rules.

pub mod issue;

pub use issue::{Issue, Severity};
