//! DfE validation rules for the SSDA903 children looked after return.

use super::Rule;

pub const RULES: &[Rule] = &[];
