//! The council a dataset belongs to: `council.toml` beside the returns.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Council {
    /// DfE three-digit LA number: the header LEA of every return and the key to its comparators.
    pub la_code: String,
    pub la_name: String,
    pub region: String,
    /// Children aged 0–17, ONS mid-year estimate, by calendar year.
    #[serde(default)]
    pub population: Vec<PopulationEstimate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PopulationEstimate {
    /// Mid-year of the estimate.
    pub year: i32,
    pub children_0_17: u32,
}

impl Council {
    /// The denominator DfE uses for the financial year starting in April of
    /// `start_year`: the mid-year estimate of that calendar year (so 2023-24
    /// uses mid-2023). Falls back to the nearest earlier estimate.
    pub fn population_for_year(&self, start_year: i32) -> Option<u32> {
        self.population
            .iter()
            .filter(|p| p.year <= start_year)
            .max_by_key(|p| p.year)
            .or_else(|| self.population.iter().min_by_key(|p| p.year))
            .map(|p| p.children_0_17)
    }

    pub fn from_toml(text: &str) -> Result<Council, toml::de::Error> {
        toml::from_str(text)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a council always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_uses_mid_year_of_the_start_year() {
        let c = Council {
            la_code: "893".into(),
            la_name: "Test".into(),
            region: "West Midlands".into(),
            population: vec![PopulationEstimate { year: 2022, children_0_17: 100 }, PopulationEstimate { year: 2023, children_0_17: 110 }],
        };
        assert_eq!(c.population_for_year(2023), Some(110));
        assert_eq!(c.population_for_year(2024), Some(110), "latest known carries forward");
        assert_eq!(c.population_for_year(2020), Some(100), "earliest known carries back");
        let back = Council::from_toml(&c.to_toml()).unwrap();
        assert_eq!(back, c);
    }
}
