//! Where one byte value lies in a buffer, as a bit per byte, 64 to a word: a
//! reader marks a buffer once as it fills it, then finds the next newline or
//! every comma of a line by jumping from bit to bit, not by looking at each byte.

/// Sets the bit in `words` of each `byte` in `bytes`, and clears the rest of the last word.
pub(super) fn mark(bytes: &[u8], byte: u8, words: &mut [u64]) {
    let mut blocks = bytes.chunks_exact(64);
    let mut words = words.iter_mut();
    for (block, word) in (&mut blocks).zip(&mut words) {
        *word = block_mask(block.try_into().expect("64 bytes"), byte);
    }
    if let Some(word) = words.next() {
        *word = blocks.remainder().iter().enumerate().fold(0, |mask, (i, &b)| mask | (u64::from(b == byte) << i));
    }
}

#[cfg(target_arch = "x86_64")]
fn block_mask(block: &[u8; 64], byte: u8) -> u64 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    (0..4).fold(0, |mask, i| {
        // SAFETY: every x86-64 processor has SSE2; the load reads 16 of the block's 64 bytes.
        let found = unsafe {
            let bytes = _mm_loadu_si128(block.as_ptr().add(16 * i).cast());
            _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte as i8)))
        };
        mask | (u64::from(found as u16) << (16 * i))
    })
}

#[cfg(not(target_arch = "x86_64"))]
fn block_mask(block: &[u8; 64], byte: u8) -> u64 {
    block.iter().enumerate().fold(0, |mask, (i, &b)| mask | (u64::from(b == byte) << i))
}

/// The first marked position at or after `from` and before `limit`, else `limit`.
pub(super) fn first(words: &[u64], from: usize, limit: usize) -> usize {
    if from >= limit {
        return limit;
    }
    let mut word = from / 64;
    let mut bits = words[word] & (!0u64 << (from % 64));
    while bits == 0 {
        word += 1;
        if word * 64 >= limit {
            return limit;
        }
        bits = words[word];
    }
    (word * 64 + bits.trailing_zeros() as usize).min(limit)
}

/// Calls `found` with every marked position in `from..to`, in order.
pub(super) fn each(words: &[u64], from: usize, to: usize, mut found: impl FnMut(usize)) {
    if from >= to {
        return;
    }
    let (first_word, last_word) = (from / 64, (to - 1) / 64);
    for (w, &word) in words.iter().enumerate().take(last_word + 1).skip(first_word) {
        let mut bits = word;
        if w == first_word {
            bits &= !0u64 << (from % 64);
        }
        if w == last_word {
            bits &= !0u64 >> (63 - (to - 1) % 64);
        }
        while bits != 0 {
            found(w * 64 + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(bytes: &[u8], byte: u8) -> Vec<u64> {
        let mut words = vec![!0; bytes.len().div_ceil(64) + 1];
        mark(bytes, byte, &mut words);
        words
    }

    #[test]
    fn finds_every_mark_in_any_range() {
        let bytes: Vec<u8> = (0..300).map(|i| if i % 7 == 0 || i == 63 || i == 64 { b',' } else { b'x' }).collect();
        let words = marked(&bytes, b',');
        assert_eq!(words[bytes.len() / 64] >> (bytes.len() % 64), 0, "the last word's bits past the bytes are cleared");
        for from in 0..bytes.len() {
            for to in from..=bytes.len() {
                let expected: Vec<usize> = (from..to).filter(|&i| bytes[i] == b',').collect();
                let mut found = Vec::new();
                each(&words, from, to, |at| found.push(at));
                assert_eq!(found, expected, "{from}..{to}");
                assert_eq!(first(&words, from, to), expected.first().copied().unwrap_or(to), "{from}..{to}");
            }
        }
    }
}
