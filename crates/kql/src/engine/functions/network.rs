//! IP address functions.

use crate::value::{DataType, Value};

use super::args::text;
use super::{spec, FnSpec, Ret};

use DataType::*;

pub const FUNCTIONS: &[FnSpec] = &[
    spec(
        "ipv4_is_private",
        1,
        1,
        Ret::Fixed(Bool),
        |a| match parse_ipv4(&text(a, 0)) {
            Some((ip, _)) => Value::Bool(is_private(ip)),
            None => Value::Null,
        },
    ),
    spec("ipv4_is_in_range", 2, 2, Ret::Fixed(Bool), |a| {
        match (parse_ipv4(&text(a, 0)), parse_ipv4(&text(a, 1))) {
            (Some((ip, _)), Some((net, bits))) => Value::Bool(in_range(ip, net, bits)),
            _ => Value::Null,
        }
    }),
    spec(
        "ipv4_is_in_any_range",
        2,
        64,
        Ret::Fixed(Bool),
        ipv4_is_in_any_range,
    ),
    spec(
        "ipv4_is_match",
        2,
        3,
        Ret::Fixed(Bool),
        |a| match ipv4_compare(a) {
            Value::Long(c) => Value::Bool(c == 0),
            other => other,
        },
    ),
    spec("ipv4_compare", 2, 3, Ret::Fixed(Long), ipv4_compare),
    spec("parse_ipv4", 1, 1, Ret::Fixed(Long), |a| {
        match parse_ipv4(&text(a, 0)) {
            Some((ip, bits)) => Value::Long((ip & mask(bits)) as i64),
            None => Value::Null,
        }
    }),
    spec("parse_ipv4_mask", 2, 2, Ret::Fixed(Long), |a| {
        match (parse_ipv4(&text(a, 0)), super::args::long(a, 1)) {
            (Some((ip, _)), Some(bits)) if (0..=32).contains(&bits) => {
                Value::Long((ip & mask(bits as u32)) as i64)
            }
            _ => Value::Null,
        }
    }),
    spec("format_ipv4", 1, 2, Ret::Fixed(String), |a| {
        let ip = match &a[0] {
            Value::String(s) => parse_ipv4(s).map(|x| x.0),
            v => super::super::values::to_i64(v).map(|x| x as u32),
        };
        let bits = super::args::long(a, 1).unwrap_or(32).clamp(0, 32) as u32;
        match ip {
            Some(ip) => Value::from(format_ipv4(ip & mask(bits))),
            None => Value::Null,
        }
    }),
    spec(
        "ipv4_netmask_suffix",
        1,
        1,
        Ret::Fixed(Int),
        |a| match parse_ipv4(&text(a, 0)) {
            Some((_, bits)) => Value::Int(bits as i32),
            None => Value::Null,
        },
    ),
    spec(
        "geo_info_from_ip_address",
        1,
        1,
        Ret::Fixed(Dynamic),
        |_| {
            // No geolocation database ships with the engine: an empty bag, as Kusto returns for
            // addresses it cannot place.
            Value::dynamic(serde_json::json!({}))
        },
    ),
];

/// Parses `a.b.c.d` or `a.b.c.d/n`, returning the address and prefix length.
pub fn parse_ipv4(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let (addr, bits) = match s.split_once('/') {
        Some((a, b)) => (a, b.trim().parse::<u32>().ok().filter(|b| *b <= 32)?),
        None => (s, 32),
    };
    let mut ip: u32 = 0;
    let mut n = 0;
    for part in addr.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = part.parse().ok()?;
        if v > 255 {
            return None;
        }
        ip = ip << 8 | v;
        n += 1;
    }
    (n == 4).then_some((ip, bits))
}

fn mask(bits: u32) -> u32 {
    if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    }
}

fn in_range(ip: u32, net: u32, bits: u32) -> bool {
    ip & mask(bits) == net & mask(bits)
}

fn format_ipv4(ip: u32) -> std::string::String {
    format!(
        "{}.{}.{}.{}",
        ip >> 24,
        ip >> 16 & 255,
        ip >> 8 & 255,
        ip & 255
    )
}

/// RFC 1918 private ranges.
fn is_private(ip: u32) -> bool {
    in_range(ip, 10 << 24, 8)
        || in_range(ip, 172 << 24 | 16 << 16, 12)
        || in_range(ip, 192 << 24 | 168 << 16, 16)
}

fn ipv4_is_in_any_range(a: &[Value]) -> Value {
    let Some((ip, _)) = parse_ipv4(&text(a, 0)) else {
        return Value::Null;
    };
    let mut ranges: Vec<std::string::String> = Vec::new();
    for v in &a[1..] {
        match v {
            Value::Dynamic(j) => {
                if let Some(items) = j.as_array() {
                    ranges.extend(items.iter().filter_map(|x| x.as_str().map(str::to_string)));
                }
            }
            other => ranges.push(super::super::values::to_text(other)),
        }
    }
    Value::Bool(
        ranges
            .iter()
            .filter_map(|r| parse_ipv4(r))
            .any(|(net, bits)| in_range(ip, net, bits)),
    )
}

fn ipv4_compare(a: &[Value]) -> Value {
    let (Some((x, bx)), Some((y, by))) = (parse_ipv4(&text(a, 0)), parse_ipv4(&text(a, 1))) else {
        return Value::Null;
    };
    let bits = super::args::long(a, 2).map_or(bx.min(by), |b| b.clamp(0, 32) as u32);
    let (x, y) = (x & mask(bits), y & mask(bits));
    Value::Long(match x.cmp(&y) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_ipv4("10.1.2.3"), Some((0x0A01_0203, 32)));
        assert!(is_private(parse_ipv4("172.20.0.1").unwrap().0));
        assert!(!is_private(parse_ipv4("172.32.0.1").unwrap().0));
        assert!(!is_private(parse_ipv4("8.8.8.8").unwrap().0));
        assert_eq!(parse_ipv4("256.1.1.1"), None);
    }
}
