//! Values found in the question (typed shapes, quoted strings, names after a column) bound to
//! the column they belong to, with the comparison the words around them ask for.

use super::super::mentions::{role_columns, Mention};
use super::super::semantic_catalog::{role_of, ColumnSense, Nl2KqlCatalog, TableSense};
use super::super::text::joined_raw;
use super::super::text::{
    event_number_at, has_word, is_file_extension, is_stopword, parse_number, Shape, Token,
};
use super::comparisons::{is_linker, is_negation, op_from};
use super::literals::{default_op, ident, is_free_text, literal_for, port_list};
use super::names::bare_values;
use super::search::more_search_words;
use super::typed::{
    columns_for_shape, is_os_name, is_program_name, looks_like_host, looks_like_short_host,
    ranked_columns_for_shape, shape_fits,
};
use super::{col_has, Filter};

// The words of columns on one side, as column words are kept: stemmed ("source" -> "sourc").
const LOCAL_SIDE: &[&str] = &["local", "sourc", "src"];
const REMOTE_SIDE: &[&str] = &["remot", "destin", "dst", "target"];
const RECEIVING_SIDE: &[&str] = &["recipient", "destin", "dst", "remot", "target"];
const SENDING_SIDE: &[&str] = &["sender", "sourc", "src", "caller", "client"];
const INITIATING_SIDE: &[&str] = &["initiat", "parent"];

/// Whether `longer` is `plain` with one more word somewhere.
fn variant_of(longer: &[String], plain: &[String]) -> bool {
    longer.len() == plain.len() + 1
        && (0..longer.len()).any(|skip| {
            longer
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, w)| w)
                .eq(plain.iter())
        })
}

/// A value found in the question.
#[derive(Clone, Debug)]
pub(super) struct Slot {
    pub(super) idx: usize,
    /// One past the last token of the value (several for "Default Web Site").
    pub(super) end: usize,
    pub(super) raw: String,
    pub(super) shape: Shape,
    /// A column already chosen by the word right before the value, with why.
    pub(super) column: Option<(usize, usize, String)>,
}

/// Typed values, quoted strings and names after a cue word.
#[allow(clippy::too_many_arguments)]
pub(super) fn values(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    not_understood: &mut Vec<String>,
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
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
    let event_id = table.event_id_column();
    for (i, t) in tokens.iter().enumerate() {
        if used[i] {
            continue;
        }
        // "top 10 users": how many rows, not a value.
        let row_count = t.shape == Shape::Number
            && i > 0
            && matches!(
                tokens[i - 1].lower.as_str(),
                "top" | "first" | "bottom" | "latest" | "newest" | "oldest" | "limit" | "take"
            );
        let value_like = (t.shape.is_value() || t.shape == Shape::Number) && !row_count;
        // "Windows Server 2019": a number after an operating system's name and a word of it
        // is part of that name, not a value of the word ("server" also names devices).
        let os_release = t.shape == Shape::Number
            && !t.raw.contains('.')
            && i > 1
            && is_os_name(&tokens[i - 2].lower)
            && tokens[i - 1].shape == Shape::Word;
        // "Office 365", "Microsoft 365": the number is part of a product's name.
        let product_number = t.raw == "365"
            && i > 0
            && matches!(
                tokens[i - 1].lower.as_str(),
                "office" | "microsoft" | "dynamics" | "m"
            );
        if value_like && !os_release && !product_number {
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
            // A Windows event number goes to the event ID, whatever else is named near it
            // ("failed logons 4625" is no logon ID).
            let column = event_id
                .filter(|_| t.shape == Shape::Number && event_number_at(tokens, i))
                .map(|ci| (ci, i, "a Windows event number".to_string()));
            slots.push(Slot {
                idx: i,
                end: i + 1,
                raw: t.raw.to_string(),
                shape,
                column,
            });
        }
    }
    // Bare names after a column ("alias mapadilla", "job title Security Engineer", "user agent
    // containing sqlmap", "instance MSSQLSERVER").
    bare_values(cat, table, tokens, used, mentions, &mut slots);
    // A well-known program named without its extension, where file names are kept: "requests
    // from chrome", "svchost and outlook processes" (not "powershell commands", a kind of
    // record).
    for (i, t) in tokens.iter().enumerate() {
        if used[i]
            || t.shape != Shape::Word
            || !is_program_name(&t.lower)
            || slots.iter().any(|s| (s.idx..s.end).contains(&i))
        {
            continue;
        }
        let next = tokens.get(i + 1);
        let ends_phrase = next.is_none_or(|n| {
            n.shape != Shape::Word
                || is_stopword(&n.lower)
                || is_linker(&n.lower)
                || matches!(
                    n.stem.as_str(),
                    "process"
                        | "event"
                        | "activ"
                        | "activity"
                        | "execut"
                        | "instanc"
                        | "or"
                        | "and"
                )
        });
        if ends_phrase && !columns_for_shape(table, t, Shape::FileName).is_empty() {
            slots.push(Slot {
                idx: i,
                end: i + 1,
                raw: t.raw.to_string(),
                shape: Shape::FileName,
                column: None,
            });
        }
    }
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
                            // All of several words in a text; one of several names.
                            if between.contains(&"and")
                                && !between.contains(&"or")
                                && is_free_text(c)
                            {
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
            || (lead.saturating_sub(3)..lead)
                .rev()
                .take_while(|&k| k + 3 >= lead)
                .any(|k| {
                    // "not from", "excluding the", "did not come from".
                    is_negation(lw(k))
                        && (k + 1..lead).all(|x| {
                            is_stopword(lw(x))
                                || is_linker(lw(x))
                                || matches!(
                                    lw(x),
                                    "come" | "came" | "coming" | "originate" | "originating"
                                )
                                // "not initiated by", "not signed by".
                                || is_participle(lw(x))
                                    && (is_linker(lw(x + 1)) || is_stopword(lw(x + 1)))
                        })
                        && (k + 3 > lead
                            || is_participle(lw(k + 1))
                            || matches!(
                                lw(k + 1),
                                "come" | "came" | "coming" | "originate" | "originating"
                            ))
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
        // An extension alone is where file names end: ".ps1 files".
        let op = if c.is_text()
            && matches!(op, "==" | "=~")
            && s.raw
                .strip_prefix('.')
                .is_some_and(|e| is_file_extension(&e.to_ascii_lowercase()))
        {
            "endswith"
        } else {
            op
        };
        // A program named without its extension is in the file name: "chrome" of chrome.exe.
        let op = if s.shape == Shape::FileName && !s.raw.contains('.') && matches!(op, "==" | "=~")
        {
            "has"
        } else {
            op
        };
        // A dynamic column, or text holding JSON (DeviceNetworkInfo's IPAddresses), holds the
        // value somewhere inside: equality with text would never hold.
        let json = c.data_type == kql::DataType::Dynamic
            || c.description_lower.starts_with("json array")
            || c.description_lower.starts_with("json object");
        // A MITRE ATT&CK technique id ("T1059", "T1059.001") sits in lists of techniques.
        let technique = {
            let b = s.raw.as_bytes();
            b.len() >= 5
                && matches!(b[0], b'T' | b't')
                && b[1..5].iter().all(u8::is_ascii_digit)
                && (b.len() == 5
                    || b.len() == 9 && b[5] == b'.' && b[6..].iter().all(u8::is_ascii_digit))
        };
        let op = if (json || technique) && matches!(op, "==" | "=~") {
            "has"
        } else {
            op
        };
        // A network ("10.0.0.0/8") holds addresses: they are in its range.
        let op = if s.shape == Shape::Ip && s.raw.contains('/') && c.is_text() {
            "ipv4_is_in_range"
        } else {
            op
        };
        let words = joined_raw(tokens, mention_start.unwrap_or(s.idx), s.end.max(s.idx + 1));
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
}

/// The column a value belongs to: the mention just before it (through cue words), else one by
/// shape and the words around it.
pub(super) fn bind_slot(
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
    if s.shape == Shape::Identifier {
        // "in us-east-1": a cloud region, where the table has a region column.
        if is_region(&s.raw) {
            if let Some(ci) = table
                .columns
                .iter()
                .position(|c| c.is_text() && c.words.iter().any(|w| w == "region"))
            {
                return Some((ci, None, "a cloud region".into()));
            }
        }
        // "processes on FIN-WS-12", "heartbeats for web-01": a host-like name after a word of
        // place is the host, before any column the words before it name.
        let place = s.idx > 0
            && matches!(
                lw(s.idx - 1),
                "on" | "from"
                    | "at"
                    | "to"
                    | "into"
                    | "for"
                    | "of"
                    | "in"
                    | "host"
                    | "device"
                    | "machine"
                    | "computer"
                    | "server"
                    | "vm"
                    | "workstation"
            );
        let short_place = s.idx > 0
            && matches!(
                lw(s.idx - 1),
                "on" | "from" | "at" | "to" | "into" | "host" | "device" | "machine" | "computer"
            );
        if place && looks_like_host(&s.raw) || short_place && looks_like_short_host(&s.raw) {
            if let Some(ci) = role_of("device").and_then(|r| {
                role_columns(table, r)
                    .into_iter()
                    .find(|&c| table.columns[c].is_text())
            }) {
                return Some((ci, None, "a host-like name".into()));
            }
        }
    }
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
    // "confidence over 80": a word of one numeric column right before the comparison.
    if compared {
        let comparing = |w: &str| {
            matches!(
                w,
                "than"
                    | "over"
                    | "above"
                    | "under"
                    | "below"
                    | "at"
                    | "least"
                    | "most"
                    | "more"
                    | "less"
                    | "greater"
                    | "of"
                    | "is"
                    | ">"
                    | "<"
                    | ">="
                    | "<="
            )
        };
        let lead = (s.idx.saturating_sub(4)..s.idx).rev().find(|&k| {
            tokens[k].shape == Shape::Word && !used[k] && !is_stopword(lw(k)) && !comparing(lw(k))
        });
        if let Some(k) = lead.filter(|&k| (k + 1..s.idx).all(|x| comparing(lw(x)))) {
            let numeric: Vec<usize> = table
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_numeric() && has_word(&c.words, &tokens[k].stem))
                .map(|(ci, _)| ci)
                .collect();
            if let [ci] = numeric.as_slice() {
                return Some((
                    *ci,
                    None,
                    format!("a number compared with \"{}\"", tokens[k].raw),
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
                (is_linker(lw(k))
                    || matches!(lw(k), "that" | "which" | "whose" | "who")
                    // "higher or equal to 9", "up to 5"
                    || lw(k) == "or" && lw(k + 1) == "equal"
                    || lw(k) == "up" && lw(k + 1) == "to")
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
                    "source" | "src" | "local" | "originating" => LOCAL_SIDE,
                    "destination" | "dest" | "dst" | "remote" | "target" => REMOTE_SIDE,
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
        // A kind of thing named before a typed value, whose columns are all enumerations the
        // catalog knows the values of ("hourly activity of svchost.exe": ActionType), does not
        // take it; the value goes to the column its shape and the words around it say.
        if typed.is_none()
            && !m.direct
            && m.columns
                .iter()
                .all(|&c| !table.columns[c].values.is_empty())
            && s.shape.is_value()
            && !matches!(s.shape, Shape::Quoted | Shape::Identifier)
            && !columns_for_shape(table, &tokens[s.idx], s.shape).is_empty()
        {
            break;
        }
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
        let typed = typed.filter(|&c| compatible(&table.columns[c], s));
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
            // "chrome.exe on device X": a place after the value is where it was, not what it
            // is, unless that column holds values of its kind ("x.exe in the file name").
            let place = m.start == s.idx + 2 && lw(s.idx + 1) != "as";
            let kind = if place {
                columns_for_shape(table, &tokens[s.idx], s.shape)
            } else {
                Vec::new()
            };
            let own_value = tokens
                .get(m.end)
                .is_some_and(|t| t.shape.is_value() || t.shape == Shape::Number);
            let fits = |c: usize| {
                compatible(&table.columns[c], s)
                    && shape_fits(&table.columns[c], s)
                    && (!place || kind.contains(&c))
                    && !own_value
                    // Not an enumeration ("PowerShell activities" is no ActionType).
                    && table.columns[c].values.is_empty()
            };
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
    let place_before = matches!(
        lw(s.idx.saturating_sub(1)),
        "on" | "from" | "at" | "to" | "into" | "host" | "device" | "machine" | "computer"
    ) && s.idx > 0;
    let host_like = looks_like_host(&s.raw) || place_before && looks_like_short_host(&s.raw);
    if s.shape == Shape::Number || s.shape == Shape::Identifier && !host_like {
        // "port 445" without a port column mention is handled by the mention; a bare number has no
        // column.
        return quoted_known_value(table, s);
    }
    if s.shape == Shape::Quoted {
        if let Some(b) = quoted_known_value(table, s) {
            return Some(b);
        }
        if let Some(b) = party(table, tokens, s) {
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
        // preposition; one of letters, a hyphen and digits ("ports srv-web02 talked to") even
        // without one, when no column the words name took it.
        if matches!(
            lw(s.idx.saturating_sub(1)),
            "on" | "from" | "at" | "to" | "into" | "host" | "device" | "machine" | "computer"
        ) || looks_like_host(&s.raw)
            && !is_region(&s.raw)
            && s.raw
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic())
        {
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
    let ranked = ranked_columns_for_shape(table, &tokens[s.idx], s.shape);
    if ranked.is_empty() {
        return None;
    }
    // Nearby words prefer one candidate: "remote", "local", "sender", "recipient", "initiating".
    // Not past an exclusion: "processes started by winword.exe, excluding splwow64.exe" excludes
    // a process, whatever started it.
    let from = (s.idx.saturating_sub(4)..s.idx)
        .rev()
        .find(|&k| is_negation(lw(k)))
        .map_or(s.idx.saturating_sub(4), |k| k + 1);
    let before: Vec<&str> = (from..s.idx).map(lw).collect();
    // Their stems, once for all candidates.
    let before_stems: Vec<String> = before.iter().map(|w| super::super::text::stem(w)).collect();
    let mut best = ranked[0].1;
    let mut best_score = -1i32;
    for (pos, &(r, ci)) in ranked.iter().enumerate() {
        let c = &table.columns[ci];
        // Columns of equal rank start equal: the first place of their rank (the schema's order
        // still settles what the words do not).
        let rank = ranked[..pos].iter().take_while(|&&(o, _)| o < r).count();
        let mut sc = 20 - rank as i32;
        for (bi, w) in before.iter().enumerate() {
            let st = &before_stems[bi];
            // "received by", "opened by": the one who received it.
            let by_receiver = *w == "by"
                && bi > 0
                && matches!(
                    before[bi - 1],
                    "received" | "delivered" | "opened" | "read" | "clicked" | "got"
                );
            // Not the words that named the records ("emails" is EmailEvents, not EmailDirection).
            if c.words.contains(st)
                && !is_stopword(w)
                && !matches!(st.as_str(), "file" | "name" | "ip" | "address" | "mail")
                && !table.name_words.iter().any(|(nw, _)| nw == st)
            {
                sc += 10;
            }
            // "files downloaded by msedge", "connections from chrome": a program by or from
            // which something happened is the initiating one.
            let program = s.shape == Shape::FileName;
            let dir = match *w {
                "by" if by_receiver => RECEIVING_SIDE,
                "from" | "by" if program => INITIATING_SIDE,
                "from" | "by" | "sender" | "sent" => SENDING_SIDE,
                "to" | "recipient" | "received" | "receiver" | "destination" | "dest" => {
                    RECEIVING_SIDE
                }
                "parent" | "initiating" | "initiated" | "launched" | "spawned" | "started"
                | "opened" | "requested" | "run" => INITIATING_SIDE,
                _ => &[],
            };
            // The word right before the value speaks for it over one further back ("emails
            // sent to x": the recipient; "from a to b": b is the recipient).
            if dir.iter().any(|d| c.words.iter().any(|cw| cw == d)) {
                sc += if bi + 1 == before.len() { 12 } else { 8 };
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
        // A process runs from a program file: a library, document or script named ("processes
        // that loaded vaultcli.dll", "an api call through file2.txt") is the file acted on,
        // unless words say it started something ("processes started by invoice.docm").
        if s.shape == Shape::FileName
            && !runs_as_process(&s.raw)
            && c.words.iter().any(|w| w == "process")
        {
            sc -= 10;
        }
        // Equally fitting: the plain column rather than its variant with one more word
        // (SenderFromAddress, not SenderMailFromAddress).
        if sc > best_score || sc == best_score && variant_of(&table.columns[best].words, &c.words) {
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

/// A quoted name after the verb of a message's sending or receiving ("sent by \"PromoBot\"",
/// "mail to \"Finance Team\""): the sender's or the recipient's column, its address unless
/// the name has a space in it (then its display name when there is one).
fn party(table: &TableSense, tokens: &[Token], s: &Slot) -> Option<(usize, Option<usize>, String)> {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let (w1, w2) = (lw(s.idx.saturating_sub(2)), lw(s.idx.saturating_sub(1)));
    let side = match (w1, w2) {
        ("sent" | "mailed" | "emailed" | "written", "by" | "from")
        | (_, "sender" | "senders")
        | ("email" | "emails" | "mail" | "mails" | "message" | "messages", "from") => "sender",
        ("sent" | "mailed" | "emailed" | "delivered" | "forwarded", "to")
        | ("received" | "opened" | "read", "by")
        | (_, "recipient" | "recipients" | "receiver")
        | ("email" | "emails" | "mail" | "mails" | "message" | "messages", "to") => "recipient",
        _ => return None,
    };
    let candidates = table.columns.iter().enumerate().filter(|(_, c)| {
        c.is_text()
            && c.words.first().is_some_and(|w| w == side)
            && c.words.last().is_none_or(|w| w != "id")
            && !col_has(c, &["domain", "ip", "ipv4", "ipv6"])
    });
    let display = s.raw.contains(' ');
    let ci = candidates
        .min_by_key(|(_, c)| {
            let named = c.name.ends_with("DisplayName");
            (named != display, c.words.len())
        })
        .map(|(ci, _)| ci)?;
    Some((ci, None, format!("the message's {side}")))
}

/// A quoted string that is exactly a known value of some column.
pub(super) fn quoted_known_value(
    table: &TableSense,
    s: &Slot,
) -> Option<(usize, Option<usize>, String)> {
    let ci = table
        .value_columns
        .get(s.raw.to_lowercase().as_str())?
        .iter()
        .map(|&ci| usize::from(ci))
        .find(|&ci| compatible(&table.columns[ci], s))?;
    Some((
        ci,
        None,
        format!("\"{}\" is a known value of this column", s.raw),
    ))
}

/// A column of versions or builds ("OSVersion", "OSVersionInfo", "OSBuild").
pub(super) fn is_version_column(c: &ColumnSense) -> bool {
    c.name.contains("Version") || c.name.ends_with("Build")
}

pub(super) fn compatible(c: &ColumnSense, s: &Slot) -> bool {
    match s.shape {
        // "what os version is srv-db01 running": a host's name is no version or build.
        Shape::Identifier | Shape::Word if looks_like_host(&s.raw) && is_version_column(c) => false,
        Shape::Number => c.is_numeric() || c.is_text() && !c.name.ends_with("Time"),
        Shape::Guid => c.is_text() || c.data_type == kql::DataType::Guid,
        _ => c.is_text() || (c.is_numeric() && parse_number(&s.raw).is_some()),
    }
}

/// A cloud region as AWS names them ("us-east-1", "eu-central-2", "us-gov-west-1").
fn is_region(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    let parts: Vec<&str> = l.split('-').collect();
    let (area, dir, n) = match parts.as_slice() {
        [area, dir, n] => (*area, *dir, *n),
        ["us", "gov", dir, n] => ("us", *dir, *n),
        _ => return false,
    };
    matches!(
        area,
        "us" | "eu" | "ap" | "sa" | "ca" | "me" | "af" | "il" | "cn" | "mx"
    ) && matches!(
        dir,
        "east"
            | "west"
            | "north"
            | "south"
            | "central"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
    ) && !n.is_empty()
        && n.len() <= 2
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// A verb's past participle ("initiated", "sent"): "not initiated by X" negates X.
fn is_participle(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "sent" | "made" | "run" | "done" | "seen" | "written" | "taken" | "given"
        )
}

/// Whether a file name can be a process's image: a program file (".exe", ".com", ".scr",
/// ".pif"), or a name without an extension.
fn runs_as_process(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((_, ext)) => ["exe", "com", "scr", "pif"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e)),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::text::stem;
    use super::*;

    #[test]
    fn side_words_are_stems_of_the_words_columns_use() {
        for (words, side) in [
            (&["local", "source", "src"][..], LOCAL_SIDE),
            (&["remote", "destination", "dst", "target"][..], REMOTE_SIDE),
            (
                &["recipient", "destination", "dst", "remote", "target"][..],
                RECEIVING_SIDE,
            ),
            (
                &["sender", "source", "src", "caller", "client"][..],
                SENDING_SIDE,
            ),
            (&["initiating", "parent"][..], INITIATING_SIDE),
        ] {
            let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
            assert_eq!(stems, side);
        }
    }
}
