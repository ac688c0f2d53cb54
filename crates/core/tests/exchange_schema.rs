//! A real export validates against docs/exchange.schema.json, and its embedded framework against
//! frameworks/schema.json: the documented format is the one the app writes.

mod common;

use common::{date, ts};

use competentiescan_core::exchange::export;
use competentiescan_core::framework::Rater;
use competentiescan_core::plan::{Goal, GoalStatus};
use competentiescan_core::scan::{FrameworkRef, Scan, Subject};
use serde_json::Value;

#[test]
fn an_export_matches_the_documented_schemas() {
    let f = common::framework("quickscan-smd-2014");
    let fref = FrameworkRef {
        id: f.id.clone(),
        version: f.version.clone(),
        hash: f.content_hash(),
    };
    let mut scan = Scan::new(
        "id-1".into(),
        ts("2026-11-22T10:00:00Z"),
        fref,
        None,
        Subject::default(),
    );
    let code = f.items(None)[0].code.clone();
    scan.rate(Rater::Student, &code, Some(60), ts("2026-11-22T10:01:00Z"));
    scan.rate(
        Rater::Supervisor,
        &code,
        Some(55),
        ts("2026-11-22T10:02:00Z"),
    );
    scan.raters.entry(Rater::Supervisor).or_default().name = "Jan de Vries".into();
    assert!(scan.paraaf(&code, "JdV", date("2026-11-22"), ts("2026-11-22T10:03:00Z")));
    scan.comment(
        Rater::Student,
        &code,
        "met \"aanhalingstekens\" en ë",
        ts("2026-11-22T10:04:00Z"),
    );
    scan.finish(Rater::Student, ts("2026-11-22T10:05:00Z"));
    let mut goal = Goal::new("g".into(), vec![code.clone()], ts("2026-11-22T10:05:30Z"));
    goal.smart.measurable = "Drie gesprekken zelfstandig".into();
    goal.deadline = Some(date("2027-03-01"));
    goal.status = GoalStatus::Achieved;
    scan.set_goal(goal, ts("2026-11-22T10:05:40Z"));

    let file: Value = serde_json::from_str(&export(&scan, &f, ts("2026-11-22T10:06:00Z"))).unwrap();
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
    check(
        include_str!("../../../frameworks/schema.json"),
        &file["framework"],
    );
    assert_eq!(
        file["scan"]["history"].as_array().unwrap().len(),
        3,
        "student, then supervisor, then student"
    );
}
