//! A real export validates against docs/exchange.schema.json, and its embedded framework against
//! frameworks/schema.json: the documented format is the one the app writes.

mod common;

use common::{date, student, supervisor, ts};

use competentiescan_core::exchange::export;
use competentiescan_core::plan::{Goal, GoalStatus};
use competentiescan_core::scan::{Scan, Subject};
use competentiescan_core::signature::ColumnSignature;
use serde_json::{json, Value};

#[test]
fn an_export_matches_the_documented_schemas() {
    let f = common::framework("quickscan-smd-2014");
    let mut scan = Scan::new(
        "id-1".into(),
        ts("2026-11-22T10:00:00Z"),
        &f,
        None,
        Subject::default(),
    );
    let code = f.items(None)[0].code.clone();
    scan.rate(&student(), &code, Some(60), &f, ts("2026-11-22T10:01:00Z"))
        .unwrap();
    scan.rate(
        &supervisor(),
        &code,
        Some(55),
        &f,
        ts("2026-11-22T10:02:00Z"),
    )
    .unwrap();
    scan.describe_rater(
        &supervisor(),
        &f,
        "Jan de Vries",
        "",
        ts("2026-11-22T10:02:30Z"),
    )
    .unwrap();
    assert!(scan.paraaf(
        &supervisor(),
        &code,
        "JdV",
        date("2026-11-22"),
        ts("2026-11-22T10:03:00Z")
    ));
    scan.comment(
        &student(),
        &code,
        "met \"aanhalingstekens\" en ë",
        &f,
        ts("2026-11-22T10:04:00Z"),
    )
    .unwrap();
    scan.finish(&student(), &f, ts("2026-11-22T10:05:00Z"))
        .unwrap();
    // A signature of the right form (whether it verifies is not the schema's question).
    let signed = scan.raters.iter().position(|r| r.id == student()).unwrap();
    scan.raters[signed].signature =
        Some(ColumnSignature::es256(&[[4].as_slice(), &[1; 64]].concat(), &[2; 64]).unwrap());
    let mut goal = Goal::new("g".into(), vec![code.clone()], ts("2026-11-22T10:05:30Z"));
    goal.smart.measurable = "Drie gesprekken zelfstandig".into();
    goal.deadline = Some(date("2027-03-01"));
    goal.status = GoalStatus::Achieved;
    scan.set_goal(goal, ts("2026-11-22T10:05:40Z"));
    // A cleared row, a reopened column and a removed goal: what a merge needs to know.
    let other = f.items(None)[1].code.clone();
    for (value, at) in [
        (Some(50), "2026-11-22T10:05:41Z"),
        (None, "2026-11-22T10:05:42Z"),
    ] {
        scan.rate(&supervisor(), &other, value, &f, ts(at)).unwrap();
    }
    scan.finish(&supervisor(), &f, ts("2026-11-22T10:05:43Z"))
        .unwrap();
    scan.reopen(&supervisor(), ts("2026-11-22T10:05:44Z"));
    let gone = Goal::new("weg".into(), vec![], ts("2026-11-22T10:05:45Z"));
    scan.set_goal(gone, ts("2026-11-22T10:05:45Z"));
    scan.remove_goal("weg", ts("2026-11-22T10:05:46Z"));

    let file: Value = serde_json::from_str(&export(&scan, &f, ts("2026-11-22T10:06:00Z"))).unwrap();
    let bpv = &file["scan"]["raters"][1];
    assert_eq!(bpv["reopened"], "2026-11-22T10:05:44.000Z");
    assert_eq!(
        bpv["ratings"][&other],
        json!({ "at": "2026-11-22T10:05:42.000Z" })
    );
    assert_eq!(file["scan"]["removedGoals"][0]["id"], "weg");
    let check = |schema: &str, value: &Value| {
        let schema: Value = serde_json::from_str(schema).unwrap();
        let v = jsonschema::draft202012::new(&schema).expect("schema compiles");
        let errors: Vec<String> = v
            .iter_errors(value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    };
    check(include_str!("../../../docs/exchange.schema.json"), &file);
    assert_eq!(file["scan"]["raters"][signed]["signature"]["alg"], "ES256");
    check(
        include_str!("../../../frameworks/schema.json"),
        &file["framework"],
    );
    assert_eq!(
        file["scan"]["history"].as_array().unwrap().len(),
        4,
        "student, then supervisor, then student, then supervisor"
    );
}
