//! Scalar values and their types, as KQL defines them.

use std::sync::Arc;

/// Ticks (100 ns) per second: KQL's `datetime` and `timespan` resolution.
pub const TICKS_PER_SECOND: i64 = 10_000_000;

/// A KQL scalar type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    Bool,
    Int,
    Long,
    Real,
    Decimal,
    String,
    DateTime,
    TimeSpan,
    Guid,
    Dynamic,
}

impl DataType {
    /// The type's name as KQL and the Log Analytics API spell it (`datetime`, `string`...).
    pub fn name(self) -> &'static str {
        match self {
            DataType::Bool => "bool",
            DataType::Int => "int",
            DataType::Long => "long",
            DataType::Real => "real",
            DataType::Decimal => "decimal",
            DataType::String => "string",
            DataType::DateTime => "datetime",
            DataType::TimeSpan => "timespan",
            DataType::Guid => "guid",
            DataType::Dynamic => "dynamic",
        }
    }

    /// Parses a type name, accepting KQL's aliases (`boolean`, `date`, `time`, `double`, `uniqueid`...).
    pub fn from_name(name: &str) -> Option<DataType> {
        Some(match name.to_ascii_lowercase().as_str() {
            "bool" | "boolean" | "sbyte" => DataType::Bool,
            "int" | "int32" => DataType::Int,
            "long" | "int64" => DataType::Long,
            "real" | "double" | "float" => DataType::Real,
            "decimal" => DataType::Decimal,
            "string" => DataType::String,
            "datetime" | "date" => DataType::DateTime,
            "timespan" | "time" => DataType::TimeSpan,
            "guid" | "uniqueid" => DataType::Guid,
            "dynamic" => DataType::Dynamic,
            _ => return None,
        })
    }
}

/// A KQL scalar value; `Null` is the null of any type.
///
/// `DateTime` is 100-ns ticks since 1970-01-01T00:00:00Z (negative before it); `TimeSpan` is a
/// signed count of 100-ns ticks. Strings are shared, so cloning a value is cheap.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i32),
    Long(i64),
    Real(f64),
    String(Arc<str>),
    DateTime(i64),
    TimeSpan(i64),
    Guid(Guid),
    Dynamic(Arc<serde_json::Value>),
}

/// A GUID's 128 bits, kept as two halves: a `u128` would align every [`Value`] to 16 bytes and
/// make it 32 bytes long instead of 24 (a quarter more memory for every stored row).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid {
    high: u64,
    low: u64,
}

impl Guid {
    /// The GUID with these 128 bits.
    pub const fn from_u128(bits: u128) -> Guid {
        Guid {
            high: (bits >> 64) as u64,
            low: bits as u64,
        }
    }

    /// Its 128 bits.
    pub const fn to_u128(self) -> u128 {
        ((self.high as u128) << 64) | self.low as u128
    }
}

impl From<u128> for Guid {
    fn from(bits: u128) -> Guid {
        Guid::from_u128(bits)
    }
}

impl Value {
    /// A string value.
    pub fn string(s: impl AsRef<str>) -> Value {
        Value::String(Arc::from(s.as_ref()))
    }

    /// A GUID value from its 128 bits.
    pub fn guid(bits: u128) -> Value {
        Value::Guid(Guid::from_u128(bits))
    }

    /// A dynamic value holding the given JSON.
    pub fn dynamic(v: serde_json::Value) -> Value {
        Value::Dynamic(Arc::new(v))
    }

    /// Whether this is the null value.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::string(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(Arc::from(s))
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Long(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Value {
        Value::Int(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn a_value_is_three_words_and_guids_keep_their_bits_and_order() {
        // Tables hold hundreds of thousands of rows of these.
        assert_eq!(std::mem::size_of::<Value>(), 24);
        let bits = 0x0f8f_ad5b_d9cb_469f_a165_7086_7728_950e_u128;
        assert_eq!(Guid::from_u128(bits).to_u128(), bits);
        assert!(Guid::from_u128(1 << 64) > Guid::from_u128(u64::MAX as u128));
    }
}
