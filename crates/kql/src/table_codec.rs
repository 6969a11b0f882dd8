//! A compact binary form of [`Table`]s, for handing query results between the panel and the worker
//! that runs the engine (one `ArrayBuffer`, no JSON). Strings repeated in a message are written once
//! and referred to by index, so a column of a few distinct values costs a few bytes a row and
//! decodes to shared `Arc<str>`s.
//!
//! Layout: `KQT1`, then varint table count; per table its name, varint column count, per column its
//! name and type byte, varint row count, then every cell as a tag byte and its payload.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::table::{Column, Table};
use crate::value::{DataType, Value};

const MAGIC: &[u8; 4] = b"KQT1";

/// Why bytes could not be read back as tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError {
    /// Byte offset where reading failed.
    pub offset: usize,
    pub message: &'static str,
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad table data at byte {}: {}",
            self.offset, self.message
        )
    }
}

impl std::error::Error for CodecError {}

/// Writes tables in the binary form.
pub fn encode_tables<'t>(tables: impl IntoIterator<Item = &'t Table>) -> Vec<u8> {
    let tables: Vec<&Table> = tables.into_iter().collect();
    let mut w = Writer {
        out: Vec::with_capacity(64 + tables.iter().map(|t| t.rows.len() * 8).sum::<usize>()),
        strings: HashMap::new(),
    };
    w.out.extend_from_slice(MAGIC);
    w.varint(tables.len() as u64);
    for table in tables {
        w.text(&table.name);
        w.varint(table.columns.len() as u64);
        for column in &table.columns {
            w.text(&column.name);
            w.out.push(type_byte(column.data_type));
        }
        w.varint(table.rows.len() as u64);
        for row in &table.rows {
            for value in row {
                w.value(value);
            }
        }
    }
    w.out
}

/// Reads tables written by [`encode_tables`].
pub fn decode_tables(bytes: &[u8]) -> Result<Vec<Table>, CodecError> {
    let mut r = Reader {
        bytes,
        at: 0,
        strings: Vec::new(),
    };
    if bytes.get(..4) != Some(MAGIC) {
        return Err(r.error("not a table message"));
    }
    r.at = 4;
    let count = r.len()?;
    let mut tables = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let name = r.text()?.to_string();
        let width = r.len()?;
        let mut columns = Vec::with_capacity(width.min(1024));
        for _ in 0..width {
            let name = r.text()?.to_string();
            let data_type =
                data_type_of(r.byte()?).ok_or_else(|| r.error("unknown column type"))?;
            columns.push(Column { name, data_type });
        }
        let height = r.len()?;
        let mut rows = Vec::with_capacity(height.min(r.bytes.len() - r.at));
        for _ in 0..height {
            let mut row = Vec::with_capacity(width);
            for _ in 0..width {
                row.push(r.value()?);
            }
            rows.push(row);
        }
        tables.push(Table {
            name,
            columns,
            rows,
        });
    }
    if r.at != bytes.len() {
        return Err(r.error("trailing bytes"));
    }
    Ok(tables)
}

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const LONG: u8 = 4;
const REAL: u8 = 5;
const NEW_STRING: u8 = 6;
const SEEN_STRING: u8 = 7;
const DATETIME: u8 = 8;
const TIMESPAN: u8 = 9;
const GUID: u8 = 10;
const DYNAMIC: u8 = 11;

fn type_byte(t: DataType) -> u8 {
    match t {
        DataType::Bool => 0,
        DataType::Int => 1,
        DataType::Long => 2,
        DataType::Real => 3,
        DataType::Decimal => 4,
        DataType::String => 5,
        DataType::DateTime => 6,
        DataType::TimeSpan => 7,
        DataType::Guid => 8,
        DataType::Dynamic => 9,
    }
}

fn data_type_of(b: u8) -> Option<DataType> {
    Some(match b {
        0 => DataType::Bool,
        1 => DataType::Int,
        2 => DataType::Long,
        3 => DataType::Real,
        4 => DataType::Decimal,
        5 => DataType::String,
        6 => DataType::DateTime,
        7 => DataType::TimeSpan,
        8 => DataType::Guid,
        9 => DataType::Dynamic,
        _ => return None,
    })
}

struct Writer<'t> {
    out: Vec<u8>,
    /// Strings already written, by their index in the message.
    strings: HashMap<&'t str, u64>,
}

impl<'t> Writer<'t> {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }

    /// Signed integers zig-zag encoded, so small negatives stay short.
    fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    fn text(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }

    fn value(&mut self, value: &'t Value) {
        match value {
            Value::Null => self.out.push(NULL),
            Value::Bool(false) => self.out.push(FALSE),
            Value::Bool(true) => self.out.push(TRUE),
            Value::Int(i) => {
                self.out.push(INT);
                self.signed(i64::from(*i));
            }
            Value::Long(i) => {
                self.out.push(LONG);
                self.signed(*i);
            }
            Value::Real(f) => {
                self.out.push(REAL);
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Value::String(s) => {
                let next = self.strings.len() as u64;
                match self.strings.get(&**s) {
                    Some(&index) => {
                        self.out.push(SEEN_STRING);
                        self.varint(index);
                    }
                    None => {
                        self.strings.insert(s, next);
                        self.out.push(NEW_STRING);
                        self.text(s);
                    }
                }
            }
            Value::DateTime(t) => {
                self.out.push(DATETIME);
                self.signed(*t);
            }
            Value::TimeSpan(t) => {
                self.out.push(TIMESPAN);
                self.signed(*t);
            }
            Value::Guid(g) => {
                self.out.push(GUID);
                self.out.extend_from_slice(&g.to_u128().to_le_bytes());
            }
            Value::Dynamic(json) => {
                self.out.push(DYNAMIC);
                self.text(&json.to_string());
            }
        }
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    strings: Vec<Arc<str>>,
}

impl<'b> Reader<'b> {
    fn error(&self, message: &'static str) -> CodecError {
        CodecError {
            offset: self.at,
            message,
        }
    }

    fn byte(&mut self) -> Result<u8, CodecError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| self.error("unexpected end"))?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8], CodecError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.error("unexpected end"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn varint(&mut self) -> Result<u64, CodecError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }

    /// A count, bounded by the bytes left so that a corrupt length cannot ask for a huge buffer.
    fn len(&mut self) -> Result<usize, CodecError> {
        let v = self.varint()?;
        usize::try_from(v)
            .ok()
            .filter(|&n| n <= self.bytes.len().saturating_mul(8))
            .ok_or_else(|| self.error("length out of range"))
    }

    fn signed(&mut self) -> Result<i64, CodecError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn text(&mut self) -> Result<&'b str, CodecError> {
        let n = self.len()?;
        let at = self.at;
        std::str::from_utf8(self.take(n)?).map_err(|_| CodecError {
            offset: at,
            message: "text is not UTF-8",
        })
    }

    fn value(&mut self) -> Result<Value, CodecError> {
        Ok(match self.byte()? {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            INT => Value::Int(
                i32::try_from(self.signed()?).map_err(|_| self.error("int out of range"))?,
            ),
            LONG => Value::Long(self.signed()?),
            REAL => Value::Real(f64::from_le_bytes(self.take(8)?.try_into().unwrap())),
            NEW_STRING => {
                let s: Arc<str> = Arc::from(self.text()?);
                self.strings.push(Arc::clone(&s));
                Value::String(s)
            }
            SEEN_STRING => {
                let i = self.varint()?;
                let s = usize::try_from(i)
                    .ok()
                    .and_then(|i| self.strings.get(i))
                    .ok_or_else(|| self.error("unknown string index"))?;
                Value::String(Arc::clone(s))
            }
            DATETIME => Value::DateTime(self.signed()?),
            TIMESPAN => Value::TimeSpan(self.signed()?),
            GUID => Value::guid(u128::from_le_bytes(self.take(16)?.try_into().unwrap())),
            DYNAMIC => {
                let at = self.at;
                let text = self.text()?;
                let json = serde_json::from_str(text).map_err(|_| CodecError {
                    offset: at,
                    message: "dynamic value is not JSON",
                })?;
                Value::Dynamic(Arc::new(json))
            }
            _ => return Err(self.error("unknown value tag")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Table> {
        let mut t = Table::new(
            "SigninLogs",
            vec![
                Column::new("TimeGenerated", DataType::DateTime),
                Column::new("UserPrincipalName", DataType::String),
                Column::new("ResultType", DataType::Int),
                Column::new("Risk", DataType::Real),
                Column::new("Ok", DataType::Bool),
                Column::new("Id", DataType::Guid),
                Column::new("Took", DataType::TimeSpan),
                Column::new("Props", DataType::Dynamic),
                Column::new("Bytes", DataType::Long),
            ],
        );
        for i in 0..50i64 {
            t.push_row(vec![
                Value::DateTime(-5 + i * 10_000_000),
                Value::string(if i % 2 == 0 {
                    "alice@contoso.com"
                } else {
                    "bob"
                }),
                if i % 7 == 0 {
                    Value::Null
                } else {
                    Value::Int(-(i as i32))
                },
                Value::Real(i as f64 / 3.0),
                Value::Bool(i % 3 == 0),
                Value::guid(u128::MAX - i as u128),
                Value::TimeSpan(i * -1_000),
                Value::dynamic(serde_json::json!({"n": i, "tags": ["a", "ü"]})),
                Value::Long(i64::MIN + i),
            ]);
        }
        vec![
            t,
            Table::new("Empty", vec![Column::new("x", DataType::Decimal)]),
        ]
    }

    #[test]
    fn tables_round_trip() {
        let tables = sample();
        let bytes = encode_tables(&tables);
        assert_eq!(decode_tables(&bytes).unwrap(), tables);
        assert_eq!(
            decode_tables(&encode_tables(&[] as &[Table])).unwrap(),
            vec![]
        );
    }

    #[test]
    fn repeated_strings_are_written_once() {
        let tables = sample();
        let bytes = encode_tables(&tables);
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(text.matches("alice@contoso.com").count(), 1);
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        let bytes = encode_tables(&sample());
        assert!(decode_tables(b"nope").is_err());
        for cut in [5, 20, bytes.len() / 2, bytes.len() - 1] {
            let err = decode_tables(&bytes[..cut]).unwrap_err();
            assert!(err.offset <= cut, "{err}");
        }
        let mut flipped = bytes.clone();
        for i in (4..flipped.len()).step_by(13) {
            flipped[i] ^= 0x5a;
            let _ = decode_tables(&flipped);
        }
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(
            decode_tables(&huge).unwrap_err().message,
            "length out of range"
        );
    }
}
