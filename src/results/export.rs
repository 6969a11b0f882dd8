//! Writing a result (in the order shown) as CSV (RFC 4180), JSON (an array of typed objects) and
//! Markdown (a pipe table), for the clipboard and downloads.

use kql::{Table, Value};
use serde_json::{Map, Value as Json};

pub use copilot::answer::display_value as cell_text;

/// The formats a result can be copied or downloaded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Markdown,
}

impl Format {
    /// The name on the buttons.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Markdown => "Markdown",
        }
    }

    /// The file extension of a download.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "md",
        }
    }

    /// The MIME type of a download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Json => "application/json",
            Format::Markdown => "text/markdown;charset=utf-8",
        }
    }
}

/// The table's rows in `order` (indices into `table.rows`) in `format`.
pub fn write(table: &Table, order: &[usize], format: Format) -> String {
    match format {
        Format::Csv => to_csv(table, order),
        Format::Json => to_json(table, order),
        Format::Markdown => to_markdown(table, order),
    }
}

/// RFC 4180 CSV: a header row, CRLF line ends, and fields holding a comma, quote, CR or LF (or
/// leading/trailing spaces) quoted with inner quotes doubled.
pub fn to_csv(table: &Table, order: &[usize]) -> String {
    let mut out = String::new();
    let header: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    push_csv_row(&mut out, header.iter().copied());
    for &i in order {
        let Some(row) = table.rows.get(i) else {
            continue;
        };
        let cells: Vec<String> = row.iter().map(csv_cell).collect();
        push_csv_row(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// A cell's CSV text. Log strings are attacker-controlled (a user name, a command line), so a text
/// cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
/// leading `'`, as OWASP advises for CSV exports; numbers stay as they are.
fn csv_cell(value: &kql::Value) -> String {
    let text = cell_text(value);
    if matches!(value, kql::Value::String(_)) && text.starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        format!("'{text}")
    } else {
        text
    }
}

fn push_csv_row<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let needs_quotes =
            f.contains([',', '"', '\r', '\n']) || f.starts_with(' ') || f.ends_with(' ');
        if needs_quotes {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

/// A JSON array with one object per row, keyed by column name, values typed: numbers and bools as
/// JSON numbers and bools, datetimes as ISO 8601 strings, timespans as `[d.]hh:mm:ss`, guids as
/// strings, dynamic values as the JSON they hold, nulls as null.
pub fn to_json(table: &Table, order: &[usize]) -> String {
    let rows: Vec<Json> = order
        .iter()
        .filter_map(|&i| table.rows.get(i))
        .map(|row| {
            let mut object = Map::new();
            for (c, v) in table.columns.iter().zip(row) {
                object.insert(c.name.clone(), json_value(v));
            }
            Json::Object(object)
        })
        .collect();
    serde_json::to_string_pretty(&Json::Array(rows)).unwrap_or_else(|_| "[]".into())
}

fn json_value(v: &Value) -> Json {
    match v {
        Value::Dynamic(j) => (**j).clone(),
        Value::Real(r) if r.is_finite() => serde_json::Number::from_f64(*r)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Real(r) => Json::String(r.to_string()),
        other => kql::engine::value_to_json(other),
    }
}

/// A GitHub-flavoured Markdown table: pipes and backslashes escaped, line breaks as `<br>`.
pub fn to_markdown(table: &Table, order: &[usize]) -> String {
    let mut out = String::new();
    let header: Vec<String> = table
        .columns
        .iter()
        .map(|c| markdown_cell(&c.name))
        .collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        table
            .columns
            .iter()
            .map(|c| if is_numeric(c.data_type) {
                " ---: |"
            } else {
                " --- |"
            })
            .collect::<String>()
    ));
    for &i in order {
        let Some(row) = table.rows.get(i) else {
            continue;
        };
        let cells: Vec<String> = row.iter().map(|v| markdown_cell(&cell_text(v))).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn is_numeric(t: kql::DataType) -> bool {
    use kql::DataType::*;
    matches!(t, Int | Long | Real | Decimal)
}

fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            // Stop a cell from opening raw HTML in renderers that allow it.
            '<' => out.push_str("&lt;"),
            c => out.push(c),
        }
    }
    out
}

/// A file name for a download of this result: the table's name, or `query-result`.
pub fn file_name(table_name: &str, format: Format) -> String {
    let stem: String = table_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = if stem.is_empty() || stem == "PrimaryResult" || stem.starts_with("Table_") {
        "query-result".to_string()
    } else {
        stem
    };
    format!("{stem}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kql::{Column, DataType};

    fn sample() -> Table {
        let mut t = Table::new(
            "PrimaryResult",
            vec![
                Column::new("Account", DataType::String),
                Column::new("Count", DataType::Long),
                Column::new("When", DataType::DateTime),
                Column::new("Extra", DataType::Dynamic),
            ],
        );
        t.push_row(vec![
            Value::string("alice, \"admin\""),
            Value::Long(3),
            Value::DateTime(kql::time::parse_datetime("2026-11-27T07:00:00Z").unwrap()),
            Value::dynamic(serde_json::json!({"ip": "10.0.0.1"})),
        ]);
        t.push_row(vec![
            Value::string("bob|ops\nline2"),
            Value::Null,
            Value::Null,
            Value::Null,
        ]);
        t
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says() {
        let csv = to_csv(&sample(), &[0, 1]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Account,Count,When,Extra");
        assert_eq!(
            lines[1],
            r#""alice, ""admin""",3,2026-11-27T07:00:00Z,"{""ip"":""10.0.0.1""}""#
        );
        // An embedded newline stays inside the quoted field.
        assert_eq!(lines[2], "\"bob|ops\nline2\",,,");
        assert!(csv.ends_with("\r\n"));
        // The order given is the order written.
        let reversed = to_csv(&sample(), &[1, 0]);
        assert!(reversed.split("\r\n").nth(1).unwrap().starts_with("\"bob"));
    }

    #[test]
    fn csv_round_trips_through_the_file_reader() {
        let csv = to_csv(&sample(), &[0, 1]);
        let back = kql::import::csv::read_csv(csv.as_bytes()).unwrap();
        assert_eq!(back.header, vec!["Account", "Count", "When", "Extra"]);
        assert_eq!(back.rows[0][0], "alice, \"admin\"");
        assert_eq!(back.rows[1][0], "bob|ops\nline2");
    }

    #[test]
    fn json_is_an_array_of_typed_objects() {
        let json: Json = serde_json::from_str(&to_json(&sample(), &[0, 1])).unwrap();
        assert_eq!(json[0]["Account"], "alice, \"admin\"");
        assert_eq!(json[0]["Count"], 3);
        assert_eq!(json[0]["When"], "2026-11-27T07:00:00.0000000Z");
        assert_eq!(json[0]["Extra"]["ip"], "10.0.0.1");
        assert!(json[1]["Count"].is_null());
        assert_eq!(to_json(&sample(), &[]), "[]");
    }

    #[test]
    fn markdown_escapes_pipes_and_line_breaks() {
        let md = to_markdown(&sample(), &[0, 1]);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "| Account | Count | When | Extra |");
        assert_eq!(lines[1], "| --- | ---: | --- | --- |");
        assert_eq!(lines[3], "| bob\\|ops<br>line2 |  |  |  |");
        assert_eq!(markdown_cell("a\\|b<script>"), "a\\\\\\|b&lt;script>");
    }

    #[test]
    fn download_names() {
        assert_eq!(file_name("PrimaryResult", Format::Csv), "query-result.csv");
        assert_eq!(file_name("Signins_2026", Format::Json), "Signins_2026.json");
        assert_eq!(file_name("a b/c", Format::Markdown), "a_b_c.md");
        assert_eq!(Format::Csv.mime(), "text/csv;charset=utf-8");
    }

    #[test]
    fn csv_text_that_a_spreadsheet_would_run_is_neutralised() {
        let mut t = Table::new(
            "T",
            vec![
                kql::Column::new("Cmd", kql::DataType::String),
                kql::Column::new("N", kql::DataType::Long),
            ],
        );
        t.push_row(vec![
            kql::Value::String("=HYPERLINK(\"http://x\")".into()),
            kql::Value::Long(-3),
        ]);
        t.push_row(vec![
            kql::Value::String("@SUM(A1)".into()),
            kql::Value::Long(1),
        ]);
        t.push_row(vec![
            kql::Value::String("cmd.exe -c".into()),
            kql::Value::Long(2),
        ]);
        let csv = to_csv(&t, &[0, 1, 2]);
        assert_eq!(
            csv,
            "Cmd,N\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-3\r\n'@SUM(A1),1\r\ncmd.exe -c,2\r\n"
        );
    }
}
