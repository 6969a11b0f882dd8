//! Reading CSV as RFC 4180 writes it (and as Advanced hunting and Log Analytics export it):
//! a header row, quoted fields that may hold the delimiter, quotes and line breaks, CRLF or LF line
//! ends, a byte-order mark, and comma, semicolon or tab delimiters.

use super::FileError;

/// The text of a CSV file: its header and rows of fields, all as strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvText {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The 1-based line each row starts on, for error messages about its values.
    pub lines: Vec<usize>,
}

/// Reads a whole CSV file; the first record is the header. Blank lines are skipped.
pub fn read_csv(bytes: &[u8]) -> Result<CsvText, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        FileError::at(
            line,
            "the file is not UTF-8 text (save the export as UTF-8 CSV)",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let mut records = Records {
        s: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        delimiter,
    };
    let Some((header_line, header)) = records.next_record()? else {
        return Err(FileError::at(
            1,
            "the file is empty: a header row is expected",
        ));
    };
    let header = column_names(header);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    while let Some((line, fields)) = records.next_record()? {
        if fields.len() != header.len() {
            return Err(FileError::at(
                line,
                format!(
                    "this row has {} field{}, but the header (line {header_line}) has {} column{}; \
                     a field holding `{}` or a line break must be in double quotes",
                    fields.len(),
                    plural(fields.len()),
                    header.len(),
                    plural(header.len()),
                    delimiter as char
                ),
            ));
        }
        rows.push(fields);
        lines.push(line);
    }
    Ok(CsvText {
        header,
        rows,
        lines,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Header names made usable as columns: blanks become `Column<n>`, repeats get a number.
fn column_names(header: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(header.len());
    for (i, h) in header.into_iter().enumerate() {
        let h = h.trim().to_string();
        let base = if h.is_empty() {
            format!("Column{}", i + 1)
        } else {
            h
        };
        let mut name = base.clone();
        let mut n = 1;
        while out.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// The delimiter of the header line: whichever of comma, tab and semicolon occurs most outside
/// quotes (comma when none does).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b'\t', b';'][best]
    }
}

struct Records<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: u8,
}

impl Records<'_> {
    /// The next record and the line it starts on, or `None` at the end.
    fn next_record(&mut self) -> Result<Option<(usize, Vec<String>)>, FileError> {
        while matches!(self.s.get(self.pos), Some(b'\n' | b'\r')) {
            self.end_of_line();
        }
        if self.pos >= self.s.len() {
            return Ok(None);
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        loop {
            let (field, end) = self.field()?;
            fields.push(field);
            match end {
                FieldEnd::Delimiter => continue,
                FieldEnd::Record | FieldEnd::Eof => return Ok(Some((start_line, fields))),
            }
        }
    }

    fn field(&mut self) -> Result<(String, FieldEnd), FileError> {
        if self.s.get(self.pos) == Some(&b'"') {
            return self.quoted_field();
        }
        let start = self.pos;
        while let Some(&b) = self.s.get(self.pos) {
            if b == self.delimiter {
                let f = self.text[start..self.pos].to_string();
                self.pos += 1;
                return Ok((f, FieldEnd::Delimiter));
            }
            if b == b'\n' || b == b'\r' {
                let f = self.text[start..self.pos].to_string();
                self.end_of_line();
                return Ok((f, FieldEnd::Record));
            }
            if b == b'"' {
                return Err(FileError::at(
                    self.line,
                    format!(
                        "a double quote inside an unquoted field (column {}); quote the whole \
                         field and double the quote, as in \"say \"\"hi\"\"\"",
                        self.column(self.pos)
                    ),
                ));
            }
            self.pos += 1;
        }
        Ok((self.text[start..].to_string(), FieldEnd::Eof))
    }

    fn quoted_field(&mut self) -> Result<(String, FieldEnd), FileError> {
        let open_line = self.line;
        self.pos += 1;
        let mut out = String::new();
        let mut chunk = self.pos;
        loop {
            match self.s.get(self.pos) {
                None => {
                    return Err(FileError::at(
                        open_line,
                        "a quoted field is never closed (a double quote is missing)",
                    ))
                }
                Some(b'"') => {
                    out.push_str(&self.text[chunk..self.pos]);
                    if self.s.get(self.pos + 1) == Some(&b'"') {
                        out.push('"');
                        self.pos += 2;
                        chunk = self.pos;
                        continue;
                    }
                    self.pos += 1;
                    return match self.s.get(self.pos) {
                        None => Ok((out, FieldEnd::Eof)),
                        Some(&b) if b == self.delimiter => {
                            self.pos += 1;
                            Ok((out, FieldEnd::Delimiter))
                        }
                        Some(b'\n' | b'\r') => {
                            self.end_of_line();
                            Ok((out, FieldEnd::Record))
                        }
                        Some(_) => Err(FileError::at(
                            self.line,
                            format!(
                                "unexpected text after a closing double quote (column {}); \
                                 a quote inside a quoted field must be doubled",
                                self.column(self.pos)
                            ),
                        )),
                    };
                }
                Some(b'\n') => {
                    self.line += 1;
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Steps over `\n`, `\r\n` or a lone `\r`.
    fn end_of_line(&mut self) {
        if self.s.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if self.s.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        self.line += 1;
    }

    /// The 1-based character column of a byte position on its line.
    fn column(&self, pos: usize) -> usize {
        let line_start = self.text[..pos].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..pos].chars().count() + 1
    }
}

enum FieldEnd {
    Delimiter,
    Record,
    Eof,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        read_csv(text.as_bytes()).unwrap().rows
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let t =
            read_csv(b"Name,Note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nx,\"two\r\nlines\"\r\n")
                .unwrap();
        assert_eq!(t.header, vec!["Name", "Note"]);
        assert_eq!(t.rows[0], vec!["Smith, J", "said \"hi\""]);
        assert_eq!(t.rows[1], vec!["x", "two\r\nlines"]);
        assert_eq!(t.lines, vec![2, 3]);
    }

    #[test]
    fn line_ends_bom_blank_lines_and_a_missing_final_newline() {
        assert_eq!(
            rows("\u{feff}a,b\n1,2\n\n3,4"),
            vec![vec!["1", "2"], vec!["3", "4"]]
        );
        assert_eq!(rows("a,b\r1,2\r"), vec![vec!["1", "2"]]);
        assert_eq!(rows("a,b\n,\n"), vec![vec!["", ""]]);
        assert_eq!(rows("a\n\"\"\n"), vec![vec![""]]);
        assert!(rows("a,b\n").is_empty());
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(rows("a;b\n1,5;2\n"), vec![vec!["1,5", "2"]]);
        assert_eq!(rows("a\tb\n1\t2\n"), vec![vec!["1", "2"]]);
        assert_eq!(rows("\"a,x\";b\n1;2\n")[0], vec!["1", "2"]);
    }

    #[test]
    fn header_names_are_made_unique() {
        let t = read_csv(b"Name,,Name, Name \n1,2,3,4\n").unwrap();
        assert_eq!(t.header, vec!["Name", "Column2", "Name1", "Name2"]);
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let e = read_csv(b"a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("1 field") && e.message.contains("2 columns"),
            "{e}"
        );
        let e = read_csv(b"a,b\n1,\"open\n2,3\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("never closed"), "{e}");
        let e = read_csv(b"a,b\n1,\"x\"y\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("column 6"), "{e}");
        let e = read_csv(b"a,b\n1,x\"y\n").unwrap_err();
        assert!(e.message.contains("unquoted"), "{e}");
        let e = read_csv(b"").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = read_csv(b"a,b\n1,\xff\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("UTF-8"), "{e}");
        assert_eq!(e.to_string(), format!("Line 2: {}", e.message));
    }
}
