//! A map kept as one sorted vector. A child's draft holds a dozen of these,
//! most with one to three entries: a `BTreeMap` would give each a node with
//! room for eleven (a referral's is 2 KB), which for a large council was
//! hundreds of megabytes of memory touched once. Entries arrive mostly in key
//! order, so an insert is usually a push.

use crate::raw::push_first_alone;
use std::ops::RangeBounds;

#[derive(Debug, Clone)]
pub(super) struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Where `key` is, or where it would go.
    fn find(&self, key: &K) -> Result<usize, usize> {
        match self.entries.last() {
            // The common case: a later key than any so far.
            Some((last, _)) if last < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| k.cmp(key)),
        }
    }

    fn put(&mut self, at: usize, key: K, value: V) {
        if self.entries.is_empty() {
            // Most maps stay at one entry.
            push_first_alone(&mut self.entries, (key, value));
        } else {
            self.entries.insert(at, (key, value));
        }
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.put(i, key, value);
                None
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// The value at `key`, inserting `value` first if there is none.
    pub fn get_or_insert(&mut self, key: K, value: V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.put(i, key, value);
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The entries whose keys fall in `range`, in key order.
    pub fn range_mut(&mut self, range: impl RangeBounds<K>) -> impl DoubleEndedIterator<Item = (&K, &mut V)> {
        let (from, to) = self.bounds(range);
        self.entries[from..to].iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn range(&self, range: impl RangeBounds<K>) -> impl DoubleEndedIterator<Item = (&K, &V)> {
        let (from, to) = self.bounds(range);
        self.entries[from..to].iter().map(|(k, v)| (k, v))
    }

    fn bounds(&self, range: impl RangeBounds<K>) -> (usize, usize) {
        use std::ops::Bound::*;
        let from = match range.start_bound() {
            Included(k) => self.entries.partition_point(|(x, _)| x < k),
            Excluded(k) => self.entries.partition_point(|(x, _)| x <= k),
            Unbounded => 0,
        };
        let to = match range.end_bound() {
            Included(k) => self.entries.partition_point(|(x, _)| x <= k),
            Excluded(k) => self.entries.partition_point(|(x, _)| x < k),
            Unbounded => self.entries.len(),
        };
        (from, to.max(from))
    }
}

impl<K, V> SortedMap<K, V> {
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn into_values(self) -> impl Iterator<Item = V> {
        self.entries.into_iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every operation the builder uses, checked against `BTreeMap` on the same
    /// pseudo-random sequence of keys, in and out of order, with repeats.
    #[test]
    fn behaves_as_a_btree_map() {
        let mut ours = SortedMap::default();
        let mut theirs = BTreeMap::new();
        let mut seed = 12345u32;
        for step in 0..4000u32 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let key = (seed >> 16) % 97;
            match step % 7 {
                0..=2 => assert_eq!(ours.insert(key, step), theirs.insert(key, step)),
                3 => assert_eq!(ours.remove(&key), theirs.remove(&key)),
                4 => assert_eq!(*ours.get_or_insert(key, step), *theirs.entry(key).or_insert(step)),
                5 => {
                    if let (Some(a), Some(b)) = (ours.get_mut(&key), theirs.get_mut(&key)) {
                        *a += 1;
                        *b += 1;
                    }
                    assert_eq!(ours.contains_key(&key), theirs.contains_key(&key));
                }
                _ => {
                    let lo = key.saturating_sub(10);
                    assert!(ours.range(lo..key).eq(theirs.range(lo..key)));
                    assert!(ours.range(key..).rev().eq(theirs.range(key..).rev()));
                    assert!(ours.range_mut(..=key).map(|(k, v)| (*k, *v)).eq(theirs.range_mut(..=key).map(|(k, v)| (*k, *v))));
                }
            }
            assert_eq!(ours.get(&key), theirs.get(&key));
        }
        assert!(ours.keys().eq(theirs.keys()));
        assert!(ours.values().eq(theirs.values()));
        assert!(ours.into_values().eq(theirs.into_values()));
    }

    #[test]
    fn an_empty_range_is_empty_however_its_bounds_are_given() {
        let mut map = SortedMap::default();
        for k in [1, 3, 5] {
            map.insert(k, ());
        }
        assert_eq!(map.range(4..4).count(), 0);
        assert_eq!(map.range(6..).count(), 0);
        assert_eq!(map.range(..1).count(), 0);
        assert_eq!(map.range(2..=3).count(), 1);
    }
}
