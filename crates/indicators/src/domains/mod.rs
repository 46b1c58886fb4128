//! The catalogue, one file per domain. Each file lists its indicators and
//! the exception lists that open onto them.

pub mod adoption;
pub mod assessment;
pub mod care_leavers;
pub mod child_protection;
pub mod children_in_care;
pub mod children_in_need;
pub mod front_door;
pub mod workforce;

use crate::exceptions::ExceptionList;
use crate::Indicator;

pub fn all() -> Vec<&'static Indicator> {
    [
        front_door::INDICATORS,
        assessment::INDICATORS,
        child_protection::INDICATORS,
        children_in_need::INDICATORS,
        children_in_care::INDICATORS,
        care_leavers::INDICATORS,
        adoption::INDICATORS,
        workforce::INDICATORS,
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn exception_lists() -> Vec<&'static ExceptionList> {
    [
        front_door::EXCEPTIONS,
        assessment::EXCEPTIONS,
        child_protection::EXCEPTIONS,
        children_in_need::EXCEPTIONS,
        children_in_care::EXCEPTIONS,
        care_leavers::EXCEPTIONS,
        adoption::EXCEPTIONS,
        workforce::EXCEPTIONS,
    ]
    .into_iter()
    .flatten()
    .collect()
}
