//! What the writers build before serialising: CSV tables and an XML tree,
//! each row or element tied to a child so faults can be injected by child.

/// One CSV file.
pub struct Table {
    pub file: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Row>,
}

pub struct Row {
    pub child: String,
    pub cells: Vec<String>,
}

impl Table {
    pub fn new(file: impl Into<String>, columns: &[&'static str]) -> Table {
        Table { file: file.into(), columns: columns.to_vec(), rows: Vec::new() }
    }

    /// A table whose columns are `leading` followed by a standard list.
    pub fn prefixed(file: impl Into<String>, leading: &[&'static str], columns: &[&'static str]) -> Table {
        Table { file: file.into(), columns: leading.iter().chain(columns).copied().collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, child: &str, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "{}: row width", self.file);
        self.rows.push(Row { child: child.to_string(), cells });
    }

    pub fn column(&self, name: &str) -> usize {
        self.columns.iter().position(|c| *c == name).unwrap_or_else(|| panic!("{} has no column {name}", self.file))
    }

    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        w.write_record(&self.columns).expect("writing to memory");
        for r in &self.rows {
            w.write_record(&r.cells).expect("writing to memory");
        }
        w.into_inner().expect("writing to memory")
    }
}

/// An XML element: text or children.
#[derive(Clone)]
pub struct Node {
    pub name: &'static str,
    pub text: Option<String>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(name: &'static str) -> Node {
        Node { name, text: None, children: Vec::new() }
    }

    pub fn leaf(name: &'static str, text: impl Into<String>) -> Node {
        Node { name, text: Some(text.into()), children: Vec::new() }
    }

    pub fn push(&mut self, child: Node) -> &mut Self {
        self.children.push(child);
        self
    }

    pub fn opt(&mut self, name: &'static str, text: Option<String>) -> &mut Self {
        if let Some(t) = text {
            self.children.push(Node::leaf(name, t));
        }
        self
    }

    pub fn find_mut(&mut self, name: &str) -> Option<&mut Node> {
        self.children.iter_mut().find(|c| c.name == name)
    }

    pub fn write(&self, out: &mut String, depth: usize) {
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push('<');
        out.push_str(self.name);
        out.push('>');
        if let Some(t) = &self.text {
            escape_into(out, t);
        } else if !self.children.is_empty() {
            out.push('\n');
            for c in &self.children {
                c.write(out, depth + 1);
            }
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
        out.push_str("</");
        out.push_str(self.name);
        out.push_str(">\n");
    }
}

fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_nests() {
        let mut root = Node::new("A");
        root.push(Node::leaf("B", "x & <y>"));
        let mut s = String::new();
        root.write(&mut s, 0);
        assert_eq!(s, "<A>\n  <B>x &amp; &lt;y&gt;</B>\n</A>\n");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut t = Table::new("t.csv", &["A", "B"]);
        t.push("c1", vec!["1".into(), "x, y".into()]);
        assert_eq!(String::from_utf8(t.to_csv()).unwrap(), "A,B\r\n1,\"x, y\"\r\n");
    }
}
