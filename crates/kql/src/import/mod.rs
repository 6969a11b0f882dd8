//! Tables from the files analysts export (CSV as Advanced hunting and Log Analytics write it, JSON
//! or JSON lines), with each column's type inferred from its cells: what the panel's "hunt over
//! your own file" queries.

pub mod csv;
pub mod infer;
pub mod jsonl;

use std::fmt;

use crate::{Column, DataType, Table};

/// The largest file read into the browser. Parsed tables take several times the file's size in
/// memory; bigger exports should be filtered first.
pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;

/// Why a file could not be read, with the 1-based line at fault when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub line: Option<usize>,
    pub message: String,
}

impl FileError {
    /// A problem on one line.
    pub fn at(line: usize, message: impl Into<String>) -> FileError {
        FileError {
            line: Some(line),
            message: message.into(),
        }
    }

    /// A problem with the file as a whole.
    pub fn new(message: impl Into<String>) -> FileError {
        FileError {
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "Line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for FileError {}

/// The kinds of file that can be dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Json,
}

/// The kind of a file from its extension, else from its first character (`{` or `[` is JSON).
pub fn kind_of(file_name: &str, bytes: &[u8]) -> FileKind {
    let lower = file_name.to_ascii_lowercase();
    if [".jsonl", ".ndjson", ".json"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return FileKind::Json;
    }
    if [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e)) {
        return FileKind::Csv;
    }
    let first = bytes
        .iter()
        .find(|b| !(b.is_ascii_whitespace() || [0xef, 0xbb, 0xbf].contains(*b)));
    match first {
        Some(b'{' | b'[') => FileKind::Json,
        _ => FileKind::Csv,
    }
}

/// Reads a dropped file into a table named `table_name`.
pub fn read_file(file_name: &str, table_name: &str, bytes: &[u8]) -> Result<Table, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big(file_name, bytes.len()));
    }
    match kind_of(file_name, bytes) {
        FileKind::Json => jsonl::read_json(table_name, bytes),
        FileKind::Csv => {
            let text = csv::read_csv(bytes)?;
            Ok(table_from_text(table_name, text.header, text.rows))
        }
    }
}

/// The message for a file over [`MAX_FILE_BYTES`].
pub fn too_big(file_name: &str, size: usize) -> FileError {
    FileError::new(format!(
        "{file_name} is {:.1} MB; files up to {} MB can be queried in the browser. \
         Export fewer rows or columns (for example with `project` and a shorter time range) and \
         drop it again.",
        size as f64 / 1_048_576.0,
        MAX_FILE_BYTES / 1_048_576
    ))
}

/// A typed table from text cells: each column's type inferred from its cells (see [`infer`]).
pub fn table_from_text(name: &str, header: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    let types: Vec<DataType> = (0..header.len())
        .map(|c| infer::infer_type(rows.iter().map(|r| r.get(c).map_or("", String::as_str))))
        .collect();
    let columns = header
        .into_iter()
        .zip(&types)
        .map(|(h, t)| Column::new(h, *t))
        .collect();
    let mut table = Table::new(name, columns);
    table.rows = rows
        .into_iter()
        .map(|r| {
            types
                .iter()
                .enumerate()
                .map(|(c, t)| infer::cell_value(r.get(c).map_or("", String::as_str), *t))
                .collect()
        })
        .collect();
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    #[test]
    fn a_csv_export_becomes_a_typed_table() {
        let csv = b"Timestamp,DeviceName,ActionType,RemotePort,Score\r\n\
2026-11-27T07:00:00Z,ws-01,ConnectionSuccess,443,0.5\r\n\
2026-11-27T07:05:00Z,\"ws-02, lab\",ConnectionFailed,,1\r\n";
        let t = read_file("export.csv", "export", csv).unwrap();
        let types: Vec<DataType> = t.columns.iter().map(|c| c.data_type).collect();
        assert_eq!(
            types,
            vec![
                DataType::DateTime,
                DataType::String,
                DataType::String,
                DataType::Long,
                DataType::Real
            ]
        );
        assert_eq!(t.rows[1][1], Value::string("ws-02, lab"));
        assert_eq!(t.rows[1][3], Value::Null);
        // And it can be queried.
        let mut db = crate::engine::Database::new();
        db.add(t);
        let out = crate::engine::execute(
            "export | where isnull(RemotePort) | project DeviceName",
            &db,
            &Default::default(),
        )
        .unwrap();
        assert_eq!(out.tables[0].rows, vec![vec![Value::string("ws-02, lab")]]);
    }

    #[test]
    fn the_kind_comes_from_the_extension_or_the_content() {
        assert_eq!(kind_of("a.JSONL", b"x"), FileKind::Json);
        assert_eq!(kind_of("a.csv", b"{"), FileKind::Csv);
        assert_eq!(kind_of("export", b"\xef\xbb\xbf {\"a\":1}"), FileKind::Json);
        assert_eq!(kind_of("export", b"a,b"), FileKind::Csv);
        let t = read_file("hunt.ndjson", "hunt", b"{\"a\":1}\n").unwrap();
        assert_eq!(t.name, "hunt");
    }

    #[test]
    fn big_files_are_refused_with_a_reason() {
        let e = too_big("huge.csv", 31 * 1_048_576);
        assert_eq!(e.line, None);
        assert!(
            e.message
                .starts_with("huge.csv is 31.0 MB; files up to 25 MB"),
            "{e}"
        );
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(read_file("big.csv", "big", &big)
            .unwrap_err()
            .message
            .contains("25 MB"));
    }
}
