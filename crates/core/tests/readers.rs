//! The hand-written readers (core::json) against what the types write: every closed set reads
//! the names serde writes, and every bundled framework and a full scan read back equal.

use competentiescan_core::framework::{Framework, Purpose};
use competentiescan_core::plan::GoalStatus;
use competentiescan_core::rater::RaterRole;

#[test]
fn wire_names_are_what_serde_writes() {
    for p in Purpose::ALL {
        assert_eq!(serde_json::to_value(p).unwrap(), p.wire_name());
    }
    for s in GoalStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.wire_name());
    }
    for r in RaterRole::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), r.wire_name());
    }
}

#[test]
fn bundled_frameworks_read_back_equal() {
    for path in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../frameworks")).unwrap()
    {
        let path = path.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "schema.json" || !name.ends_with(".json") {
            continue;
        }
        let f = Framework::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let again = Framework::parse(&f.canonical_json()).unwrap();
        assert_eq!(again, f, "{name}");
        assert_eq!(again.content_hash(), f.content_hash(), "{name}");
    }
}

#[test]
fn framework_errors_name_the_field() {
    let f = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../frameworks/quickscan-smd-2014.json"
    ))
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&f).unwrap();
    v["nodes"][0]["surprise"] = serde_json::json!(1);
    let err = Framework::parse(&v.to_string()).unwrap_err();
    assert!(
        err.text(competentiescan_core::i18n::Lang::En)
            .contains("nodes[0]: unknown field \"surprise\""),
        "{}",
        err.text(competentiescan_core::i18n::Lang::En)
    );
    v["nodes"][0].as_object_mut().unwrap().remove("surprise");
    v["scale"]["max"] = serde_json::json!(-1);
    let err = Framework::parse(&v.to_string()).unwrap_err();
    assert!(
        err.text(competentiescan_core::i18n::Lang::En)
            .contains("scale.max: expected a whole number"),
        "{}",
        err.text(competentiescan_core::i18n::Lang::En)
    );
}
