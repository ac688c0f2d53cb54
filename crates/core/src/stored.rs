//! What every stored document shares: a `version` field that only migrates forward. A value
//! this app version cannot read is reported as a [`DecodeError`]; the caller leaves it alone.

use serde::de::DeserializeOwned;

use super::i18n::{fill, k, text, Lang};
use super::json::Reader;
use super::problem::Problem;

/// Why a stored value could not be read. The caller must then leave the stored value alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Newer(u32),
    Corrupt(CorruptReason),
}

/// What is wrong with a stored value that is not newer, just unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorruptReason {
    /// serde_json's own description, which exists in English only.
    Json(String),
    NotADraft,
    UnknownVersion(u32),
    /// A field the app could not show (a time that does not parse, a text far too long…).
    Invalid(Problem),
}

impl CorruptReason {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            CorruptReason::Json(reason) => reason.clone(),
            CorruptReason::NotADraft => text(lang, k::stored::NOT_A_DRAFT).into(),
            CorruptReason::UnknownVersion(v) => fill(
                text(lang, k::stored::UNKNOWN_VERSION),
                &[("version", &v.to_string())],
            ),
            CorruptReason::Invalid(problem) => problem.text(lang),
        }
    }
}

fn corrupt(e: serde_json::Error) -> DecodeError {
    DecodeError::Corrupt(CorruptReason::Json(e.to_string()))
}

/// Parses stored JSON and reads its `version`; a version above `current` is refused.
pub fn open(raw: &str, current: u32) -> Result<(serde_json::Value, u32), DecodeError> {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(corrupt)?;
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
    if version > current {
        return Err(DecodeError::Newer(version));
    }
    Ok((value, version))
}

/// A stored value read by hand (see [`super::json`]).
pub fn read_with<T>(value: serde_json::Value, read: Reader<T>) -> Result<T, DecodeError> {
    read(value).map_err(|e| DecodeError::Corrupt(CorruptReason::Invalid(e.problem(None))))
}

pub fn read<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    serde_json::from_value(value).map_err(corrupt)
}

/// What storage held under a document's key (`None`: nothing yet), decoded: the document, or
/// an empty one and why the stored one cannot be read (then it must never be written over).
pub fn open_or_default<T: Default>(
    raw: Option<&str>,
    decode: impl FnOnce(&str) -> Result<T, DecodeError>,
) -> (T, Option<DecodeError>) {
    match raw.map(decode) {
        None => (T::default(), None),
        Some(Ok(document)) => (document, None),
        Some(Err(e)) => (T::default(), Some(e)),
    }
}
