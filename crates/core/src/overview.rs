//! The coach's view of a class: which scans are in it (stored), the CSV download and growth
//! between two scans of one student.

use serde::{Deserialize, Serialize};

use super::framework::Framework;
use super::i18n::{k, text, Lang};
use super::rater::RaterRole;
use super::scan::Scan;
use super::scoring::score;
use super::stored::{open, read, DecodeError};

/// Storage key (after the app's prefix) of the [`ClassList`].
pub const CLASS_KEY: &str = "coach-overview";
/// The list had its envelope from the start: there is no older form to migrate.
pub const CLASS_VERSION: u32 = 1;

/// The scans (draft ids, in import order) the coach's overview shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassList(pub Vec<String>);

#[derive(Serialize, Deserialize)]
struct StoredClass {
    version: u32,
    ids: Vec<String>,
}

impl ClassList {
    pub fn encode(&self) -> String {
        serde_json::to_string(&StoredClass {
            version: CLASS_VERSION,
            ids: self.0.clone(),
        })
        .expect("ids serialise")
    }

    /// A newer or unreadable list is an error; the caller leaves it stored as it is.
    pub fn decode(raw: &str) -> Result<ClassList, DecodeError> {
        let (value, _) = open(raw, CLASS_VERSION)?;
        Ok(ClassList(read::<StoredClass>(value)?.ids))
    }
}

/// The most recent earlier scan of the same student (name compared without case and outer
/// spaces) with the same framework: what growth is measured from. Earlier by scan date, then
/// by creation; a scan without a date counts as earliest.
pub fn earlier_scan<'a>(scan: &Scan, all: &'a [Scan]) -> Option<&'a Scan> {
    let same_student = |s: &Scan| {
        s.subject
            .student
            .trim()
            .eq_ignore_ascii_case(scan.subject.student.trim())
    };
    let when = |s: &Scan| (s.subject.date, s.created);
    all.iter()
        .filter(|s| s.id != scan.id && s.framework.id == scan.framework.id && same_student(s))
        .filter(|s| when(s) < when(scan))
        .max_by_key(|s| when(s))
}

/// One row per student × item, semicolon-separated, UTF-8 with a byte-order mark, so Dutch
/// Excel opens it with the right columns and accents. Numbers use a decimal comma. The column
/// names are in `lang`; the cells are the scans' and frameworks' own texts.
pub fn csv(entries: &[(&Scan, &Framework)], lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    let header = [
        k::overview::COL_STUDENT,
        k::overview::COL_PROGRAMME,
        k::overview::COL_ORGANISATION,
        k::overview::COL_DATE,
        k::overview::COL_FRAMEWORK,
        k::overview::COL_VARIANT,
        k::overview::COL_GROUP,
        k::overview::COL_CODE,
        k::overview::COL_ITEM,
        k::overview::COL_STUDENT_VALUE,
        k::overview::COL_SUPERVISOR_VALUE,
        k::overview::COL_BAND,
        k::overview::COL_PARAAF,
    ]
    .map(|key| text(lang, key));
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for (scan, f) in entries {
        let scores = score(f, scan);
        for s in &scores.items {
            let cells = [
                scan.subject.student.clone(),
                scan.subject.programme.clone(),
                scan.subject.organisation.clone(),
                scan.subject.date.map(|d| d.to_string()).unwrap_or_default(),
                f.display_title().to_string(),
                scan.variant.clone().unwrap_or_default(),
                format!("{} {}", s.group.code, s.group.title),
                s.item.code.clone(),
                s.item.title.clone(),
                s.student.map(|v| v.to_string()).unwrap_or_default(),
                s.supervisor.map(|v| v.to_string()).unwrap_or_default(),
                s.band
                    .and_then(|b| f.bands.get(b))
                    .map(|b| b.label.clone())
                    .unwrap_or_default(),
                scan.primary(RaterRole::Supervisor)
                    .and_then(|r| r.paraafs.get(&s.item.code))
                    .map(|p| p.initials.clone())
                    .unwrap_or_default(),
            ];
            out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(";"));
            out.push_str("\r\n");
        }
    }
    out
}

/// Quotes a cell when it holds a separator, quote or line break (RFC 4180 style), and defuses
/// cells that a spreadsheet would run as a formula.
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The change of one item between an earlier and a later scan (decisive values).
#[derive(Debug, Clone, PartialEq)]
pub struct Growth {
    pub group: String,
    pub code: String,
    pub title: String,
    pub before: Option<u32>,
    pub after: Option<u32>,
}

impl Growth {
    pub fn delta(&self) -> Option<i64> {
        Some(i64::from(self.after?) - i64::from(self.before?))
    }
}

/// Per item of the later scan's framework: its decisive value before and after.
pub fn growth(f: &Framework, earlier: &Scan, later: &Scan) -> Vec<Growth> {
    let before = score(f, earlier);
    let after = score(f, later);
    after
        .items
        .iter()
        .map(|a| {
            let b = before.items.iter().find(|b| b.item.code == a.item.code);
            Growth {
                group: a.group.code.clone(),
                code: a.item.code.clone(),
                title: a.item.title.clone(),
                before: b.and_then(|b| b.decisive.map(|d| d.value)),
                after: a.decisive.map(|d| d.value),
            }
        })
        .collect()
}
