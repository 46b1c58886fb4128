//! What makes evaluating the whole catalogue over many periods cheap: a
//! period's first and last days worked out once, lists of the children who
//! have each kind of record (built once per dataset, so a child never in
//! care is not visited by care measures), and work spread over the cores.

use crate::Ctx;
use chrono::NaiveDate;
use scrutiny_model::{Child, Period};
use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The days an indicator is computed over. `Period::contains` works its
/// dates out on every call; this holds them. The batch path also uses one
/// spanning many periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    start: NaiveDate,
    end: NaiveDate,
}

impl Window {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Window {
        Window { start, end }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day, inclusive; snapshots are taken at its end.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// From the first start to the last end of the windows (which must not be empty).
    pub fn covering(windows: &[Window]) -> Window {
        let start = windows.iter().map(|w| w.start).min().expect("at least one window");
        let end = windows.iter().map(|w| w.end).max().expect("at least one window");
        Window { start, end }
    }
}

impl From<Period> for Window {
    fn from(p: Period) -> Window {
        Window { start: p.start(), end: p.end() }
    }
}

/// A kind of record a child may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Has {
    Contacts,
    Referrals,
    Assessments,
    Section47s,
    CpPlans,
    CareEpisodes,
    CareLeaverRecords,
    Adoption,
}

impl Has {
    const ALL: [Has; 8] =
        [Has::Contacts, Has::Referrals, Has::Assessments, Has::Section47s, Has::CpPlans, Has::CareEpisodes, Has::CareLeaverRecords, Has::Adoption];

    fn of(self, c: &Child) -> bool {
        match self {
            Has::Contacts => !c.contacts.is_empty(),
            Has::Referrals => !c.referrals.is_empty(),
            Has::Assessments => c.referrals.iter().any(|r| !r.assessments.is_empty()),
            Has::Section47s => c.referrals.iter().any(|r| !r.section47s.is_empty()),
            Has::CpPlans => c.referrals.iter().any(|r| !r.cp_plans.is_empty()),
            Has::CareEpisodes => !c.care_episodes.is_empty(),
            Has::CareLeaverRecords => !c.care_leaver_records.is_empty(),
            Has::Adoption => c.adoption.is_some(),
        }
    }
}

/// Records that are open from a start to an end, for measures taken on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// Episodes of need: referral date to closure.
    Referrals,
    /// Care episodes, short breaks included.
    CareEpisodes,
    CpPlans,
}

impl Open {
    const ALL: [Open; 3] = [Open::Referrals, Open::CareEpisodes, Open::CpPlans];

    /// From the child's first start to its last end (`None` while any is open).
    fn span(self, c: &Child) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let records: Vec<(NaiveDate, Option<NaiveDate>)> = match self {
            Open::Referrals => c.referrals.iter().map(|r| (r.date, r.closure_date)).collect(),
            Open::CareEpisodes => c.care_episodes.iter().map(|e| (e.start, e.end)).collect(),
            Open::CpPlans => c.referrals.iter().flat_map(|r| r.cp_plans.iter().map(|p| (p.start, p.end))).collect(),
        };
        let start = records.iter().map(|r| r.0).min()?;
        let end = if records.iter().any(|r| r.1.is_none()) { None } else { records.iter().filter_map(|r| r.1).max() };
        Some((start, end))
    }
}

/// A `Ctx` with, for each kind of record, the positions of the children who
/// have one (in dataset order, so cases come out in the same order as from a
/// walk over every child). Each list is built the first time it is asked
/// for, so evaluating one indicator walks the children once. Derefs to the `Ctx`.
pub struct Indexed<'a> {
    ctx: Ctx<'a>,
    with: [OnceLock<Vec<u32>>; Has::ALL.len()],
    allocations: OnceLock<Allocations>,
    spans: [OnceLock<Vec<ChildSpan>>; Open::ALL.len()],
}

/// A child's position and the span its records of one kind cover.
type ChildSpan = (u32, NaiveDate, Option<NaiveDate>);

/// Every allocation's dates and worker, in one list so counting caseloads on
/// a date reads it rather than every child's record; workers as numbers.
struct Allocations {
    spans: Vec<(NaiveDate, Option<NaiveDate>, u32)>,
    /// Where each worker number's id is first found: (child, allocation).
    workers: Vec<(u32, u32)>,
}

impl<'a> Indexed<'a> {
    pub fn new(ctx: &Ctx<'a>) -> Indexed<'a> {
        Indexed { ctx: Ctx { dataset: ctx.dataset, council: ctx.council }, with: Default::default(), allocations: OnceLock::new(), spans: Default::default() }
    }

    /// The children with a record of this kind, in dataset order.
    pub fn children_with(&self, has: Has) -> impl Iterator<Item = &'a Child> + '_ {
        let children = &self.ctx.dataset.children;
        let list = self.with[has as usize].get_or_init(|| {
            children.iter().enumerate().filter(|(_, c)| has.of(c)).map(|(i, _)| u32::try_from(i).expect("fewer than 4 billion children")).collect()
        });
        list.iter().map(move |&i| &children[i as usize])
    }

    /// The children who may have a record of this kind open at the end of
    /// `on` (their records' span covers it), in dataset order. The caller
    /// still tests their records: this only leaves out those who cannot.
    pub fn children_open_on(&self, open: Open, on: NaiveDate) -> impl Iterator<Item = &'a Child> + '_ {
        let children = &self.ctx.dataset.children;
        let spans = self.spans[open as usize]
            .get_or_init(|| children.iter().zip(0u32..).filter_map(|(c, i)| open.span(c).map(|(start, end)| (i, start, end))).collect());
        spans.iter().filter(move |(_, start, end)| *start <= on && end.is_none_or(|e| e >= on)).map(move |&(i, _, _)| &children[i as usize])
    }

    /// How many allocations each worker holds at the end of `on` (allocated on
    /// or before it, not ended before it).
    pub fn caseloads_on(&self, on: NaiveDate) -> BTreeMap<&'a str, usize> {
        let children = &self.ctx.dataset.children;
        let all = self.allocations.get_or_init(|| {
            let (mut spans, mut workers, mut numbers) = (Vec::new(), Vec::new(), HashMap::new());
            for (c, i) in children.iter().zip(0u32..) {
                for (a, j) in c.allocations.iter().zip(0u32..) {
                    let n = *numbers.entry(a.worker.as_str()).or_insert_with(|| {
                        workers.push((i, j));
                        u32::try_from(workers.len() - 1).expect("fewer than 4 billion workers")
                    });
                    spans.push((a.start, a.end, n));
                }
            }
            Allocations { spans, workers }
        });
        let mut counts = vec![0usize; all.workers.len()];
        for &(start, end, n) in &all.spans {
            if start <= on && end.is_none_or(|e| e >= on) {
                counts[n as usize] += 1;
            }
        }
        let worker = |(c, a): (u32, u32)| children[c as usize].allocations[a as usize].worker.as_str();
        all.workers.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(&w, n)| (worker(w), n)).collect()
    }
}

impl<'a> Deref for Indexed<'a> {
    type Target = Ctx<'a>;
    fn deref(&self) -> &Ctx<'a> {
        &self.ctx
    }
}

/// `items.iter().map(f)` on every core, results in the items' order.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                done.lock().expect("no worker panicked holding the lock").push((i, r));
            });
        }
    });
    let mut done = done.into_inner().expect("no worker panicked holding the lock");
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
