//! The rule of ARCHITECTURE.md for every document the app stores (settings, custom frameworks,
//! drafts, the export log, the coach's class list and trusted keys, the feedback requests made,
//! the unsaved framework edit, the columns to sign): it carries a version, reads back what it
//! wrote, and a newer or unreadable stored value is an error, never an empty value. An error
//! is what makes the UI leave the stored value alone (e2e: tests/e2e/stored.test.mjs).
//!
//! Shown to fail: with the export log's old `decode` (unreadable reads as empty) this test
//! reported "exports: newer version read as a value" and "exports: {kapot read as a value".

use std::collections::BTreeMap;

use competentiescan_core::backup::{ExportLog, EXPORT_LOG_VERSION};
use competentiescan_core::custom;
use competentiescan_core::draft::{self, DRAFT_VERSION};
use competentiescan_core::edit;
use competentiescan_core::feedback::{Asked, AskedLog, Recipients, ASKED_VERSION};
use competentiescan_core::i18n::Lang;
use competentiescan_core::overview::{ClassList, CLASS_VERSION};
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::settings::{Settings, SETTINGS_VERSION};
use competentiescan_core::signature::PublicKey;
use competentiescan_core::stored::DecodeError;
use competentiescan_core::time::Timestamp;
use competentiescan_core::to_sign::{Noted, ToSign, TO_SIGN_VERSION};
use competentiescan_core::trust::{TrustedKeys, TrustedName, TRUST_VERSION};

type Decode = fn(&str) -> Result<(), DecodeError>;

/// Every stored document: its name, what this version writes, its version, its decoder.
fn documents() -> Vec<(&'static str, String, u32, Decode)> {
    let draft = std::fs::read_to_string(format!(
        "{}/tests/fixtures/drafts/v{DRAFT_VERSION}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let log = ExportLog(BTreeMap::from([(
        "d1".to_string(),
        "2026-11-22T10:00:00.000Z".to_string(),
    )]));
    let asked = AskedLog(BTreeMap::from([(
        "d1".to_string(),
        vec![
            Asked {
                to: Recipients::One {
                    rater: RaterId::parse("r-1").unwrap(),
                },
                role: RaterRole::Colleague,
                reason: "waarom".into(),
                named: true,
                created: Timestamp::parse("2026-11-22T10:00:00.000Z").unwrap(),
            },
            Asked {
                to: Recipients::Batch {
                    batch: "b-1".into(),
                    count: 3,
                },
                role: RaterRole::Colleague,
                reason: "waarom".into(),
                named: false,
                created: Timestamp::parse("2026-11-22T10:00:00.000Z").unwrap(),
            },
        ],
    )]));
    let mut point = [7; PublicKey::LEN];
    point[0] = 0x04;
    let trusted = TrustedKeys::default().with(
        PublicKey::from_bytes(&point).unwrap(),
        TrustedName::parse("Joost Bakker").unwrap(),
    );
    vec![
        (
            "settings",
            Settings::default().encode(),
            SETTINGS_VERSION,
            |raw| Settings::decode(raw).map(drop),
        ),
        (
            "custom frameworks",
            custom::encode(&[]),
            custom::CUSTOM_VERSION,
            |raw| custom::decode(raw).map(drop),
        ),
        ("draft", draft, DRAFT_VERSION, |raw| {
            draft::decode(raw).map(drop)
        }),
        ("exports", log.encode(), EXPORT_LOG_VERSION, |raw| {
            ExportLog::decode(raw).map(drop)
        }),
        (
            "coach class list",
            ClassList(vec!["d1".into()]).encode(),
            CLASS_VERSION,
            |raw| ClassList::decode(raw).map(drop),
        ),
        ("trusted keys", trusted.encode(), TRUST_VERSION, |raw| {
            TrustedKeys::decode(raw).map(drop)
        }),
        ("feedback requests", asked.encode(), ASKED_VERSION, |raw| {
            AskedLog::decode(raw).map(drop)
        }),
        (
            "columns to sign",
            ToSign(vec![Noted {
                scan: "d1".into(),
                rater: RaterId::parse("supervisor").unwrap(),
                content: "ab".repeat(32),
            }])
            .encode(),
            TO_SIGN_VERSION,
            |raw| ToSign::decode(raw).map(drop),
        ),
        (
            "unsaved framework edit",
            edit::encode_pending(&edit::Editor::blank(Lang::Nl, 2026)),
            edit::PENDING_VERSION,
            |raw| edit::decode_pending(raw).map(drop),
        ),
    ]
}

#[test]
fn every_stored_document_reads_back_and_refuses_newer_and_corrupt_values() {
    let mut problems = Vec::new();
    for (name, written, version, decode) in documents() {
        if let Err(e) = decode(&written) {
            problems.push(format!("{name}: its own output is refused: {e:?}"));
        }
        let mut value: serde_json::Value = serde_json::from_str(&written).unwrap();
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(version) => {}
            other => problems.push(format!("{name}: written with version {other:?}")),
        }
        value["version"] = (version + 1).into();
        match decode(&value.to_string()) {
            Err(DecodeError::Newer(v)) if v == version + 1 => {}
            Err(e) => problems.push(format!("{name}: newer version gives {e:?}")),
            Ok(()) => problems.push(format!("{name}: newer version read as a value")),
        }
        let truncated: String = written.chars().take(written.chars().count() / 2).collect();
        for raw in ["{kapot", "null", "42", &truncated] {
            match decode(raw) {
                Err(DecodeError::Corrupt(_)) => {}
                Err(e) => problems.push(format!("{name}: {raw} gives {e:?}")),
                Ok(()) => problems.push(format!("{name}: {raw} read as a value")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
