//! DfE validation rules for the SSDA903 children looked after return, one
//! file per family: `header` (the child's details), `episodes` (one episode
//! at a time), `ages` (episodes against the child's age), `sequence` (a
//! child's episodes in order), `reviews`, `outcomes` (OC2 and OC3),
//! `adoption` (AD1, placed for adoption, previous permanence), `missing`,
//! `uasc`, `social_workers`, `cross_table` (tables of one return against each
//! other) and `cross_year` (this year's return against last year's).
//!
//! Rule codes and what each rule checks follow the DfE's 903 validation rules
//! (as the Data to Insight validator implements them); Scrutiny's own checks
//! are `SCR-…`. Rules the DfE words as queries or warnings are queries here.
//! Rules tied to collection years run only for the years they belong to;
//! when a file's year is unknown, year-specific code lists accept any year's
//! codes.

mod adoption;
mod ages;
mod cross_table;
mod cross_year;
mod episodes;
mod header;
mod missing;
mod outcomes;
mod reviews;
mod sequence;
mod social_workers;
#[cfg(test)]
mod synthetic;
#[cfg(test)]
mod test_util;
mod uasc;

use super::{Context, Findings, Rule, Ssda903Year};
use crate::issue::Severity::{Error, Query, Warning};
use crate::raw::{parse_date, CsvRow, CsvTable, TableKind};
use crate::read::InputFile;
use chrono::{Datelike, Months, NaiveDate};
use scrutiny_model::codes::Sex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every SSDA903 rule, by family, in code order within each.
pub const RULES: &[Rule] = &[
    // Header
    Rule { code: "101", severity: Error, about: "SEX is missing or not a valid code for the year (1/2 to 2023-24, M/F/U from 2024-25)", check: header::sex },
    Rule { code: "102", severity: Error, about: "Date of birth is missing or not a valid date", check: header::dob },
    Rule { code: "103", severity: Error, about: "ETHNIC is missing or not a valid ethnicity code", check: header::ethnicity },
    Rule { code: "165", severity: Error, about: "MOTHER is not 0 or 1, or is given for a boy", check: header::mother_value },
    Rule { code: "168", severity: Error, about: "UPN is not a valid UPN (format and check letter) nor UN1-UN5", check: header::upn },
    Rule { code: "171", severity: Error, about: "MC_DOB (mother's child's date of birth) is not a valid date", check: header::mc_dob_date },
    Rule { code: "174", severity: Error, about: "MC_DOB is recorded for a boy", check: header::mc_dob_male },
    Rule {
        code: "209",
        severity: Error,
        about: "UPN is UN1 (not of school age) for a child 4 by 31 August before the year began",
        check: header::un1_school_age,
    },
    Rule {
        code: "210",
        severity: Error,
        about: "UPN is UN4 (new, not yet known) for a child looked after since before the last week of the year",
        check: header::un4_after_first_week,
    },
    Rule { code: "301", severity: Error, about: "Date of birth is after the end of the collection year", check: header::born_after_year },
    Rule { code: "351", severity: Error, about: "The child was over 25 at the start of the collection year", check: header::over_25 },
    Rule { code: "393", severity: Error, about: "A looked-after girl has no MOTHER value", check: header::mother_missing },
    Rule { code: "442", severity: Error, about: "UPN is blank for a child with an episode other than short breaks", check: header::upn_missing },
    Rule { code: "444", severity: Error, about: "The same UPN is given for more than one child (from 2025-26)", check: header::duplicate_upn },
    Rule { code: "611", severity: Error, about: "MOTHER is 1 but MC_DOB is blank", check: header::mother_without_mc_dob },
    Rule { code: "612", severity: Error, about: "MC_DOB is given but MOTHER is not 1", check: header::mc_dob_not_mother },
    Rule { code: "620", severity: Error, about: "A mother was under 11 at the start of the year", check: header::mother_under_11 },
    Rule { code: "621", severity: Error, about: "A mother's child was born on or before the mother", check: header::mother_younger_than_child },
    Rule { code: "INT32", severity: Error, about: "A child appears more than once in the header table", check: header::duplicate_child },
    // Episodes, one at a time
    Rule { code: "141", severity: Error, about: "DECOM (date episode began) is missing or not a valid date", check: episodes::decom_date },
    Rule { code: "143", severity: Error, about: "RNE (reason for new episode) is missing or not a valid code", check: episodes::rne_code },
    Rule { code: "144", severity: Error, about: "LS (legal status) is missing or not a valid code", check: episodes::ls_code },
    Rule { code: "145", severity: Error, about: "CIN (category of need) is missing or not N1-N8", check: episodes::cin_code },
    Rule { code: "146", severity: Error, about: "PLACE is missing or not a valid placement type for the year", check: episodes::place_code },
    Rule { code: "147", severity: Error, about: "DEC (date episode ceased) is not a valid date", check: episodes::dec_date },
    Rule { code: "148", severity: Error, about: "DEC and REC are not both given or both blank", check: episodes::dec_with_rec },
    Rule { code: "149", severity: Error, about: "REC (reason episode ceased) is not a valid code", check: episodes::rec_code },
    Rule {
        code: "178",
        severity: Error,
        about: "PLACE_PROVIDER is not a valid code or is given for a placement that takes none",
        check: episodes::provider_code,
    },
    Rule { code: "213", severity: Error, about: "PLACE_PROVIDER is given for a temporary placement", check: episodes::provider_not_required },
    Rule {
        code: "217",
        severity: Error,
        about: "A placement for adoption with the current foster carer (A3/A5) does not start with RNE S, T or U",
        check: episodes::adoption_with_carer_rne,
    },
    Rule { code: "353", severity: Error, about: "An episode starts before 14 October 1991", check: episodes::decom_before_1991 },
    Rule { code: "354", severity: Error, about: "An episode starts after the end of the collection year", check: episodes::decom_after_year },
    Rule { code: "355", severity: Query, about: "An episode starts and ends on the same day", check: episodes::same_day },
    Rule { code: "356", severity: Error, about: "DEC is before DECOM", check: episodes::dec_before_decom },
    Rule { code: "378", severity: Error, about: "A child placed with parents (P1) is accommodated under section 20 (V2)", check: episodes::p1_with_v2 },
    Rule {
        code: "380",
        severity: Error,
        about: "A temporary placement (T0-T4) does not follow a change of placement (RNE P or B)",
        check: episodes::temporary_start,
    },
    Rule { code: "381", severity: Error, about: "A period of care ends in a temporary placement", check: episodes::temporary_end },
    Rule { code: "382", severity: Error, about: "A child on short breaks (V3/V4) is in a temporary placement", check: episodes::respite_temporary },
    Rule {
        code: "384",
        severity: Error,
        about: "A child on short breaks (V3/V4) is in a long-term foster placement (U1/U4)",
        check: episodes::respite_long_term_foster,
    },
    Rule { code: "385", severity: Error, about: "An episode ends after the end of the collection year", check: episodes::dec_after_year },
    Rule {
        code: "390",
        severity: Error,
        about: "A child adopted (E11/E12) was not placed for adoption (A3-A6) in that episode",
        check: episodes::adopted_not_placed,
    },
    Rule {
        code: "392d",
        severity: Error,
        about: "HOME_POST and PL_POST are the same for a placement other than with parents (P1)",
        check: episodes::same_home_and_placement_postcode,
    },
    Rule {
        code: "408",
        severity: Error,
        about: "A child placed for adoption under a placement order (A5/A6) has no placement order (LS E1)",
        check: episodes::placement_order_missing,
    },
    Rule {
        code: "445",
        severity: Error,
        about: "Legal status D1 (freeing order) on an episode starting after December 2005 (to 2023-24)",
        check: episodes::d1_after_2005,
    },
    Rule {
        code: "446",
        severity: Error,
        about: "Legal status E1 (placement order) on an episode starting before December 2005",
        check: episodes::e1_before_2005,
    },
    Rule { code: "526", severity: Error, about: "PLACE_PROVIDER is missing for a placement that needs one", check: episodes::provider_missing },
    Rule { code: "527", severity: Error, about: "Provider PR1 (own LA) with placement P1, R2 or R5", check: episodes::pr1_placement },
    Rule { code: "528", severity: Error, about: "Provider PR2 (other LA) with placement P1, R2 or R5", check: episodes::pr2_placement },
    Rule { code: "529", severity: Error, about: "Provider PR3 (other public) with placement P1, A3-A6, K1, K2 or U1-U6", check: episodes::pr3_placement },
    Rule { code: "530", severity: Error, about: "Provider PR4 (private) with placement P1", check: episodes::pr4_placement },
    Rule { code: "531", severity: Error, about: "Provider PR5 (voluntary) with placement P1", check: episodes::pr5_placement },
    Rule { code: "550", severity: Error, about: "Provider PR0 (parents) with a placement other than P1", check: episodes::pr0_placement },
    Rule { code: "1009", severity: Error, about: "REASON_PLACE_CHANGE is not a valid code", check: episodes::place_change_code },
    // Episodes against the child's age
    Rule { code: "302", severity: Error, about: "The child's first episode starts before the child was born", check: ages::starts_before_birth },
    Rule { code: "352", severity: Error, about: "A child started to be looked after aged 18 or over", check: ages::started_at_18 },
    Rule { code: "358", severity: Error, about: "A child under 10 has legal status J1, J2 or J3", check: ages::youth_justice_under_10 },
    Rule {
        code: "359",
        severity: Error,
        about: "A young person over 18 at the year end is still looked after, other than V2 in a children's home (K2)",
        check: ages::looked_after_past_18,
    },
    Rule {
        code: "371",
        severity: Error,
        about: "A child under 16 (14 in 2022-23) in supported (K3) or semi-independent (H5) accommodation",
        check: ages::supported_accommodation_age,
    },
    Rule { code: "372", severity: Error, about: "A child under 10 placed in youth custody or prison (R5)", check: ages::custody_age },
    Rule { code: "373", severity: Error, about: "A child under 4 placed in a residential school (S1)", check: ages::school_age },
    Rule { code: "374", severity: Error, about: "A child under 14 placed in residential employment (P3)", check: ages::employment_age },
    Rule { code: "386", severity: Error, about: "Reason ceased is adoption but the child was 18 or over", check: ages::adopted_at_18 },
    Rule { code: "387", severity: Error, about: "Reason ceased is independent living (E5/E6) but the child was under 14", check: ages::independent_under_14 },
    Rule {
        code: "389",
        severity: Error,
        about: "Reason ceased is transfer to adult social care (E7) but the child was under 16",
        check: ages::adult_care_under_16,
    },
    Rule { code: "407", severity: Error, about: "Reason ceased is a special guardianship order but the child was over 18", check: ages::sgo_over_18 },
    Rule {
        code: "460",
        severity: Error,
        about: "Reason ceased is E17 (stayed with carers at 18) but the child was under 18",
        check: ages::staying_put_under_18,
    },
    // A child's episodes in order
    Rule { code: "142", severity: Error, about: "An episode other than the child's latest has no DEC or REC", check: sequence::earlier_episode_open },
    Rule {
        code: "225",
        severity: Error,
        about: "No reason for placement change on an episode ended by a change of placement",
        check: sequence::place_change_reason_missing,
    },
    Rule {
        code: "226",
        severity: Error,
        about: "A reason for placement change is given for a move into or out of a temporary placement",
        check: sequence::place_change_reason_not_required,
    },
    Rule { code: "357", severity: Error, about: "The child's first episode, starting in the year, does not have RNE S", check: sequence::first_episode_not_s },
    Rule {
        code: "388",
        severity: Error,
        about: "REC X1 (new episode begins) without an episode starting that day, or another REC followed by one",
        check: sequence::x1_without_continuation,
    },
    Rule { code: "361", severity: Error, about: "Police protection (LS L1) lasts more than 72 hours", check: sequence::police_protection_over_72_hours },
    Rule {
        code: "431",
        severity: Error,
        about: "RNE S (started to be looked after) but the previous episode had not ended before that day",
        check: sequence::started_while_looked_after,
    },
    Rule { code: "432", severity: Error, about: "The previous episode ended care but the next episode's RNE is not S", check: sequence::restart_not_s },
    Rule {
        code: "433",
        severity: Error,
        about: "A continuing episode (RNE P, L, T, U, B) does not start the day the previous one ended",
        check: sequence::continuation_gap,
    },
    Rule {
        code: "434",
        severity: Error,
        about: "RNE L (legal status change only) but LS is unchanged or the placement details changed",
        check: sequence::legal_status_change_only,
    },
    Rule {
        code: "435",
        severity: Error,
        about: "RNE P or T (placement change only) but LS changed or the placement details did not",
        check: sequence::placement_change_only,
    },
    Rule {
        code: "436",
        severity: Error,
        about: "RNE B or U (legal status and placement change) but one of them is unchanged",
        check: sequence::status_and_placement_change,
    },
    Rule {
        code: "437",
        severity: Error,
        about: "The child died (E2) or was assessed as 18+ (E15) but has later episodes",
        check: sequence::episodes_after_final_reason,
    },
    Rule {
        code: "501",
        severity: Error,
        about: "An episode starts before the previous episode ended, or while an earlier one is open (episodes overlap)",
        check: sequence::overlapping,
    },
    // Reviews
    Rule { code: "166", severity: Error, about: "REVIEW (date of review) is missing or not a valid date", check: reviews::review_date },
    Rule { code: "167", severity: Error, about: "REVIEW_CODE (participation) is missing or not PN0-PN7", check: reviews::review_code },
    Rule { code: "440", severity: Error, about: "PN0 (under 4) is given for a child aged 4 or over at the review", check: reviews::pn0_over_4 },
    Rule { code: "441", severity: Error, about: "PN1-PN7 is given for a child under 4 at the review", check: reviews::participation_under_4 },
    Rule { code: "SCR-R01", severity: Error, about: "A review is dated outside the collection year", check: reviews::outside_year },
    Rule { code: "SCR-R02", severity: Warning, about: "A review is dated when the child was not looked after", check: reviews::not_looked_after },
    // OC2
    Rule { code: "180", severity: Error, about: "SDQ_SCORE is not a whole number from 0 to 40", check: outcomes::sdq_score },
    Rule { code: "181", severity: Error, about: "An OC2 health or offending item is not 0 or 1", check: outcomes::flags },
    Rule { code: "188", severity: Error, about: "An SDQ score or reason is given for a child under 4 at the year end", check: outcomes::sdq_under_4 },
    Rule {
        code: "189",
        severity: Error,
        about: "An SDQ score or reason is given for a young person 17 or over at the start of the year",
        check: outcomes::sdq_over_17,
    },
    Rule {
        code: "190",
        severity: Error,
        about: "OC2 items are given for a child not looked after continuously for 12 months",
        check: outcomes::oc2_outside_cohort,
    },
    Rule {
        code: "191",
        severity: Error,
        about: "A child looked after continuously for 12 months has blank OC2 items or no OC2 row",
        check: outcomes::oc2_incomplete,
    },
    Rule {
        code: "192",
        severity: Error,
        about: "A substance misuse problem is recorded but INTERVENTION_RECEIVED is blank",
        check: outcomes::intervention_missing,
    },
    Rule { code: "193", severity: Error, about: "An intervention is recorded but no substance misuse problem", check: outcomes::intervention_without_misuse },
    Rule { code: "196", severity: Error, about: "SDQ_REASON is not a valid code", check: outcomes::sdq_reason },
    Rule { code: "197a", severity: Error, about: "Both an SDQ score and a reason for no score are given", check: outcomes::sdq_score_and_reason },
    Rule {
        code: "197B",
        severity: Error,
        about: "A child turning 4 or 17 in the year, looked after all year, has neither an SDQ score nor a reason",
        check: outcomes::sdq_missing_at_4_or_17,
    },
    Rule { code: "542", severity: Error, about: "Conviction information is given for a child under 10 at the year end", check: outcomes::convicted_under_10 },
    Rule { code: "543", severity: Error, about: "A child aged 10+ in the OC2 cohort has no conviction information", check: outcomes::convicted_missing },
    Rule {
        code: "545",
        severity: Error,
        about: "A child under 5 in the OC2 cohort has no HEALTH_CHECK (health promotion) value",
        check: outcomes::health_check_missing,
    },
    Rule {
        code: "546",
        severity: Error,
        about: "HEALTH_CHECK (health promotion, under 5s) is given for a child aged 5 or over",
        check: outcomes::health_check_over_5,
    },
    // OC3
    Rule { code: "131", severity: Error, about: "IN_TOUCH is missing or not a valid code", check: outcomes::in_touch },
    Rule { code: "132", severity: Error, about: "ACTIV is missing or not a valid code", check: outcomes::activity },
    Rule { code: "133", severity: Error, about: "ACCOM is missing or not a valid code", check: outcomes::accommodation },
    Rule { code: "153", severity: Error, about: "IN_TOUCH, ACTIV and ACCOM are not all given or all blank", check: outcomes::oc3_partial },
    Rule {
        code: "187",
        severity: Error,
        about: "Care leaver (OC3) or adoption (AD1) items are given for a child looked after continuously for 12 months",
        check: outcomes::oc3_or_ad1_in_oc2_cohort,
    },
    Rule {
        code: "215",
        severity: Error,
        about: "Care leaver information is given for a child who also has OC2 (12 months looked after) items",
        check: outcomes::oc3_with_oc2,
    },
    Rule {
        code: "344",
        severity: Error,
        about: "A young person who died or returned home (DIED/RHOM) has an activity or accommodation",
        check: outcomes::died_or_home_with_details,
    },
    Rule {
        code: "345",
        severity: Error,
        about: "A young person in touch (YES) has activity or accommodation 0 (not known)",
        check: outcomes::in_touch_without_details,
    },
    Rule { code: "391", severity: Error, about: "A care leaver was not aged 17 to 21 during the year", check: outcomes::oc3_age },
    Rule {
        code: "1007",
        severity: Error,
        about: "Care leaver information is given for a 17- or 18-year-old whose latest episode is still open",
        check: outcomes::oc3_while_looked_after,
    },
    // Adoption: AD1
    Rule { code: "112", severity: Error, about: "DATE_INT (date should be placed for adoption) is not a valid date", check: adoption::date_int },
    Rule { code: "113", severity: Error, about: "DATE_MATCH (date matched with adopters) is not a valid date", check: adoption::date_match },
    Rule { code: "114", severity: Error, about: "FOSTER_CARE is not 0 or 1", check: adoption::foster_care },
    Rule { code: "151", severity: Error, about: "The AD1 items are not all given or all blank", check: adoption::ad1_partial },
    Rule { code: "175", severity: Error, about: "NB_ADOPTR (number of adopters) is not 1 or 2", check: adoption::number_of_adopters },
    Rule { code: "176", severity: Error, about: "SEX_ADOPTR is not a valid code", check: adoption::sex_of_adopters },
    Rule { code: "177", severity: Error, about: "LS_ADOPTR is not a valid code", check: adoption::legal_status_of_adopters },
    Rule { code: "333", severity: Error, about: "DATE_INT is blank or after DATE_MATCH", check: adoption::matched_before_decision },
    Rule { code: "511", severity: Error, about: "Two adopters but SEX_ADOPTR is a single adopter's code", check: adoption::two_adopters_single_sex },
    Rule { code: "514", severity: Error, about: "LS_ADOPTR L0 (single) but SEX_ADOPTR is a couple's code", check: adoption::single_adopter_couple_sex },
    Rule { code: "517", severity: Error, about: "LS_ADOPTR L3 (unmarried different-sex couple) but SEX_ADOPTR is not MF", check: adoption::l3_not_mf },
    Rule { code: "518", severity: Error, about: "LS_ADOPTR L4 (unmarried same-sex couple) but SEX_ADOPTR is not MM or FF", check: adoption::l4_not_same_sex },
    Rule { code: "519", severity: Error, about: "LS_ADOPTR L2 (civil partners) but SEX_ADOPTR is not a couple", check: adoption::l2_not_couple },
    Rule { code: "520", severity: Error, about: "LS_ADOPTR L11 (married different-sex couple) but SEX_ADOPTR is not MF", check: adoption::l11_not_mf },
    Rule { code: "524", severity: Error, about: "LS_ADOPTR L12 (married same-sex couple) but SEX_ADOPTR is not MM or FF", check: adoption::l12_not_same_sex },
    Rule { code: "601", severity: Error, about: "A child adopted in the year has no (complete) AD1 record", check: adoption::adopted_without_ad1 },
    Rule {
        code: "602",
        severity: Error,
        about: "An AD1 record is given but the episodes do not show an adoption in the year",
        check: adoption::ad1_without_adoption,
    },
    // Adoption: placed for adoption
    Rule { code: "115", severity: Error, about: "DATE_PLACED is not a valid date", check: adoption::date_placed },
    Rule { code: "116", severity: Error, about: "DATE_PLACED_CEASED is not a valid date", check: adoption::date_placed_ceased },
    Rule {
        code: "118",
        severity: Error,
        about: "DATE_PLACED_CEASED is before the collection year or before the child's first episode",
        check: adoption::ceased_before_year_or_care,
    },
    Rule {
        code: "119",
        severity: Error,
        about: "DATE_PLACED_CEASED and REASON_PLACED_CEASED are not both given or both blank",
        check: adoption::ceased_with_reason,
    },
    Rule { code: "120", severity: Error, about: "REASON_PLACED_CEASED is not RD1-RD4", check: adoption::reason_placed_ceased },
    Rule { code: "184", severity: Error, about: "The decision to place for adoption is dated before the child was born", check: adoption::placed_before_birth },
    Rule { code: "522", severity: Error, about: "DATE_PLACED_CEASED is before DATE_PLACED", check: adoption::ceased_before_placed },
    Rule {
        code: "551",
        severity: Error,
        about: "A child placed for adoption (A3-A6) has no decision to place for adoption (DATE_PLACED)",
        check: adoption::placed_without_decision,
    },
    Rule {
        code: "553",
        severity: Error,
        about: "A placement order (LS E1) but no placed-for-adoption record, or an open E1 with the decision reversed",
        check: adoption::placement_order_without_decision,
    },
    // Adoption: previous permanence
    Rule { code: "631", severity: Error, about: "PREV_PERM is not a valid code", check: adoption::previous_permanence },
    Rule { code: "635", severity: Error, about: "PREV_PERM is Z1 (none) but a date or LA of the order is given", check: adoption::z1_with_details },
    // Missing
    Rule { code: "564", severity: Error, about: "A missing or away period has no start date", check: missing::start_blank },
    Rule { code: "565", severity: Error, about: "MIS_START is given but MISSING (M or A) is blank", check: missing::start_without_type },
    Rule { code: "566", severity: Error, about: "MIS_END is given but MISSING (M or A) is blank", check: missing::end_without_type },
    Rule { code: "567", severity: Error, about: "MIS_END is before MIS_START", check: missing::end_before_start },
    Rule { code: "570", severity: Error, about: "MIS_START is after the end of the collection year", check: missing::start_after_year },
    Rule { code: "571", severity: Error, about: "MIS_END is outside the collection year", check: missing::end_outside_year },
    Rule { code: "581", severity: Error, about: "A missing period starts when the child was not looked after", check: missing::not_looked_after },
    Rule { code: "586", severity: Error, about: "A missing period starts on or before the child's date of birth", check: missing::before_birth },
    Rule { code: "1004", severity: Error, about: "MIS_START is missing or not a valid date", check: missing::start_date },
    Rule { code: "1005", severity: Error, about: "MIS_END is not a valid date", check: missing::end_date },
    Rule { code: "1006", severity: Error, about: "MISSING is not M or A", check: missing::missing_type },
    // UASC
    Rule { code: "104", severity: Error, about: "DUC (date UASC status ceased) is not a valid date or is before the collection year", check: uasc::duc_date },
    Rule { code: "304", severity: Error, about: "DUC is after the child's 18th birthday", check: uasc::duc_after_18 },
    Rule {
        code: "SCR-U01",
        severity: Error,
        about: "DUC is after the end of the collection year or not after the date of birth",
        check: uasc::duc_out_of_range,
    },
    // Social worker episodes (from 2023-24)
    Rule { code: "SW02STG1", severity: Error, about: "SW_ID does not begin with SW (or XX when unknown)", check: social_workers::sw_id },
    Rule {
        code: "SW03STG1",
        severity: Error,
        about: "A social worker episode lacks SW_ID, SW_DECOM or SW_REASON (2023-24)",
        check: social_workers::incomplete_2023,
    },
    Rule {
        code: "SW01bSTG1",
        severity: Error,
        about: "A social worker episode lacks SW_DECOM, or SW_ID or SW_REASON when starting from April 2023 (from 2024-25)",
        check: social_workers::incomplete_2024,
    },
    Rule { code: "SW04STG1", severity: Error, about: "SW_DECOM is not a valid date", check: social_workers::start_date },
    Rule { code: "SW05STG1", severity: Error, about: "SW_DEC is not a valid date", check: social_workers::end_date },
    Rule {
        code: "SW06STG2",
        severity: Error,
        about: "A social worker episode starts after the end of the collection year",
        check: social_workers::start_after_year,
    },
    Rule { code: "SW07STG2", severity: Error, about: "A social worker episode ends outside the reporting period", check: social_workers::end_outside_period },
    Rule { code: "SW09STG2", severity: Query, about: "A social worker episode starts and ends on the same day", check: social_workers::same_day },
    Rule { code: "SW10STG2", severity: Error, about: "A social worker episode starts before the previous one ended", check: social_workers::overlapping },
    Rule {
        code: "SW17STG2",
        severity: Error,
        about: "A child looked after at 31 March has no social worker episode open then (from 2025-26)",
        check: social_workers::none_open_at_year_end,
    },
    Rule { code: "SW13STG1", severity: Error, about: "SW_REASON is not a valid code (or blank where required)", check: social_workers::reason_code },
    // Tables of one return against each other
    Rule {
        code: "1012",
        severity: Error,
        about: "Adoption, missing, review or OC2 data for a child with no episodes in the year",
        check: cross_table::data_without_episodes,
    },
    Rule {
        code: "EPI",
        severity: Query,
        about: "A child in the header has no episodes and no care leaver (OC3) record",
        check: cross_table::header_without_episodes,
    },
    Rule { code: "INT01", severity: Error, about: "A child in AD1 is not in the header", check: cross_table::ad1_not_in_header },
    Rule { code: "INT02", severity: Error, about: "A child in placed for adoption is not in the header", check: cross_table::placed_not_in_header },
    Rule { code: "INT03", severity: Error, about: "A child in episodes is not in the header", check: cross_table::episodes_not_in_header },
    Rule { code: "INT04", severity: Error, about: "A child in missing is not in the header", check: cross_table::missing_not_in_header },
    Rule { code: "INT05", severity: Error, about: "A child in OC2 is not in the header", check: cross_table::oc2_not_in_header },
    Rule { code: "INT06", severity: Error, about: "A child in OC3 is not in the header", check: cross_table::oc3_not_in_header },
    Rule { code: "INT07", severity: Error, about: "A child in previous permanence is not in the header", check: cross_table::prev_perm_not_in_header },
    Rule { code: "INT08", severity: Error, about: "A child in reviews is not in the header", check: cross_table::reviews_not_in_header },
    Rule { code: "INT09", severity: Error, about: "A child in UASC is not in the header", check: cross_table::uasc_not_in_header },
    Rule { code: "INT11", severity: Error, about: "DOB in AD1 differs from the header", check: cross_table::ad1_dob },
    Rule { code: "INT12", severity: Error, about: "DOB in placed for adoption differs from the header", check: cross_table::placed_dob },
    Rule { code: "INT13", severity: Error, about: "DOB in missing differs from the header", check: cross_table::missing_dob },
    Rule { code: "INT14", severity: Error, about: "DOB in OC2 differs from the header", check: cross_table::oc2_dob },
    Rule { code: "INT15", severity: Error, about: "DOB in OC3 differs from the header", check: cross_table::oc3_dob },
    Rule { code: "INT16", severity: Error, about: "DOB in previous permanence differs from the header", check: cross_table::prev_perm_dob },
    Rule { code: "INT17", severity: Error, about: "DOB in reviews differs from the header", check: cross_table::reviews_dob },
    Rule { code: "INT18", severity: Error, about: "DOB in UASC differs from the header", check: cross_table::uasc_dob },
    Rule { code: "INT21", severity: Error, about: "SEX in UASC differs from the header", check: cross_table::uasc_sex },
    Rule { code: "INT31", severity: Error, about: "A child appears more than once in AD1", check: cross_table::ad1_duplicate },
    Rule { code: "INT33", severity: Error, about: "A child appears more than once in OC2", check: cross_table::oc2_duplicate },
    Rule { code: "INT34", severity: Error, about: "A child appears more than once in OC3", check: cross_table::oc3_duplicate },
    Rule { code: "INT35", severity: Error, about: "A child appears more than once in previous permanence", check: cross_table::prev_perm_duplicate },
    Rule { code: "INT36", severity: Error, about: "A child appears more than once in UASC", check: cross_table::uasc_duplicate },
    // This year's return against last year's
    Rule { code: "202", severity: Error, about: "SEX differs from last year's return", check: cross_year::sex_changed },
    Rule { code: "203", severity: Error, about: "Date of birth differs from last year's return", check: cross_year::dob_changed },
    Rule { code: "204", severity: Error, about: "ETHNIC differs from last year's return", check: cross_year::ethnicity_changed },
    Rule {
        code: "208",
        severity: Error,
        about: "UPN differs from last year's return (other than a known UPN replacing an unknown code)",
        check: cross_year::upn_changed,
    },
    Rule {
        code: "502",
        severity: Error,
        about: "An episode open at the end of last year's return does not start this year's episodes on the same DECOM",
        check: cross_year::open_episode_not_continued,
    },
    Rule { code: "503A", severity: Error, about: "The first episode's RNE differs from last year's open episode", check: cross_year::rne_differs },
    Rule { code: "503B", severity: Error, about: "The first episode's LS differs from last year's open episode", check: cross_year::ls_differs },
    Rule { code: "503C", severity: Error, about: "The first episode's CIN differs from last year's open episode", check: cross_year::cin_differs },
    Rule { code: "503D", severity: Error, about: "The first episode's PLACE differs from last year's open episode", check: cross_year::place_differs },
    Rule {
        code: "503E",
        severity: Error,
        about: "The first episode's PLACE_PROVIDER differs from last year's open episode",
        check: cross_year::provider_differs,
    },
    Rule {
        code: "NoE",
        severity: Query,
        about: "An episode started before the year but the child has no episodes in last year's return",
        check: cross_year::no_episodes_last_year,
    },
];

// ----- Helpers shared by the families --------------------------------------

/// A column of a table, looked up once and read from many of its rows.
#[derive(Clone, Copy)]
pub(super) struct Col<'t> {
    table: &'t CsvTable,
    index: Option<usize>,
}

impl<'t> Col<'t> {
    pub(super) fn new(table: &'t CsvTable, name: &str) -> Col<'t> {
        Col { table, index: table.column(name) }
    }

    /// The trimmed value in `row` (one of the table's), `None` when blank or absent.
    pub(super) fn text(self, row: &CsvRow) -> Option<&'t str> {
        let s = crate::raw::trim(self.table.cell(row, self.index?)?);
        (!s.is_empty()).then_some(s)
    }

    pub(super) fn date(self, row: &CsvRow) -> Option<NaiveDate> {
        self.text(row).and_then(date)
    }

    /// Present but not a date.
    pub(super) fn bad_date(self, row: &CsvRow) -> bool {
        self.text(row).is_some_and(|s| date(s).is_none())
    }

    pub(super) fn is(self, row: &CsvRow, code: &str) -> bool {
        self.text(row) == Some(code)
    }

    pub(super) fn is_any(self, row: &CsvRow, codes: &[&str]) -> bool {
        self.text(row).is_some_and(|v| codes.contains(&v))
    }
}

/// A date as the 903 writes it (DD/MM/YYYY, or ISO); text that is not plain
/// ASCII is never a date.
pub(super) fn date(s: &str) -> Option<NaiveDate> {
    if s.is_ascii() {
        parse_date(s)
    } else {
        None
    }
}

/// Each year's table of `kind`, with its year and file.
pub(super) fn tables<'c, 'a>(ctx: &'c Context<'a>, kind: TableKind) -> impl Iterator<Item = (&'c Ssda903Year<'a>, &'a InputFile, &'a CsvTable)> + 'c {
    ctx.ssda903.iter().filter_map(move |y| y.table(kind).map(|(file, t)| (y, file, t)))
}

/// The calendar year the collection year starts in (2024 for 2024-25).
pub(super) fn start_year(y: &Ssda903Year) -> Option<i32> {
    y.year.map(|p| p.start().year())
}

/// "2024-25", or "this return" when the year is unknown.
pub(super) fn year_name(y: &Ssda903Year) -> String {
    y.year.map_or_else(|| "this return".to_string(), |p| p.to_string())
}

pub(super) fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_add_months(Months::new(12 * years)).unwrap_or(NaiveDate::MAX)
}

pub(super) fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(super) fn age(dob: NaiveDate, on: NaiveDate) -> i32 {
    scrutiny_model::age_in_years(dob, on)
}

pub(super) fn is_male(sex: Option<&str>) -> bool {
    sex.and_then(Sex::from_any_code) == Some(Sex::Male)
}

pub(super) fn is_female(sex: Option<&str>) -> bool {
    sex.and_then(Sex::from_any_code) == Some(Sex::Female)
}

/// Temporary placements.
pub(super) const TEMPORARY: &[&str] = &["T0", "T1", "T2", "T3", "T4"];

/// Placement types valid up to 2023-24.
const PLACE_TO_2024: &[&str] = &[
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6",
    "Z1",
];
const Z1_SPLIT: &[&str] = &["Z11", "Z12", "Z13", "Z14"];

/// Whether `code` is a placement type in the given collection year: K3 from
/// 2024-25; from 2025-26 H5, P2 and Z1 go and Z11-Z14 replace Z1.
pub(super) fn place_valid(code: &str, year: Option<i32>) -> bool {
    match year {
        Some(y) if y <= 2023 => PLACE_TO_2024.contains(&code),
        Some(2024) => PLACE_TO_2024.contains(&code) || code == "K3",
        Some(_) => (PLACE_TO_2024.contains(&code) && !matches!(code, "H5" | "P2" | "Z1")) || code == "K3" || Z1_SPLIT.contains(&code),
        None => PLACE_TO_2024.contains(&code) || code == "K3" || Z1_SPLIT.contains(&code),
    }
}

/// Placements that take no PLACE_PROVIDER: T0-T4 and Z1 to 2024-25, T0-T3
/// and Z11-Z14 from 2025-26.
pub(super) fn takes_no_provider(place: &str, year: Option<i32>) -> bool {
    if year.is_some_and(|y| y >= 2025) {
        matches!(place, "T0" | "T1" | "T2" | "T3") || Z1_SPLIT.contains(&place)
    } else {
        matches!(place, "T0" | "T1" | "T2" | "T3" | "T4" | "Z1")
    }
}

/// One episode row, read once.
#[derive(Clone, Copy)]
pub(super) struct Ep<'r> {
    pub row: &'r CsvRow,
    pub child: &'r str,
    pub decom: Option<NaiveDate>,
    pub dec: Option<NaiveDate>,
    pub rne: Option<&'r str>,
    pub ls: Option<&'r str>,
    pub place: Option<&'r str>,
    pub rec: Option<&'r str>,
    pub rpc: Option<&'r str>,
}

/// What many rules read from one year's return, read once for them all: about
/// 25 rules walk the episodes, and as many look children up in the header.
#[derive(Default)]
pub(super) struct YearReadings<'a> {
    episodes: OnceLock<Vec<Ep<'a>>>,
    ordered: OnceLock<Vec<Ep<'a>>>,
    by_child: OnceLock<HashMap<&'a str, Vec<Ep<'a>>>>,
    people: OnceLock<HashMap<&'a str, Person<'a>>>,
}

/// The year's episode rows with a CHILD, in file order (none without an episodes table).
pub(super) fn episodes<'y, 'a>(y: &'y Ssda903Year<'a>) -> impl Iterator<Item = Ep<'a>> + 'y {
    y.readings.episodes.get_or_init(|| y.table(TableKind::Episodes).map(|(_, t)| read_episodes(t)).unwrap_or_default()).iter().copied()
}

fn read_episodes(t: &CsvTable) -> Vec<Ep<'_>> {
    let c = |name| Col::new(t, name);
    let (child, decom, dec, rne, ls, place, rec, rpc) = (c("CHILD"), c("DECOM"), c("DEC"), c("RNE"), c("LS"), c("PLACE"), c("REC"), c("REASON_PLACE_CHANGE"));
    t.rows
        .iter()
        .filter_map(|row| {
            Some(Ep {
                row,
                child: child.text(row)?,
                decom: decom.date(row),
                dec: dec.date(row),
                rne: rne.text(row),
                ls: ls.text(row),
                place: place.text(row),
                rec: rec.text(row),
                rpc: rpc.text(row),
            })
        })
        .collect()
}

/// Episodes with a valid DECOM, sorted by child, then start (then end, open
/// last), for walking each child's episodes in order with `chunk_by`.
pub(super) fn ordered<'y, 'a>(y: &'y Ssda903Year<'a>) -> &'y [Ep<'a>] {
    y.readings.ordered.get_or_init(|| {
        let mut eps: Vec<Ep> = episodes(y).filter(|e| e.decom.is_some()).collect();
        eps.sort_by(|a, b| (a.child, a.decom, a.dec.is_none(), a.dec, a.row.line).cmp(&(b.child, b.decom, b.dec.is_none(), b.dec, b.row.line)));
        eps
    })
}

/// Each child's episodes (in file order).
pub(super) fn by_child<'y, 'a>(y: &'y Ssda903Year<'a>) -> &'y HashMap<&'a str, Vec<Ep<'a>>> {
    y.readings.by_child.get_or_init(|| {
        let mut out: HashMap<&str, Vec<Ep>> = HashMap::new();
        for e in episodes(y) {
            out.entry(e.child).or_default().push(e);
        }
        out
    })
}

/// Whether a child (all their episodes of the year) was looked after
/// continuously through the collection year, the OC2 cohort: looked after
/// during the year, with no episode starting care after the first day, none
/// ending care before the last, and no short breaks.
pub(super) fn continuously_looked_after(eps: &[Ep], (start, end): (NaiveDate, NaiveDate)) -> bool {
    let during = |e: &Ep| e.decom.is_some_and(|d| d <= end) && e.dec.is_none_or(|d| d >= start);
    let broken = |e: &Ep| {
        let enters = e.rne == Some("S") && e.decom.is_some_and(|d| d > start && d <= end);
        let leaves = e.rec != Some("X1") && e.dec.is_some_and(|d| d >= start && d < end);
        let short_break = matches!(e.ls, Some("V3" | "V4")) && during(e);
        enters || leaves || short_break
    };
    eps.iter().any(during) && !eps.iter().any(broken)
}

/// A child's header row, read once.
pub(super) struct Person<'r> {
    pub dob: Option<NaiveDate>,
    pub dob_text: Option<&'r str>,
    pub sex: Option<&'r str>,
}

/// The header's children (first row of each).
pub(super) fn people<'y, 'a>(y: &'y Ssda903Year<'a>) -> &'y HashMap<&'a str, Person<'a>> {
    y.readings.people.get_or_init(|| {
        let Some((_, t)) = y.table(TableKind::Header) else { return HashMap::new() };
        let (child, dob, sex) = (Col::new(t, "CHILD"), Col::new(t, "DOB"), Col::new(t, "SEX"));
        let mut out = HashMap::with_capacity(t.rows.len());
        for row in &t.rows {
            if let Some(id) = child.text(row) {
                out.entry(id).or_insert_with(|| Person { dob: dob.date(row), dob_text: dob.text(row), sex: sex.text(row) });
            }
        }
        out
    })
}

/// A year's table with rows picked out of it, each with what a rule needs.
pub(super) type Picked<'a, T> = Option<(&'a InputFile, &'a CsvTable, Vec<T>)>;

/// Reports every row of each year's `kind` table for which `bad` returns a message.
pub(super) fn each_row(ctx: &Context, f: &mut Findings, kind: TableKind, field: &str, mut bad: impl FnMut(&Ssda903Year, Col, &CsvRow) -> Option<String>) {
    for (y, file, t) in tables(ctx, kind) {
        let col = Col::new(t, field);
        for row in &t.rows {
            if let Some(message) = bad(y, col, row) {
                f.report_row(file, t, row, field, message);
            }
        }
    }
}

/// A code list check: `valid` says whether a (trimmed) value is allowed in
/// the year; blanks are reported when `required`.
pub(super) fn check_code(
    ctx: &Context,
    f: &mut Findings,
    kind: TableKind,
    field: &str,
    required: bool,
    valid: impl Fn(&str, Option<i32>) -> bool,
    allowed: &str,
) {
    each_row(ctx, f, kind, field, |y, col, row| match col.text(row) {
        None if required => Some(format!("{field} is blank; use {allowed}. Enter it in the case record and export again")),
        Some(v) if !valid(v, start_year(y)) => {
            Some(format!("{field} '{v}' is not a valid code for {}; use {allowed}. Correct it in the case record and export again", year_name(y)))
        }
        _ => None,
    });
}

/// A date check: present values must be real dates (DD/MM/YYYY); blanks are
/// reported when `required`.
pub(super) fn check_date(ctx: &Context, f: &mut Findings, kind: TableKind, field: &str, required: bool, what: &str) {
    each_row(ctx, f, kind, field, |_, col, row| match col.text(row) {
        None if required => Some(format!("{field} ({what}) is blank; enter the date from the case record")),
        Some(v) if date(v).is_none() => Some(format!("{field} ({what}) '{v}' is not a real date in the form DD/MM/YYYY; correct it in the case record")),
        _ => None,
    });
}

/// The collection year's first and last days, when known.
pub(super) fn bounds(y: &Ssda903Year) -> Option<(NaiveDate, NaiveDate)> {
    y.bounds()
}

#[cfg(test)]
mod tests {
    use super::test_util::{csv, EPISODES_HEADER};
    use super::*;

    #[test]
    fn a_years_episodes_are_read_once_for_every_rule() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("2024-25")).expect("folder");
        let rows = [
            "B1,01/06/2024,S,C2,N1,U6,PR1,,,,,,",
            "A1,01/09/2024,P,C2,N1,U6,PR1,,,,,,",
            "A1,01/05/2024,S,C2,N1,U6,PR1,01/09/2024,,,,,",
            ",01/05/2024,S,C2,N1,U6,PR1,,,,,,",
        ];
        std::fs::write(dir.path().join("2024-25/episodes.csv"), csv(EPISODES_HEADER, &rows)).expect("write");
        let inputs = crate::read::read_paths(&[dir.path().to_path_buf()]);
        let ctx = Context::new(&inputs);
        let y = &ctx.ssda903[0];
        let in_file_order: Vec<u32> = episodes(y).map(|e| e.row.line).collect();
        assert_eq!(in_file_order, [2, 3, 4], "the row without a CHILD is left out");
        let first = ordered(y);
        assert_eq!(first.iter().map(|e| e.row.line).collect::<Vec<_>>(), [4, 3, 2], "by child, then start");
        assert!(std::ptr::eq(first, ordered(y)), "the second rule gets the same episodes, not a new reading");
        assert_eq!(by_child(y)["A1"].iter().map(|e| e.row.line).collect::<Vec<_>>(), [3, 4]);
        assert!(people(y).is_empty(), "no header table");
    }
}
