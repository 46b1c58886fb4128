//! Targets, RAG and direction of travel. A council sets targets in
//! `targets.toml`; where it sets none, the default is England's latest
//! published value, marked as a default.
//!
//! ```toml
//! [REF-03]
//! target = 20.0      # re-referrals: lower is better
//! tolerance = 2.0    # amber up to 22.0, red above
//! matters = true     # a "measure that matters"
//! ```

use anyhow::{bail, Context as _, Result};
use scrutiny_indicators::Polarity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Share of England's value used as the tolerance of a default target.
pub const DEFAULT_TOLERANCE_SHARE: f64 = 0.05;

/// Slack for comparing published decimals (22.6 stored as 22.600000000000001).
const EPS: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub target: f64,
    #[serde(default)]
    pub tolerance: f64,
    #[serde(default)]
    pub matters: bool,
}

/// A council's `targets.toml`: indicator id → target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets(pub BTreeMap<String, TargetSpec>);

impl Targets {
    pub fn parse(text: &str) -> Result<Targets> {
        let raw: BTreeMap<String, TargetSpec> = toml::from_str(text).context("targets.toml")?;
        let mut out = BTreeMap::new();
        for (id, spec) in raw {
            let Some(ind) = scrutiny_indicators::find(&id) else { bail!("targets.toml: {id} is not an indicator id") };
            if !(spec.tolerance >= 0.0 && spec.tolerance.is_finite() && spec.target.is_finite()) {
                bail!("targets.toml: {id} needs a finite target and a tolerance of 0 or more");
            }
            out.insert(ind.id.to_string(), spec);
        }
        Ok(Targets(out))
    }

    pub fn load(path: &Path) -> Result<Targets> {
        Targets::parse(&std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?)
    }

    pub fn get(&self, id: &str) -> Option<&TargetSpec> {
        self.0.get(id)
    }
}

/// A target in force: the council's own, or the default from England.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub value: f64,
    pub tolerance: f64,
    pub matters: bool,
    /// True when the council set none and England's value stands in.
    pub default: bool,
    /// Where it comes from: "council" or "England 2024-25".
    pub basis: String,
}

impl Target {
    /// The council's target if it set one, else England's value with a 5% band.
    /// Context measures (neutral polarity) get no default: they have no better.
    pub fn resolve(spec: Option<&TargetSpec>, polarity: Polarity, england: Option<(f64, &str)>) -> Option<Target> {
        if let Some(s) = spec {
            return Some(Target { value: s.target, tolerance: s.tolerance, matters: s.matters, default: false, basis: "council".into() });
        }
        if polarity == Polarity::Neutral {
            return None;
        }
        let (value, year) = england?;
        Some(Target {
            value,
            tolerance: crate::round6((value * DEFAULT_TOLERANCE_SHARE).abs()),
            matters: false,
            default: true,
            basis: format!("England {year}"),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

/// Green on or better than target, amber worse but within the tolerance
/// (the boundary itself is amber), red beyond it. None for context measures
/// or a missing value.
pub fn rag(value: Option<f64>, target: &Target, polarity: Polarity) -> Option<Rag> {
    let v = value?;
    // How far the value falls short of the target, in the direction that matters.
    let shortfall = match polarity {
        Polarity::HigherIsBetter => target.value - v,
        Polarity::LowerIsBetter => v - target.value,
        Polarity::Neutral => return None,
    };
    Some(if shortfall <= EPS {
        Rag::Green
    } else if shortfall <= target.tolerance + EPS {
        Rag::Amber
    } else {
        Rag::Red
    })
}

/// Direction of travel from an earlier value to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Travel {
    Improved,
    Worsened,
    Unchanged,
    /// For context measures, which have no better: just the direction.
    Up,
    Down,
}

impl Travel {
    pub fn label(self) -> &'static str {
        match self {
            Travel::Improved => "improved",
            Travel::Worsened => "worsened",
            Travel::Unchanged => "unchanged",
            Travel::Up => "up",
            Travel::Down => "down",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Travel::Improved => "▲ better",
            Travel::Worsened => "▼ worse",
            Travel::Unchanged => "= same",
            Travel::Up => "↑",
            Travel::Down => "↓",
        }
    }
}

/// How the value moved since `then`, read with the indicator's polarity
/// (a fall in re-referrals is an improvement). None if either is missing.
pub fn travel(now: Option<f64>, then: Option<f64>, polarity: Polarity) -> Option<Travel> {
    let (now, then) = (now?, then?);
    if (now - then).abs() <= EPS {
        return Some(Travel::Unchanged);
    }
    let up = now > then;
    Some(match polarity {
        Polarity::HigherIsBetter if up => Travel::Improved,
        Polarity::HigherIsBetter => Travel::Worsened,
        Polarity::LowerIsBetter if up => Travel::Worsened,
        Polarity::LowerIsBetter => Travel::Improved,
        Polarity::Neutral if up => Travel::Up,
        Polarity::Neutral => Travel::Down,
    })
}

/// Direction of travel against the previous period and the same period a year earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dot {
    pub previous: Option<Travel>,
    pub last_year: Option<Travel>,
}

impl Dot {
    pub fn of(now: Option<f64>, previous: Option<f64>, last_year: Option<f64>, polarity: Polarity) -> Option<Dot> {
        let d = Dot { previous: travel(now, previous, polarity), last_year: travel(now, last_year, polarity) };
        (d.previous.is_some() || d.last_year.is_some()).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};

    fn target(value: f64, tolerance: f64) -> Target {
        Target { value, tolerance, matters: false, default: false, basis: "council".into() }
    }

    #[test]
    fn rag_when_higher_is_better() {
        // Assessments in 45 working days: target 85%, amber down to 80%.
        let t = target(85.0, 5.0);
        assert_eq!(rag(Some(90.0), &t, Higher), Some(Rag::Green));
        assert_eq!(rag(Some(85.0), &t, Higher), Some(Rag::Green), "on target is green");
        assert_eq!(rag(Some(84.9), &t, Higher), Some(Rag::Amber));
        assert_eq!(rag(Some(80.0), &t, Higher), Some(Rag::Amber), "the tolerance boundary is amber");
        assert_eq!(rag(Some(79.9), &t, Higher), Some(Rag::Red));
        assert_eq!(rag(None, &t, Higher), None);
    }

    #[test]
    fn rag_when_lower_is_better() {
        // Re-referrals: England's 22.6% as target, amber up to 24.6%.
        let t = target(22.6, 2.0);
        assert_eq!(rag(Some(13.0), &t, Lower), Some(Rag::Green));
        assert_eq!(rag(Some(22.6), &t, Lower), Some(Rag::Green), "on target is green");
        assert_eq!(rag(Some(22.7), &t, Lower), Some(Rag::Amber));
        assert_eq!(rag(Some(24.6), &t, Lower), Some(Rag::Amber), "the tolerance boundary is amber");
        assert_eq!(rag(Some(24.7), &t, Lower), Some(Rag::Red));
        assert_eq!(rag(Some(30.0), &target(22.6, 0.0), Lower), Some(Rag::Red), "no tolerance: straight to red");
        assert_eq!(rag(Some(22.6), &target(22.6, 0.0), Lower), Some(Rag::Green));
    }

    #[test]
    fn context_measures_have_no_rag() {
        assert_eq!(rag(Some(500.0), &target(519.4, 10.0), Neutral), None);
    }

    #[test]
    fn direction_of_travel_reads_polarity() {
        // A fall in re-referrals is an improvement; a fall in timely assessments is not.
        assert_eq!(travel(Some(20.0), Some(22.0), Lower), Some(Travel::Improved));
        assert_eq!(travel(Some(24.0), Some(22.0), Lower), Some(Travel::Worsened));
        assert_eq!(travel(Some(80.0), Some(85.0), Higher), Some(Travel::Worsened));
        assert_eq!(travel(Some(90.0), Some(85.0), Higher), Some(Travel::Improved));
        assert_eq!(travel(Some(22.6), Some(22.6), Lower), Some(Travel::Unchanged));
        assert_eq!(travel(Some(600.0), Some(500.0), Neutral), Some(Travel::Up));
        assert_eq!(travel(Some(400.0), Some(500.0), Neutral), Some(Travel::Down));
        assert_eq!(travel(Some(20.0), None, Lower), None, "missing previous value");
        assert_eq!(travel(None, Some(20.0), Lower), None);
    }

    #[test]
    fn dot_against_previous_and_last_year() {
        let d = Dot::of(Some(20.0), None, Some(25.0), Lower).unwrap();
        assert_eq!(d, Dot { previous: None, last_year: Some(Travel::Improved) });
        assert_eq!(Dot::of(Some(20.0), None, None, Lower), None);
    }

    #[test]
    fn defaults_come_from_england_and_say_so() {
        let t = Target::resolve(None, Lower, Some((22.6, "2024-25"))).unwrap();
        assert!(t.default);
        assert_eq!(t.basis, "England 2024-25");
        assert_eq!(t.value, 22.6);
        assert!((t.tolerance - 1.13).abs() < 1e-9);
        assert_eq!(Target::resolve(None, Neutral, Some((519.4, "2024-25"))), None, "no default for context measures");
        assert_eq!(Target::resolve(None, Lower, None), None, "no England value, no default");
        let own = TargetSpec { target: 20.0, tolerance: 2.0, matters: true };
        let t = Target::resolve(Some(&own), Lower, Some((22.6, "2024-25"))).unwrap();
        assert!(!t.default && t.matters && t.value == 20.0 && t.basis == "council");
    }

    #[test]
    fn targets_toml() {
        let t = Targets::parse("[REF-03]\ntarget = 20.0\ntolerance = 2.0\nmatters = true\n\n[asm-02]\ntarget = 85\n").unwrap();
        assert_eq!(t.get("REF-03"), Some(&TargetSpec { target: 20.0, tolerance: 2.0, matters: true }));
        assert_eq!(t.get("ASM-02"), Some(&TargetSpec { target: 85.0, tolerance: 0.0, matters: false }), "ids are matched without case");
        assert!(Targets::parse("[XX-99]\ntarget = 1\n").unwrap_err().to_string().contains("XX-99"));
        assert!(Targets::parse("[REF-03]\ntarget = 20\ntolerance = -1\n").is_err());
        assert!(Targets::parse("[REF-03]\ntarget = 20\ntolerence = 1\n").is_err(), "a misspelt key is an error, not ignored");
    }
}
