//! Records' JSON back to back in one buffer: how records cross between the
//! SQLite thread and the threads that encode or decode them, without an
//! allocation per record.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// How many records travel together.
pub(crate) const BATCH_SIZE: usize = 1024;

#[derive(Default)]
pub(crate) struct Batch {
    json: String,
    ends: Vec<usize>,
}

/// A record that would not encode or decode: its index in the batch, and why.
pub(crate) type RecordError = (usize, serde_json::Error);

impl Batch {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn push(&mut self, record: &str) {
        self.json.push_str(record);
        self.ends.push(self.json.len());
    }

    /// Replaces the contents with `values` as compact JSON.
    pub fn encode<T: Serialize>(&mut self, values: &[T]) -> Result<(), RecordError> {
        let mut bytes = std::mem::take(&mut self.json).into_bytes();
        bytes.clear();
        self.ends.clear();
        for (i, value) in values.iter().enumerate() {
            serde_json::to_writer(&mut bytes, value).map_err(|e| (i, e))?;
            self.ends.push(bytes.len());
        }
        // serde_json writes UTF-8; checked once per batch rather than trusted.
        self.json = String::from_utf8(bytes).map_err(|e| (0, serde::ser::Error::custom(e)))?;
        Ok(())
    }

    pub fn decode<T: DeserializeOwned>(&self) -> Result<Vec<T>, RecordError> {
        self.records().enumerate().map(|(i, record)| serde_json::from_str(record).map_err(|e| (i, e))).collect()
    }

    pub fn records(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(start, end)| &self.json[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_as_pushed_and_encoded() {
        let mut batch = Batch::default();
        batch.push("[1]");
        batch.push("");
        batch.push("\"é\"");
        assert_eq!(batch.records().collect::<Vec<_>>(), vec!["[1]", "", "\"é\""]);

        batch.encode(&[vec![1.5, 2.0], vec![], vec![f64::MIN_POSITIVE]]).unwrap();
        assert_eq!(batch.len(), 3);
        assert_eq!(batch.records().collect::<Vec<_>>(), vec!["[1.5,2.0]", "[]", "[2.2250738585072014e-308]"]);
        assert_eq!(batch.decode::<Vec<f64>>().unwrap(), vec![vec![1.5, 2.0], vec![], vec![f64::MIN_POSITIVE]]);

        // JSON object keys must be strings: the second map cannot be encoded.
        let tuple_keys = [std::collections::BTreeMap::<(u8, u8), u8>::new(), std::collections::BTreeMap::from([((1, 2), 3)])];
        let (index, _) = batch.encode(&tuple_keys).expect_err("tuple keys cannot be JSON");
        assert_eq!(index, 1, "the failing record is named");

        let mut damaged = Batch::default();
        damaged.push("[1]");
        damaged.push("[2");
        let (index, _) = damaged.decode::<Vec<u8>>().expect_err("truncated JSON");
        assert_eq!(index, 1);
    }
}
