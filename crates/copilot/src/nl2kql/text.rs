//! Words and shapes: the question cut into tokens, each with its lower-case form, a light stem and
//! the shape of the value it may hold (IP address, hash, file name...).

use compact_str::CompactString;

/// What a token looks like, which decides the columns it can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Word,
    Number,
    Quoted,
    Ip,
    Email,
    Url,
    Domain,
    Guid,
    Hash,
    HexId,
    FileName,
    Path,
    Cve,
    /// Dotted numbers that are not an IP address: `10.0.19041.1`, `3.1.1`.
    Version,
    Date,
    Clock,
    /// Letters mixed with digits, underscores or hyphens (`desktop-132`, `Brunnen_Crop_H420`).
    Identifier,
    Symbol,
}

impl Shape {
    /// A value the analyst typed, as opposed to a word of the question.
    pub(crate) fn is_value(self) -> bool {
        !matches!(
            self,
            Shape::Word | Shape::Symbol | Shape::Date | Shape::Clock | Shape::Number
        )
    }
}

/// One token of the question.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    /// As typed (quotes removed for quoted strings). Question words are short: these strings
    /// live inline, not on the heap.
    pub raw: CompactString,
    /// Lower case.
    pub lower: CompactString,
    /// Light stem of `lower` (words only; other shapes keep `lower`).
    pub stem: CompactString,
    pub shape: Shape,
    /// Byte range in the question.
    pub start: usize,
    pub end: usize,
}

const FILE_EXTENSIONS: &[&str] = &[
    "exe", "dll", "ps1", "psm1", "bat", "cmd", "vbs", "vbe", "js", "jse", "jar", "zip", "rar",
    "7z", "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "pdf", "msi", "sys", "scr",
    "lnk", "hta", "iso", "img", "txt", "csv", "py", "sh", "cert", "cer", "pfx", "tmp", "dat",
    "bin", "log", "ini", "inf", "cpl", "ocx", "wsf", "html", "htm", "one", "eml", "msg", "gz",
    "tar", "apk", "dmg", "pkg", "elf", "so", "config", "xml", "json", "key", "pem", "vhd", "vhdx",
    "rtf", "svg",
];

/// Whether `w` (a token's stem or lower case) is one of `words` (a column's or a value's).
pub(crate) fn has_word(words: &[String], w: &str) -> bool {
    words.iter().any(|x| x == w)
}

/// The words of tokens `a..b` as typed (to the end of the question at most).
pub(crate) fn joined_raw(tokens: &[Token], a: usize, b: usize) -> String {
    let words = &tokens[a..b.min(tokens.len())];
    let mut out = String::with_capacity(words.iter().map(|t| t.raw.len() + 1).sum());
    for (i, t) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&t.raw);
    }
    out
}

/// A file name extension analysts name ("exe", "ps1"), without its dot.
pub(crate) fn is_file_extension(e: &str) -> bool {
    FILE_EXTENSIONS.contains(&e)
}

const TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "io",
    "ru",
    "cn",
    "info",
    "biz",
    "xyz",
    "top",
    "co",
    "uk",
    "de",
    "fr",
    "gov",
    "edu",
    "mil",
    "us",
    "onion",
    "site",
    "online",
    "me",
    "ly",
    "tk",
    "cc",
    "local",
    "corp",
    "int",
    "app",
    "dev",
    "cloud",
    "microsoft",
    "windows",
];

/// Cuts a question into tokens. Quoted strings become one token; values keep their punctuation.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 4);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if let Some(close) = quote_close(c) {
            let prev = text[..i].chars().next_back();
            let opens = prev.is_none_or(|p| !p.is_alphanumeric());
            if opens {
                if let Some(rel) = text[i + clen..].find(close) {
                    let inner = &text[i + clen..i + clen + rel];
                    let end = i + clen + rel + close.len_utf8();
                    // A stray quote typed inside the quotes ("'abc") is not part of the value.
                    let inner = inner.trim().trim_matches(['\'', '"', '`', '‘', '’']);
                    if !inner.trim().is_empty() {
                        let raw = inner.trim().to_string();
                        let inner_shape = classify(&raw);
                        let shape = if inner_shape.is_value() && inner_shape != Shape::Identifier {
                            inner_shape
                        } else {
                            Shape::Quoted
                        };
                        tokens.push(Token {
                            lower: raw.to_lowercase().into(),
                            stem: raw.to_lowercase().into(),
                            raw: raw.into(),
                            shape,
                            start: i,
                            end,
                        });
                    }
                    i = end;
                    continue;
                }
            }
            i += clen;
            continue;
        }
        // A chunk up to the next whitespace or opening quote.
        let mut j = i;
        while j < text.len() {
            let d = text[j..].chars().next().unwrap_or(' ');
            if d.is_whitespace() || (j > i && matches!(d, '"' | '“' | '”')) {
                break;
            }
            j += d.len_utf8();
        }
        push_chunk(text, i, j, &mut tokens);
        i = j.max(i + clen);
    }
    let _ = bytes;
    merge_compounds(tokens)
}

/// A command-line switch as analysts quote them: "-enc", "-EncodedCommand", "--tmpdir", "/c".
pub(crate) fn is_switch(s: &str) -> bool {
    let (body, max) = if let Some(b) = s.strip_prefix("--") {
        (b, 24)
    } else if let Some(b) = s.strip_prefix('-') {
        (b, 24)
    } else if let Some(b) = s.strip_prefix('/') {
        (b, 3)
    } else {
        return false;
    };
    (1..=max).contains(&body.len())
        && body.as_bytes()[0].is_ascii_alphabetic()
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn quote_close(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '\'' => Some('\''),
        '“' => Some('”'),
        '‘' => Some('’'),
        '`' => Some('`'),
        _ => None,
    }
}

fn push_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let chunk = &text[start..end];
    // Strip surrounding punctuation.
    let lead = chunk.len()
        - chunk
            .trim_start_matches(['(', '[', '{', '<', ',', ';', '“', '"', '\''])
            .len();
    let mut body = &chunk[lead..];
    loop {
        let trimmed = body.trim_end_matches([
            ',', ';', '!', '?', ')', ']', '}', '>', '"', '\'', '”', '’', ':',
        ]);
        let trimmed = if trimmed.ends_with('.') && !trimmed.ends_with("..") {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == body.len() {
            break;
        }
        body = trimmed;
    }
    let s = start + lead;
    if body.is_empty() {
        if let Some(sym) = chunk.chars().find(|c| matches!(c, '>' | '<' | '=' | '!')) {
            out.push(symbol(sym.encode_utf8(&mut [0; 4]), start, end));
        }
        return;
    }
    if matches!(body, ">" | ">=" | "<" | "<=" | "=" | "==" | "!=" | "<>") {
        out.push(symbol(body, s, s + body.len()));
        return;
    }
    // "-enc", "--no-profile", "/c": a command-line switch, kept whole.
    if is_switch(body) {
        let mut lower = CompactString::from(body);
        lower.make_ascii_lowercase();
        out.push(Token {
            raw: body.into(),
            stem: lower.clone(),
            lower,
            shape: Shape::Word,
            start: s,
            end: s + body.len(),
        });
        return;
    }
    // "30-days", "24-hours": a number and its unit.
    if let Some((num, unit)) = body.split_once('-') {
        if !num.is_empty()
            && num.bytes().all(|b| b.is_ascii_digit())
            && matches!(
                unit.to_ascii_lowercase().as_str(),
                "minute"
                    | "minutes"
                    | "hour"
                    | "hours"
                    | "day"
                    | "days"
                    | "week"
                    | "weeks"
                    | "month"
                    | "months"
                    | "year"
                    | "years"
            )
        {
            out.push(Token {
                raw: num.into(),
                lower: num.into(),
                stem: num.into(),
                shape: Shape::Number,
                start: s,
                end: s + num.len(),
            });
            let us = s + num.len() + 1;
            out.push(word(unit, us, us + unit.len()));
            return;
        }
    }
    // "@contoso.com": the domain of addresses.
    if let Some(domain) = body.strip_prefix('@') {
        if classify(domain) == Shape::Domain {
            out.push(Token {
                raw: domain.into(),
                lower: domain.to_lowercase().into(),
                stem: domain.to_lowercase().into(),
                shape: Shape::Domain,
                start: s + 1,
                end: s + body.len(),
            });
            return;
        }
    }
    let mut shape = classify(body);
    // A plain word (no hyphen, slash or dot): none of what follows can change it.
    if shape == Shape::Word && !body.contains(['-', '/', '.']) {
        out.push(word(body, s, s + body.len()));
        return;
    }
    // After an operator word a hyphenated word is a value ("contains attack-test").
    let after_operator = out.last().is_some_and(|t: &Token| {
        matches!(
            t.lower.as_str(),
            "contains" | "has" | "named" | "called" | "equals" | "=" | "==" | "like"
        ) || t.lower == "or" && out.len() >= 2 && out[out.len() - 2].shape == Shape::Identifier
            // "ending with -thecatman"
            || t.lower == "with"
                && out.len() >= 2
                && matches!(
                    out[out.len() - 2].lower.as_str(),
                    "ending" | "ends" | "starting" | "starts" | "beginning" | "begins"
                )
            // "contains bluedog or Invoke-Request": the second of two searched-for words.
            || matches!(t.lower.as_str(), "or" | "and")
                && out.len() >= 3
                && matches!(
                    out[out.len() - 3].lower.as_str(),
                    "contains" | "containing" | "contain" | "has" | "like"
                )
    });
    // A hyphenated name with capitals after a device noun, or with an all-capitals part
    // ("this device Chris-PC", "WIN-DC"), is a machine's name too.
    let host_noun = out.last().is_some_and(|t: &Token| {
        matches!(
            t.lower.as_str(),
            "device" | "machine" | "host" | "computer" | "server" | "workstation" | "endpoint"
        )
    });
    let capital_part = body
        .split('-')
        .any(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_uppercase()));
    let named_host = body.chars().any(char::is_uppercase) && (host_noun || capital_part);
    if shape == Shape::Word && body.contains('-') && (after_operator || named_host) {
        shape = Shape::Identifier;
    }
    if shape == Shape::Word && (body.contains('-') || body.contains('/') || body.contains('.')) {
        // Split words joined by hyphens or slashes ("high-severity", "inbound/outbound").
        let mut off = 0;
        for part in body.split(['-', '/', '.']) {
            if !part.is_empty() {
                let ps = s + off;
                out.push(word(part, ps, ps + part.len()));
            }
            off += part.len() + 1;
        }
        return;
    }
    if shape == Shape::Word {
        out.push(word(body, s, s + body.len()));
    } else {
        out.push(Token {
            raw: body.into(),
            lower: body.to_lowercase().into(),
            stem: body.to_lowercase().into(),
            shape,
            start: s,
            end: s + body.len(),
        });
    }
}

fn symbol(raw: &str, start: usize, end: usize) -> Token {
    Token {
        lower: raw.into(),
        stem: raw.into(),
        raw: raw.into(),
        shape: Shape::Symbol,
        start,
        end,
    }
}

/// Long nouns for kinds of things that analysts mistype ("acounts", "machnies"): a word one edit
/// from one of them is read as it.
const THING_NOUNS: &[&str] = &[
    "accounts",
    "account",
    "devices",
    "machines",
    "machine",
    "computers",
    "computer",
    "addresses",
    "identities",
    "employees",
];

/// Words of an outcome that analysts mistype ("falied", "faild", "sucessful"): a word one edit
/// from one of them, with the same first letter, is read as it — not a real word such as "filed".
const OUTCOME_WORDS: &[&str] = &[
    "failed",
    "failure",
    "failures",
    "success",
    "successful",
    "successfully",
    "succeeded",
    "unsuccessful",
];

/// `l` read as the outcome word it misspells, if it is one.
fn outcome_word(l: &str) -> Option<&'static str> {
    if l.len() < 5 || OUTCOME_WORDS.contains(&l) || matches!(l, "filed" | "fails") {
        return None;
    }
    OUTCOME_WORDS.iter().copied().find(|n| {
        n.as_bytes()[0] == l.as_bytes()[0]
            && n.len().abs_diff(l.len()) <= 1
            && edit_distance(l, n, 1) <= 1
    })
}

fn word(raw: &str, start: usize, end: usize) -> Token {
    let lower: CompactString = if raw.is_ascii() {
        let mut l = CompactString::from(raw);
        l.make_ascii_lowercase();
        if l.bytes().any(|b| b == b'\'') {
            l.retain(|c| c != '\'');
        }
        // Not a verb form one letter away ("computed", "addressed").
        let verb = l.ends_with("ed") || l.ends_with("ing");
        if l.len() >= 6 && !verb && !THING_NOUNS.contains(&l.as_str()) {
            if let Some(n) = THING_NOUNS
                .iter()
                .find(|n| n.len().abs_diff(l.len()) <= 1 && edit_distance(&l, n, 1) <= 1)
            {
                l = CompactString::const_new(n);
            }
        }
        // Question words mistyped ("wich devices"); "ops" for operations.
        if matches!(l.as_str(), "wich" | "whcih" | "whihc" | "whic") {
            l = CompactString::const_new("which");
        } else if matches!(l.as_str(), "whats" | "wats" | "wat") {
            l = CompactString::const_new("what");
        } else if l == "ops" {
            l = CompactString::const_new("operations");
        }
        if matches!(l.as_bytes().first(), Some(b'f' | b's' | b'u')) {
            if let Some(n) = outcome_word(&l) {
                l = CompactString::const_new(n);
            }
        }
        l
    } else {
        let mut l = raw.to_lowercase();
        if l.contains(['\'', '’']) {
            l.retain(|c| c != '\'' && c != '’');
        }
        l.into()
    };
    Token {
        raw: raw.into(),
        stem: stem_inline(&lower),
        lower,
        shape: Shape::Word,
        start,
        end,
    }
}

/// Joins two-word spellings that mean one thing ("sign in" -> "signin"), in place.
fn merge_compounds(mut tokens: Vec<Token>) -> Vec<Token> {
    let mut kept = 0;
    let mut i = 0;
    while i < tokens.len() {
        let joined = match tokens.get(i..i + 2) {
            Some([t, n]) if t.shape == Shape::Word && n.shape == Shape::Word => {
                match (t.lower.as_str(), n.lower.as_str()) {
                    ("sign", "in" | "ins") | ("signed", "in") => Some("signin"),
                    ("log", "in") | ("logged", "in") => Some("login"),
                    ("log", "on") | ("logged", "on") => Some("logon"),
                    ("e", "mail" | "mails") => Some("email"),
                    ("threat", "intel") => Some("threatintel"),
                    // "leave out splwow64.exe", "filter out the noise": an exclusion.
                    (
                        "leave" | "leaving" | "filter" | "filtering" | "rule" | "ruling" | "weed"
                        | "weeding",
                        "out",
                    ) => Some("excluding"),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(joined) = joined {
            let (t, n) = (&tokens[i], &tokens[i + 1]);
            let mut merged = word(joined, t.start, n.end);
            merged.raw = compact_str::format_compact!("{} {}", t.raw, n.raw);
            tokens[kept] = merged;
            i += 2;
        } else {
            tokens.swap(kept, i);
            i += 1;
        }
        kept += 1;
    }
    tokens.truncate(kept);
    tokens
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The shape of one chunk of text.
pub(crate) fn classify(s: &str) -> Shape {
    // Most chunks are plain words: letters only, no registry hive, not a hash.
    let letters = !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    let hive = s.len() >= 2 && s[..2].eq_ignore_ascii_case("hk");
    let hash = matches!(s.len(), 32 | 40 | 64) && is_hex(s);
    if letters && !hive && !hash {
        return Shape::Word;
    }
    // Digits only are a number (what the checks below come to, without their allocations).
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Shape::Number;
    }
    // Letters joined by hyphens ("high-severity"): a word unless a hive, a CVE or a GUID.
    let hyphenated = s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_alphabetic());
    let cve = s.len() >= 4 && s[..4].eq_ignore_ascii_case("cve-");
    if hyphenated && !hive && !hash && !cve && !is_guid(s) {
        return Shape::Word;
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || lower.contains("://")
    {
        return Shape::Url;
    }
    if is_ipv4(s) {
        return Shape::Ip;
    }
    if (s.matches(':').count() >= 3 || s.contains("::"))
        && s.split(':').all(|p| p.len() <= 4 && is_hex_or_empty(p))
        && !is_clock(s)
    {
        return Shape::Ip;
    }
    if let Some(at) = s.find('@') {
        if at > 0 && s[at + 1..].contains('.') {
            return Shape::Email;
        }
    }
    if is_guid(s) {
        return Shape::Guid;
    }
    if lower.starts_with("cve-") {
        return Shape::Cve;
    }
    if lower.starts_with("hkey")
        || lower.starts_with("hklm")
        || lower.starts_with("hkcu")
        || s.contains('\\')
        || (s.len() > 1 && s.starts_with('/') && s[1..].contains('/'))
    {
        return Shape::Path;
    }
    if is_date(s) {
        return Shape::Date;
    }
    if is_clock(s) {
        return Shape::Clock;
    }
    if parse_number(s).is_some() {
        return Shape::Number;
    }
    if is_hex(s) && matches!(s.len(), 32 | 40 | 64) {
        return Shape::Hash;
    }
    if is_version(s) {
        return Shape::Version;
    }
    if is_hex(s) && s.len() >= 12 && s.bytes().any(|b| b.is_ascii_digit()) {
        return Shape::HexId;
    }
    if let Some(dot) = s.rfind('.') {
        let ext = lower[dot + 1..].to_string();
        if dot > 0 && FILE_EXTENSIONS.contains(&ext.as_str()) && !s[..dot].contains('/') {
            return Shape::FileName;
        }
        let labels: Vec<&str> = lower.split('.').collect();
        if labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            && labels
                .last()
                .is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphabetic()))
            && (TLDS.contains(labels.last().unwrap_or(&"")) || labels.len() >= 3)
        {
            return Shape::Domain;
        }
        if labels.len() >= 2 && s.contains('/') {
            return Shape::Url;
        }
    }
    let has_alpha = s.chars().any(|c| c.is_alphabetic());
    let has_digit = s.chars().any(|c| c.is_ascii_digit());
    if has_alpha && (has_digit || s.contains('_')) {
        return Shape::Identifier;
    }
    if !has_alpha {
        return Shape::Symbol;
    }
    Shape::Word
}

/// Three or more dot-separated runs of digits (an IPv4 address is classified before).
fn is_version(s: &str) -> bool {
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    s.split('.').count() >= 3
        && s.split('.')
            .all(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_hex_or_empty(s: &str) -> bool {
    s.is_empty() || is_hex(s)
}

fn is_ipv4(s: &str) -> bool {
    let s = s.split('/').next().unwrap_or(s);
    let host = match s.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !port.is_empty() => h,
        _ => s,
    };
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) && {
                p.parse::<u32>().map(|n| n <= 255).unwrap_or(false)
            }
        })
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && is_hex(p))
}

fn is_date(s: &str) -> bool {
    crate::nl2kql::time::parse_date(s).is_some()
}

fn is_clock(s: &str) -> bool {
    crate::nl2kql::time::parse_clock(s).is_some()
}

/// A number as typed: `42`, `3.5`, `5k`, `1,000`.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let t = s.replace(',', "");
    let (t, mult) = if let Some(p) = t.strip_suffix(['k', 'K']) {
        (p.to_string(), 1000.0)
    } else {
        (t, 1.0)
    };
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') || t.starts_with('.') {
        return None;
    }
    if t.matches('.').count() > 1 {
        return None;
    }
    t.parse::<f64>().ok().map(|n| n * mult)
}

/// A light English stemmer: enough to meet "connections", "connected" and "connection" at
/// "connect", without a dictionary.
pub(crate) fn stem(word: &str) -> String {
    stem_inline(word).into_string()
}

/// [`stem`], in a buffer that holds short words inline (no allocation), cut and extended in place.
pub(crate) fn stem_inline(word: &str) -> CompactString {
    let mut w = CompactString::with_capacity(word.len() + 1);
    w.push_str(word);
    if w.len() == 3
        && ends(&w, 's')
        && !ends(&w, "ss")
        && !ends(&w, "us")
        && !ends(&w, "is")
        && !ends(&w, "os")
    {
        w.pop();
        return w;
    }
    if w.len() <= 3 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return w;
    }
    if ends(&w, "ies") {
        if w.len() >= 5 {
            w.truncate(w.len() - 3);
            w.push('y');
        }
    } else if ends(&w, "sses") || ends(&w, "xes") || ends(&w, "ches") || ends(&w, "shes") {
        w.truncate(w.len() - 2);
    } else if ends(&w, 's') && !ends(&w, "ss") && !ends(&w, "us") && !ends(&w, "is") && w.len() > 3
    {
        w.pop();
    }
    // Only the endings that end as the word does (a byte compare before each look at a suffix).
    let last = w.as_bytes().last().copied();
    for (suffix, min) in [
        ("ations", 4),
        ("ation", 4),
        ("ing", 3),
        ("ied", 2),
        ("ed", 3),
        ("ions", 4),
        ("ion", 4),
        ("ure", 4),
        ("ly", 4),
        ("ment", 4),
    ] {
        if suffix.as_bytes().last().copied() != last {
            continue;
        }
        if ends(&w, suffix) && w.len() - suffix.len() >= min {
            w.truncate(w.len() - suffix.len());
            if suffix == "ied" {
                w.push('y');
            }
            let b = w.as_bytes();
            let n = b.len();
            if (suffix == "ing" || suffix == "ed")
                && n >= 2
                && b[n - 1] == b[n - 2]
                && !matches!(b[n - 1], b'l' | b's' | b'z')
            {
                w.pop();
            }
            break;
        }
    }
    if w.len() >= 5 && ends(&w, 'e') {
        w.pop();
    }
    w
}

/// Whether `w` ends with `suffix`, compared in line (suffixes are a few bytes: no call to
/// memcmp).
fn ends(w: &str, suffix: impl Suffix) -> bool {
    suffix.ends(w.as_bytes())
}

/// A word ending: a letter or a few.
trait Suffix {
    fn ends(self, w: &[u8]) -> bool;
}

impl Suffix for char {
    fn ends(self, w: &[u8]) -> bool {
        self.is_ascii() && w.last() == Some(&(self as u8))
    }
}

impl Suffix for &str {
    fn ends(self, w: &[u8]) -> bool {
        let s = self.as_bytes();
        w.len() >= s.len() && same(&w[w.len() - s.len()..], s)
    }
}

/// Splits an identifier into lower-case words: `InitiatingProcessSHA256` -> initiating, process,
/// sha256; `IPAddress` -> ip, address.
pub(crate) fn split_identifier(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == '.' || c == ' ' {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || (prev.is_uppercase() && next_lower) || prev.is_ascii_digit() {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words.into_iter().map(|w| w.to_lowercase()).collect()
}

/// Damerau-Levenshtein distance (optimal string alignment), capped: returns `cap + 1` once the
/// distance is known to exceed `cap`.
pub(crate) fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    // Typo matching asks for cap 1, mostly of ASCII words: on bytes, in one pass, no allocation.
    if cap == 1 {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        // Within one edit, the first letter of one word is one of the other's first two, or the
        // second letters are equal (whatever follows): most pairs end here.
        if let ([x0, x1, ..], [y0, y1, ..]) = (x, y) {
            if (x0 | x1 | y0 | y1) < 0x80 && x0 != y0 && x1 != y1 && x0 != y1 && x1 != y0 {
                return 2;
            }
        }
        if x.iter().chain(y).fold(0u8, |m, &c| m | c) < 0x80 {
            return ascii_within_one(x, y);
        }
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > cap {
            return cap + 1;
        }
    }
    d[a.len() * w + b.len()]
}

/// The distance of two ASCII words capped at 1: 0 when equal, 1 when one substitution,
/// insertion, deletion or swap of neighbours apart, else 2 (the hot path of typo-tolerant
/// matching).
fn ascii_within_one(a: &[u8], b: &[u8]) -> usize {
    if a.len().abs_diff(b.len()) > 1 {
        return 2;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    let one = match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            if ra.is_empty() {
                return 0;
            }
            same(&ra[1..], &rb[1..])
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && same(&ra[2..], &rb[2..]))
        }
        std::cmp::Ordering::Greater => same(&ra[1..], rb),
        std::cmp::Ordering::Less => same(ra, &rb[1..]),
    };
    if one {
        1
    } else {
        2
    }
}

/// Equal byte strings, compared in line (words are short: no call to memcmp).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Words that carry no meaning for choosing tables or columns.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "across",
    "after",
    "all",
    "along",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "associated",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "by",
    "called",
    "can",
    "certain",
    "contain",
    "containing",
    "contains",
    "could",
    "data",
    "detail",
    "details",
    "did",
    "dislay",
    "display",
    "do",
    "does",
    "during",
    "each",
    "entries",
    "entry",
    "environment",
    "equal",
    "equals",
    "every",
    "find",
    "for",
    "from",
    "get",
    "give",
    "given",
    "had",
    "happened",
    "has",
    "have",
    "he",
    "her",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "include",
    "including",
    "into",
    "involving",
    "is",
    "it",
    "item",
    "items",
    "its",
    "just",
    "kql",
    "last",
    "let",
    "like",
    "list",
    "log",
    "logs",
    "look",
    "many",
    "match",
    "matches",
    "matching",
    "me",
    "much",
    "my",
    "named",
    "need",
    "no",
    "not",
    "occur",
    "occurred",
    "occurring",
    "of",
    "on",
    "only",
    "or",
    "org",
    "organization",
    "other",
    "our",
    "out",
    "over",
    "past",
    "per",
    "please",
    "previous",
    "provide",
    "query",
    "recent",
    "recently",
    "record",
    "records",
    "regarding",
    "related",
    "relating",
    "result",
    "results",
    "return",
    "returned",
    "search",
    "see",
    "she",
    "should",
    "show",
    "since",
    "so",
    "some",
    "specific",
    "such",
    "supply",
    "table",
    "tell",
    "tenant",
    "than",
    "that",
    "the",
    "their",
    "them",
    "them,",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "triggered",
    "up",
    "us",
    "use",
    "used",
    "using",
    "value",
    "values",
    "via",
    "want",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
];

/// Words that carry no meaning for choosing tables or columns (hashed once: this is on the hot
/// path of every question).
pub(crate) fn is_stopword(w: &str) -> bool {
    static TABLE: std::sync::OnceLock<WordTable> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| WordTable::new(STOPWORDS.iter().map(|w| (*w, 0))))
        .get(w)
        .is_some()
}

/// Short words (up to 15 bytes) with a number each, in an open-addressed table (at most a quarter
/// full) keyed by the word's bytes packed into one integer: a look-up is a multiply and integer
/// compares, never a string compare.
pub(crate) struct WordTable {
    slots: Vec<(u128, u16)>,
    mask: usize,
}

impl WordTable {
    /// The longest word it holds.
    pub(crate) const MAX_LEN: usize = 15;

    /// A table of `words`; the first number given for a word is kept. Longer words are left out.
    pub(crate) fn new<'a>(words: impl Iterator<Item = (&'a str, u16)> + Clone) -> WordTable {
        let n = words.clone().count();
        let size = (n * 4).next_power_of_two().max(8);
        let mut table = WordTable {
            slots: vec![(0, 0); size],
            mask: size - 1,
        };
        for (w, v) in words {
            let Some(key) = pack(w) else { continue };
            let mut i = table.slot(key);
            loop {
                match table.slots[i] {
                    (0, _) => {
                        table.slots[i] = (key, v);
                        break;
                    }
                    (k, _) if k == key => break,
                    _ => i = (i + 1) & table.mask,
                }
            }
        }
        table
    }

    /// The number of `w`, if the table holds it.
    #[inline]
    pub(crate) fn get(&self, w: &str) -> Option<u16> {
        let key = pack(w)?;
        let mut i = self.slot(key);
        loop {
            match self.slots[i] {
                (0, _) => return None,
                (k, v) if k == key => return Some(v),
                _ => i = (i + 1) & self.mask,
            }
        }
    }

    #[inline]
    fn slot(&self, key: u128) -> usize {
        let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(31);
        (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & self.mask
    }
}

/// A non-empty word of at most 15 bytes as one integer: its bytes, then its length in the top byte
/// (so distinct words give distinct keys, and no key is zero).
#[inline]
fn pack(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > WordTable::MAX_LEN {
        return None;
    }
    // Byte i at bits 8i, the length in the top byte; put together in place (128-bit shifts are
    // library calls at opt-level "z").
    let mut bytes = [0u8; 16];
    bytes[..b.len()].copy_from_slice(b);
    bytes[15] = b.len() as u8;
    Some(u128::from_le_bytes(bytes))
}

/// "security events 4625", "event 7045", "4688 events", "4624 logons": a number that is a Windows
/// event ID — beside "event", or in the range of Windows' security audit events (4608 to 5159) —
/// and not a compared count, a port or an error code.
pub(crate) fn event_number_at(tokens: &[Token], k: usize) -> bool {
    let t = &tokens[k];
    let stem_at = |j: Option<usize>| j.and_then(|j| tokens.get(j)).map(|t| t.stem.as_str());
    let before = stem_at(k.checked_sub(1)).unwrap_or("");
    t.shape == Shape::Number
        && (3..=5).contains(&t.raw.len())
        && t.raw.bytes().all(|b| b.is_ascii_digit())
        && !matches!(
            before,
            "than"
                | "over"
                | "above"
                | "under"
                | "below"
                | "least"
                | "most"
                | "top"
                | "first"
                | "last"
                | "exceed"
                | "port"
                | "pid"
                | "code"
                | "error"
        )
        && (before == "event"
            || before == "id" && stem_at(k.checked_sub(2)) == Some("event")
            || stem_at(Some(k + 1)) == Some("event")
            || t.raw
                .parse::<u32>()
                .is_ok_and(|n| (4608..=5159).contains(&n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_found() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.iter().all(|w| w.len() <= WordTable::MAX_LEN));
        assert!(is_stopword("the") && is_stopword("you") && !is_stopword("process"));
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        assert!(!is_stopword("") && !is_stopword("th") && !is_stopword("thee"));
    }

    #[test]
    fn word_tables_keep_the_first_number_and_tell_prefixes_apart() {
        let t = WordTable::new([("user", 1), ("users", 2), ("user", 3), ("x", 4)].into_iter());
        assert_eq!(t.get("user"), Some(1));
        assert_eq!(t.get("users"), Some(2));
        assert_eq!(t.get("x"), Some(4));
        assert_eq!(t.get("use"), None);
        assert_eq!(t.get("usersx"), None);
        assert_eq!(t.get(""), None);
        assert_eq!(t.get("a-word-longer-than-fifteen"), None);
        assert_eq!(t.get("user\0"), None);
    }

    #[test]
    fn shapes() {
        assert_eq!(classify("10.20.30.40"), Shape::Ip);
        assert_eq!(classify("john@contoso.com"), Shape::Email);
        assert_eq!(classify("rundll32.exe"), Shape::FileName);
        assert_eq!(classify("contoso.com"), Shape::Domain);
        assert_eq!(
            classify("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0"),
            Shape::Hash
        );
        assert_eq!(classify("284f1b25b12bb7b76b5b43"), Shape::HexId);
        assert_eq!(
            classify("6b0d8b3e-4a8f-4e27-9f3a-2a5c1d7e9b10"),
            Shape::Guid
        );
        assert_eq!(classify("CVE-2022-20246"), Shape::Cve);
        assert_eq!(classify("desktop-132"), Shape::Identifier);
        assert_eq!(classify("2022-10-05"), Shape::Date);
        assert_eq!(classify("445"), Shape::Number);
        assert_eq!(classify("5k"), Shape::Number);
        assert_eq!(classify("10.0.19041.1"), Shape::Version);
        assert_eq!(classify("v2.4.1"), Shape::Version);
        assert_eq!(classify("10.0.0.1"), Shape::Ip);
    }

    #[test]
    fn tokens_keep_quotes_and_split_hyphens() {
        let t = tokenize("Show high-severity alerts for \"Brunnen Crop\" on host's PC-1, now.");
        let lowers: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            lowers,
            [
                "show",
                "high",
                "severity",
                "alerts",
                "for",
                "brunnen crop",
                "on",
                "hosts",
                "pc-1",
                "now"
            ]
        );
        assert_eq!(t[5].shape, Shape::Quoted);
    }

    #[test]
    fn sign_in_merges() {
        let t = tokenize("failed sign ins by user");
        assert_eq!(t[1].lower, "signin");
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("connections"), stem("connected"));
        assert_eq!(stem("connection"), "connect");
        assert_eq!(stem("installation"), stem("installed"));
        assert_eq!(stem("failed"), "fail");
        assert_eq!(stem("failure"), "fail");
        assert_eq!(stem("devices"), stem("device"));
        assert_eq!(stem("created"), stem("create"));
        assert_eq!(stem("activities"), "activity");
    }

    #[test]
    fn identifiers_split() {
        assert_eq!(
            split_identifier("InitiatingProcessSHA256"),
            ["initiating", "process", "sha256"]
        );
        assert_eq!(split_identifier("IPAddress"), ["ip", "address"]);
        assert_eq!(split_identifier("RemoteIP"), ["remote", "ip"]);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("phising", "phishing", 2), 1);
        assert_eq!(edit_distance("teh", "the", 2), 1);
        assert_eq!(edit_distance("abc", "xyzw", 1), 2);
        assert_eq!(edit_distance("excluding", "exlcuding", 1), 1);
        assert_eq!(edit_distance("install", "instal", 1), 1);
        assert_eq!(edit_distance("install", "uninstall", 1), 2);
        assert_eq!(edit_distance("phish", "phash", 1), 1);
        assert_eq!(edit_distance("ab", "ba", 3), 1);
    }
}
