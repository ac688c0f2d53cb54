//! The stored form of a scan (a draft) and of the frameworks drafts refer to.
//!
//! Each draft is one localStorage entry: `{"format", "version", "revision", "scan"}`. The
//! `revision` rises with every write, so a tab that holds an older revision knows another tab
//! wrote in between and must not overwrite it. Stored versions only migrate forward; a version
//! newer than this app knows is refused and left where it is.

use serde::{Deserialize, Serialize};

use super::migrate;
use super::scan::{field_problems, Scan};
use super::stored::{open, read, CorruptReason, DecodeError};

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

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    revision: u64,
    scan: Scan,
}

/// The envelope as written: borrows the scan, because encoding runs on every change and a
/// full scan clone is the costliest part of it. Same fields, same order as [`Envelope`].
#[derive(Serialize)]
struct EnvelopeRef<'a> {
    format: &'static str,
    version: u32,
    revision: u64,
    scan: &'a Scan,
}

pub fn encode(scan: &Scan, revision: u64) -> String {
    serde_json::to_string(&EnvelopeRef {
        format: DRAFT_FORMAT,
        version: DRAFT_VERSION,
        revision,
        scan,
    })
    .expect("scan serialises")
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
    let envelope: Envelope = read(value)?;
    Ok(StoredDraft {
        revision: envelope.revision,
        scan: envelope.scan,
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
