//! The exchange file: one exported scan with its framework embedded in full, so any copy of the
//! app can open it (also for a school's own framework or an older framework version).
//!
//! ```text
//! { "format": "competentiescan-export", "formatVersion": 1,
//!   "app": { "name": "competentiescan", "version": "0.1.0" }, "exportedAt": "…",
//!   "framework": { …the framework, as in frameworks/… }, "frameworkHash": "…",
//!   "scan": { …the scan: subject, raters, ratings, paraafs, finished, history… } }
//! ```
//! Import checks everything before anything is changed, and names each problem and where.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::feedback;
use super::framework::Framework;
use super::i18n::{fill, k, text, Key, Lang};
use super::migrate;
use super::problem::{self, Place, Problem};
use super::rater::RaterRole;
use super::scan::{field_problems, Scan};
use super::time::Timestamp;

pub const EXPORT_FORMAT: &str = "competentiescan-export";
/// 2: one list of raters, each with its own column. Format 1 files are read and migrated.
pub const EXPORT_VERSION: u32 = 2;
/// Largest file accepted; a real export is tens of KB (the framework makes up most of it).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportFile<'a> {
    format: &'static str,
    format_version: u32,
    app: AppInfo,
    exported_at: Timestamp,
    framework: &'a Framework,
    framework_hash: String,
    scan: &'a Scan,
}

/// The export file for a scan and the framework it was made with.
pub fn export(scan: &Scan, framework: &Framework, now: Timestamp) -> String {
    let file = export_file(scan, framework, now);
    pretty(&serde_json::to_string(&file).expect("export serialises"))
}

fn export_file<'a>(scan: &'a Scan, framework: &'a Framework, now: Timestamp) -> ExportFile<'a> {
    ExportFile {
        format: EXPORT_FORMAT,
        format_version: EXPORT_VERSION,
        app: AppInfo {
            name: "competentiescan".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        exported_at: now,
        framework,
        framework_hash: framework.content_hash(),
        scan,
    }
}

/// Compact JSON in serde_json's pretty layout (two-space indent), byte for byte. Serialising
/// compactly and laying out here keeps one copy of every `Serialize` impl in the wasm (drafts and
/// framework copies are compact) instead of a second one for the pretty formatter.
fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' if matches!(chars.peek(), Some('}' | ']')) => {
                out.push(c);
                out.extend(chars.next());
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// `competentiescan_<student>_<kader>_<datum>.json`, with only letters, digits and `-`.
pub fn file_name(scan: &Scan, framework: &Framework) -> String {
    let date = scan.subject.date.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "competentiescan_{}_{}_{}.json",
        safe_name(&scan.subject.student),
        safe_name(&framework.id),
        safe_name(&date)
    )
}

/// A text as a file-name part: letters and digits (accents folded), parts joined by `-`.
pub(crate) fn safe_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c
            } else {
                fold_ascii(c)
            }
        })
        .collect();
    let parts: Vec<&str> = cleaned.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "onbekend".to_string()
    } else {
        parts.join("-")
    }
}

/// Accented letters to their plain ASCII letter, keeping the case (ë → e, Ç → C); else `-`.
fn fold_ascii(c: char) -> char {
    let base = match c.to_lowercase().next().unwrap_or(c) {
        'à'..='å' => 'a',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        _ => return '-',
    };
    if c.is_uppercase() {
        base.to_ascii_uppercase()
    } else {
        base
    }
}

/// A file that passed every check: the framework it carries and the scan.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Shared: a class of files carries one framework, checked and held once.
    pub framework: Arc<Framework>,
    pub scan: Scan,
    /// When the file was written; files from other tools may leave it out.
    pub exported_at: Option<Timestamp>,
}

/// Why a file was refused. Nothing on the device changes for a refused file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    TooLarge(usize),
    NotText,
    NotJson {
        line: usize,
        reason: String,
    },
    NotOurs,
    Newer(u64),
    Framework(Vec<Problem>),
    BrokenHash,
    /// Problems in the scan, each with its place (e.g. `beoordeling student 1.1-2: …`).
    Scan(Vec<Problem>),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        let say = |key| text(lang, key).to_string();
        let with = |key, args: &[(&str, &str)]| fill(text(lang, key), args);
        match self {
            ImportError::TooLarge(n) => with(
                k::import::TOO_LARGE,
                &[
                    ("size", &format!("{:.1}", *n as f64 / 1_048_576.0)),
                    ("max", &(MAX_IMPORT_BYTES / 1_048_576).to_string()),
                ],
            ),
            ImportError::NotText => say(k::import::NOT_TEXT),
            ImportError::NotJson { line, reason } => with(
                k::import::NOT_JSON,
                &[("line", &line.to_string()), ("reason", reason)],
            ),
            ImportError::NotOurs => say(k::import::NOT_OURS),
            ImportError::Newer(v) => with(
                k::import::NEWER,
                &[
                    ("version", &v.to_string()),
                    ("known", &EXPORT_VERSION.to_string()),
                ],
            ),
            ImportError::Framework(p) => with(
                k::import::FRAMEWORK_INVALID,
                &[("problems", &problem::join(p, lang))],
            ),
            ImportError::BrokenHash => say(k::import::BROKEN_HASH),
            ImportError::Scan(p) => with(
                k::import::SCAN_INVALID,
                &[("problems", &problem::join(p, lang))],
            ),
        }
    }
}

/// Checks a file completely; only a file without any problem comes back as [`Imported`].
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
    let (obj, version) = open_file(bytes, EXPORT_FORMAT, EXPORT_VERSION)?;
    let (framework, hash) = embedded_framework(&obj)?;
    let scan_value = obj
        .get("scan")
        .ok_or_else(|| ImportError::Scan(vec![Problem::new(None, k::import::MISSING)]))?;
    let scan = match version {
        1 => {
            let migrated =
                migrate::scan_v1(scan_value.clone()).map_err(|p| ImportError::Scan(vec![p]))?;
            check_scan(&migrated, &framework, &hash)?
        }
        _ => check_scan(scan_value, &framework, &hash)?,
    };
    let exported_at = exported_at(obj.get("exportedAt")).map_err(ImportError::Scan)?;
    Ok(Imported {
        framework: Arc::new(framework),
        scan,
        exported_at,
    })
}

/// The scan of a file whose framework passed every check (its content hash is `hash`): every
/// field, every value against the framework, the plan. What it accepts, the screens can show.
pub fn check_scan(value: &Value, framework: &Framework, hash: &str) -> Result<Scan, ImportError> {
    let problems = scan_problems(value, framework);
    if !problems.is_empty() {
        return Err(ImportError::Scan(problems));
    }
    let scan = super::scan::read::scan(value.clone())
        .map_err(|e| ImportError::Scan(vec![e.problem(None)]))?;
    if scan.framework.hash != hash || scan.framework.id != framework.id {
        return Err(ImportError::BrokenHash);
    }
    let goal_problems = plan_problems(&scan, framework);
    if !goal_problems.is_empty() {
        return Err(ImportError::Scan(goal_problems));
    }
    Ok(scan)
}

/// The kinds of file *Bestand openen* takes, told apart by their `format` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Export,
    FeedbackRequest,
    Feedback,
    /// A framework file (Delen): added like Kader toevoegen adds it.
    Framework,
}

/// Which kind of file this is, or `None` when it is none of ours (or not JSON at all).
pub fn kind(bytes: &[u8]) -> Option<FileKind> {
    #[derive(Deserialize)]
    struct Head {
        format: String,
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let head: Head = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
    match head.format.as_str() {
        EXPORT_FORMAT => Some(FileKind::Export),
        feedback::REQUEST_FORMAT => Some(FileKind::FeedbackRequest),
        feedback::FEEDBACK_FORMAT => Some(FileKind::Feedback),
        super::framework::FORMAT => Some(FileKind::Framework),
        _ => None,
    }
}

/// Parses a file of ours up to its JSON object: size, text, JSON, `format` and a version this
/// app knows (`1..=current`; a higher one is "newer").
pub(crate) fn open_file(
    bytes: &[u8],
    format: &str,
    current: u32,
) -> Result<(serde_json::Map<String, Value>, u64), ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        reason: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    let Value::Object(obj) = value else {
        return Err(ImportError::NotOurs);
    };
    if obj.get("format").and_then(Value::as_str) != Some(format) {
        return Err(ImportError::NotOurs);
    }
    let version = match obj.get("formatVersion").and_then(Value::as_u64) {
        Some(v @ 1..) if v <= u64::from(current) => v,
        Some(v) if v > u64::from(current) => return Err(ImportError::Newer(v)),
        _ => return Err(ImportError::NotOurs),
    };
    Ok((obj, version))
}

/// The embedded framework of a file, checked, with its content hash matching `frameworkHash`.
pub(crate) fn embedded_framework(
    obj: &serde_json::Map<String, Value>,
) -> Result<(Framework, String), ImportError> {
    let value = obj
        .get("framework")
        .ok_or_else(|| ImportError::Framework(vec![Problem::new(None, k::import::MISSING)]))?;
    let framework =
        Framework::parse(&value.to_string()).map_err(|e| ImportError::Framework(e.problems))?;
    let hash = framework.content_hash();
    if obj.get("frameworkHash").and_then(Value::as_str) != Some(hash.as_str()) {
        return Err(ImportError::BrokenHash);
    }
    Ok((framework, hash))
}

/// `exportedAt`, optional, but a time when present.
fn exported_at(v: Option<&Value>) -> Result<Option<Timestamp>, Vec<Problem>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_str()
            .and_then(Timestamp::parse)
            .map(Some)
            .ok_or_else(|| {
                vec![
                    Problem::new(Place::Field("exportedAt".into()), k::import::BAD_TIME)
                        .with("value", short(v)),
                ]
            }),
    }
}

/// What is wrong with the scan's development plan: goals that do not fit the framework, ids
/// used twice.
fn plan_problems(scan: &Scan, framework: &Framework) -> Vec<Problem> {
    let mut problems: Vec<Problem> = scan
        .plan
        .iter()
        .filter_map(|g| g.check(framework, scan.variant.as_deref()).err())
        .collect();
    for (i, g) in scan.plan.iter().enumerate() {
        if scan.plan[..i].iter().any(|h| h.id == g.id) {
            problems.push(Problem::new(None, k::import::GOAL_TWICE).with("id", g.id.as_str()));
        }
    }
    problems
}

/// Imports many files (a coach's class) with the same result as [`import`] for each, but
/// checks an embedded framework only once per exact text: the framework is most of every file,
/// and parsing, validating and hashing it again for each of 500 students is most of the work.
///
/// A file takes the short way only when it is exactly the expected shape and its framework
/// text is one that already passed every check; anything else, including every file that is
/// refused, goes through [`import`] itself, so messages are the same.
#[derive(Default)]
pub struct Importer {
    /// Framework text as it appears in a file → the framework it parsed to, and its hash.
    checked: HashMap<String, (Arc<Framework>, String)>,
}

impl Importer {
    pub fn import(&mut self, bytes: &[u8]) -> Result<Imported, ImportError> {
        let text = std::str::from_utf8(bytes)
            .ok()
            .filter(|_| bytes.len() <= MAX_IMPORT_BYTES)
            .map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
        let fields = text.and_then(|t| serde_json::from_str::<Fields>(t).ok());
        if let Some(done) = fields.as_ref().and_then(|f| self.short_way(f)) {
            return Ok(done);
        }
        let imported = import(bytes)?;
        if let Some(raw) = fields.as_ref().and_then(|f| f.get("framework")) {
            let hash = imported.scan.framework.hash.clone();
            self.checked
                .insert(raw.get().to_string(), (imported.framework.clone(), hash));
        }
        Ok(imported)
    }

    /// How many distinct framework texts passed the full check so far.
    pub fn frameworks_checked(&self) -> usize {
        self.checked.len()
    }

    /// `Some` only for a file [`import`] accepts as well, with the same result.
    fn short_way(&self, fields: &Fields) -> Option<Imported> {
        // Exactly these fields, each once: anything unusual is for the full check to judge.
        const KNOWN: [&str; 7] = [
            "format",
            "formatVersion",
            "app",
            "exportedAt",
            "framework",
            "frameworkHash",
            "scan",
        ];
        let keys: std::collections::HashSet<&str> =
            fields.0.iter().map(|(k, _)| k.as_str()).collect();
        if keys.len() != fields.0.len() || keys.iter().any(|k| !KNOWN.contains(k)) {
            return None;
        }
        let (framework, hash) = self.checked.get(fields.get("framework")?.get())?;
        // The other fields as values, shallow enough that parsing the whole file (where they
        // sit one level down, under serde_json's depth limit of 128) would accept them too.
        let value = |key: &str| -> Option<Value> {
            let v: Value = serde_json::from_str(fields.get(key)?.get()).ok()?;
            (depth(&v) <= 100).then_some(v)
        };
        if value("format")?.as_str() != Some(EXPORT_FORMAT)
            || value("formatVersion")?.as_u64() != Some(u64::from(EXPORT_VERSION))
            || value("frameworkHash")?.as_str() != Some(hash.as_str())
        {
            return None;
        }
        if fields.get("app").is_some() {
            value("app")?;
        }
        let exported_at = match fields.get("exportedAt") {
            Some(_) => exported_at(Some(&value("exportedAt")?)).ok()?,
            None => None,
        };
        let scan = check_scan(&value("scan")?, framework, hash).ok()?;
        Some(Imported {
            framework: framework.clone(),
            scan,
            exported_at,
        })
    }
}

/// The top level of a file, each field's JSON text unparsed and in file order (so a repeated
/// key is visible, which a map would hide).
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for FieldsVisitor<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Fields<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'a RawValue>()? {
                    out.push(entry);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(FieldsVisitor(std::marker::PhantomData))
    }
}

/// Nesting depth of a value: a scalar is 0, `[]` is 1.
fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The checks serde cannot phrase for people: every field readable and within its limits,
/// values in range, codes that exist, each with its place.
fn scan_problems(scan_value: &Value, f: &Framework) -> Vec<Problem> {
    let mut out = field_problems(scan_value);
    let at = |place: &Place, key: Key| Problem::new(place.clone(), key);
    let Some(scan) = scan_value.as_object() else {
        return out;
    };
    let codes: std::collections::HashSet<&str> =
        f.items(None).iter().map(|i| i.code.as_str()).collect();
    if let Some(variant) = scan.get("variant").and_then(Value::as_str) {
        if f.variant(variant).is_none() {
            out.push(at(&Place::Variant, k::import::UNKNOWN_VARIANT).with("variant", variant));
        }
    }
    let raters = scan.get("raters").and_then(Value::as_array);
    for (i, rater) in raters.into_iter().flatten().enumerate() {
        rater_problems(&format!("raters[{i}]"), rater, f, &codes, &mut out);
    }
    let pools = scan.get("anonymous").and_then(Value::as_array);
    for (i, pool) in pools.into_iter().flatten().enumerate() {
        pool_problems(&format!("anonymous[{i}]"), pool, f, &codes, &mut out);
    }
    out
}

/// One pool of anonymous answers against the framework: role allowed, codes known, each
/// total possible for its count on the scale.
fn pool_problems(
    here: &str,
    pool: &Value,
    f: &Framework,
    codes: &std::collections::HashSet<&str>,
    out: &mut Vec<Problem>,
) {
    let field = |path: String, key: Key| Problem::new(Place::Field(path), key);
    if let Some(role) = pool
        .get("role")
        .and_then(Value::as_str)
        .and_then(RaterRole::parse)
    {
        if !f.allows(role) {
            let p = field(format!("{here}.role"), k::raters::ROLE_NOT_ALLOWED);
            out.push(p.with("role", role.label()));
        }
    }
    let answers = pool
        .get("answers")
        .and_then(Value::as_object)
        .map_or(0, |a| a.len() as u64);
    let items = pool.get("items").and_then(Value::as_object);
    let comments = pool.get("comments").and_then(Value::as_object);
    for code in items.into_iter().chain(comments).flat_map(|m| m.keys()) {
        if !codes.contains(code.as_str()) {
            out.push(field(
                format!("{here}.items.{code}"),
                k::import::UNKNOWN_CODE,
            ));
        }
    }
    for (code, tally) in items.into_iter().flatten() {
        let number = |name: &str| tally.get(name).and_then(Value::as_u64);
        let count = number("count").unwrap_or(u64::MAX);
        let fits = count <= answers
            && number("sum").is_none_or(|sum| {
                (count * u64::from(f.scale.min)..=count * u64::from(f.scale.max)).contains(&sum)
            });
        if !fits {
            out.push(field(format!("{here}.items.{code}"), k::import::BAD_TOTAL));
        }
    }
}

/// A rating's value: a whole number on the framework's scale, or null.
fn check_value(f: &Framework, place: &Place, v: &Value, out: &mut Vec<Problem>) {
    let at = |key: Key| Problem::new(place.clone(), key);
    let (min, max) = (f.scale.min, f.scale.max);
    match v {
        Value::Number(n) if n.as_u64().is_none() && n.as_i64().is_none() => {
            out.push(at(k::import::NOT_WHOLE_NUMBER).with("value", n.to_string()))
        }
        Value::Number(n) => match n.as_u64() {
            Some(x) if x >= u64::from(min) && x <= u64::from(max) => {}
            _ => out.push(
                at(k::import::OUT_OF_RANGE)
                    .with("value", n.to_string())
                    .with("unit", f.scale.unit.as_str())
                    .with("min", min.to_string())
                    .with("max", max.to_string()),
            ),
        },
        Value::Null => {}
        other => out.push(at(k::import::NOT_A_NUMBER).with("value", short(other))),
    }
}

/// One rater's column against the framework: role allowed, codes known, values on the scale,
/// paraafs that vouch for this rater's current value.
pub(crate) fn rater_problems(
    here: &str,
    rater: &Value,
    f: &Framework,
    codes: &std::collections::HashSet<&str>,
    out: &mut Vec<Problem>,
) {
    let at = |place: &Place, key: Key| Problem::new(place.clone(), key);
    let check_value =
        |place: &Place, v: &Value, out: &mut Vec<Problem>| check_value(f, place, v, out);
    let id = rater.get("id").and_then(Value::as_str).unwrap_or_default();
    if let Some(role) = rater
        .get("role")
        .and_then(Value::as_str)
        .and_then(RaterRole::parse)
    {
        let place = Place::Field(format!("{here}.role"));
        if !f.allows(role) {
            out.push(at(&place, k::raters::ROLE_NOT_ALLOWED).with("role", role.label()));
        }
        // A primary id names its role: two columns of different roles never merge.
        if let Some(other) = RaterRole::parse(id).filter(|r| *r != role) {
            out.push(at(&place, k::raters::ROLE_NOT_PRIMARY).with("role", other.label()));
        }
    }
    let ratings = rater.get("ratings").and_then(Value::as_object);
    for (code, rating) in ratings.into_iter().flatten() {
        let place = Place::Rating {
            rater: id.to_string(),
            code: code.clone(),
        };
        if !codes.contains(code.as_str()) {
            out.push(at(&place, k::import::UNKNOWN_CODE));
        }
        match rating.get("value") {
            Some(v) => check_value(&place, v, out),
            None if !rating.is_object() => out.push(at(&place, k::import::NOT_AN_OBJECT)),
            None => {}
        }
    }
    let paraafs = rater.get("paraafs").and_then(Value::as_object);
    for (code, p) in paraafs.into_iter().flatten() {
        let place = Place::Paraaf(code.clone());
        if !codes.contains(code.as_str()) {
            out.push(at(&place, k::import::UNKNOWN_CODE));
        }
        match p.get("value") {
            Some(v) => {
                check_value(&place, v, out);
                // A paraaf vouches for one value of its rater: it must be the current one. An
                // unreadable value is reported on its own, not again here.
                let rated = ratings
                    .and_then(|r| r.get(code))
                    .and_then(|r| r.get("value"))
                    .filter(|x| !x.is_null());
                let readable = rated.is_none_or(|x| x.as_u64().is_some());
                if readable && rated.and_then(Value::as_u64) != v.as_u64() {
                    out.push(at(&place, k::import::PARAAF_MISMATCH));
                }
            }
            None => out.push(at(&place, k::import::VALUE_MISSING)),
        }
        if p.get("initials")
            .and_then(Value::as_str)
            .is_none_or(|i| i.trim().is_empty())
        {
            out.push(at(&place, k::import::INITIALS_MISSING));
        }
    }
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    s.chars().take(30).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rater::RaterId;
    use crate::scan::Subject;

    #[test]
    fn the_export_layout_is_serde_jsons_pretty_layout() {
        for (_, json) in crate::bundled::sources() {
            let f = Framework::parse(&json).unwrap();
            let subject = Subject {
                student: "Anna \"{[,:]}\" \\ \u{e9}".into(),
                ..Subject::default()
            };
            let ts = |s| Timestamp::parse(s).unwrap();
            let mut scan = Scan::new("id".into(), ts("2024-01-01T00:00:00Z"), &f, None, subject);
            let code = &f.items(None).first().expect("items").code;
            let me = RaterId::primary(RaterRole::Subject);
            scan.rate(&me, code, Some(50), &f, ts("2024-01-01T00:00:01Z"))
                .unwrap();
            scan.comment(&me, code, "goed, \"echt\"", &f, ts("2024-01-01T00:00:02Z"))
                .unwrap();
            let file = export_file(&scan, &f, ts("2024-01-02T00:00:00Z"));
            let compact = serde_json::to_string(&file).unwrap();
            assert_eq!(
                pretty(&compact),
                serde_json::to_string_pretty(&file).unwrap()
            );
        }
    }
}
