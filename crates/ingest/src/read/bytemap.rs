//! Where one byte value lies in a buffer, as a bit per byte, 64 to a word: a
//! reader marks a buffer once as it fills it, then finds the next newline or
//! every comma of a line by jumping from bit to bit, not by looking at each byte.
//! `MarkedBuffer` is that buffer, shared by the XML and CSV readers.

use std::io::Read;

/// The first buffer's size; it doubles whenever the unread bytes fill it.
pub(super) const FIRST_BUFFER: usize = 1 << 18;

/// A file read through one buffer, with a map for each of `N` chosen bytes of
/// where it lies among the bytes read. Readers move `pos` on as they consume bytes.
pub(super) struct MarkedBuffer<R, const N: usize> {
    source: R,
    pub(super) buf: Vec<u8>,
    /// The unread bytes are `buf[pos..end]`.
    pub(super) pos: usize,
    pub(super) end: usize,
    eof: bool,
    /// How far into the file `buf` starts.
    pub(super) offset: u64,
    bytes: [u8; N],
    maps: [Vec<u64>; N],
}

impl<R: Read, const N: usize> MarkedBuffer<R, N> {
    pub(super) fn new(source: R, bytes: [u8; N]) -> Self {
        MarkedBuffer { source, buf: Vec::new(), pos: 0, end: 0, eof: false, offset: 0, bytes, maps: std::array::from_fn(|_| Vec::new()) }
    }

    pub(super) fn unread(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Whether the whole file has been read into the buffer.
    pub(super) fn at_end(&self) -> bool {
        self.eof
    }

    /// The first of `bytes[map]` in `buf[from..to]`, else `to` (`to` at most `end`).
    pub(super) fn first(&self, map: usize, from: usize, to: usize) -> usize {
        first(&self.maps[map], from, to.min(self.end))
    }

    /// Calls `found` with every place of `bytes[map]` in `buf[from..to]`.
    pub(super) fn each(&self, map: usize, from: usize, to: usize, found: impl FnMut(usize)) {
        each(&self.maps[map], from, to, found);
    }

    /// Reads more of the file after the unread bytes, moving them to the front
    /// first (and making room when they fill the buffer). False at the end of the file.
    pub(super) fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        // The maps are marked again from the first word the unread bytes share with what follows.
        let mut marked_words = self.end / 64;
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.offset += self.pos as u64;
            self.end -= self.pos;
            self.pos = 0;
            marked_words = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize((self.buf.len() * 2).max(FIRST_BUFFER), 0);
            for map in &mut self.maps {
                map.resize(self.buf.len() / 64, 0);
            }
        }
        let read = loop {
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.end += read;
        // Also when nothing more was read: the unread bytes may have moved.
        let fresh = &self.buf[marked_words * 64..self.end];
        for (&byte, map) in self.bytes.iter().zip(&mut self.maps) {
            mark(fresh, byte, &mut map[marked_words..]);
        }
        self.eof = read == 0;
        Ok(!self.eof)
    }
}

/// Sets the bit in `words` of each `byte` in `bytes`, and clears the rest of the last word.
fn mark(bytes: &[u8], byte: u8, words: &mut [u64]) {
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
fn first(words: &[u64], from: usize, limit: usize) -> usize {
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
fn each(words: &[u64], from: usize, to: usize, mut found: impl FnMut(usize)) {
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

    /// The maps agree with the bytes after every read, however the file
    /// arrives and wherever the unread bytes are moved, the last read included.
    #[test]
    fn a_buffer_is_marked_wherever_its_bytes_move() {
        let text: Vec<u8> = (0..2000u32)
            .map(|i| {
                if i % 11 == 0 {
                    b'\n'
                } else if i % 5 == 0 {
                    b','
                } else {
                    b'x'
                }
            })
            .collect();
        for chunk in [1, 7, 64, 1000, usize::MAX] {
            let mut buffer = MarkedBuffer::new(super::super::Trickle(&text, chunk), [b'\n', b',']);
            let mut consumed = 0;
            loop {
                let more = buffer.fill().unwrap();
                for (map, byte) in [b'\n', b','].into_iter().enumerate() {
                    let mut found = Vec::new();
                    buffer.each(map, buffer.pos, buffer.end, |at| found.push(at));
                    let expected: Vec<usize> = (buffer.pos..buffer.end).filter(|&i| buffer.buf[i] == byte).collect();
                    assert_eq!(found, expected, "{chunk} bytes a read");
                    assert_eq!(buffer.first(map, buffer.pos, buffer.end), expected.first().copied().unwrap_or(buffer.end));
                }
                assert_eq!(&text[consumed..consumed + buffer.unread().len()], buffer.unread());
                if !more {
                    break;
                }
                // Consume some, so the rest moves to the front at the next read.
                let step = buffer.unread().len() / 2;
                buffer.pos += step;
                consumed += step;
            }
            assert!(buffer.at_end());
        }
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
