//! The one rater model: frameworks that declare roles (and keep their hash when they do not),
//! format-1 files that open on the primary ids, role checks, and the 360° means.

mod common;

use common::scans::realistic_scan;
use common::{framework, student, t, ts};
use competentiescan_core::draft::{decode, DRAFT_VERSION};
use competentiescan_core::exchange::{export, import};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::merge::{compare, merge, Comparison};
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{Scan, Subject};
use competentiescan_core::scoring::{
    named_values, role_scores, score, self_vs_others, DifferenceKind, Disclosure,
};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The Quick Scan as bundled before frameworks could declare a decisive role.
fn old_quick_scan() -> Framework {
    Framework::parse(&fixture("frameworks/quickscan-smd-2014-v1.json")).unwrap()
}

#[test]
fn a_framework_without_the_new_fields_keeps_its_hash() {
    // The hash format 1 computed for this text; stored drafts find their framework copy by it.
    let old = old_quick_scan();
    assert_eq!(old.content_hash(), "a71329b1dc253de2");
    assert!(!old.canonical_json().contains("decisive"));
    assert!(!old.canonical_json().contains("extraRoles"));
    // Same decision as the new file says explicitly; the new file is another framework.
    let new = framework("quickscan-smd-2014");
    assert_eq!(old.decisive_role(), RaterRole::Supervisor);
    assert_eq!(new.decisive, Some(RaterRole::Supervisor));
    assert_ne!(new.content_hash(), old.content_hash());
}

#[test]
fn a_format_1_export_made_with_the_old_quick_scan_opens_on_the_primary_ids() {
    let imported = import(fixture("exports/v1-quickscan.json").as_bytes())
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::Nl)));
    let old = old_quick_scan();
    assert_eq!(*imported.framework, old);
    assert_eq!(
        as_written_before(&imported.scan),
        as_written_before(&realistic_scan(&old)),
        "every field, migrated"
    );
    // Written again, it is a format-2 file that reads back the same.
    let again = import(export(&imported.scan, &old, t(0)).as_bytes()).unwrap();
    assert_eq!(again.scan, imported.scan);
}

#[test]
fn a_format_2_export_opens_as_written() {
    let v2 = import(fixture("exports/v2-quickscan.json").as_bytes())
        .unwrap_or_else(|e| panic!("{}", e.message(Lang::Nl)));
    let v1 = import(fixture("exports/v1-quickscan.json").as_bytes()).unwrap();
    assert_eq!(v2.scan, v1.scan, "the same scan in both formats");
    assert_eq!(
        as_written_before(&v2.scan),
        as_written_before(&realistic_scan(&old_quick_scan()))
    );
}

/// A scan as the app wrote it before merges needed more times (issue 24) can be compared with
/// one made today: no `described` time, and an initialled row's time was its rating's, not
/// its paraaf's (both set aside here).
fn as_written_before(s: &Scan) -> Scan {
    let mut s = s.clone();
    for r in &mut s.raters {
        r.described = None;
        for code in r.paraafs.keys() {
            r.ratings.get_mut(code).unwrap().at = t(0);
        }
    }
    s
}

#[test]
fn files_and_drafts_of_every_earlier_format_merge_with_todays_scan() {
    let old = old_quick_scan();
    let today = realistic_scan(&old);
    for path in ["exports/v1-quickscan.json", "exports/v2-quickscan.json"] {
        let earlier = import(fixture(path).as_bytes()).unwrap().scan;
        // Today's copy did the same work, its paraafs stamped later: it holds all of the
        // earlier file, whichever side the merge starts from.
        assert_eq!(merge(&earlier, &today).0, today, "{path}");
        assert_eq!(merge(&today, &earlier).0, today, "{path}");
        assert_eq!(compare(&today, &earlier), Comparison::NothingNew, "{path}");
        assert_eq!(merge(&earlier, &earlier).0, earlier, "{path} with itself");
    }
    for version in 1..=DRAFT_VERSION {
        let raw = std::fs::read_to_string(format!(
            "{}/tests/fixtures/drafts/v{version}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let stored = decode(&raw).unwrap().scan;
        let (merged, conflicts) = merge(&stored, &stored);
        assert_eq!(
            (merged, conflicts.len()),
            (stored.clone(), 0),
            "draft v{version}"
        );
        assert_eq!(compare(&stored, &stored), Comparison::Same);
    }
}

#[test]
fn role_declarations_are_checked() {
    let old = fixture("frameworks/quickscan-smd-2014-v1.json");
    let with = |fields: &str| {
        let text = old.replacen("\"raters\": [", &format!("{fields}\n  \"raters\": ["), 1);
        Framework::parse(&text).unwrap_err()
    };
    let e = with(r#""decisive": "teacher", "extraRoles": ["supervisor", "client", "client"],"#);
    let nl: Vec<String> = e.problems.iter().map(|p| p.text(Lang::Nl)).collect();
    assert_eq!(
        nl,
        [
            "kader: de beslissende rol Docent/slb'er staat niet bij de verwachte beoordelaars (raters)",
            "kader: de rol Cliënt staat er twee keer",
            "kader: de rol BPV-begeleider staat zowel bij raters als bij extraRoles",
        ]
    );
    assert_eq!(
        e.problems[2].text(Lang::En),
        "framework: the role Workplace supervisor is listed both in raters and in extraRoles"
    );
}

/// A SAM scan with the person's own ratings, two named colleagues, three anonymous ones and a
/// manager.
fn feedback_scan() -> (Framework, Scan) {
    let f = framework("beroepsprofiel-sam-2020");
    assert!(f.allows(RaterRole::Colleague) && f.allows(RaterRole::Subject));
    let mut s = Scan::new("s".into(), t(0), &f, None, Subject::default());
    let code = f.items(None)[0].code.clone();
    s.rate(&student(), &code, Some(80), &f, t(1)).unwrap();
    for (i, (role, name, value)) in [
        (RaterRole::Colleague, "Fatima", 50),
        (RaterRole::Colleague, "Pieter", 60),
        (RaterRole::Colleague, "", 55),
        (RaterRole::Colleague, "", 45),
        (RaterRole::Colleague, "", 65),
        (RaterRole::Manager, "Ingrid", 70),
    ]
    .into_iter()
    .enumerate()
    {
        let id = RaterId::parse(&format!("peer-{i}")).unwrap();
        s.add_rater(&f, role, id.clone(), name, "", t(2)).unwrap();
        s.rate(&id, &code, Some(value), &f, t(3)).unwrap();
    }
    (f, s)
}

#[test]
fn means_per_role_and_self_against_the_others() {
    let (f, s) = feedback_scan();
    let code = f.items(None)[0].code.clone();
    let scores = score(&f, &s);
    let roles = role_scores(&f, &s, &scores);
    let first = |role: RaterRole| {
        roles
            .iter()
            .find(|r| r.role == role)
            .map(|r| (r.raters, r.disclosure, r.items[0]))
    };
    assert_eq!(
        first(RaterRole::Subject),
        Some((1, Disclosure::Named, Some((1, 80.0))))
    );
    // The colleagues hold anonymous answers: one mean of the five, nobody listed.
    assert_eq!(
        first(RaterRole::Colleague),
        Some((5, Disclosure::Pooled, Some((5, 55.0))))
    );
    assert_eq!(
        first(RaterRole::Manager),
        Some((1, Disclosure::Named, Some((1, 70.0))))
    );
    let gaps = self_vs_others(&f, &s, &scores);
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].kind, DifferenceKind::BlindSpot, "80 ≥ 57.5 + 15");
    assert_eq!((gaps[0].own, gaps[0].count, gaps[0].others), (80, 6, 57.5));
    let named = |role: RaterRole| -> Vec<(String, u32)> {
        let r = roles.iter().find(|r| r.role == role).unwrap();
        named_values(r, &s, &code)
            .into_iter()
            .map(|(r, v)| (r.name.clone(), v))
            .collect()
    };
    assert_eq!(
        named(RaterRole::Colleague),
        [],
        "Fatima and Pieter stay in the mean"
    );
    assert_eq!(named(RaterRole::Manager), [("Ingrid".to_string(), 70)]);
    // A role a framework does not allow is refused with its reason.
    let qs = framework("quickscan-smd-2014");
    let mut q = Scan::new(
        "q".into(),
        ts("2026-11-20T08:00:00Z"),
        &qs,
        None,
        Subject::default(),
    );
    let refused = q
        .add_rater(
            &qs,
            RaterRole::Client,
            RaterId::parse("c").unwrap(),
            "",
            "",
            t(1),
        )
        .unwrap_err();
    assert_eq!(
        refused.text(Lang::En),
        "the role Client is not part of this framework"
    );
}
