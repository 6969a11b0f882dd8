//! The semantic catalog: the KQL table catalog plus what the words of a question can point at —
//! table and column names split into words, descriptions, known values and our own synonyms —
//! indexed once so a question is read in microseconds.

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Maps keyed by short words: a multiply-rotate hash (as rustc's Fx hash) instead of SipHash,
/// whose flooding resistance a read-only catalog of our own words does not need.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// The hasher of [`HashMap`].
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        // The last up to seven bytes in at most two loads, not one at a time (most words are
        // shorter than eight): the first and last four (overlapping), or the first, middle and
        // last byte with the length.
        let r = chunks.remainder();
        let tail = match r.len() {
            0 => 0,
            1..=3 => {
                u64::from(r[0])
                    | u64::from(r[r.len() / 2]) << 8
                    | u64::from(r[r.len() - 1]) << 16
                    | (r.len() as u64) << 24
            }
            n => {
                let first = u32::from_le_bytes([r[0], r[1], r[2], r[3]]);
                let last = u32::from_le_bytes([r[n - 4], r[n - 3], r[n - 2], r[n - 1]]);
                u64::from(first) | u64::from(last) << 32
            }
        };
        self.0 = (self.0.rotate_left(5) ^ tail).wrapping_mul(K);
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

use kql::{Catalog, ColumnSchema, DataType, TableSchema};

use super::senses::{ROLE_NOUNS, SYNONYMS, TABLE_WORDS};
use super::text::{is_stopword, split_identifier, stem, WordTable};

/// Where a word of the catalog comes from; decides how much it says about a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    TableName,
    TableWord,
    /// One word of a several-word phrase of ours ("storage" of "storage account").
    TablePhraseWord,
    TableDescription,
    ColumnName,
    ColumnConcat,
    ColumnDescription,
    KnownValue,
}

impl Field {
    /// This field's bit in [`VocabEntry::fields`].
    pub(crate) const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// One place a catalog word occurs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Posting {
    pub table: u16,
    pub column: Option<u16>,
    pub field: Field,
}

/// The places of one table and field a catalog word occurs in (whichever columns), with how many
/// there are: what scoring a table needs, without walking every column's posting.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TableHit {
    pub table: u16,
    pub field: Field,
    pub count: u16,
    /// For a word of the table's name: which of its `name_words` it is (bit k for word k; no
    /// table name has 64 words), whether it is one many tables share, and the words of the name
    /// it spells when it is one of its `name_concats` ("cloudtrail": cloud, trail).
    pub name_bits: u64,
    pub common: bool,
    pub concat_bits: Option<u64>,
}

/// The bits of the table's `name_words` that are `w` (see [`TableHit::name_bits`]).
pub(crate) fn name_word_bits(t: &TableSense, w: &str) -> u64 {
    t.name_words
        .iter()
        .enumerate()
        .take(64)
        .filter(|(_, (nw, _))| nw == w)
        .fold(0, |bits, (k, _)| bits | 1 << k)
}

/// A vocabulary word: where it occurs, and what choosing a table asks of it, computed once.
#[derive(Clone, Debug, Default)]
pub(crate) struct VocabEntry {
    /// Sorted by table and column.
    pub postings: Vec<Posting>,
    /// One per table and field, in the order of `postings`.
    pub hits: Vec<TableHit>,
    /// The fields it occurs in, as [`Field::bit`]s.
    pub fields: u8,
    /// How many tables it points at.
    pub table_df: usize,
    /// How many tables it names (through the name or our words for it); 0 when none.
    pub name_df: usize,
}

impl VocabEntry {
    /// Whether the word occurs in `field` of some table.
    pub(crate) fn has(&self, field: Field) -> bool {
        self.fields & field.bit() != 0
    }
}

/// A value a column is known to take, with its words.
#[derive(Clone, Debug)]
pub(crate) struct KnownValue {
    pub value: String,
    pub words: Vec<String>,
    /// Words that tell this value apart from the column's other values.
    pub distinctive: Vec<String>,
    /// The first two letters of each distinctive word, as [`head_letters`].
    pub distinctive_heads: Vec<u32>,
    pub numeric: bool,
    /// How many words the value spells, stop words included ("NoSuchUser" is three).
    pub raw_len: usize,
    /// The stems of the catalog's description of the value, if it has one.
    pub described: Vec<String>,
}

/// A protocol's name without its version, for a value that is only that ("IMAP4", "POP3"):
/// analysts say "imap" and "pop".
fn protocol_name(v: &str) -> Option<String> {
    let letters = v.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = v.len() - letters;
    ((3..=6).contains(&letters) && (1..=2).contains(&digits))
        .then_some(&v[letters..])
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
        .map(|_| v[..letters].to_ascii_lowercase())
}

/// A word's first two letters as bits (of each byte's low five bits): a word within one edit of
/// another shares one of its first two letters, so most words are ruled out by one `&`.
pub(crate) fn head_letters(w: &str) -> u32 {
    w.bytes().take(2).fold(0, |m, b| m | 1u32 << (b & 31))
}

/// A beginning that several known values of a column share ("Windows" of Windows10 and
/// WindowsServer2019, "WindowsServer" of WindowsServer2016 and WindowsServer2019): a family of
/// values one word can name.
#[derive(Clone, Debug)]
pub(crate) struct ValueFamily {
    /// As the values spell it.
    pub prefix: String,
    /// The stems of its words (one or two).
    pub words: Vec<String>,
    /// How many of the column's values begin with it.
    pub count: usize,
}

/// A column with the words that name it.
#[derive(Clone, Debug)]
pub(crate) struct ColumnSense {
    pub name: String,
    pub data_type: DataType,
    pub words: Vec<String>,
    /// Runs of two or more raw words written as one ("commandline"), with how many words each
    /// spells; the whole name for a one-word column.
    pub concats: Vec<(String, usize)>,
    pub values: Vec<KnownValue>,
    /// Families of three or more known values, none of them a value itself (see [`ValueFamily`]).
    pub families: Vec<ValueFamily>,
    pub description: String,
    /// `description` in lower case, for the phrases some columns are recognised by.
    pub description_lower: String,
    /// The known values whose descriptions say each word (stems), for values named by what
    /// they mean ("revoked cards" for the error code described "The card was revoked").
    pub described_index: HashMap<String, Vec<u16>>,
    /// How many known values have a description.
    pub described_count: usize,
}

impl ColumnSense {
    pub(crate) fn is_text(&self) -> bool {
        matches!(self.data_type, DataType::String | DataType::Dynamic)
    }
    pub(crate) fn is_numeric(&self) -> bool {
        matches!(
            self.data_type,
            DataType::Int | DataType::Long | DataType::Real | DataType::Decimal
        )
    }
}

/// A table with the words that name it.
#[derive(Clone, Debug)]
pub(crate) struct TableSense {
    pub name: String,
    pub description: String,
    /// Stems of the table name's words, and whether each is common to many tables.
    pub name_words: Vec<(String, bool)>,
    /// Shared, so that a table seen with a join's columns copies no column.
    pub columns: Vec<Arc<ColumnSense>>,
    pub time_column: Option<String>,
    /// Snapshot tables keep one row per change; the latest row per this key is the current state.
    pub latest_by: Option<String>,
    /// Words analysts use for it (ours).
    pub phrases: Vec<String>,
    /// Which kinds of typed value ([`value_kind`]) the table has a column for.
    pub holds: Vec<bool>,
    /// Which kinds of column named by a noun (`ROLE_NOUNS`: users, devices...) the table has.
    pub roles: Vec<bool>,
    /// The columns of each kind, best first, worked out once for the table alone (see
    /// `mentions::role_columns`).
    pub role_columns: Arc<Vec<Vec<usize>>>,
    /// Adjacent name words written as one ("cloudtrail" of AWSCloudTrail), with their stems.
    pub name_concats: Vec<(String, Vec<String>)>,
    /// Known values by their first word, lower case: (column, value) for phrase look-up.
    pub value_index: Arc<HashMap<String, Vec<(u16, u16)>>>,
    /// Known values by what a question word naming their last telling word may be (see
    /// [`value_end_keys`]): (column, value), so that only those values are tried.
    pub value_ends: Arc<HashMap<String, Vec<(u16, u16)>>>,
    /// The columns each column word or concatenation names, to skip the others at once.
    pub column_index: ColumnIndex,
    /// The same for the columns joins brought (empty but in a table seen with its joins, see
    /// `tables::with_joined_columns`): each joined table's index, with where each of its columns
    /// went (none when the table had a column of that name already).
    pub joined_column_index: Vec<(ColumnIndex, Vec<Option<u16>>)>,
    /// The column of outcome codes where 0 is success (ResultType), if any (see
    /// `filters::outcomes::outcome_column_of`).
    pub outcome_column: Option<u16>,
    /// Each column by its name (the first of a repeated name).
    pub column_by_name: Arc<HashMap<String, u16>>,
    /// Known values by the whole value in lower case: the columns that know it, in order.
    pub value_columns: Arc<HashMap<String, Vec<u16>>>,
}

/// The columns each column word or concatenation names.
pub(crate) type ColumnIndex = Arc<HashMap<String, Vec<u16>>>;

/// Typed values stand for by one example each, to precompute which tables can hold them.
const VALUE_EXAMPLES: &[&str] = &[
    "10.1.2.3",
    "a@b.com",
    "http://a.com/x",
    "a.com",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "0123456789abcdef0123456789abcdef01234567",
    "0123456789abcdef0123456789abcdef",
    "6b0d8b3e-4a8f-4e27-9f3a-2a5c1d7e9b10",
    "284f1b25b12bb7b76b5b43",
    "a.exe",
    "HKEY_LOCAL_MACHINE\\x",
    "C:\\x\\y",
    "CVE-2024-1234",
];

/// The index of a typed value's kind in [`VALUE_EXAMPLES`], if it has one.
pub(crate) fn value_kind(t: &super::text::Token) -> Option<usize> {
    use super::text::Shape;
    Some(match t.shape {
        Shape::Ip => 0,
        Shape::Email => 1,
        Shape::Url => 2,
        Shape::Domain => 3,
        Shape::Hash => match t.raw.len() {
            64 => 4,
            40 => 5,
            _ => 6,
        },
        Shape::Guid => 7,
        Shape::HexId => 8,
        Shape::FileName => 9,
        Shape::Path if t.lower.starts_with("hk") => 10,
        Shape::Path => 11,
        Shape::Cve => 12,
        _ => return None,
    })
}

impl TableSense {
    pub(crate) fn column(&self, name: &str) -> Option<(usize, &ColumnSense)> {
        let ci = usize::from(*self.column_by_name.get(name)?);
        Some((ci, &*self.columns[ci]))
    }

    /// The numeric column of Windows event IDs (EventID, or DnsEvents' EventId), if any.
    pub(crate) fn event_id_column(&self) -> Option<usize> {
        ["EventID", "EventId"]
            .iter()
            .find_map(|n| self.column(n))
            .filter(|(_, c)| c.is_numeric())
            .map(|(ci, _)| ci)
    }

    /// The columns a column word or concatenation names (see `column_index`).
    pub(crate) fn columns_named<'a>(&'a self, w: &'a str) -> impl Iterator<Item = u16> + 'a {
        let own = self.column_index.get(w).into_iter().flatten().copied();
        let joined = self
            .joined_column_index
            .iter()
            .flat_map(move |(index, moved)| {
                index
                    .get(w)
                    .into_iter()
                    .flatten()
                    .filter_map(|&c| moved[usize::from(c)])
            });
        own.chain(joined)
    }

    /// Whether a column word or concatenation names some column.
    pub(crate) fn has_column_word(&self, w: &str) -> bool {
        self.column_index.contains_key(w) || self.columns_named(w).next().is_some()
    }
}

/// The KQL catalog plus the meaning of its words, built once and shared by every question.
#[derive(Clone, Debug)]
pub struct Nl2KqlCatalog {
    pub(crate) schema: Catalog,
    /// The same tables and typed columns without descriptions and known values, for the
    /// checker's errors (known values only ever give warnings): far less to copy per check.
    pub(crate) check_schema: Catalog,
    pub(crate) tables: Vec<TableSense>,
    pub(crate) vocab: HashMap<String, VocabEntry>,
    /// Single-deletion variants of vocabulary words, for typo-tolerant look-up.
    pub(crate) deletions: HashMap<String, Vec<String>>,
    pub(crate) synonyms: HashMap<String, Vec<String>>,
    /// How many tables each word names (through the name or our words for it).
    pub(crate) name_df: HashMap<String, usize>,
    /// One-word column names that spell words of tables' own names (see [`spelled_name_words`]).
    pub(crate) concat_name_words: HashMap<String, Vec<(u16, u16)>>,
    /// The tables a question may name whole (see `tables::full_name_words`), by the first word
    /// it must say.
    pub(crate) full_name_starts: HashMap<String, Vec<u16>>,
    /// The first table of each name of two or more words, by the name in ASCII lower case.
    pub(crate) table_by_name: HashMap<String, u16>,
}

/// A catalog file that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CatalogError {}

/// Reads a table schema in the NL2KQL/Kusto JSON form (`[{"Tables":[{"Table","Columns":[{"Name",
/// "Type":"System.String"}]}]}]`).
pub fn schema_from_json(json: &str) -> Result<Catalog, CatalogError> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| CatalogError(format!("schema JSON: {e}")))?;
    let dbs = match &v {
        serde_json::Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let mut catalog = Catalog::new();
    for db in &dbs {
        let tables = db
            .get("Tables")
            .and_then(|t| t.as_array())
            .ok_or_else(|| CatalogError("schema JSON: expected a \"Tables\" array".into()))?;
        for t in tables {
            let name = t
                .get("Table")
                .or_else(|| t.get("Name"))
                .and_then(|n| n.as_str())
                .ok_or_else(|| CatalogError("schema JSON: a table without \"Table\"".into()))?;
            let mut columns = Vec::new();
            for c in t
                .get("Columns")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                let (Some(cn), Some(ty)) = (
                    c.get("Name").and_then(|n| n.as_str()),
                    c.get("Type").and_then(|n| n.as_str()),
                ) else {
                    continue;
                };
                columns.push(kql::Column::new(cn, clr_type(ty)));
            }
            catalog.add(TableSchema::new(name, columns));
        }
    }
    Ok(catalog)
}

fn clr_type(t: &str) -> DataType {
    match t
        .trim_start_matches("System.")
        .to_ascii_lowercase()
        .as_str()
    {
        "string" => DataType::String,
        "datetime" => DataType::DateTime,
        "int32" | "int16" | "byte" | "int" => DataType::Int,
        "int64" | "long" | "uint32" | "uint64" => DataType::Long,
        "double" | "single" | "real" => DataType::Real,
        // Kusto's bool is System.SByte in a schema export.
        "boolean" | "bool" | "sbyte" | "sbyte?" => DataType::Bool,
        "guid" => DataType::Guid,
        "timespan" => DataType::TimeSpan,
        "decimal" | "data.sqltypes.sqldecimal" => DataType::Decimal,
        _ => DataType::Dynamic,
    }
}

/// Merges a data catalog YAML (NL2KQL form: tables with `Name`, `Description`, `Columns` with
/// `Name`, `Description`, `Values`) into `catalog`, for the tables it already holds.
pub fn merge_yaml(catalog: &mut Catalog, yaml: &str) -> Result<usize, CatalogError> {
    let doc: serde_yaml::Value =
        serde_yaml::from_str(yaml).map_err(|e| CatalogError(format!("catalog YAML: {e}")))?;
    let tables = doc
        .as_sequence()
        .ok_or_else(|| CatalogError("catalog YAML: expected a list of tables".into()))?;
    let mut merged = 0;
    for t in tables {
        let Some(name) = t.get("Name").and_then(|n| n.as_str()) else {
            continue;
        };
        let Some(existing) = catalog.table(name) else {
            continue;
        };
        let mut add = TableSchema {
            name: name.to_string(),
            description: t
                .get("Description")
                .and_then(|d| d.as_str())
                .map(str::to_string),
            columns: Vec::new(),
        };
        for c in t
            .get("Columns")
            .and_then(|c| c.as_sequence())
            .into_iter()
            .flatten()
        {
            let Some(cn) = c.get("Name").and_then(|n| n.as_str()) else {
                continue;
            };
            let Some(col) = existing.column(cn) else {
                continue;
            };
            let known_values = c
                .get("Values")
                .and_then(|v| v.as_sequence())
                .into_iter()
                .flatten()
                .filter(|v| v.get("Key").is_none())
                .filter_map(|v| match v.get("Value") {
                    Some(serde_yaml::Value::String(s)) => Some(s.clone()),
                    Some(serde_yaml::Value::Number(n)) => Some(n.to_string()),
                    Some(serde_yaml::Value::Bool(b)) => Some(b.to_string()),
                    _ => None,
                })
                .collect();
            let value_descriptions = c
                .get("Values")
                .and_then(|v| v.as_sequence())
                .into_iter()
                .flatten()
                .filter(|v| v.get("Key").is_none())
                .filter_map(|v| {
                    let value = match v.get("Value")? {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Number(n) => n.to_string(),
                        _ => return None,
                    };
                    let d = v.get("Description")?.as_str()?.trim();
                    (!d.is_empty()).then(|| (value, d.to_string()))
                })
                .collect();
            add.columns.push(ColumnSchema {
                column: col.column.clone(),
                description: c
                    .get("Description")
                    .and_then(|d| d.as_str())
                    .map(str::to_string),
                known_values,
                value_descriptions,
            });
        }
        catalog.add(add);
        merged += 1;
    }
    Ok(merged)
}

fn content_stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 2 {
            continue;
        }
        for part in split_identifier(w) {
            if part.len() < 2 || is_stopword(&part) {
                continue;
            }
            let s = stem(&part);
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Calls `f` with each spelling of `w` missing one character, in one reused buffer.
pub(crate) fn for_each_deletion(w: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::with_capacity(w.len());
    for (i, c) in w.char_indices() {
        buf.clear();
        buf.push_str(&w[..i]);
        buf.push_str(&w[i + c.len_utf8()..]);
        f(&buf);
    }
}

pub(crate) fn deletion_variants(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

impl Nl2KqlCatalog {
    /// Indexes a KQL catalog (with whatever descriptions and known values it holds).
    pub fn new(schema: Catalog) -> Nl2KqlCatalog {
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::default();
        for group in SYNONYMS {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            for s in &stems {
                let e = synonyms.entry(s.clone()).or_default();
                for o in &stems {
                    if o != s && !e.contains(o) {
                        e.push(o.clone());
                    }
                }
            }
        }
        let mut tables: Vec<TableSense> = schema.tables().map(table_sense).collect();
        // Name words shared by many tables ("Device", "Events") say little on their own.
        let mut name_df: HashMap<String, usize> = HashMap::default();
        for t in &tables {
            for (w, _) in &t.name_words {
                *name_df.entry(w.clone()).or_default() += 1;
            }
        }
        // A concatenation that is some table's own name word ("signin" of SigninLogs) does not
        // name the longer tables that spell it in two (AADNonInteractiveUserSignInLogs).
        let whole: std::collections::HashSet<String> = tables
            .iter()
            .flat_map(|t| t.name_words.iter().map(|(w, _)| w.clone()))
            .collect();
        for t in &mut tables {
            t.name_concats.retain(|(c, _)| !whole.contains(c));
        }
        let common = (tables.len() / 5).max(3);
        for t in &mut tables {
            for (w, c) in &mut t.name_words {
                *c = name_df.get(w).copied().unwrap_or(0) >= common;
            }
        }
        let mut vocab: HashMap<String, Vec<Posting>> = HashMap::default();
        let mut add = |w: &str, p: Posting| {
            if w.is_empty() {
                return;
            }
            vocab.entry(w.to_string()).or_default().push(p);
        };
        for (ti, t) in tables.iter().enumerate() {
            let table = ti as u16;
            for (w, _) in &t.name_words {
                add(
                    w,
                    Posting {
                        table,
                        column: None,
                        field: Field::TableName,
                    },
                );
            }
            add(
                &t.name.to_lowercase(),
                Posting {
                    table,
                    column: None,
                    field: Field::TableName,
                },
            );
            for (w, _) in &t.name_concats {
                add(
                    w,
                    Posting {
                        table,
                        column: None,
                        field: Field::TableName,
                    },
                );
            }
            for phrase in &t.phrases {
                let several = phrase.contains(' ');
                for w in content_stems(phrase) {
                    add(
                        &w,
                        Posting {
                            table,
                            column: None,
                            field: if several {
                                Field::TablePhraseWord
                            } else {
                                Field::TableWord
                            },
                        },
                    );
                }
                let joined: String = phrase.split_whitespace().collect::<Vec<_>>().concat();
                if phrase.contains(' ') {
                    add(
                        &joined,
                        Posting {
                            table,
                            column: None,
                            field: Field::TableWord,
                        },
                    );
                }
            }
            for w in content_stems(&t.description) {
                add(
                    &w,
                    Posting {
                        table,
                        column: None,
                        field: Field::TableDescription,
                    },
                );
            }
            for (ci, c) in t.columns.iter().enumerate() {
                let column = Some(ci as u16);
                for w in &c.words {
                    add(
                        w,
                        Posting {
                            table,
                            column,
                            field: Field::ColumnName,
                        },
                    );
                }
                let raw = split_identifier(&c.name);
                for i in 0..raw.len() {
                    for j in i + 2..=raw.len() {
                        add(
                            &raw[i..j].concat(),
                            Posting {
                                table,
                                column,
                                field: Field::ColumnConcat,
                            },
                        );
                    }
                }
                if raw.len() == 1 {
                    add(
                        &c.name.to_lowercase(),
                        Posting {
                            table,
                            column,
                            field: Field::ColumnConcat,
                        },
                    );
                }
                for w in content_stems(&c.description) {
                    add(
                        &w,
                        Posting {
                            table,
                            column,
                            field: Field::ColumnDescription,
                        },
                    );
                }
                for v in &c.values {
                    if v.numeric {
                        continue;
                    }
                    for w in &v.words {
                        add(
                            w,
                            Posting {
                                table,
                                column,
                                field: Field::KnownValue,
                            },
                        );
                    }
                    add(
                        &v.value.to_lowercase(),
                        Posting {
                            table,
                            column,
                            field: Field::KnownValue,
                        },
                    );
                    // A name written as one word inside the value ("OneDrive" of "OneDrive
                    // Page"), as the question writes it.
                    if v.value.contains(' ') {
                        for piece in v.value.split(' ') {
                            if split_identifier(piece).len() >= 2
                                && piece.chars().all(char::is_alphabetic)
                            {
                                add(
                                    &piece.to_lowercase(),
                                    Posting {
                                        table,
                                        column,
                                        field: Field::KnownValue,
                                    },
                                );
                            }
                        }
                    }
                }
            }
        }
        let mut table_df: HashMap<String, usize> = HashMap::default();
        let mut name_df = HashMap::default();
        let mut deletions: HashMap<String, Vec<String>> = HashMap::default();
        for (w, ps) in &mut vocab {
            ps.sort_by_key(|p| (p.table, p.column));
            let mut seen: Vec<u16> = ps.iter().map(|p| p.table).collect();
            seen.dedup();
            table_df.insert(w.clone(), seen.len());
            let mut named: Vec<u16> = ps
                .iter()
                .filter(|p| {
                    matches!(
                        p.field,
                        Field::TableName | Field::TableWord | Field::TablePhraseWord
                    )
                })
                .map(|p| p.table)
                .collect();
            named.dedup();
            if !named.is_empty() {
                name_df.insert(w.clone(), named.len());
            }
            if w.chars().count() >= 4 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                for d in deletion_variants(w) {
                    deletions.entry(d).or_default().push(w.clone());
                }
            }
        }
        let vocab: HashMap<String, VocabEntry> = vocab
            .into_iter()
            .map(|(w, postings)| {
                let mut entry = vocab_entry(
                    postings,
                    table_df.get(&w).copied().unwrap_or(0),
                    name_df.get(&w).copied().unwrap_or(0),
                );
                for h in &mut entry.hits {
                    let t = &tables[usize::from(h.table)];
                    h.name_bits = name_word_bits(t, &w);
                    h.common = t.name_words.iter().any(|(nw, c)| *nw == w && *c);
                    h.concat_bits =
                        t.name_concats
                            .iter()
                            .find(|(c, _)| *c == w)
                            .map(|(_, parts)| {
                                parts.iter().fold(0, |bits, p| bits | name_word_bits(t, p))
                            });
                }
                (w, entry)
            })
            .collect();
        let mut concat_name_words: HashMap<String, Vec<(u16, u16)>> = HashMap::default();
        for (w, e) in &vocab {
            let found = spelled_name_words(&tables, w, &e.postings);
            if !found.is_empty() {
                concat_name_words.insert(w.clone(), found);
            }
        }
        let mut full_name_starts: HashMap<String, Vec<u16>> = HashMap::default();
        for (ti, t) in tables.iter().enumerate() {
            if let [(first, _), ..] = super::tables::full_name_words(t) {
                full_name_starts
                    .entry(first.clone())
                    .or_default()
                    .push(ti as u16);
            }
        }
        let mut table_by_name: HashMap<String, u16> = HashMap::default();
        for (ti, t) in tables.iter().enumerate() {
            if t.name_words.len() >= 2 {
                table_by_name
                    .entry(t.name.to_ascii_lowercase())
                    .or_insert(ti as u16);
            }
        }
        let mut check_schema = Catalog::new();
        for t in schema.tables() {
            check_schema.add(kql::TableSchema::new(
                t.name.clone(),
                t.columns.iter().map(|c| c.column.clone()).collect(),
            ));
        }
        Nl2KqlCatalog {
            schema,
            check_schema,
            tables,
            vocab,
            deletions,
            synonyms,
            name_df,
            concat_name_words,
            full_name_starts,
            table_by_name,
        }
    }

    /// Indexes a schema JSON file's tables, with the descriptions and known values of any number of
    /// data catalog YAML files merged in.
    pub fn from_files(
        schema_json: &str,
        yaml_catalogs: &[&str],
    ) -> Result<Nl2KqlCatalog, CatalogError> {
        let mut schema = schema_from_json(schema_json)?;
        for y in yaml_catalogs {
            merge_yaml(&mut schema, y)?;
        }
        Ok(Nl2KqlCatalog::new(schema))
    }

    /// The KQL catalog queries are checked against.
    pub fn schema(&self) -> &Catalog {
        &self.schema
    }

    /// Names of the tables it can query.
    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|t| t.name.as_str())
    }

    pub(crate) fn table_index(&self, name: &str) -> Option<usize> {
        self.tables.iter().position(|t| t.name == name)
    }

    /// Vocabulary words a question word may stand for, with a factor for how sure the match is
    /// (borrowed from the catalog: no allocation on the hot path).
    pub(crate) fn lookup<'c>(
        &'c self,
        stem_word: &str,
        lower: &str,
        out: &mut Vec<(&'c str, f32)>,
    ) {
        self.lookup_with(stem_word, lower, out, |w, _, f| (w, f), |o| o.0);
    }

    /// [`Nl2KqlCatalog::lookup`] with each word's entry.
    pub(crate) fn lookup_entries<'c>(
        &'c self,
        stem_word: &str,
        lower: &str,
        out: &mut Vec<(&'c str, &'c VocabEntry, f32)>,
    ) {
        self.lookup_with(stem_word, lower, out, |w, e, f| (w, e, f), |o| o.0);
    }

    fn lookup_with<'c, T>(
        &'c self,
        stem_word: &str,
        lower: &str,
        out: &mut Vec<T>,
        make: impl Fn(&'c str, &'c VocabEntry, f32) -> T,
        word: impl Fn(&T) -> &'c str,
    ) {
        out.clear();
        for w in [stem_word, lower] {
            if let Some((k, e)) = self.vocab.get_key_value(w) {
                if !out.iter().any(|o| word(o) == k.as_str()) {
                    out.push(make(k.as_str(), e, 1.0));
                }
            }
        }
        if let Some(syns) = self.synonyms.get(stem_word) {
            for s in syns {
                if let Some((k, e)) = self.vocab.get_key_value(s) {
                    if !out.iter().any(|o| word(o) == k.as_str()) {
                        out.push(make(k.as_str(), e, 0.8));
                    }
                }
            }
        }
        if !out.is_empty()
            || stem_word.chars().count() < 5
            || !stem_word.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return;
        }
        // Typos: one edit away (SymSpell-style via deletion variants).
        let mut cands: Vec<&'c String> = Vec::new();
        if let Some(v) = self.deletions.get(stem_word) {
            cands.extend(v);
        }
        for_each_deletion(stem_word, |d| {
            if let Some((k, _)) = self.vocab.get_key_value(d) {
                cands.push(k);
            }
            if let Some(v) = self.deletions.get(d) {
                cands.extend(v);
            }
        });
        cands.sort();
        cands.dedup();
        for c in cands {
            if super::text::edit_distance(stem_word, c, 1) <= 1 {
                if let Some(e) = self.vocab.get(c.as_str()) {
                    out.push(make(c.as_str(), e, 0.7));
                }
            }
        }
    }

    pub(crate) fn postings(&self, w: &str) -> &[Posting] {
        self.vocab.get(w).map_or(&[], |e| e.postings.as_slice())
    }
}

/// A vocabulary word's entry from its postings.
fn vocab_entry(mut postings: Vec<Posting>, table_df: usize, name_df: usize) -> VocabEntry {
    postings.sort_by_key(|p| (p.table, p.column));
    let mut hits: Vec<TableHit> = Vec::new();
    let mut table_start = 0;
    let mut fields = 0u8;
    for p in &postings {
        fields |= p.field.bit();
        if hits.get(table_start).is_some_and(|h| h.table != p.table) {
            table_start = hits.len();
        }
        match hits[table_start..].iter_mut().find(|h| h.field == p.field) {
            Some(h) => h.count += 1,
            None => hits.push(TableHit {
                table: p.table,
                field: p.field,
                count: 1,
                name_bits: 0,
                common: false,
                concat_bits: None,
            }),
        }
    }
    VocabEntry {
        postings,
        hits,
        fields,
        table_df,
        name_df,
    }
}

/// The own name words of tables (as (table, index in its `name_words`)) that a one-word column
/// name `form` spells ("registrykey" is Registry Key: "registry" names DeviceRegistryEvents), for
/// the tables whose column of two or more words is written so.
fn spelled_name_words(tables: &[TableSense], form: &str, postings: &[Posting]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for p in postings {
        if p.field != Field::ColumnConcat {
            continue;
        }
        let Some(ci) = p.column else {
            continue;
        };
        let table = &tables[p.table as usize];
        let col = &table.columns[ci as usize];
        if !col.concats.iter().any(|(cc, k)| cc == form && *k >= 2) {
            continue;
        }
        for raw in split_identifier(&col.name) {
            let raw = raw.to_lowercase();
            if !form.contains(raw.as_str()) {
                continue;
            }
            let s = stem(&raw);
            // Name words most tables share ("device") tell nothing.
            if let Some(nw) = table.name_words.iter().position(|(nw, c)| *nw == s && !c) {
                let hit = (p.table, nw as u16);
                if !out.contains(&hit) {
                    out.push(hit);
                }
            }
        }
    }
    out
}

fn table_sense(t: &TableSchema) -> TableSense {
    let raw_name = split_identifier(&t.name);
    let name_words: Vec<(String, bool)> = raw_name.iter().map(|w| (stem(w), false)).collect();
    let mut name_concats = Vec::new();
    for i in 0..raw_name.len() {
        for j in i + 2..=raw_name.len() {
            if i == 0 && j == raw_name.len() {
                continue;
            }
            let parts: Vec<String> = name_words[i..j].iter().map(|(w, _)| w.clone()).collect();
            name_concats.push((raw_name[i..j].concat(), parts));
        }
    }
    let columns: Vec<Arc<ColumnSense>> = t
        .columns
        .iter()
        .map(|c| Arc::new(column_sense(&t.name, &name_words, c)))
        .collect();
    let time_column = ["TimeGenerated", "Timestamp"]
        .iter()
        .find(|n| {
            columns
                .iter()
                .any(|c| c.name == **n && c.data_type == DataType::DateTime)
        })
        .map(|s| s.to_string())
        .or_else(|| {
            columns
                .iter()
                .find(|c| c.data_type == DataType::DateTime)
                .map(|c| c.name.clone())
        });
    let latest_by = (t.name == "SecurityIncident"
        && columns.iter().any(|c| c.name == "IncidentNumber"))
    .then(|| "IncidentNumber".to_string());
    let phrases = TABLE_WORDS
        .iter()
        .filter(|(n, _)| *n == t.name)
        .flat_map(|(_, ws)| ws.iter().map(|w| w.to_string()))
        .collect();
    let mut sense = TableSense {
        name: t.name.clone(),
        description: t.description.clone().unwrap_or_default(),
        name_words,
        columns,
        time_column,
        latest_by,
        phrases,
        holds: Vec::new(),
        roles: Vec::new(),
        role_columns: Arc::default(),
        name_concats,
        value_index: Arc::default(),
        value_ends: Arc::default(),
        column_index: Arc::default(),
        joined_column_index: Vec::new(),
        outcome_column: None,
        column_by_name: Arc::default(),
        value_columns: Arc::default(),
    };
    let mut value_columns: HashMap<String, Vec<u16>> = HashMap::default();
    let mut column_by_name: HashMap<String, u16> = HashMap::default();
    for (ci, c) in sense.columns.iter().enumerate() {
        column_by_name.entry(c.name.clone()).or_insert(ci as u16);
        for v in &c.values {
            let e = value_columns.entry(v.value.to_lowercase()).or_default();
            if e.last() != Some(&(ci as u16)) {
                e.push(ci as u16);
            }
        }
    }
    let mut column_index: HashMap<String, Vec<u16>> = HashMap::default();
    for (ci, c) in sense.columns.iter().enumerate() {
        for w in c.words.iter().chain(c.concats.iter().map(|(w, _)| w)) {
            let e = column_index.entry(w.clone()).or_default();
            if !e.contains(&(ci as u16)) {
                e.push(ci as u16);
            }
        }
    }
    sense.column_index = Arc::new(column_index);
    sense.value_columns = Arc::new(value_columns);
    sense.column_by_name = Arc::new(column_by_name);
    let mut value_index: HashMap<String, Vec<(u16, u16)>> = HashMap::default();
    for (ci, c) in sense.columns.iter().enumerate() {
        for (vi, v) in c.values.iter().enumerate() {
            if v.numeric {
                continue;
            }
            if let Some(first) = v.value.split_whitespace().next() {
                value_index
                    .entry(first.to_lowercase())
                    .or_default()
                    .push((ci as u16, vi as u16));
            }
        }
    }
    sense.value_index = Arc::new(value_index);
    let mut value_ends: HashMap<String, Vec<(u16, u16)>> = HashMap::default();
    let mut keys = Vec::new();
    for (ci, c) in sense.columns.iter().enumerate() {
        for (vi, v) in c.values.iter().enumerate() {
            value_end_keys(v, &mut keys);
            for k in keys.drain(..) {
                value_ends
                    .entry(k)
                    .or_default()
                    .push((ci as u16, vi as u16));
            }
        }
    }
    sense.value_ends = Arc::new(value_ends);
    sense.holds = VALUE_EXAMPLES
        .iter()
        .map(|ex| {
            let tok = super::text::tokenize(ex).into_iter().next();
            tok.is_some_and(|tok| !super::filters::shape_columns(&sense, &tok).is_empty())
        })
        .collect();
    let by_role: Vec<Vec<usize>> = (0..ROLE_NOUNS.len())
        .map(|r| super::mentions::role_columns(&sense, r))
        .collect();
    sense.roles = by_role.iter().map(|c| !c.is_empty()).collect();
    sense.role_columns = Arc::new(by_role);
    sense.outcome_column = super::filters::outcomes::outcome_column_of(&sense.columns);
    sense
}

/// "windows7" -> "windows", "7": a word of three or more letters with a number after it.
fn number_apart(w: String) -> Vec<String> {
    let letters = w.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters >= 3 && letters < w.len() && w.bytes().skip(letters).all(|b| b.is_ascii_digit()) {
        let digits = w[letters..].to_string();
        let mut w = w;
        w.truncate(letters);
        vec![w, digits]
    } else {
        vec![w]
    }
}

/// The keys a known value is found by in [`TableSense::value_ends`]: a value is named only when
/// its last telling word is, by a question word that is that word, begins with it, is one edit
/// from it (so shares a spelling missing one letter with it), or writes its last two telling words
/// as one. Every such word is, or has a deletion or a beginning that is, one of these keys.
fn value_end_keys(v: &KnownValue, keys: &mut Vec<String>) {
    if v.numeric {
        return;
    }
    if let Some(last) = v.distinctive.last() {
        keys.push(last.clone());
        if last.len() >= 5 {
            for_each_deletion(last, |d| keys.push(d.to_string()));
        }
    }
    if let [.., a, b] = v.distinctive.as_slice() {
        keys.push(format!("{a}{b}"));
    }
    // A value of three or more words may be named by all but its last (`enums::leading_words`):
    // then by the word before the last.
    let n = v.words.len();
    if n >= 3 && v.raw_len == n {
        let before_last = &v.words[n - 2];
        keys.push(before_last.clone());
        if before_last.len() >= 5 {
            for_each_deletion(before_last, |d| keys.push(d.to_string()));
        }
    }
    keys.sort();
    keys.dedup();
}

fn column_sense(table: &str, table_words: &[(String, bool)], c: &ColumnSchema) -> ColumnSense {
    let words: Vec<String> = split_identifier(&c.column.name)
        .iter()
        .map(|w| stem(w))
        .collect();
    // A catalog without a value list may still name the values in the description.
    // Nor that, the service's own documented values of a well-known column.
    let listed = if c.known_values.is_empty() && c.column.data_type == DataType::String {
        let mut listed =
            super::described_values::described_values(c.description.as_deref().unwrap_or(""));
        let known = super::well_known_values::well_known_values(table, &c.column.name);
        listed.extend(
            known
                .iter()
                .filter(|k| !listed.iter().any(|l| l.eq_ignore_ascii_case(k)))
                .map(|k| k.to_string())
                .collect::<Vec<_>>(),
        );
        listed
    } else {
        Vec::new()
    };
    let mut values: Vec<KnownValue> = c
        .known_values
        .iter()
        .chain(&listed)
        .map(|v| {
            let numeric = v.parse::<f64>().is_ok();
            let words: Vec<String> = if numeric {
                Vec::new()
            } else {
                let protocol = protocol_name(v);
                // A name with its number run together ("Windows7", "WindowsServer2019") is
                // said as two words ("windows 7", "server 2019").
                let mut parts = split_identifier(v);
                if protocol.is_none() {
                    parts = parts.into_iter().flat_map(number_apart).collect();
                }
                let mut words: Vec<String> = Vec::with_capacity(parts.len());
                let mut pushed_previous = false;
                for (k, w) in parts.iter().enumerate() {
                    // "LogOn", "SignIn", "LogOff": the verb and its particle are one word, as
                    // analysts write it ("failed logons" of FailedLogOn).
                    let lw = w.to_ascii_lowercase();
                    let joined = k > 0
                        && matches!(lw.as_str(), "on" | "in" | "off" | "out")
                        && matches!(parts[k - 1].to_ascii_lowercase().as_str(), "log" | "sign");
                    if joined {
                        let one = stem(&format!("{}{lw}", parts[k - 1].to_ascii_lowercase()));
                        match words.last_mut().filter(|_| pushed_previous) {
                            Some(last) => *last = one,
                            None => words.push(one),
                        }
                        pushed_previous = true;
                        continue;
                    }
                    pushed_previous = !is_stopword(w);
                    if pushed_previous {
                        words.push(protocol.clone().unwrap_or_else(|| stem(w)));
                    }
                }
                words
            };
            let described = c
                .value_descriptions
                .iter()
                .find(|(dv, _)| dv == v)
                .map(|(_, d)| content_stems(d))
                .unwrap_or_default();
            KnownValue {
                raw_len: split_identifier(v).len(),
                value: v.clone(),
                words,
                distinctive: Vec::new(),
                distinctive_heads: Vec::new(),
                numeric,
                described,
            }
        })
        .collect();
    let n = values.len();
    let mut freq: HashMap<String, usize> = HashMap::default();
    for v in &values {
        let mut ws = v.words.clone();
        ws.dedup();
        for w in ws {
            *freq.entry(w).or_default() += 1;
        }
    }
    for v in &mut values {
        v.distinctive = v
            .words
            .iter()
            .filter(|w| {
                n <= 2
                    || freq.get(*w).copied().unwrap_or(0) * 3 < n.max(3) * 2
                    || freq.get(*w).copied().unwrap_or(0) == 1
            })
            .filter(|w| !words.contains(w) && !is_stopword(w))
            .cloned()
            .collect();
        // A word of the table's own name says which table, not which value ("blob" of
        // StorageBlobLogs' DeleteBlob: "blob deletions" is DeleteBlob by "deletions") — among
        // several values, not of a column that holds one constant ("User Risk Detection").
        if v.distinctive.len() >= 2 && n >= 4 {
            let own = |w: &String| table_words.iter().any(|(t, _)| t == w);
            // Not down to a word for a kind of thing ("account" of AWSAccount).
            let telling = |w: &String| !own(w) && role_of(w).is_none();
            if v.distinctive.iter().any(own) && v.distinctive.iter().any(telling) {
                v.distinctive.retain(|w| !own(w));
            }
        }
        // An "IP" is an IP address: "anonymous IPs" names anonymizedIPAddress.
        if let Some(k) = v
            .distinctive
            .windows(2)
            .position(|p| p[0] == "ip" && p[1] == "address")
        {
            v.distinctive.remove(k + 1);
        }
        v.distinctive_heads = v.distinctive.iter().map(|w| head_letters(w)).collect();
    }
    let raw_words = split_identifier(&c.column.name);
    let mut concats = Vec::new();
    for a in 0..raw_words.len() {
        for b in a + 1..=raw_words.len() {
            if b - a >= 2 || raw_words.len() == 1 {
                concats.push((raw_words[a..b].concat(), b - a));
            }
        }
    }
    let families = value_families(&values);
    let mut described_index: HashMap<String, Vec<u16>> = HashMap::default();
    for (vi, v) in values.iter().enumerate() {
        for w in &v.described {
            described_index
                .entry(w.clone())
                .or_default()
                .push(vi as u16);
        }
    }
    let described_count = values.iter().filter(|v| !v.described.is_empty()).count();
    ColumnSense {
        described_index,
        described_count,
        name: c.column.name.clone(),
        families,
        data_type: c.column.data_type,
        concats,
        words,
        values,
        description_lower: c.description.as_deref().unwrap_or("").to_lowercase(),
        description: c.description.clone().unwrap_or_default(),
    }
}

/// The families of three or more values: their first word, or first two words, when a value goes
/// on past them (and no value is just those words).
fn value_families(values: &[KnownValue]) -> Vec<ValueFamily> {
    let mut out: Vec<ValueFamily> = Vec::new();
    for v in values {
        if v.numeric || !v.value.is_ascii() {
            continue;
        }
        // Words, with a number after letters as a word of its own (WindowsServer2019 ->
        // windows, server, 2019).
        let parts: Vec<String> = split_identifier(&v.value)
            .into_iter()
            .flat_map(|p| match p.find(|ch: char| ch.is_ascii_digit()) {
                Some(d) if d > 0 => vec![p[..d].to_string(), p[d..].to_string()],
                _ => vec![p],
            })
            .collect();
        for k in 1..=2.min(parts.len().saturating_sub(1)) {
            // The value's own spelling up to the end of its k-th word.
            let letters: usize = parts[..k].iter().map(String::len).sum();
            let mut seen = 0;
            let end = v
                .value
                .char_indices()
                .find(|&(_, ch)| {
                    if ch.is_ascii_alphanumeric() {
                        seen += 1;
                    }
                    seen > letters
                })
                .map_or(v.value.len(), |(i, _)| i);
            let prefix = v.value[..end].trim_end_matches(['_', '-', '.', ' ']);
            match out
                .iter_mut()
                .find(|f| f.prefix.eq_ignore_ascii_case(prefix))
            {
                Some(f) => f.count += 1,
                None => out.push(ValueFamily {
                    prefix: prefix.to_string(),
                    words: parts[..k].iter().map(|w| stem(w)).collect(),
                    count: 1,
                }),
            }
        }
    }
    // A beginning that is itself one of the values names that value, not a family.
    out.retain(|f| {
        f.count >= 3
            && !values
                .iter()
                .any(|v| v.value.eq_ignore_ascii_case(&f.prefix))
    });
    out
}

/// The role nouns ("users", "hosts") a word belongs to, as indices into [`ROLE_NOUNS`].
pub(crate) fn role_of(lower: &str) -> Option<usize> {
    static NOUNS: std::sync::OnceLock<WordTable> = std::sync::OnceLock::new();
    NOUNS
        .get_or_init(|| {
            WordTable::new(
                ROLE_NOUNS
                    .iter()
                    .enumerate()
                    .flat_map(|(r, (nouns, _))| nouns.iter().map(move |n| (*n, r as u16))),
            )
        })
        .get(lower)
        .map(usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_nouns_are_found_as_a_scan_finds_them() {
        for (nouns, _) in ROLE_NOUNS {
            for n in *nouns {
                assert!(n.len() <= WordTable::MAX_LEN, "{n}");
                let first = ROLE_NOUNS.iter().position(|(ns, _)| ns.contains(n));
                assert_eq!(role_of(n), first, "{n}");
            }
        }
        assert_eq!(role_of("nonsense"), None);
        assert_eq!(role_of(""), None);
    }
}
