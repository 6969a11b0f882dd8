//! Reading JSON lines (one object per line, as Defender and Log Analytics export) and JSON arrays
//! of objects into a table: the columns are the union of the keys in first-seen order, and a row
//! without a key has null there.

use std::collections::HashMap;
use std::fmt;

use crate::{Column, DataType, Table, Value};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::{infer, FileError};

/// Reads JSON lines (blank lines skipped) or, when the text starts with `[`, a JSON array of objects.
pub fn read_json(name: &str, bytes: &[u8]) -> Result<Table, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        FileError::at(line, "the file is not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let objects: Vec<(usize, Vec<(String, Json)>)> = if text.trim_start().starts_with('[') {
        let array: Vec<Item> = serde_json::from_str(text).map_err(|e| {
            FileError::at(
                e.line(),
                format!("not valid JSON at column {}: {e}", e.column()),
            )
        })?;
        let mut out = Vec::with_capacity(array.len());
        for (i, v) in array.into_iter().enumerate() {
            match v {
                Item::Object(o) => out.push((i + 1, o)),
                Item::Other(kind) => {
                    return Err(FileError::new(format!(
                        "item {} of the array is {kind}, not an object with one key per column",
                        i + 1,
                    )))
                }
            }
        }
        out
    } else {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let v: Item = serde_json::from_str(line).map_err(|e| {
                FileError::at(
                    i + 1,
                    format!("not valid JSON at column {}: {e}", e.column()),
                )
            })?;
            match v {
                Item::Object(o) => out.push((i + 1, o)),
                Item::Other(kind) => {
                    return Err(FileError::at(
                        i + 1,
                        format!("this line is {kind}, but each line must be one JSON object"),
                    ))
                }
            }
        }
        out
    };
    if objects.is_empty() {
        return Err(FileError::new("the file holds no JSON objects"));
    }

    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (_, o) in &objects {
        for (k, _) in o {
            if !index.contains_key(k) {
                index.insert(k.clone(), names.len());
                names.push(k.clone());
            }
        }
    }
    let mut per_column: Vec<Vec<&Json>> = vec![Vec::new(); names.len()];
    for (_, o) in &objects {
        for (k, v) in o {
            per_column[index[k]].push(v);
        }
    }
    let types: Vec<DataType> = per_column
        .into_iter()
        .map(|values| column_type(values.into_iter()))
        .collect();
    let columns = names
        .iter()
        .zip(&types)
        .map(|(n, t)| Column::new(n.clone(), *t))
        .collect();
    let mut table = Table::new(name, columns);
    table.rows.reserve(objects.len());
    for (_, o) in objects {
        let mut row = vec![Value::Null; names.len()];
        for (k, v) in o {
            let c = index[&k];
            row[c] = value_of(v, types[c]);
        }
        table.rows.push(row);
    }
    Ok(table)
}

/// A JSON value read as a row: an object with its keys in file order, or what else it was.
enum Item {
    Object(Vec<(String, Json)>),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut out: Vec<(String, Json)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            // A repeated key keeps its last value, as JSON parsers do.
            match out.iter_mut().find(|(name, _)| *name == k) {
                Some(e) => e.1 = v,
                None => out.push((k, v)),
            }
        }
        Ok(Item::Object(out))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Item::Other("an array"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Item, E> {
        Ok(Item::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Item, E> {
        Ok(Item::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Item, E> {
        Ok(Item::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Item, E> {
        Ok(Item::Other("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Item, E> {
        Ok(Item::Other("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Item, E> {
        Ok(Item::Other("null"))
    }
}

/// A column's type from its JSON values: all bools → bool, all integers → long, all numbers →
/// real, all strings → what the text says (datetime, guid, else string), objects and arrays →
/// dynamic; a mix of scalars → string; any object or array in a mix → dynamic.
fn column_type<'a>(values: impl Iterator<Item = &'a Json>) -> DataType {
    let (mut bools, mut ints, mut reals, mut strings, mut nested) = (0, 0, 0, 0, 0);
    let mut texts: Vec<&str> = Vec::new();
    for v in values {
        match v {
            Json::Null => {}
            Json::Bool(_) => bools += 1,
            Json::Number(n) if n.is_i64() => ints += 1,
            Json::Number(_) => reals += 1,
            Json::String(s) => {
                strings += 1;
                texts.push(s);
            }
            Json::Array(_) | Json::Object(_) => nested += 1,
        }
    }
    let kinds = [bools, ints + reals, strings, nested]
        .iter()
        .filter(|&&n| n > 0)
        .count();
    match () {
        _ if nested > 0 => DataType::Dynamic,
        _ if kinds == 0 => DataType::String,
        _ if kinds > 1 => DataType::String,
        _ if bools > 0 => DataType::Bool,
        _ if reals > 0 => DataType::Real,
        _ if ints > 0 => DataType::Long,
        _ => match infer::infer_type(texts.into_iter()) {
            t @ (DataType::DateTime | DataType::Guid) => t,
            _ => DataType::String,
        },
    }
}

fn value_of(v: Json, ty: DataType) -> Value {
    match (v, ty) {
        (Json::Null, _) => Value::Null,
        (v, DataType::Dynamic) => Value::dynamic(v),
        (Json::Bool(b), DataType::Bool) => Value::Bool(b),
        (Json::Number(n), DataType::Long) => n.as_i64().map_or(Value::Null, Value::Long),
        (Json::Number(n), DataType::Real) => n.as_f64().map_or(Value::Null, Value::Real),
        (Json::String(s), DataType::String) => Value::from(s),
        (Json::String(s), t) => infer::cell_value(&s, t),
        (other, _) => Value::from(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heterogeneous_keys_become_the_union_of_columns() {
        let t = read_json(
            "Hunt",
            br#"{"Timestamp":"2026-11-27T07:00:00Z","DeviceName":"ws-01","Count":3}

{"DeviceName":"ws-02","Extra":{"k":[1,2]},"Count":4.5,"Ok":true}
{"Timestamp":null,"DeviceName":"ws-03","Ok":false,"Id":"0d7f9a3c-6e0b-4b59-9d1a-3f2c8e9b1a77"}
"#,
        )
        .unwrap();
        let cols: Vec<(&str, DataType)> = t
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.data_type))
            .collect();
        assert_eq!(
            cols,
            vec![
                ("Timestamp", DataType::DateTime),
                ("DeviceName", DataType::String),
                ("Count", DataType::Real),
                ("Extra", DataType::Dynamic),
                ("Ok", DataType::Bool),
                ("Id", DataType::Guid),
            ]
        );
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0][2], Value::Real(3.0));
        assert_eq!(t.rows[1][0], Value::Null);
        assert_eq!(
            t.rows[1][3],
            Value::dynamic(serde_json::json!({"k": [1, 2]}))
        );
        assert_eq!(t.rows[2][2], Value::Null);
    }

    #[test]
    fn mixed_scalars_are_strings_and_nested_values_dynamic() {
        let t = read_json("T", b"{\"a\":1,\"b\":1}\n{\"a\":\"x\",\"b\":[1]}\n").unwrap();
        assert_eq!(t.columns[0].data_type, DataType::String);
        assert_eq!(t.rows[0][0], Value::string("1"));
        assert_eq!(t.columns[1].data_type, DataType::Dynamic);
        assert_eq!(t.rows[0][1], Value::dynamic(serde_json::json!(1)));
        let t = read_json("T", b"{\"n\":1}\n{\"n\":2}\n").unwrap();
        assert_eq!(t.columns[0].data_type, DataType::Long);
    }

    #[test]
    fn a_json_array_of_objects_is_read_too() {
        let t = read_json("T", b" [{\"a\":1},{\"a\":2,\"b\":\"x\"}]").unwrap();
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.rows[1], vec![Value::Long(2), Value::string("x")]);
        let e = read_json("T", b"[{\"a\":1}, 5]").unwrap_err();
        assert!(e.message.contains("item 2"), "{e}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = read_json("T", b"{\"a\":1}\n{\"a\":\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("not valid JSON"), "{e}");
        let e = read_json("T", b"{\"a\":1}\n[1,2]\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("an array"), "{e}");
        let e = read_json("T", b"\n\n").unwrap_err();
        assert!(e.message.contains("no JSON objects"), "{e}");
    }
}
