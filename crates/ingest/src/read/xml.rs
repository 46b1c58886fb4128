//! The XML of the returns (CIN census, workforce census), read as a stream of
//! tokens through one buffer of bounded size: never a whole document in memory.
//!
//! The returns are plain element trees (no entities beyond XML's own, no
//! mixed content that matters), so a tokenizer made for them scans each tag
//! and value once with `memchr`, keeps the open elements' names for
//! checking end tags, and counts lines as it goes. It checks what a
//! validating reader would for such files: tags close in order, one root,
//! no text outside it, comments, CDATA and declarations closed.

use super::bytemap::MarkedBuffer;
use super::text_of;
use memchr::{memchr, memchr3, memmem};
use std::borrow::Cow;
use std::io::Read;

/// No tag or value of a return comes near this; a file that needs more is not a return.
const LONGEST_TOKEN: usize = 1 << 24;

const ENDS_INSIDE_TAG: &str = "the file ends inside a tag: it is truncated or not well-formed";

#[derive(Debug, PartialEq)]
pub(super) enum Token<'a> {
    /// An element opens; `empty` for `<X/>`, which has no `End`. Names are
    /// local (no namespace prefix) and as written, to be matched as bytes;
    /// `parent` is empty at the root.
    Start {
        name: &'a [u8],
        parent: &'a [u8],
        empty: bool,
    },
    /// Character data, trimmed, never only whitespace, still escaped: see `unescape`.
    Text(&'a [u8]),
    /// A CDATA section's contents, as written.
    CData(&'a [u8]),
    End {
        name: &'a [u8],
        parent: &'a [u8],
    },
    /// The end of the file, every element closed (there may have been none).
    Eof,
}

/// What was found, as positions, before it is lent out as a `Token`.
enum Found {
    Start { empty: bool },
    Text(std::ops::Range<usize>),
    CData(std::ops::Range<usize>),
    End,
    Eof,
}

pub(super) struct Tokens<R> {
    /// Newlines marked, so that lines are counted by jumping from newline to
    /// newline, not by looking at every byte.
    b: MarkedBuffer<R, 1>,
    /// The line of the next unread byte.
    line: u32,
    /// Where the first newline at or after the next unread byte is in the
    /// file, or the end of what has been read when none has been.
    next_newline: u64,
    open: OpenElements,
    /// The innermost open element closes when the next token is asked for,
    /// so that an `End` (or an empty element's `Start`) can lend its name.
    close_pending: bool,
    root_closed: bool,
    started: bool,
}

impl<R: Read> Tokens<R> {
    pub(super) fn new(source: R) -> Self {
        Tokens {
            b: MarkedBuffer::new(source, [b'\n']),
            line: 1,
            next_newline: 0,
            open: OpenElements::default(),
            close_pending: false,
            root_closed: false,
            started: false,
        }
    }

    /// The next token and the line it begins on. An error is a plain-English
    /// phrase (no full stop) saying what is wrong with the file there; its line is `line()`.
    pub(super) fn next(&mut self) -> Result<(u32, Token<'_>), String> {
        if !std::mem::replace(&mut self.started, true) {
            const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";
            while self.b.end < BYTE_ORDER_MARK.len() && self.fill()? {}
            if self.b.buf[..self.b.end].starts_with(BYTE_ORDER_MARK) {
                self.b.pos = BYTE_ORDER_MARK.len();
            }
        }
        if std::mem::take(&mut self.close_pending) {
            self.open.pop();
            self.root_closed |= self.open.is_empty();
        }
        let (line, found) = loop {
            if self.b.pos == self.b.end && !self.fill()? {
                if let Some(open) = self.open.last() {
                    return Err(format!("the file ends inside <{}>: it is truncated or not well-formed", text_of(open)));
                }
                break (self.line, Found::Eof);
            }
            let line = self.line;
            let found = if self.b.buf[self.b.pos] == b'<' { self.markup()? } else { self.text()? };
            if let Some(found) = found {
                break (line, found);
            }
        };
        let open = &self.open;
        let innermost = || (open.last().unwrap_or_default(), open.parent().unwrap_or_default());
        Ok((
            line,
            match found {
                Found::Start { empty } => {
                    let (name, parent) = innermost();
                    Token::Start { name, parent, empty }
                }
                Found::End => {
                    let (name, parent) = innermost();
                    Token::End { name, parent }
                }
                Found::Text(range) => Token::Text(&self.b.buf[range]),
                Found::CData(range) => Token::CData(&self.b.buf[range]),
                Found::Eof => Token::Eof,
            },
        ))
    }

    /// The line the reader has reached, for a message about an error.
    pub(super) fn line(&self) -> u32 {
        self.line
    }

    /// Reads more of the file after the unread bytes. False at the end of the file.
    fn fill(&mut self) -> Result<bool, String> {
        // The unread bytes reach the limit only when they fill the buffer, which would have to grow.
        if !self.b.at_end() && self.b.unread().len() >= LONGEST_TOKEN {
            return Err(format!("a single tag or value is longer than {} MB: this is not a return's XML", LONGEST_TOKEN >> 20));
        }
        let searched_to = self.b.offset + self.b.end as u64;
        let more = self.b.fill().map_err(|e| format!("the file could not be read: {e}"))?;
        if self.next_newline == searched_to {
            self.next_newline = self.newline_from(searched_to);
        }
        Ok(more)
    }

    /// Where `needle` is, at or after `from` bytes past `pos`, reading on as
    /// needed; `what` names the construct for a file that ends first.
    fn find(&mut self, from: usize, needle: &[u8], what: &str) -> Result<usize, String> {
        let mut from = from;
        loop {
            let unread = &self.b.buf[self.b.pos..self.b.end];
            let found = unread.get(from..).and_then(|rest| match needle {
                [byte] => memchr(*byte, rest),
                _ => memmem::find(rest, needle),
            });
            if let Some(i) = found {
                return Ok(from + i);
            }
            // The needle may begin in the bytes already searched.
            from = from.max(unread.len().saturating_sub(needle.len() - 1));
            if !self.fill()? {
                return Err(format!("the file ends inside {what}: it is truncated or not well-formed"));
            }
        }
    }

    /// Consumes `len` unread bytes, counting their lines.
    fn advance(&mut self, len: usize) {
        self.b.pos += len;
        let reached = self.b.offset + self.b.pos as u64;
        while self.next_newline < reached {
            self.line += 1;
            self.next_newline = self.newline_from(self.next_newline + 1);
        }
    }

    /// Where the first newline read at or after `from` is in the file, else the end of what has been read.
    fn newline_from(&self, from: u64) -> u64 {
        let in_buffer = usize::try_from(from.saturating_sub(self.b.offset)).unwrap_or(usize::MAX);
        self.b.offset + self.b.first(0, in_buffer, self.b.end) as u64
    }

    /// Text up to the next tag, trimmed; `None` when it is only whitespace.
    fn text(&mut self) -> Result<Option<Found>, String> {
        let len = loop {
            if let Some(i) = memchr(b'<', &self.b.buf[self.b.pos..self.b.end]) {
                break i;
            }
            if !self.fill()? {
                break self.b.end - self.b.pos;
            }
        };
        let span = &self.b.buf[self.b.pos..self.b.pos + len];
        let Some(start) = span.iter().position(|b| !is_space(*b)) else {
            self.advance(len);
            return Ok(None);
        };
        let stop = span.iter().rposition(|b| !is_space(*b)).map_or(start, |i| i + 1);
        if self.open.is_empty() {
            self.advance(start);
            return Err(if self.root_closed { "there is text after the end of the document" } else { "there is text before the first element" }.into());
        }
        self.advance(start);
        let range = self.b.pos..self.b.pos + (stop - start);
        self.advance(len - start);
        Ok(Some(Found::Text(range)))
    }

    /// A tag, comment, CDATA section or declaration; `None` for what carries nothing.
    fn markup(&mut self) -> Result<Option<Found>, String> {
        while self.b.end - self.b.pos < 2 && self.fill()? {}
        match self.b.buf.get(self.b.pos + 1).filter(|_| self.b.pos + 1 < self.b.end) {
            Some(b'/') => self.end_tag().map(Some),
            Some(b'?') => {
                let close = self.find(2, b"?>", "a declaration")?;
                self.advance(close + 2);
                Ok(None)
            }
            Some(b'!') => self.bang(),
            Some(_) => self.start_tag().map(Some),
            None => Err(ENDS_INSIDE_TAG.into()),
        }
    }

    fn bang(&mut self) -> Result<Option<Found>, String> {
        const CDATA: &[u8] = b"<![CDATA[";
        while self.b.end - self.b.pos < CDATA.len() && self.fill()? {}
        let unread = &self.b.buf[self.b.pos..self.b.end];
        if unread.starts_with(b"<!--") {
            let close = self.find(4, b"-->", "a comment")?;
            self.advance(close + 3);
            Ok(None)
        } else if unread.starts_with(CDATA) {
            if self.open.is_empty() {
                return Err("there is a CDATA section outside the document's elements".into());
            }
            let close = self.find(CDATA.len(), b"]]>", "a CDATA section")?;
            self.advance(CDATA.len());
            let range = self.b.pos..self.b.pos + close - CDATA.len();
            self.advance(close + 3 - CDATA.len());
            Ok(Some(Found::CData(range)))
        } else if unread.starts_with(b"<!DOCTYPE") {
            // An internal subset, in brackets, may hold '>'.
            let close = self.find(2, b">", "a document type declaration")?;
            let close = match memchr(b'[', &self.b.buf[self.b.pos..self.b.pos + close]) {
                Some(open) => {
                    let subset_end = self.find(open, b"]", "a document type declaration")?;
                    self.find(subset_end, b">", "a document type declaration")?
                }
                None => close,
            };
            self.advance(close + 1);
            Ok(None)
        } else {
            Err("the file is not well-formed XML here: '<!' begins neither a comment, a CDATA section nor a document type".into())
        }
    }

    fn start_tag(&mut self) -> Result<Found, String> {
        // The closing '>', skipping any inside quoted attribute values.
        let mut at = 1;
        let close = loop {
            let unread = &self.b.buf[self.b.pos..self.b.end];
            match memchr3(b'>', b'"', b'\'', &unread[at..]) {
                Some(i) if unread[at + i] == b'>' => break at + i,
                Some(i) => match memchr(unread[at + i], &unread[at + i + 1..]) {
                    Some(j) => {
                        at += i + j + 2;
                        continue;
                    }
                    // The value's closing quote is further on: look again from its opening one.
                    None => at += i,
                },
                None => at = unread.len(),
            }
            if !self.fill()? {
                return Err(ENDS_INSIDE_TAG.into());
            }
        };
        let tag = &self.b.buf[self.b.pos + 1..self.b.pos + close];
        let empty = tag.last() == Some(&b'/');
        let name = local_name(tag);
        if name.is_empty() || !name_may_start(name[0]) {
            return Err(format!("the file is not well-formed XML here: '<{}' does not begin a tag", String::from_utf8_lossy(&tag[..tag.len().min(12)])));
        }
        if self.open.is_empty() && self.root_closed {
            return Err(format!("the element <{}> comes after the end of the document", text_of(name)));
        }
        self.open.push(name);
        self.close_pending = empty;
        self.advance(close + 1);
        Ok(Found::Start { empty })
    }

    fn end_tag(&mut self) -> Result<Found, String> {
        let close = self.find(2, b">", "a tag")?;
        let tag = &self.b.buf[self.b.pos + 2..self.b.pos + close];
        // Nearly every end tag is exactly the name it closes.
        let name = if self.open.last() == Some(tag) { tag } else { local_name(tag) };
        match self.open.last() {
            Some(open) if open == name => {}
            Some(open) => {
                return Err(format!("the file is not well-formed XML here: </{}> closes <{}>", text_of(name), text_of(open)));
            }
            None => return Err(format!("the file is not well-formed XML here: </{}> closes no element", text_of(name))),
        }
        self.close_pending = true;
        self.advance(close + 1);
        Ok(Found::End)
    }
}

/// Character data with XML's five entities and character references
/// replaced; an error names what could not be read.
pub(super) fn unescape(raw: &[u8]) -> Result<Cow<'_, str>, String> {
    let text = std::str::from_utf8(raw).map_err(|_| "it is not UTF-8 text".to_string())?;
    if !text.contains('&') {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&i| i <= 10).ok_or_else(|| format!("'&{}' begins no entity", after.chars().take(10).collect::<String>()))?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32)
                .filter(|&c| c != '\0')
                .ok_or_else(|| format!("'&{entity};' is not an XML entity"))?,
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// The name a tag begins with, without its namespace prefix.
fn local_name(tag: &[u8]) -> &[u8] {
    let mut start = 0;
    for (i, &b) in tag.iter().enumerate() {
        match b {
            b':' => start = i + 1,
            b' ' | b'\t' | b'\n' | b'\r' | b'/' => return &tag[start..i],
            _ => {}
        }
    }
    &tag[start..]
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn name_may_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// The names of the open elements, back to back in one buffer, so opening
/// and closing an element allocates nothing.
#[derive(Default)]
struct OpenElements {
    names: Vec<u8>,
    ends: Vec<usize>,
}

impl OpenElements {
    fn push(&mut self, name: &[u8]) {
        self.names.extend_from_slice(name);
        self.ends.push(self.names.len());
    }

    fn pop(&mut self) {
        self.ends.pop();
        self.names.truncate(self.ends.last().copied().unwrap_or(0));
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn last(&self) -> Option<&[u8]> {
        let (&end, rest) = self.ends.split_last()?;
        Some(&self.names[rest.last().copied().unwrap_or(0)..end])
    }

    fn parent(&self) -> Option<&[u8]> {
        let (_, rest) = self.ends.split_last()?;
        let (&end, rest) = rest.split_last()?;
        Some(&self.names[rest.last().copied().unwrap_or(0)..end])
    }
}

#[cfg(test)]
mod tests {
    use super::super::Trickle;
    use super::*;

    /// Every token with its line, as text, reading `chunk` bytes at a time.
    fn tokens(xml: &str, chunk: usize) -> Result<Vec<String>, (u32, String)> {
        let mut tokens = Tokens::new(Trickle(xml.as_bytes(), chunk));
        let mut out = Vec::new();
        loop {
            let (line, token) = match tokens.next() {
                Ok(t) => t,
                Err(e) => return Err((tokens.line(), e)),
            };
            out.push(match token {
                Token::Start { name, parent, empty } => format!("{line} <{}{}> in {}", text_of(name), if empty { "/" } else { "" }, text_of(parent)),
                Token::End { name, parent } => format!("{line} </{}> in {}", text_of(name), text_of(parent)),
                Token::Text(t) => format!("{line} text {}", unescape(t).unwrap()),
                Token::CData(t) => format!("{line} cdata {}", String::from_utf8_lossy(t)),
                Token::Eof => break Ok(out),
            });
        }
    }

    /// The same tokens however the file arrives: whole, or a byte or a few at a time.
    fn tokens_every_way(xml: &str) -> Result<Vec<String>, (u32, String)> {
        let whole = tokens(xml, usize::MAX);
        for chunk in [1, 2, 3, 7] {
            assert_eq!(tokens(xml, chunk), whole, "read {chunk} bytes at a time");
        }
        whole
    }

    #[test]
    fn elements_values_and_lines() {
        let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a census -->\n<Message xmlns=\"http://www.dfe.gov.uk/CIN\">\n  <Child>\n    <LAchildID> A1 </LAchildID>\n    <Sex/>\n    <a:UPN\n      kind='x>y' other=\"'\">B&amp;2</a:UPN>\n  </Child>\n</Message>\n";
        assert_eq!(
            tokens_every_way(xml).unwrap(),
            [
                "3 <Message> in ",
                "4 <Child> in Message",
                "5 <LAchildID> in Child",
                "5 text A1",
                "5 </LAchildID> in Child",
                "6 <Sex/> in Child",
                "7 <UPN> in Child",
                "8 text B&2",
                "8 </UPN> in Child",
                "9 </Child> in Message",
                "10 </Message> in ",
            ]
        );
    }

    #[test]
    fn comments_declarations_and_cdata_inside_values() {
        let xml = "<!DOCTYPE Message [ <!ENTITY x \"a>b\"> ]><Message><A><![CDATA[<x> & y]]></A><!-- </A> --><?pi a > b ?></Message>";
        assert_eq!(tokens_every_way("  \n<?xml version=\"1.0\"?>\n").unwrap(), Vec::<String>::new(), "no elements");
        assert_eq!(tokens_every_way(xml).unwrap(), ["1 <Message> in ", "1 <A> in Message", "1 cdata <x> & y", "1 </A> in Message", "1 </Message> in "]);
    }

    #[test]
    fn a_value_longer_than_the_first_buffer() {
        let long = "x".repeat(super::super::bytemap::FIRST_BUFFER * 3);
        let xml = format!("<M>\n<A>{long}</A>\n</M>");
        let got = tokens(&xml, usize::MAX).unwrap();
        assert_eq!(got[2], format!("2 text {long}"));
        assert_eq!(got[3], "2 </A> in M");
    }

    #[test]
    fn files_that_are_not_well_formed() {
        let error = |xml: &str| tokens_every_way(xml).unwrap_err();
        assert_eq!(error("<M>\n<A>\n</B>\n</M>"), (3, "the file is not well-formed XML here: </B> closes <A>".into()));
        assert_eq!(error("<M></M>\n</M>").1, "the file is not well-formed XML here: </M> closes no element");
        assert_eq!(error("<M>\n<A>1</A>\n\n"), (4, "the file ends inside <M>: it is truncated or not well-formed".into()));
        assert_eq!(error("<M>\n<A>1</A"), (2, "the file ends inside a tag: it is truncated or not well-formed".into()));
        assert_eq!(error("<M><A x=\"></A></M>").1, "the file ends inside a tag: it is truncated or not well-formed");
        assert_eq!(error("<M><!-- x </M>").1, "the file ends inside a comment: it is truncated or not well-formed");
        assert_eq!(error("<M><![CDATA[ x </M>").1, "the file ends inside a CDATA section: it is truncated or not well-formed");
        assert_eq!(error("<M></M><N></N>").1, "the element <N> comes after the end of the document");
        assert_eq!(error("junk<M></M>").1, "there is text before the first element");
        assert_eq!(error("<M></M>junk").1, "there is text after the end of the document");
        assert_eq!(error("<M>< A></M>").1, "the file is not well-formed XML here: '< A' does not begin a tag");
        assert_eq!(error("<M><!x></M>").1, "the file is not well-formed XML here: '<!' begins neither a comment, a CDATA section nor a document type");
        assert_eq!(error("<").1, "the file ends inside a tag: it is truncated or not well-formed");
    }

    #[test]
    fn entities_and_character_references() {
        assert_eq!(unescape(b"a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#65;&#x42;").unwrap(), "a <b> \"c\" 'd' AB");
        assert!(matches!(unescape(b"plain").unwrap(), Cow::Borrowed("plain")));
        assert_eq!(unescape(b"Smith & Co").unwrap_err(), "'& Co' begins no entity");
        assert_eq!(unescape(b"&nbsp;").unwrap_err(), "'&nbsp;' is not an XML entity");
        assert_eq!(unescape(b"&#0;").unwrap_err(), "'&#0;' is not an XML entity");
        assert_eq!(unescape(b"&#xD800;").unwrap_err(), "'&#xD800;' is not an XML entity");
        assert_eq!(unescape(b"\xff").unwrap_err(), "it is not UTF-8 text");
    }

    #[test]
    fn open_elements_give_the_innermost_and_its_parent() {
        let mut open = OpenElements::default();
        assert!(open.is_empty() && open.last().is_none() && open.parent().is_none());
        for name in ["Message", "Children", "Child"] {
            open.push(name.as_bytes());
        }
        assert_eq!((open.last(), open.parent()), (Some(&b"Child"[..]), Some(&b"Children"[..])));
        open.pop();
        open.pop();
        open.push(b"Header");
        assert_eq!((open.last(), open.parent()), (Some(&b"Header"[..]), Some(&b"Message"[..])));
        open.pop();
        assert_eq!((open.last(), open.parent()), (Some(&b"Message"[..]), None));
        open.pop();
        assert!(open.is_empty());
    }
}
