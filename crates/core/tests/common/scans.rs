//! Hand-made scans the tests share: a realistic Quick Scan, a tiny framework and its scan.

use competentiescan_core::framework::Framework;
use competentiescan_core::plan::{Goal, GoalStatus};
use competentiescan_core::scan::{FrameworkRef, Scan, Subject};

use super::{date, student, supervisor, ts};

/// A school's own framework, as small as a valid assessment framework gets: the fuzz run
/// mutates an export made with it, so most inputs are a couple of KB.
pub const TINY: &str = r#"{"format":"competentiescan-framework","formatVersion":1,"id":"mini","version":"1.0.0",
"title":"Mini","language":"nl","purpose":"assessment",
"source":{"publisher":"School","year":2026,"document":"Doc"},
"scale":{"min":0,"max":100,"step":5,"unit":"%"},
"bands":[{"id":"laag","label":"Laag","meaning":"m","advice":"a","focus":true,"below":55},
         {"id":"hoog","label":"Hoog","meaning":"m","advice":"a","focus":false}],
"raters":["student","supervisor"],
"nodes":[{"code":"A","kind":"Onderdeel","title":"Alles",
          "items":[{"code":"A1","title":"Een"},{"code":"A2","title":"Twee"}]}]}"#;

pub fn reference(f: &Framework) -> FrameworkRef {
    FrameworkRef {
        id: f.id.clone(),
        version: f.version.clone(),
        hash: f.content_hash(),
    }
}

pub fn empty_scan(f: &Framework, student: &str) -> Scan {
    let subject = Subject {
        student: student.into(),
        programme: "Sociaal werk".into(),
        organisation: "Buurtteam Oost".into(),
        date: Some(date("2026-11-20")),
    };
    Scan::new(
        "7d3f2a10-5b1c-4e2d-9f00-aa11bb22cc33".into(),
        ts("2026-11-20T08:00:00Z"),
        f,
        None,
        subject,
    )
}

/// A Quick Scan as it is after the student and then the supervisor worked on it.
pub fn realistic_scan(f: &Framework) -> Scan {
    let mut s = empty_scan(f, "Aïcha van 't Hof");
    s.rate(&student(), "1.1-1", Some(60), f, ts("2026-11-20T09:00:00Z"))
        .unwrap();
    s.comment(
        &student(),
        "1.1-1",
        "Lastig bij boze cliënten, ik reageer \"soms\" te snel",
        f,
        ts("2026-11-20T09:01:00Z"),
    )
    .unwrap();
    s.rate(&student(), "1.1-2", Some(45), f, ts("2026-11-20T09:02:00Z"))
        .unwrap();
    s.rate(&student(), "2.1-1", Some(80), f, ts("2026-11-20T09:03:00Z"))
        .unwrap();
    s.comment(
        &student(),
        "3.5-3",
        "Nog niet gedaan",
        f,
        ts("2026-11-20T09:04:00Z"),
    )
    .unwrap();
    s.finish(&student(), f, ts("2026-11-20T09:30:00Z")).unwrap();
    s.describe_rater(
        &supervisor(),
        f,
        "Jan de Vries",
        "Teamleider / werkbegeleider",
        ts("2026-11-21T13:59:00Z"),
    )
    .unwrap();
    s.rate(
        &supervisor(),
        "1.1-1",
        Some(50),
        f,
        ts("2026-11-21T14:00:00Z"),
    )
    .unwrap();
    s.comment(
        &supervisor(),
        "1.1-1",
        "Oefent met de-escalatie; zie verslag 3–4 \\ 'kort'",
        f,
        ts("2026-11-21T14:01:00Z"),
    )
    .unwrap();
    s.rate(
        &supervisor(),
        "1.1-2",
        Some(55),
        f,
        ts("2026-11-21T14:02:00Z"),
    )
    .unwrap();
    s.rate(
        &supervisor(),
        "2.1-1",
        Some(75),
        f,
        ts("2026-11-21T14:03:00Z"),
    )
    .unwrap();
    assert!(s.paraaf(
        &supervisor(),
        "1.1-1",
        "JdV",
        date("2026-11-21"),
        ts("2026-11-21T14:10:00Z")
    ));
    assert!(s.paraaf(
        &supervisor(),
        "2.1-1",
        "JdV",
        date("2026-11-21"),
        ts("2026-11-21T14:10:00Z")
    ));
    s.finish(&supervisor(), f, ts("2026-11-21T14:30:00Z"))
        .unwrap();
    let mut goal = Goal::new(
        "doel-1".into(),
        vec!["1.1-2".into()],
        ts("2026-11-22T10:00:00Z"),
    );
    goal.smart.specific =
        "Ik voer een intakegesprek met een boze cliënt zonder te escaleren".into();
    goal.actions = vec!["Oefenen in intervisie".into(), "Meekijken bij Jan".into()];
    goal.support = "Jan de Vries (BPV)".into();
    goal.deadline = Some(date("2027-01-31"));
    goal.status = GoalStatus::InProgress;
    s.set_goal(goal, ts("2026-11-22T10:05:00Z"));
    s
}

/// A small scan for the fuzz run: every part of a scan, each once.
pub fn tiny_scan(f: &Framework) -> Scan {
    let subject = Subject {
        student: "Sanne".into(),
        date: Some(date("2026-11-20")),
        ..Subject::default()
    };
    let mut s = Scan::new("s1".into(), ts("2026-11-20T08:00:00Z"), f, None, subject);
    s.rate(&student(), "A1", Some(60), f, ts("2026-11-20T09:00:00Z"))
        .unwrap();
    s.comment(&student(), "A1", "é \"ok\"", f, ts("2026-11-20T09:01:00Z"))
        .unwrap();
    s.rate(&supervisor(), "A1", Some(70), f, ts("2026-11-21T14:00:00Z"))
        .unwrap();
    s.rate(&supervisor(), "A2", Some(40), f, ts("2026-11-21T14:01:00Z"))
        .unwrap();
    assert!(s.paraaf(
        &supervisor(),
        "A1",
        "JdV",
        date("2026-11-21"),
        ts("2026-11-21T14:02:00Z")
    ));
    s.finish(&student(), f, ts("2026-11-20T09:30:00Z")).unwrap();
    s
}
