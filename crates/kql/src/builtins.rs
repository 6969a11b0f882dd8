//! The catalog of KQL's built-in scalar, aggregate and window functions: names, arity, argument
//! and result types, and how `summarize`/`extend` name an unnamed result.
//!
//! It is data (one static slice) so the checker, the engine, the NL->KQL generator and editor
//! completion all read the same facts. Names are case-sensitive, as in KQL.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::value::DataType;

/// Where a function may be called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// A row-by-row function, usable anywhere an expression is.
    Scalar,
    /// An aggregation, usable in `summarize`, `make-series` and `top-nested`.
    Aggregate,
    /// A function over a serialized row set (`row_number`, `prev`, `next`, `row_cumsum`...).
    Window,
}

/// What an argument must be. Kusto rejects a query whose argument type is clearly outside the
/// class; `dynamic` and unknown types always pass (their type is only known at run time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgType {
    /// Any scalar.
    Any,
    /// `bool`.
    Bool,
    /// `string`.
    String,
    /// Any number (`int`, `long`, `real`, `decimal`).
    Number,
    /// `int` or `long`.
    Integer,
    /// A number, `timespan` or `datetime` (what `sum` accepts).
    Summable,
    /// `datetime`.
    DateTime,
    /// `timespan`.
    TimeSpan,
    /// `dynamic` (an array or a property bag).
    Dynamic,
}

impl ArgType {
    /// Whether a value of type `ty` is accepted.
    pub fn accepts(self, ty: DataType) -> bool {
        use DataType::*;
        if ty == Dynamic {
            return true;
        }
        match self {
            ArgType::Any => true,
            ArgType::Bool => ty == Bool,
            ArgType::String => ty == String,
            ArgType::Number => matches!(ty, Int | Long | Real | Decimal),
            ArgType::Integer => matches!(ty, Int | Long),
            ArgType::Summable => matches!(ty, Int | Long | Real | Decimal | TimeSpan | DateTime),
            ArgType::DateTime => ty == DateTime,
            ArgType::TimeSpan => ty == TimeSpan,
            ArgType::Dynamic => false,
        }
    }

    /// The class in words, for messages ("a timespan", "a number").
    pub fn describe(self) -> &'static str {
        match self {
            ArgType::Any => "a scalar",
            ArgType::Bool => "a bool",
            ArgType::String => "a string",
            ArgType::Number => "a number",
            ArgType::Integer => "an integer",
            ArgType::Summable => "a number, timespan or datetime",
            ArgType::DateTime => "a datetime",
            ArgType::TimeSpan => "a timespan",
            ArgType::Dynamic => "a dynamic array or bag",
        }
    }
}

/// The result type of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// Always this type.
    Type(DataType),
    /// The type of argument `i` (`max`, `iff`'s branches, `bin`).
    Arg(usize),
    /// `long` for integer arguments, otherwise the widest numeric argument (`sum`).
    Sum,
    /// Depends on the arguments in ways the catalog does not model.
    Unknown,
}

/// How an unnamed call is named when it becomes a column (`summarize count()` -> `count_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultName {
    /// `Column1`, `Column2`... (most scalar functions).
    Generated,
    /// `prefix_Arg` when the first argument is a plain column, else `prefix_` (`sum_Bytes`,
    /// `count_`, `set_Account` for `make_set`).
    Prefix(&'static str),
    /// The first argument's column name (`tostring(X)`, `bin(Timestamp, 1h)`, `take_any(X)`).
    FirstArg,
}

/// Signature and facts of one built-in function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunctionSig {
    pub name: &'static str,
    pub kind: FunctionKind,
    pub min_args: usize,
    /// [`MANY`] for variadic functions.
    pub max_args: usize,
    /// Argument classes by position; the last one applies to any further arguments. Empty means
    /// no checks.
    pub args: &'static [ArgType],
    pub returns: Returns,
    pub result_name: ResultName,
    /// The parameter list as documentation shows it, e.g. `(timespan)`.
    pub params: &'static str,
    /// One line on what it does.
    pub doc: &'static str,
}

impl FunctionSig {
    /// The expected class of argument `i`, if any is checked.
    pub fn arg_type(&self, i: usize) -> ArgType {
        match self.args.get(i).or(self.args.last()) {
            Some(a) => *a,
            None => ArgType::Any,
        }
    }

    /// "1 argument", "2 to 3 arguments", "at least 1 argument".
    pub fn arity_text(&self) -> String {
        let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
        if self.min_args == self.max_args {
            format!("{} {}", self.min_args, plural(self.min_args))
        } else if self.max_args == MANY {
            format!("at least {} {}", self.min_args, plural(self.min_args))
        } else {
            format!("{} to {} arguments", self.min_args, self.max_args)
        }
    }
}

/// `max_args` of a variadic function.
pub const MANY: usize = usize::MAX;

/// The function with this exact name.
pub fn lookup(name: &str) -> Option<&'static FunctionSig> {
    static INDEX: OnceLock<HashMap<&'static str, &'static FunctionSig>> = OnceLock::new();
    INDEX
        .get_or_init(|| FUNCTIONS.iter().map(|f| (f.name, f)).collect())
        .get(name)
        .copied()
}

/// Every built-in function, in catalog order (grouped by topic).
pub fn all() -> &'static [FunctionSig] {
    FUNCTIONS
}

use ArgType as A;
use DataType as T;

#[allow(clippy::too_many_arguments)]
const fn f(
    kind: FunctionKind,
    name: &'static str,
    min_args: usize,
    max_args: usize,
    args: &'static [ArgType],
    returns: Returns,
    params: &'static str,
    doc: &'static str,
) -> FunctionSig {
    FunctionSig {
        name,
        kind,
        min_args,
        max_args,
        args,
        returns,
        result_name: match kind {
            FunctionKind::Aggregate => ResultName::Prefix(name),
            _ => ResultName::Generated,
        },
        params,
        doc,
    }
}

/// A scalar function.
#[allow(clippy::too_many_arguments)]
const fn s(
    name: &'static str,
    min: usize,
    max: usize,
    args: &'static [ArgType],
    returns: Returns,
    params: &'static str,
    doc: &'static str,
) -> FunctionSig {
    f(
        FunctionKind::Scalar,
        name,
        min,
        max,
        args,
        returns,
        params,
        doc,
    )
}

/// An aggregate function, named `name_Arg` when unnamed.
const fn a(
    name: &'static str,
    min: usize,
    max: usize,
    args: &'static [ArgType],
    returns: Returns,
    params: &'static str,
    doc: &'static str,
) -> FunctionSig {
    f(
        FunctionKind::Aggregate,
        name,
        min,
        max,
        args,
        returns,
        params,
        doc,
    )
}

/// A window function over serialized rows.
const fn w(
    name: &'static str,
    min: usize,
    max: usize,
    returns: Returns,
    params: &'static str,
    doc: &'static str,
) -> FunctionSig {
    f(
        FunctionKind::Window,
        name,
        min,
        max,
        &[],
        returns,
        params,
        doc,
    )
}

impl FunctionSig {
    /// The same function with another naming rule.
    const fn named(mut self, rule: ResultName) -> FunctionSig {
        self.result_name = rule;
        self
    }
}

const STR: Returns = Returns::Type(T::String);
const LONG: Returns = Returns::Type(T::Long);
const INT: Returns = Returns::Type(T::Int);
const REAL: Returns = Returns::Type(T::Real);
const BOOL: Returns = Returns::Type(T::Bool);
const DT: Returns = Returns::Type(T::DateTime);
const TS: Returns = Returns::Type(T::TimeSpan);
const DYN: Returns = Returns::Type(T::Dynamic);
const GUID: Returns = Returns::Type(T::Guid);
const DEC: Returns = Returns::Type(T::Decimal);
const ARG0: Returns = Returns::Arg(0);
const ARG1: Returns = Returns::Arg(1);
const FIRST: ResultName = ResultName::FirstArg;

#[rustfmt::skip]
static FUNCTIONS: &[FunctionSig] = &[
    // --- Conversion ---
    s("tostring", 1, 1, &[], STR, "(value)", "Converts a value to its string form.").named(FIRST),
    s("toint", 1, 1, &[], INT, "(value)", "Converts a value to int; null if it cannot.").named(FIRST),
    s("tolong", 1, 1, &[], LONG, "(value)", "Converts a value to long; null if it cannot.").named(FIRST),
    s("toreal", 1, 1, &[], REAL, "(value)", "Converts a value to real; null if it cannot.").named(FIRST),
    s("todouble", 1, 1, &[], REAL, "(value)", "Converts a value to real; null if it cannot.").named(FIRST),
    s("todecimal", 1, 1, &[], DEC, "(value)", "Converts a value to decimal.").named(FIRST),
    s("tobool", 1, 1, &[], BOOL, "(value)", "Converts a value to bool.").named(FIRST),
    s("toboolean", 1, 1, &[], BOOL, "(value)", "Converts a value to bool.").named(FIRST),
    s("todatetime", 1, 1, &[], DT, "(value)", "Converts a value to datetime; null if it cannot.").named(FIRST),
    s("totimespan", 1, 1, &[], TS, "(value)", "Converts a value to timespan.").named(FIRST),
    s("toguid", 1, 1, &[], GUID, "(value)", "Converts a string to a guid.").named(FIRST),
    s("todynamic", 1, 1, &[A::String], DYN, "(json: string)", "Parses JSON text into a dynamic value.").named(FIRST),
    s("parse_json", 1, 1, &[A::String], DYN, "(json: string)", "Parses JSON text into a dynamic value.").named(FIRST),
    s("parsejson", 1, 1, &[A::String], DYN, "(json: string)", "Deprecated name of parse_json.").named(FIRST),
    s("parse_xml", 1, 1, &[A::String], DYN, "(xml: string)", "Parses XML text into a dynamic value."),
    s("gettype", 1, 1, &[], STR, "(value)", "The run-time type of a value, as a string."),
    // --- Scalar basics and nulls ---
    s("isnull", 1, 1, &[], BOOL, "(value)", "True when the value is null."),
    s("isnotnull", 1, 1, &[], BOOL, "(value)", "True when the value is not null."),
    s("notnull", 1, 1, &[], BOOL, "(value)", "Alias of isnotnull."),
    s("isempty", 1, 1, &[], BOOL, "(value)", "True when the value is null or an empty string."),
    s("isnotempty", 1, 1, &[], BOOL, "(value)", "True when the value is neither null nor empty."),
    s("notempty", 1, 1, &[], BOOL, "(value)", "Alias of isnotempty."),
    s("isnan", 1, 1, &[A::Number], BOOL, "(number)", "True when the number is NaN."),
    s("isinf", 1, 1, &[A::Number], BOOL, "(number)", "True when the number is infinite."),
    s("isfinite", 1, 1, &[A::Number], BOOL, "(number)", "True when the number is finite."),
    s("coalesce", 1, 64, &[], ARG0, "(value, ...)", "The first argument that is not null or empty."),
    s("iff", 3, 3, &[A::Bool, A::Any, A::Any], ARG1, "(condition: bool, then, else)", "Picks `then` when the condition holds, else `else`."),
    s("iif", 3, 3, &[A::Bool, A::Any, A::Any], ARG1, "(condition: bool, then, else)", "Alias of iff."),
    s("case", 3, MANY, &[], ARG1, "(condition, value, ..., else)", "The value of the first condition that holds, else the last argument."),
    s("not", 1, 1, &[A::Bool], BOOL, "(condition: bool)", "Negates a bool."),
    s("max_of", 1, 64, &[], ARG0, "(value, ...)", "The largest of its arguments."),
    s("min_of", 1, 64, &[], ARG0, "(value, ...)", "The smallest of its arguments."),
    s("hash", 1, 2, &[A::Any, A::Integer], LONG, "(value [, mod])", "A 64-bit hash of the value."),
    s("hash_sha256", 1, 1, &[], STR, "(value)", "SHA-256 hash of the value, as hex."),
    s("hash_sha1", 1, 1, &[], STR, "(value)", "SHA-1 hash of the value, as hex."),
    s("hash_md5", 1, 1, &[], STR, "(value)", "MD5 hash of the value, as hex."),
    s("hash_combine", 2, 64, &[A::Integer], LONG, "(hash, hash, ...)", "Combines hash values."),
    s("hash_xxhash64", 1, 2, &[], LONG, "(value [, mod])", "XXHash64 of the value."),
    s("new_guid", 0, 0, &[], GUID, "()", "A new random guid."),
    s("column_ifexists", 2, 2, &[A::String, A::Any], Returns::Arg(1), "(name: string, default)", "The column with this name if it exists, else the default.").named(FIRST),
    s("current_principal", 0, 0, &[], STR, "()", "The principal running the query."),
    s("current_principal_details", 0, 0, &[], DYN, "()", "Details of the principal running the query."),
    s("current_cluster_endpoint", 0, 0, &[], STR, "()", "The cluster's network endpoint."),
    s("current_database", 0, 0, &[], STR, "()", "The database in scope."),
    s("extent_id", 0, 0, &[], GUID, "()", "The data shard (extent) of the row."),
    s("ingestion_time", 0, 0, &[], DT, "()", "When the row was ingested."),
    s("cursor_after", 1, 1, &[A::String], BOOL, "(cursor: string)", "Rows ingested after a cursor."),
    s("estimate_data_size", 1, MANY, &[], LONG, "(column, ...)", "Estimated size of the columns in bytes."),
    s("toscalar", 1, 1, &[], Returns::Unknown, "(tabular expression)", "The first column of the first row of a tabular expression."),
    s("materialize", 1, 1, &[], Returns::Unknown, "(tabular expression)", "Caches a tabular expression for reuse within the query."),
    s("table", 1, 2, &[A::String], Returns::Unknown, "(name: string)", "The table with the given name."),
    s("pack_all", 0, 1, &[A::Bool], DYN, "([ignore_null_empty: bool])", "A property bag of all the row's columns."),
    // --- Strings ---
    s("strcat", 1, 64, &[], STR, "(value, ...)", "Concatenates its arguments as strings."),
    s("strcat_delim", 2, 64, &[], STR, "(delimiter, value, ...)", "Concatenates with a delimiter between arguments."),
    s("strcat_array", 2, 2, &[A::Dynamic, A::String], STR, "(array: dynamic, delimiter: string)", "Joins an array's items into a string."),
    s("strlen", 1, 1, &[A::String], LONG, "(text: string)", "Length of the text in characters."),
    s("string_size", 1, 1, &[A::String], LONG, "(text: string)", "Length of the text in bytes."),
    s("tolower", 1, 1, &[], STR, "(text)", "Lower-cases the text."),
    s("toupper", 1, 1, &[], STR, "(text)", "Upper-cases the text."),
    s("substring", 2, 3, &[A::Any, A::Integer, A::Integer], STR, "(text, start: long [, length: long])", "Part of the text from a 0-based start."),
    s("split", 2, 3, &[A::Any, A::String, A::Integer], DYN, "(text, delimiter: string [, index: int])", "Splits the text into an array (or one part of it)."),
    s("trim", 2, 2, &[A::String, A::Any], STR, "(regex: string, text)", "Removes matches of a regex at both ends."),
    s("trim_start", 2, 2, &[A::String, A::Any], STR, "(regex: string, text)", "Removes matches of a regex at the start."),
    s("trim_end", 2, 2, &[A::String, A::Any], STR, "(regex: string, text)", "Removes matches of a regex at the end."),
    s("replace", 3, 3, &[A::String, A::String, A::String], STR, "(regex, rewrite, text)", "Replaces regex matches (deprecated: use replace_regex)."),
    s("replace_regex", 3, 3, &[A::String, A::String, A::String], STR, "(text, regex, rewrite)", "Replaces all regex matches in the text."),
    s("replace_string", 3, 3, &[A::String, A::String, A::String], STR, "(text, lookup, rewrite)", "Replaces every occurrence of a string."),
    s("replace_strings", 3, 3, &[A::String, A::Dynamic, A::Dynamic], STR, "(text, lookups: dynamic, rewrites: dynamic)", "Replaces several strings at once."),
    s("reverse", 1, 1, &[], STR, "(value)", "The text reversed."),
    s("translate", 3, 3, &[A::String, A::String, A::String], STR, "(from: string, to: string, text: string)", "Replaces characters one for one."),
    s("indexof", 2, 5, &[A::Any, A::String, A::Integer], LONG, "(text, lookup [, start, length, occurrence])", "0-based position of the lookup in the text, or -1."),
    s("indexof_regex", 2, 5, &[A::Any, A::String, A::Integer], LONG, "(text, regex [, start, length, occurrence])", "0-based position of a regex match, or -1."),
    s("countof", 2, 3, &[A::String, A::String, A::String], LONG, "(text, search [, kind])", "How many times the search occurs in the text."),
    s("extract", 3, 4, &[A::String, A::Integer, A::String], STR, "(regex, group: long, text [, typeof(t)])", "A capture group of the first regex match."),
    s("extract_all", 2, 4, &[A::String, A::Any, A::String], DYN, "(regex, [groups,] text)", "All matches of a regex, as an array."),
    s("extract_json", 2, 3, &[A::String, A::String], Returns::Unknown, "(jsonpath, json [, typeof(t)])", "A value from JSON text by path."),
    s("extractjson", 2, 3, &[A::String, A::String], Returns::Unknown, "(jsonpath, json [, typeof(t)])", "A value from JSON text by path."),
    s("regex_quote", 1, 1, &[A::String], STR, "(text)", "Escapes regex metacharacters."),
    s("format_bytes", 1, 3, &[A::Number, A::Integer, A::String], STR, "(size [, precision, units])", "A size in bytes as text with units."),
    s("has_any_index", 2, 2, &[A::String, A::Dynamic], LONG, "(text, values: dynamic)", "Index of the first value the text has, or -1."),
    s("base64_encode_tostring", 1, 1, &[A::String], STR, "(text)", "Base64-encodes the text."),
    s("base64_encodestring", 1, 1, &[A::String], STR, "(text)", "Base64-encodes the text."),
    s("base64_decode_tostring", 1, 1, &[A::String], STR, "(base64)", "Decodes base64 into UTF-8 text."),
    s("base64_decodestring", 1, 1, &[A::String], STR, "(base64)", "Decodes base64 into UTF-8 text."),
    s("base64_decode_toarray", 1, 1, &[A::String], DYN, "(base64)", "Decodes base64 into an array of bytes."),
    s("base64_encode_fromarray", 1, 1, &[A::Dynamic], STR, "(bytes: dynamic)", "Base64-encodes an array of bytes."),
    s("base64_decode_toguid", 1, 1, &[A::String], GUID, "(base64)", "Decodes base64 into a guid."),
    s("base64_encode_fromguid", 1, 1, &[], STR, "(guid)", "Base64-encodes a guid."),
    s("url_encode", 1, 1, &[A::String], STR, "(url)", "URL-encodes the text."),
    s("url_encode_component", 1, 1, &[A::String], STR, "(text)", "URL-encodes a URL component."),
    s("url_decode", 1, 1, &[A::String], STR, "(encoded)", "Decodes URL-encoded text."),
    s("parse_url", 1, 1, &[A::String], DYN, "(url)", "Splits a URL into scheme, host, port, path, query..."),
    s("parseurl", 1, 1, &[A::String], DYN, "(url)", "Deprecated name of parse_url."),
    s("parse_urlquery", 1, 1, &[A::String], DYN, "(query)", "Parses a URL query string into a bag."),
    s("parse_path", 1, 1, &[A::String], DYN, "(path)", "Splits a file path into its parts."),
    s("parse_user_agent", 2, 2, &[A::String, A::Any], DYN, "(user_agent, look_for)", "Parses a user agent string."),
    s("parse_command_line", 2, 2, &[A::String, A::String], DYN, "(command_line, parser)", "Splits a command line into arguments."),
    s("parse_csv", 1, 1, &[A::String], DYN, "(csv_text)", "Splits one CSV record into an array."),
    s("parse_version", 1, 1, &[A::String], DEC, "(version)", "A comparable number for a version string."),
    s("to_utf8", 1, 1, &[A::String], DYN, "(text)", "The text's Unicode code points."),
    s("unicode_codepoints_from_string", 1, 1, &[A::String], DYN, "(text)", "The text's Unicode code points."),
    s("make_string", 1, 64, &[], STR, "(codepoints, ...)", "Text from Unicode code points."),
    s("unicode_codepoints_to_string", 1, 64, &[], STR, "(codepoints, ...)", "Text from Unicode code points."),
    s("strrep", 2, 3, &[A::Any, A::Integer, A::String], STR, "(value, times [, delimiter])", "The value repeated."),
    s("strcmp", 2, 2, &[A::String, A::String], INT, "(a, b)", "Compares two strings (-1, 0, 1)."),
    s("has_ipv4", 2, 2, &[A::String, A::String], BOOL, "(text, ip)", "Whether the text contains the IPv4 address."),
    s("has_ipv4_prefix", 2, 2, &[A::String, A::String], BOOL, "(text, prefix)", "Whether the text contains an IPv4 address with the prefix."),
    s("has_any_ipv4", 2, 64, &[A::String], BOOL, "(text, ip, ...)", "Whether the text contains any of the IPv4 addresses."),
    s("has_any_ipv4_prefix", 2, 64, &[A::String], BOOL, "(text, prefix, ...)", "Whether the text contains an IPv4 address with any of the prefixes."),
    s("format_ipv4", 1, 2, &[A::Any, A::Integer], STR, "(ip [, prefix])", "Normalized IPv4 text."),
    s("format_ipv4_mask", 1, 2, &[A::Any, A::Integer], STR, "(ip [, prefix])", "IPv4 address with its mask."),
    // --- IP addresses ---
    s("ipv4_is_private", 1, 1, &[A::String], BOOL, "(ip: string)", "Whether the IPv4 address is in a private range."),
    s("ipv4_is_in_range", 2, 2, &[A::String, A::String], BOOL, "(ip, range)", "Whether the IPv4 address is in the CIDR range."),
    s("ipv4_is_in_any_range", 2, 64, &[A::String], BOOL, "(ip, range, ...)", "Whether the IPv4 address is in any of the ranges."),
    s("ipv4_is_match", 2, 3, &[A::String, A::String, A::Integer], BOOL, "(ip, ip2 [, prefix])", "Whether two IPv4 addresses match."),
    s("ipv4_compare", 2, 3, &[A::String, A::String, A::Integer], LONG, "(ip, ip2 [, prefix])", "Compares two IPv4 addresses."),
    s("ipv4_netmask_suffix", 1, 1, &[A::String], LONG, "(ip)", "The netmask suffix of an IPv4 address."),
    s("ipv4_range_to_cidr_list", 2, 2, &[A::String, A::String], DYN, "(start, end)", "CIDR blocks covering an IPv4 range."),
    s("ipv6_compare", 2, 3, &[A::String, A::String, A::Integer], LONG, "(ip, ip2 [, prefix])", "Compares two IPv6 addresses."),
    s("ipv6_is_match", 2, 3, &[A::String, A::String, A::Integer], BOOL, "(ip, ip2 [, prefix])", "Whether two IPv6 addresses match."),
    s("ipv6_is_in_range", 2, 2, &[A::String, A::String], BOOL, "(ip, range)", "Whether the IPv6 address is in the range."),
    s("ipv6_is_in_any_range", 2, 64, &[A::String], BOOL, "(ip, range, ...)", "Whether the IPv6 address is in any of the ranges."),
    s("ipv6_is_private", 1, 1, &[A::String], BOOL, "(ip)", "Whether the IPv6 address is private."),
    s("parse_ipv4", 1, 1, &[A::String], LONG, "(ip)", "An IPv4 address as a number."),
    s("parse_ipv4_mask", 2, 2, &[A::String, A::Integer], LONG, "(ip, prefix)", "A masked IPv4 address as a number."),
    s("parse_ipv6", 1, 1, &[A::String], STR, "(ip)", "The canonical IPv6 form."),
    s("parse_ipv6_mask", 2, 2, &[A::String, A::Integer], STR, "(ip, prefix)", "A masked canonical IPv6."),
    s("geo_info_from_ip_address", 1, 1, &[A::String], DYN, "(ip)", "Country, state, city and coordinates of an IP address."),
    // --- Dynamic, arrays and bags ---
    s("dynamic", 1, 1, &[], DYN, "(literal)", "A dynamic literal."),
    s("array_length", 1, 1, &[A::Dynamic], LONG, "(array: dynamic)", "Number of items in an array."),
    s("array_concat", 1, 64, &[A::Dynamic], DYN, "(array, ...)", "Concatenates arrays."),
    s("array_slice", 3, 3, &[A::Dynamic, A::Integer, A::Integer], DYN, "(array, start, end)", "Part of an array."),
    s("array_index_of", 2, 5, &[A::Dynamic, A::Any, A::Integer], LONG, "(array, value [, start, length, occurrence])", "Index of a value in an array, or -1."),
    s("array_reverse", 1, 1, &[A::Dynamic], DYN, "(array)", "The array reversed."),
    s("array_rotate_left", 2, 2, &[A::Dynamic, A::Integer], DYN, "(array, n)", "The array rotated left."),
    s("array_rotate_right", 2, 2, &[A::Dynamic, A::Integer], DYN, "(array, n)", "The array rotated right."),
    s("array_shift_left", 2, 3, &[A::Dynamic, A::Integer], DYN, "(array, n [, fill])", "The array shifted left."),
    s("array_shift_right", 2, 3, &[A::Dynamic, A::Integer], DYN, "(array, n [, fill])", "The array shifted right."),
    s("array_sort_asc", 1, 64, &[A::Dynamic, A::Any], DYN, "(array, ...)", "Sorts an array ascending."),
    s("array_sort_desc", 1, 64, &[A::Dynamic, A::Any], DYN, "(array, ...)", "Sorts an array descending."),
    s("array_split", 2, 2, &[A::Dynamic, A::Any], DYN, "(array, indices)", "Splits an array at indices."),
    s("array_sum", 1, 1, &[A::Dynamic], REAL, "(array)", "Sum of an array's numbers."),
    s("array_iff", 3, 3, &[A::Dynamic, A::Dynamic, A::Dynamic], DYN, "(conditions, then, else)", "Element-wise iff over arrays."),
    s("array_iif", 3, 3, &[A::Dynamic, A::Dynamic, A::Dynamic], DYN, "(conditions, then, else)", "Element-wise iff over arrays."),
    s("pack_array", 1, 64, &[], DYN, "(value, ...)", "An array of its arguments."),
    s("pack", 2, 64, &[], DYN, "(key, value, ...)", "A property bag from key/value pairs."),
    s("bag_pack", 2, 64, &[], DYN, "(key, value, ...)", "A property bag from key/value pairs."),
    s("pack_dictionary", 2, 64, &[], DYN, "(key, value, ...)", "A property bag from key/value pairs."),
    s("bag_pack_columns", 1, 64, &[], DYN, "(column, ...)", "A property bag of the given columns."),
    s("bag_keys", 1, 1, &[A::Dynamic], DYN, "(bag: dynamic)", "The keys of a property bag."),
    s("bag_merge", 1, 64, &[A::Dynamic], DYN, "(bag, ...)", "Merges property bags."),
    s("bag_remove_keys", 2, 2, &[A::Dynamic, A::Dynamic], DYN, "(bag, keys)", "A bag without the given keys."),
    s("bag_set_key", 3, 3, &[A::Dynamic, A::String, A::Any], DYN, "(bag, key, value)", "A bag with the key set."),
    s("bag_has_key", 2, 2, &[A::Dynamic, A::String], BOOL, "(bag, key)", "Whether the bag has the key."),
    s("bag_zip", 2, 2, &[A::Dynamic, A::Dynamic], DYN, "(keys, values)", "A bag from parallel key and value arrays."),
    s("set_difference", 2, 64, &[A::Dynamic], DYN, "(array, array, ...)", "Items of the first array not in the others."),
    s("set_intersect", 2, 64, &[A::Dynamic], DYN, "(array, array, ...)", "Items in all the arrays."),
    s("set_union", 2, 64, &[A::Dynamic], DYN, "(array, array, ...)", "Distinct items of all the arrays."),
    s("set_has_element", 2, 2, &[A::Dynamic, A::Any], BOOL, "(array, value)", "Whether the array holds the value."),
    s("jaccard_index", 2, 2, &[A::Dynamic, A::Dynamic], REAL, "(set, set)", "Jaccard similarity of two sets."),
    s("treepath", 1, 1, &[A::Dynamic], DYN, "(value)", "All paths in a dynamic value."),
    s("zip", 2, 64, &[A::Dynamic], DYN, "(array, array, ...)", "Zips arrays into an array of arrays."),
    // --- Date and time ---
    s("ago", 1, 1, &[A::TimeSpan], DT, "(span: timespan)", "The current UTC time minus the span."),
    s("now", 0, 1, &[A::TimeSpan], DT, "([offset: timespan])", "The current UTC time, plus an optional offset."),
    s("datetime_add", 3, 3, &[A::String, A::Integer, A::DateTime], DT, "(part: string, amount: long, date: datetime)", "Adds an amount of a calendar part to a date."),
    s("datetime_diff", 3, 3, &[A::String, A::DateTime, A::DateTime], LONG, "(part: string, date1: datetime, date2: datetime)", "Calendar-part difference date1 - date2."),
    s("datetime_part", 2, 2, &[A::String, A::DateTime], INT, "(part: string, date: datetime)", "One part of a date (year, month, hour...)."),
    s("datepart", 2, 2, &[A::String, A::DateTime], INT, "(part: string, date: datetime)", "Deprecated name of datetime_part."),
    s("datetime_utc_to_local", 2, 2, &[A::DateTime, A::String], DT, "(date, timezone)", "Converts UTC to a time zone."),
    s("datetime_local_to_utc", 2, 2, &[A::DateTime, A::String], DT, "(date, timezone)", "Converts a time zone's time to UTC."),
    s("datetime_list_timezones", 0, 0, &[], DYN, "()", "The supported time zones."),
    s("make_datetime", 1, 7, &[A::Integer], DT, "(year, month, day [, hour, minute, second])", "A datetime from its parts."),
    s("make_timespan", 1, 5, &[A::Number], TS, "(days, hours, minutes [, seconds])", "A timespan from its parts."),
    s("startofday", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Midnight at the start of the day.").named(FIRST),
    s("startofweek", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Start of the week (Sunday).").named(FIRST),
    s("startofmonth", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Start of the month.").named(FIRST),
    s("startofyear", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Start of the year.").named(FIRST),
    s("endofday", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Last tick of the day.").named(FIRST),
    s("endofweek", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Last tick of the week.").named(FIRST),
    s("endofmonth", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Last tick of the month.").named(FIRST),
    s("endofyear", 1, 2, &[A::DateTime, A::Integer], DT, "(date [, offset])", "Last tick of the year.").named(FIRST),
    s("dayofweek", 1, 1, &[A::DateTime], TS, "(date)", "Days since the preceding Sunday, as a timespan."),
    s("dayofmonth", 1, 1, &[A::DateTime], INT, "(date)", "Day of the month (1-31)."),
    s("dayofyear", 1, 1, &[A::DateTime], INT, "(date)", "Day of the year (1-366)."),
    s("hourofday", 1, 1, &[A::DateTime], INT, "(date)", "Hour of the day (0-23)."),
    s("monthofyear", 1, 1, &[A::DateTime], INT, "(date)", "Month of the year (1-12)."),
    s("getmonth", 1, 1, &[A::DateTime], INT, "(date)", "Month of the year (1-12)."),
    s("getyear", 1, 1, &[A::DateTime], INT, "(date)", "The year."),
    s("week_of_year", 1, 1, &[A::DateTime], INT, "(date)", "ISO 8601 week number."),
    s("weekofyear", 1, 1, &[A::DateTime], INT, "(date)", "ISO 8601 week number (deprecated name)."),
    s("format_datetime", 2, 2, &[A::DateTime, A::String], STR, "(date, format: string)", "Formats a date, e.g. 'yyyy-MM-dd HH:mm'.").named(FIRST),
    s("format_timespan", 2, 2, &[A::TimeSpan, A::String], STR, "(span, format: string)", "Formats a timespan, e.g. 'hh:mm:ss'.").named(FIRST),
    s("unixtime_seconds_todatetime", 1, 1, &[A::Number], DT, "(seconds)", "Datetime from Unix seconds."),
    s("unixtime_milliseconds_todatetime", 1, 1, &[A::Number], DT, "(milliseconds)", "Datetime from Unix milliseconds."),
    s("unixtime_microseconds_todatetime", 1, 1, &[A::Number], DT, "(microseconds)", "Datetime from Unix microseconds."),
    s("unixtime_nanoseconds_todatetime", 1, 1, &[A::Number], DT, "(nanoseconds)", "Datetime from Unix nanoseconds."),
    s("datetime_to_unixtime_seconds", 1, 1, &[A::DateTime], LONG, "(date)", "Unix seconds of a date."),
    s("datetime_to_unixtime_milliseconds", 1, 1, &[A::DateTime], LONG, "(date)", "Unix milliseconds of a date."),
    s("todatetime_utc", 1, 1, &[], DT, "(value)", "Converts to a UTC datetime."),
    s("bin", 2, 2, &[A::Summable, A::Summable], ARG0, "(value, size)", "Rounds down to a multiple of the size, e.g. bin(TimeGenerated, 1h).").named(FIRST),
    s("floor", 2, 2, &[A::Summable, A::Summable], ARG0, "(value, size)", "Alias of bin.").named(FIRST),
    s("bin_at", 3, 3, &[A::Summable, A::Summable, A::Summable], ARG0, "(value, size, fixed_point)", "Bins aligned on a fixed point.").named(FIRST),
    s("bin_auto", 1, 1, &[A::Summable], ARG0, "(value)", "Bins by the query's auto bin size.").named(FIRST),
    // --- Math ---
    s("abs", 1, 1, &[A::Summable], ARG0, "(number)", "Absolute value.").named(FIRST),
    s("round", 1, 2, &[A::Number, A::Integer], ARG0, "(number [, precision])", "Rounds to the given number of decimals.").named(FIRST),
    s("ceiling", 1, 1, &[A::Number], ARG0, "(number)", "Smallest integer not less than the number.").named(FIRST),
    s("sign", 1, 1, &[A::Number], ARG0, "(number)", "-1, 0 or 1."),
    s("sqrt", 1, 1, &[A::Number], REAL, "(number)", "Square root."),
    s("pow", 2, 2, &[A::Number, A::Number], REAL, "(base, exponent)", "Power."),
    s("exp", 1, 1, &[A::Number], REAL, "(x)", "e to the power x."),
    s("exp2", 1, 1, &[A::Number], REAL, "(x)", "2 to the power x."),
    s("exp10", 1, 1, &[A::Number], REAL, "(x)", "10 to the power x."),
    s("log", 1, 1, &[A::Number], REAL, "(x)", "Natural logarithm."),
    s("log2", 1, 1, &[A::Number], REAL, "(x)", "Base-2 logarithm."),
    s("log10", 1, 1, &[A::Number], REAL, "(x)", "Base-10 logarithm."),
    s("loggamma", 1, 1, &[A::Number], REAL, "(x)", "Log of the gamma function."),
    s("gamma", 1, 1, &[A::Number], REAL, "(x)", "The gamma function."),
    s("pi", 0, 0, &[], REAL, "()", "The constant pi."),
    s("sin", 1, 1, &[A::Number], REAL, "(x)", "Sine."),
    s("cos", 1, 1, &[A::Number], REAL, "(x)", "Cosine."),
    s("tan", 1, 1, &[A::Number], REAL, "(x)", "Tangent."),
    s("asin", 1, 1, &[A::Number], REAL, "(x)", "Arc sine."),
    s("acos", 1, 1, &[A::Number], REAL, "(x)", "Arc cosine."),
    s("atan", 1, 1, &[A::Number], REAL, "(x)", "Arc tangent."),
    s("atan2", 2, 2, &[A::Number, A::Number], REAL, "(y, x)", "Angle of the point (x, y)."),
    s("cot", 1, 1, &[A::Number], REAL, "(x)", "Cotangent."),
    s("degrees", 1, 1, &[A::Number], REAL, "(radians)", "Radians to degrees."),
    s("radians", 1, 1, &[A::Number], REAL, "(degrees)", "Degrees to radians."),
    s("rand", 0, 1, &[A::Integer], REAL, "([range])", "A random number."),
    s("isascii", 1, 1, &[A::String], BOOL, "(text)", "Whether the text is ASCII."),
    s("isutf8", 1, 1, &[A::String], BOOL, "(text)", "Whether the text is valid UTF-8."),
    s("binary_and", 2, 2, &[A::Integer, A::Integer], LONG, "(a, b)", "Bitwise and."),
    s("binary_or", 2, 2, &[A::Integer, A::Integer], LONG, "(a, b)", "Bitwise or."),
    s("binary_xor", 2, 2, &[A::Integer, A::Integer], LONG, "(a, b)", "Bitwise xor."),
    s("binary_not", 1, 1, &[A::Integer], LONG, "(a)", "Bitwise not."),
    s("binary_shift_left", 2, 2, &[A::Integer, A::Integer], LONG, "(a, n)", "Bit shift left."),
    s("binary_shift_right", 2, 2, &[A::Integer, A::Integer], LONG, "(a, n)", "Bit shift right."),
    s("bitset_count_ones", 1, 1, &[A::Integer], LONG, "(a)", "Number of set bits."),
    s("welch_test", 6, 6, &[A::Number], REAL, "(mean1, var1, n1, mean2, var2, n2)", "Welch's t-test p-value."),
    s("beta_cdf", 3, 3, &[A::Number], REAL, "(x, alpha, beta)", "Beta distribution CDF."),
    s("dcount_hll", 1, 1, &[A::Dynamic], LONG, "(hll)", "Distinct count estimated from an hll value."),
    s("percentile_tdigest", 2, 3, &[A::Dynamic, A::Number], Returns::Unknown, "(tdigest, percentile [, typeof(t)])", "Percentile from a tdigest."),
    s("percentrank_tdigest", 2, 2, &[A::Dynamic, A::Any], REAL, "(tdigest, value)", "Rank of a value in a tdigest."),
    s("rank_tdigest", 2, 2, &[A::Dynamic, A::Any], LONG, "(tdigest, value)", "Rank of a value in a tdigest."),
    s("merge_tdigest", 1, 64, &[A::Dynamic], DYN, "(tdigest, ...)", "Merges tdigest values."),
    // --- Series ---
    s("series_decompose", 1, 5, &[A::Dynamic, A::Any], DYN, "(series [, seasonality, trend, test_points, seasonality_threshold])", "Splits a series into seasonal, trend and residual parts."),
    s("series_decompose_anomalies", 1, 7, &[A::Dynamic, A::Any], DYN, "(series [, threshold, seasonality, trend, test_points, method, threshold])", "Anomaly flags, scores and baseline of a series."),
    s("series_decompose_forecast", 2, 5, &[A::Dynamic, A::Any], DYN, "(series, points [, seasonality, trend, threshold])", "Forecast of a series."),
    s("series_outliers", 1, 5, &[A::Dynamic, A::Any], DYN, "(series [, kind, ignore_val, min_percentile, max_percentile])", "Outlier scores of a series."),
    s("series_fit_line", 1, 1, &[A::Dynamic], DYN, "(series)", "Linear regression of a series."),
    s("series_fit_line_dynamic", 1, 1, &[A::Dynamic], DYN, "(series)", "Linear regression of a series, as a bag."),
    s("series_fit_2lines", 1, 1, &[A::Dynamic], DYN, "(series)", "Two-segment linear regression of a series."),
    s("series_fit_2lines_dynamic", 1, 1, &[A::Dynamic], DYN, "(series)", "Two-segment linear regression, as a bag."),
    s("series_stats", 1, 2, &[A::Dynamic, A::Any], DYN, "(series [, ignore_nonfinite])", "Statistics of a series."),
    s("series_stats_dynamic", 1, 2, &[A::Dynamic, A::Any], DYN, "(series [, ignore_nonfinite])", "Statistics of a series, as a bag."),
    s("series_fill_backward", 1, 2, &[A::Dynamic, A::Any], DYN, "(series [, missing])", "Fills missing values backward."),
    s("series_fill_forward", 1, 2, &[A::Dynamic, A::Any], DYN, "(series [, missing])", "Fills missing values forward."),
    s("series_fill_const", 1, 3, &[A::Dynamic, A::Any], DYN, "(series [, constant, missing])", "Fills missing values with a constant."),
    s("series_fill_linear", 1, 4, &[A::Dynamic, A::Any], DYN, "(series [, missing, fill_edges, constant])", "Fills missing values by interpolation."),
    s("series_periods_detect", 4, 4, &[A::Dynamic, A::Any], DYN, "(series, min_period, max_period, num_periods)", "Detects periods in a series."),
    s("series_periods_validate", 2, 64, &[A::Dynamic, A::Any], DYN, "(series, period, ...)", "Scores candidate periods."),
    s("series_iir", 3, 3, &[A::Dynamic, A::Any], DYN, "(series, numerators, denominators)", "Applies an IIR filter."),
    s("series_fir", 2, 4, &[A::Dynamic, A::Any], DYN, "(series, filter [, normalize, center])", "Applies a FIR filter."),
    s("series_add", 2, 2, &[], DYN, "(series1, series2)", "Element-wise sum."),
    s("series_subtract", 2, 2, &[], DYN, "(series1, series2)", "Element-wise difference."),
    s("series_multiply", 2, 2, &[], DYN, "(series1, series2)", "Element-wise product."),
    s("series_divide", 2, 2, &[], DYN, "(series1, series2)", "Element-wise quotient."),
    s("series_greater", 2, 2, &[], DYN, "(series1, series2)", "Element-wise greater-than."),
    s("series_less", 2, 2, &[], DYN, "(series1, series2)", "Element-wise less-than."),
    s("series_abs", 1, 1, &[A::Dynamic], DYN, "(series)", "Element-wise absolute value."),
    s("series_seasonal", 1, 2, &[A::Dynamic, A::Any], DYN, "(series [, period])", "Seasonal component of a series."),
    s("series_pearson_correlation", 2, 2, &[A::Dynamic], REAL, "(series1, series2)", "Pearson correlation of two series."),
    s("series_cosine_similarity", 2, 2, &[A::Dynamic], REAL, "(series1, series2)", "Cosine similarity of two series."),
    s("series_dot_product", 2, 2, &[], REAL, "(series1, series2)", "Dot product of two series."),
    s("series_sum", 1, 1, &[A::Dynamic], REAL, "(series)", "Sum of a series."),
    s("series_product", 1, 1, &[A::Dynamic], REAL, "(series)", "Product of a series."),
    s("series_moving_avg", 2, 3, &[A::Dynamic, A::Any], DYN, "(series, n [, center])", "Moving average of a series."),
    s("series_equals", 2, 2, &[], DYN, "(series1, series2)", "Element-wise equality."),
    s("series_not_equals", 2, 2, &[], DYN, "(series1, series2)", "Element-wise inequality."),
    s("range", 3, 3, &[], DYN, "(start, stop, step)", "A dynamic array of evenly spaced values."),
    // --- Aggregates ---
    a("count", 0, 1, &[A::Bool], LONG, "()", "Number of rows in the group."),
    a("countif", 1, 1, &[A::Bool], LONG, "(predicate: bool)", "Number of rows where the predicate holds."),
    a("dcount", 1, 2, &[A::Any, A::Integer], LONG, "(expr [, accuracy])", "Estimated number of distinct values."),
    a("dcountif", 2, 3, &[A::Any, A::Bool, A::Integer], LONG, "(expr, predicate [, accuracy])", "Distinct count over rows where the predicate holds."),
    a("count_distinct", 1, 1, &[], LONG, "(expr)", "Exact number of distinct values."),
    a("count_distinctif", 2, 2, &[A::Any, A::Bool], LONG, "(expr, predicate)", "Exact distinct count where the predicate holds."),
    a("sum", 1, 1, &[A::Summable], Returns::Sum, "(expr)", "Sum over the group."),
    a("sumif", 2, 2, &[A::Summable, A::Bool], Returns::Sum, "(expr, predicate)", "Sum over rows where the predicate holds."),
    a("avg", 1, 1, &[A::Summable], REAL, "(expr)", "Average over the group."),
    a("avgif", 2, 2, &[A::Summable, A::Bool], REAL, "(expr, predicate)", "Average over rows where the predicate holds."),
    a("min", 1, 1, &[], ARG0, "(expr)", "Minimum over the group."),
    a("max", 1, 1, &[], ARG0, "(expr)", "Maximum over the group."),
    a("minif", 2, 2, &[A::Any, A::Bool], ARG0, "(expr, predicate)", "Minimum over rows where the predicate holds."),
    a("maxif", 2, 2, &[A::Any, A::Bool], ARG0, "(expr, predicate)", "Maximum over rows where the predicate holds."),
    a("arg_max", 1, MANY, &[], Returns::Unknown, "(expr, column | * , ...)", "The row with the largest expr: its value and the listed columns."),
    a("arg_min", 1, MANY, &[], Returns::Unknown, "(expr, column | *, ...)", "The row with the smallest expr: its value and the listed columns."),
    a("argmax", 1, MANY, &[], Returns::Unknown, "(expr, column, ...)", "Deprecated name of arg_max."),
    a("argmin", 1, MANY, &[], Returns::Unknown, "(expr, column, ...)", "Deprecated name of arg_min."),
    a("take_any", 1, MANY, &[], ARG0, "(expr, ...)", "An arbitrary value from the group.").named(FIRST),
    a("take_anyif", 2, 2, &[A::Any, A::Bool], ARG0, "(expr, predicate)", "An arbitrary value where the predicate holds.").named(FIRST),
    a("any", 1, MANY, &[], ARG0, "(expr, ...)", "Deprecated name of take_any.").named(ResultName::Prefix("any")),
    a("anyif", 2, 2, &[A::Any, A::Bool], ARG0, "(expr, predicate)", "Deprecated name of take_anyif.").named(ResultName::Prefix("anyif")),
    a("make_set", 1, 2, &[A::Any, A::Integer], DYN, "(expr [, max_size])", "Array of the distinct values in the group.").named(ResultName::Prefix("set")),
    a("make_set_if", 2, 3, &[A::Any, A::Bool, A::Integer], DYN, "(expr, predicate [, max_size])", "Distinct values where the predicate holds.").named(ResultName::Prefix("set")),
    a("makeset", 1, 2, &[A::Any, A::Integer], DYN, "(expr [, max_size])", "Deprecated name of make_set.").named(ResultName::Prefix("set")),
    a("make_list", 1, 2, &[A::Any, A::Integer], DYN, "(expr [, max_size])", "Array of all values in the group.").named(ResultName::Prefix("list")),
    a("make_list_if", 2, 3, &[A::Any, A::Bool, A::Integer], DYN, "(expr, predicate [, max_size])", "All values where the predicate holds.").named(ResultName::Prefix("list")),
    a("makelist", 1, 2, &[A::Any, A::Integer], DYN, "(expr [, max_size])", "Deprecated name of make_list.").named(ResultName::Prefix("list")),
    a("make_list_with_nulls", 1, 2, &[A::Any, A::Integer], DYN, "(expr [, max_size])", "All values, nulls included.").named(ResultName::Prefix("list")),
    a("make_bag", 1, 2, &[A::Dynamic, A::Integer], DYN, "(bag [, max_size])", "Merges the group's property bags.").named(ResultName::Prefix("bag")),
    a("make_bag_if", 2, 3, &[A::Dynamic, A::Bool, A::Integer], DYN, "(bag, predicate [, max_size])", "Merges bags where the predicate holds.").named(ResultName::Prefix("bag")),
    a("stdev", 1, 1, &[A::Summable], REAL, "(expr)", "Sample standard deviation."),
    a("stdevif", 2, 2, &[A::Summable, A::Bool], REAL, "(expr, predicate)", "Standard deviation where the predicate holds."),
    a("stdevp", 1, 1, &[A::Summable], REAL, "(expr)", "Population standard deviation."),
    a("variance", 1, 1, &[A::Summable], REAL, "(expr)", "Sample variance."),
    a("varianceif", 2, 2, &[A::Summable, A::Bool], REAL, "(expr, predicate)", "Variance where the predicate holds."),
    a("variancep", 1, 1, &[A::Summable], REAL, "(expr)", "Population variance."),
    a("percentile", 2, 2, &[A::Any, A::Number], ARG0, "(expr, percentile)", "Estimated percentile of the group."),
    a("percentiles", 2, MANY, &[A::Any, A::Number], ARG0, "(expr, percentile, ...)", "Estimated percentiles of the group."),
    a("percentiles_array", 2, MANY, &[A::Any], DYN, "(expr, percentiles...)", "Estimated percentiles, as an array."),
    a("percentilew", 3, 3, &[A::Any, A::Integer, A::Number], ARG0, "(expr, weight, percentile)", "Weighted percentile."),
    a("percentilesw", 3, MANY, &[A::Any, A::Integer, A::Number], ARG0, "(expr, weight, percentile, ...)", "Weighted percentiles."),
    a("tdigest", 1, 2, &[], DYN, "(expr [, weight])", "Intermediate percentile sketch."),
    a("tdigest_merge", 1, 1, &[A::Dynamic], DYN, "(tdigest)", "Merges tdigest sketches."),
    a("hll", 1, 2, &[A::Any, A::Integer], DYN, "(expr [, accuracy])", "Intermediate distinct-count sketch."),
    a("hll_if", 2, 3, &[A::Any, A::Bool, A::Integer], DYN, "(expr, predicate [, accuracy])", "Distinct-count sketch where the predicate holds."),
    a("hll_merge", 1, 1, &[A::Dynamic], DYN, "(hll)", "Merges hll sketches."),
    a("binary_all_and", 1, 1, &[A::Integer], LONG, "(expr)", "Bitwise and over the group."),
    a("binary_all_or", 1, 1, &[A::Integer], LONG, "(expr)", "Bitwise or over the group."),
    a("binary_all_xor", 1, 1, &[A::Integer], LONG, "(expr)", "Bitwise xor over the group."),
    a("buildschema", 1, 1, &[A::Dynamic], DYN, "(dynamic)", "The minimal schema of the group's dynamic values."),
    // --- Window functions ---
    w("row_number", 0, 2, LONG, "([start, restart])", "Row number in the serialized row set."),
    w("row_rank_dense", 1, 2, LONG, "(column [, restart])", "Dense rank of the row's value."),
    w("row_rank_min", 1, 2, LONG, "(column [, restart])", "Minimal rank of the row's value."),
    w("row_cumsum", 1, 2, ARG0, "(term [, restart])", "Cumulative sum."),
    w("row_window_session", 4, 5, DT, "(expr, max_distance, max_gap, restart)", "Session start of the row."),
    w("prev", 1, 3, ARG0, "(column [, offset, default])", "The column's value in an earlier row."),
    w("next", 1, 3, ARG0, "(column [, offset, default])", "The column's value in a later row."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for sig in all() {
            assert!(seen.insert(sig.name), "duplicate entry {}", sig.name);
            assert!(sig.min_args <= sig.max_args, "{}", sig.name);
        }
    }

    #[test]
    fn lookup_finds_common_functions() {
        let ago = lookup("ago").unwrap();
        assert_eq!(ago.kind, FunctionKind::Scalar);
        assert_eq!((ago.min_args, ago.max_args), (1, 1));
        assert_eq!(ago.arity_text(), "1 argument");
        assert_eq!(
            lookup("make_set").unwrap().result_name,
            ResultName::Prefix("set")
        );
        assert_eq!(lookup("count").unwrap().kind, FunctionKind::Aggregate);
        assert!(lookup("Ago").is_none(), "names are case-sensitive");
        assert!(lookup("no_such_function").is_none());
    }

    #[test]
    fn arg_classes_accept_dynamic_and_reject_clear_mismatches() {
        assert!(ArgType::TimeSpan.accepts(DataType::Dynamic));
        assert!(!ArgType::TimeSpan.accepts(DataType::String));
        assert!(ArgType::Summable.accepts(DataType::DateTime));
        assert!(!ArgType::Summable.accepts(DataType::Bool));
        assert_eq!(lookup("strcat").unwrap().arity_text(), "1 to 64 arguments");
        assert_eq!(lookup("case").unwrap().arity_text(), "at least 3 arguments");
    }
}
