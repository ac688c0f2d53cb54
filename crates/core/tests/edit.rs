//! Kader bewerken: every edit on its place, stale indices refused without a change, nesting
//! one level, live problems from the framework's own validation, the band preview, versions
//! and ids for saving, the stored unsaved edit, and undo of any sequence of edits.

use competentiescan_core::edit::{
    self, apply, band_preview, decode_pending, encode_pending, new_id, next_version, slug,
    BoundKind, Direction, Edit, Editor, GroupText, ItemText, Origin, Refused, Save, SaveRefused,
    MAX_DEPTH, UNDO_DEPTH,
};
use competentiescan_core::framework::{Framework, Purpose};
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::RaterRole;
use competentiescan_core::stored::DecodeError;
use proptest::prelude::*;

mod common;

fn quick_scan() -> Framework {
    common::bundled_frameworks()
        .into_iter()
        .find_map(|(_, f)| f.ok().filter(|f| f.id == "quickscan-smd-2014"))
        .unwrap()
}

fn texts(editor: &Editor, lang: Lang) -> Vec<String> {
    editor.problems().iter().map(|p| p.text(lang)).collect()
}

fn text_of(group: Vec<usize>, field: GroupText, value: &str) -> Edit {
    Edit::GroupText {
        group,
        field,
        value: value.into(),
    }
}

fn item_text(group: Vec<usize>, item: usize, field: ItemText, value: &str) -> Edit {
    Edit::ItemText {
        group,
        item,
        field,
        value: value.into(),
    }
}

/// A blank framework filled in: two groups (the second inside the first), three items.
fn filled() -> Editor {
    let mut e = Editor::blank(Lang::Nl, 2026);
    for edit in [
        Edit::Title("Zorg & Welzijn".into()),
        Edit::Publisher("ROC Midden".into()),
        text_of(vec![0], GroupText::Title, "Ondersteunen"),
        item_text(vec![0], 0, ItemText::Title, "Luisteren"),
        Edit::AddItem { group: vec![0] },
        item_text(vec![0], 1, ItemText::Title, "Rapporteren"),
        Edit::AddGroup {
            parent: None,
            kind: "Werkproces".into(),
        },
        text_of(vec![1], GroupText::Title, "Samenwerken"),
        Edit::AddItem { group: vec![1] },
        item_text(vec![1], 0, ItemText::Title, "Overleggen"),
        Edit::Nest(vec![1]),
    ] {
        e.apply(edit).unwrap();
    }
    e
}

#[test]
fn a_blank_framework_asks_for_its_texts_in_the_interface_language() {
    let e = Editor::blank(Lang::Nl, 2026);
    assert_eq!(
        texts(&e, Lang::Nl),
        [
            "kader: titel is leeg",
            "kader: bron (uitgever) is leeg",
            "onderdeel 1: titel is leeg",
            "item 1-1: titel is leeg"
        ]
    );
    assert_eq!(texts(&e, Lang::En)[0], "framework: title is empty");
    assert_eq!(e.framework().bands.len(), 3);
    assert_eq!(e.framework().purpose, Purpose::Assessment);
}

#[test]
fn groups_nest_one_level_and_come_back_out() {
    let e = filled();
    let f = e.framework();
    assert!(e.problems().is_empty(), "{:?}", texts(&e, Lang::Nl));
    assert_eq!(f.nodes.len(), 1);
    assert_eq!(f.nodes[0].children[0].title, "Samenwerken");
    assert_eq!(f.nodes[0].children[0].code, "2");
    let codes: Vec<_> = f.items(None).iter().map(|i| i.code.clone()).collect();
    assert_eq!(codes, ["1-1", "1-2", "2-1"]);

    let mut f = f.clone();
    assert_eq!(apply(&mut f, Edit::Nest(vec![0, 0])), Err(Refused::AtEdge));
    // A group that holds a group cannot go into another: that would be a third level.
    apply(
        &mut f,
        Edit::AddGroup {
            parent: None,
            kind: "K".into(),
        },
    )
    .unwrap();
    apply(
        &mut f,
        Edit::MoveGroup {
            group: vec![1],
            direction: Direction::Up,
        },
    )
    .unwrap();
    assert_eq!(f.nodes[1].title, "Ondersteunen");
    assert_eq!(apply(&mut f, Edit::Nest(vec![1])), Err(Refused::TooDeep));
    assert_eq!(
        apply(
            &mut f,
            Edit::AddGroup {
                parent: Some(vec![1, 0]),
                kind: "K".into()
            }
        ),
        Err(Refused::TooDeep)
    );
    apply(&mut f, Edit::Unnest(vec![1, 0])).unwrap();
    let titles: Vec<_> = f.nodes.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["", "Ondersteunen", "Samenwerken"]);
    assert_eq!(apply(&mut f, Edit::Unnest(vec![2])), Err(Refused::AtEdge));
    assert_eq!(MAX_DEPTH, 2);
}

#[test]
fn a_stale_index_is_refused_and_changes_nothing() {
    let original = filled().framework().clone();
    let stale = [
        text_of(vec![5], GroupText::Title, "x"),
        text_of(vec![0, 3], GroupText::Code, "x"),
        text_of(vec![], GroupText::Kind, "x"),
        item_text(vec![0], 9, ItemText::Code, "x"),
        Edit::Indicators {
            group: vec![0, 0, 0],
            item: 0,
            lines: "x".into(),
        },
        Edit::MoveItem {
            group: vec![0],
            item: 7,
            direction: Direction::Down,
        },
        Edit::RemoveItem {
            group: vec![2],
            item: 0,
        },
        Edit::RemoveItem {
            group: vec![0],
            item: 2,
        },
        Edit::AddItem { group: vec![4] },
        Edit::AddGroup {
            parent: Some(vec![3]),
            kind: "K".into(),
        },
        Edit::MoveGroup {
            group: vec![0, 1],
            direction: Direction::Up,
        },
        Edit::Nest(vec![8]),
        Edit::Unnest(vec![0, 4]),
        Edit::Unnest(vec![7, 0]),
        Edit::RemoveGroup(vec![]),
        Edit::RemoveGroup(vec![0, 0, 0]),
        Edit::BandBound {
            band: 3,
            kind: BoundKind::Below,
            value: 1.0,
        },
        Edit::BandFocus {
            band: 3,
            focus: true,
        },
        Edit::RemoveBand(3),
    ];
    for edit in stale {
        let mut f = original.clone();
        assert_eq!(apply(&mut f, edit.clone()), Err(Refused::Stale), "{edit:?}");
        assert_eq!(f, original, "{edit:?}");
    }
    let mut f = original.clone();
    let edge = Edit::MoveItem {
        group: vec![0],
        item: 0,
        direction: Direction::Up,
    };
    assert_eq!(apply(&mut f, edge), Err(Refused::AtEdge));
    assert_eq!(f, original);
}

#[test]
fn a_duplicate_code_is_a_located_problem_until_fixed() {
    let mut e = filled();
    e.apply(item_text(vec![0], 1, ItemText::Code, "1-1"))
        .unwrap();
    assert_eq!(
        texts(&e, Lang::Nl),
        ["item 1-1: code \"1-1\" komt meer dan eens voor"]
    );
    assert_eq!(
        texts(&e, Lang::En),
        ["item 1-1: code \"1-1\" occurs more than once"]
    );
    e.apply(item_text(vec![0], 1, ItemText::Code, "1-9"))
        .unwrap();
    assert!(e.problems().is_empty());
}

#[test]
fn indicators_are_one_a_line_without_blank_lines() {
    let mut e = filled();
    e.apply(Edit::Indicators {
        group: vec![0],
        item: 0,
        lines: "  luistert\r\n\n vat samen \n".into(),
    })
    .unwrap();
    assert_eq!(
        e.framework().nodes[0].items[0].indicators,
        ["luistert", "vat samen"]
    );
}

#[test]
fn the_band_preview_follows_the_bounds_as_results_do() {
    let mut f = quick_scan();
    assert_eq!(
        band_preview(&f),
        [(54, Some(0)), (55, Some(1)), (75, Some(1)), (76, Some(2))]
    );
    apply(
        &mut f,
        Edit::BandBound {
            band: 1,
            kind: BoundKind::Below,
            value: 76.0,
        },
    )
    .unwrap();
    apply(
        &mut f,
        Edit::BandBound {
            band: 0,
            kind: BoundKind::UpTo,
            value: 55.0,
        },
    )
    .unwrap();
    assert_eq!(
        band_preview(&f),
        [(54, Some(0)), (55, Some(0)), (75, Some(1)), (76, Some(2))]
    );
    apply(&mut f, Edit::Purpose(Purpose::Reflection)).unwrap();
    assert_eq!(
        band_preview(&f),
        [(54, None), (55, None), (75, None), (76, None)]
    );
    assert!(f.bands.is_empty());
}

#[test]
fn raters_stay_in_role_order() {
    let mut f = quick_scan();
    apply(
        &mut f,
        Edit::Rates {
            role: RaterRole::Subject,
            rates: false,
        },
    )
    .unwrap();
    assert_eq!(f.raters, [RaterRole::Supervisor]);
    apply(
        &mut f,
        Edit::Rates {
            role: RaterRole::Subject,
            rates: true,
        },
    )
    .unwrap();
    assert_eq!(f.raters, [RaterRole::Subject, RaterRole::Supervisor]);
}

#[test]
fn next_version_raises_the_minor_part_with_a_rule_for_the_rest() {
    for (from, to) in [
        ("1.0.0", "1.1.0"),
        ("2.3.9", "2.4.0"),
        ("1.9.0", "1.10.0"),
        ("2", "2.1.0"),
        ("2.3", "2.4.0"),
        (" 1.0.0 ", "1.1.0"),
        ("", "1.0.0"),
        ("v1.0.0", "1.0.0"),
        ("1.0.0.0", "1.0.0"),
        ("1..0", "1.0.0"),
        ("1.-1.0", "1.0.0"),
        ("1.18446744073709551615.0", "1.0.0"),
        ("1.99999999999999999999.0", "1.0.0"),
        ("één.twee", "1.0.0"),
    ] {
        assert_eq!(next_version(from), to, "{from:?}");
    }
}

#[test]
fn ids_come_from_titles_by_characters_and_are_unique() {
    assert_eq!(slug("Zorg & Welzijn – niveau 4"), "zorg-welzijn-niveau-4");
    assert_eq!(
        slug("Cliënt beïnvloeden (kopie)"),
        "client-beinvloeden-kopie"
    );
    assert_eq!(slug("  ---  "), "kader");
    assert_eq!(slug("ü"), "kader");
    assert_eq!(slug("👩🏽‍⚕️ Zorg"), "zorg");
    let long = "é".repeat(60);
    assert_eq!(slug(&long), "e".repeat(40));
    assert_eq!(slug(&format!("{}-b", "a".repeat(39))), "a".repeat(39));
    assert_eq!(new_id("Zorg", &["zorg", "zorg-2"]), "zorg-3");
    assert_eq!(
        new_id("Nieuw", &[]),
        "nieuw-2",
        "the route's word is never an id"
    );
}

#[test]
fn saving_a_new_framework_or_a_copy_makes_a_new_id() {
    let none = |_: &str| None;
    let Ok(Save::Store {
        framework,
        replaces,
    }) = edit::save(&filled(), &["zorg-welzijn"], none)
    else {
        panic!("a valid framework saves")
    };
    assert_eq!(
        (framework.id.as_str(), framework.version.as_str(), replaces),
        ("zorg-welzijn-2", "1.0.0", None)
    );
    assert_eq!(
        Framework::parse(&framework.canonical_json()),
        Ok(*framework)
    );

    let qs = quick_scan();
    let copy = Editor::copy_of(&qs, Lang::Nl);
    assert_eq!(copy.origin, Origin::Copy { of: qs.id.clone() });
    let Ok(Save::Store { framework, .. }) = edit::save(&copy, &[qs.id.as_str()], none) else {
        panic!("a copy saves")
    };
    assert_eq!(framework.title, format!("{} (kopie)", qs.title));
    assert_ne!(framework.id, qs.id);
    // Cut at 40 characters, never inside a character.
    assert_eq!(framework.id, "quick-scan-sociaal-maatschappelijk-diens");

    let blank = Editor::blank(Lang::En, 2026);
    let Err(SaveRefused::Problems(problems)) = edit::save(&blank, &[], none) else {
        panic!("a framework with problems is not saved")
    };
    assert_eq!(problems.len(), 4);
}

#[test]
fn saving_an_edited_custom_framework_replaces_it_with_the_next_version() {
    let mut stored = filled().framework().clone();
    stored.id = "zorg".into();
    let mut e = Editor::new(Origin::Edit { id: "zorg".into() }, stored.clone());
    let current = |id: &str| (id == "zorg").then_some(&stored);
    assert_eq!(edit::save(&e, &["zorg"], current), Ok(Save::Unchanged));

    e.apply(item_text(vec![0], 0, ItemText::Title, "Aandacht tonen"))
        .unwrap();
    let Ok(Save::Store {
        framework,
        replaces,
    }) = edit::save(&e, &["zorg"], current)
    else {
        panic!("an edited framework saves")
    };
    assert_eq!(
        (framework.id.as_str(), framework.version.as_str()),
        ("zorg", "1.1.0")
    );
    assert_eq!(replaces.as_deref(), Some("zorg"));
    assert_ne!(framework.content_hash(), stored.content_hash());

    assert_eq!(
        edit::save(&e, &[], |_| None),
        Err(SaveRefused::Gone("zorg".into()))
    );
}

#[test]
fn an_unsaved_edit_is_stored_and_resumed() {
    let mut e = Editor::copy_of(&quick_scan(), Lang::Nl);
    e.apply(Edit::Title(String::new())).unwrap();
    let resumed = decode_pending(&encode_pending(&e)).unwrap();
    assert_eq!(resumed.framework(), e.framework());
    assert_eq!(resumed.origin, e.origin);
    assert!(!resumed.can_undo(), "the undo stack is not stored");
    assert_eq!(
        decode_pending(r#"{"version":2}"#),
        Err(DecodeError::Newer(2))
    );
    assert!(matches!(
        decode_pending(r#"{"version":1,"origin":{"kind":"new"}}"#),
        Err(DecodeError::Corrupt(_))
    ));
}

#[test]
fn undo_takes_back_one_change_at_a_time_and_stops_at_its_depth() {
    let mut e = filled();
    let before = e.framework().clone();
    e.apply(text_of(vec![0], GroupText::Title, "Anders"))
        .unwrap();
    // A change that changes nothing is no step to undo.
    e.apply(text_of(vec![0], GroupText::Title, "Anders"))
        .unwrap();
    assert!(e.undo());
    assert_eq!(e.framework(), &before);

    let mut e = filled();
    while e.undo() {}
    for n in 0..UNDO_DEPTH + 5 {
        e.apply(Edit::Title(n.to_string())).unwrap();
    }
    let mut steps = 0;
    while e.undo() {
        steps += 1;
    }
    assert_eq!(steps, UNDO_DEPTH);
    assert_eq!(e.framework().title, "4");
}

fn arb_path() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..3, 0..4)
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let text =
        prop::sample::select(vec!["", "A", "1-1", "Cliënt 👩🏽‍⚕️", " x "]).prop_map(String::from);
    let direction = prop::sample::select(vec![Direction::Up, Direction::Down]);
    let field = prop::sample::select(vec![GroupText::Code, GroupText::Kind, GroupText::Title]);
    let item_field = prop::sample::select(vec![ItemText::Code, ItemText::Title]);
    let role = prop::sample::select(RaterRole::ALL.to_vec());
    prop_oneof![
        text.clone().prop_map(Edit::Title),
        prop::sample::select(vec![Purpose::Assessment, Purpose::Reflection])
            .prop_map(Edit::Purpose),
        (0u32..20, 0u32..120, 0u32..10).prop_map(|(min, max, step)| Edit::Scale { min, max, step }),
        (
            0usize..4,
            prop::sample::select(BoundKind::ALL.to_vec()),
            0.0f64..100.0
        )
            .prop_map(|(band, kind, value)| Edit::BandBound { band, kind, value }),
        Just(Edit::AddBand),
        (0usize..4).prop_map(Edit::RemoveBand),
        (role, any::<bool>()).prop_map(|(role, rates)| Edit::Rates { role, rates }),
        (prop::option::of(arb_path()), text.clone())
            .prop_map(|(parent, kind)| Edit::AddGroup { parent, kind }),
        (arb_path(), field, text.clone()).prop_map(|(group, field, value)| Edit::GroupText {
            group,
            field,
            value
        }),
        (arb_path(), direction.clone())
            .prop_map(|(group, direction)| Edit::MoveGroup { group, direction }),
        arb_path().prop_map(Edit::Nest),
        arb_path().prop_map(Edit::Unnest),
        arb_path().prop_map(Edit::RemoveGroup),
        arb_path().prop_map(|group| Edit::AddItem { group }),
        (arb_path(), 0usize..3, item_field, text.clone()).prop_map(
            |(group, item, field, value)| {
                Edit::ItemText {
                    group,
                    item,
                    field,
                    value,
                }
            }
        ),
        (arb_path(), 0usize..3, text).prop_map(|(group, item, lines)| Edit::Indicators {
            group,
            item,
            lines
        }),
        (arb_path(), 0usize..3, direction).prop_map(|(group, item, direction)| Edit::MoveItem {
            group,
            item,
            direction
        }),
        (arb_path(), 0usize..3).prop_map(|(group, item)| Edit::RemoveItem { group, item }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any sequence of edits (stale ones included) never panics, and undoing every one of them
    /// gives back the framework as it was, exactly.
    #[test]
    fn undoing_every_edit_gives_back_the_original(
        start in prop::sample::select(vec![0usize, 1]),
        edits in prop::collection::vec(arb_edit(), 0..UNDO_DEPTH),
    ) {
        let mut e = match start {
            0 => filled(),
            _ => Editor::copy_of(&quick_scan(), Lang::En),
        };
        while e.undo() {}
        let original = e.framework().clone();
        for edit in edits {
            let _ = e.apply(edit);
            let _ = e.problems();
            let _ = band_preview(e.framework());
        }
        while e.undo() {}
        prop_assert_eq!(e.framework(), &original);
    }
}
