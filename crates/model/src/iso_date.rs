//! Dates as ISO 8601 text (`2024-03-31`) in serialised records, written and
//! read without chrono's general formatter and parser: a large council's
//! snapshot holds over a million dates, and those two were a tenth of the
//! time taken to load it and a third of the time taken to encode it. The text
//! is exactly chrono's own serde form, so records read back either way.
//! Used as `#[serde(with = "crate::iso_date")]` (or `::option`, `::list`).

use chrono::{Datelike, NaiveDate};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// The date as the ten ASCII bytes of `YYYY-MM-DD`, for years 0 to 9999
/// (chrono writes others with a sign and more digits).
pub fn ascii(date: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (month, day) = (date.month(), date.day());
    Some([digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), b'-', digit(month / 10), digit(month), b'-', digit(day / 10), digit(day)])
}

/// `YYYY-MM-DD` exactly; anything else (a sign, spaces, a time) is left to chrono.
fn parse_plain(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| digits.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    NaiveDate::from_ymd_opt(number(&b[0..4])? as i32, number(&b[5..7])?, number(&b[8..10])?)
}

/// A date serialised the fast way; the modules below wrap it.
struct Iso(NaiveDate);

impl Serialize for Iso {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match ascii(self.0) {
            // SAFETY: `ascii` writes digits and hyphens only.
            Some(bytes) => serializer.serialize_str(unsafe { std::str::from_utf8_unchecked(&bytes) }),
            None => self.0.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Iso {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Iso, D::Error> {
        struct Text;
        impl de::Visitor<'_> for Text {
            type Value = NaiveDate;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date as YYYY-MM-DD")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
                match parse_plain(text) {
                    Some(date) => Ok(date),
                    None => text.parse().map_err(E::custom),
                }
            }
        }
        deserializer.deserialize_str(Text).map(Iso)
    }
}

pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    Iso(*date).serialize(serializer)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    Iso::deserialize(deserializer).map(|d| d.0)
}

pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        date.map(Iso).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Iso>::deserialize(deserializer)?.map(|d| d.0))
    }
}

pub mod list {
    use super::*;

    pub fn serialize<S: Serializer>(dates: &[NaiveDate], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(dates.iter().map(|&d| Iso(d)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<NaiveDate>, D::Error> {
        Ok(Vec::<Iso>::deserialize(deserializer)?.into_iter().map(|d| d.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Record {
        #[serde(with = "crate::iso_date")]
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::iso_date::option")]
        until: Option<NaiveDate>,
        #[serde(default, with = "crate::iso_date::list")]
        reviews: Vec<NaiveDate>,
    }

    /// The same fields as chrono serialises them itself.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct ChronoRecord {
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
        #[serde(default)]
        reviews: Vec<NaiveDate>,
    }

    #[test]
    fn dates_are_written_and_read_exactly_as_chrono_does() {
        let years = [0, 5, 999, 1999, 2024, 9999, 10000, -1, -44, 262_142];
        for (i, year) in years.into_iter().enumerate() {
            for (month, day) in [(1, 1), (2, 29), (12, 31), (6, 9)] {
                let Some(on) = NaiveDate::from_ymd_opt(year, month, day) else { continue };
                let until = (i % 2 == 0).then(|| on.succ_opt()).flatten();
                let ours = serde_json::to_string(&Record { on, until, reviews: vec![on, on] }).unwrap();
                let theirs = serde_json::to_string(&ChronoRecord { on, until, reviews: vec![on, on] }).unwrap();
                assert_eq!(ours, theirs, "{on}");
                assert_eq!(serde_json::from_str::<Record>(&theirs).unwrap(), Record { on, until, reviews: vec![on, on] }, "{theirs}");
            }
        }
    }

    #[test]
    fn absent_and_null_dates_read_as_none_and_other_text_is_taken_or_refused_as_chrono_does() {
        let r: Record = serde_json::from_str(r#"{"on":"2024-03-31","until":null}"#).unwrap();
        assert_eq!((r.until, r.reviews.len()), (None, 0));
        // chrono also takes a month or day of one digit: so do we, by asking it.
        for (text, good) in [("2024-3-31", true), ("2024-02-30", false), ("31/03/2024", false), ("", false), ("2024-03-3x", false), ("20240331", false)] {
            let json = format!(r#"{{"on":"{text}"}}"#);
            let ours = serde_json::from_str::<Record>(&json).map(|r| r.on).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<ChronoRecord>(&json).map(|r| r.on).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.is_ok(), good, "{text}");
        }
        assert!(serde_json::from_str::<Record>(r#"{"on":20240331}"#).is_err());
    }
}
