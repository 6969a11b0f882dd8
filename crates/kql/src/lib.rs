//! KQL, the Kusto Query Language as analysts write it in Microsoft Sentinel.
//!
//! This crate holds the language front end (lexer, parser, syntax tree, formatter, schema checker)
//! and an in-memory engine that executes queries over [`Table`]s. It is pure Rust with no I/O, and
//! builds natively and for wasm32. It knows nothing about Sentinel's APIs or the browser.

pub mod ast;
pub mod builtins;
pub mod check;
pub mod complete;
pub mod diagnostic;
pub mod engine;
pub mod format;
pub mod highlight;
pub mod import;
pub mod lexer;
pub mod parser;
pub mod schema;
pub mod schema_json;
pub mod table;
pub mod table_codec;
pub mod time;
pub mod value;

pub use check::{check, check_query};
pub use diagnostic::{Diagnostic, Severity};
pub use format::{format, format_source};
pub use parser::{parse, parse_expression, Parsed};
pub use schema::{Catalog, ColumnSchema, TableSchema};
pub use table::{Column, Table};
pub use value::{DataType, Guid, Value};
