//! The mutator of the import fuzz run (tests/exchange.rs): valid exports changed byte- and
//! value-wise, deterministic per seed. Shared so the render test and its browser corpus see the
//! files the fuzz run accepted.

use serde_json::{json, Value};

/// xorshift64: small, fast and the same on every machine.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A valid export and its JSON tree, ready to be mutated.
pub struct Base {
    bytes: Vec<u8>,
    value: Value,
    /// JSON pointers to every value in the tree.
    pointers: Vec<String>,
    /// (pointer to an object, one of its keys).
    keys: Vec<(String, String)>,
    /// Where numbers are, and where each of [`TOKENS`] occurs.
    runs: Vec<(usize, usize)>,
    tokens: Vec<Vec<usize>>,
}

impl Base {
    pub fn new(text: String) -> Base {
        fn walk(
            v: &Value,
            here: &str,
            pointers: &mut Vec<String>,
            keys: &mut Vec<(String, String)>,
        ) {
            pointers.push(here.to_string());
            match v {
                Value::Object(m) => {
                    for (k, child) in m {
                        keys.push((here.to_string(), k.clone()));
                        let escaped = k.replace('~', "~0").replace('/', "~1");
                        walk(child, &format!("{here}/{escaped}"), pointers, keys);
                    }
                }
                Value::Array(a) => {
                    for (i, child) in a.iter().enumerate() {
                        walk(child, &format!("{here}/{i}"), pointers, keys);
                    }
                }
                _ => {}
            }
        }
        let value: Value = serde_json::from_str(&text).unwrap();
        let (mut pointers, mut keys) = (Vec::new(), Vec::new());
        walk(&value, "", &mut pointers, &mut keys);
        let bytes = text.into_bytes();
        Base {
            runs: number_runs(&bytes),
            tokens: TOKENS
                .iter()
                .map(|(from, _)| find_all(&bytes, from.as_bytes()))
                .collect(),
            bytes,
            value,
            pointers,
            keys,
        }
    }
}

pub const HUGE: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "99999999999999999999",
    "-99999999999999999999",
    "18446744073709551616",
    "4294967296",
    "4294967295",
    "-0",
    "1.5",
    "1e2",
    "100.0",
    "0.0000001",
];

pub const INVALID_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc3\x28",
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\x80",
    b"\xe2\x82",
];

pub const TOKENS: &[(&str, &str)] = &[
    ("\"student\"", "\"supervisor\""),
    ("\"supervisor\"", "\"student\""),
    ("\"value\"", "\"valeu\""),
    ("\"initials\"", "\"initialen\""),
    ("true", "false"),
    ("false", "nul"),
    ("{", "["),
    ("}", "]"),
    (":", ","),
    (",", ""),
    ("\"", "'"),
    ("\"1.1-1\"", "\"9.9-9\""),
    ("\"A1\"", "\"A2\""),
    ("\"A1\"", "\"a1\""),
    ("\"%\"", "\"\""),
    ("\"below\"", "\"upTo\""),
    ("\"nodes\"", "\"node\""),
];

/// Values of every kind, some in range, some of the wrong type, some deep.
pub fn replacement(rng: &mut XorShift) -> Value {
    const SIMPLE: &[&str] = &[
        "null",
        "true",
        "0",
        "5",
        "100",
        "101",
        "150",
        "-5",
        "1.5",
        "1e300",
        "18446744073709551615",
        "-9223372036854775808",
        "4294967296",
        r#""""#,
        r#""  ""#,
        r#""zestig""#,
        r#""student""#,
        r#""supervisor""#,
        r#""teacher""#,
        r#""A1""#,
        r#""1.1-1""#,
        r#""competentiescan-export""#,
        r#""competentiescan-framework""#,
        r#""ë\u0000\ufeff\"\\""#,
        "[]",
        r#"[1, "a"]"#,
        "{}",
        r#"{"value": 50, "at": "x"}"#,
        r#"{"initials": "X", "date": "d", "value": 40}"#,
    ];
    let i = rng.below(SIMPLE.len() + 1);
    match SIMPLE.get(i) {
        Some(text) => serde_json::from_str(text).expect("a JSON value"),
        None => (0..rng.below(140)).fold(json!(1), |v, _| json!([v])),
    }
}

pub fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return Vec::new();
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// Where the JSON numbers are (not digits inside strings).
pub fn number_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i - 1;
            while i < bytes.len()
                && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
            {
                i += 1;
            }
            runs.push((start, i));
        }
    }
    runs
}

pub const KINDS: &[&str] = &[
    "truncate",
    "flip bytes",
    "insert bytes",
    "delete bytes",
    "huge number",
    "invalid UTF-8",
    "splice",
    "swap token",
    "replace value",
    "remove key",
    "rename key",
    "stacked",
];

/// One byte-level mutation; `known` describes `bytes` when they are still a base's.
pub fn mutate_bytes(rng: &mut XorShift, bytes: &mut Vec<u8>, kind: usize, known: Option<&Base>) {
    let len = bytes.len();
    match kind {
        0 => bytes.truncate(rng.below(len + 1)),
        1 => {
            for _ in 0..=rng.below(8) {
                let at = rng.below(len.max(1));
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        2 => {
            let at = rng.below(len + 1);
            let count = 1 + rng.below(4);
            let structural = b"{}[]\":,\\ -.0123456789eEtrufalsn\n";
            let new: Vec<u8> = (0..count)
                .map(|_| {
                    if rng.below(2) == 0 {
                        *rng.pick(structural)
                    } else {
                        rng.next() as u8
                    }
                })
                .collect();
            bytes.splice(at..at, new);
        }
        3 => {
            let at = rng.below(len + 1);
            let end = (at + 1 + rng.below(16)).min(len);
            bytes.drain(at..end);
        }
        4 => {
            let fresh;
            let runs = match known {
                Some(base) => &base.runs,
                None => {
                    fresh = number_runs(bytes);
                    &fresh
                }
            };
            if !runs.is_empty() {
                let (start, end) = *rng.pick(runs);
                bytes.splice(start..end, rng.pick(HUGE).bytes());
            }
        }
        5 => {
            let at = rng.below(len + 1);
            bytes.splice(at..at, rng.pick(INVALID_UTF8).iter().copied());
        }
        6 => {
            let from = rng.below(len + 1);
            let to = (from + rng.below(64)).min(len);
            let piece = bytes[from..to].to_vec();
            let at = rng.below(len + 1);
            bytes.splice(at..at, piece);
        }
        _ => {
            let token = rng.below(TOKENS.len());
            let (from, to) = TOKENS[token];
            let fresh;
            let found = match known {
                Some(base) => &base.tokens[token],
                None => {
                    fresh = find_all(bytes, from.as_bytes());
                    &fresh
                }
            };
            if !found.is_empty() {
                let at = *rng.pick(found);
                bytes.splice(at..at + from.len(), to.bytes());
            }
        }
    }
}

/// One mutation of the JSON tree, written compact or (sometimes) pretty. The base's tree is
/// changed in place and restored afterwards, which is much cheaper than a clone per input.
pub fn mutate_value(rng: &mut XorShift, base: &mut Base, kind: usize) -> Vec<u8> {
    let pretty = rng.below(4) == 0;
    let write = |v: &Value| {
        if pretty {
            serde_json::to_vec_pretty(v).unwrap()
        } else {
            serde_json::to_vec(v).unwrap()
        }
    };
    let Base {
        value,
        pointers,
        keys,
        ..
    } = base;
    match kind {
        8 => {
            let pointer = rng.pick(pointers);
            let new = replacement(rng);
            let slot = value.pointer_mut(pointer).expect("the base is restored");
            let old = std::mem::replace(slot, new);
            let out = write(value);
            *value.pointer_mut(pointer).expect("the base is restored") = old;
            out
        }
        9 => {
            let (object, key) = rng.pick(keys);
            let map = value
                .pointer_mut(object)
                .and_then(Value::as_object_mut)
                .expect("an object");
            let old = map.remove(key).expect("the key");
            let out = write(value);
            let map = value
                .pointer_mut(object)
                .and_then(Value::as_object_mut)
                .expect("an object");
            map.insert(key.clone(), old);
            out
        }
        _ => {
            let (object, key) = rng.pick(keys);
            let names = [
                "teacher", "9.9-9", "value", "", "1.1-1", "A2", "student", "$schema",
            ];
            let name = rng.pick(&names).to_string();
            let map = value
                .pointer_mut(object)
                .and_then(Value::as_object_mut)
                .expect("an object");
            let old = map.remove(key).expect("the key");
            let displaced = map.insert(name.clone(), old);
            let out = write(value);
            let map = value
                .pointer_mut(object)
                .and_then(Value::as_object_mut)
                .expect("an object");
            let old = map.remove(&name).expect("the renamed key");
            if let Some(displaced) = displaced {
                map.insert(name, displaced);
            }
            map.insert(key.clone(), old);
            out
        }
    }
}

pub fn mutate(rng: &mut XorShift, base: &mut Base, kind: usize) -> Vec<u8> {
    match kind {
        0..=7 => {
            let mut bytes = base.bytes.clone();
            mutate_bytes(rng, &mut bytes, kind, Some(&*base));
            bytes
        }
        8..=10 => mutate_value(rng, base, kind),
        _ => {
            let kind = 8 + rng.below(3);
            let mut bytes = mutate_value(rng, base, kind);
            for _ in 0..=rng.below(2) {
                let kind = rng.below(8);
                mutate_bytes(rng, &mut bytes, kind, None);
            }
            bytes
        }
    }
}
