//! Comparisons from the DfE's published figures and the council's targets: the
//! one judge the committee report and the dashboard both use.

use crate::build::{Figures, Judge, Published};
use crate::{Comparison, Rag, Travel};
use scrutiny_benchmarks::targets::{rag, travel, Rag as BRag, Target, Targets, Travel as BTravel};
use scrutiny_benchmarks::Benchmarks;
use scrutiny_indicators::{Indicator, Unit};

/// Target (the council's, else England's), RAG, direction of travel since the
/// previous period, England and the statistical neighbours' mean, for council
/// `la` in the financial year beginning in `year`. What is not published stays `None`.
pub fn published<'a>(bm: &'a Benchmarks, targets: &'a Targets, la: Option<String>, year: i32) -> Box<Judge<'a>> {
    Box::new(move |ind: &Indicator, f: Figures| {
        let comps = la.as_deref().and_then(|la| bm.comparators(ind.id, la, year));
        let label = comps.as_ref().map(|c| c.year.label.clone());
        let published = |v: Option<f64>| v.zip(label.clone()).map(|(value, period)| Published { value, period });
        let england = comps.as_ref().and_then(|c| c.england);
        // England's total is no target for a council's count.
        let england_target = england.filter(|_| !matches!(ind.unit, Unit::Count | Unit::Fte));
        let target = Target::resolve(targets.get(ind.id), ind.polarity, england_target.zip(label.as_deref()));
        Comparison {
            target: target.as_ref().map(|t| t.value),
            rag: target.as_ref().and_then(|t| rag(f.now, t, ind.polarity)).map(|r| match r {
                BRag::Green => Rag::Green,
                BRag::Amber => Rag::Amber,
                BRag::Red => Rag::Red,
            }),
            travel: travel(f.now, f.previous, ind.polarity).map(|t| match t {
                BTravel::Improved => Travel::Improving,
                BTravel::Worsened => Travel::Worsening,
                BTravel::Unchanged => Travel::NoChange,
                BTravel::Up | BTravel::Down => Travel::Changed,
            }),
            england: published(england),
            neighbours: published(comps.as_ref().and_then(|c| c.sn_mean)),
        }
    })
}
