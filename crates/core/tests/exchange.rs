//! The exchange file (`core::exchange`): export → import round trips, every refusal with its
//! Dutch message, file names, compare and merge (examples); round trip and merge laws
//! (proptest); and a deterministic fuzz run of `import` over generated and mutated files.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use common::fuzz::{mutate, Base, XorShift, KINDS};
use common::render::render_everything;
use common::scans::{empty_scan, realistic_scan, tiny_scan, TINY};
use common::strategies::{
    arb_date, arb_rating, arb_ratings, arb_scan, arb_time, codes, with_ratings,
};
use common::{date, exported_at, framework, student as st, supervisor as sup, ts};
use competentiescan_core::exchange::{
    export, file_name, import, ImportError, Importer, MAX_IMPORT_BYTES,
};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::merge::{
    compare, merge, Additions, Comparison, Conflict, RaterAdditions,
};
use competentiescan_core::plan::{Goal, GoalStatus};
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{Rating, Scan};
use competentiescan_core::time::{Date, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

const SAM: &str = "beroepsprofiel-sam-2020";
const QS: &str = "quickscan-smd-2014";

fn exported_value(scan: &Scan, f: &Framework) -> Value {
    serde_json::from_str(&export(scan, f, exported_at())).expect("an export is JSON")
}

/// The realistic Quick Scan export, edited as JSON.
fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let f = framework(QS);
    let mut v = exported_value(&realistic_scan(&f), &f);
    edit(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

fn rating(value: Option<u32>, comment: &str, at: Timestamp) -> Rating {
    Rating {
        value,
        comment: comment.into(),
        at,
    }
}

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

#[test]
fn a_realistic_quick_scan_survives_export_and_import() {
    let f = framework(QS);
    let s = realistic_scan(&f);
    assert!(!s.history.is_empty() && s.raters.len() == 2);
    assert!(s.raters.iter().all(|r| r.finished.is_some()));
    assert_eq!(s.primary(RaterRole::Supervisor).unwrap().paraafs.len(), 2);
    let text = export(&s, &f, exported_at());
    let imported = import(text.as_bytes()).unwrap_or_else(|e| panic!("{}", e.message(Lang::Nl)));
    assert_eq!(imported.scan, s);
    assert_eq!(*imported.framework, f);
    assert_eq!(imported.framework.content_hash(), f.content_hash());
    assert_eq!(imported.exported_at, Some(exported_at()));
    // The file is self-describing.
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "competentiescan-export");
    assert_eq!(v["formatVersion"], 2);
    assert_eq!(v["app"]["name"], "competentiescan");
    assert_eq!(v["frameworkHash"], f.content_hash().as_str());
}

#[test]
fn a_plan_goal_that_does_not_fit_the_framework_is_refused_by_name() {
    let f = framework(QS);
    let s = realistic_scan(&f);
    let refused = |edit: fn(&mut Value)| {
        let mut v = exported_value(&s, &f);
        edit(&mut v);
        import(serde_json::to_string(&v).unwrap().as_bytes())
            .unwrap_err()
            .message(Lang::Nl)
    };
    assert_eq!(
        refused(|v| v["scan"]["plan"][0]["items"][0] = "9.9-9".into()),
        "De scan in het bestand klopt niet: doel doel-1: onbekend item \"9.9-9\""
    );
    assert!(refused(|v| v["scan"]["plan"][0]["deadline"] = "morgen".into()).contains("geen datum"));
    assert_eq!(
        refused(|v| v["scan"]["plan"][0]["status"] = "klaar".into()),
        "De scan in het bestand klopt niet: veld plan[0].status: \"klaar\" is niet een van: \
         open, inProgress, achieved"
    );
    assert!(refused(|v| {
        let goal = v["scan"]["plan"][0].clone();
        v["scan"]["plan"].as_array_mut().unwrap().push(goal);
    })
    .contains("twee keer"));
}

#[test]
fn merging_keeps_every_goal_and_the_later_version_of_each() {
    let f = framework(QS);
    let base = realistic_scan(&f);
    let (mut here, mut there) = (base.clone(), base.clone());
    let mut changed = here.plan[0].clone();
    changed.status = GoalStatus::Achieved;
    here.set_goal(changed, ts("2026-12-01T10:00:00Z"));
    there.set_goal(
        Goal::new(
            "doel-2".into(),
            vec!["2.1-1".into()],
            ts("2026-11-25T10:00:00Z"),
        ),
        ts("2026-11-25T10:00:00Z"),
    );
    let (merged, _) = merge(&here, &there);
    assert_eq!(
        merged
            .plan
            .iter()
            .map(|g| (g.id.as_str(), g.status))
            .collect::<Vec<_>>(),
        vec![
            ("doel-1", GoalStatus::Achieved),
            ("doel-2", GoalStatus::Open)
        ]
    );
    assert_eq!(merge(&there, &here).0.plan, merged.plan);
}

#[test]
fn a_class_of_files_checks_its_shared_framework_once_with_the_same_results() {
    let f = framework(QS);
    let mut importer = Importer::default();
    let class: Vec<String> = (0..5)
        .map(|n| {
            let mut s = realistic_scan(&f);
            s.id = format!("student-{n}");
            s.subject.student = format!("Student {n}");
            export(&s, &f, exported_at())
        })
        .collect();
    for file in &class {
        assert_eq!(importer.import(file.as_bytes()), import(file.as_bytes()));
        assert!(importer.import(file.as_bytes()).is_ok());
    }
    assert_eq!(
        importer.frameworks_checked(),
        1,
        "one framework text, checked once"
    );

    // With the framework known, every refusal and oddity still gets import's own answer.
    let valid: Value = serde_json::from_str(&class[0]).unwrap();
    let variant = |change: &dyn Fn(&mut Value)| {
        let mut v = valid.clone();
        change(&mut v);
        serde_json::to_string_pretty(&v).unwrap()
    };
    let cases = [
        variant(&|v| v["scan"]["raters"][0]["ratings"]["1.1-1"]["value"] = json!(150)),
        variant(&|v| v["scan"]["raters"][0]["ratings"]["9.9-9"] = json!({ "value": 50 })),
        variant(&|v| v["scan"]["framework"]["hash"] = json!("0000000000000000")),
        variant(&|v| v["frameworkHash"] = json!("0000000000000000")),
        variant(&|v| v["formatVersion"] = json!(3)),
        variant(&|v| v["format"] = json!("iets anders")),
        variant(&|v| v["extra"] = json!(1)),
        variant(&|v| v["exportedAt"] = json!(7)),
        variant(&|v| v["scan"]["plan"][0]["items"][0] = json!("9.9-9")),
        variant(&|v| v["scan"]["plan"][0]["deadline"] = json!("morgen")),
        variant(&|v| {
            v.as_object_mut()
                .unwrap()
                .remove("scan")
                .map(drop)
                .unwrap_or(())
        }),
        variant(&|v| v["app"] = json!([[[[[[[[[[1]]]]]]]]]])),
        // A repeated key: the last one counts, as serde_json reads it.
        class[0].replacen("\"format\":", "\"format\": 1, \"format\":", 1),
        class[0].replacen(
            "\"scan\": {",
            &format!(
                "\"exportedAt\": {}{}, \"scan\": {{",
                "[".repeat(127),
                "]".repeat(127)
            ),
            1,
        ),
        class[0][..class[0].len() - 2].to_string(),
    ];
    for (n, file) in cases.iter().enumerate() {
        assert_eq!(
            importer.import(file.as_bytes()),
            import(file.as_bytes()),
            "case {n}"
        );
    }
    // The re-serialised variants order the framework's keys differently: one more text.
    assert_eq!(importer.frameworks_checked(), 2);
}

#[test]
fn a_utf8_bom_in_front_of_a_valid_file_is_accepted() {
    let f = framework(QS);
    let s = realistic_scan(&f);
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(export(&s, &f, exported_at()).as_bytes());
    assert_eq!(import(&bytes).map(|i| i.scan), Ok(s));
}

#[test]
fn a_file_up_to_the_limit_is_read_and_one_byte_more_is_refused() {
    let f = framework(QS);
    let mut text = export(&realistic_scan(&f), &f, exported_at()).into_bytes();
    text.resize(MAX_IMPORT_BYTES, b' ');
    assert!(
        import(&text).is_ok(),
        "exactly {MAX_IMPORT_BYTES} bytes is allowed"
    );
    text.push(b'\n');
    assert_eq!(
        import(&text),
        Err(ImportError::TooLarge(MAX_IMPORT_BYTES + 1))
    );
}

struct Refusal {
    case: &'static str,
    input: Vec<u8>,
    expected: fn(&ImportError) -> bool,
    /// Words the Dutch message must contain.
    words: &'static [&'static str],
}

#[test]
fn every_refusal_names_the_problem_in_dutch() {
    let f = framework(QS);
    let valid = export(&realistic_scan(&f), &f, exported_at());
    let cases = vec![
        Refusal {
            case: "larger than 5 MB",
            input: vec![b' '; MAX_IMPORT_BYTES + 1],
            expected: |e| *e == ImportError::TooLarge(MAX_IMPORT_BYTES + 1),
            words: &["te groot", "5.0 MB", "maximaal 5 MB"],
        },
        Refusal {
            case: "invalid UTF-8",
            // The first "ï" (C3 AF) turned into FF AF: no longer UTF-8.
            input: valid
                .replacen('ï', "\u{1}\u{2}", 1)
                .bytes()
                .map(|b| match b {
                    1 => 0xff,
                    2 => 0xaf,
                    b => b,
                })
                .collect(),
            expected: |e| *e == ImportError::NotText,
            words: &["geen tekstbestand", "UTF-8"],
        },
        Refusal {
            case: "not JSON",
            input: b"{\n  \"format\": ".to_vec(),
            expected: |e| matches!(e, ImportError::NotJson { line: 2, .. }),
            words: &["geen geldige JSON", "regel 2"],
        },
        Refusal {
            case: "empty file",
            input: Vec::new(),
            expected: |e| matches!(e, ImportError::NotJson { line: 1, .. }),
            words: &["geen geldige JSON", "regel 1"],
        },
        Refusal {
            case: "a JSON array",
            input: b"[1, 2, 3]".to_vec(),
            expected: |e| *e == ImportError::NotOurs,
            words: &["geen Competentiescan-bestand"],
        },
        Refusal {
            case: "a framework file instead of an export",
            input: serde_json::to_vec(&f).unwrap(),
            expected: |e| *e == ImportError::NotOurs,
            words: &["geen Competentiescan-bestand"],
        },
        Refusal {
            case: "another format",
            input: edited(|v| v["format"] = json!("iets-anders")),
            expected: |e| *e == ImportError::NotOurs,
            words: &["geen Competentiescan-bestand"],
        },
        Refusal {
            case: "formatVersion as text",
            input: edited(|v| v["formatVersion"] = json!("1")),
            expected: |e| *e == ImportError::NotOurs,
            words: &["geen Competentiescan-bestand"],
        },
        Refusal {
            case: "a newer formatVersion",
            input: edited(|v| v["formatVersion"] = json!(3)),
            expected: |e| *e == ImportError::Newer(3),
            words: &["nieuwere versie", "formaat 3", "Werk de app bij"],
        },
        Refusal {
            case: "rating 150",
            input: edited(|v| v["scan"]["raters"][0]["ratings"]["1.1-2"]["value"] = json!(150)),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &[
                "De scan in het bestand klopt niet",
                "beoordeling student 1.1-2",
                "150",
                "0–100 %",
            ],
        },
        Refusal {
            case: "rating -5",
            input: edited(|v| v["scan"]["raters"][0]["ratings"]["1.1-2"]["value"] = json!(-5)),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &["beoordeling student 1.1-2", "-5", "0–100 %"],
        },
        Refusal {
            case: "rating \"zestig\"",
            input: edited(|v| {
                v["scan"]["raters"][1]["ratings"]["2.1-1"]["value"] = json!("zestig")
            }),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &[
                "beoordeling supervisor 2.1-1",
                "\"zestig\"",
                "is geen getal",
            ],
        },
        Refusal {
            case: "an item code the framework does not have",
            input: edited(|v| {
                v["scan"]["raters"][0]["ratings"]["9.9-9"] =
                    json!({"value": 50, "at": "2026-11-20T10:00:00Z"})
            }),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &["beoordeling student 9.9-9", "code bestaat niet"],
        },
        Refusal {
            case: "an unknown role",
            input: edited(|v| {
                let docent = json!({"id": "d1", "role": "docent"});
                v["scan"]["raters"].as_array_mut().unwrap().push(docent)
            }),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &["veld raters[2].role", "onbekende rol", "\"docent\""],
        },
        Refusal {
            case: "a role the framework does not allow",
            input: edited(|v| {
                let peer = json!({"id": "c1", "role": "colleague"});
                v["scan"]["raters"].as_array_mut().unwrap().push(peer)
            }),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &[
                "veld raters[2].role",
                "de rol Collega hoort niet bij dit kader",
            ],
        },
        Refusal {
            case: "a rater id twice",
            input: edited(|v| v["scan"]["raters"][1]["id"] = json!("student")),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 2),
            words: &[
                "veld raters[1].id",
                "beoordelaar \"student\" komt vaker voor",
            ],
        },
        Refusal {
            case: "a paraaf by a rater who does not initial",
            input: edited(|v| {
                let paraafs = v["scan"]["raters"][1]["paraafs"].clone();
                v["scan"]["raters"][0]["paraafs"] = paraafs;
            }),
            expected: |e| matches!(e, ImportError::Scan(p) if !p.is_empty()),
            words: &[
                "veld raters[0].paraafs",
                "alleen een BPV-begeleider zet een paraaf",
            ],
        },
        Refusal {
            case: "a paraaf with blank initials",
            input: edited(|v| v["scan"]["raters"][1]["paraafs"]["1.1-1"]["initials"] = json!("  ")),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &["paraaf 1.1-1", "initialen ontbreken"],
        },
        Refusal {
            case: "a paraaf for another value than the supervisor's",
            input: edited(|v| v["scan"]["raters"][1]["paraafs"]["2.1-1"]["value"] = json!(5)),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &[
                "paraaf 2.1-1",
                "hoort niet bij de beoordeling van de BPV-begeleider",
            ],
        },
        Refusal {
            case: "an unknown variant",
            input: edited(|v| v["scan"]["variant"] = json!("hbo")),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &["variant", "\"hbo\" bestaat niet in het kader"],
        },
        Refusal {
            case: "a paraaf without initials",
            input: edited(|v| {
                v["scan"]["raters"][1]["paraafs"]["2.1-1"]
                    .as_object_mut()
                    .unwrap()
                    .remove("initials");
            }),
            expected: |e| matches!(e, ImportError::Scan(p) if p.len() == 1),
            words: &["paraaf 2.1-1", "initialen ontbreken"],
        },
        Refusal {
            case: "a changed framework text with the old frameworkHash",
            input: edited(|v| v["framework"]["title"] = json!("Quick Scan (aangepast)")),
            expected: |e| *e == ImportError::BrokenHash,
            words: &["gewijzigd of beschadigd", "kenmerk"],
        },
        Refusal {
            case: "a scan made with another framework version (scan.framework.hash)",
            input: edited(|v| v["scan"]["framework"]["hash"] = json!("0123456789abcdef")),
            expected: |e| *e == ImportError::BrokenHash,
            words: &["gewijzigd of beschadigd"],
        },
        Refusal {
            case: "an invalid framework (overlapping bands)",
            input: edited(|v| v["framework"]["bands"][1]["upTo"] = json!(50)),
            expected: |e| matches!(e, ImportError::Framework(p) if p.len() == 1),
            words: &[
                "Het kader in het bestand klopt niet",
                "band work-on",
                "bandgrenzen overlappen",
            ],
        },
        Refusal {
            case: "no framework",
            input: edited(|v| {
                v.as_object_mut().unwrap().remove("framework");
            }),
            expected: |e| matches!(e, ImportError::Framework(_)),
            words: &["Het kader in het bestand klopt niet", "ontbreekt"],
        },
        Refusal {
            case: "no scan",
            input: edited(|v| {
                v.as_object_mut().unwrap().remove("scan");
            }),
            expected: |e| matches!(e, ImportError::Scan(_)),
            words: &["De scan in het bestand klopt niet", "ontbreekt"],
        },
    ];
    for Refusal {
        case,
        input,
        expected,
        words,
    } in cases
    {
        let err = match import(&input) {
            Ok(_) => panic!("{case}: accepted"),
            Err(e) => e,
        };
        assert!(expected(&err), "{case}: unexpected {err:?}");
        let message = err.message(Lang::Nl);
        for word in words {
            assert!(
                message.contains(word),
                "{case}: {word:?} missing from {message:?}"
            );
        }
        let english = err.message(Lang::En);
        for text in [&message, &english] {
            assert!(
                !text.contains(['{', '}']),
                "{case}: placeholder left in {text:?}"
            );
        }
        assert_ne!(english, message, "{case}: not translated");
    }
}

#[test]
fn refusals_read_in_english_with_their_place() {
    assert_eq!(
        ImportError::TooLarge(MAX_IMPORT_BYTES + 1).message(Lang::En),
        "The file is too large (5.0 MB; at most 5 MB)."
    );
    let out_of_range = import(&edited(|v| {
        v["scan"]["raters"][0]["ratings"]["1.1-2"]["value"] = json!(150)
    }))
    .unwrap_err();
    assert_eq!(
        out_of_range.message(Lang::Nl),
        "De scan in het bestand klopt niet: beoordeling student 1.1-2: 150 % ligt buiten 0–100 %"
    );
    assert_eq!(
        out_of_range.message(Lang::En),
        "The scan in the file is not valid: rating student 1.1-2: 150 % is outside 0–100 %"
    );
    let overlap = import(&edited(|v| v["framework"]["bands"][1]["upTo"] = json!(50))).unwrap_err();
    assert_eq!(
        overlap.message(Lang::En),
        "The framework in the file is not valid: band work-on: band bounds overlap (bounds must rise)"
    );
    let twice = import(&edited(|v| {
        let goal = v["scan"]["plan"][0].clone();
        v["scan"]["plan"].as_array_mut().unwrap().push(goal);
    }))
    .unwrap_err();
    assert_eq!(
        twice.message(Lang::En),
        "The scan in the file is not valid: goal doel-1 appears twice"
    );
}

#[test]
fn several_problems_in_one_scan_are_all_named() {
    let input = edited(|v| {
        v["scan"]["raters"][0]["ratings"]["1.1-2"]["value"] = json!(150);
        v["scan"]["raters"][1]["ratings"]["2.1-1"]["value"] = json!("zestig");
        v["scan"]["raters"][1]["paraafs"]["1.1-1"]["initials"] = json!("");
    });
    let Err(ImportError::Scan(problems)) = import(&input) else {
        panic!("refused with scan problems")
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn a_decimal_rating_is_not_called_out_of_range() {
    for value in [json!(60.0), json!(55.5)] {
        let input = edited(|v| v["scan"]["raters"][0]["ratings"]["1.1-2"]["value"] = value.clone());
        let message = import(&input).unwrap_err().message(Lang::Nl);
        assert!(message.contains("beoordeling student 1.1-2"), "{message}");
        assert!(!message.contains("ligt buiten"), "{value}: {message}");
    }
}

#[test]
fn deep_nesting_stops_at_the_serde_json_recursion_limit() {
    // serde_json stops at its recursion limit of 128 with an error instead of overflowing the
    // stack: 127 nested arrays still parse (and are not ours), 128 do not.
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(import(nested(127).as_bytes()), Err(ImportError::NotOurs));
    for input in [
        nested(128),
        nested(10_000),
        format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)),
    ] {
        match import(input.as_bytes()) {
            Err(ImportError::NotJson { line: 1, reason }) => {
                assert_eq!(reason, "recursion limit exceeded");
            }
            other => panic!("depth {}: {other:?}", input.len() / 2),
        }
    }
}

#[test]
fn file_names_keep_only_letters_digits_and_dashes() {
    let f = framework(QS);
    let cases = [
        (
            "Aïcha van 't Hof / BPV",
            "2026-11-20",
            "Aicha-van-t-Hof-BPV",
            "2026-11-20",
        ),
        ("", "2026-11-20", "onbekend", "2026-11-20"),
        ("  --  ", "2026-11-20", "onbekend", "2026-11-20"),
        (
            "Zoë Celik-Núñez",
            "2026-11-20",
            "Zoe-Celik-Nunez",
            "2026-11-20",
        ),
        ("Ærøskøbing ß", "2026-11-20", "r-sk-bing", "2026-11-20"),
        ("李小龙", "", "onbekend", "onbekend"),
        ("Bram_de_Wit", "0001-01-01", "Bram-de-Wit", "0001-01-01"),
    ];
    for (student, day, student_part, date_part) in cases {
        let mut s = empty_scan(&f, student);
        s.subject.date = Date::parse(day);
        let name = file_name(&s, &f);
        assert_eq!(
            name,
            format!("competentiescan_{student_part}_quickscan-smd-2014_{date_part}.json"),
            "{student:?}"
        );
        let stem = name.strip_suffix(".json").unwrap();
        let parts: Vec<&str> = stem.split('_').collect();
        assert_eq!(parts.len(), 4, "{name}");
        for part in parts {
            assert!(
                part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{name}"
            );
        }
    }
}

#[test]
fn accented_capitals_keep_their_case_in_file_names() {
    let f = framework(QS);
    let s = empty_scan(&f, "Çelik Ñúñez Émile Öztürk");
    assert_eq!(
        file_name(&s, &f),
        "competentiescan_Celik-Nunez-Emile-Ozturk_quickscan-smd-2014_2026-11-20.json"
    );
}

/// The copy of a scan as it was sent to the supervisor: student work only.
fn sent(f: &Framework) -> Scan {
    let mut s = empty_scan(f, "Sanne Jansen");
    s.rate(&st(), "1.1-1", Some(60), f, ts("2026-11-20T09:00:00Z"))
        .unwrap();
    s.comment(
        &st(),
        "1.1-1",
        "eerste indruk",
        f,
        ts("2026-11-20T09:01:00Z"),
    )
    .unwrap();
    s.rate(&st(), "1.1-2", Some(50), f, ts("2026-11-20T09:05:00Z"))
        .unwrap();
    s.rate(&st(), "1.1-3", Some(70), f, ts("2026-11-20T09:06:00Z"))
        .unwrap();
    s.finish(&st(), f, ts("2026-11-20T09:30:00Z")).unwrap();
    s
}

/// The device (student) and the file (from the supervisor), both grown from [`sent`].
fn here_and_file(f: &Framework) -> (Scan, Scan) {
    let base = sent(f);
    let mut file = import(export(&base, f, exported_at()).as_bytes())
        .unwrap()
        .scan;
    let mut here = base;

    // On the device: the student changes one rating, adds one, removes one; and the supervisor,
    // visiting, rated 1.2-1 and initialled it there.
    here.rate(&st(), "1.1-2", Some(65), f, ts("2026-11-21T08:00:00Z"))
        .unwrap();
    here.rate(&st(), "2.1-1", Some(40), f, ts("2026-11-21T08:01:00Z"))
        .unwrap();
    here.rate(&st(), "1.1-3", None, f, ts("2026-11-21T08:02:00Z"))
        .unwrap();
    here.rate(&sup(), "1.2-1", Some(40), f, ts("2026-11-21T10:00:00Z"))
        .unwrap();
    assert!(here.paraaf(
        &sup(),
        "1.2-1",
        "JdV",
        date("2026-11-21"),
        ts("2026-11-21T10:01:00Z")
    ));
    here.finish(&st(), f, ts("2026-11-21T08:30:00Z")).unwrap();

    // In the file: the supervisor's own work, later.
    file.describe_rater(
        &sup(),
        f,
        "Jan de Vries",
        "Teamleider",
        ts("2026-11-21T13:59:00Z"),
    )
    .unwrap();
    file.rate(&sup(), "1.1-1", Some(70), f, ts("2026-11-21T14:00:00Z"))
        .unwrap();
    file.rate(&sup(), "1.1-2", Some(55), f, ts("2026-11-21T14:01:00Z"))
        .unwrap();
    file.rate(&sup(), "1.2-1", Some(45), f, ts("2026-11-21T15:00:00Z"))
        .unwrap();
    assert!(file.paraaf(
        &sup(),
        "1.1-1",
        "JdV",
        date("2026-11-21"),
        ts("2026-11-21T15:10:00Z")
    ));
    assert!(file.paraaf(
        &sup(),
        "1.1-2",
        "JdV",
        date("2026-11-21"),
        ts("2026-11-21T15:10:00Z")
    ));
    file.finish(&sup(), f, ts("2026-11-21T15:30:00Z")).unwrap();
    (here, file)
}

#[test]
fn compare_says_what_the_file_adds() {
    let f = framework(QS);
    let (here, file) = here_and_file(&f);
    let supervisor_row = here.rater(&sup()).unwrap().ratings["1.2-1"].clone();
    let adds = compare(&here, &file);
    let Comparison::Adds(Additions {
        raters,
        goals,
        details,
        conflicts,
        anonymous,
    }) = adds
    else {
        panic!("the file adds: {adds:?}");
    };
    // The student's column here already holds everything of the file's (and more): only
    // the BPV-begeleider's work is new.
    assert_eq!(
        raters,
        vec![RaterAdditions {
            rater: sup(),
            role: RaterRole::Supervisor,
            new: false,
            rows: 3,    // 1.1-1, 1.1-2 new; 1.2-1: 45 in the file, later than 40 here
            paraafs: 2, // 1.1-1, 1.1-2; 1.2-1's paraaf here vouched for 40 and goes
            finished: true,
            reopened: false,
            signed: false,
            described: true,
        }]
    );
    assert_eq!((goals, details, anonymous), (0, false, vec![]));
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (&conflicts[0].rater, conflicts[0].item.as_str()),
        (&sup(), "1.2-1")
    );
    assert_eq!(conflicts[0].dropped, supervisor_row);

    assert_eq!(compare(&file, &file), Comparison::Same);
    // Once merged, the same file adds nothing: it is older than this device's copy.
    let (merged, _) = merge(&here, &file);
    assert_eq!(compare(&merged, &file), Comparison::NothingNew);
    assert_eq!(compare(&merged, &merged), Comparison::Same);
    // A comment alone is something the file adds.
    let mut commented = merged.clone();
    commented
        .comment(
            &sup(),
            "1.1-1",
            "toelichting",
            &f,
            ts("2026-11-22T09:00:00Z"),
        )
        .unwrap();
    let Comparison::Adds(a) = compare(&merged, &commented) else {
        panic!("a comment adds");
    };
    assert_eq!((a.raters.len(), a.raters[0].rows), (1, 1));
}

#[test]
fn merge_takes_each_raters_work_and_lists_conflicts() {
    let f = framework(QS);
    let (here, file) = here_and_file(&f);
    let (m, conflicts) = merge(&here, &file);
    let bpv = m.primary(RaterRole::Supervisor).unwrap();

    // The student's own ratings stay as on the device, including the later change.
    assert_eq!(m.value(&st(), "1.1-1"), Some(60));
    assert_eq!(m.rating(&st(), "1.1-1").unwrap().comment, "eerste indruk");
    assert_eq!(m.value(&st(), "1.1-2"), Some(65));
    assert_eq!(m.value(&st(), "2.1-1"), Some(40));
    // 1.1-3 was cleared here after the file's copy was made: the later change wins, and the
    // file's older value does not come back.
    assert_eq!(m.value(&st(), "1.1-3"), None);
    // The supervisor's ratings and paraafs come from the file.
    assert_eq!(m.value(&sup(), "1.1-1"), Some(70));
    assert_eq!(m.value(&sup(), "1.1-2"), Some(55));
    assert_eq!(bpv.paraafs["1.1-1"].value, 70);
    assert_eq!(bpv.paraafs["1.1-2"].value, 55);
    assert_eq!(bpv.name, "Jan de Vries");
    assert_eq!(bpv.function, "Teamleider");
    // 1.2-1 was rated on both sides: the later change (the file's 45) wins, the device's
    // paraaf vouched for 40 and is dropped.
    assert_eq!(m.value(&sup(), "1.2-1"), Some(45));
    assert!(!bpv.paraafs.contains_key("1.2-1"));
    assert_eq!(bpv.paraafs.len(), 2);

    let by_item: BTreeMap<(RaterId, &str), &Conflict> = conflicts
        .iter()
        .map(|c| ((c.rater.clone(), c.item.as_str()), c))
        .collect();
    assert_eq!(by_item.len(), conflicts.len(), "each conflict once");
    assert_eq!(
        by_item.keys().cloned().collect::<Vec<_>>(),
        [(st(), "1.1-2"), (st(), "1.1-3"), (sup(), "1.2-1")]
    );
    assert!(conflicts
        .iter()
        .all(|c| c.rater.primary_role() == Some(c.role)));
    let student = by_item[&(st(), "1.1-2")];
    assert_eq!(
        student.kept,
        rating(Some(65), "", ts("2026-11-21T08:00:00Z"))
    );
    assert_eq!(
        student.dropped,
        rating(Some(50), "", ts("2026-11-20T09:05:00Z"))
    );
    // Clearing is a change too: the cleared row replaced the file's older 70.
    let cleared = by_item[&(st(), "1.1-3")];
    assert_eq!(cleared.kept, rating(None, "", ts("2026-11-21T08:02:00Z")));
    assert_eq!(cleared.dropped.value, Some(70));
    let supervisor = by_item[&(sup(), "1.2-1")];
    assert_eq!(
        supervisor.kept,
        rating(Some(45), "", ts("2026-11-21T15:00:00Z"))
    );
    // The paraaf at 10:01 stamped the row: value and paraaf travel together.
    assert_eq!(
        supervisor.dropped,
        rating(Some(40), "", ts("2026-11-21T10:01:00Z"))
    );

    // Finished flags keep the latest time per rater.
    let finished = |s: &Scan, r: RaterId| s.rater(&r).and_then(|r| r.finished);
    assert_eq!(finished(&m, st()), Some(ts("2026-11-21T08:30:00Z")));
    assert_eq!(finished(&m, sup()), Some(ts("2026-11-21T15:30:00Z")));
    assert_eq!(m.updated, here.updated.max(file.updated));

    // History: the union of both, each entry once.
    let union: BTreeSet<String> = here
        .history
        .iter()
        .chain(&file.history)
        .map(|c| format!("{c:?}"))
        .collect();
    let merged: Vec<String> = m.history.iter().map(|c| format!("{c:?}")).collect();
    assert_eq!(merged.len(), union.len(), "no duplicates: {merged:#?}");
    assert_eq!(merged.iter().cloned().collect::<BTreeSet<_>>(), union);
    let shared = &sent(&f).history[0];
    assert_eq!(m.history.iter().filter(|c| *c == shared).count(), 1);

    // The other direction gives the same ratings, paraafs and finished flags.
    let (back, back_conflicts) = merge(&file, &here);
    assert_eq!(back.raters, m.raters);
    assert_eq!(back.history, m.history);
    assert_eq!(back_conflicts.len(), conflicts.len());
}

#[test]
fn merging_a_copy_with_itself_changes_nothing() {
    let f = framework(QS);
    let s = realistic_scan(&f);
    let (m, conflicts) = merge(&s, &s);
    assert_eq!(m, s);
    assert!(conflicts.is_empty());
    assert_eq!(compare(&s, &s), Comparison::Same);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Ratings on a handful of items, from few values, comments and times, so both sides of a
/// merge often rate the same item, sometimes at the same moment.
fn arb_overlapping() -> impl Strategy<Value = BTreeMap<String, Rating>> {
    let few: Vec<String> = ["1.1-1", "1.1-2", "1.1-3", "1.2-1", "2.1-1", "3.5-3"]
        .map(String::from)
        .to_vec();
    let rating = (
        prop::sample::select(vec![None, Some(40), Some(60), Some(100)]),
        prop::sample::select(vec!["", "ok", "zie \"verslag\""]),
        prop::sample::select(vec![
            ts("2026-11-20T09:00:00Z"),
            ts("2026-11-21T09:00:00Z"),
            ts("2026-11-22T09:00:00Z"),
        ]),
    )
        .prop_map(|(value, comment, at)| rating(value, comment, at));
    prop::sample::subsequence(few, 0..=6).prop_flat_map(move |keys| {
        let len = keys.len();
        prop::collection::vec(rating.clone(), len)
            .prop_map(move |rs| keys.iter().cloned().zip(rs).collect::<BTreeMap<_, _>>())
    })
}

fn pairs(s: &Scan) -> BTreeSet<(RaterId, String)> {
    s.raters
        .iter()
        .flat_map(|r| r.ratings.keys().map(move |c| (r.id.clone(), c.clone())))
        .collect()
}

/// A rater's row of an item as stored, a cleared one included.
fn row<'a>(s: &'a Scan, rater: &RaterId, code: &str) -> Option<&'a Rating> {
    s.rater(rater)?.ratings.get(code)
}

fn conflict_set(conflicts: &[Conflict]) -> BTreeSet<(RaterId, String)> {
    conflicts
        .iter()
        .map(|c| (c.rater.clone(), c.item.clone()))
        .collect()
}

proptest! {
    // Failing cases are shown shrunk in the test output; nothing is written next to the tests.
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_scan_survives_export_and_import(s in arb_scan(&framework(QS))) {
        let f = framework(QS);
        let text = export(&s, &f, exported_at());
        let imported = import(text.as_bytes());
        prop_assert!(imported.is_ok(), "{}", imported.unwrap_err().message(Lang::Nl));
        let imported = imported.unwrap();
        prop_assert_eq!(&imported.scan, &s);
        prop_assert_eq!(&*imported.framework, &f);
        // The many-files importer, with this framework already checked, agrees.
        let mut importer = Importer::default();
        importer.import(export(&empty_scan(&f, "Eerder"), &f, exported_at()).as_bytes()).unwrap();
        prop_assert_eq!(importer.import(text.as_bytes()), Ok(imported));
    }

    #[test]
    fn file_names_are_safe_for_any_name(student in r"\PC{0,40}", day in prop::option::of(arb_date())) {
        let f = framework(QS);
        let mut s = empty_scan(&f, &student);
        s.subject.date = day;
        let name = file_name(&s, &f);
        let stem = name.strip_suffix(".json").unwrap();
        let parts: Vec<&str> = stem.split('_').collect();
        prop_assert_eq!(parts.len(), 4, "{}", name);
        prop_assert_eq!(parts[0], "competentiescan");
        for part in &parts[1..] {
            prop_assert!(!part.is_empty() && !part.starts_with('-') && !part.ends_with('-'));
            prop_assert!(!part.contains("--"), "{}", name);
            prop_assert!(part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{}", name);
        }
    }

    #[test]
    fn merging_n_raters_drops_no_rating_and_ignores_the_order(
        a in arb_scan(&framework(SAM)),
        b in arb_scan(&framework(SAM)),
    ) {
        // Two copies of one scan, each with 0–6 raters of any role SAM allows.
        let b = Scan { id: a.id.clone(), variant: a.variant.clone(), ..b };
        let (ab, ab_conflicts) = merge(&a, &b);
        let (ba, ba_conflicts) = merge(&b, &a);
        prop_assert_eq!(&ab.raters, &ba.raters);
        prop_assert_eq!(conflict_set(&ab_conflicts), conflict_set(&ba_conflicts));
        let both = pairs(&a).union(&pairs(&b)).cloned().collect::<BTreeSet<_>>();
        prop_assert_eq!(pairs(&ab), both, "every (rater, item) of either side");
        let ids = |s: &Scan| s.raters.iter().map(|r| r.id.clone()).collect::<BTreeSet<_>>();
        prop_assert_eq!(ids(&ab), ids(&a).union(&ids(&b)).cloned().collect());
        // History is kept sorted by a merge; the raters of a copy merged with itself are as
        // they were.
        let mut ordered = a.clone();
        ordered.order_raters();
        let (aa, _) = merge(&a, &a);
        prop_assert_eq!(&aa.raters, &ordered.raters, "merging with itself");
        prop_assert_eq!(&merge(&aa, &aa).0, &aa, "a merged scan merged with itself");
    }

    #[test]
    fn merging_different_raters_keeps_everything_in_any_order(
        student in arb_ratings(codes(&framework(QS)), arb_rating(&framework(QS))),
        supervisor in arb_ratings(codes(&framework(QS)), arb_rating(&framework(QS))),
        updated in (arb_time(), arb_time()),
    ) {
        let f = framework(QS);
        let mut a = with_ratings(empty_scan(&f, "Sanne"), st(), student.clone());
        a.updated = updated.0;
        let mut b = with_ratings(empty_scan(&f, "Sanne"), sup(), supervisor.clone());
        b.updated = updated.1;
        let (ab, ab_conflicts) = merge(&a, &b);
        let (ba, ba_conflicts) = merge(&b, &a);
        prop_assert_eq!(&ab.raters, &ba.raters);
        prop_assert!(ab_conflicts.is_empty() && ba_conflicts.is_empty());
        for (rater, ratings) in [(st(), &student), (sup(), &supervisor)] {
            for (code, r) in ratings {
                prop_assert_eq!(row(&ab, &rater, code), Some(r));
            }
            let n = ab.rater(&rater).map_or(0, |r| r.ratings.len());
            prop_assert_eq!(n, ratings.len());
        }
    }

    #[test]
    fn merging_is_commutative_on_ratings(
        a_student in arb_overlapping(),
        a_supervisor in arb_overlapping(),
        b_student in arb_overlapping(),
        b_supervisor in arb_overlapping(),
    ) {
        let f = framework(QS);
        let base = empty_scan(&f, "Sanne");
        let a = with_ratings(with_ratings(base.clone(), st(), a_student), sup(), a_supervisor);
        let b = with_ratings(with_ratings(base, st(), b_student), sup(), b_supervisor);
        let (ab, ab_conflicts) = merge(&a, &b);
        let (ba, ba_conflicts) = merge(&b, &a);
        prop_assert_eq!(&ab.raters, &ba.raters);
        let both = pairs(&a).union(&pairs(&b)).cloned().collect::<BTreeSet<_>>();
        prop_assert_eq!(pairs(&ab), both);
        prop_assert_eq!(conflict_set(&ab_conflicts), conflict_set(&ba_conflicts));
        prop_assert_eq!(ab_conflicts.len(), conflict_set(&ab_conflicts).len(), "each conflict once");
        // A conflict is exactly an item both sides rated differently; the merge keeps its
        // later side and lists the other.
        for (rater, code) in pairs(&a).intersection(&pairs(&b)) {
            let (x, y) = (row(&a, rater, code).unwrap(), row(&b, rater, code).unwrap());
            let differs = x.value != y.value || x.comment != y.comment;
            let conflict = ab_conflicts.iter().find(|c| c.rater == *rater && &c.item == code);
            prop_assert_eq!(conflict.is_some(), differs, "{:?} {}", rater, code);
            if x.at != y.at {
                let later = if x.at > y.at { x } else { y };
                prop_assert_eq!(row(&ab, rater, code), Some(later));
            }
            if let Some(c) = conflict {
                prop_assert_eq!(row(&ab, rater, code), Some(&c.kept));
                let mut sides = [&c.kept, &c.dropped];
                sides.sort_by_key(|r| format!("{r:?}"));
                let mut expected = [x, y];
                expected.sort_by_key(|r| format!("{r:?}"));
                prop_assert_eq!(sides, expected);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Robustness: a deterministic fuzz run of `import`
// ---------------------------------------------------------------------------------------------
#[derive(Default)]
struct Tally {
    /// Fed every input after `import`, which it must agree with; it keeps the frameworks it
    /// accepted, so mutated files around an unchanged framework take its short way.
    importer: Importer,
    fed: usize,
    accepted: usize,
    refused: BTreeMap<&'static str, usize>,
    per_kind: BTreeMap<&'static str, (usize, usize)>,
    panics: Vec<String>,
}

impl Tally {
    fn feed(&mut self, kind: &'static str, input: &[u8]) {
        self.fed += 1;
        let entry = self.per_kind.entry(kind).or_default();
        entry.0 += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| import(input)));
        if let Ok(expected) = &outcome {
            let many = catch_unwind(AssertUnwindSafe(|| self.importer.import(input)));
            assert!(
                many.as_ref().is_ok_and(|got| got == expected),
                "{kind}: Importer differs from import: {many:?} vs {expected:?}"
            );
        }
        match outcome {
            Err(_) => {
                let shown = String::from_utf8_lossy(&input[..input.len().min(2000)]).into_owned();
                self.panics.push(format!("{kind}: {shown}"));
            }
            Ok(Ok(imported)) => {
                self.accepted += 1;
                entry.1 += 1;
                // What import accepts can be shown: every screen's computations run on it.
                let shown = catch_unwind(AssertUnwindSafe(|| {
                    render_everything(&imported.scan, &imported.framework, exported_at())
                }));
                if shown.is_err() {
                    let text = String::from_utf8_lossy(&input[..input.len().min(2000)]);
                    self.panics
                        .push(format!("{kind} (accepted, then not shown): {text}"));
                }
                // What was accepted exports and imports again unchanged (checked for a share
                // of the accepted inputs: in a debug build this is the slowest step).
                if self.accepted % 8 != 1 {
                    return;
                }
                // A file without `exportedAt` gets one when it is exported again.
                let when = imported.exported_at.unwrap_or(imported.scan.updated);
                let again = import(export(&imported.scan, &imported.framework, when).as_bytes());
                assert_eq!(
                    again.map(|a| (a.scan, a.framework)).as_ref(),
                    Ok(&(imported.scan, imported.framework)),
                    "{kind}"
                );
            }
            Ok(Err(e)) => {
                for lang in Lang::ALL {
                    assert!(
                        !e.message(lang).trim().is_empty(),
                        "{kind}: empty {lang:?} message for {e:?}"
                    );
                }
                let variant = match e {
                    ImportError::TooLarge(_) => "TooLarge",
                    ImportError::NotText => "NotText",
                    ImportError::NotJson { .. } => "NotJson",
                    ImportError::NotOurs => "NotOurs",
                    ImportError::Newer(_) => "Newer",
                    ImportError::Framework(_) => "Framework",
                    ImportError::BrokenHash => "BrokenHash",
                    ImportError::Scan(_) => "Scan",
                };
                *self.refused.entry(variant).or_default() += 1;
            }
        }
    }

    fn absorb(&mut self, other: Tally) {
        self.fed += other.fed;
        self.accepted += other.accepted;
        for (variant, n) in other.refused {
            *self.refused.entry(variant).or_default() += n;
        }
        for (kind, (fed, accepted)) in other.per_kind {
            let entry = self.per_kind.entry(kind).or_default();
            entry.0 += fed;
            entry.1 += accepted;
        }
        self.panics.extend(other.panics);
    }
}

/// `count` mutated files from one seed: mostly of the tiny framework's export, every
/// `quick_scan_every`th of the Quick Scan's (fifteen times larger, so slower to check).
fn fuzz(seed: u64, count: usize, quick_scan_every: usize) -> Tally {
    let tiny = Framework::parse(TINY).expect("the tiny framework is valid");
    let qs = framework(QS);
    let mut small = Base::new(export(&tiny_scan(&tiny), &tiny, exported_at()));
    let mut large = Base::new(export(&realistic_scan(&qs), &qs, exported_at()));
    let mut tally = Tally::default();
    let mut rng = XorShift(seed);
    for i in 0..count {
        let base = if i % quick_scan_every == 0 {
            &mut large
        } else {
            &mut small
        };
        let kind = rng.below(KINDS.len());
        let input = mutate(&mut rng, base, kind);
        tally.feed(KINDS[kind], &input);
    }
    tally
}

#[test]
fn import_never_panics_on_mutated_files() {
    const MUTATED_PER_WORKER: usize = 50_000;
    const SEEDS: [u64; 2] = [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03];
    let started = Instant::now();
    let tiny = Framework::parse(TINY).expect("the tiny framework is valid");
    let small = export(&tiny_scan(&tiny), &tiny, exported_at()).into_bytes();
    let qs = framework(QS);
    assert!(import(&small).is_ok());

    let mut tally = Tally::default();
    // Fixed inputs, once each.
    let deep_arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let deep_inside = String::from_utf8(small.clone()).unwrap().replacen(
        "\"exportedAt\": \"2026-11-22T16:00:00.000Z\"",
        &format!("\"exportedAt\": {}{}", "[".repeat(200), "]".repeat(200)),
        1,
    );
    let fixed: Vec<(&'static str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b" \n\t ".to_vec()),
        ("BOM only", "\u{feff}".as_bytes().to_vec()),
        ("null", b"null".to_vec()),
        ("5 MB + 1", vec![b'{'; MAX_IMPORT_BYTES + 1]),
        ("deep arrays", deep_arrays.into_bytes()),
        ("deep objects", deep_objects.into_bytes()),
        ("deep inside a valid file", deep_inside.into_bytes()),
        ("lone surrogate escape", br#"{"format":"\ud800"}"#.to_vec()),
        ("valid small", small.clone()),
        (
            "valid Quick Scan",
            export(&realistic_scan(&qs), &qs, exported_at()).into_bytes(),
        ),
    ];
    for (kind, input) in &fixed {
        tally.feed(kind, input);
    }
    assert_eq!(tally.accepted, 2, "only the two valid files");
    // Every way to cut the small file short.
    for end in 0..small.len() {
        tally.feed("every prefix", &small[..end]);
    }
    // The mutated files, on two threads: each its own seed, so the run is deterministic.
    std::thread::scope(|scope| {
        let workers: Vec<_> = SEEDS
            .iter()
            .map(|&seed| scope.spawn(move || fuzz(seed, MUTATED_PER_WORKER, 250)))
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(t) => tally.absorb(t),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
    });

    let refused: usize = tally.refused.values().sum();
    println!(
        "fuzz: {} inputs fed, {} accepted, {} refused, {} panics, in {:.1?}",
        tally.fed,
        tally.accepted,
        refused,
        tally.panics.len(),
        started.elapsed()
    );
    println!("refused as: {:?}", tally.refused);
    for (kind, (fed, accepted)) in &tally.per_kind {
        println!("  {kind:>24}: {fed:>6} fed, {accepted:>6} accepted");
    }
    assert!(tally.fed >= 100_000);
    assert_eq!(tally.accepted + refused, tally.fed);
    assert!(
        tally.panics.is_empty(),
        "import panicked on:\n{}",
        tally.panics.join("\n\n")
    );
}

#[test]
fn a_file_with_odd_fields_is_refused_with_every_place_named() {
    // Each of these was accepted before and then crashed or misled a screen: a time that is no
    // time (sorted as text, sliced by byte), a date that does not exist, a text far beyond any
    // form, an id that breaks the address, a number where a name belongs, an unknown rater.
    let file = edited(|v| {
        let scan = &mut v["scan"];
        scan["created"] = json!("2026-13-01T00:00:00Z");
        scan["subject"]["date"] = json!("2026-02-30");
        scan["subject"]["programme"] = json!(42);
        scan["raters"][0]["ratings"]["1.1-1"]["comment"] = json!("é".repeat(5_001));
        scan["raters"][0]["ratings"]["1.1-2"]["at"] = json!("2026-11-20 09:02");
        scan["id"] = json!("a/b");
        scan["raters"][1]["finished"] = json!("2026-11-20 09:30");
        scan["plan"][0]["deadline"] = json!("31-01-2027");
        v["exportedAt"] = json!("gisteren");
    });
    let e = import(&file).unwrap_err();
    let nl = e.message(Lang::Nl);
    for place in [
        "veld id: leeg, langer dan 100 tekens",
        "veld created: \"2026-13-01T00:00:00Z\" is geen tijdstip",
        "veld subject.programme: geen tekst",
        "veld subject.date: \"2026-02-30\" is geen datum (JJJJ-MM-DD)",
        "veld raters[0].ratings.1.1-1.comment: langer dan 5000 tekens",
        "veld raters[0].ratings.1.1-2.at: \"2026-11-20 09:02\" is geen tijdstip",
        "veld raters[1].finished: \"2026-11-20 09:30\" is geen tijdstip",
        "veld plan[0].deadline: \"31-01-2027\" is geen datum",
    ] {
        assert!(nl.contains(place), "{place} in {nl}");
    }
    let en = e.message(Lang::En);
    assert!(
        en.contains("field subject.date: \"2026-02-30\" is not a date (YYYY-MM-DD)"),
        "{en}"
    );
    // The scan is fine, only `exportedAt` is not a time: named as well.
    let only_time = edited(|v| v["exportedAt"] = json!("gisteren"));
    assert!(import(&only_time)
        .unwrap_err()
        .message(Lang::Nl)
        .contains("veld exportedAt: \"gisteren\" is geen tijdstip"));
}

#[test]
fn the_longest_texts_and_odd_but_valid_times_are_accepted() {
    let file = edited(|v| {
        let scan = &mut v["scan"];
        scan["raters"][0]["ratings"]["1.1-1"]["comment"] = json!("😀".repeat(5_000));
        scan["subject"]["student"] = json!("ë".repeat(200));
        scan["subject"]["date"] = json!("");
        scan["created"] = json!("2026-11-20T09:00:00+01:00");
        scan["updated"] = json!("2026-11-20T09:00:00.5Z");
        v["exportedAt"] = json!("9999-12-31T23:59:59.999999999Z");
    });
    let imported = import(&file).unwrap_or_else(|e| panic!("{}", e.message(Lang::Nl)));
    assert_eq!(imported.scan.subject.date, None);
    assert_eq!(
        imported.scan.created.to_string(),
        "2026-11-20T08:00:00.000Z"
    );
    assert_eq!(
        imported.exported_at,
        Some(ts("9999-12-31T23:59:59.999999999Z"))
    );
    // No exportedAt at all: files from other tools may leave it out.
    let without = edited(|v| {
        v.as_object_mut().unwrap().remove("exportedAt");
    });
    assert_eq!(import(&without).map(|i| i.exported_at), Ok(None));
}
