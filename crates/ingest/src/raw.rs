//! Returns as read, before any meaning is given to them: every value keeps
//! its text and line so a rule can say exactly where a problem is.

use chrono::NaiveDate;
use scrutiny_model::formats;

/// Index of an input file in the `Inputs` it was read into.
pub type FileId = usize;

/// One value as it stood in the file. `text` is `None` when absent or empty.
/// Owned (`Val`) where a reader keeps it, borrowed (`Cell`) where it is read
/// straight out of a CSV row, so looking at a cell never allocates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Val<S = Box<str>> {
    pub text: Option<S>,
    pub line: u32,
}

/// A value borrowed from a CSV row.
pub type Cell<'a> = Val<&'a str>;

/// Adds to a list that usually holds one item (a child's census episodes and
/// disabilities, an episode's plans, each of a child draft's maps): the first gets room
/// for itself alone, not the four a vector starts with. An episode is 272 bytes,
/// and a large council's five censuses hold half a million of these lists.
pub(crate) fn push_first_alone<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

/// `str::trim`, without looking further when the ends are printable ASCII, as
/// nearly every value is: trimming is the commonest thing done to a cell.
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

impl Val {
    pub fn new(text: &str, line: u32) -> Val {
        Val { text: (!trim(text).is_empty()).then(|| text.into()), line }
    }

    pub fn absent(line: u32) -> Val {
        Val { text: None, line }
    }
}

impl<'a> Val<&'a str> {
    pub fn borrowed(text: Option<&'a str>, line: u32) -> Cell<'a> {
        Val { text: text.filter(|t| !trim(t).is_empty()), line }
    }

    /// As `trimmed`, but borrowed from the row rather than the cell.
    pub fn into_trimmed(self) -> Option<&'a str> {
        self.text.map(trim)
    }
}

impl<S: AsRef<str>> Val<S> {
    pub fn present(&self) -> bool {
        self.text.is_some()
    }

    /// The value with surrounding spaces removed (codes and dates are read this way).
    pub fn trimmed(&self) -> Option<&str> {
        self.text.as_ref().map(|t| trim(t.as_ref()))
    }

    /// The raw text, for messages.
    pub fn raw(&self) -> &str {
        self.text.as_ref().map_or("", |t| t.as_ref())
    }

    pub fn date(&self) -> Option<NaiveDate> {
        self.trimmed().and_then(parse_date)
    }

    /// True when present but not an XML `xs:date` (YYYY-MM-DD), as the CIN census requires.
    pub fn bad_iso_date(&self) -> bool {
        self.trimmed().is_some_and(|t| t.len() != 10 || t.as_bytes()[4] != b'-' || parse_date(t).is_none())
    }

    /// True when present but not a valid date (e.g. 31/02/2024).
    pub fn bad_date(&self) -> bool {
        self.present() && self.date().is_none()
    }

    pub fn code<T>(&self, from_code: fn(&str) -> Option<T>) -> Option<T> {
        self.trimmed().and_then(from_code)
    }

    /// XML booleans (true/false/1/0, any case).
    pub fn flag(&self) -> Option<bool> {
        let t = self.trimmed()?;
        let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
        if is(&["true", "1", "y", "yes"]) {
            Some(true)
        } else if is(&["false", "0", "n", "no"]) {
            Some(false)
        } else {
            None
        }
    }
}

/// Dates as councils write them: ISO `2024-06-30` (XML, SSD) or `30/06/2024`
/// (SSDA903); an ISO date-time keeps its date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // Read digit by digit: dates are most of what the rules look at.
    fn digits(b: &[u8]) -> Option<u32> {
        b.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + (c - b'0') as u32))
    }
    let b = trim(s).as_bytes();
    let (y, m, d) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && (b.len() == 10 || b[10] == b'T' || b[10] == b' ') {
        (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
    } else if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        (digits(&b[6..10])?, digits(&b[3..5])?, digits(&b[0..2])?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

// ----- CIN census -------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct CinHeader {
    pub collection: Val,
    pub year: Val,
    pub reference_date: Val,
    pub lea: Val,
}

#[derive(Debug, Clone, Default)]
pub struct CinChild {
    pub line: u32,
    pub la_child_id: Val,
    pub upn: Val,
    pub former_upn: Val,
    pub upn_unknown: Val,
    pub birth_date: Val,
    pub expected_birth_date: Val,
    pub gender_current: Val,
    pub sex: Val,
    pub death_date: Val,
    pub ethnicity: Val,
    pub disabilities: Vec<Val>,
    pub episodes: Vec<CinEpisode>,
}

impl CinChild {
    pub fn id(&self) -> &str {
        self.la_child_id.trimmed().unwrap_or("")
    }
}

#[derive(Debug, Clone, Default)]
pub struct CinEpisode {
    pub line: u32,
    pub referral_date: Val,
    pub referral_source: Val,
    pub primary_need: Val,
    pub closure_date: Val,
    pub closure_reason: Val,
    pub initial_cpc: Val,
    pub nfa: Val,
    pub assessments: Vec<CinAssessment>,
    pub cin_plans: Vec<CinPlanDates>,
    pub section47s: Vec<CinSection47>,
    pub cp_plans: Vec<CinCpPlan>,
}

#[derive(Debug, Clone, Default)]
pub struct CinAssessment {
    pub line: u32,
    pub start: Val,
    pub internal_review: Val,
    pub authorised: Val,
    pub factors: Vec<Val>,
}

#[derive(Debug, Clone, Default)]
pub struct CinPlanDates {
    pub line: u32,
    pub start: Val,
    pub end: Val,
}

#[derive(Debug, Clone, Default)]
pub struct CinSection47 {
    pub line: u32,
    pub start: Val,
    pub icpc_target: Val,
    pub icpc_date: Val,
    pub icpc_not_required: Val,
}

#[derive(Debug, Clone, Default)]
pub struct CinCpPlan {
    pub line: u32,
    pub start: Val,
    pub end: Val,
    pub initial_category: Val,
    pub latest_category: Val,
    pub previous_plans: Val,
    pub reviews: Vec<Val>,
}

#[derive(Debug, Clone, Default)]
pub struct CinCensus {
    pub header: CinHeader,
    pub children: Vec<CinChild>,
}

// ----- CSV returns (SSDA903, SSD, workforce census, Annex A) -------------

/// A CSV table whose columns were recognised by name, in any order.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub kind: TableKind,
    /// Column names as in the file, trimmed.
    pub columns: Vec<String>,
    pub rows: Vec<CsvRow>,
    /// Every row's cells, one after another with a byte between each two (a
    /// row as the file wrote it, when no cell is quoted), so a table costs a
    /// few allocations rather than some per row.
    text: String,
    /// Where each cell ends, counted from its row's start in `text`; the next
    /// cell starts one byte later.
    ends: Vec<u32>,
}

fn text_offset(at: usize) -> u32 {
    u32::try_from(at).expect("a CSV table is under 4 GB: files over 1 GB are refused")
}

/// One row of a CSV table: its line, and where its cells are in the table.
#[derive(Debug, Clone, Copy)]
pub struct CsvRow {
    pub line: u32,
    /// Where the row's text starts in the table's.
    start: u32,
    /// Where the row's first cell end is in the table's list of ends.
    first_end: u32,
    cells: u32,
}

impl CsvTable {
    pub fn new(kind: TableKind, columns: Vec<String>) -> CsvTable {
        CsvTable { kind, columns, rows: Vec::new(), text: String::new(), ends: Vec::new() }
    }

    /// Room for about `rows` more rows holding `bytes` more text, if the memory can be had.
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        self.rows.try_reserve(rows).ok();
        self.text.try_reserve(bytes).ok();
        self.ends.try_reserve(rows.saturating_mul(self.columns.len())).ok();
    }

    /// Adds a row of these cells.
    pub fn push_row<'s>(&mut self, line: u32, cells: impl IntoIterator<Item = &'s str>) {
        let (start, first_end) = (self.text.len(), self.ends.len());
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            self.text.push_str(cell);
            self.ends.push(text_offset(self.text.len() - start));
        }
        self.close_row(line, start, first_end);
    }

    /// Adds a row whose cells are already in `text`, each ending where `ends`
    /// says and the next starting a byte later: a line of a CSV file.
    pub fn push_joined(&mut self, line: u32, text: &str, ends: impl Iterator<Item = usize>) {
        let (start, first_end) = (self.text.len(), self.ends.len());
        self.text.push_str(text);
        self.ends.extend(ends.map(text_offset));
        self.close_row(line, start, first_end);
    }

    fn close_row(&mut self, line: u32, start: usize, first_end: usize) {
        let cells = text_offset(self.ends.len() - first_end);
        self.rows.push(CsvRow { line, start: text_offset(start), first_end: text_offset(first_end), cells });
    }

    /// Where the row's cells end, from the row's start.
    fn ends_of(&self, row: &CsvRow) -> &[u32] {
        let first = row.first_end as usize;
        &self.ends[first..first + row.cells as usize]
    }

    /// The text of cell `i` of `row`, as in the file (`None` past the row's end).
    pub fn cell(&self, row: &CsvRow, i: usize) -> Option<&str> {
        let ends = self.ends_of(row);
        let end = *ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize + 1 };
        let at = row.start as usize;
        Some(&self.text[at + start..at + end])
    }

    pub fn cells<'t>(&'t self, row: &CsvRow) -> impl Iterator<Item = &'t str> + 't {
        let row = *row;
        (0..row.cells as usize).filter_map(move |i| self.cell(&row, i))
    }

    /// The row's cells, as one text and where each ends: two rows with the same content are the same row.
    pub fn content(&self, row: &CsvRow) -> (&str, &[u32]) {
        let ends = self.ends_of(row);
        let at = row.start as usize;
        (&self.text[at..at + ends.last().map_or(0, |&e| e as usize)], ends)
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.eq_ignore_ascii_case(name))
    }

    /// An SSD table's column naming the person a row is about (`…_person_id`).
    pub fn person_column(&self) -> Option<usize> {
        self.columns.iter().position(|c| c.ends_with("_person_id"))
    }

    /// The value of `column` in `row` (absent when the column is missing).
    pub fn val(&self, row: &CsvRow, column: Option<usize>) -> Cell<'_> {
        Val::borrowed(column.and_then(|c| self.cell(row, c)), row.line)
    }

    /// Looks a column up once; use with `val` in loops.
    pub fn get<'a>(&'a self, name: &str) -> impl Fn(&CsvRow) -> Cell<'a> + 'a {
        let c = self.column(name);
        move |row| self.val(row, c)
    }
}

/// Every table Scrutiny recognises, by the return it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum TableKind {
    // SSDA903
    Header,
    Episodes,
    Reviews,
    Uasc,
    Oc2,
    Oc3,
    Ad1,
    PlacedAdoption,
    PrevPerm,
    Missing,
    SocialWorkers,
    // Workforce census
    CswwWorkers,
    CswwLa,
    // Standard Safeguarding Dataset
    Ssd(SsdTable),
    /// Ofsted ILACS Annex A, by list number (1 contacts … 11 adopters).
    AnnexA(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum SsdTable {
    Person,
    Family,
    Contacts,
    CinEpisodes,
    CinVisits,
    CpPlans,
    CpVisits,
    CpReviews,
    ClaEpisodes,
    ClaPlacement,
    ClaReviews,
    ClaVisits,
    ClaHealth,
    Missing,
    CareLeavers,
    Involvements,
    Pep,
    Professionals,
    Department,
}

/// Columns that identify each table (all must be present) and the ones the
/// DfE or SSD specify (the rest of a table's header).
pub struct TableSpec {
    pub kind: TableKind,
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// How many leading entries of `columns` identify the table.
    pub key_columns: usize,
}

pub const TABLES: &[TableSpec] = &[
    TableSpec { kind: TableKind::Episodes, name: "SSDA903 episodes", columns: formats::SSDA903_EPISODES, key_columns: 4 },
    TableSpec { kind: TableKind::Header, name: "SSDA903 header", columns: formats::SSDA903_HEADER, key_columns: 5 },
    TableSpec { kind: TableKind::Uasc, name: "SSDA903 UASC", columns: formats::SSDA903_UASC, key_columns: 4 },
    TableSpec { kind: TableKind::Reviews, name: "SSDA903 reviews", columns: formats::SSDA903_REVIEWS, key_columns: 4 },
    TableSpec { kind: TableKind::Oc2, name: "SSDA903 OC2", columns: formats::SSDA903_OC2, key_columns: 6 },
    TableSpec { kind: TableKind::Oc3, name: "SSDA903 OC3", columns: formats::SSDA903_OC3, key_columns: 5 },
    TableSpec { kind: TableKind::Ad1, name: "SSDA903 AD1", columns: formats::SSDA903_AD1, key_columns: 4 },
    TableSpec { kind: TableKind::PlacedAdoption, name: "SSDA903 placed for adoption", columns: formats::SSDA903_PLACED_ADOPTION, key_columns: 3 },
    TableSpec { kind: TableKind::PrevPerm, name: "SSDA903 previous permanence", columns: formats::SSDA903_PREV_PERM, key_columns: 3 },
    TableSpec { kind: TableKind::Missing, name: "SSDA903 missing", columns: formats::SSDA903_MISSING, key_columns: 4 },
    TableSpec { kind: TableKind::SocialWorkers, name: "SSDA903 social worker episodes", columns: formats::SSDA903_SOCIAL_WORKERS, key_columns: 4 },
    TableSpec { kind: TableKind::CswwWorkers, name: "workforce census workers", columns: formats::CSWW_WORKERS, key_columns: 2 },
    TableSpec { kind: TableKind::CswwLa, name: "workforce census LA level", columns: formats::CSWW_LA, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Person), name: "ssd_person", columns: formats::SSD_PERSON, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Family), name: "ssd_family", columns: formats::SSD_FAMILY, key_columns: 2 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Contacts), name: "ssd_contacts", columns: formats::SSD_CONTACTS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::CinEpisodes), name: "ssd_cin_episodes", columns: formats::SSD_CIN_EPISODES, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::CinVisits), name: "ssd_cin_visits", columns: formats::SSD_CIN_VISITS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::CpPlans), name: "ssd_cp_plans", columns: formats::SSD_CP_PLANS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::CpVisits), name: "ssd_cp_visits", columns: formats::SSD_CP_VISITS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::CpReviews), name: "ssd_cp_reviews", columns: formats::SSD_CP_REVIEWS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::ClaEpisodes), name: "ssd_cla_episodes", columns: formats::SSD_CLA_EPISODES, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::ClaPlacement), name: "ssd_cla_placement", columns: formats::SSD_CLA_PLACEMENT, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::ClaReviews), name: "ssd_cla_reviews", columns: formats::SSD_CLA_REVIEWS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::ClaVisits), name: "ssd_cla_visits", columns: formats::SSD_CLA_VISITS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::ClaHealth), name: "ssd_cla_health", columns: formats::SSD_CLA_HEALTH, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Missing), name: "ssd_missing", columns: formats::SSD_MISSING, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::CareLeavers), name: "ssd_care_leavers", columns: formats::SSD_CARE_LEAVERS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Involvements), name: "ssd_involvements", columns: formats::SSD_INVOLVEMENTS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Pep), name: "local_cla_pep", columns: formats::SSD_PEP, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Professionals), name: "ssd_professionals", columns: formats::SSD_PROFESSIONALS, key_columns: 1 },
    TableSpec { kind: TableKind::Ssd(SsdTable::Department), name: "ssd_department", columns: formats::SSD_DEPARTMENT, key_columns: 2 },
];

impl TableKind {
    pub fn spec(self) -> &'static TableSpec {
        TABLES.iter().chain(crate::read::annex_a::LISTS).find(|t| t.kind == self).expect("every kind has a spec")
    }

    pub fn is_ssda903(self) -> bool {
        !matches!(self, TableKind::CswwWorkers | TableKind::CswwLa | TableKind::Ssd(_) | TableKind::AnnexA(_))
    }
}

/// The table whose identifying columns the header holds. The most specific
/// match wins (the UASC table's columns are a subset of none other's).
pub fn recognise_table(columns: &[String]) -> Option<TableKind> {
    let has = |c: &str| columns.iter().any(|x| x.eq_ignore_ascii_case(c));
    TABLES.iter().filter(|t| t.columns[..t.key_columns].iter().all(|c| has(c))).max_by_key(|t| t.columns.iter().filter(|c| has(c)).count()).map(|t| t.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_and_impossible_ones() {
        assert_eq!(parse_date("2024-06-30"), NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(parse_date("30/06/2024"), NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(parse_date(" 30/06/2024 "), NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(parse_date("2024-06-30T10:00:00"), NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(parse_date("31/02/2024"), None);
        assert_eq!(parse_date("2024/06/30"), None);
        assert_eq!(parse_date("30-06-2024"), None);
        assert_eq!(parse_date("2024-06-3é"), None, "non-ASCII text is not a date, and no panic");
        assert_eq!(parse_date("2024-6-30"), None);
        assert_eq!(parse_date("2024-06-30x"), None);
        assert_eq!(parse_date("29/02/2023"), None);
        assert_eq!(parse_date("29/02/2024"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_date("+024-06-30"), None);
        assert!(Val::new("31/02/2024", 3).bad_date());
        assert!(!Val::new("", 3).bad_date());
    }

    #[test]
    fn trimming_matches_the_standard_library() {
        for s in ["", " ", "a", " a", "a ", "ab", " ab ", "\u{a0}x", "x\u{a0}", "\u{3000}", "é", "a\tb", "\ta", "\n"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn tables_are_recognised_by_columns_in_any_order() {
        let cols = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        assert_eq!(recognise_table(&cols("DECOM,CHILD,LS,RNE,CIN,PLACE")), Some(TableKind::Episodes));
        assert_eq!(recognise_table(&cols("CHILD,SEX,DOB,DUC")), Some(TableKind::Uasc));
        assert_eq!(recognise_table(&cols("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB")), Some(TableKind::Header));
        assert_eq!(recognise_table(&cols("child,dob,review,review_code")), Some(TableKind::Reviews));
        assert_eq!(recognise_table(&cols("cont_contact_id,cont_person_id")), Some(TableKind::Ssd(SsdTable::Contacts)));
        assert_eq!(recognise_table(&cols("name,address")), None);
    }
}
