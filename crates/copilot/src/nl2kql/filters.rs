//! Filters: values in the question (typed shapes, quoted strings, names after a cue word, known
//! enumeration values, "me", "that incident") bound to the column of the chosen table they most
//! plausibly belong to, with the comparison the words ask for.

use super::mentions::{role_columns, Mention};
use super::semantic_catalog::{role_of, ColumnSense, Nl2KqlCatalog, TableSense};
use super::text::{edit_distance, is_stopword, parse_number, stem, Shape, Token};
use super::{EntityKind, Nl2KqlContext};

mod places;

/// One condition of the `where` clauses.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Filter {
    /// The column's name, or an expression over it (`tostring(Owner.userPrincipalName)`).
    pub lhs: String,
    pub column: Option<usize>,
    /// `==`, `=~`, `has`, `contains`, `startswith`, `endswith`, `matches regex`, `>`, `>=`, `<`,
    /// `<=`.
    pub op: &'static str,
    pub negated: bool,
    /// Literals, already in KQL form.
    pub values: Vec<String>,
    /// For several values with `has`: all of them rather than any.
    pub all: bool,
    /// The words it came from.
    pub words: String,
    /// Where the column came from, for the explanation.
    pub why: String,
}

impl Filter {
    /// The condition in KQL.
    pub(crate) fn kql(&self) -> String {
        let l = &self.lhs;
        let n = self.negated;
        if self.values.len() == 1 {
            let v = &self.values[0];
            return match (self.op, n) {
                ("==", true) => format!("{l} != {v}"),
                ("=~", true) => format!("{l} !~ {v}"),
                ("has" | "contains" | "startswith" | "endswith", true) => {
                    format!("{l} !{} {v}", self.op)
                }
                ("matches regex", true) => format!("not({l} matches regex {v})"),
                (">", true) => format!("{l} <= {v}"),
                (">=", true) => format!("{l} < {v}"),
                ("<", true) => format!("{l} >= {v}"),
                ("<=", true) => format!("{l} > {v}"),
                (op, _) => format!("{l} {op} {v}"),
            };
        }
        let list = self.values.join(", ");
        match self.op {
            "==" => format!("{l} {} ({list})", if n { "!in" } else { "in" }),
            "=~" => format!("{l} {} ({list})", if n { "!in~" } else { "in~" }),
            "has" => {
                let f = if self.all { "has_all" } else { "has_any" };
                if n {
                    format!("not({l} {f} ({list}))")
                } else {
                    format!("{l} {f} ({list})")
                }
            }
            op => {
                let joiner = if self.all { " and " } else { " or " };
                let parts: Vec<String> = self
                    .values
                    .iter()
                    .map(|v| format!("{l} {op} {v}"))
                    .collect();
                if n {
                    format!("not({})", parts.join(joiner))
                } else {
                    format!("({})", parts.join(joiner))
                }
            }
        }
    }
}

/// A KQL string literal for any text (verbatim when it holds backslashes).
pub(crate) fn string_literal(s: &str) -> String {
    if s.contains('\\') {
        format!("@\"{}\"", s.replace('"', "\"\""))
    } else {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// A KQL column reference.
pub(crate) fn ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain
        && !matches!(
            name,
            "and" | "or" | "not" | "where" | "by" | "on" | "in" | "has"
        )
    {
        name.to_string()
    } else {
        format!("['{}']", name.replace('\'', "\\'"))
    }
}

fn col_has(c: &ColumnSense, words: &[&str]) -> bool {
    c.words.iter().any(|w| words.contains(&w.as_str()))
}

fn col_is_ip(c: &ColumnSense) -> bool {
    c.is_text()
        && (c.words.iter().any(|w| w == "ip" || w == "ipaddress")
            || matches!(
                c.name.as_str(),
                "cIP"
                    | "sIP"
                    | "IpAddress"
                    | "CallerIpAddress"
                    | "SrcIpAddr"
                    | "DstIpAddr"
                    | "ClientIP"
            ))
}

/// The columns of `table` whose kind fits a typed value, best first (without context).
pub(crate) fn shape_columns(table: &TableSense, t: &Token) -> Vec<usize> {
    columns_for_shape(table, t, t.shape)
}

/// [`shape_columns`] for the token read as `shape` (40 hex digits as an id rather than a hash).
fn columns_for_shape(table: &TableSense, t: &Token, shape: Shape) -> Vec<usize> {
    let mut out: Vec<(i32, usize)> = Vec::new();
    for (ci, c) in table.columns.iter().enumerate() {
        let init = c.name.starts_with("Initiating") || c.name.starts_with("Parent");
        let pen = if init { 5 } else { 0 };
        let rank = match shape {
            Shape::Ip if col_is_ip(c) => Some(ip_rank(&c.name)),
            Shape::Email
                if c.is_text()
                    && (col_has(c, &["upn", "email", "mail"])
                        || c.name.ends_with("PrincipalName")
                        || (col_has(c, &["address"]) && !col_is_ip(c))) =>
            {
                Some(
                    if c.name.ends_with("Upn") || c.name == "UserPrincipalName" {
                        0
                    } else if c.name.contains("Principal") {
                        1
                    } else {
                        2
                    },
                )
            }
            Shape::Url if c.is_text() && col_has(c, &["url", "uri"]) => {
                Some(if c.name.contains("Domain") { 3 } else { 0 })
            }
            Shape::Domain if c.is_text() && col_has(c, &["domain", "url", "uri", "fqdn"]) => Some(
                if c.name.contains("Domain") && !c.name.contains("Account") {
                    0
                } else if col_has(c, &["url"]) {
                    1
                } else {
                    3
                },
            ),
            Shape::Hash if c.is_text() => {
                let want = match t.raw.len() {
                    64 => "sha256",
                    40 => "sha1",
                    _ => "md5",
                };
                if col_has(c, &[want]) {
                    Some(0)
                } else if c.name == "FileHashValue" || c.name.contains("Hash") {
                    Some(2)
                } else {
                    None
                }
            }
            Shape::Guid if c.is_text() || c.data_type == kql::DataType::Guid => {
                (c.words.last().is_some_and(|w| w == "id")
                    || c.name.ends_with("Name") && c.description.to_lowercase().contains("id"))
                .then_some(3)
            }
            // 40 hex digits no word called a hash: the id of a machine, nothing else.
            Shape::HexId
                if t.shape == Shape::Hash
                    && c.is_text()
                    && c.words.last().is_some_and(|w| w == "id")
                    && (c.name.contains("Device") || c.name.contains("Machine")) =>
            {
                Some(if c.name == "DeviceId" { 0 } else { 2 })
            }
            Shape::HexId
                if t.shape != Shape::Hash
                    && c.is_text()
                    && c.words.last().is_some_and(|w| w == "id") =>
            {
                Some(if c.name == "DeviceId" { 0 } else { 2 })
            }
            Shape::FileName if c.is_text() => {
                if c.name == "FileName"
                    || c.name == "ProcessName"
                    || c.name == "NewProcessName"
                    || c.name == "Process"
                {
                    Some(0)
                } else if col_has(c, &["file", "process", "image"]) && col_has(c, &["name"]) {
                    Some(1)
                } else if c.name == "ObjectName" || c.name == "FolderPath" || c.name == "FilePath" {
                    Some(3)
                } else {
                    None
                }
            }
            Shape::Path if c.is_text() => {
                if t.lower.starts_with("hk") && col_has(c, &["registry"]) && col_has(c, &["key"]) {
                    Some(0)
                } else if col_has(c, &["path", "folder", "directory"]) {
                    Some(1)
                } else {
                    None
                }
            }
            Shape::Cve if c.is_text() && col_has(c, &["cve"]) => Some(0),
            // A version goes to a column that holds versions: OSVersion, ComponentVersion.
            Shape::Version if c.is_text() && c.words.iter().any(|w| *w == stem("version")) => {
                Some(if c.words.last().is_some_and(|w| *w == stem("version")) {
                    0
                } else {
                    2
                })
            }
            _ => None,
        };
        if let Some(r) = rank {
            out.push((r + pen, ci));
        }
    }
    out.sort();
    out.into_iter().map(|(_, c)| c).collect()
}

fn ip_rank(name: &str) -> i32 {
    const ORDER: &[&str] = &[
        "RemoteIP",
        "IPAddress",
        "IpAddress",
        "ClientIP",
        "SourceIP",
        "CallerIpAddress",
        "SourceIPAddress",
        "cIP",
        "SrcIpAddr",
        "RemoteIp",
        "DestinationIP",
        "LocalIP",
        "PublicIP",
        "NetworkIP",
    ];
    ORDER
        .iter()
        .position(|n| *n == name)
        .map(|p| p as i32)
        .unwrap_or(20)
}

/// Words that join a column mention to its value ("is", "equals", "named", "contains"...).
fn is_linker(w: &str) -> bool {
    matches!(
        w,
        "is" | "="
            | "=="
            | "equals"
            | "equal"
            | "to"
            | "named"
            | "called"
            | "of"
            | "contains"
            | "contain"
            | "containing"
            | "has"
            | "have"
            | "having"
            | "with"
            | "starts"
            | "start"
            | "starting"
            | "begins"
            | "begin"
            | "beginning"
            | "ends"
            | "end"
            | "ending"
            | "matches"
            | "match"
            | "matching"
            | "regex"
            | "like"
            | "not"
            | "isnt"
            | "isn"
            | "!="
            | "either"
            | "as"
            | "value"
            | ":"
            | "are"
            | "was"
            | "were"
            | "the"
            | "a"
            | "an"
            | "than"
            | "greater"
            | "more"
            | "less"
            | "fewer"
            | "above"
            | "below"
            | "under"
            | "over"
            | "least"
            | "most"
            | "at"
            | ">"
            | ">="
            | "<"
            | "<="
            | "exceeds"
            | "exceeding"
            | "higher"
            | "lower"
            | "set"
            | "in"
            | "any"
            | "one"
            | "doesnt"
            | "does"
            | "dont"
            | "do"
            | "no"
            | "without"
            | "excluding"
            | "except"
            | "exclude"
            | "for"
            | "on"
            | "by"
            | "pattern"
            | "prefix"
            | "suffix"
            | "extension"
            | "string"
            | "text"
            | "word"
            | "exactly"
            | "exact"
            | "include"
            | "includes"
            | "including"
    )
}

fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "isnt"
            | "isn"
            | "!="
            | "excluding"
            | "except"
            | "exclude"
            | "excludes"
            | "without"
            | "doesnt"
            | "dont"
            | "non"
            | "never"
            | "nor"
            | "aren"
            | "arent"
            | "wasnt"
            | "other"
    ) || (w.len() >= 7
        && ["excluding", "exclude", "excludes"]
            .iter()
            .any(|n| edit_distance(w, n, 1) <= 1))
}

/// The comparison the words between a column and its value ask for.
fn op_from(words: &[&str], numeric: bool) -> Option<&'static str> {
    let has = |w: &str| words.contains(&w);
    if has("regex") || has("matches") && has("pattern") {
        return Some("matches regex");
    }
    if has("starts")
        || has("start")
        || has("starting")
        || has("begins")
        || has("begin")
        || has("beginning")
        || has("prefix")
    {
        return Some("startswith");
    }
    if has("ends")
        || has("ending")
        || has("suffix")
        || has("extension")
        || (has("end") && has("with"))
    {
        return Some("endswith");
    }
    if has("contains") || has("contain") || has("containing") || has("like") || has("includes") {
        return Some("contains");
    }
    if numeric {
        let at = has("at");
        if has("least") && at || has(">=") {
            return Some(">=");
        }
        if has("most") && at || has("<=") {
            return Some("<=");
        }
        if has("greater")
            || has("more")
            || has("above")
            || has("over")
            || has(">")
            || has("exceeds")
            || has("exceeding")
            || has("higher")
        {
            return Some(">");
        }
        if has("less") || has("fewer") || has("below") || has("under") || has("<") || has("lower") {
            return Some("<");
        }
    }
    if has("has") || has("having") {
        return Some("has");
    }
    None
}

/// Long free-text columns, where a word is looked up rather than matched whole.
fn is_free_text(c: &ColumnSense) -> bool {
    c.data_type == kql::DataType::Dynamic
        || col_has(
            c,
            &[
                "commandline",
                "command",
                "url",
                "uri",
                "path",
                "key",
                "title",
                "description",
                "subject",
                "message",
                "detail",
                "field",
                "properties",
                "string",
                "agent",
                "query",
                "comment",
                "folder",
                "data",
            ],
        )
}

/// A value found in the question.
#[derive(Clone, Debug)]
struct Slot {
    idx: usize,
    /// One past the last token of the value (several for "Default Web Site").
    end: usize,
    raw: String,
    shape: Shape,
    /// A column already chosen by the word right before the value, with why.
    column: Option<(usize, usize, String)>,
}

/// Reads every filter the question asks for on `table`; marks the tokens it uses.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    ctx: &Nl2KqlContext,
    not_understood: &mut Vec<String>,
) -> Vec<Filter> {
    let mut filters: Vec<Filter> = Vec::new();
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");

    // "me": "assigned to me", "my sign-ins".
    for i in 0..tokens.len() {
        let w = lw(i);
        let prev = if i > 0 { lw(i - 1) } else { "" };
        let is_me = match w {
            "me" | "myself" => matches!(
                prev,
                "to" | "by" | "for" | "owned" | "assigned" | "about" | "involving" | "with"
            ),
            "my" | "mine" => !matches!(
                lw(i + 1),
                "environment"
                    | "network"
                    | "tenant"
                    | "organization"
                    | "org"
                    | "company"
                    | "workspace"
                    | "estate"
                    | "domain"
            ),
            _ => false,
        } && !(w == "me"
            && matches!(
                prev,
                "show" | "give" | "tell" | "get" | "find" | "list" | "let"
            ));
        if !is_me || used[i] {
            continue;
        }
        used[i] = true;
        let Some(me) = &ctx.me else {
            not_understood.push(format!(
                "\"{}\" (no signed-in identity is known)",
                tokens[i].raw
            ));
            continue;
        };
        if let Some((ci, _)) = table
            .column("Owner")
            .filter(|(_, c)| c.data_type == kql::DataType::Dynamic)
        {
            filters.push(Filter {
                lhs: "tostring(Owner.userPrincipalName)".into(),
                column: Some(ci),
                op: "=~",
                negated: false,
                values: vec![string_literal(&me.upn)],
                all: false,
                words: format!("{} {}", prev, tokens[i].raw).trim().to_string(),
                why: "the incident owner is the signed-in analyst".into(),
            });
        } else if let Some(ci) = user_column(table, &me.upn) {
            filters.push(Filter {
                lhs: ident(&table.columns[ci].name),
                column: Some(ci),
                op: "=~",
                negated: false,
                values: vec![string_literal(&me.upn)],
                all: false,
                words: tokens[i].raw.clone(),
                why: "the signed-in analyst's user principal name".into(),
            });
        } else {
            not_understood.push(format!(
                "\"{}\" ({} has no user column)",
                tokens[i].raw, table.name
            ));
        }
    }

    // "that incident", "this user", "the same IP".
    for i in 0..tokens.len() {
        let w = lw(i);
        if !matches!(
            w,
            "that" | "this" | "same" | "those" | "these" | "above" | "previous"
        ) || used[i]
        {
            continue;
        }
        let noun_at = if matches!(lw(i + 1), "same") {
            i + 2
        } else {
            i + 1
        };
        let (kind, span) = match lw(noun_at) {
            "incident" | "case" => (EntityKind::Incident, 1),
            "alert" => (EntityKind::Alert, 1),
            "ip" | "address" | "ips" => (
                EntityKind::Ip,
                if lw(noun_at + 1) == "address" { 2 } else { 1 },
            ),
            "user" | "account" | "person" | "identity" => (EntityKind::User, 1),
            "host" | "device" | "machine" | "computer" | "endpoint" | "server" => {
                (EntityKind::Host, 1)
            }
            "domain" => (EntityKind::Domain, 1),
            "url" | "link" => (EntityKind::Url, 1),
            "file" => (EntityKind::FileName, 1),
            "hash" => (EntityKind::FileHash, 1),
            _ => continue,
        };
        // "this device Chris-PC" names the thing right here, and "that file" after "cmd.exe"
        // points back within the question: neither is a reference to the conversation.
        let named_here = tokens.get(noun_at + span).is_some_and(|t| {
            t.shape.is_value()
                || t.shape == Shape::Quoted
                || t.shape == Shape::Word
                    && !is_stopword(&t.lower)
                    && (t.raw.contains('-') || t.raw.chars().skip(1).any(char::is_uppercase))
        });
        let named_before = tokens[..i].iter().any(|t| {
            t.shape == Shape::Quoted
                || match kind {
                    EntityKind::Ip => t.shape == Shape::Ip,
                    EntityKind::User => t.shape == Shape::Email,
                    EntityKind::Host => matches!(t.shape, Shape::Identifier | Shape::Domain),
                    EntityKind::Domain => t.shape == Shape::Domain,
                    EntityKind::Url => t.shape == Shape::Url,
                    EntityKind::FileName => matches!(t.shape, Shape::FileName | Shape::Path),
                    EntityKind::FileHash => t.shape == Shape::Hash,
                    EntityKind::Incident | EntityKind::Alert => false,
                }
        });
        if named_here || named_before {
            continue;
        }
        let words: String = tokens[i..(noun_at + span).min(tokens.len())]
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let Some(ent) = ctx.entities.iter().rev().find(|e| e.kind == kind) else {
            not_understood.push(format!(
                "\"{words}\" (nothing of that kind was named earlier in the conversation)"
            ));
            for k in i..(noun_at + span).min(tokens.len()) {
                used[k] = true;
            }
            continue;
        };
        let role_word = match kind {
            EntityKind::Incident => "incident",
            EntityKind::Alert => "alert",
            EntityKind::Ip => "ip",
            EntityKind::User => "user",
            EntityKind::Host => "host",
            EntityKind::Domain => "domain",
            EntityKind::Url => "url",
            EntityKind::FileName => "file",
            EntityKind::FileHash => "hash",
        };
        let cols = role_of(role_word)
            .map(|r| role_columns(table, r))
            .unwrap_or_default();
        let numeric = parse_number(&ent.value).is_some();
        let pick = cols.iter().copied().find(|&c| {
            let col = &table.columns[c];
            if kind == EntityKind::User {
                return col.is_text()
                    && (ent.value.contains('@')
                        == (col.name.contains("Principal")
                            || col.name.contains("Upn")
                            || col.name == "UserId"
                            || col.name == "Identity" && ent.value.contains('@'))
                        || !ent.value.contains('@'));
            }
            if numeric {
                col.is_numeric() || col.is_text()
            } else {
                col.is_text()
            }
        });
        for k in i..(noun_at + span).min(tokens.len()) {
            used[k] = true;
        }
        match pick {
            Some(ci) => {
                let c = &table.columns[ci];
                let lit = if c.is_numeric() && numeric {
                    ent.value.clone()
                } else {
                    string_literal(&ent.value)
                };
                filters.push(Filter {
                    lhs: ident(&c.name),
                    column: Some(ci),
                    op: if c.is_numeric() || kind == EntityKind::Ip || kind == EntityKind::FileHash
                    {
                        "=="
                    } else {
                        "=~"
                    },
                    negated: false,
                    values: vec![lit],
                    all: false,
                    words,
                    why: format!(
                        "the {role_word} named earlier in the conversation ({})",
                        ent.value
                    ),
                });
            }
            None => not_understood.push(format!(
                "\"{words}\" ({} has no {role_word} column)",
                table.name
            )),
        }
    }

    countries(table, tokens, used, &mut filters);

    // Typed values, quoted strings and names after a cue word.
    let mut slots: Vec<Slot> = Vec::new();
    // 40 hex digits are a SHA-1 only when some word speaks of hashes or files; otherwise they
    // are an identifier (Defender's device ids have that shape).
    let hash_words = tokens.iter().any(|t| {
        matches!(
            t.stem.as_str(),
            "hash"
                | "sha1"
                | "sha"
                | "sha256"
                | "md5"
                | "checksum"
                | "digest"
                | "file"
                | "thumbprint"
        )
    });
    for (i, t) in tokens.iter().enumerate() {
        if used[i] {
            continue;
        }
        let value_like = t.shape.is_value() || t.shape == Shape::Number;
        if value_like {
            let shape = if t.shape == Shape::Hash && t.raw.len() == 40 && !hash_words {
                Shape::HexId
            } else if t.shape == Shape::Number
                && t.raw.contains('.')
                && (i > 0 && is_os_name(&tokens[i - 1].lower)
                    || i > 1
                        && is_os_name(&tokens[i - 2].lower)
                        && tokens[i - 1]
                            .raw
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase))
            {
                // "Windows Server 19111.1234": a dotted number after an OS's name is its version.
                Shape::Version
            } else {
                t.shape
            };
            slots.push(Slot {
                idx: i,
                end: i + 1,
                raw: t.raw.clone(),
                shape,
                column: None,
            });
        }
    }
    // Bare names after a column ("alias mapadilla", "job title Security Engineer", "user agent
    // containing sqlmap", "instance MSSQLSERVER").
    bare_values(cat, table, tokens, used, mentions, &mut slots);
    slots.sort_by_key(|s| s.idx);

    let mut prev_bound: Option<(usize, usize)> = None; // (slot index in `filters`, token idx)
    for s in &slots {
        if used[s.idx] {
            continue;
        }
        // A list continues: "cmd.exe or powershell.exe", "'a', 'b' and 'c'".
        if let Some((fi, last)) = prev_bound {
            let between: Vec<&str> = (last + 1..s.idx).map(lw).collect();
            if between
                .iter()
                .all(|w| matches!(*w, "or" | "and" | "nor" | "," | "either" | "&"))
                && between.len() <= 2
            {
                let f: &mut Filter = &mut filters[fi];
                if let Some(ci) = f.column {
                    let c = &table.columns[ci];
                    if let Some(lit) = literal_for(c, s) {
                        if !f.values.contains(&lit) {
                            f.values.push(lit);
                            f.words
                                .push_str(&format!(" {} {}", between.join(" "), s.raw));
                            if between.contains(&"and") && !between.contains(&"or") {
                                f.all = true;
                            }
                        }
                        used[s.idx] = true;
                        prev_bound = Some((fi, s.idx));
                        continue;
                    }
                }
            }
        }
        // Numbers that are limits, thresholds or clock parts are read elsewhere.
        let bound = match &s.column {
            Some((ci, ms, why)) => {
                for (mi, m) in mentions.iter().enumerate() {
                    if m.start == *ms {
                        mention_used[mi] = true;
                    }
                }
                Some((*ci, Some(*ms), why.clone()))
            }
            None => bind_slot(cat, table, tokens, used, mentions, mention_used, s),
        };
        let Some((ci, mention_start, why)) = bound else {
            if s.shape != Shape::Number && s.shape != Shape::Identifier {
                not_understood.push(format!(
                    "\"{}\" (no column of {} fits it)",
                    s.raw, table.name
                ));
            }
            continue;
        };
        let c = &table.columns[ci];
        let Some(lit) = literal_for(c, s) else {
            continue;
        };
        let from = mention_start.unwrap_or(s.idx).saturating_sub(3);
        let span_words: Vec<&str> = (from..s.idx).map(lw).collect();
        let near_words: Vec<&str> = (mention_start.unwrap_or(s.idx)..s.idx).map(lw).collect();
        // The negation must qualify this value: between its column and it, or right before them
        // ("not from", "excluding the"), not a word that negates something else ("not compliant
        // devices with id X").
        let lead = mention_start.unwrap_or(s.idx);
        let negated = near_words.iter().any(|w| is_negation(w))
            || (lead.saturating_sub(2)..lead)
                .rev()
                .take_while(|&k| k + 2 >= lead)
                .any(|k| {
                    is_negation(lw(k))
                        && (k + 1..lead).all(|x| is_stopword(lw(x)) || is_linker(lw(x)))
                });
        let numeric_col = c.is_numeric();
        let op = op_from(&near_words, numeric_col)
            .or_else(|| {
                // With no column word, the words right before the value: "that contain
                // \"impossible travel\"", "more than 5".
                mention_start
                    .is_none()
                    .then(|| op_from(&span_words, numeric_col))
                    .flatten()
            })
            .unwrap_or_else(|| default_op(c, s.shape));
        let op = if numeric_col && matches!(op, "has" | "contains" | "startswith" | "endswith") {
            "=="
        } else {
            op
        };
        // A domain against a column of email addresses: the addresses at that domain.
        let op = if s.shape == Shape::Domain
            && matches!(op, "==" | "=~")
            && !col_has(c, &["domain", "url", "uri", "fqdn", "host"])
            && (col_has(c, &["email", "mail", "upn"]) || c.name.ends_with("Address"))
        {
            "endswith"
        } else {
            op
        };
        let words = tokens[mention_start.unwrap_or(s.idx)..s.end.max(s.idx + 1)]
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for k in s.idx..s.end.max(s.idx + 1) {
            used[k] = true;
        }
        for k in from..s.idx {
            if is_negation(lw(k))
                || op_from(&[lw(k)], true).is_some()
                || matches!(
                    lw(k),
                    "is" | "named"
                        | "called"
                        | "equals"
                        | "="
                        | "=="
                        | "with"
                        | "than"
                        | "least"
                        | "most"
                )
            {
                used[k] = true;
            }
        }
        let mut f = Filter {
            lhs: ident(&c.name),
            column: Some(ci),
            op,
            negated,
            values: port_list(c, &s.raw).unwrap_or_else(|| vec![lit]),
            all: false,
            words,
            why,
        };
        if matches!(op, "contains" | "has" | "startswith" | "endswith") {
            more_search_words(cat, tokens, used, s.end.max(s.idx + 1), &mut f);
        }
        filters.push(f);
        prev_bound = Some((filters.len() - 1, s.idx));
    }

    // "evidence which contains bluedog": a searched-for word no column was named for is looked
    // for in every column.
    for i in 0..tokens.len().saturating_sub(1) {
        if !matches!(
            lw(i),
            "contains" | "contain" | "containing" | "mentions" | "mentioning" | "mention"
        ) {
            continue;
        }
        let j = i + 1;
        let t = &tokens[j];
        let fits = match t.shape {
            Shape::Quoted | Shape::Identifier => true,
            Shape::Word => value_like(cat, tokens, j, true),
            _ => false,
        };
        // Not a column's name ("contain SHA1 info") nor a value the catalog knows for one.
        let names_column = table
            .columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(&t.raw))
            || mentions.iter().any(|m| (m.start..m.end).contains(&j));
        if used[j]
            || !fits
            || names_column
            || table.value_index.contains_key(t.lower.as_str())
            || filters.iter().any(|f| f.words.contains(&t.raw))
        {
            continue;
        }
        let negated = i > 0 && is_negation(lw(i - 1));
        used[i] = true;
        used[j] = true;
        let mut f = Filter {
            lhs: "*".into(),
            column: None,
            op: "contains",
            negated,
            values: vec![string_literal(&t.raw)],
            all: false,
            words: format!("{} {}", tokens[i].raw, t.raw),
            why: "a word to look for with no column named: any column".into(),
        };
        more_search_words(cat, tokens, used, j + 1, &mut f);
        filters.push(f);
    }

    // A flag named as an adjective: "active indicators" -> Active == true.
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if used[i] || t.shape != Shape::Word || is_stopword(&t.lower) {
            continue;
        }
        let Some((ci, c)) = table.columns.iter().enumerate().find(|(_, c)| {
            c.data_type == kql::DataType::Bool
                && (c.words == [t.stem.as_str()] || c.words == ["is", t.stem.as_str()])
        }) else {
            continue;
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let negated = i > 0 && is_negation(lw(i - 1));
        used[i] = true;
        filters.push(Filter {
            lhs: ident(&c.name),
            column: Some(ci),
            op: "==",
            negated: false,
            values: vec![(!negated).to_string()],
            all: false,
            words: t.raw.clone(),
            why: "a yes/no column named as an adjective".into(),
        });
    }

    // An outcome code whose catalog description says "0 for success" (Entra ID's ResultType):
    // "failed sign-ins" are the non-zero codes, "successful" ones the zero code — not a
    // Conditional Access status that merely contains the word "failure".
    if let Some((ci, c)) = table
        .columns
        .iter()
        .enumerate()
        .find(|(_, c)| c.is_text() && c.description.to_lowercase().starts_with("0 for success"))
    {
        for i in 0..tokens.len() {
            let stem = tokens[i].stem.as_str();
            let failed = matches!(stem, "fail" | "failure" | "unsuccessful");
            let succeeded = matches!(stem, "success" | "succeed" | "successful");
            if used[i] || !(failed || succeeded) || filters.iter().any(|f| f.column == Some(ci)) {
                continue;
            }
            let negated = i > 0 && is_negation(lw(i - 1));
            used[i] = true;
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if failed != negated { "!=" } else { "==" },
                negated: false,
                values: vec![string_literal("0")],
                all: false,
                words: tokens[i].raw.clone(),
                why: "an outcome code where 0 is success".into(),
            });
        }
    }

    // "failed logons" where the table records its own action's outcome as one word of its name
    // and the outcome ("LogonFailed", "LogonSuccess"): that value, not a logon type that merely
    // mentions failure ("Failed logon with certificate").
    // "users who logged on", "devices that signed in": a logon told as done is one that
    // succeeded (unless the question speaks of failing anywhere).
    let failing = tokens.iter().any(|t| {
        matches!(
            t.stem.as_str(),
            "fail" | "failure" | "unsuccessful" | "deny" | "denied" | "block" | "attempt"
        )
    });
    for i in 0..tokens.len() {
        let stem = tokens[i].stem.as_str();
        // "logged in" is one token ("login") by now; "logged into" is two.
        let raw = &tokens[i].raw;
        let done_logon = !failing
            && (["logged ", "signed ", "Logged ", "Signed "]
                .iter()
                .any(|p| raw.starts_with(p))
                || matches!(tokens[i].lower.as_str(), "logged" | "signed")
                    && matches!(lw(i + 1), "in" | "on" | "into" | "onto"));
        let outcome = match stem {
            "fail" | "failure" | "unsuccessful" => "failed",
            "success" | "succeed" | "successful" => "success",
            _ if done_logon => "success",
            _ => continue,
        };
        // The verb may also have named the records ("logged on" -> logon events).
        if used[i] && !done_logon {
            continue;
        }
        let hit = table
            .columns
            .iter()
            .enumerate()
            .filter(|(ci, c)| c.is_text() && !filters.iter().any(|f| f.column == Some(*ci)))
            .find_map(|(ci, c)| {
                c.values
                    .iter()
                    .find(|v| {
                        let l = v.value.to_ascii_lowercase();
                        l.strip_suffix(outcome).is_some_and(|head| {
                            !head.is_empty() && table.name_words.iter().any(|(w, _)| w == head)
                        })
                    })
                    .map(|v| (ci, v.value.clone()))
            });
        let Some((ci, value)) = hit else {
            continue;
        };
        let negated = i > 0 && is_negation(lw(i - 1));
        used[i] = true;
        filters.push(Filter {
            lhs: ident(&table.columns[ci].name),
            column: Some(ci),
            op: if negated { "!=" } else { "==" },
            negated: false,
            values: vec![string_literal(&value)],
            all: false,
            words: tokens[i].raw.clone(),
            why: "the outcome of the records' own action".into(),
        });
    }

    // Known values of enumerated columns: "failed", "high severity", "false positive".
    known_values(cat, table, tokens, used, mentions, &mut filters);

    // A level or state right before the column it qualifies: "high risk level", "disabled state".
    for m in mentions {
        if m.start == 0 || used[m.start - 1] {
            continue;
        }
        let adj = tokens[m.start - 1].lower.as_str();
        if !matches!(
            adj,
            "high"
                | "medium"
                | "low"
                | "critical"
                | "informational"
                | "active"
                | "closed"
                | "new"
                | "enabled"
                | "disabled"
                | "none"
                | "unknown"
        ) {
            continue;
        }
        let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_text()) else {
            continue;
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let c = &table.columns[ci];
        let known = c.values.iter().find(|v| v.value.eq_ignore_ascii_case(adj));
        // "unknown device" is not DeviceName == "unknown": the column must be a level or state,
        // or know the word as one of its values.
        let leveled = ["Level", "Severity", "State", "Status", "Risk", "Priority"]
            .iter()
            .any(|w| c.name.contains(w));
        if known.is_none() && !leveled {
            continue;
        }
        let value = known.map_or_else(|| adj.to_string(), |v| v.value.clone());
        used[m.start - 1] = true;
        for k in m.start..m.end {
            used[k] = true;
        }
        filters.push(Filter {
            lhs: ident(&c.name),
            column: Some(ci),
            op: "=~",
            negated: false,
            values: vec![string_literal(&value)],
            all: false,
            words: format!(
                "{} {}",
                tokens[m.start - 1].raw,
                tokens[m.start..m.end]
                    .iter()
                    .map(|t| t.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            why: "a level named right before its column".into(),
        });
    }
    // "logins for mhair", "sign-ins by jdoe": a word the catalog does not know, right after the
    // words that named the records and "for" / "by", is whose records they are.
    for i in 2..tokens.len() {
        let t = &tokens[i];
        let names_records = |k: usize| {
            let st = &tokens[k].stem;
            table.name_words.iter().any(|(w, _)| w == st)
                || table.phrases.iter().any(|p| *p == tokens[k].lower)
                || cat.synonyms.get(st).is_some_and(|syn| {
                    syn.iter()
                        .any(|x| table.name_words.iter().any(|(w, _)| w == x))
                })
        };
        let unknown_word = matches!(t.shape, Shape::Word | Shape::Identifier)
            && !used[i]
            && t.raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
            && !is_stopword(&t.lower)
            && !super::intent::is_cue_word(&t.lower)
            && !cat.vocab.contains_key(&t.stem)
            && !cat.vocab.contains_key(&t.lower)
            && !cat.synonyms.contains_key(&t.stem);
        if !unknown_word
            || !matches!(lw(i - 1), "for" | "by")
            || !names_records(i - 2)
            || filters.iter().any(|f| {
                f.column.is_some_and(|c| {
                    table.columns[c].is_text()
                        && role_of("user").is_some_and(|r| role_columns(table, r).contains(&c))
                })
            })
        {
            continue;
        }
        let Some(ci) = role_of("user").and_then(|r| {
            role_columns(table, r).into_iter().find(|&c| {
                table.columns[c].is_text()
                    && !table.columns[c].name.contains("Upn")
                    && !table.columns[c].name.contains("Principal")
            })
        }) else {
            continue;
        };
        used[i] = true;
        used[i - 1] = true;
        filters.push(Filter {
            lhs: ident(&table.columns[ci].name),
            column: Some(ci),
            op: "=~",
            negated: false,
            values: vec![string_literal(&t.raw)],
            all: false,
            words: format!("{} {} {}", tokens[i - 2].raw, tokens[i - 1].raw, t.raw),
            why: "a name the catalog does not know, after the records and \"for\": whose they are"
                .into(),
        });
    }
    filters
}

/// "ports 80,443": commas in a number too large for a port list ports, not thousands.
fn port_list(c: &ColumnSense, raw: &str) -> Option<Vec<String>> {
    if !c.is_numeric() || !c.name.contains("Port") || !raw.contains(',') {
        return None;
    }
    if parse_number(raw).is_some_and(|n| n <= 65535.0) {
        return None;
    }
    let parts: Vec<&str> = raw.split(',').filter(|p| !p.is_empty()).collect();
    parts
        .iter()
        .all(|p| p.parse::<u32>().is_ok_and(|n| n <= 65535))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// More words searched for in the same way after a first one: "contains cmd.exe, beacon and
/// blue", "url contains contoso.com or filedrop". Words the catalog knows end the list.
fn more_search_words(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &mut [bool],
    mut j: usize,
    f: &mut Filter,
) {
    loop {
        let mut k = j;
        let mut joiners = Vec::new();
        while k < tokens.len()
            && k < j + 2
            && matches!(tokens[k].lower.as_str(), "," | "or" | "and")
        {
            joiners.push(tokens[k].lower.as_str());
            k += 1;
        }
        // The tokenizer trims a comma off the word before it ("cmd.exe, beacon"): one more
        // byte between the two tokens than the space.
        let comma_before = k == j
            && j > 0
            && tokens
                .get(j)
                .is_some_and(|t| t.start == tokens[j - 1].end + 2);
        if (joiners.is_empty() && !comma_before) || k >= tokens.len() || used[k] {
            return;
        }
        let t = &tokens[k];
        let fits = match t.shape {
            Shape::Quoted | Shape::Identifier | Shape::FileName | Shape::Domain | Shape::Url => {
                true
            }
            Shape::Word => value_like(cat, tokens, k, false),
            _ => false,
        };
        if !fits {
            return;
        }
        let lit = string_literal(&t.raw);
        if !f.values.contains(&lit) {
            f.values.push(lit);
            f.words
                .push_str(&format!(" {} {}", joiners.join(" "), t.raw));
            if joiners.contains(&"and") && !joiners.contains(&"or") {
                f.all = true;
            }
        }
        for x in j..=k {
            used[x] = true;
        }
        j = k + 1;
    }
}

/// "in China", "outside the US", "Russian sign-ins": a country filters the table's country column,
/// spelled as its catalog description says the column holds it (a two-letter code, a name, or
/// either).
fn countries(table: &TableSense, tokens: &[Token], used: &mut [bool], filters: &mut Vec<Filter>) {
    let Some((ci, c)) = country_column(table) else {
        return;
    };
    let desc = c.description.to_lowercase();
    let code = desc.contains("two-letter") || desc.contains("2-letter") || c.name.ends_with("Code");
    let either = code && desc.contains("name");
    let free_text = !code && !c.name.contains("Country");
    let mut i = 0;
    while i < tokens.len() {
        let Some((country, n)) = (!used[i])
            .then(|| places::country_at(tokens, i))
            .flatten()
            .filter(|(_, n)| (i..i + n).all(|k| !used[k]))
        else {
            i += 1;
            continue;
        };
        let lead = (i.saturating_sub(3)..i)
            .rev()
            .take_while(|&k| !used[k])
            .collect::<Vec<_>>();
        let negated = lead.iter().any(|&k| {
            let w = tokens[k].lower.as_str();
            w == "outside" || is_negation(w)
        });
        let mut values = Vec::new();
        if !code || either {
            values.push(string_literal(country.name));
        }
        if code {
            values.push(string_literal(country.code));
        }
        let words = joined_raw(tokens, i, i + n);
        for k in i..i + n {
            used[k] = true;
        }
        if let Some(f) = filters
            .iter_mut()
            .find(|f| f.column == Some(ci) && f.negated == negated)
        {
            f.values.extend(values);
            f.words.push_str(&format!(", {words}"));
        } else {
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if free_text { "has" } else { "==" },
                negated,
                values,
                all: false,
                words,
                why: format!(
                    "a country, as {} holds it ({})",
                    c.name,
                    if either {
                        "a name or a two-letter code"
                    } else if code {
                        "a two-letter code"
                    } else {
                        "a name"
                    }
                ),
            });
        }
        i += n;
    }
}

/// The column that holds the country of a record: named for it, else a location whose
/// description speaks of countries.
fn country_column(table: &TableSense) -> Option<(usize, &ColumnSense)> {
    let mut best: Option<(u8, usize, &ColumnSense)> = None;
    for (ci, c) in table.columns.iter().enumerate() {
        if !c.is_text() {
            continue;
        }
        let rank = if c.name == "Country" || c.name == "CountryCode" {
            0
        } else if c.name.contains("Country") && !c.name.starts_with("Initiating") {
            1
        } else if (c.name.contains("Location") || c.name.contains("Region"))
            && c.description.to_lowercase().contains("country")
        {
            2
        } else {
            continue;
        };
        if best.is_none_or(|(r, _, _)| rank < r) {
            best = Some((rank, ci, c));
        }
    }
    best.map(|(_, ci, c)| (ci, c))
}

fn user_column(table: &TableSense, upn: &str) -> Option<usize> {
    let _ = upn;
    for n in [
        "UserPrincipalName",
        "AccountUpn",
        "InitiatingProcessAccountUpn",
        "UserId",
        "Caller",
        "AccountUPN",
        "Identity",
        "UserName",
        "AccountName",
    ] {
        if let Some((i, c)) = table.column(n) {
            if c.is_text() {
                return Some(i);
            }
        }
    }
    None
}

fn default_op(c: &ColumnSense, shape: Shape) -> &'static str {
    if c.is_numeric() {
        return "==";
    }
    match shape {
        Shape::Ip
        | Shape::Hash
        | Shape::Guid
        | Shape::HexId
        | Shape::Number
        | Shape::Cve
        | Shape::Version => "==",
        Shape::Email | Shape::FileName => {
            if is_free_text(c) {
                "has"
            } else {
                "=~"
            }
        }
        Shape::Url | Shape::Domain | Shape::Path => {
            if is_free_text(c) {
                "has"
            } else {
                "=~"
            }
        }
        _ => {
            if is_free_text(c) {
                "has"
            } else {
                "=~"
            }
        }
    }
}

/// The literal for a slot in a column, or `None` when the column cannot hold it.
fn literal_for(c: &ColumnSense, s: &Slot) -> Option<String> {
    if c.is_numeric() {
        let n = parse_number(&s.raw)?;
        return Some(if n.fract() == 0.0 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        });
    }
    if c.data_type == kql::DataType::Bool {
        return match s.raw.to_lowercase().as_str() {
            "true" | "1" | "yes" => Some("true".into()),
            "false" | "0" | "no" => Some("false".into()),
            _ => None,
        };
    }
    if c.data_type == kql::DataType::Guid {
        return (s.shape == Shape::Guid).then(|| format!("guid({})", s.raw));
    }
    if !c.is_text() {
        return None;
    }
    Some(string_literal(&s.raw))
}

fn compatible(c: &ColumnSense, s: &Slot) -> bool {
    match s.shape {
        Shape::Number => c.is_numeric() || c.is_text() && !c.name.ends_with("Time"),
        Shape::Guid => c.is_text() || c.data_type == kql::DataType::Guid,
        _ => c.is_text() || (c.is_numeric() && parse_number(&s.raw).is_some()),
    }
}

/// Words between a column and a bare value naming it ("named", "is", "containing").
fn is_naming_word(w: &str) -> bool {
    matches!(
        w,
        "named"
            | "called"
            | "is"
            | "="
            | ":"
            | "name"
            | "id"
            | "has"
            | "contains"
            | "containing"
            | "contain"
            | "equals"
            | "equal"
            | "=="
            | "of"
            | "like"
            | "matching"
            | "include"
            | "includes"
            | "including"
            | "starts"
            | "start"
            | "starting"
            | "begins"
            | "beginning"
            | "ends"
            | "end"
            | "ending"
            | "with"
    )
}

/// Whether a word typed after a column reads as its value rather than as more of the question:
/// unknown to the catalog, capitalized mid-sentence, ALL CAPS or camelCase, or after an operator.
fn value_like(cat: &Nl2KqlCatalog, tokens: &[Token], j: usize, op_word: bool) -> bool {
    let t = &tokens[j];
    if t.shape != Shape::Word
        || is_stopword(&t.lower)
        || super::intent::is_cue_word(&t.lower)
        || role_of(&t.lower).is_some()
        || is_negation(&t.lower)
        || is_linker(&t.lower)
    {
        return false;
    }
    let mut chars = t.raw.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
    let inner_caps = chars.any(|c| c.is_uppercase());
    // "users who has successfully logged in": after "has", a lower-case adverb or participle
    // makes it the auxiliary verb, not the operator.
    let verb_form = !first_upper
        && !inner_caps
        && ["ly", "ed"].iter().any(|s| t.lower.ends_with(s))
        && j > 0
        && matches!(tokens[j - 1].lower.as_str(), "has" | "have" | "had");
    if inner_caps || (op_word && !verb_form) || (first_upper && j > 0) {
        return true;
    }
    // A lower-case word is a value only when the catalog does not know it and it does not read as
    // an English verb or adverb ("seen", "running", "recently").
    if t.lower.len() < 3
        || ["ed", "ing", "ly", "en"]
            .iter()
            .any(|s| t.lower.ends_with(s))
        || matches!(
            t.lower.as_str(),
            "done" | "made" | "run" | "ran" | "used" | "got" | "went" | "gone" | "via" | "per"
        )
    {
        return false;
    }
    let mut probe = Vec::new();
    cat.lookup(&t.stem, &t.lower, &mut probe);
    probe.is_empty()
}

/// The tokens of a value starting at `j` for column `c`: a known value spelled out, a run of
/// capitalized words ("Default Web Site"), else the one word.
fn value_span(c: &ColumnSense, tokens: &[Token], used: &[bool], j: usize) -> usize {
    let mut best = j + 1;
    for v in &c.values {
        let words: Vec<&str> = v.value.split_whitespace().collect();
        if words.len() < 2 || j + words.len() > tokens.len() {
            continue;
        }
        if words
            .iter()
            .zip(&tokens[j..])
            .all(|(w, t)| t.lower == w.to_lowercase() || t.raw == *w)
            && j + words.len() > best
        {
            best = j + words.len();
        }
    }
    if best > j + 1 {
        return best;
    }
    let capital = |t: &Token| t.raw.chars().next().is_some_and(|c| c.is_uppercase());
    if !capital(&tokens[j]) {
        return j + 1;
    }
    let mut k = j + 1;
    while k < tokens.len()
        && k < j + 4
        && !used[k]
        && matches!(
            tokens[k].shape,
            Shape::Word | Shape::Number | Shape::Identifier
        )
        && (capital(&tokens[k]) || tokens[k].shape == Shape::Number)
        && !is_stopword(&tokens[k].lower)
    {
        k += 1;
    }
    k
}

/// The words of a multi-word value, as typed, with single spaces.
fn joined_raw(tokens: &[Token], a: usize, b: usize) -> String {
    tokens[a..b]
        .iter()
        .map(|t| t.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bare values after a column mention, or after a word that names part of a column
/// ("instance MSSQLSERVER" -> SqlInstanceName), added to `slots` with their column.
fn bare_values(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &[bool],
    mentions: &[Mention],
    slots: &mut Vec<Slot>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let in_slot = |slots: &Vec<Slot>, j: usize| slots.iter().any(|s| (s.idx..s.end).contains(&j));
    let mut claimed: Vec<usize> = Vec::new();
    for m in mentions {
        let mut j = m.end;
        let mut op_word = false;
        // "device names that contain surface"
        if matches!(lw(j), "that" | "which" | "whose")
            && matches!(
                lw(j + 1),
                "contain" | "contains" | "include" | "includes" | "has" | "have" | "is" | "are"
            )
        {
            j += 1;
        }
        while j < tokens.len() && is_naming_word(lw(j)) && !used[j] {
            op_word |= matches!(
                lw(j),
                "has"
                    | "contains"
                    | "containing"
                    | "contain"
                    | "equals"
                    | "="
                    | "=="
                    | "like"
                    | "starts"
                    | "starting"
                    | "begins"
                    | "ends"
                    | "ending"
            );
            j += 1;
        }
        if j >= tokens.len()
            || used[j]
            || tokens[j].shape != Shape::Word
            || in_slot(slots, j)
            || mentions.iter().any(|o| (o.start..o.end).contains(&j))
            || table.column(&tokens[j].raw).is_some()
        {
            continue;
        }
        let name_taking = !m.direct
            && matches!(
                tokens[m.start].lower.as_str(),
                "user"
                    | "account"
                    | "alias"
                    | "username"
                    | "host"
                    | "hostname"
                    | "device"
                    | "machine"
                    | "computer"
                    | "server"
                    | "workstation"
                    | "domain"
                    | "app"
                    | "application"
                    | "process"
                    | "file"
                    | "upn"
                    | "severity"
                    | "status"
                    | "level"
                    | "state"
            );
        if !(m.direct || name_taking || j > m.end) {
            continue;
        }
        let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_text()) else {
            continue;
        };
        // A name goes in the column's name form when there is one: "process sqlservr" ->
        // ProcessName rather than Process.
        let ci = table
            .column(&format!("{}Name", table.columns[ci].name))
            .filter(|(_, c)| c.is_text() && !tokens[j].raw.contains('/'))
            .map_or(ci, |(i, _)| i);
        let c = &table.columns[ci];
        let known = c
            .values
            .iter()
            .any(|v| v.value.eq_ignore_ascii_case(&tokens[j].raw));
        if !(known || value_like(cat, tokens, j, op_word)) {
            continue;
        }
        let end = value_span(c, tokens, used, j);
        let raw = joined_raw(tokens, j, end);
        // A name with a space in it ("the user Mark Biggley") is a display name: AccountName ->
        // AccountDisplayName when the table has one.
        let ci = match c.name.strip_suffix("Name") {
            Some(stem) if raw.contains(' ') => table
                .column(&format!("{stem}DisplayName"))
                .filter(|(_, d)| d.is_text())
                .map_or(ci, |(i, _)| i),
            _ => ci,
        };
        claimed.extend(j..end);
        let words: Vec<&str> = (m.start..m.end).map(|k| tokens[k].raw.as_str()).collect();
        slots.push(Slot {
            idx: j,
            end,
            raw,
            shape: Shape::Identifier,
            column: Some((
                ci,
                m.start,
                format!("column named by \"{}\"", words.join(" ")),
            )),
        });
    }
    // A capitalized name unknown to the catalog right before its column: "the Finance
    // department".
    for m in mentions {
        if !m.direct || m.start < 2 {
            continue;
        }
        let j = m.start - 1;
        let t = &tokens[j];
        if used[j]
            || claimed.contains(&j)
            || in_slot(slots, j)
            || t.shape != Shape::Word
            || !t.raw.chars().next().is_some_and(|c| c.is_uppercase())
            || !matches!(lw(j - 1), "the" | "in" | "from" | "of" | "a" | "an" | "for")
        {
            continue;
        }
        let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_text()) else {
            continue;
        };
        let mut probe = Vec::new();
        cat.lookup(&t.stem, &t.lower, &mut probe);
        if !probe.is_empty() || is_stopword(&t.lower) {
            continue;
        }
        claimed.push(j);
        let words: Vec<&str> = (m.start..m.end).map(|k| tokens[k].raw.as_str()).collect();
        slots.push(Slot {
            idx: j,
            end: j + 1,
            raw: t.raw.clone(),
            shape: Shape::Identifier,
            column: Some((
                ci,
                j,
                format!("a name right before \"{}\"", words.join(" ")),
            )),
        });
    }
    // A word naming part of one column right before an unmistakable value: "instance
    // MSSQLSERVER", "process sqlservr", "site Contoso".
    for i in 0..tokens.len().saturating_sub(1) {
        let t = &tokens[i];
        if used[i]
            || t.shape != Shape::Word
            || is_stopword(&t.lower)
            || mentions.iter().any(|m| (m.start..m.end).contains(&i))
        {
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && is_naming_word(lw(j)) && lw(j) != "name" {
            j += 1;
        }
        if j >= tokens.len()
            || used[j]
            || claimed.contains(&j)
            || in_slot(slots, j)
            || mentions.iter().any(|o| (o.start..o.end).contains(&j))
            || table.column(&tokens[j].raw).is_some()
            || !value_like(cat, tokens, j, false)
        {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for (ci, c) in table.columns.iter().enumerate() {
            if !c.is_text() || !c.words.contains(&t.stem) {
                continue;
            }
            let rank = if c.words.last().is_some_and(|w| w == "name") {
                c.words.len()
            } else {
                10 + c.words.len()
            };
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, ci));
            }
        }
        let Some((_, ci)) = best else { continue };
        let end = value_span(&table.columns[ci], tokens, used, j);
        let raw = joined_raw(tokens, j, end);
        claimed.extend(j..end);
        slots.push(Slot {
            idx: j,
            end,
            raw,
            shape: Shape::Identifier,
            column: Some((ci, i, format!("column named in part by \"{}\"", t.raw))),
        });
    }
}

/// The column a value belongs to: the mention just before it (through cue words), else one by
/// shape and the words around it.
fn bind_slot(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &[bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    s: &Slot,
) -> Option<(usize, Option<usize>, String)> {
    let _ = cat;
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    // "more than 16000 MB of physical memory": a compared number before its numeric column.
    let compared = s.shape == Shape::Number
        && (s.idx.saturating_sub(2)..s.idx).any(|k| {
            matches!(
                lw(k),
                "than"
                    | "least"
                    | "most"
                    | "over"
                    | "above"
                    | "under"
                    | "below"
                    | ">"
                    | "<"
                    | ">="
                    | "<="
            )
        });
    if compared {
        if let Some((mi, m)) = mentions.iter().enumerate().find(|(mi, m)| {
            !mention_used[*mi]
                && m.start > s.idx
                && m.start <= s.idx + 3
                && (s.idx + 1..m.start).all(|k| lw(k).len() <= 3 || lw(k) == "bytes")
        }) {
            if let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_numeric()) {
                mention_used[mi] = true;
                return Some((
                    ci,
                    None,
                    format!("a number compared with \"{}\"", tokens[m.start].raw),
                ));
            }
        }
    }
    // A mention ending shortly before, with only linking words in between.
    for (mi, m) in mentions.iter().enumerate().rev() {
        if m.end > s.idx {
            continue;
        }
        let gap = s.idx - m.end;
        // "accounts that start with 'x'", "files whose name is y": a relative pronoun links too.
        if gap > 5
            || !(m.end..s.idx).all(|k| {
                (is_linker(lw(k)) || matches!(lw(k), "that" | "which" | "whose" | "who"))
                    && !used[k]
                    || tokens[k].shape == Shape::Symbol
            })
        {
            break;
        }
        // A typed value prefers the column of its kind among those the words name: "the
        // initiating process is not outlook.exe" -> InitiatingProcessFileName.
        let typed: Option<usize> =
            if s.shape.is_value() && s.shape != Shape::Quoted && s.shape != Shape::Identifier {
                let stems: Vec<&str> = (m.start..m.end)
                    .map(|k| tokens[k].stem.as_str())
                    .filter(|w| !is_stopword(w))
                    .collect();
                let kind = columns_for_shape(table, &tokens[s.idx], s.shape);
                // A strongly typed value whose kind none of the mentioned columns holds goes to
                // the table's best column of its kind: "sign-ins for alice@contoso.com" is the
                // user principal name, not the sign-in identifier "sign-ins" names.
                let strong = matches!(
                    s.shape,
                    Shape::Email | Shape::Ip | Shape::Cve | Shape::Version
                );
                // A version after an OS's name is the OS's ("Windows Server 19111.1234").
                let os_named = s.shape == Shape::Version
                    && (s.idx.saturating_sub(3)..s.idx).any(|k| is_os_name(lw(k)));
                let by_kind = (strong && !m.columns.iter().any(|c| kind.contains(c)))
                    .then(|| {
                        kind.iter()
                            .copied()
                            .find(|&c| {
                                os_named
                                    && table.columns[c]
                                        .words
                                        .iter()
                                        .any(|w| w == "os" || w == "platform")
                            })
                            .or_else(|| kind.first().copied())
                    })
                    .flatten();
                // "source ip address", "destination ip": the side named right before the
                // mention, when a column of the value's kind is on that side.
                let side: &[&str] = match lw(m.start.saturating_sub(1)) {
                    "source" | "src" | "local" | "originating" => &["local", "source", "src"],
                    "destination" | "dest" | "dst" | "remote" | "target" => {
                        &["remote", "destination", "dst", "target"]
                    }
                    _ => &[],
                };
                let sided = (m.start > 0 && !side.is_empty())
                    .then(|| {
                        kind.iter().copied().find(|&c| {
                            side.iter()
                                .any(|w| table.columns[c].words.iter().any(|cw| cw == w))
                        })
                    })
                    .flatten();
                sided
                    .or(by_kind)
                    .or_else(|| m.columns.iter().copied().find(|c| kind.contains(c)))
                    .or_else(|| {
                        kind.into_iter().find(|&c| {
                            stems
                                .iter()
                                .all(|w| table.columns[c].words.iter().any(|cw| cw == w))
                        })
                    })
            } else {
                None
            };
        let id_shaped = matches!(s.shape, Shape::Hash | Shape::HexId | Shape::Guid);
        let id_col = if id_shaped {
            m.columns.iter().copied().find(|&c| {
                compatible(&table.columns[c], s)
                    && table.columns[c].words.last().is_some_and(|w| w == "id")
            })
        } else {
            None
        };
        // A number goes to a numeric column of the mention when it has one ("incident 42" ->
        // IncidentNumber, not IncidentName).
        let numeric_col = if s.shape == Shape::Number {
            m.columns
                .iter()
                .copied()
                .find(|&c| table.columns[c].is_numeric())
        } else {
            None
        };
        // A name with a space in it ("the user Mark Biggley") is a display name when the
        // mentioned kind has one.
        let display = if s.raw.contains(' ') {
            m.columns.iter().copied().find(|&c| {
                table.columns[c].name.ends_with("DisplayName") && compatible(&table.columns[c], s)
            })
        } else {
            None
        };
        if let Some(ci) = typed.or(id_col).or(numeric_col).or(display).or_else(|| {
            m.columns
                .iter()
                .copied()
                // "more than 10 failed logins": a compared number is a count, not a name.
                .find(|&c| {
                    (!compared || table.columns[c].is_numeric()) && compatible(&table.columns[c], s)
                })
        }) {
            // A number right after a role noun ("3 users") is not a value of it.
            mention_used[mi] = true;
            let what = if m.direct {
                "named by"
            } else {
                "a kind named by"
            };
            let words: Vec<&str> = (m.start..m.end).map(|k| tokens[k].raw.as_str()).collect();
            return Some((
                ci,
                Some(m.start),
                format!("column {what} \"{}\"", words.join(" ")),
            ));
        }
        break;
    }
    // A mention right after: "obs.exe and audiomanager.exe files", "10.0.0.1 as the source".
    if s.shape.is_value() {
        if let Some((mi, m)) = mentions.iter().enumerate().find(|(_, m)| {
            m.start == s.idx + 1
                || (m.start == s.idx + 2 && matches!(lw(s.idx + 1), "as" | "in" | "on"))
        }) {
            // "received by contoso.com addresses": of the columns the words name, the one on
            // the side the verb before the value says.
            let before: Vec<&str> = (s.idx.saturating_sub(3)..s.idx).map(lw).collect();
            let receiving = before.iter().any(|w| {
                matches!(
                    *w,
                    "received" | "receiving" | "to" | "recipient" | "delivered"
                )
            });
            let sending = before
                .iter()
                .any(|w| matches!(*w, "from" | "sent" | "sender"));
            let fits =
                |c: usize| compatible(&table.columns[c], s) && shape_fits(&table.columns[c], s);
            let side = |c: usize| {
                let w = &table.columns[c].words;
                (receiving && w.iter().any(|x| x == "recipient"))
                    || (sending && !receiving && w.iter().any(|x| x == "sender"))
            };
            let pick = m
                .columns
                .iter()
                .copied()
                .find(|&c| fits(c) && side(c))
                .or_else(|| m.columns.iter().copied().find(|&c| fits(c)));
            if let Some(ci) = pick {
                mention_used[mi] = true;
                return Some((
                    ci,
                    None,
                    format!(
                        "column named by \"{}\" after the value",
                        tokens[m.start].raw
                    ),
                ));
            }
        }
    }
    if s.shape == Shape::Number || s.shape == Shape::Identifier && !looks_like_host(&s.raw) {
        // "port 445" without a port column mention is handled by the mention; a bare number has no
        // column.
        return quoted_known_value(table, s);
    }
    if s.shape == Shape::Quoted {
        if let Some(b) = quoted_known_value(table, s) {
            return Some(b);
        }
        // "images named \"x\"": the name of the thing the records are about.
        if matches!(lw(s.idx.saturating_sub(1)), "named" | "called") {
            for name in ["FileName", "ProcessName", "Name"] {
                if let Some((ci, c)) = table.column(name) {
                    if c.is_text() {
                        return Some((ci, None, format!("the name {} records", table.name)));
                    }
                }
            }
        }
        // "alerts that contain \"impossible travel\"": the table's main text.
        let before: Vec<&str> = (s.idx.saturating_sub(2)..s.idx).map(lw).collect();
        if before.iter().any(|w| {
            matches!(
                *w,
                "contain"
                    | "contains"
                    | "containing"
                    | "mention"
                    | "mentions"
                    | "mentioning"
                    | "about"
                    | "include"
                    | "includes"
                    | "including"
                    | "with"
            )
        }) {
            for name in [
                "Title",
                "AlertName",
                "Subject",
                "SyslogMessage",
                "Message",
                "RenderedDescription",
                "Description",
                "ProcessCommandLine",
                "CommandLine",
                "AdditionalFields",
            ] {
                if let Some((ci, c)) = table.column(name) {
                    if c.is_text() {
                        return Some((ci, None, format!("the text of {} holds it", table.name)));
                    }
                }
            }
        }
        return None;
    }
    if s.shape == Shape::Identifier {
        // "on web-01", "from desktop-132", "logged on to web-07": a host-like name after a place
        // preposition.
        if matches!(
            lw(s.idx.saturating_sub(1)),
            "on" | "from" | "at" | "to" | "into" | "host" | "device" | "machine" | "computer"
        ) {
            if let Some(r) = role_of("device") {
                if let Some(&ci) = role_columns(table, r)
                    .iter()
                    .find(|&&c| table.columns[c].is_text())
                {
                    return Some((ci, None, "a host-like name".into()));
                }
            }
        }
        return None;
    }
    let cands = columns_for_shape(table, &tokens[s.idx], s.shape);
    if cands.is_empty() {
        return None;
    }
    // Nearby words prefer one candidate: "remote", "local", "sender", "recipient", "initiating".
    let before: Vec<&str> = (s.idx.saturating_sub(4)..s.idx).map(lw).collect();
    let mut best = cands[0];
    let mut best_score = -1i32;
    for (rank, &ci) in cands.iter().enumerate() {
        let c = &table.columns[ci];
        let mut sc = 20 - rank as i32;
        for (bi, w) in before.iter().enumerate() {
            let st = super::text::stem(w);
            // "received by", "opened by": the one who received it.
            let by_receiver = *w == "by"
                && bi > 0
                && matches!(
                    before[bi - 1],
                    "received" | "delivered" | "opened" | "read" | "clicked" | "got"
                );
            // Not the words that named the records ("emails" is EmailEvents, not EmailDirection).
            if c.words.contains(&st)
                && !is_stopword(w)
                && !matches!(st.as_str(), "file" | "name" | "ip" | "address")
                && !table.name_words.iter().any(|(nw, _)| *nw == st)
            {
                sc += 10;
            }
            let dir = match *w {
                "by" if by_receiver => &["recipient", "destination", "dst", "remote", "target"][..],
                "from" | "by" | "sender" | "sent" => {
                    &["sender", "source", "src", "caller", "client"][..]
                }
                "to" | "recipient" | "received" | "receiver" | "destination" | "dest" => {
                    &["recipient", "destination", "dst", "remote", "target"][..]
                }
                "parent" | "initiating" | "initiated" | "launched" | "spawned" | "started"
                | "opened" | "requested" | "run" => &["initiating", "parent"][..],
                _ => &[][..],
            };
            if dir.iter().any(|d| c.words.iter().any(|cw| cw == d)) {
                sc += 8;
            }
            // "windows 10.0.19045": a version after an operating system's name is the OS's.
            if s.shape == Shape::Version
                && is_os_name(w)
                && c.words.iter().any(|cw| cw == "os" || cw == "platform")
            {
                sc += 10;
            }
        }
        if c.words.iter().any(|w| w == "parent") && !before.contains(&"parent") {
            sc -= 6;
        }
        // Equally fitting: the plainer column, with fewer words.
        if sc > best_score || sc == best_score && c.words.len() < table.columns[best].words.len() {
            best_score = sc;
            best = ci;
        }
    }
    let what = match s.shape {
        Shape::Ip => "an IP address",
        Shape::Email => "an email address / user principal name",
        Shape::Url => "a URL",
        Shape::Domain => "a domain",
        Shape::Hash => "a file hash",
        Shape::Guid => "an identifier (GUID)",
        Shape::HexId => "a device identifier",
        Shape::FileName => "a file name",
        Shape::Path => "a path or registry key",
        Shape::Cve => "a CVE identifier",
        Shape::Version => "a version number",
        _ => "a value",
    };
    Some((best, None, format!("{what} fits this column")))
}

/// The name of an operating system family.
fn is_os_name(w: &str) -> bool {
    matches!(
        w,
        "windows" | "linux" | "macos" | "mac" | "osx" | "ios" | "android" | "ubuntu" | "rhel"
    )
}

fn shape_fits(c: &ColumnSense, s: &Slot) -> bool {
    match s.shape {
        Shape::Ip => col_is_ip(c),
        _ => true,
    }
}

fn looks_like_host(s: &str) -> bool {
    s.contains('-') && s.chars().any(|c| c.is_ascii_digit()) && !s.contains('_')
}

/// A quoted string that is exactly a known value of some column.
fn quoted_known_value(table: &TableSense, s: &Slot) -> Option<(usize, Option<usize>, String)> {
    let lower = s.raw.to_lowercase();
    for (ci, c) in table.columns.iter().enumerate() {
        if c.values.iter().any(|v| v.value.to_lowercase() == lower) && compatible(c, s) {
            return Some((
                ci,
                None,
                format!("\"{}\" is a known value of this column", s.raw),
            ));
        }
    }
    None
}

fn token_matches_word(cat: &Nl2KqlCatalog, t: &Token, w: &str) -> bool {
    let _ = cat;
    if t.stem == w || t.lower == w {
        return true;
    }
    // A value's clipped word spelled out in full: "administrators" for "Admin".
    if w.len() >= 5 && t.lower.len() >= w.len() + 3 && t.lower.starts_with(w) {
        return true;
    }
    t.stem.len() >= 5 && w.len() >= 5 && edit_distance(&t.stem, w, 1) <= 1
}

/// Binds words to enumerated values the catalog knows for the table's columns.
fn known_values(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    filters: &mut Vec<Filter>,
) {
    // (score, column, value index, tokens)
    let mut cands: Vec<(f32, usize, usize, Vec<usize>)> = Vec::new();
    // The lengths of the question's free words: a value word of another length (give or take one
    // letter for typos) cannot match, which rules out most of a large catalog at once.
    // Within one edit, one of a value word's first two letters is one of the question word's
    // first two: per length, the letters seen there (as bits of the byte's low five bits).
    let mut letters = [0u32; 64];
    let bit = |b: u8| 1u32 << (b & 31);
    for (k, t) in tokens.iter().enumerate() {
        if !used[k] && t.shape == Shape::Word {
            for w in [t.stem.as_bytes(), t.lower.as_bytes()] {
                let mask = w.iter().take(2).fold(0, |m, &b| m | bit(b));
                let l = w.len().min(62);
                for slot in &mut letters[l.saturating_sub(1)..=l + 1] {
                    *slot |= mask;
                }
            }
        }
    }
    let may_match = |w: &str| {
        let mask = w.bytes().take(2).fold(0, |m, b| m | bit(b));
        letters[w.len().min(63)] & mask != 0
    };
    // A known value spelled out word for word ("Azure DevOps", "Log Analytics API"): several words,
    // or one that reads as a name (capitals inside, or capitalized mid-sentence).
    for i in 0..tokens.len() {
        if used[i] || tokens[i].shape == Shape::Symbol {
            continue;
        }
        let Some(hits) = table.value_index.get(tokens[i].lower.as_str()) else {
            continue;
        };
        for &(ci, vi) in hits {
            let (ci, vi) = (ci as usize, vi as usize);
            let c = &table.columns[ci];
            if !(c.data_type == kql::DataType::String)
                || matches!(c.name.as_str(), "Type" | "SourceSystem" | "TenantId")
                || filters.iter().any(|f| f.column == Some(ci))
            {
                continue;
            }
            let v = &c.values[vi];
            if v.words.is_empty() {
                continue;
            }
            let words: Vec<&str> = v.value.split_whitespace().collect();
            if i + words.len() > tokens.len()
                || !words
                    .iter()
                    .zip(&tokens[i..])
                    .enumerate()
                    .all(|(k, (w, t))| !used[i + k] && t.lower.eq_ignore_ascii_case(w))
            {
                continue;
            }
            let raw = &tokens[i].raw;
            let name_like = raw.chars().skip(1).any(|ch| ch.is_uppercase())
                || (i > 0 && raw.chars().next().is_some_and(|ch| ch.is_uppercase()));
            if words.len() < 2 && !name_like {
                continue;
            }
            let toks: Vec<usize> = (i..i + words.len()).collect();
            cands.push((3.0 + words.len() as f32, ci, vi, toks));
        }
    }
    for (ci, c) in table.columns.iter().enumerate() {
        if c.values.is_empty()
            || !(c.data_type == kql::DataType::String || c.is_numeric())
            || matches!(c.name.as_str(), "Type" | "SourceSystem" | "TenantId")
            || filters.iter().any(|f| f.column == Some(ci))
        {
            continue;
        }
        let mentioned = mentions.iter().any(|m| m.columns.first() == Some(&ci));
        for (vi, v) in c.values.iter().enumerate() {
            // All telling words may be there, or all but a middle one of three or more.
            let d = &v.distinctive;
            let possible = !d.is_empty()
                && may_match(&d[0])
                && may_match(&d[d.len() - 1])
                && d.iter().filter(|w| !may_match(w)).count() <= usize::from(d.len() >= 3);
            if v.numeric || !possible {
                continue;
            }
            let mut toks = Vec::new();
            let mut ok = true;
            // A value of three or more telling words may be named by all but a middle one
            // ("usb mount" for UsbDriveMount).
            let mut missing = 0;
            for (wi, w) in v.distinctive.iter().enumerate() {
                match tokens.iter().enumerate().find(|(k, t)| {
                    !used[*k]
                        && t.shape == Shape::Word
                        && !toks.contains(k)
                        && token_matches_word(cat, t, w)
                }) {
                    Some((k, _)) => toks.push(k),
                    None if v.distinctive.len() >= 3
                        && missing == 0
                        && wi > 0
                        && wi + 1 < v.distinctive.len() =>
                    {
                        missing += 1
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok || toks.is_empty() {
                continue;
            }
            // Several words that name another column are that column, not a value that happens
            // to spell them ("grouped by sender address" is not the policy "SenderAddressList").
            if toks.len() >= 2
                && mentions.iter().any(|m| {
                    m.direct
                        && !m.columns.contains(&ci)
                        && toks.iter().all(|k| (m.start..m.end).contains(k))
                })
            {
                continue;
            }
            // Distinctive words must sit together.
            let (lo, hi) = (
                toks.iter().min().copied().unwrap_or(0),
                toks.iter().max().copied().unwrap_or(0),
            );
            if hi - lo > toks.len() + 1 {
                continue;
            }
            let extra = v
                .words
                .iter()
                .filter(|w| {
                    !v.distinctive.contains(w)
                        && tokens.iter().any(|t| token_matches_word(cat, t, w))
                })
                .count();
            // One word of a longer value ("users" of "NoSuchUser") is not the value, unless its
            // column was named.
            if !mentioned && (toks.len() + extra) * 2 < v.raw_len {
                continue;
            }
            // "active incidents", "new alerts": a bare state word names a value of a status.
            let status_col = c.name.ends_with("Status") || c.name.ends_with("State");
            let generic = toks.len() == 1
                && v.words.len() == 1
                && !status_col
                && matches!(
                    tokens[toks[0]].stem.as_str(),
                    "new"
                        | "other"
                        | "none"
                        | "unknown"
                        | "all"
                        | "true"
                        | "false"
                        | "yes"
                        | "no"
                        | "active"
                        | "open"
                        | "user"
                        | "file"
                        | "process"
                        | "id"
                );
            if generic && !mentioned {
                continue;
            }
            // "private remote IPs": a word next to the value that names a part of its column
            // (RemoteIPType rather than LocalIPType).
            let beside = (lo.saturating_sub(2)..(hi + 3).min(tokens.len()))
                .filter(|&k| {
                    !toks.contains(&k)
                        && !is_stopword(&tokens[k].lower)
                        && !v.words.contains(&tokens[k].stem)
                        && !super::mentions::GENERIC.contains(&tokens[k].stem.as_str())
                        && c.words.contains(&tokens[k].stem)
                })
                .count();
            let mut score =
                toks.len() as f32 + 0.4 * extra as f32 - 0.01 * c.values.len().min(50) as f32;
            score += 0.3 * beside as f32 - 0.5 * missing as f32;
            if mentioned {
                score += 1.0;
            }
            if matches!(
                c.name.as_str(),
                "Severity"
                    | "Status"
                    | "ActionType"
                    | "Classification"
                    | "ThreatTypes"
                    | "EmailDirection"
                    | "DeliveryAction"
                    | "ResultType"
            ) {
                score += 0.3;
            }
            cands.push((score, ci, vi, toks));
        }
    }
    cands.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut taken: Vec<usize> = Vec::new();
    for (_, ci, vi, toks) in cands {
        if toks.iter().any(|k| taken.contains(k) || used[*k]) {
            continue;
        }
        taken.extend(&toks);
        let c = &table.columns[ci];
        let v = &c.values[vi];
        let lo = toks.iter().min().copied().unwrap_or(0);
        let negated = (lo.saturating_sub(2)..lo).any(|k| is_negation(&tokens[k].lower))
            || tokens[lo].lower.starts_with("non")
                && tokens[lo].lower.len() > 3
                && !v.value.to_lowercase().starts_with("non")
            || tokens[lo].lower.starts_with("un")
                && !v.value.to_lowercase().starts_with("un")
                && tokens[lo].stem != v.words[0];
        let lit = if c.is_numeric() {
            v.value.clone()
        } else {
            string_literal(&v.value)
        };
        let plural =
            c.name.ends_with('s') && !c.name.ends_with("ss") && !c.name.ends_with("Status");
        let words = toks
            .iter()
            .map(|k| tokens[*k].raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(f) = filters.iter_mut().find(|f| {
            f.column == Some(ci) && f.why.starts_with("known value") && f.negated == negated
        }) {
            f.values.push(lit);
            f.words.push_str(&format!(", {words}"));
        } else {
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if plural { "has" } else { "==" },
                negated,
                values: vec![lit],
                all: false,
                words,
                why: format!("known value \"{}\" of the column", v.value),
            });
        }
        for k in toks {
            used[k] = true;
        }
    }
}
