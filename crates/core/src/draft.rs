//! The stored form of a scan (a draft) and of the frameworks drafts refer to.
//!
//! Each draft is one localStorage entry: `{"format", "version", "revision", "scan"}`. The
//! `revision` rises with every write, so a tab that holds an older revision knows another tab
//! wrote in between and must not overwrite it. Stored versions only migrate forward; a version
//! newer than this app knows is refused and left where it is.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::anonymous::Pool;
use super::feedback::RequestInfo;
use super::json;
use super::migrate;
use super::plan::Goal;
use super::rater::Rater;
use super::scan;
use super::scan::{field_problems, Change, FrameworkRef, RemovedGoal, Scan, Subject};
use super::stored::{open, read_with, CorruptReason, DecodeError};
use super::time::Timestamp;

pub const DRAFT_FORMAT: &str = "competentiescan-draft";
/// 2: one list of raters, each with its own column (format 1: maps keyed by two raters).
pub const DRAFT_VERSION: u32 = 2;

/// Storage key (after the app's prefix) of a draft, and of a framework copy by content hash.
pub fn draft_key(id: &str) -> String {
    format!("draft.{id}")
}
pub const DRAFT_KEY_PREFIX: &str = "draft.";
/// The draft as it was before its last merge.
pub fn backup_key(id: &str) -> String {
    format!("backup.{id}")
}
pub const BACKUP_KEY_PREFIX: &str = "backup.";
pub fn framework_key(hash: &str) -> String {
    format!("framework.{hash}")
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredDraft {
    pub revision: u64,
    pub scan: Scan,
}

/// The envelope as written (`format`, `version`, `revision`, `scan`; [`envelope`] reads it back):
/// borrows the scan, because encoding runs on every change and a full scan clone is the
/// costliest part of it.
#[derive(Serialize)]
struct EnvelopeRef<'a> {
    format: &'static str,
    version: u32,
    revision: u64,
    scan: ScanRef<'a>,
}

pub fn encode(scan: &Scan, revision: u64) -> String {
    DraftEncoder::default().encode(scan, revision)
}

/// Encodes one draft on every change, reusing the JSON of each rater's column that has not
/// changed since the last time: a change touches one column, and encoding all of them again
/// was most of the time a rating change took with four raters (the rating benchmark).
/// The output is exactly [`encode`]'s.
#[derive(Default)]
pub struct DraftEncoder {
    /// The columns last encoded, each with its JSON.
    columns: Vec<(Rater, Box<RawValue>)>,
}

impl DraftEncoder {
    pub fn encode(&mut self, scan: &Scan, revision: u64) -> String {
        let mut columns = Vec::with_capacity(scan.raters.len());
        for rater in &scan.raters {
            let same = self
                .columns
                .iter()
                .position(|(r, _)| r.id == rater.id && r == rater);
            columns.push(match same {
                Some(i) => self.columns.swap_remove(i),
                None => (
                    rater.clone(),
                    serde_json::value::to_raw_value(rater).expect("a rater serialises"),
                ),
            });
        }
        self.columns = columns;
        serde_json::to_string(&EnvelopeRef {
            format: DRAFT_FORMAT,
            version: DRAFT_VERSION,
            revision,
            scan: ScanRef {
                id: &scan.id,
                created: scan.created,
                updated: scan.updated,
                framework: &scan.framework,
                variant: scan.variant.as_ref(),
                subject: &scan.subject,
                raters: self.columns.iter().map(|(_, json)| &**json).collect(),
                anonymous: &scan.anonymous,
                history: &scan.history,
                plan: &scan.plan,
                removed_goals: &scan.removed_goals,
                request: scan.request.as_ref(),
            },
        })
        .expect("scan serialises")
    }
}

/// [`Scan`] as its derive writes it, with the raters' columns already encoded. Same fields, same
/// order, same skips: `the_encoder_writes_what_the_scan_derive_writes` holds it to that.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScanRef<'a> {
    id: &'a str,
    created: Timestamp,
    updated: Timestamp,
    framework: &'a FrameworkRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<&'a String>,
    subject: &'a Subject,
    raters: Vec<&'a RawValue>,
    #[serde(skip_serializing_if = "<[Pool]>::is_empty")]
    anonymous: &'a [Pool],
    #[serde(skip_serializing_if = "<[Change]>::is_empty")]
    history: &'a [Change],
    #[serde(skip_serializing_if = "<[Goal]>::is_empty")]
    plan: &'a [Goal],
    #[serde(skip_serializing_if = "<[RemovedGoal]>::is_empty")]
    removed_goals: &'a [RemovedGoal],
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<&'a RequestInfo>,
}

pub fn decode(raw: &str) -> Result<StoredDraft, DecodeError> {
    let (value, version) = open(raw, DRAFT_VERSION)?;
    if value.get("format").and_then(|f| f.as_str()) != Some(DRAFT_FORMAT) {
        return Err(DecodeError::Corrupt(CorruptReason::NotADraft));
    }
    let value = migrate(value, version)?;
    // Every field checked as an import checks it: a draft the screens could not show is
    // reported (and left in storage), never opened.
    if let Some(problem) = value
        .get("scan")
        .map(field_problems)
        .and_then(|p| p.into_iter().next())
    {
        return Err(DecodeError::Corrupt(CorruptReason::Invalid(problem)));
    }
    read_with(value, envelope)
}

/// The envelope's fields beyond `format` and `version` (checked above).
fn envelope(v: serde_json::Value) -> json::Read<StoredDraft> {
    let mut o = json::Object::read(v)?;
    Ok(StoredDraft {
        revision: o.field("revision", json::u64)?,
        scan: o.field("scan", scan::read::scan)?,
    })
}

/// Only the revision of a stored draft (of any readable version): what a write checks before it
/// writes, on every change, without building the whole scan.
pub fn revision(raw: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Head {
        format: String,
        revision: u64,
    }
    serde_json::from_str::<Head>(raw)
        .ok()
        .filter(|h| h.format == DRAFT_FORMAT)
        .map(|h| h.revision)
}

/// How much of a stored draft [`revision_of_head`] needs: the envelope's first fields.
pub const HEAD_CHARS: u32 = 100;

/// The revision from the first [`HEAD_CHARS`] characters of a draft as [`encode`] writes it
/// (`{"format":"competentiescan-draft","version":2,"revision":8,"scan":…`), so a write can
/// check it without reading the whole draft out of storage. `None` when the head is in any
/// other form (another writer's field order, an older version): then read it all ([`revision`]).
pub fn revision_of_head(head: &str) -> Option<u64> {
    /// Digits up to the `,` after them; `None` without that comma (a number cut off).
    fn number(s: &str) -> Option<(&str, &str)> {
        let end = s.find(',')?;
        let (n, rest) = s.split_at(end);
        (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some((n, &rest[1..]))
    }
    let rest = head
        .strip_prefix("{\"format\":\"")?
        .strip_prefix(DRAFT_FORMAT)?
        .strip_prefix("\",\"version\":")?;
    let (_, rest) = number(rest)?;
    let (revision, _) = number(rest.strip_prefix("\"revision\":")?)?;
    revision.parse().ok()
}

/// Brings a stored draft of `version` up to [`DRAFT_VERSION`], one step at a time. Every
/// format change adds a step here and a fixture in tests/fixtures.
fn migrate(mut value: serde_json::Value, version: u32) -> Result<serde_json::Value, DecodeError> {
    match version {
        1 => {
            if let Some(scan) = value.get_mut("scan") {
                *scan = migrate::scan_v1(scan.take())
                    .map_err(|p| DecodeError::Corrupt(CorruptReason::Invalid(p)))?;
            }
            Ok(value)
        }
        DRAFT_VERSION => Ok(value),
        v => Err(DecodeError::Corrupt(CorruptReason::UnknownVersion(v))),
    }
}
