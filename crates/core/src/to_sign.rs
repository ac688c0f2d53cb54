//! "Nog te ondertekenen": the columns this device finished (afronden) and has not signed yet.
//! Signing is asynchronous (the device key lives in IndexedDB, Web Crypto signs), so a page
//! that goes away first (a locked phone, a closed tab) would leave a finished column unsigned
//! for good. The note is stored with the finished draft; the app signs every noted column on
//! its next start, provided the column is still finished, unsigned and exactly what was
//! finished. Device-local bookkeeping: it never travels in a file.
//!
//! A note names the draft (scan id), the rater and the SHA-256 of the column's
//! [`canonical_bytes`] at finishing: a column changed since (reopened, rated again) no longer
//! matches, so it is never signed over content the rater did not finish.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use std::sync::Arc;

use super::framework::Framework;
use super::rater::RaterId;
use super::scan::Scan;
use super::signature::canonical_bytes;
use super::stored::{open, open_or_default, read, DecodeError};

/// The framework a scan was made with, where this device has it (form 2 bytes cover it).
pub type FrameworkOf<'a> = &'a dyn Fn(&Scan) -> Option<Arc<Framework>>;

/// Storage key (after the app's prefix) of the [`ToSign`] document.
pub const TO_SIGN_KEY: &str = "to-sign";
pub const TO_SIGN_VERSION: u32 = 1;

/// One finished column to sign: which draft, which rater, and the content it was finished with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Noted {
    pub scan: String,
    pub rater: RaterId,
    /// SHA-256 of the column's canonical bytes when it was finished, lower-case hex.
    pub content: String,
}

/// What a note asks for, against the drafts as they are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Still finished, unsigned and as finished: sign these bytes.
    Sign(Vec<u8>),
    /// Signed meanwhile: the note is done.
    Signed,
    /// Reopened, changed since, or the draft or column is gone: nothing to sign.
    Stale,
}

/// Every column this device must still sign, in the order they were finished.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToSign(pub Vec<Noted>);

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    columns: Vec<Noted>,
}

/// The content hash a note keeps of a column's canonical bytes.
pub fn content_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ToSign {
    /// Notes `rater`'s column of `scan` as it is now (just finished); replaces an earlier note
    /// of the same column. `false` (nothing noted) when the column is missing or not finished.
    /// `false` too without the scan's framework.
    pub fn note(&mut self, scan: &Scan, framework: &Framework, rater: &RaterId) -> bool {
        let Some(column) = scan.rater(rater).filter(|r| r.finished.is_some()) else {
            return false;
        };
        let content = content_of(&canonical_bytes(scan, framework, column));
        self.remove(&scan.id, rater);
        self.0.push(Noted {
            scan: scan.id.clone(),
            rater: rater.clone(),
            content,
        });
        true
    }

    /// Drops the note of one column; whether there was one.
    pub fn remove(&mut self, scan: &str, rater: &RaterId) -> bool {
        let before = self.0.len();
        self.0.retain(|n| !(n.scan == scan && n.rater == *rater));
        self.0.len() != before
    }

    /// The note of one column, if there is one.
    pub fn get(&self, scan: &str, rater: &RaterId) -> Option<&Noted> {
        self.0.iter().find(|n| n.scan == scan && n.rater == *rater)
    }

    /// What `noted` asks for, against the drafts on this device (a scan whose framework is
    /// not here is stale: nothing can be signed for it).
    pub fn due(noted: &Noted, scans: &[Scan], framework_of: FrameworkOf) -> Due {
        let Some(scan) = scans.iter().find(|s| s.id == noted.scan) else {
            return Due::Stale;
        };
        let Some(column) = scan.rater(&noted.rater) else {
            return Due::Stale;
        };
        if column.finished.is_none() {
            return Due::Stale;
        }
        let Some(framework) = framework_of(scan) else {
            return Due::Stale;
        };
        let bytes = canonical_bytes(scan, &framework, column);
        if content_of(&bytes) != noted.content {
            return Due::Stale;
        }
        if column.signature.is_some() {
            Due::Signed
        } else {
            Due::Sign(bytes)
        }
    }

    /// Whether `rater`'s column of `scan` is noted and still due (finished, unsigned, as
    /// finished): what the scan screen says "will be signed" for.
    pub fn is_due(&self, scan: &Scan, rater: &RaterId, framework_of: FrameworkOf) -> bool {
        self.get(&scan.id, rater).is_some_and(|n| {
            matches!(
                ToSign::due(n, std::slice::from_ref(scan), framework_of),
                Due::Sign(_)
            )
        })
    }

    /// The notes to sign now, with the bytes to sign.
    pub fn to_sign(&self, scans: &[Scan], framework_of: FrameworkOf) -> Vec<(Noted, Vec<u8>)> {
        self.0
            .iter()
            .filter_map(|n| match ToSign::due(n, scans, framework_of) {
                Due::Sign(bytes) => Some((n.clone(), bytes)),
                Due::Signed | Due::Stale => None,
            })
            .collect()
    }

    /// Keeps only the notes still due; whether any was dropped.
    pub fn prune(&mut self, scans: &[Scan], framework_of: FrameworkOf) -> bool {
        let before = self.0.len();
        self.0
            .retain(|n| matches!(ToSign::due(n, scans, framework_of), Due::Sign(_)));
        self.0.len() != before
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(&Stored {
            version: TO_SIGN_VERSION,
            columns: self.0.clone(),
        })
        .expect("notes serialise")
    }

    /// Like every stored document: a newer or unreadable note is an error, and the caller
    /// leaves it alone.
    pub fn decode(raw: &str) -> Result<ToSign, DecodeError> {
        let (value, _) = open(raw, TO_SIGN_VERSION)?;
        Ok(ToSign(read::<Stored>(value)?.columns))
    }

    /// What storage held (`None`: nothing yet): the notes, or none and why the stored
    /// document cannot be read (then it must never be written over).
    pub fn open_stored(raw: Option<&str>) -> (ToSign, Option<DecodeError>) {
        open_or_default(raw, ToSign::decode)
    }
}
