//! String functions.

use crate::value::{DataType, Value};

use super::super::values;
use super::args::{long, text};
use super::{spec, FnSpec, Ret};

use DataType::*;

pub const FUNCTIONS: &[FnSpec] = &[
    spec("strlen", 1, 1, Ret::Fixed(Long), strlen),
    spec("substring", 2, 3, Ret::Fixed(String), substring),
    spec("indexof", 2, 5, Ret::Fixed(Long), indexof),
    spec("tolower", 1, 1, Ret::Fixed(String), |a| {
        Value::from(text(a, 0).to_lowercase())
    }),
    spec("toupper", 1, 1, Ret::Fixed(String), |a| {
        Value::from(text(a, 0).to_uppercase())
    }),
    spec("strcat", 1, 64, Ret::Fixed(String), strcat),
    spec("strcat_delim", 2, 65, Ret::Fixed(String), strcat_delim),
    spec("split", 2, 3, Ret::Fixed(Dynamic), split),
    spec("replace_string", 3, 3, Ret::Fixed(String), replace_string),
    spec("reverse", 1, 1, Ret::Fixed(String), |a| {
        Value::from(text(a, 0).chars().rev().collect::<std::string::String>())
    }),
    spec("strrep", 2, 3, Ret::Fixed(String), strrep),
    spec("isempty", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(is_empty(&a[0]))
    }),
    spec("isnotempty", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(!is_empty(&a[0]))
    }),
    spec("isnull", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(is_null(&a[0]))
    }),
    spec("isnotnull", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(!is_null(&a[0]))
    }),
    spec("not", 1, 1, Ret::Fixed(Bool), |a| {
        values::to_bool(&a[0]).map_or(Value::Null, |b| Value::Bool(!b))
    }),
    spec("strcmp", 2, 2, Ret::Fixed(Int), |a| {
        Value::Int(text(a, 0).cmp(&text(a, 1)) as i32)
    }),
    spec("translate", 3, 3, Ret::Fixed(String), translate),
    spec("url_encode", 1, 1, Ret::Fixed(String), |a| {
        Value::from(url_encode(&text(a, 0), false))
    }),
    spec("url_encode_component", 1, 1, Ret::Fixed(String), |a| {
        Value::from(url_encode(&text(a, 0), true))
    }),
    spec("url_decode", 1, 1, Ret::Fixed(String), |a| {
        Value::from(url_decode(&text(a, 0)))
    }),
    spec("base64_encode_tostring", 1, 1, Ret::Fixed(String), |a| {
        Value::from(base64_encode(text(a, 0).as_bytes()))
    }),
    spec("base64_encodestring", 1, 1, Ret::Fixed(String), |a| {
        Value::from(base64_encode(text(a, 0).as_bytes()))
    }),
    spec(
        "base64_decode_tostring",
        1,
        1,
        Ret::Fixed(String),
        base64_decode_tostring,
    ),
    spec(
        "base64_decodestring",
        1,
        1,
        Ret::Fixed(String),
        base64_decode_tostring,
    ),
    spec("parse_url", 1, 1, Ret::Fixed(Dynamic), parse_url),
    spec("hash", 1, 2, Ret::Fixed(Long), hash),
    spec("hash_xxhash64", 1, 2, Ret::Fixed(Long), hash),
    spec("string_size", 1, 1, Ret::Fixed(Long), |a| {
        Value::Long(text(a, 0).len() as i64)
    }),
    spec("has_any_index", 2, 2, Ret::Fixed(Long), has_any_index),
];

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Dynamic(j) => j.is_null() || j.as_str() == Some(""),
        _ => false,
    }
}

fn is_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Dynamic(j) => j.is_null(),
        _ => false,
    }
}

fn strlen(a: &[Value]) -> Value {
    Value::Long(text(a, 0).chars().count() as i64)
}

fn substring(a: &[Value]) -> Value {
    let t = text(a, 0);
    let start = long(a, 1).unwrap_or(0).max(0) as usize;
    let len = match a.get(2) {
        Some(v) if !v.is_null() => values::to_i64(v).unwrap_or(0).max(0) as usize,
        _ => usize::MAX,
    };
    Value::from(
        t.chars()
            .skip(start)
            .take(len)
            .collect::<std::string::String>(),
    )
}

fn indexof(a: &[Value]) -> Value {
    let t = text(a, 0);
    let needle = text(a, 1);
    let chars: Vec<char> = t.chars().collect();
    let start = long(a, 2).unwrap_or(0);
    let start = if start < 0 {
        (chars.len() as i64 + start).max(0) as usize
    } else {
        start as usize
    };
    if start > chars.len() {
        return Value::Long(-1);
    }
    let length = match long(a, 3) {
        Some(l) if l >= 0 => l as usize,
        _ => usize::MAX,
    };
    let occurrence = long(a, 4).unwrap_or(1).max(1);
    let end = start.saturating_add(length).min(chars.len());
    let hay: std::string::String = chars[start..end].iter().collect();
    let mut from = 0usize;
    let mut seen = 0;
    while let Some(pos) = hay[from..].find(needle.as_ref()) {
        seen += 1;
        let byte = from + pos;
        if seen == occurrence {
            return Value::Long((start + hay[..byte].chars().count()) as i64);
        }
        from = byte + needle.chars().next().map_or(1, char::len_utf8);
        if from > hay.len() {
            break;
        }
    }
    Value::Long(-1)
}

fn strcat(a: &[Value]) -> Value {
    let mut s = std::string::String::new();
    for v in a {
        s.push_str(&values::text_of(v));
    }
    Value::from(s)
}

fn strcat_delim(a: &[Value]) -> Value {
    let d = text(a, 0);
    let parts: Vec<std::borrow::Cow<str>> = a[1..].iter().map(values::text_of).collect();
    Value::from(parts.join(d.as_ref()))
}

fn split(a: &[Value]) -> Value {
    let t = text(a, 0);
    let d = text(a, 1);
    let parts: Vec<serde_json::Value> = if d.is_empty() {
        vec![serde_json::Value::String(t.to_string())]
    } else {
        t.split(d.as_ref())
            .map(|p| serde_json::Value::String(p.to_string()))
            .collect()
    };
    match a.get(2) {
        Some(i) if !i.is_null() => {
            let i = values::to_i64(i).unwrap_or(0);
            match usize::try_from(i).ok().and_then(|i| parts.get(i)) {
                Some(p) => Value::dynamic(serde_json::Value::Array(vec![p.clone()])),
                None => Value::dynamic(serde_json::Value::Array(vec![])),
            }
        }
        _ => Value::dynamic(serde_json::Value::Array(parts)),
    }
}

fn replace_string(a: &[Value]) -> Value {
    let t = text(a, 0);
    let from = text(a, 1);
    if from.is_empty() {
        return Value::from(t.into_owned());
    }
    Value::from(t.replace(from.as_ref(), &text(a, 2)))
}

fn strrep(a: &[Value]) -> Value {
    let t = text(a, 0);
    let n = long(a, 1).unwrap_or(0).clamp(0, 1024) as usize;
    let d = text(a, 2);
    Value::from(vec![t.as_ref(); n].join(d.as_ref()))
}

fn translate(a: &[Value]) -> Value {
    let from: Vec<char> = text(a, 0).chars().collect();
    let to: Vec<char> = text(a, 1).chars().collect();
    let t = text(a, 2);
    let mut out = std::string::String::new();
    for c in t.chars() {
        match from.iter().position(|f| *f == c) {
            Some(i) if to.is_empty() => {
                let _ = i;
            }
            Some(i) => out.push(*to.get(i).unwrap_or_else(|| to.last().expect("non-empty"))),
            None => out.push(c),
        }
    }
    Value::from(out)
}

fn url_encode(s: &str, component: bool) -> std::string::String {
    let mut out = std::string::String::new();
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (!component && matches!(b, b'/' | b':' | b'?' | b'&' | b'=' | b'#'));
        if keep {
            out.push(b as char);
        } else if b == b' ' && !component {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn url_decode(s: &str) -> std::string::String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
                {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    std::string::String::from_utf8_lossy(&out).into_owned()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(data: &[u8]) -> std::string::String {
    let mut out = std::string::String::new();
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= n {
                out.push(B64[(v >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard or URL-safe base64; `None` when malformed.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.trim().bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = buf << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn base64_decode_tostring(a: &[Value]) -> Value {
    match base64_decode(&text(a, 0)) {
        Some(b) => match std::string::String::from_utf8(b) {
            Ok(s) => Value::from(s),
            Err(_) => Value::Null,
        },
        None => Value::Null,
    }
}

fn parse_url(a: &[Value]) -> Value {
    let url = text(a, 0);
    let Some((scheme, rest)) = url.split_once("://") else {
        return Value::dynamic(serde_json::json!({}));
    };
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, f),
        None => (rest, ""),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, q),
        None => (rest, ""),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (u, h),
        None => ("", authority),
    };
    let (user, pass) = match userinfo.split_once(':') {
        Some((u, p)) => (u, p),
        None => (userinfo, ""),
    };
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => (&hostport[..=i], hostport[i + 1..].trim_start_matches(':')),
            None => (hostport, ""),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p),
            None => (hostport, ""),
        }
    };
    let mut params = serde_json::Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        params.insert(url_decode(k), serde_json::Value::String(url_decode(v)));
    }
    Value::dynamic(serde_json::json!({
        "Scheme": scheme,
        "Host": host,
        "Port": port,
        "Path": path,
        "Username": user,
        "Password": pass,
        "Query Parameters": params,
        "Fragment": fragment,
    }))
}

/// xxHash64 with seed 0 (what Kusto's `hash` uses), over the value's text as UTF-8.
pub fn xxhash64(data: &[u8]) -> u64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P3: u64 = 1_609_587_929_392_839_161;
    const P4: u64 = 9_650_029_242_287_828_579;
    const P5: u64 = 2_870_177_450_012_600_261;
    fn round(acc: u64, input: u64) -> u64 {
        acc.wrapping_add(input.wrapping_mul(P2))
            .rotate_left(31)
            .wrapping_mul(P1)
    }
    fn merge(acc: u64, val: u64) -> u64 {
        (acc ^ round(0, val)).wrapping_mul(P1).wrapping_add(P4)
    }
    let read64 = |b: &[u8]| u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
    let read32 = |b: &[u8]| u32::from_le_bytes(b[..4].try_into().expect("4 bytes")) as u64;
    let len = data.len();
    let mut p = 0;
    let mut h: u64;
    if len >= 32 {
        let mut v1 = P1.wrapping_add(P2);
        let mut v2 = P2;
        let mut v3 = 0u64;
        let mut v4 = 0u64.wrapping_sub(P1);
        while p + 32 <= len {
            v1 = round(v1, read64(&data[p..]));
            v2 = round(v2, read64(&data[p + 8..]));
            v3 = round(v3, read64(&data[p + 16..]));
            v4 = round(v4, read64(&data[p + 24..]));
            p += 32;
        }
        h = v1
            .rotate_left(1)
            .wrapping_add(v2.rotate_left(7))
            .wrapping_add(v3.rotate_left(12))
            .wrapping_add(v4.rotate_left(18));
        h = merge(h, v1);
        h = merge(h, v2);
        h = merge(h, v3);
        h = merge(h, v4);
    } else {
        h = P5;
    }
    h = h.wrapping_add(len as u64);
    while p + 8 <= len {
        h ^= round(0, read64(&data[p..]));
        h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        p += 8;
    }
    if p + 4 <= len {
        h ^= read32(&data[p..]).wrapping_mul(P1);
        h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        p += 4;
    }
    while p < len {
        h ^= (data[p] as u64).wrapping_mul(P5);
        h = h.rotate_left(11).wrapping_mul(P1);
        p += 1;
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^= h >> 32;
    h
}

fn hash(a: &[Value]) -> Value {
    if a[0].is_null() {
        return Value::Null;
    }
    let h = xxhash64(values::text_of(&a[0]).as_bytes()) as i64;
    match long(a, 1) {
        Some(m) if m > 0 => Value::Long(h.rem_euclid(m)),
        _ => Value::Long(h),
    }
}

fn has_any_index(a: &[Value]) -> Value {
    let t = text(a, 0);
    let Value::Dynamic(j) = &a[1] else {
        return Value::Long(-1);
    };
    let Some(items) = j.as_array() else {
        return Value::Long(-1);
    };
    for (i, item) in items.iter().enumerate() {
        let needle = values::to_text(&values::from_json(item));
        if super::super::text::StrMatcher::new(super::super::text::StrOp::Has, &needle, false)
            .matches(&t)
        {
            return Value::Long(i as i64);
        }
    }
    Value::Long(-1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xxhash_known_values() {
        assert_eq!(xxhash64(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxhash64(b"a"), 0xD24E_C4F1_A98C_6E5B);
    }

    #[test]
    fn base64_round_trip() {
        assert_eq!(base64_encode(b"Kusto"), "S3VzdG8=");
        assert_eq!(base64_decode("S3VzdG8=").unwrap(), b"Kusto");
    }
}
