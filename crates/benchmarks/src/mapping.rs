//! Which published measure stands beside which of our indicators: the one
//! place that records the file, column and filter for each.

/// How a file's `time_period` relates to our financial years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// `2025` = the year ending 31 March 2025 (CIN census, SSDA903).
    YearTo31March,
    /// `2025` = the census at 30 September 2025 (workforce).
    At30September,
}

impl Basis {
    /// The financial year (by its starting year) a published `time_period` belongs to.
    /// A 30 September census falls inside the financial year that began that April.
    pub fn financial_start_year(self, time_period: i32) -> i32 {
        match self {
            Basis::YearTo31March => time_period - 1,
            Basis::At30September => time_period,
        }
    }

    /// How people say the published year: "2024-25" or "30 Sep 2024".
    pub fn label(self, time_period: i32) -> String {
        match self {
            Basis::YearTo31March => format!("{}-{:02}", time_period - 1, time_period.rem_euclid(100)),
            Basis::At30September => format!("30 Sep {time_period}"),
        }
    }
}

/// Where a published measure is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An Explore Education Statistics CSV: the file whose name starts with
    /// `stem`, the `column` holding the figure, and `column = value` filters.
    Ees { stem: &'static str, column: &'static str, filters: &'static [(&'static str, &'static str)] },
    /// The LAIT long file (`bds_long*.parquet` or `.csv`): rows whose `Short Desc` is this.
    Lait { short_desc: &'static str },
}

#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub indicator: &'static str,
    pub source: Source,
    pub basis: Basis,
    /// Where the published measure differs from ours, said plainly.
    pub note: &'static str,
}

impl Measure {
    pub fn describe(&self) -> String {
        match self.source {
            Source::Ees { stem, column, filters } => {
                let f: Vec<String> = filters.iter().map(|(c, v)| format!("{c} = \"{v}\"")).collect();
                if f.is_empty() {
                    format!("{stem}*.csv, column {column}")
                } else {
                    format!("{stem}*.csv, column {column}, where {}", f.join(" and "))
                }
            }
            Source::Lait { short_desc } => format!("LAIT bds_long, Short Desc \"{short_desc}\""),
        }
    }
}

const C1: &str = "c1_children_in_need_referrals_and_rereferrals";
const D3: &str = "d3_cpps_subsequent_plan";
const D5: &str = "d5_cpps_at31march_by_duration";
const CLA: &str = "cla_number_and_rate_per_10k_children";
const STABILITY: &str = "la_cla_placement_stability";
const HEALTH: &str = "la_conviction_health_outcome_cla";
const CSWW: &str = "csww_indicators";

const fn ees(indicator: &'static str, stem: &'static str, column: &'static str, filters: &'static [(&'static str, &'static str)]) -> Measure {
    Measure { indicator, source: Source::Ees { stem, column, filters }, basis: Basis::YearTo31March, note: "" }
}

const fn csww(indicator: &'static str, column: &'static str) -> Measure {
    Measure { indicator, source: Source::Ees { stem: CSWW, column, filters: &[] }, basis: Basis::At30September, note: "" }
}

const fn lait(indicator: &'static str, short_desc: &'static str) -> Measure {
    Measure { indicator, source: Source::Lait { short_desc }, basis: Basis::YearTo31March, note: "" }
}

const fn with_note(mut m: Measure, note: &'static str) -> Measure {
    m.note = note;
    m
}

/// Every indicator with a published comparator. Rates come from LAIT, which
/// publishes them; the EES CIN files carry counts only, and rates are taken
/// as published rather than recomputed.
pub const MEASURES: &[Measure] = &[
    ees("REF-01", C1, "referral_count", &[]),
    lait("REF-02", "CPP_Total_Rateper10,000"),
    ees("REF-03", C1, "rereferral_percent", &[]),
    ees("REF-04", C1, "no_further_action_percent", &[]),
    lait("ASM-02", "Continue_Assess_Comp"),
    lait("CIN-01", "CIN"),
    lait("CP-01", "Section_47"),
    lait("CP-02", "CP_conf_15days"),
    ees("CP-04", D3, "CPP_start", &[]),
    ees("CP-05", D3, "CPP_subsequent_percent", &[]),
    lait("CP-07", "CPP_rate"),
    ees("CP-08", D5, "2_years_or_more_percent", &[]),
    lait("CP-09", "RevCP"),
    ees("CLA-01", CLA, "rate_per_10000", &[("population_type", "Children looked after on 31 March each year")]),
    ees("CLA-02", CLA, "children_count", &[("population_type", "Children starting to be looked after each year")]),
    ees("CLA-03", CLA, "children_count", &[("population_type", "Children ceasing to be looked after each year")]),
    ees("CLA-04", STABILITY, "children_percent", &[("cla_group", "CLA on 31 March"), ("placement_stability", "With 3 or more placements during the year")]),
    ees(
        "CLA-05",
        STABILITY,
        "children_percent",
        &[
            ("cla_group", "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"),
            ("placement_stability", "Living with the same carer for at least 2 years"),
        ],
    ),
    ees(
        "CLA-08",
        HEALTH,
        "children_percent",
        &[("characteristic", "Health assessments: Children looked after all ages"), ("breakdown", "Had their annual health assessment")],
    ),
    ees(
        "CLA-09",
        HEALTH,
        "children_percent",
        &[("characteristic", "Health assessments: Children looked after all ages"), ("breakdown", "Had their teeth checked by a dentist")],
    ),
    lait("CLA-11", "Children_missing"),
    with_note(
        ees(
            "CL-02",
            "la_care_leavers_accommodation_suitability",
            "care_leaver_percent",
            &[("care_leaver_age", "19 to 21 years"), ("breakdown", "Accommodation considered suitable")],
        ),
        "DfE's headline group is ages 19 to 21; our cohort is 17 to 21 (the 17 to 18 group is in the breakdown)",
    ),
    with_note(
        ees(
            "CL-03",
            "la_care_leavers_activity",
            "care_leaver_percent",
            &[("care_leaver_age", "19 to 21 years"), ("breakdown", "Total in education, employment or training")],
        ),
        "DfE's headline group is ages 19 to 21; our cohort is 17 to 21 (the 17 to 18 group is in the breakdown)",
    ),
    csww("WF-01", "inpost_fte"),
    csww("WF-02", "agency_rate_fte"),
    csww("WF-03", "vacancy_rate_fte"),
    csww("WF-04", "turnover_rate_fte"),
    csww("WF-05", "caseload_fte"),
    csww("WF-07", "absence_rate_fte"),
];

/// Indicators with no published comparator, and why.
pub const UNMAPPED: &[(&str, &str)] = &[
    ("CON-01", "contacts are not collected by the DfE (Annex A and ChAT only)"),
    ("CON-02", "contacts are not collected by the DfE"),
    ("REF-05", "a breakdown by source, not one figure; LAIT publishes only three sources' shares"),
    ("ASM-01", "assessments completed are in the EES C2 table, which is not among the reference files"),
    ("ASM-03", "open assessments past 45 working days are not published"),
    ("CP-03", "the DfE publishes section 47 and conference counts (C4) but not this share"),
    ("CP-06", "repeat plans within 2 years are not published (the DfE publishes 'ever', CP-05)"),
    ("CP-10", "visits to children on a plan are not collected by the DfE"),
    ("CP-11", "children awaiting a conference are not published"),
    ("CIN-02", "children on a child in need plan are not published"),
    ("CLA-06", "looked-after reviews on time are not published"),
    ("CLA-07", "statutory visits are not in the SSDA903"),
    ("CLA-10", "personal education plans are not in the DfE's data"),
    ("CLA-12", "return home interviews are not in the SSDA903"),
    ("CLA-13", "LAIT's LACDistance counts placements more than 20 miles away *and* outside the council; ours counts either"),
    ("CLA-14", "permanence by the second review is not published"),
    ("CL-01", "the DfE publishes 'not in touch', whose complement also holds 'information not known'; not the same measure"),
    ("CL-04", "pathway plans are not in the DfE's data"),
    ("ADP-01", "adoption scorecards (A1) are not among the reference files; the national stages table is England only and measured differently"),
    ("ADP-02", "adoption scorecards (A2) are not among the reference files"),
    ("WF-06", "caseloads over a threshold are not published"),
];

pub fn measure(indicator: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| m.indicator.eq_ignore_ascii_case(indicator))
}
