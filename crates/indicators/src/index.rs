//! What makes evaluating the whole catalogue over many periods cheap: a
//! period's first and last days worked out once, lists of the children who
//! have each kind of record (built once per dataset, so a child never in
//! care is not visited by care measures), and work spread over the cores.

use crate::Ctx;
use chrono::NaiveDate;
use scrutiny_model::{Child, Period};
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
    Allocations,
}

impl Has {
    const ALL: [Has; 9] = [
        Has::Contacts,
        Has::Referrals,
        Has::Assessments,
        Has::Section47s,
        Has::CpPlans,
        Has::CareEpisodes,
        Has::CareLeaverRecords,
        Has::Adoption,
        Has::Allocations,
    ];

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
            Has::Allocations => !c.allocations.is_empty(),
        }
    }
}

/// A `Ctx` with, for each kind of record, the positions of the children who
/// have one (in dataset order, so cases come out in the same order as from a
/// walk over every child). Each list is built the first time it is asked
/// for, so evaluating one indicator walks the children once. Derefs to the `Ctx`.
pub struct Indexed<'a> {
    ctx: Ctx<'a>,
    with: [OnceLock<Vec<u32>>; Has::ALL.len()],
}

impl<'a> Indexed<'a> {
    pub fn new(ctx: &Ctx<'a>) -> Indexed<'a> {
        Indexed { ctx: Ctx { dataset: ctx.dataset, council: ctx.council }, with: Default::default() }
    }

    /// The children with a record of this kind, in dataset order.
    pub fn children_with(&self, has: Has) -> impl Iterator<Item = &'a Child> + '_ {
        let children = &self.ctx.dataset.children;
        let list = self.with[has as usize].get_or_init(|| {
            children.iter().enumerate().filter(|(_, c)| has.of(c)).map(|(i, _)| u32::try_from(i).expect("fewer than 4 billion children")).collect()
        });
        list.iter().map(move |&i| &children[i as usize])
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
