//! Reading the large types (framework, scan, editor origin) out of parsed JSON by hand.
//!
//! serde's derive writes a visitor per type and per deserializer; for these trees that was the
//! largest share of serde's code in the wasm (issue 14). The readers here are plain functions
//! over a [`Value`], shared by every type, with errors that name the path to the bad field
//! (`nodes[2].items[0]: missing field "code"`). The types keep derived `Serialize`: writing is
//! small, and a framework's content hash depends on its exact output.
//!
//! Semantics follow what the derives accepted, so every file read before reads the same now: an
//! absent `Option` field or `null` is `None`; a defaulted field may be absent but not `null`;
//! integers must fit their type; `deny_unknown_fields` types refuse any other key.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// What was wrong and where: `path` is built from the outside in as the error travels up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    message: String,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The error one level further out: under field `key`.
    fn in_field(mut self, key: &str) -> ReadError {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("{key}{}", self.path)
        } else {
            format!("{key}.{}", self.path)
        };
        self
    }

    fn in_index(mut self, index: usize) -> ReadError {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("[{index}]{}", self.path)
        } else {
            format!("[{index}].{}", self.path)
        };
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

pub type Read<T> = Result<T, ReadError>;

/// A reader of one type: a plain function, so each reader is compiled once.
pub type Reader<T> = fn(Value) -> Read<T>;

/// `Deserialize` through a reader: for the few places a derived container still holds one of
/// these types (a stored draft's envelope, a pending edit).
pub fn deserialize<'de, D: Deserializer<'de>, T>(d: D, read: Reader<T>) -> Result<T, D::Error> {
    read(Value::deserialize(d)?).map_err(D::Error::custom)
}

/// JSON text read with `read`; a syntax error is reported as serde_json words it.
pub fn from_str<T>(text: &str, read: Reader<T>) -> Read<T> {
    read(serde_json::from_str(text).map_err(|e| ReadError::new(e.to_string()))?)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn expected(what: &str, got: &Value) -> ReadError {
    ReadError::new(format!("expected {what}, found {}", kind(got)))
}

/// The fields of one JSON object, taken out one by one; [`Object::end`] refuses any left over
/// for the types that allow no others.
pub struct Object(Map<String, Value>);

impl Object {
    pub fn read(v: Value) -> Read<Object> {
        match v {
            Value::Object(map) => Ok(Object(map)),
            other => Err(expected("an object", &other)),
        }
    }

    /// A field that must be there.
    pub fn field<T>(&mut self, key: &str, read: Reader<T>) -> Read<T> {
        match self.0.remove(key) {
            Some(v) => read(v).map_err(|e| e.in_field(key)),
            None => Err(ReadError::new(format!("missing field \"{key}\""))),
        }
    }

    /// A field that may be absent or `null`.
    pub fn optional<T>(&mut self, key: &str, read: Reader<T>) -> Read<Option<T>> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(v).map(Some).map_err(|e| e.in_field(key)),
        }
    }

    /// A field that may be absent (then `default`), but is of its type when there.
    pub fn or<T>(&mut self, key: &str, read: Reader<T>, default: T) -> Read<T> {
        match self.0.remove(key) {
            None => Ok(default),
            Some(v) => read(v).map_err(|e| e.in_field(key)),
        }
    }

    /// For types that refuse unknown fields: what is left must be nothing.
    pub fn end(self) -> Read<()> {
        match self.0.keys().next() {
            None => Ok(()),
            Some(key) => Err(ReadError::new(format!("unknown field \"{key}\""))),
        }
    }
}

pub fn string(v: Value) -> Read<String> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(expected("a string", &other)),
    }
}

pub fn boolean(v: Value) -> Read<bool> {
    v.as_bool().ok_or_else(|| expected("true or false", &v))
}

pub fn u64(v: Value) -> Read<u64> {
    v.as_u64()
        .ok_or_else(|| expected("a whole number of at least 0", &v))
}

pub fn u32(v: Value) -> Read<u32> {
    u64(v).and_then(|n| {
        u32::try_from(n).map_err(|_| ReadError::new(format!("{n} is too large (u32)")))
    })
}

pub fn u16(v: Value) -> Read<u16> {
    u64(v).and_then(|n| {
        u16::try_from(n).map_err(|_| ReadError::new(format!("{n} is too large (u16)")))
    })
}

pub fn f64(v: Value) -> Read<f64> {
    v.as_f64().ok_or_else(|| expected("a number", &v))
}

/// A string read by a parser of its own (a date, a timestamp, an id), naming the form expected.
pub fn parsed<T>(v: Value, parse: fn(&str) -> Option<T>, form: &str) -> Read<T> {
    let s = string(v)?;
    parse(&s).ok_or_else(|| ReadError::new(format!("\"{s}\" is not {form}")))
}

pub fn list<T>(v: Value, read: Reader<T>) -> Read<Vec<T>> {
    match v {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, x)| read(x).map_err(|e| e.in_index(i)))
            .collect(),
        other => Err(expected("a list", &other)),
    }
}

pub fn strings(v: Value) -> Read<Vec<String>> {
    list(v, string)
}

/// An object whose keys are data (item codes), each value read with `read`.
pub fn map<T>(v: Value, read: Reader<T>) -> Read<BTreeMap<String, T>> {
    let Value::Object(entries) = v else {
        return Err(expected("an object", &v));
    };
    // Inserted one by one: collecting into a BTreeMap sorts first, a sort compiled per `T`.
    let mut out = BTreeMap::new();
    for (k, x) in entries {
        let t = read(x).map_err(|e| e.in_field(&k))?;
        out.insert(k, t);
    }
    Ok(out)
}

/// One of a closed set by its wire name.
pub fn one_of<T: Copy>(v: Value, all: &[T], name: fn(T) -> &'static str) -> Read<T> {
    let s = string(v)?;
    all.iter().copied().find(|t| name(*t) == s).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|t| name(*t)).collect();
        ReadError::new(format!(
            "\"{s}\" is not one of \"{}\"",
            names.join("\", \"")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Point {
        x: u32,
        tag: Option<String>,
        list: Vec<String>,
    }

    fn point(v: Value) -> Read<Point> {
        let mut o = Object::read(v)?;
        let p = Point {
            x: o.field("x", u32)?,
            tag: o.optional("tag", string)?,
            list: o.or("list", strings, Vec::new())?,
        };
        o.end()?;
        Ok(p)
    }

    fn points(v: Value) -> Read<Vec<Point>> {
        let mut o = Object::read(v)?;
        o.field("points", |v| list(v, point))
    }

    fn err(v: Value) -> String {
        points(v).unwrap_err().to_string()
    }

    #[test]
    fn reads_what_the_derives_read() {
        let v = json!({"points": [{"x": 1}, {"x": 2, "tag": null, "list": ["a"]}, {"x": 3, "tag": "t"}]});
        assert_eq!(
            points(v).unwrap(),
            vec![
                Point {
                    x: 1,
                    tag: None,
                    list: vec![]
                },
                Point {
                    x: 2,
                    tag: None,
                    list: vec!["a".into()]
                },
                Point {
                    x: 3,
                    tag: Some("t".into()),
                    list: vec![]
                },
            ]
        );
    }

    #[test]
    fn errors_name_the_path() {
        assert_eq!(err(json!({})), "missing field \"points\"");
        assert_eq!(
            err(json!({"points": {}})),
            "points: expected a list, found an object"
        );
        assert_eq!(
            err(json!({"points": [{"x": 1}, {}]})),
            "points[1]: missing field \"x\""
        );
        assert_eq!(
            err(json!({"points": [{"x": 1, "y": 2}]})),
            "points[0]: unknown field \"y\""
        );
        assert_eq!(
            err(json!({"points": [{"x": 1, "list": ["a", 3]}]})),
            "points[0].list[1]: expected a string, found an integer"
        );
        assert_eq!(
            err(json!({"points": [{"x": 1, "list": null}]})),
            "points[0].list: expected a list, found null"
        );
    }

    #[test]
    fn numbers_must_fit() {
        assert_eq!(u32(json!(4_294_967_295u64)), Ok(u32::MAX));
        assert!(u32(json!(4_294_967_296u64)).is_err());
        assert!(u32(json!(-1)).is_err());
        assert!(u32(json!(1.5)).is_err());
        assert!(u16(json!(65_536)).is_err());
        assert_eq!(f64(json!(3)), Ok(3.0));
        assert_eq!(boolean(json!(true)), Ok(true));
        assert!(boolean(json!("true")).is_err());
    }

    #[test]
    fn maps_and_closed_sets() {
        let m = map(json!({"b": 2, "a": 1}), u32).unwrap();
        assert_eq!(
            m.into_iter().collect::<Vec<_>>(),
            vec![("a".into(), 1), ("b".into(), 2)]
        );
        assert_eq!(
            map(json!({"a": "x"}), u32).unwrap_err().to_string(),
            "a: expected a whole number of at least 0, found a string"
        );
        let name = |b: bool| if b { "yes" } else { "no" };
        assert_eq!(one_of(json!("no"), &[true, false], name), Ok(false));
        assert_eq!(
            one_of(json!("maybe"), &[true, false], name)
                .unwrap_err()
                .to_string(),
            "\"maybe\" is not one of \"yes\", \"no\""
        );
    }
}
