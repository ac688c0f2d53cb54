//! Feedback files: a request carries no ratings of the person, a rater's answer lands in their
//! own column only, and a file for another scan, framework or role is refused with its reason.

mod common;

use common::{framework, student, t};
use competentiescan_core::exchange::{kind, FileKind, ImportError};
use competentiescan_core::feedback::{
    answer, answer_file_name, apply, ask, read_feedback, read_request, request, request_file_name,
    respond, start, take_in, Recipients, MAX_PER_ROLE,
};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{Scan, Subject};

const SAM: &str = "beroepsprofiel-sam-2020";

#[test]
fn a_colleague_answers_a_request_into_their_own_column() {
    let f = framework(SAM);
    let subject = Subject {
        student: "Sanne".into(),
        ..Subject::default()
    };
    let mut mine = Scan::new("scan-1".into(), t(0), &f, None, subject);
    let code = f.items(None)[0].code.clone();
    mine.rate(&student(), &code, Some(90), &f, t(1)).unwrap();
    let peer = RaterId::parse("peer-1").unwrap();
    let text = request(
        &mine,
        &f,
        RaterRole::Colleague,
        &Recipients::One {
            rater: peer.clone(),
        },
        "Hoe zie jij mij?",
        true,
        t(2),
    )
    .unwrap();
    assert_eq!(kind(text.as_bytes()), Some(FileKind::FeedbackRequest));
    assert!(
        !text.contains("\"value\""),
        "no ratings of the person: {text}"
    );
    let req = read_request(text.as_bytes(), named).unwrap();
    assert_eq!(
        (req.info.from.as_str(), req.info.reason.as_str()),
        ("Sanne", "Hoe zie jij mij?")
    );

    // On the colleague's device: a scan of their own with only their column.
    let mut theirs = start(&req, "answer-1".into(), t(3));
    assert_eq!(theirs.raters.len(), 1);
    theirs.raters[0].name = "Joost".into();
    theirs
        .rate(&peer, &code, Some(60), &req.framework, t(4))
        .unwrap();
    let answer = respond(&req, theirs.raters[0].clone(), t(5));
    assert_eq!(kind(answer.as_bytes()), Some(FileKind::Feedback));
    let fb = read_feedback(answer.as_bytes()).unwrap();
    let (merged, conflicts) = apply(&mine, &f, &fb).unwrap();
    assert!(conflicts.is_empty());
    assert_eq!(merged.value(&peer, &code), Some(60));
    assert_eq!(
        merged.value(&student(), &code),
        Some(90),
        "own column untouched"
    );

    // A second answer from the same rater updates that column only.
    theirs
        .rate(&peer, &code, Some(70), &req.framework, t(6))
        .unwrap();
    let again = read_feedback(respond(&req, theirs.raters[0].clone(), t(7)).as_bytes()).unwrap();
    let (twice, conflicts) = apply(&merged, &f, &again).unwrap();
    assert_eq!(twice.raters.len(), merged.raters.len());
    assert_eq!(twice.value(&peer, &code), Some(70));
    assert_eq!(conflicts.len(), 1, "the replaced value is listed");
}

#[test]
fn feedback_that_does_not_belong_here_is_refused_with_its_reason() {
    let f = framework(SAM);
    let mine = Scan::new("scan-1".into(), t(0), &f, None, Subject::default());
    let peer = RaterId::parse("peer-1").unwrap();
    let req = read_request(
        request(
            &mine,
            &f,
            RaterRole::Client,
            &Recipients::One { rater: peer },
            "",
            false,
            t(1),
        )
        .unwrap()
        .as_bytes(),
        named,
    )
    .unwrap();
    let fb = read_feedback(
        respond(&req, start(&req, "a".into(), t(2)).raters[0].clone(), t(3)).as_bytes(),
    )
    .unwrap();
    let refused = |scan: &Scan, fb| apply(scan, &f, fb).unwrap_err().text(Lang::Nl);
    let mut other = mine.clone();
    other.id = "scan-2".into();
    assert_eq!(
        refused(&other, &fb),
        "deze feedback hoort bij een scan die niet op dit apparaat staat"
    );
    let mut old = mine.clone();
    old.framework.hash = "0000000000000000".into();
    assert_eq!(
        refused(&old, &fb),
        "deze feedback is gegeven op een andere versie van het kader"
    );
    let mut own = fb.clone();
    own.rater.id = student();
    assert_eq!(
        refused(&mine, &own),
        "feedback kan niet in je eigen kolom (zelfbeoordeling) komen"
    );
    let qs = framework("quickscan-smd-2014");
    let q = Scan::new("q".into(), t(0), &qs, None, Subject::default());
    assert_eq!(
        request(
            &q,
            &qs,
            RaterRole::Client,
            &Recipients::One {
                rater: RaterId::parse("c").unwrap()
            },
            "",
            false,
            t(1)
        )
        .unwrap_err()
        .text(Lang::En),
        "field role: the role Client is not part of this framework"
    );
    let text = request(
        &mine,
        &f,
        RaterRole::Colleague,
        &Recipients::One {
            rater: RaterId::parse("c").unwrap(),
        },
        "",
        false,
        t(1),
    )
    .unwrap();
    let newer = text.replace("\"formatVersion\": 2", "\"formatVersion\": 3");
    assert_eq!(
        read_request(newer.as_bytes(), named),
        Err(ImportError::Newer(3))
    );
    assert_eq!(kind(b"{\"format\": \"iets\"}"), None);
}

/// "Vraag feedback", anonymous: one batch per role, one file for everyone in it; each answering
/// device makes its own column id, and the person reads the answers in together as totals, so
/// the Gevraagd list counts the answers of a batch, never whose. The
/// respondent's draft makes the same feedback file as `respond`.
#[test]
fn an_anonymous_request_is_one_batch_and_its_answers_count_together() {
    let (f, mine) = fennas_scan();
    let mut n = 0;
    let mut ids = || {
        n += 1;
        RaterId::parse(&format!("b-{n}")).unwrap()
    };
    let asked = ask(
        &f,
        &[
            (RaterRole::Colleague, 3),
            (RaterRole::Manager, 1),
            (RaterRole::Client, 0),
        ],
        "waarom",
        false,
        t(1),
        &mut ids,
    )
    .unwrap();
    let summary: Vec<(Recipients, RaterRole)> =
        asked.iter().map(|a| (a.to.clone(), a.role)).collect();
    let batch = |id: &str, count| Recipients::Batch {
        batch: id.into(),
        count,
    };
    assert_eq!(
        summary,
        [
            (batch("b-1", 3), RaterRole::Colleague),
            (batch("b-2", 1), RaterRole::Manager),
        ]
    );
    let file = asked[0].file(&mine, &f).unwrap();
    assert_eq!(
        file,
        asked[0].file(&mine, &f).unwrap(),
        "the same file each time"
    );
    assert!(!file.contains("\"rater\""), "the file names nobody: {file}");
    assert_eq!(
        request_file_name(&mine.subject.student, asked[0].role, &asked[0].to),
        "feedbackverzoek_Fenna-de-Boer_colleague_b-1.json"
    );
    // Three colleagues open the same file; each device makes its own column.
    let code = f.items(None)[0].code.clone();
    assert_eq!(asked[0].answered(&mine), (0, 3));
    let mut answers = Vec::new();
    for (respondent, value) in [("eigen-1", 60), ("eigen-2", 70), ("eigen-3", 80)] {
        let req = read_request(file.as_bytes(), || RaterId::parse(respondent).unwrap()).unwrap();
        assert_eq!(
            (
                req.info.rater.as_str(),
                req.info.batch.as_deref(),
                req.info.named
            ),
            (respondent, Some("b-1"), false)
        );
        assert_eq!(
            answer_file_name(&req.info),
            format!("feedback_Fenna-de-Boer_colleague_{respondent}.json")
        );
        let mut theirs = start(&req, format!("draft-{respondent}"), t(2));
        theirs
            .rate(&req.info.rater, &code, Some(value), &f, t(3))
            .unwrap();
        let from_draft = answer(&theirs, t(4)).unwrap();
        assert_eq!(from_draft, respond(&req, theirs.raters[0].clone(), t(4)));
        let sent = read_feedback(from_draft.as_bytes()).unwrap();
        assert_eq!(
            sent.rater.finished,
            Some(t(4)),
            "sending finishes the column"
        );
        assert_eq!(sent.rater.batch.as_deref(), Some("b-1"));
        answers.push(sent);
    }
    // The person reads them in together: two are too few to keep, three count as totals.
    assert!(take_in(&mine, &f, RaterRole::Colleague, &answers[..2]).is_err());
    let (applied, _) = take_in(&mine, &f, RaterRole::Colleague, &answers).unwrap();
    assert_eq!(asked[0].answered(&applied), (3, 3), "3 van 3 beantwoord");
    assert_eq!(asked[1].answered(&applied), (0, 1));
    assert_eq!(
        answer(&mine, t(4)),
        None,
        "only a respondent's draft answers"
    );
}

/// Named feedback: one request per rater, each with its own id, its file saying whom it is for.
#[test]
fn a_named_request_goes_to_one_rater() {
    let (f, mine) = fennas_scan();
    let mut n = 0;
    let asked = ask(&f, &[(RaterRole::Manager, 2)], "", true, t(1), || {
        n += 1;
        RaterId::parse(&format!("r-{n}")).unwrap()
    })
    .unwrap();
    assert_eq!(asked.len(), 2);
    let req = read_request(asked[1].file(&mine, &f).unwrap().as_bytes(), named).unwrap();
    assert_eq!(
        (
            req.info.rater.as_str(),
            req.info.batch.as_deref(),
            req.info.named
        ),
        ("r-2", None, true)
    );
    assert_eq!(
        request_file_name(&mine.subject.student, req.info.role, &asked[1].to),
        "feedbackverzoek_Fenna-de-Boer_manager_r-2.json"
    );
    let mut theirs = start(&req, "answer-1".into(), t(2));
    theirs.raters[0].name = "Ingrid".into();
    let code = f.items(None)[0].code.clone();
    theirs
        .rate(&req.info.rater, &code, Some(70), &f, t(3))
        .unwrap();
    let sent = read_feedback(answer(&theirs, t(4)).unwrap().as_bytes()).unwrap();
    assert_eq!(asked[1].answered(&mine), (0, 1));
    let (applied, _) = apply(&mine, &f, &sent).unwrap();
    assert_eq!(asked[1].answered(&applied), (1, 1));
    assert_eq!(applied.value(&req.info.rater, &code), Some(70));
}

/// Fenna de Boer's SAM scan, which she asks feedback on.
fn fennas_scan() -> (Framework, Scan) {
    let f = framework(SAM);
    let subject = Subject {
        student: "Fenna de Boer".into(),
        ..Subject::default()
    };
    let mine = Scan::new("scan-1".into(), t(0), &f, None, subject);
    (f, mine)
}

/// A named request's file names its rater: no id is made on reading it.
fn named() -> RaterId {
    panic!("a named request names its rater")
}

#[test]
fn asking_refuses_the_own_role_a_role_not_allowed_too_many_and_nobody() {
    let f = framework(SAM);
    let qs = framework("quickscan-smd-2014");
    let id = || RaterId::parse("x").unwrap();
    let refused = |f, counts: &[(RaterRole, u32)]| {
        ask(f, counts, "", true, t(0), id)
            .unwrap_err()
            .text(Lang::Nl)
    };
    assert_eq!(
        refused(&f, &[(RaterRole::Subject, 1)]),
        "veld role: om feedback vraag je aan een ander dan jezelf"
    );
    assert_eq!(
        refused(&qs, &[(RaterRole::Client, 1)]),
        "veld role: de rol Cliënt hoort niet bij dit kader"
    );
    assert_eq!(
        refused(&f, &[(RaterRole::Colleague, MAX_PER_ROLE + 1)]),
        "hoogstens 20 Collega's per keer"
    );
    assert_eq!(
        refused(&f, &[(RaterRole::Colleague, 0)]),
        "kies bij minstens één rol hoeveel mensen je het vraagt"
    );
    assert!(ask(
        &f,
        &[(RaterRole::Colleague, MAX_PER_ROLE)],
        "",
        true,
        t(0),
        id
    )
    .is_ok());
}
