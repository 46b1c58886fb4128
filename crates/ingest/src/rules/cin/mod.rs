//! DfE validation rules for the CIN census.

use super::Rule;

pub const RULES: &[Rule] = &[];
