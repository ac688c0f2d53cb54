//! Convergence, the oracle of every exchange: 2–5 devices each apply random user operations
//! (rate, comment, paraaf, finish, reopen, sign, name, plan edits, 360° answers) and exchange
//! files in random order, stale, repeated and reordered ones included. Once every device has
//! opened every other device's last file, all hold the same scan; no rater's last action is
//! lost; a signature sits only on the column it signed; and every merge on the way is
//! commutative, associative and idempotent.
//!
//! Generated histories run through [`run`]; the counter-examples proptest found (shrunk) are
//! kept below as named regression tests, and proptest's own seeds in
//! `convergence.proptest-regressions`. Run against the code before issue 24 (d870fe4, with
//! `exchange::compare` deciding what to merge as its dialog did), the property failed at once:
//! with that compare, a rater named after an export never reached the other device (devices
//! differed); merging every file instead, a column reopened after an export came back finished
//! from the stale file.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{date, student, supervisor, ts};
use competentiescan_core::exchange::{export, Importer};
use competentiescan_core::feedback::{apply, Feedback};
use competentiescan_core::framework::Framework;
use competentiescan_core::merge::{compare, merge, Comparison};
use competentiescan_core::plan::Goal;
use competentiescan_core::rater::{Rater, RaterId, RaterRole};
use competentiescan_core::scan::{Paraaf, Rating, Scan, Subject};
use competentiescan_core::signature::{canonical_bytes, ColumnSignature};
use competentiescan_core::time::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

/// Three items, the two expected raters and colleagues besides (360°).
const FRAMEWORK: &str = r#"{"format":"competentiescan-framework","formatVersion":1,"id":"mini","version":"1.0.0",
"title":"Mini","language":"nl","purpose":"assessment",
"source":{"publisher":"School","year":2026,"document":"Doc"},
"scale":{"min":0,"max":100,"step":5,"unit":"%"},
"bands":[{"id":"laag","label":"Laag","meaning":"m","advice":"a","focus":true,"below":55},
         {"id":"hoog","label":"Hoog","meaning":"m","advice":"a","focus":false}],
"raters":["student","supervisor"],"extraRoles":["colleague"],
"nodes":[{"code":"A","kind":"Onderdeel","title":"Alles",
          "items":[{"code":"A1","title":"Een"},{"code":"A2","title":"Twee"},{"code":"A3","title":"Drie"}]}]}"#;

const ITEMS: [&str; 3] = ["A1", "A2", "A3"];
const VALUES: [u32; 5] = [0, 40, 55, 75, 100];
const TEXTS: [&str; 3] = ["ok", "zie verslag", "cliënt \"boos\""];
const NAMES: [&str; 3] = ["Jan de Vries", "Joost Bakker", "Fatima"];
const RESPONDENTS: [&str; 2] = ["peer-1", "peer-2"];

/// One user action on one device.
#[derive(Debug, Clone)]
enum Op {
    Rate {
        rater: u8,
        item: u8,
        value: Option<u8>,
    },
    Comment {
        rater: u8,
        item: u8,
        text: Option<u8>,
    },
    Paraaf {
        item: u8,
        initials: u8,
    },
    RemoveParaaf {
        item: u8,
    },
    ParaafAll,
    Finish {
        rater: u8,
    },
    Reopen {
        rater: u8,
    },
    /// The device signs a finished, unsigned column (afronden's background step).
    Seal {
        rater: u8,
    },
    Describe {
        rater: u8,
        name: u8,
    },
    /// A new goal, or an edit of one of the device's goals.
    SetGoal {
        goal: Option<u8>,
        text: u8,
    },
    RemoveGoal {
        goal: u8,
    },
    /// A respondent rates (and maybe finishes) and sends the answer to this device at once.
    Answer {
        respondent: u8,
        item: u8,
        value: u8,
        finish: bool,
    },
    /// An answer file that arrived before, opened (again) on this device.
    OldAnswer {
        pick: u16,
    },
    /// The device exports its scan: the file joins the pool.
    Export,
    /// The device opens a file of the pool: often a stale one, sometimes one it opened before.
    Open {
        pick: u16,
    },
}

#[derive(Debug, Clone)]
struct Step {
    device: u8,
    op: Op,
    /// A row edit at the same moment as the step before (ties between devices' clocks).
    same_time: bool,
}

#[derive(Debug, Clone)]
struct History {
    devices: u8,
    steps: Vec<Step>,
    /// The order in which each device opens the others' last files at the end.
    last_order: Vec<u8>,
}

fn arb_op() -> impl Strategy<Value = Op> {
    let rater = 0u8..2;
    let item = 0u8..3;
    prop_oneof![
        6 => (rater.clone(), item.clone(), prop::option::weighted(0.85, 0u8..5))
            .prop_map(|(rater, item, value)| Op::Rate { rater, item, value }),
        2 => (rater.clone(), item.clone(), prop::option::weighted(0.7, 0u8..3))
            .prop_map(|(rater, item, text)| Op::Comment { rater, item, text }),
        2 => (item.clone(), 0u8..2).prop_map(|(item, initials)| Op::Paraaf { item, initials }),
        1 => item.clone().prop_map(|item| Op::RemoveParaaf { item }),
        1 => Just(Op::ParaafAll),
        2 => rater.clone().prop_map(|rater| Op::Finish { rater }),
        1 => rater.clone().prop_map(|rater| Op::Reopen { rater }),
        1 => (0u8..3).prop_map(|rater| Op::Seal { rater }),
        1 => (rater.clone(), 0u8..3).prop_map(|(rater, name)| Op::Describe { rater, name }),
        2 => (prop::option::of(0u8..3), 0u8..3).prop_map(|(goal, text)| Op::SetGoal { goal, text }),
        1 => (0u8..3).prop_map(|goal| Op::RemoveGoal { goal }),
        2 => (0u8..2, item, 0u8..5, any::<bool>())
            .prop_map(|(respondent, item, value, finish)| Op::Answer { respondent, item, value, finish }),
        1 => any::<u16>().prop_map(|pick| Op::OldAnswer { pick }),
        4 => Just(Op::Export),
        4 => any::<u16>().prop_map(|pick| Op::Open { pick }),
    ]
}

fn arb_history() -> impl Strategy<Value = History> {
    (2u8..=5).prop_flat_map(|devices| {
        let step = (0..devices, arb_op(), prop::bool::weighted(0.15)).prop_map(
            |(device, op, same_time)| Step {
                device,
                op,
                same_time,
            },
        );
        (
            prop::collection::vec(step, 1..70),
            Just((0..devices).collect::<Vec<u8>>()).prop_shuffle(),
        )
            .prop_map(move |(steps, last_order)| History {
                devices,
                steps,
                last_order,
            })
    })
}

/// Second `n` of one working day.
fn at(n: u32) -> Timestamp {
    ts(&format!(
        "2026-11-20T{:02}:{:02}:{:02}Z",
        8 + n / 3600,
        n / 60 % 60,
        n % 60
    ))
}

fn framework() -> Arc<Framework> {
    static F: std::sync::OnceLock<Arc<Framework>> = std::sync::OnceLock::new();
    F.get_or_init(|| Arc::new(Framework::parse(FRAMEWORK).unwrap()))
        .clone()
}

fn rater_id(i: u8) -> RaterId {
    match i {
        0 => student(),
        1 => supervisor(),
        _ => RaterId::parse(RESPONDENTS[0]).unwrap(),
    }
}

/// What a device holds of one row: its rating (a cleared one included) and paraaf.
type Row = (Option<Rating>, Option<Paraaf>);

fn row(s: &Scan, rater: &RaterId, item: &str) -> Row {
    let r = s.rater(rater);
    (
        r.and_then(|r| r.ratings.get(item).cloned()),
        r.and_then(|r| r.paraafs.get(item).cloned()),
    )
}

/// The last actions, as the devices that took them saw them right after.
#[derive(Default)]
struct Last {
    /// Per (rater, item): the time of the last row edit and every result at that time.
    rows: BTreeMap<(RaterId, &'static str), (Timestamp, Vec<Row>)>,
    /// Per rater: finished (`Some`) or reopened (`None`) last, and when.
    finished: BTreeMap<RaterId, (Timestamp, Option<Timestamp>)>,
    names: BTreeMap<RaterId, (Timestamp, String)>,
    /// Per goal id: the goal as last set, or `None` when removed last.
    goals: BTreeMap<String, (Timestamp, Option<Goal>)>,
    /// What each signature made was made over.
    signed: Vec<(ColumnSignature, Vec<u8>)>,
}

impl Last {
    fn row(&mut self, rater: &RaterId, item: &'static str, now: Timestamp, after: Row) {
        let entry = self
            .rows
            .entry((rater.clone(), item))
            .or_insert((now, Vec::new()));
        if now > entry.0 {
            *entry = (now, Vec::new());
        }
        if now == entry.0 {
            entry.1.push(after);
        }
    }
}

/// Runs one history and checks every property; the error says which failed.
fn run(h: &History) -> Result<usize, String> {
    let f = framework();
    let mut devices: Vec<Option<Scan>> = vec![None; usize::from(h.devices)];
    devices[0] = Some(Scan::new(
        "scan-1".into(),
        at(0),
        &f,
        None,
        Subject {
            student: "Lotte Jansen".into(),
            date: Some(date("2026-11-20")),
            ..Subject::default()
        },
    ));
    let mut importer = Importer::default();
    let mut files: Vec<Scan> = Vec::new();
    let mut last_file: Vec<Option<Scan>> = vec![None; devices.len()];
    let mut answers: Vec<Feedback> = Vec::new();
    // Named respondents: anonymous answers are only totals, merged by their own law
    // (`tests/anonymity.rs`).
    let mut respondents: Vec<Rater> = RESPONDENTS
        .iter()
        .map(|id| {
            let mut r = Rater::new(RaterId::parse(id).unwrap(), RaterRole::Colleague);
            r.name = format!("Collega {id}");
            r
        })
        .collect();
    let mut last = Last::default();
    let mut clock = 0u32;
    let mut goals_made = 0;
    let mut merges = 0;

    // Opening a file: merge when it adds, as the import dialog does; checks the laws.
    let mut open =
        |here: &mut Option<Scan>, file: &Scan, third: Option<&Scan>| -> Result<(), String> {
            merges += 1;
            let Some(h) = here else {
                *here = Some(file.clone());
                return Ok(());
            };
            let (m, _) = merge(h, file);
            let (m2, _) = merge(file, h);
            if m != m2 {
                return Err(format!("not commutative:\n{m:?}\n{m2:?}"));
            }
            if merge(&m, file).0 != m || merge(&m, h).0 != m || merge(&m, &m).0 != m {
                return Err("not idempotent".into());
            }
            if let Some(c) = third {
                let left = merge(&m, c).0;
                let right = merge(h, &merge(file, c).0).0;
                if left != right {
                    return Err(format!("not associative:\n{left:?}\n{right:?}"));
                }
            }
            let adds = compare(h, file);
            match (&adds, m == *h) {
                (Comparison::Same | Comparison::NothingNew, true)
                | (Comparison::Adds(_), false) => {}
                _ => {
                    return Err(format!(
                        "compare says {adds:?} but merging changes: {}",
                        m != *h
                    ))
                }
            }
            *h = m;
            Ok(())
        };

    for step in &h.steps {
        let row_op = matches!(
            step.op,
            Op::Rate { .. } | Op::Comment { .. } | Op::Paraaf { .. } | Op::RemoveParaaf { .. }
        );
        if !(row_op && step.same_time) || clock == 0 {
            clock += 1;
        }
        let now = at(clock);
        let d = usize::from(step.device);
        match &step.op {
            Op::Export => {
                if let Some(s) = &devices[d] {
                    let text = export(s, &f, now);
                    let read = importer
                        .import(text.as_bytes())
                        .map_err(|e| format!("{e:?}"))?;
                    if read.scan != *s {
                        return Err("a file does not read back as written".into());
                    }
                    files.push(read.scan.clone());
                    last_file[d] = Some(read.scan);
                }
                continue;
            }
            Op::Open { pick } => {
                if files.is_empty() {
                    continue;
                }
                // Stale files are likelier: a pick from the first half half the time.
                let n = usize::from(*pick);
                let i = if n % 2 == 0 {
                    n / 2 % files.len().div_ceil(2)
                } else {
                    n % files.len()
                };
                let third = devices
                    .iter()
                    .flatten()
                    .nth(n % h.devices as usize)
                    .cloned();
                open(&mut devices[d], &files[i], third.as_ref())?;
                continue;
            }
            Op::OldAnswer { pick } => {
                if let (Some(s), false) = (&mut devices[d], answers.is_empty()) {
                    let fb = &answers[usize::from(*pick) % answers.len()];
                    *s = apply(s, &f, fb).map_err(|p| format!("{p:?}"))?.0;
                }
                continue;
            }
            _ => {}
        }
        let Some(s) = devices[d].as_mut() else {
            continue;
        };
        match &step.op {
            Op::Rate { rater, item, value } => {
                let (r, item) = (rater_id(*rater), ITEMS[usize::from(*item)]);
                let before = row(s, &r, item);
                s.rate(&r, item, value.map(|v| VALUES[usize::from(v)]), &f, now)
                    .map_err(|p| format!("{p:?}"))?;
                let after = row(s, &r, item);
                if after != before {
                    last.row(&r, item, now, after);
                }
            }
            Op::Comment { rater, item, text } => {
                let (r, item) = (rater_id(*rater), ITEMS[usize::from(*item)]);
                let before = row(s, &r, item);
                let text = text.map_or("", |t| TEXTS[usize::from(t)]);
                s.comment(&r, item, text, &f, now)
                    .map_err(|p| format!("{p:?}"))?;
                let after = row(s, &r, item);
                if after != before {
                    last.row(&r, item, now, after);
                }
            }
            Op::Paraaf { item, initials } => {
                let item = ITEMS[usize::from(*item)];
                let initials = ["JdV", "JB"][usize::from(*initials)];
                let before = row(s, &supervisor(), item);
                s.paraaf(&supervisor(), item, initials, date("2026-11-20"), now);
                let after = row(s, &supervisor(), item);
                if after != before {
                    last.row(&supervisor(), item, now, after);
                }
            }
            Op::RemoveParaaf { item } => {
                let item = ITEMS[usize::from(*item)];
                let before = row(s, &supervisor(), item);
                s.remove_paraaf(&supervisor(), item, now);
                let after = row(s, &supervisor(), item);
                if after != before {
                    last.row(&supervisor(), item, now, after);
                }
            }
            Op::ParaafAll => {
                let before: Vec<Row> = ITEMS.iter().map(|i| row(s, &supervisor(), i)).collect();
                s.paraaf_all(&supervisor(), &f, "JdV", date("2026-11-20"), now);
                for (i, item) in ITEMS.iter().enumerate() {
                    let after = row(s, &supervisor(), item);
                    if after != before[i] {
                        last.row(&supervisor(), item, now, after);
                    }
                }
            }
            Op::Finish { rater } => {
                let r = rater_id(*rater);
                s.finish(&r, &f, now).map_err(|p| format!("{p:?}"))?;
                last.finished.insert(r, (now, Some(now)));
            }
            Op::Reopen { rater } => {
                let r = rater_id(*rater);
                if s.rater(&r).is_some_and(|c| c.finished.is_some()) {
                    s.reopen(&r, now);
                    last.finished.insert(r, (now, None));
                }
            }
            Op::Seal { rater } => {
                let r = rater_id(*rater);
                let Some(column) = s.rater(&r) else { continue };
                if column.finished.is_some() && column.signature.is_none() {
                    let bytes = canonical_bytes(s, &f, column);
                    // Every signing makes another value, as ECDSA does.
                    let mut value = [0u8; 64];
                    value[..8].copy_from_slice(&(last.signed.len() as u64 + 1).to_be_bytes());
                    let key = [[4u8].as_slice(), &[step.device + 1; 64]].concat();
                    let signature = ColumnSignature::es256(&key, &value).unwrap();
                    if s.seal_column(&r, &f, signature.clone(), &bytes) {
                        last.signed.push((signature, bytes));
                    }
                }
            }
            Op::Describe { rater, name } => {
                let r = rater_id(*rater);
                let name = NAMES[usize::from(*name)];
                if s.rater(&r).is_none_or(|c| c.name != name) {
                    s.describe_rater(&r, &f, name, "", now)
                        .map_err(|p| format!("{p:?}"))?;
                    last.names.insert(r, (now, name.to_string()));
                }
            }
            Op::SetGoal { goal, text } => {
                let mut g = match goal.and_then(|i| s.plan.get(usize::from(i))) {
                    Some(g) => g.clone(),
                    None => {
                        goals_made += 1;
                        Goal::new(format!("g{goals_made}"), vec![], now)
                    }
                };
                g.smart.specific = TEXTS[usize::from(*text)].into();
                s.set_goal(g.clone(), now);
                g.updated = now;
                last.goals.insert(g.id.clone(), (now, Some(g)));
            }
            Op::RemoveGoal { goal } => {
                if let Some(g) = s.plan.get(usize::from(*goal)).cloned() {
                    s.remove_goal(&g.id, now);
                    last.goals.insert(g.id, (now, None));
                }
            }
            Op::Answer {
                respondent,
                item,
                value,
                finish,
            } => {
                let column = &mut respondents[usize::from(*respondent)];
                let item = ITEMS[usize::from(*item)];
                column.finished = None;
                column.ratings.insert(
                    item.into(),
                    Rating {
                        value: Some(VALUES[usize::from(*value)]),
                        comment: String::new(),
                        at: now,
                    },
                );
                if *finish {
                    column.finished = Some(now);
                }
                let fb = Feedback {
                    scan_id: s.id.clone(),
                    framework_hash: s.framework.hash.clone(),
                    variant: None,
                    sent: now,
                    rater: column.clone(),
                };
                *s = apply(s, &f, &fb).map_err(|p| format!("{p:?}"))?.0;
                let id = column.id.clone();
                last.row(&id, item, now, row(s, &id, item));
                answers.push(fb);
            }
            Op::Export | Op::Open { .. } | Op::OldAnswer { .. } => unreachable!("handled above"),
        }
    }

    // Every device exports once more, then opens every other device's last file.
    for (d, s) in devices.iter().enumerate() {
        if let Some(s) = s {
            last_file[d] = Some(s.clone());
        }
    }
    for &d in &h.last_order {
        for (other, file) in last_file.iter().enumerate() {
            if other != usize::from(d) {
                if let Some(file) = file {
                    open(&mut devices[usize::from(d)], file, None)?;
                }
            }
        }
    }
    let end = devices[0].clone().ok_or("device 0 made the scan")?;
    for (d, s) in devices.iter().enumerate() {
        if s.as_ref() != Some(&end) {
            return Err(format!("device {d} differs:\n{s:?}\n{end:?}"));
        }
    }

    // No rater's last action is lost.
    for ((rater, item), (when, rows)) in &last.rows {
        let now = row(&end, rater, item);
        if !rows.contains(&now) {
            return Err(format!(
                "{rater} {item}: last edit at {when} was {rows:?}, ends as {now:?}"
            ));
        }
    }
    for (rater, (when, finished)) in &last.finished {
        let now = end.rater(rater).and_then(|r| r.finished);
        if now != *finished {
            return Err(format!(
                "{rater}: finished {finished:?} at {when}, ends as {now:?}"
            ));
        }
    }
    for (rater, (when, name)) in &last.names {
        let now = end.rater(rater).map(|r| r.name.as_str());
        if now != Some(name) {
            return Err(format!("{rater}: named {name} at {when}, ends as {now:?}"));
        }
    }
    for (id, (when, goal)) in &last.goals {
        let now = end.plan.iter().find(|g| &g.id == id);
        if now != goal.as_ref() {
            return Err(format!("goal {id}: {goal:?} at {when}, ends as {now:?}"));
        }
    }
    // A signature sits only on the column it was made over.
    for column in &end.raters {
        if let Some(signature) = &column.signature {
            let made = last.signed.iter().find(|(s, _)| s == signature);
            if made.map(|(_, bytes)| bytes) != Some(&canonical_bytes(&end, &framework(), column)) {
                return Err(format!("{}: a signature over other content", column.id));
            }
        }
    }
    Ok(merges)
}

/// The property over 10,000 generated histories; prints how many ran and the longest.
#[test]
fn every_device_ends_with_the_same_scan_and_no_last_action_is_lost() {
    let config = Config {
        cases: 10_000,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let histories = AtomicUsize::new(0);
    let longest = AtomicUsize::new(0);
    let merges = AtomicUsize::new(0);
    let mut runner = TestRunner::new(config);
    let outcome = runner.run(&arb_history(), |h| {
        let n = run(&h).map_err(TestCaseError::fail)?;
        histories.fetch_add(1, Ordering::Relaxed);
        longest.fetch_max(h.steps.len(), Ordering::Relaxed);
        merges.fetch_add(n, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
    let histories = histories.load(Ordering::Relaxed);
    println!(
        "convergence: {histories} histories, the longest {} steps, {} files opened",
        longest.load(Ordering::Relaxed),
        merges.load(Ordering::Relaxed)
    );
    assert!(histories >= 10_000);
}

fn step(device: u8, op: Op) -> Step {
    Step {
        device,
        op,
        same_time: false,
    }
}

fn replay(devices: u8, steps: Vec<Step>) {
    let h = History {
        devices,
        steps,
        last_order: (0..devices).collect(),
    };
    if let Err(e) = run(&h) {
        panic!("{e}\n{h:?}");
    }
}

/// Found against the compare before issue 24 (values and comments only): a rater named after
/// the export was "zonder verschillen", so the other device never took it in. The same hid
/// paraafs, a finish and a signature (the four-device story).
#[test]
fn regression_a_change_besides_values_is_taken_in() {
    replay(
        2,
        vec![
            step(0, Op::Export),
            step(1, Op::Open { pick: 0 }),
            step(0, Op::Describe { rater: 0, name: 0 }),
        ],
    );
}

/// Found while building the merge: two raters starting at one moment were listed in the order
/// they happened on the device, and in another order after a merge.
#[test]
fn regression_two_raters_starting_at_one_moment() {
    let mut second = step(
        0,
        Op::Rate {
            rater: 0,
            item: 0,
            value: Some(0),
        },
    );
    second.same_time = true;
    replay(
        2,
        vec![
            step(
                0,
                Op::Rate {
                    rater: 1,
                    item: 0,
                    value: Some(0),
                },
            ),
            second,
            step(0, Op::Export),
            step(0, Op::Open { pick: 0 }),
        ],
    );
}

/// Found against the merge before issue 24 (the later finish always won): a column reopened
/// after an export came back finished when the stale export was opened again.
#[test]
fn regression_a_reopened_column_stays_open() {
    replay(
        2,
        vec![
            step(0, Op::Finish { rater: 1 }),
            step(0, Op::Export),
            step(0, Op::Reopen { rater: 1 }),
            step(0, Op::Open { pick: 0 }),
        ],
    );
}

/// Found by a fresh-clone CI run after the merge was built: two raters starting at one moment,
/// then the first rater again; the history, kept sorted, no longer had that rater's stretch
/// last, so a second stretch with the same start was made, which a merge folds into one.
#[test]
fn regression_a_rater_returning_at_the_same_moment_extends_their_stretch() {
    let at_once = |rater, item| Step {
        device: 0,
        op: Op::Rate {
            rater,
            item,
            value: Some(0),
        },
        same_time: true,
    };
    replay(
        2,
        vec![
            step(
                0,
                Op::Rate {
                    rater: 1,
                    item: 0,
                    value: Some(0),
                },
            ),
            at_once(0, 0),
            at_once(0, 1),
            step(0, Op::Export),
            step(0, Op::Open { pick: 0 }),
        ],
    );
}
