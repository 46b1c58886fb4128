//! DfE code lists as enums. Each carries its statutory code and a plain label;
//! the code is what files hold, so (de)serialisation uses it.

use std::fmt;
use std::str::FromStr;

/// A value that is not in a code list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{code}' is not a valid {list} code")]
pub struct UnknownCode {
    pub list: &'static str,
    pub code: String,
}

macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident : $list:literal { $($variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every code in the list, in the DfE's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Name of the list, used in messages.
            pub const LIST: &'static str = $list;

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Exact match on the DfE code (callers trim input first).
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_code(s).ok_or_else(|| UnknownCode { list: $list, code: s.to_string() })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

code_list! {
    /// CIN census ReferralSource (N00152).
    ReferralSource: "referral source" {
        IndividualFamily = "1A", "Individual: family member, relative or carer";
        IndividualAcquaintance = "1B", "Individual: acquaintance (including neighbours and child minders)";
        IndividualSelf = "1C", "Individual: self";
        IndividualOther = "1D", "Individual: other (including strangers, MPs)";
        Schools = "2A", "Schools";
        EducationServices = "2B", "Education services";
        HealthGp = "3A", "Health services: GP";
        HealthVisitor = "3B", "Health services: health visitor";
        SchoolNurse = "3C", "Health services: school nurse";
        HealthOtherPrimary = "3D", "Health services: other primary health services";
        HealthAandE = "3E", "Health services: A&E";
        HealthOther = "3F", "Health services: other (e.g. hospice)";
        Housing = "4", "Housing (LA housing or housing association)";
        LaSocialCare = "5A", "LA services: social care (e.g. adult social care)";
        LaOtherInternal = "5B", "LA services: other internal";
        LaExternal = "5C", "LA services: external (another LA's services)";
        LaEarlyHelp = "5D", "LA services: early help";
        Police = "6", "Police";
        OtherLegalAgency = "7", "Other legal agency (courts, probation, immigration, CAFCASS, prison)";
        Other = "8", "Other (children's centres, independent providers, voluntary organisations)";
        Anonymous = "9", "Anonymous";
        Unknown = "10", "Unknown";
    }
}

/// The groups committees see for referral sources (indicator REF-05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum ReferralSourceGroup {
    Police,
    Schools,
    Health,
    Housing,
    LaServices,
    Other,
}

impl ReferralSourceGroup {
    pub fn label(self) -> &'static str {
        match self {
            Self::Police => "Police",
            Self::Schools => "Schools and education",
            Self::Health => "Health",
            Self::Housing => "Housing",
            Self::LaServices => "LA services",
            Self::Other => "Other",
        }
    }
}

impl ReferralSource {
    pub fn group(self) -> ReferralSourceGroup {
        use ReferralSource::*;
        match self {
            Police => ReferralSourceGroup::Police,
            Schools | EducationServices => ReferralSourceGroup::Schools,
            HealthGp | HealthVisitor | SchoolNurse | HealthOtherPrimary | HealthAandE | HealthOther => ReferralSourceGroup::Health,
            Housing => ReferralSourceGroup::Housing,
            LaSocialCare | LaOtherInternal | LaExternal | LaEarlyHelp => ReferralSourceGroup::LaServices,
            IndividualFamily | IndividualAcquaintance | IndividualSelf | IndividualOther | OtherLegalAgency | Other | Anonymous | Unknown => {
                ReferralSourceGroup::Other
            }
        }
    }
}

code_list! {
    /// Category of need: CIN PrimaryNeedCode (N00101) and the 903 CIN column.
    PrimaryNeed: "primary need" {
        AbuseOrNeglect = "N1", "Abuse or neglect";
        ChildDisability = "N2", "Child's disability";
        ParentalIllness = "N3", "Parental disability or illness";
        AcuteStress = "N4", "Family in acute stress";
        Dysfunction = "N5", "Family dysfunction";
        Behaviour = "N6", "Socially unacceptable behaviour";
        LowIncome = "N7", "Low income";
        AbsentParenting = "N8", "Absent parenting";
        NotInNeed = "N9", "Cases other than children in need";
        NotStated = "N0", "Not stated";
    }
}

code_list! {
    /// Initial and latest category of abuse on a child protection plan.
    AbuseCategory: "category of abuse" {
        Neglect = "NEG", "Neglect";
        Physical = "PHY", "Physical abuse";
        Sexual = "SAB", "Sexual abuse";
        Emotional = "EMO", "Emotional abuse";
        Multiple = "MUL", "Multiple/not recommended";
    }
}

code_list! {
    /// CIN ReasonForClosure (N00103).
    ClosureReason: "reason for closure" {
        Adopted = "RC1", "Adopted";
        Died = "RC2", "Died";
        ChildArrangementsOrder = "RC3", "Child arrangements order";
        SpecialGuardianshipOrder = "RC4", "Special guardianship order";
        TransferredOtherLa = "RC5", "Transferred to services of another LA";
        TransferredAdultServices = "RC6", "Transferred to adult social care services";
        ServicesCeased = "RC7", "Services ceased for any other reason, including child no longer in need";
        ClosedAfterAssessmentNfa = "RC8", "Case closed after assessment, no further action";
        ClosedAfterAssessmentEarlyHelp = "RC9", "Case closed after assessment, referred to early help";
    }
}

code_list! {
    /// Factors identified at the end of assessment (N00181).
    AssessmentFactor: "assessment factor" {
        AlcoholChild = "1A", "Alcohol misuse: child";
        AlcoholParent = "1B", "Alcohol misuse: parent/carer";
        AlcoholOther = "1C", "Alcohol misuse: other person in household";
        DrugsChild = "2A", "Drug misuse: child";
        DrugsParent = "2B", "Drug misuse: parent/carer";
        DrugsOther = "2C", "Drug misuse: other person in household";
        DomesticAbuseChild = "3A", "Domestic abuse: child";
        DomesticAbuseParent = "3B", "Domestic abuse: parent/carer";
        DomesticAbuseOther = "3C", "Domestic abuse: other person in household";
        MentalHealthChild = "4A", "Mental health: child";
        MentalHealthParent = "4B", "Mental health: parent/carer";
        MentalHealthOther = "4C", "Mental health: other person in household";
        LearningDisabilityChild = "5A", "Learning disability: child";
        LearningDisabilityParent = "5B", "Learning disability: parent/carer";
        LearningDisabilityOther = "5C", "Learning disability: other person in household";
        PhysicalDisabilityChild = "6A", "Physical disability or illness: child";
        PhysicalDisabilityParent = "6B", "Physical disability or illness: parent/carer";
        PhysicalDisabilityOther = "6C", "Physical disability or illness: other person in household";
        YoungCarer = "7A", "Young carer";
        PrivateFosteringOverseasReturn = "8B", "Privately fostered: overseas, intending to return";
        PrivateFosteringOverseasStay = "8C", "Privately fostered: overseas, intending to stay";
        PrivateFosteringEducation = "8D", "Privately fostered: UK, educational placement";
        PrivateFosteringFamily = "8E", "Privately fostered: UK, alternative family arrangement";
        PrivateFosteringOther = "8F", "Privately fostered: other";
        Uasc = "9A", "Unaccompanied asylum-seeking child";
        Missing = "10A", "Going or being missing";
        SexualExploitation = "11A", "Child sexual exploitation";
        Trafficking = "12A", "Trafficking";
        Gangs = "13A", "Gangs";
        Behaviour = "14A", "Socially unacceptable behaviour";
        SelfHarm = "15A", "Self-harm";
        Neglect = "16A", "Neglect";
        EmotionalAbuse = "17A", "Emotional abuse";
        PhysicalAbuseChildOnChild = "18B", "Physical abuse: child on child";
        PhysicalAbuseAdultOnChild = "18C", "Physical abuse: adult on child";
        SexualAbuseChildOnChild = "19B", "Sexual abuse: child on child";
        SexualAbuseAdultOnChild = "19C", "Sexual abuse: adult on child";
        Other = "20", "Other";
        NoFactors = "21", "No factors identified";
        Fgm = "22A", "Female genital mutilation";
        FaithAbuse = "23A", "Abuse linked to faith or belief";
        CriminalExploitation = "24A", "Child criminal exploitation";
    }
}

code_list! {
    /// Ethnicity, shared by the CIN census, SSDA903, Annex A and CSWW.
    Ethnicity: "ethnicity" {
        WhiteBritish = "WBRI", "White British";
        WhiteIrish = "WIRI", "White Irish";
        IrishTraveller = "WIRT", "Traveller of Irish heritage";
        WhiteOther = "WOTH", "Any other White background";
        GypsyRoma = "WROM", "Gypsy/Roma";
        WhiteBlackCaribbean = "MWBC", "White and Black Caribbean";
        WhiteBlackAfrican = "MWBA", "White and Black African";
        WhiteAsian = "MWAS", "White and Asian";
        MixedOther = "MOTH", "Any other mixed background";
        Indian = "AIND", "Indian";
        Pakistani = "APKN", "Pakistani";
        Bangladeshi = "ABAN", "Bangladeshi";
        AsianOther = "AOTH", "Any other Asian background";
        BlackCaribbean = "BCRB", "Black Caribbean";
        BlackAfrican = "BAFR", "Black African";
        BlackOther = "BOTH", "Any other Black background";
        Chinese = "CHNE", "Chinese";
        Other = "OOTH", "Any other ethnic group";
        Refused = "REFU", "Refused";
        NotObtained = "NOBT", "Information not yet obtained";
    }
}

code_list! {
    /// CIN census disability codes (N00099).
    Disability: "disability" {
        None = "NONE", "No disability";
        Mobility = "MOB", "Mobility";
        HandFunction = "HAND", "Hand function";
        PersonalCare = "PC", "Personal care";
        Incontinence = "INC", "Incontinence";
        Communication = "COMM", "Communication";
        LearningDisability = "LD", "Learning";
        Hearing = "HEAR", "Hearing";
        Vision = "VIS", "Vision";
        Behaviour = "BEH", "Behaviour";
        Consciousness = "CON", "Consciousness";
        Autism = "AUT", "Autism or Asperger syndrome";
        DisabilityDiscriminationAct = "DDA", "Other disability under the Disability Discrimination Act";
    }
}

code_list! {
    /// Sex, as collected from 2024-25 (CIN `Sex`, 903 SEX).
    Sex: "sex" {
        Male = "M", "Male";
        Female = "F", "Female";
        Unknown = "U", "Unknown or unborn";
    }
}

impl Sex {
    /// Code used up to 2023-24: CIN `GenderCurrent` and the 903 SEX column.
    pub fn legacy_code(self) -> &'static str {
        match self {
            Sex::Male => "1",
            Sex::Female => "2",
            Sex::Unknown => "0",
        }
    }

    /// Reads either the current letter or the legacy digit (9, indeterminate, is read as unknown).
    pub fn from_any_code(code: &str) -> Option<Sex> {
        match code {
            "1" => Some(Sex::Male),
            "2" => Some(Sex::Female),
            "0" | "9" => Some(Sex::Unknown),
            other => Sex::from_code(other),
        }
    }
}

code_list! {
    /// Reason a child has no UPN (N00135).
    UpnUnknown: "UPN unknown reason" {
        Un1 = "UN1", "Child is not of school age and has not yet been assigned a UPN";
        Un2 = "UN2", "Child has never attended a maintained school in England";
        Un3 = "UN3", "Child is educated outside England";
        Un4 = "UN4", "Child is new to the service and the UPN is not yet known";
        Un5 = "UN5", "Sources collating UPNs disagree about the child's details, preventing reliable matching";
        Un6 = "UN6", "Child is aged under 6 and was not allocated a UPN";
        Un7 = "UN7", "Referral with no further action";
    }
}

code_list! {
    /// SSDA903 RNE: reason for new episode.
    ReasonNewEpisode: "reason for new episode" {
        Started = "S", "Started to be looked after";
        LegalStatus = "L", "Change of legal status only";
        PlacementAndCarer = "P", "Change of placement and carer";
        PlacementSameCarer = "T", "Change of placement, same carer";
        LegalStatusAndPlacement = "B", "Change of legal status and placement and carer at the same time";
        LegalStatusAndPlacementSameCarer = "U", "Change of legal status and placement, same carer";
    }
}

impl ReasonNewEpisode {
    /// Whether the new episode starts a new placement (a move counted by stability measures).
    pub fn is_new_placement(self) -> bool {
        matches!(self, Self::Started | Self::PlacementAndCarer | Self::LegalStatusAndPlacement)
    }
}

code_list! {
    /// SSDA903 LS: legal status.
    LegalStatus: "legal status" {
        InterimCareOrder = "C1", "Interim care order";
        FullCareOrder = "C2", "Full care order";
        FreeingOrder = "D1", "Freeing order granted";
        PlacementOrder = "E1", "Placement order granted";
        Section20 = "V2", "Single period of accommodation under section 20";
        ShortBreakEpisodes = "V3", "Accommodated under an agreed series of short-term breaks, individual episodes";
        ShortBreakAgreement = "V4", "Accommodated under an agreed series of short-term breaks, agreement recorded";
        PoliceProtection = "L1", "Under police protection and in local authority accommodation";
        EmergencyProtectionOrder = "L2", "Emergency protection order";
        ChildAssessmentOrder = "L3", "Under a child assessment order and in local authority accommodation";
        Remanded = "J1", "Remanded to local authority accommodation or youth detention accommodation";
        PaceAccommodation = "J2", "Placed in local authority accommodation under PACE";
        YouthRehabilitationOrder = "J3", "Sentenced to a youth rehabilitation order with residence or fostering requirement";
    }
}

impl LegalStatus {
    /// Short breaks (V3/V4) are excluded from most looked-after measures.
    pub fn is_short_break(self) -> bool {
        matches!(self, Self::ShortBreakEpisodes | Self::ShortBreakAgreement)
    }
}

code_list! {
    /// SSDA903 PLACE: placement type (2024-25 list, with K3).
    PlacementType: "placement type" {
        AdoptionConsentWithCarer = "A3", "Placed for adoption with consent with current foster carer";
        AdoptionConsentOther = "A4", "Placed for adoption with consent not with current foster carer";
        AdoptionOrderWithCarer = "A5", "Placed for adoption with placement order with current foster carer";
        AdoptionOrderOther = "A6", "Placed for adoption with placement order not with current foster carer";
        SemiIndependent = "H5", "Semi-independent living accommodation not subject to children's homes regulations";
        SecureHome = "K1", "Secure children's home";
        ChildrensHome = "K2", "Children's home subject to Children's Homes Regulations";
        SupportedAccommodation = "K3", "Ofsted-registered supported accommodation";
        WithParents = "P1", "Placed with own parent(s) or other person(s) with parental responsibility";
        IndependentLiving = "P2", "Independent living";
        ResidentialEmployment = "P3", "Residential employment";
        ResidentialCareHome = "R1", "Residential care home";
        NhsTrust = "R2", "NHS/health trust or other establishment providing medical or nursing care";
        FamilyCentre = "R3", "Family centre or mother and baby unit";
        YoungOffenderInstitution = "R5", "Young offender institution or prison";
        ResidentialSchool = "S1", "Residential school";
        TemporaryAll = "T0", "All types of temporary move";
        TemporaryHospital = "T1", "Temporary periods in hospital";
        TemporaryHoliday = "T2", "Temporary absences of the child on holiday";
        TemporaryCarerHoliday = "T3", "Temporary accommodation whilst normal foster carer is on holiday";
        TemporaryOther = "T4", "Temporary accommodation of seven days or less";
        FosterConnectedLongTerm = "U1", "Foster placement with relative or friend: long term fostering";
        FosterConnectedFfa = "U2", "Foster placement with relative or friend who is also an approved adopter: FFA or concurrent planning";
        FosterConnectedOther = "U3", "Foster placement with relative or friend: not long term or FFA";
        FosterLongTerm = "U4", "Foster placement with other foster carer: long term fostering";
        FosterFfa = "U5", "Foster placement with other foster carer who is also an approved adopter: FFA or concurrent planning";
        FosterOther = "U6", "Foster placement with other foster carer: not long term or FFA";
        Other = "Z1", "Other placements";
    }
}

impl PlacementType {
    pub fn is_foster(self) -> bool {
        self.code().starts_with('U')
    }

    pub fn is_placed_for_adoption(self) -> bool {
        self.code().starts_with('A')
    }

    /// Temporary moves (T0–T4) that stability measures do not count as placements.
    pub fn is_temporary(self) -> bool {
        self.code().starts_with('T')
    }

    /// Whether the 903 requires PLACE_PROVIDER for this placement type.
    pub fn needs_provider(self) -> bool {
        !matches!(self, Self::TemporaryAll | Self::TemporaryHospital | Self::TemporaryHoliday | Self::TemporaryCarerHoliday)
    }
}

code_list! {
    /// SSDA903 PLACE_PROVIDER.
    PlacementProvider: "placement provider" {
        Parents = "PR0", "Parent(s) or other person(s) with parental responsibility";
        OwnLa = "PR1", "Own provision (by the LA)";
        OtherLa = "PR2", "Other LA provision";
        OtherPublic = "PR3", "Other public provision (e.g. a PCT)";
        Private = "PR4", "Private provision";
        Voluntary = "PR5", "Voluntary/third sector provision";
    }
}

code_list! {
    /// SSDA903 REC: reason episode ceased.
    ReasonEpisodeCeased: "reason episode ceased" {
        ContinuingInCare = "X1", "Episode ceases, and new episode begins on same day";
        AdoptedUnopposed = "E11", "Adopted: application for an adoption order unopposed";
        AdoptedConsentDispensed = "E12", "Adopted: consent dispensed with by the court";
        Died = "E2", "Died";
        OtherLaTookOver = "E3", "Care taken over by another local authority in the UK";
        ReturnedHomePlanned = "E4A", "Returned home to live with parents, relatives or other person with parental responsibility as part of the care planning process";
        ReturnedHomeUnplanned = "E4B", "Returned home to live with parents, relatives or other person with parental responsibility not as part of the care planning process";
        LeftToLiveWithFamily = "E13", "Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility";
        ChildArrangementsOrder = "E41", "Residence order or child arrangements order granted";
        SgoFormerCarerConnected = "E45", "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)";
        SgoFormerCarerOther = "E46", "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)";
        SgoOtherConnected = "E47", "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)";
        SgoOtherCarer = "E48", "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)";
        IndependentWithSupport = "E5", "Moved into independent living arrangement with supportive accommodation";
        IndependentNoSupport = "E6", "Moved into independent living arrangement without formalised support";
        AdultResidentialCare = "E7", "Transferred to residential care funded by adult social care services";
        Custody = "E9", "Sentenced to custody";
        RemandEnded = "E14", "Accommodation on remand ended";
        AgeAssessed18Plus = "E15", "Age assessment determined child is aged 18 or over";
        MovedAbroad = "E16", "Child moved abroad";
        StayingPut = "E17", "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)";
        Other = "E8", "Period of being looked after ceased for any other reason";
    }
}

impl ReasonEpisodeCeased {
    pub fn ends_care(self) -> bool {
        self != Self::ContinuingInCare
    }

    pub fn is_adoption(self) -> bool {
        matches!(self, Self::AdoptedUnopposed | Self::AdoptedConsentDispensed)
    }

    pub fn is_special_guardianship(self) -> bool {
        matches!(self, Self::SgoFormerCarerConnected | Self::SgoFormerCarerOther | Self::SgoOtherConnected | Self::SgoOtherCarer)
    }
}

code_list! {
    /// SSDA903 REASON_PLACE_CHANGE, recorded on the episode whose placement ended.
    ReasonPlaceChange: "reason for placement change" {
        CarePlan = "CARPL", "Change to/implementation of care plan";
        ProvisionClosed = "CLOSE", "Resignation or closure of provision";
        Allegation = "ALLEG", "Allegation (s47)";
        Standards = "STAND", "Standards of care concern";
        ApprovalRemoved = "APPRR", "Approval removed";
        CarerRequestBehaviour = "CREQB", "Carer requests placement end due to child's behaviour";
        CarerRequestOther = "CREQO", "Carer requests placement end other than due to child's behaviour";
        ChildRequest = "CHILD", "Child requests placement end";
        LaRequest = "LAREQ", "Responsible/area authority requests placement end";
        StatusOnly = "PLACE", "Change in the status of placement only";
        Custody = "CUSTOD", "Custody arrangement";
        Other = "OTHER", "Other";
    }
}

code_list! {
    /// SSDA903 REVIEW_CODE: how the child took part in a looked-after review.
    ReviewParticipation: "review participation" {
        UnderFour = "PN0", "Child aged under 4 at the time of the review";
        AttendsSpeaks = "PN1", "Child physically attends and speaks for him or herself";
        AttendsAdvocate = "PN2", "Child physically attends and an advocate speaks on his or her behalf";
        AttendsSymbolic = "PN3", "Child attends and conveys his or her view symbolically";
        AttendsSilent = "PN4", "Child physically attends but does not speak or convey views";
        BriefsAdvocate = "PN5", "Child does not attend but briefs an advocate to speak for him or her";
        OtherMeans = "PN6", "Child does not attend but conveys feelings by a facilitative medium";
        NoViews = "PN7", "Child does not attend nor are views conveyed";
    }
}

code_list! {
    /// SSDA903 OC2 SDQ_REASON: why no SDQ score.
    SdqReason: "SDQ reason" {
        AgeOutOfRange = "SDQ1", "No form returned as child was aged under 4 or over 17";
        CarerRefused = "SDQ2", "Carer refused to complete and return questionnaire";
        Disability = "SDQ3", "Not possible to complete due to severity of the child's disability";
        Other = "SDQ4", "Other";
        ChildRefused = "SDQ5", "Young person refused to allow an SDQ to be completed";
    }
}

code_list! {
    /// SSDA903 OC3 IN_TOUCH.
    InTouch: "in touch" {
        Yes = "YES", "In touch";
        No = "NO", "Not in touch";
        Died = "DIED", "Died";
        Refused = "REFU", "Young person refuses contact";
        NoLongerRequires = "NREQ", "Young person no longer requires services";
        ReturnedHome = "RHOM", "Returned home for six continuous months or more";
    }
}

code_list! {
    /// SSDA903 OC3 ACTIV: main activity of a care leaver.
    CareLeaverActivity: "care leaver activity" {
        HigherEducationFull = "F1", "Full time in higher education";
        HigherEducationPart = "P1", "Part time in higher education";
        OtherEducationFull = "F2", "Full time in education other than higher education";
        OtherEducationPart = "P2", "Part time in education other than higher education";
        ApprenticeshipFull = "F4", "Full time apprenticeship";
        ApprenticeshipPart = "P4", "Part time apprenticeship";
        TrainingEmploymentFull = "F5", "Full time training or employment";
        TrainingEmploymentPart = "P5", "Part time training or employment";
        NeetIllness = "G4", "Not in education, training or employment: illness or disability";
        NeetOther = "G5", "Not in education, training or employment: other reasons";
        NeetParenting = "G6", "Not in education, training or employment: pregnancy or parenting";
        NotKnown = "0", "Information not known";
    }
}

impl CareLeaverActivity {
    /// In education, employment or training.
    pub fn is_eet(self) -> bool {
        matches!(self.code().as_bytes()[0], b'F' | b'P')
    }
}

code_list! {
    /// Letter part of SSDA903 OC3 ACCOM: type of accommodation.
    AccommodationType: "accommodation type" {
        WithParents = "B", "With parents or relatives";
        CommunityHome = "C", "Community home or other form of residential care";
        SemiIndependent = "D", "Semi-independent, transitional accommodation";
        SupportedLodgings = "E", "Supported lodgings";
        GoneAbroad = "G", "Gone abroad";
        Deported = "H", "Deported";
        OrdinaryLodgings = "K", "Ordinary lodgings, without formal support";
        NotKnown = "R", "Residence not known";
        NoFixedAbode = "S", "No fixed abode/homeless";
        Foyer = "T", "Foyers and similar supported accommodation";
        Independent = "U", "Independent living";
        Emergency = "V", "Emergency accommodation";
        BedAndBreakfast = "W", "Bed and breakfast";
        Custody = "X", "In custody";
        Other = "Y", "Other accommodation";
        FormerFosterCarers = "Z", "With former foster carers";
    }
}

code_list! {
    /// SSDA903 MISSING: missing (whereabouts unknown) or away without authorisation.
    MissingType: "missing type" {
        Missing = "M", "Missing";
        Away = "A", "Away from placement without authorisation";
    }
}

code_list! {
    /// SSDA903 PlacedAdoption REASON_PLACED_CEASED.
    ReasonPlacedCeased: "reason placed for adoption ceased" {
        NeedsChanged = "RD1", "The child's needs changed";
        CourtRefusedOrder = "RD2", "The court did not make a placement order";
        NoAdopters = "RD3", "Prospective adopters could not be found";
        Other = "RD4", "Any other reason";
    }
}

code_list! {
    /// SSDA903 AD1 SEX_ADOPTR.
    AdopterSex: "sex of adopters" {
        SingleMale = "M1", "Single male adopter";
        SingleFemale = "F1", "Single female adopter";
        TwoMale = "MM", "Male couple";
        TwoFemale = "FF", "Female couple";
        MaleFemale = "MF", "Male and female couple";
    }
}

code_list! {
    /// SSDA903 AD1 LS_ADOPTR.
    AdopterLegalStatus: "legal status of adopters" {
        Single = "L0", "Single person";
        MarriedDifferentSex = "L11", "Married couple, different sex";
        MarriedSameSex = "L12", "Married couple, same sex";
        CivilPartners = "L2", "Civil partners";
        UnmarriedDifferentSex = "L3", "Unmarried couple, different sex";
        UnmarriedSameSex = "L4", "Unmarried couple, same sex";
    }
}

code_list! {
    /// SSDA903 PrevPerm PREV_PERM.
    PreviousPermanenceOrder: "previous permanence" {
        Adoption = "P1", "Adoption";
        SpecialGuardianship = "P2", "Special guardianship order";
        ChildArrangements = "P3", "Residence order or child arrangements order";
        Unknown = "P4", "Unknown";
        None = "Z1", "Child has not previously been subject to a permanence option";
    }
}

code_list! {
    /// SSDA903 SW_REASON: why a looked-after child's social worker changed.
    SwChangeReason: "social worker change reason" {
        ManagementDecision = "MANAGE", "Management decision";
        FamilyContact = "FCONTA", "Request of child or family";
        LeftRole = "LEFTRL", "Social worker left the role";
        Restructure = "ORGRST", "Organisational restructure";
        TransferProcess = "TSPROC", "Transfer as part of standard process";
        Absence = "ABSENC", "Social worker absence";
        ChildCircumstances = "CHCHAN", "Change in the child's circumstances";
        PlacementChange = "PCCHAN", "Change of placement";
        WorkerDied = "SWDIED", "Social worker died";
        Other = "OTHERS", "Other";
    }
}

code_list! {
    /// CSWW OrgRole.
    OrgRole: "organisational role" {
        SeniorManager = "1", "Senior manager";
        MiddleManager = "2", "Middle manager";
        FirstLineManager = "3", "First line manager";
        SeniorPractitioner = "4", "Senior practitioner";
        CaseHolder = "5", "Case holder";
        QualifiedNoCases = "6", "Qualified without cases";
    }
}

code_list! {
    /// CSWW StartOrigin: where a starter came from.
    StartOrigin: "start origin" {
        NewlyQualified = "1", "Newly qualified social worker";
        OtherLaEngland = "2", "Social worker role in a different local authority in England";
        OutsideEngland = "3", "Social worker role outside England";
        Agency = "4", "Agency or consultancy in social work (in England)";
        NonLaSocialWork = "5", "Other social work role, non-local authority (in England)";
        OtherSocialCare = "6", "Other social care role in local authority/non-local authority (in England)";
        NonSocialCare = "7", "Non-social care role, any role outside England, no employment or career break";
        Other = "8", "Other";
        NotKnown = "9", "Not known";
        NotYetCollected = "10", "Not yet collected";
    }
}

code_list! {
    /// CSWW LeaverDestination.
    LeaverDestination: "leaver destination" {
        OtherLaEngland = "1", "Social worker role in a different local authority in England";
        OutsideEngland = "2", "Social worker role outside England";
        Agency = "3", "Agency or consultancy in social work (in England)";
        NonLaSocialWork = "4", "Other social work role, non-local authority (in England)";
        OtherSocialCare = "5", "Other social care role in local authority/non-local authority (in England)";
        NonSocialCare = "6", "Non-social care role, any role outside England, no employment or career break";
        Other = "7", "Other";
        NotKnown = "8", "Not known";
        NotYetCollected = "9", "Not yet collected";
    }
}

code_list! {
    /// CSWW ReasonLeave.
    LeavingReason: "reason for leaving" {
        Resignation = "1", "Resignation";
        VoluntaryRedundancy = "2", "Voluntary redundancy";
        CompulsoryRedundancy = "3", "Compulsory redundancy";
        Dismissed = "4", "Dismissed";
        Retired = "5", "Retired";
        Deceased = "6", "Deceased";
        MovedWithinLa = "7", "Moved to a non-children and family social work role within the LA";
        Other = "8", "Other";
        NotKnown = "9", "Not known";
        NotYetCollected = "10", "Not yet collected";
    }
}

code_list! {
    /// CSWW QualLevel.
    QualificationLevel: "qualification level" {
        Undergraduate = "1", "Undergraduate";
        Postgraduate = "2", "Postgraduate";
        Other = "3", "Other";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + Eq + std::fmt::Debug>(all: &[T], code: fn(T) -> &'static str, back: fn(&str) -> Option<T>) {
            let mut seen = std::collections::HashSet::new();
            for &v in all {
                assert!(seen.insert(code(v)), "duplicate code {}", code(v));
                assert_eq!(back(code(v)), Some(v));
            }
        }
        check(ReferralSource::ALL, ReferralSource::code, ReferralSource::from_code);
        check(AssessmentFactor::ALL, AssessmentFactor::code, AssessmentFactor::from_code);
        check(PlacementType::ALL, PlacementType::code, PlacementType::from_code);
        check(ReasonEpisodeCeased::ALL, ReasonEpisodeCeased::code, ReasonEpisodeCeased::from_code);
        check(Ethnicity::ALL, Ethnicity::code, Ethnicity::from_code);
        assert_eq!(Ethnicity::ALL.len(), 20);
        assert_eq!(ReferralSource::ALL.len(), 22);
    }

    #[test]
    fn unknown_codes_are_refused_with_the_list_name() {
        let err = "Q9".parse::<PlacementType>().unwrap_err();
        assert_eq!(err.to_string(), "'Q9' is not a valid placement type code");
        assert!(PlacementType::from_code("u4").is_none(), "codes are case-sensitive");
    }

    #[test]
    fn serde_uses_the_dfe_code() {
        let json = serde_json::to_string(&LegalStatus::FullCareOrder).unwrap();
        assert_eq!(json, "\"C2\"");
        let back: LegalStatus = serde_json::from_str("\"E1\"").unwrap();
        assert_eq!(back, LegalStatus::PlacementOrder);
    }

    #[test]
    fn legacy_sex_codes_are_read() {
        assert_eq!(Sex::from_any_code("1"), Some(Sex::Male));
        assert_eq!(Sex::from_any_code("F"), Some(Sex::Female));
        assert_eq!(Sex::from_any_code("9"), Some(Sex::Unknown));
        assert_eq!(Sex::Female.legacy_code(), "2");
    }

    #[test]
    fn groups_and_flags() {
        assert_eq!(ReferralSource::HealthAandE.group(), ReferralSourceGroup::Health);
        assert_eq!(ReferralSource::LaEarlyHelp.group(), ReferralSourceGroup::LaServices);
        assert!(CareLeaverActivity::ApprenticeshipPart.is_eet());
        assert!(!CareLeaverActivity::NeetOther.is_eet());
        assert!(!CareLeaverActivity::NotKnown.is_eet());
        assert!(PlacementType::FosterOther.is_foster());
        assert!(ReasonNewEpisode::PlacementAndCarer.is_new_placement());
        assert!(!ReasonNewEpisode::LegalStatus.is_new_placement());
    }
}
