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

use super::i18n::{k, Key, Lang};
use super::problem::{Arg, Place, Problem};

/// What was wrong (a text key with its values) and where: `path` is built from the outside in
/// as the error travels up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    key: Key,
    args: Vec<(&'static str, Arg)>,
}

impl ReadError {
    pub fn new(key: Key) -> ReadError {
        ReadError {
            path: String::new(),
            key,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> ReadError {
        self.args.push((name, value.into()));
        self
    }

    /// The error one level further out: under field `key`.
    pub(crate) fn in_field(mut self, key: &str) -> ReadError {
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

    /// As a problem placed at its field, or at `whole` when the whole value is wrong.
    pub fn problem(self, whole: impl Into<Option<Place>>) -> Problem {
        let place = if self.path.is_empty() {
            whole.into()
        } else {
            Some(Place::Field(self.path))
        };
        Problem {
            place,
            key: self.key,
            args: self.args,
        }
    }
}

/// For serde's error type only (a derived container holding one of these types); the screens
/// show [`ReadError::problem`] in the chosen language.
impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.clone().problem(None).text(Lang::En))
    }
}

pub type Read<T> = Result<T, ReadError>;

/// A reader of one type: a plain function, so each reader is compiled once.
pub type Reader<T> = fn(Value) -> Read<T>;

/// `Deserialize` through a reader, for a derived container that holds one of these types.
pub fn deserialize<'de, D: Deserializer<'de>, T>(d: D, read: Reader<T>) -> Result<T, D::Error> {
    read(Value::deserialize(d)?).map_err(D::Error::custom)
}

/// JSON text read with `read`; a syntax error is reported with serde_json's own words.
pub fn from_str<T>(text: &str, read: Reader<T>) -> Read<T> {
    let value = serde_json::from_str(text)
        .map_err(|e| ReadError::new(k::reading::NOT_JSON).with("reason", e.to_string()))?;
    read(value)
}

fn kind(v: &Value) -> Key {
    match v {
        Value::Null => k::reading::NULL,
        Value::Bool(_) => k::reading::BOOLEAN,
        Value::Number(n) if n.is_f64() => k::reading::FRACTION,
        Value::Number(_) => k::reading::INTEGER,
        Value::String(_) => k::reading::STRING,
        Value::Array(_) => k::reading::LIST,
        Value::Object(_) => k::reading::OBJECT,
    }
}

fn expected(what: Key, got: &Value) -> ReadError {
    ReadError::new(k::reading::EXPECTED)
        .with("expected", what)
        .with("found", kind(got))
}

/// The fields of one JSON object, taken out one by one; [`Object::end`] refuses any left over
/// for the types that allow no others.
pub struct Object(Map<String, Value>);

impl Object {
    pub fn read(v: Value) -> Read<Object> {
        match v {
            Value::Object(map) => Ok(Object(map)),
            other => Err(expected(k::reading::OBJECT, &other)),
        }
    }

    /// A field that must be there.
    pub fn field<T>(&mut self, key: &str, read: Reader<T>) -> Read<T> {
        match self.0.remove(key) {
            Some(v) => read(v).map_err(|e| e.in_field(key)),
            None => Err(ReadError::new(k::reading::MISSING_FIELD).with("field", key)),
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
            Some(key) => Err(ReadError::new(k::reading::UNKNOWN_FIELD).with("field", key.as_str())),
        }
    }
}

pub fn string(v: Value) -> Read<String> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(expected(k::reading::STRING, &other)),
    }
}

pub fn boolean(v: Value) -> Read<bool> {
    v.as_bool().ok_or_else(|| expected(k::reading::BOOLEAN, &v))
}

pub fn u64(v: Value) -> Read<u64> {
    v.as_u64().ok_or_else(|| expected(k::reading::WHOLE, &v))
}

pub fn u32(v: Value) -> Read<u32> {
    u64(v).and_then(|n| u32::try_from(n).map_err(|_| too_large(n)))
}

pub fn u16(v: Value) -> Read<u16> {
    u64(v).and_then(|n| u16::try_from(n).map_err(|_| too_large(n)))
}

fn too_large(n: u64) -> ReadError {
    ReadError::new(k::reading::TOO_LARGE).with("value", n.to_string())
}

pub fn f64(v: Value) -> Read<f64> {
    v.as_f64().ok_or_else(|| expected(k::reading::NUMBER, &v))
}

/// A string read by a parser of its own (a date, a timestamp, an id), naming the form expected.
pub fn parsed<T>(v: Value, parse: fn(&str) -> Option<T>, form: Key) -> Read<T> {
    let s = string(v)?;
    match parse(&s) {
        Some(t) => Ok(t),
        None => Err(ReadError::new(k::reading::NOT_FORM)
            .with("value", s)
            .with("form", form)),
    }
}

pub fn list<T>(v: Value, read: Reader<T>) -> Read<Vec<T>> {
    match v {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, x)| read(x).map_err(|e| e.in_index(i)))
            .collect(),
        other => Err(expected(k::reading::LIST, &other)),
    }
}

pub fn strings(v: Value) -> Read<Vec<String>> {
    list(v, string)
}

/// An object whose keys are data (item codes), each value read with `read`.
pub fn map<T>(v: Value, read: Reader<T>) -> Read<BTreeMap<String, T>> {
    let Value::Object(entries) = v else {
        return Err(expected(k::reading::OBJECT, &v));
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
    match all.iter().copied().find(|t| name(*t) == s) {
        Some(t) => Ok(t),
        None => {
            let names: Vec<&str> = all.iter().map(|t| name(*t)).collect();
            Err(ReadError::new(k::reading::NOT_ONE_OF)
                .with("value", s)
                .with("names", names.join(", ")))
        }
    }
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
        assert_eq!(err(json!({})), "the field \"points\" is missing");
        assert_eq!(
            err(json!({"points": {}})),
            "field points: expected a list, found an object"
        );
        assert_eq!(
            err(json!({"points": [{"x": 1}, {}]})),
            "field points[1]: the field \"x\" is missing"
        );
        assert_eq!(
            err(json!({"points": [{"x": 1, "y": 2}]})),
            "field points[0]: unknown field \"y\""
        );
        assert_eq!(
            err(json!({"points": [{"x": 1, "list": ["a", 3]}]})),
            "field points[0].list[1]: expected a text, found a whole number"
        );
        assert_eq!(
            err(json!({"points": [{"x": 1, "list": null}]})),
            "field points[0].list: expected a list, found empty (null)"
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
            "field a: expected a whole number of 0 or more, found a text"
        );
        let name = |b: bool| if b { "yes" } else { "no" };
        assert_eq!(one_of(json!("no"), &[true, false], name), Ok(false));
        assert_eq!(
            one_of(json!("maybe"), &[true, false], name)
                .unwrap_err()
                .to_string(),
            "\"maybe\" is not one of: yes, no"
        );
    }
}
