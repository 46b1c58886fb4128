//! Small helpers for the SSDA903 rules' own tests.

use crate::rules::testing::{rule, run};
pub use crate::rules::testing::{EPISODES_HEADER, HEADER_HEADER};

pub const REVIEWS_HEADER: &str = "CHILD,DOB,REVIEW,REVIEW_CODE";
pub const UASC_HEADER: &str = "CHILD,SEX,DOB,DUC";
pub const OC2_HEADER: &str = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED";
pub const OC3_HEADER: &str = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM";
pub const AD1_HEADER: &str = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR";
pub const PLACED_HEADER: &str = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED";
pub const PREV_PERM_HEADER: &str = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM";
pub const MISSING_HEADER: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END";
pub const SW_HEADER: &str = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON";

/// A CSV text from its header and rows.
pub fn csv(header: &str, rows: &[&str]) -> String {
    let mut s = String::from(header);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

/// (child, field) of each finding of the SSDA903 rule `code`, sorted.
pub fn found(code: &str, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        run(rule(super::RULES, code), files).into_iter().map(|i| (i.child.unwrap_or_default(), i.field.unwrap_or_default())).collect();
    out.sort();
    out
}

/// The children the SSDA903 rule `code` reports, sorted, repeats kept.
pub fn children(code: &str, files: &[(&str, &str)]) -> Vec<String> {
    found(code, files).into_iter().map(|(c, _)| c).collect()
}
