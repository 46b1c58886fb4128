//! Indicators of this domain: see the catalogue in `domains/mod.rs`.

use crate::exceptions::ExceptionList;
use crate::Indicator;

pub const INDICATORS: &[Indicator] = &[];
pub const EXCEPTIONS: &[ExceptionList] = &[];
