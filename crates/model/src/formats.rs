//! Column names of the statutory CSV returns, as the DfE, the workforce census and the
//! Standard Safeguarding Dataset specify them: one list per table, shared by the
//! readers that recognise the tables and the generator that writes them.

/// SSDA903 episodes
pub const SSDA903_EPISODES: &[&str] =
    &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"];

/// SSDA903 header
pub const SSDA903_HEADER: &[&str] = &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"];

/// SSDA903 UASC
pub const SSDA903_UASC: &[&str] = &["CHILD", "SEX", "DOB", "DUC"];

/// SSDA903 reviews
pub const SSDA903_REVIEWS: &[&str] = &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"];

/// SSDA903 OC2
pub const SSDA903_OC2: &[&str] = &[
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
];

/// SSDA903 OC3
pub const SSDA903_OC3: &[&str] = &["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"];

/// SSDA903 AD1
pub const SSDA903_AD1: &[&str] = &["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"];

/// SSDA903 placed for adoption
pub const SSDA903_PLACED_ADOPTION: &[&str] = &["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"];

/// SSDA903 previous permanence
pub const SSDA903_PREV_PERM: &[&str] = &["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"];

/// SSDA903 missing
pub const SSDA903_MISSING: &[&str] = &["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"];

/// SSDA903 social worker episodes
pub const SSDA903_SOCIAL_WORKERS: &[&str] = &["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"];

/// workforce census workers
pub const CSWW_WORKERS: &[&str] = &[
    "AgencyWorker",
    "SWENo",
    "FTE",
    "PersonBirthDate",
    "GenderCurrent",
    "Ethnicity",
    "QualInst",
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "ContractWeeks",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
    "CFKSSstatus",
];

/// workforce census LA level
pub const CSWW_LA: &[&str] = &["NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"];

/// ssd_person
pub const SSD_PERSON: &[&str] = &[
    "pers_person_id",
    "pers_forename",
    "pers_surname",
    "pers_sex",
    "pers_gender",
    "pers_ethnicity",
    "pers_dob",
    "pers_common_child_id",
    "pers_legacy_id",
    "pers_upn_unknown",
    "pers_send_flag",
    "pers_expected_dob",
    "pers_death_date",
    "pers_is_mother",
    "pers_nationality",
];

/// ssd_family
pub const SSD_FAMILY: &[&str] = &["fami_table_id", "fami_family_id", "fami_person_id"];

/// ssd_contacts
pub const SSD_CONTACTS: &[&str] =
    &["cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code", "cont_contact_source_desc", "cont_contact_outcome_json"];

/// The flags of `cont_contact_outcome_json`, each given whether set or not.
pub const SSD_CONTACT_OUTCOME_FLAGS: &[&str] = &[
    "NEW_REFERRAL_FLAG",
    "EXISTING_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "ADVICE_FLAG",
    "MISSING_FLAG",
    "OLA_CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
];

/// ssd_cin_episodes
pub const SSD_CIN_EPISODES: &[&str] = &[
    "cine_referral_id",
    "cine_person_id",
    "cine_referral_date",
    "cine_cin_primary_need_code",
    "cine_referral_source_code",
    "cine_referral_source_desc",
    "cine_referral_outcome_json",
    "cine_referral_nfa",
    "cine_close_reason",
    "cine_close_date",
    "cine_referral_team",
    "cine_referral_worker_id",
];

/// ssd_cin_visits
pub const SSD_CIN_VISITS: &[&str] =
    &["cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date", "cinv_cin_visit_seen", "cinv_cin_visit_seen_alone", "cinv_cin_visit_bedroom"];

/// ssd_cp_plans
pub const SSD_CP_PLANS: &[&str] = &[
    "cppl_cp_plan_id",
    "cppl_referral_id",
    "cppl_icpc_id",
    "cppl_person_id",
    "cppl_cp_plan_start_date",
    "cppl_cp_plan_end_date",
    "cppl_cp_plan_initial_category",
    "cppl_cp_plan_ola",
    "cppl_cp_plan_latest_category",
];

/// ssd_cp_visits
pub const SSD_CP_VISITS: &[&str] =
    &["cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id", "cppv_cp_visit_date", "cppv_cp_visit_seen", "cppv_cp_visit_seen_alone", "cppv_cp_visit_bedroom"];

/// ssd_cp_reviews
pub const SSD_CP_REVIEWS: &[&str] = &[
    "cppr_cp_review_id",
    "cppr_person_id",
    "cppr_cp_plan_id",
    "cppr_cp_review_due",
    "cppr_cp_review_date",
    "cppr_cp_review_meeting_id",
    "cppr_cp_review_outcome_continue_cp",
    "cppr_cp_review_quorate",
    "cppr_cp_review_participation",
];

/// ssd_cla_episodes
pub const SSD_CLA_EPISODES: &[&str] = &[
    "clae_cla_episode_id",
    "clae_person_id",
    "clae_cla_episode_start_date",
    "clae_cla_episode_start_reason",
    "clae_cla_primary_need_code",
    "clae_cla_episode_ceased_date",
    "clae_cla_episode_ceased_reason",
    "clae_cla_id",
    "clae_referral_id",
    "clae_cla_placement_id",
    "clae_entered_care_date",
    "clae_cla_last_iro_contact_date",
];

/// ssd_cla_placement
pub const SSD_CLA_PLACEMENT: &[&str] = &[
    "clap_cla_placement_id",
    "clap_cla_placement_start_date",
    "clap_cla_placement_type",
    "clap_cla_placement_urn",
    "clap_cla_placement_distance",
    "clap_cla_id",
    "clap_cla_placement_provider",
    "clap_cla_placement_postcode",
    "clap_cla_placement_end_date",
    "clap_cla_placement_change_reason",
    "clap_person_id",
];

/// ssd_cla_reviews
pub const SSD_CLA_REVIEWS: &[&str] =
    &["clar_cla_review_id", "clar_cla_id", "clar_cla_review_due_date", "clar_cla_review_date", "clar_cla_review_cancelled", "clar_cla_review_participation"];

/// ssd_cla_visits
pub const SSD_CLA_VISITS: &[&str] =
    &["clav_cla_visit_id", "clav_cla_id", "clav_person_id", "clav_cla_visit_date", "clav_cla_visit_seen", "clav_cla_visit_seen_alone"];

/// ssd_cla_health
pub const SSD_CLA_HEALTH: &[&str] = &["clah_health_check_id", "clah_person_id", "clah_health_check_type", "clah_health_check_date", "clah_health_check_status"];

/// ssd_missing
pub const SSD_MISSING: &[&str] = &[
    "miss_table_id",
    "miss_person_id",
    "miss_missing_episode_start_date",
    "miss_missing_episode_type",
    "miss_missing_episode_end_date",
    "miss_missing_rhi_offered",
    "miss_missing_rhi_accepted",
];

/// ssd_care_leavers
pub const SSD_CARE_LEAVERS: &[&str] = &[
    "clea_table_id",
    "clea_person_id",
    "clea_care_leaver_eligibility",
    "clea_care_leaver_in_touch",
    "clea_care_leaver_latest_contact",
    "clea_care_leaver_accommodation",
    "clea_care_leaver_accom_suitable",
    "clea_care_leaver_activity",
    "clea_pathway_plan_review_date",
    "clea_care_leaver_personal_advisor",
    "clea_care_leaver_allocated_team",
    "clea_care_leaver_worker_id",
];

/// ssd_involvements
pub const SSD_INVOLVEMENTS: &[&str] = &[
    "invo_involvements_id",
    "invo_professional_id",
    "invo_professional_role_id",
    "invo_professional_team",
    "invo_involvement_start_date",
    "invo_involvement_end_date",
    "invo_worker_change_reason",
    "invo_person_id",
    "invo_referral_id",
];

/// local_cla_pep
pub const SSD_PEP: &[&str] = &["pep_table_id", "pep_person_id", "pep_cla_id", "pep_review_date"];

/// ssd_professionals
pub const SSD_PROFESSIONALS: &[&str] = &[
    "prof_professional_id",
    "prof_staff_id",
    "prof_professional_name",
    "prof_social_worker_registration_no",
    "prof_professional_job_title",
    "prof_professional_caseload",
    "prof_professional_department",
    "prof_full_time_equivalency",
    "prof_agency_worker_flag",
];

/// ssd_department
pub const SSD_DEPARTMENT: &[&str] = &["dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name"];

// Ofsted ILACS Annex A: one list per sheet, columns in the order of Ofsted's
// template (as merged by liia-tools; List 9 with the 2024 template's additions).

/// The folder, within a council's folder of returns, holding its improvement
/// plan, practice audits and committee records: read by the plan, not as a return.
pub const GOVERNANCE_FOLDER: &str = "governance";

/// Annex A List 1 contacts
pub const ANNEX_A_LIST_1: &[&str] = &["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"];

/// Annex A List 2 early help
pub const ANNEX_A_LIST_2: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
];

/// Annex A List 3 referrals
pub const ANNEX_A_LIST_3: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
];

/// Annex A List 4 assessments
pub const ANNEX_A_LIST_4: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    "Allocated Team",
    "Allocated Worker",
];

/// Annex A List 5 section 47 enquiries
pub const ANNEX_A_LIST_5: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    "Allocated Team",
    "Allocated Worker",
];

/// Annex A List 6 children in need
pub const ANNEX_A_LIST_6: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
];

/// Annex A List 7 child protection
pub const ANNEX_A_LIST_7: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
];

/// Annex A List 8 children in care
pub const ANNEX_A_LIST_8: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child's Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status",
    "Child's Legal Status",
    "Date of Latest Statutory Review",
    "Date of Last Social Work Visit",
    "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child",
    "Date of Last Health Assessment",
    "Date of Last Dental Check",
    "Number of Placements in the Last 12 months",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement",
    "Placement Type",
    "Placement Provider",
    "Placement postcode",
    "URN of Placement",
    "Placement Location",
    "LA of Placement",
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
    "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
];

/// Annex A List 9 care leavers
pub const ANNEX_A_LIST_9: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Allocated Team",
    "Allocated Worker",
    "Eligibility Category",
    "LA in Touch",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
    "Allocated Personal Advisor",
    "Latest Pathway Plan",
    "Latest Contact",
];

/// Annex A List 10 adoption
pub const ANNEX_A_LIST_10: &[&str] = &[
    "Child Unique ID",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Date the Child Entered Care",
    "Date of Decision that Child Should be Placed for Adoption",
    "Date of Placement Order",
    "Date of Matching Child and Prospective Adopters",
    "Date Placed for Adoption",
    "Date of Adoption Order",
    "Date of Decision that Child Should No Longer be Placed for Adoption",
    "Reason Why Child No Longer Placed for Adoption",
    "Date the child was placed for fostering in FFA or concurrent planning placement",
];

/// Annex A List 11 adopters
pub const ANNEX_A_LIST_11: &[&str] = &[
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
];
